// One process at a time on an embedded database folder: a second process (the app, a migration)
// is refused with a message naming the holder; a lock left by a process that died is taken over.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, isStale, lockDataDir, lockFileOf, systemProbe, type LockHolder } from '../../src/db/data-dir-lock.ts';
import { childEnv } from '../support/child-env.ts';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string | undefined;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (dir) for (const p of [dir, `${dir}.lock`, `${dir}.secret-key`]) rmSync(p, { recursive: true, force: true });
  dir = undefined;
});
const dataDir = () => path.join(dir = mkdtempSync(path.join(tmpdir(), 'mentor-lock-')), 'data');

interface Run { child: ChildProcess; out: () => string; exited: Promise<number | null>; waitFor(text: RegExp): Promise<RegExpMatchArray> }
function run(args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, args, { cwd: root, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (c: Buffer) => { out += String(c); for (const l of listeners) l(); };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { for (const l of listeners) l(); resolve(code); }));
  return {
    child, out: () => out, exited,
    waitFor: (text) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => { listeners.delete(check); reject(new Error(`no ${text} within 90 s:\n${out}`)); }, 90_000);
      const check = () => {
        const m = out.match(text);
        if (m) { clearTimeout(timer); listeners.delete(check); resolve(m); } else if (child.exitCode !== null || child.signalCode !== null) { clearTimeout(timer); listeners.delete(check); reject(new Error(`exited ${child.exitCode} without ${text}:\n${out}`)); }
      };
      listeners.add(check);
      check();
    }),
  };
}
const holderOf = (data: string) => JSON.parse(readFileSync(lockFileOf(data), 'utf8')) as LockHolder;

describe('the lock of DATA_DIR', () => {
  it('refuses npm start and npm run migrate on a folder another process holds, naming it; frees it when that one closes', async () => {
    const data = dataDir();
    const first = run(['test/fixtures/hold-data-dir.ts'], { DATA_DIR: data });
    const pid = Number((await first.waitFor(/held (\d+)/))[1]);
    const holder = holderOf(data);
    expect(holder).toMatchObject({ pid, host: systemProbe.host });

    const start = run(['src/main.ts'], { DATA_DIR: data, PORT: '0' });
    expect(await start.exited, start.out()).toBe(1);
    expect(start.out()).toContain(`DATA_DIR ${data} is in use by another process: pid ${pid} on ${holder.host}, started at ${holder.startedAt}.`);
    expect(start.out()).not.toMatch(/http server listening|\n\s+at /);

    const migrate = run(['src/db/migrate-cli.ts'], { DATA_DIR: data });
    expect(await migrate.exited).toBe(1);
    expect(migrate.out()).toContain(`is in use by another process: pid ${pid}`);
    expect(holderOf(data).pid).toBe(pid); // the refused ones left the holder's lock alone

    first.child.kill('SIGTERM');
    await first.waitFor(/released/);
    expect(await first.exited).toBe(0);
    expect(existsSync(lockFileOf(data))).toBe(false);
    const after = run(['src/db/migrate-cli.ts'], { DATA_DIR: data });
    expect(await after.exited, after.out()).toBe(0);
    expect(existsSync(lockFileOf(data))).toBe(false);
  }, 240_000);

  it('takes over the lock of a process that was killed, and says so', async () => {
    const data = dataDir();
    const first = run(['test/fixtures/hold-data-dir.ts'], { DATA_DIR: data });
    const pid = Number((await first.waitFor(/held (\d+)/))[1]);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(holderOf(data).pid).toBe(pid); // left behind

    const second = run(['test/fixtures/hold-data-dir.ts'], { DATA_DIR: data });
    await second.waitFor(/held \d+/);
    expect(second.out()).toContain(`took over ${pid}`);
    expect(holderOf(data).pid).toBe(second.child.pid);
    second.child.kill('SIGTERM');
    await second.waitFor(/released/);
    expect(await second.exited).toBe(0);
    expect(existsSync(lockFileOf(data))).toBe(false);
  }, 240_000);

  it('judges a lock stale only when its process is gone or its pid now belongs to another process of this host', () => {
    const probe = { host: 'here', isAlive: (pid: number) => pid === 10, procStart: (pid: number) => (pid === 10 ? '500' : undefined) };
    const at = '2026-12-07T09:00:00.000Z';
    expect(isStale({ pid: 11, host: 'here', startedAt: at }, probe)).toBe(true);
    expect(isStale({ pid: 10, host: 'here', startedAt: at, procStart: '500' }, probe)).toBe(false);
    expect(isStale({ pid: 10, host: 'here', startedAt: at }, probe)).toBe(false);
    expect(isStale({ pid: 10, host: 'here', startedAt: at, procStart: '499' }, probe)).toBe(true); // pid reused
    expect(isStale({ pid: 11, host: 'elsewhere', startedAt: at }, probe)).toBe(false); // cannot tell: never taken
  });

  it('within one process, a second open is refused too; an unreadable lock is named, not overwritten', () => {
    const data = dataDir();
    const lock = lockDataDir(data);
    expect(() => lockDataDir(data)).toThrow(DataDirLockedError);
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    writeFileSync(lockFileOf(data), 'garbage');
    expect(() => lockDataDir(data)).toThrow(/is locked by .*\.lock, which could not be read/);
    expect(readFileSync(lockFileOf(data), 'utf8')).toBe('garbage');
  });
});
