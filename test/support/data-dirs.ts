// A DATA_DIR for a test that starts the app on the embedded database, in this process
// (`startApp`) or as a child (`npm start`). In an empty folder the app creates its database and
// runs every migration, several seconds of CPU each time; a folder made here already holds the
// migrated database of the global setup's template (embedded-templates.ts), so the app starts
// with "database schema up to date", as a deployment's second start does. The folder is a copy of
// one written once from that template and kept beside it (opening the template itself takes a
// second or more of CPU; copying a folder a fraction of that).
//
// `templateDump` hands out the templates themselves, for tests that open embedded databases of
// their own (test/db/embedded-worker.test.ts).
//
// Only for tests about something else than the first start: the creation and migration of a new
// folder stay covered by the tests that start on an empty one (the demo, the DATA_DIR lock, the
// stop on signals, `npm run migrate`).
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inject } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { ensureEmbeddedTemplates } from './embedded-templates.ts';

const dumps = new Map<'fresh' | 'migrated', Promise<Blob>>();

/**
 * A template of the global setup, read once per test file: `fresh` (initdb done, nothing
 * migrated) or `migrated`. Opening a database from one skips initdb, a second or more of CPU.
 */
export function templateDump(which: 'fresh' | 'migrated'): Promise<Blob> {
  let dump = dumps.get(which);
  if (!dump) {
    dump = (async () => {
      const files = inject('embeddedTemplates') ?? await ensureEmbeddedTemplates();
      return new Blob([new Uint8Array(await readFile(files[which]))]);
    })();
    dumps.set(which, dump);
  }
  return dump;
}

/** A new folder under the system's temporary one, holding a migrated, empty embedded database. */
export async function migratedDataDir(prefix: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  await writeMigratedDatabase(dir);
  return dir;
}

let written: Promise<string> | undefined;
/** The folder of a migrated, empty database kept beside the templates (made once for them). */
function migratedFolder(): Promise<string> {
  written ??= (async () => {
    const files = inject('embeddedTemplates') ?? await ensureEmbeddedTemplates();
    const folder = join(dirname(files.migrated), 'migrated-data-dir');
    if (existsSync(folder)) return folder;
    // Several test processes may make it at once: each writes its own and renames it into place.
    const part = `${folder}.${process.pid}.part`;
    rmSync(part, { recursive: true, force: true });
    const database = await openDatabase({ dataDir: part, template: await templateDump('migrated') });
    await database.close();
    try { renameSync(part, folder); } catch { rmSync(part, { recursive: true, force: true }); }
    return folder;
  })();
  return written;
}

/** Writes a migrated, empty embedded database into `dir` (a folder that does not hold one yet). */
export async function writeMigratedDatabase(dir: string): Promise<void> {
  cpSync(await migratedFolder(), dir, { recursive: true });
}
