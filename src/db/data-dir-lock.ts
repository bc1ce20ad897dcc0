// One process at a time on an embedded database: the embedded PostgreSQL has no lock of its own,
// and two processes writing one folder would corrupt it. The holder writes `<DATA_DIR>.lock`
// (beside the folder, like the generated key file) with its pid, host and start time, created
// exclusively; a second process finds it and is refused, naming the holder. A lock left by a
// process that died (SIGKILL, power cut) is taken over: its pid is no longer alive on this host,
// or it now belongs to another process (Linux: the process start time differs).
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const holderSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  startedAt: z.string(),
  /** Linux: the process start time in clock ticks after boot (/proc/<pid>/stat), to tell a reused pid. */
  procStart: z.string().optional(),
});
export type LockHolder = z.infer<typeof holderSchema>;

export class DataDirLockedError extends Error {
  readonly dataDir: string;
  readonly holder: LockHolder | undefined;
  readonly lockFile: string;
  constructor(dataDir: string, holder: LockHolder | undefined, lockFile: string) {
    super(holder
      ? `DATA_DIR ${dataDir} is in use by another process: pid ${holder.pid} on ${holder.host}, started at ${holder.startedAt}. ` +
        'Only one process may open the embedded database: stop that one, or point DATA_DIR elsewhere.'
      : `DATA_DIR ${dataDir} is locked by ${lockFile}, which could not be read. If no other process uses this folder, delete that file.`);
    this.name = 'DataDirLockedError';
    this.dataDir = dataDir;
    this.holder = holder;
    this.lockFile = lockFile;
  }
}

export interface DataDirLock {
  readonly file: string;
  /** Removes the lock (only while it is still this process's own). */
  release(): void;
}

export interface LockProbe {
  host: string;
  isAlive(pid: number): boolean;
  procStart(pid: number): string | undefined;
}

function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

export const systemProbe: LockProbe = { host: hostname(), isAlive, procStart };

/** Whether the process that wrote `holder` is gone (so its lock can be taken over). */
export function isStale(holder: LockHolder, probe: LockProbe = systemProbe): boolean {
  if (holder.host !== probe.host) return false; // another machine's process: cannot tell, never taken
  if (!probe.isAlive(holder.pid)) return true;
  const now = probe.procStart(holder.pid);
  return holder.procStart !== undefined && now !== undefined && now !== holder.procStart;
}

function readHolder(file: string): { text: string; holder: LockHolder | undefined } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let holder: LockHolder | undefined;
  try { holder = holderSchema.parse(JSON.parse(text)); } catch { holder = undefined; }
  return { text, holder };
}

export function lockFileOf(dataDir: string): string {
  return `${path.resolve(dataDir)}.lock`;
}

/**
 * Takes the lock of `dataDir` or throws DataDirLockedError naming the process holding it.
 * `onTakeOver` hears of a stale lock taken over.
 */
export function lockDataDir(dataDir: string, options: { probe?: LockProbe; onTakeOver?: (stale: LockHolder) => void } = {}): DataDirLock {
  const probe = options.probe ?? systemProbe;
  const file = lockFileOf(dataDir);
  const mine: LockHolder = { pid: process.pid, host: probe.host, startedAt: new Date().toISOString() };
  const start = probe.procStart(process.pid);
  if (start !== undefined) mine.procStart = start;
  const text = `${JSON.stringify(mine)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      try { writeSync(fd, text); } finally { closeSync(fd); }
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener('exit', release);
        try { if (readFileSync(file, 'utf8') === text) unlinkSync(file); } catch { /* already gone */ }
      };
      // A process that exits without closing the database (process.exit) still leaves no lock.
      process.on('exit', release);
      return { file, release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const found = readHolder(file);
    if (!found) continue; // released meanwhile: try again
    if (!found.holder || !isStale(found.holder, probe)) throw new DataDirLockedError(dataDir, found.holder, file);
    // Take the stale lock aside atomically, and check it is the one judged stale: another process
    // may have taken it over and written its own in the meantime, which must then be put back.
    const aside = `${file}.stale-${process.pid}-${attempt}`;
    try { renameSync(file, aside); } catch { continue; }
    if (readFileSync(aside, 'utf8') !== found.text) {
      try { linkSync(aside, file); } catch { /* a newer lock is in place already */ }
      unlinkSync(aside);
      continue;
    }
    unlinkSync(aside);
    options.onTakeOver?.(found.holder);
  }
  const last = readHolder(file);
  throw new DataDirLockedError(dataDir, last?.holder, file);
}
