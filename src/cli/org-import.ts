// `npm run org:import -- file.csv [--workspace T0123]`: the org chart for hierarchy-aware matching.
// Columns (header row, any order): user (platform user id or e-mail), manager (same), department,
// level (0–20), location. Every row is validated on its own; valid rows are stored (manager link,
// department, level, location), rejected rows are listed with the reason and change nothing.
// Exit codes: 0 done (even with rejected rows), 1 unexpected failure, 2 bad arguments or file,
// 78 bad configuration. Every failure is one line, without a stack trace.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { loadEnvFile } from '../env-file.ts';
import { openDatabase } from '../db/connect.ts';
import type { Db } from '../db/repositories/db.ts';
import { findPersonByEmail, findPersonByPlatformId, updateOrgFields } from '../db/repositories/person.repository.ts';

export interface OrgRow { line: number; user: string; manager: string | null; department: string | null; level: number | null; location: string | null }
export interface Rejected { line: number; reason: string }

/** RFC 4180 fields: commas, quotes doubled inside quoted fields, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

const COLUMNS = ['user', 'manager', 'department', 'level', 'location'] as const;
const clean = (s: string | undefined): string | null => (s && s.trim() !== '' ? s.trim() : null);

export function readOrgRows(text: string): { rows: OrgRow[]; rejected: Rejected[] } | { error: string } {
  const [header, ...data] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) return { error: 'the file is empty' };
  const names = header.map((h) => h.trim().toLowerCase());
  if (!names.includes('user')) return { error: `the header must name a "user" column (columns: ${COLUMNS.join(', ')})` };
  const unknown = names.filter((n) => !(COLUMNS as readonly string[]).includes(n));
  if (unknown.length) return { error: `unknown columns: ${unknown.join(', ')} (expected: ${COLUMNS.join(', ')})` };
  const col = (r: string[], name: (typeof COLUMNS)[number]) => { const i = names.indexOf(name); return i < 0 ? undefined : r[i]; };
  const rows: OrgRow[] = [], rejected: Rejected[] = [];
  data.forEach((r, i) => {
    const line = i + 2;
    const user = clean(col(r, 'user')), levelText = clean(col(r, 'level'));
    const level = levelText === null ? null : Number(levelText);
    if (r.length > names.length) rejected.push({ line, reason: 'more fields than columns' });
    else if (!user) rejected.push({ line, reason: 'user is empty' });
    else if (level !== null && (!Number.isInteger(level) || level < 0 || level > 20)) rejected.push({ line, reason: `level "${levelText}" is not a whole number from 0 to 20` });
    else if ((clean(col(r, 'department'))?.length ?? 0) > 100 || (clean(col(r, 'location'))?.length ?? 0) > 100) rejected.push({ line, reason: 'department or location longer than 100 characters' });
    else rows.push({ line, user, manager: clean(col(r, 'manager')), department: clean(col(r, 'department')), level, location: clean(col(r, 'location')) });
  });
  return { rows, rejected };
}

async function findPerson(db: Db, workspaceId: string, key: string) {
  return key.includes('@') ? findPersonByEmail(db, workspaceId, key.toLowerCase()) ?? findPersonByEmail(db, workspaceId, key) : findPersonByPlatformId(db, workspaceId, key);
}

/** Stores the valid rows in one transaction; a row naming an unknown person or a loop is rejected. */
export async function importOrgRows(db: Db, workspaceId: string, rows: readonly OrgRow[]): Promise<{ updated: number; rejected: Rejected[] }> {
  return db.transaction().execute(async (trx) => {
    const rejected: Rejected[] = [];
    const resolved: Array<{ row: OrgRow; personId: string; managerId: string | null }> = [];
    const seen = new Set<string>();
    for (const row of rows) {
      const person = await findPerson(trx, workspaceId, row.user);
      const manager = row.manager ? await findPerson(trx, workspaceId, row.manager) : undefined;
      if (!person) rejected.push({ line: row.line, reason: `unknown person "${row.user}" (people are known once they used the bot or were invited)` });
      else if (seen.has(person.id)) rejected.push({ line: row.line, reason: `"${row.user}" appears twice` });
      else if (row.manager && !manager) rejected.push({ line: row.line, reason: `unknown manager "${row.manager}"` });
      else if (manager && manager.id === person.id) rejected.push({ line: row.line, reason: 'a person cannot be their own manager' });
      else { seen.add(person.id); resolved.push({ row, personId: person.id, managerId: manager?.id ?? null }); }
    }
    // A loop in the imported chain (A manages B manages A) would make "above them" endless.
    const managerOf = new Map(resolved.map((r) => [r.personId, r.managerId]));
    const ok = resolved.filter((r) => {
      const visited = new Set<string>([r.personId]);
      for (let m = r.managerId; m; m = managerOf.get(m) ?? null) {
        if (visited.has(m)) { rejected.push({ line: r.row.line, reason: 'the manager chain loops back to this person' }); return false; }
        visited.add(m);
      }
      return true;
    });
    for (const r of ok) await updateOrgFields(trx, r.personId, { managerId: r.managerId, department: r.row.department, level: r.row.level, location: r.row.location });
    return { updated: ok.length, rejected };
  });
}

const USAGE = 'usage: npm run org:import -- file.csv [--workspace <Slack team id or Teams tenant id>]';

/** The result line: "1 person updated, 2 rows rejected". */
export function summaryLine(updated: number, rejected: number): string {
  return `${updated} ${updated === 1 ? 'person' : 'people'} updated, ${rejected} ${rejected === 1 ? 'row' : 'rows'} rejected`;
}

/** Why a file cannot be read, in words (no stack). */
export function unreadable(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' || code === 'EPERM' ? 'not allowed to read it' : (err as Error).message;
  return `${file}: cannot be read (${why})`;
}

export async function main(argv: string[]): Promise<number> {
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: { workspace: { type: 'string' } }, allowPositionals: true, strict: true }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const file = positionals[0];
  if (!file) { process.stderr.write(`${USAGE}\n`); return 2; }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    process.stderr.write(`${unreadable(file, err)}\n`);
    return 2;
  }
  const read = readOrgRows(text);
  if ('error' in read) { process.stderr.write(`${file}: ${read.error}\n`); return 2; }
  let config;
  try {
    loadEnvFile();
    config = loadConfig(process.env);
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : (err as Error).message}\n`);
    return 78;
  }
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
  try {
    const workspaces = await database.db.selectFrom('workspaces').select(['id', 'external_id']).execute();
    const workspace = values.workspace ? workspaces.find((w) => w.external_id === values.workspace) : workspaces.length === 1 ? workspaces[0] : undefined;
    if (!workspace) { process.stderr.write(`name the workspace with --workspace (known: ${workspaces.map((w) => w.external_id).join(', ') || 'none'})\n`); return 2; }
    const result = await importOrgRows(database.db, workspace.id, read.rows);
    const rejected = [...read.rejected, ...result.rejected].sort((a, b) => a.line - b.line);
    process.stdout.write(`${summaryLine(result.updated, rejected.length)}\n`);
    for (const r of rejected) process.stdout.write(`  line ${r.line}: ${r.reason}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2)).catch((err: unknown) => { process.stderr.write(`org:import failed: ${(err as Error)?.message ?? String(err)}\n`); return 1; });
