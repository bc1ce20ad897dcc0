// The demo's database starts as a copy of a migrated one. Creating an embedded database runs
// initdb (a second PostgreSQL beside the first) and every migration: most of the demo's start-up
// and, in the demo's own process, the top of its memory. So a migrated database is made once, in a
// short-lived child process that exits (returning its memory) before the app starts, and kept in
// the system's temporary folder under a key of everything it depends on (PGlite's version, the
// migrations, the code that opens the database); each run copies it into its own data directory.
// Nothing is downloaded: the child runs this project's own code.
//
// Run as a script (`node demo/database-template.ts <dir>`), it creates the migrated database in <dir>.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const here = fileURLToPath(import.meta.url);

/** A key of what the migrated database depends on: a change to any of it makes a new one. */
export function templateKey(): string {
  const hash = createHash('sha256');
  const main = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pglite = JSON.parse(readFileSync(path.join(path.dirname(main), '..', 'package.json'), 'utf8')) as { version: string };
  hash.update(`pglite ${pglite.version} node ${process.versions.node}\n`);
  const files = [
    ...readdirSync(path.join(root, 'migrations')).filter((f) => f.endsWith('.ts')).sort().map((f) => `migrations/${f}`),
    'src/db/connect.ts', 'src/db/migrate.ts', 'src/db/embedded-engine.ts', 'src/db/embedded-worker.ts', 'src/db/wasm-memory.ts',
  ];
  for (const file of files) hash.update(`${file}\n`).update(readFileSync(path.join(root, file)));
  return hash.digest('hex').slice(0, 16);
}

/** Where the migrated database for this code is kept. */
export function templateDir(): string {
  return path.join(tmpdir(), 'mentor-bot-demo-database', templateKey());
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Template { readonly dir: string; readonly created: boolean; readonly ms: number }
const ensured = new Map<string, Promise<Template>>();

/** A migrated database of another version that no run has used for this long is removed. */
export const UNUSED_TEMPLATE_DAYS = 7;
const TEMPLATE_NAME = /^[0-9a-f]{16}$/;

/**
 * Marks this version's database as used now (its folder's time), and removes the databases of
 * other versions that no run has used for UNUSED_TEMPLATE_DAYS, so that a machine where the
 * project is updated does not keep one 40 MB folder per version it ever ran. A run of another
 * version marks its own before copying it, so what a run is copying is never removed. Returns the
 * folders removed.
 */
export function pruneTemplates(dir: string, now = Date.now()): string[] {
  const parent = path.dirname(dir), own = path.basename(dir);
  const removed: string[] = [];
  try {
    if (existsSync(dir)) utimesSync(dir, now / 1000, now / 1000);
    for (const name of existsSync(parent) ? readdirSync(parent) : []) {
      if (name === own || !TEMPLATE_NAME.test(name)) continue;
      const other = path.join(parent, name);
      if (now - statSync(other).mtimeMs < UNUSED_TEMPLATE_DAYS * 86_400_000) continue;
      rmSync(other, { recursive: true, force: true });
      removed.push(other);
    }
  } catch {
    // Another run may be removing the same folder, or the folder is not ours to change: the
    // demo goes on; what is left is removed by a later run.
  }
  return removed;
}

/**
 * Creates the migrated database in a child process unless it is there already; returns its folder,
 * and whether (and in how long) this process had it made. Once per process and folder (the folder
 * follows the temporary directory and the code's key, so a process that changes either gets its own).
 */
export function ensureTemplate(): Promise<Template> {
  const dir = templateDir();
  pruneTemplates(dir);
  let made = ensured.get(dir);
  if (!made) {
    made = makeTemplate(dir);
    ensured.set(dir, made);
    made.catch(() => { ensured.delete(dir); });
  }
  return made;
}

async function makeTemplate(dir: string): Promise<Template> {
  if (existsSync(path.join(dir, 'PG_VERSION'))) return { dir, created: false, ms: 0 };
  const started = performance.now();
  const part = `${dir}.${process.pid}.part`;
  mkdirSync(path.dirname(dir), { recursive: true });
  // Half-made ones of runs that were killed meanwhile (their process is gone) are removed.
  for (const name of readdirSync(path.dirname(dir))) {
    const pid = /\.(\d+)\.part$/.exec(name)?.[1];
    if (pid && (Number(pid) === process.pid || !alive(Number(pid)))) rmSync(path.join(path.dirname(dir), name), { recursive: true, force: true });
  }
  const code = await new Promise<number | null>((resolve, reject) => {
    // The same node, with the start flags `npm run demo` gives it (its memory settings).
    const child = spawn(process.execPath, ['--max-semi-space-size=4', here, part], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ?? 'glibc.malloc.mmap_threshold=16384' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', reject);
    child.on('exit', (exitCode) => (exitCode === 0 ? resolve(exitCode) : reject(new Error(`creating the demo's database failed (exit ${exitCode}): ${stderr.trim()}`))));
  }).catch((err: unknown) => { rmSync(part, { recursive: true, force: true }); throw err; });
  if (code !== 0 || !existsSync(path.join(part, 'PG_VERSION'))) throw new Error("creating the demo's database left no database");
  try {
    renameSync(part, dir);
  } catch (err) {
    // Another run made it meanwhile: theirs is as good.
    rmSync(part, { recursive: true, force: true });
    if (!existsSync(path.join(dir, 'PG_VERSION'))) throw err;
  }
  return { dir, created: true, ms: performance.now() - started };
}

async function createTemplate(dir: string): Promise<void> {
  const { openDatabase } = await import('../src/db/connect.ts');
  const { migrateToLatest } = await import('../src/db/migrate.ts');
  const database = await openDatabase({ dataDir: dir });
  try {
    await migrateToLatest(database.db);
  } finally {
    await database.close();
  }
}

if (process.argv[1] === here) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('Usage: node demo/database-template.ts <dir>\n');
    process.exit(2);
  }
  await createTemplate(dir);
}
