// `npm start` stops on SIGTERM or SIGINT sent to the npm process alone, as a container runtime or
// systemd with KillMode=mixed/process does: npm passes the signal to its child, which must be node
// itself (the start script execs it; a shell in between would die and leave node running). The
// npm process exits once node has drained and closed; node is gone, the port and DATA_DIR free.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir, lockFileOf } from '../src/db/data-dir-lock.ts';
import { childEnv } from './support/child-env.ts';

const root = path.resolve(import.meta.dirname, '..');
let dir: string | undefined;
const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) try { process.kill(pid, 'SIGKILL'); } catch { /* gone, as it should be */ } if (dir) for (const p of [dir, `${dir}.lock`, `${dir}.secret-key`]) rmSync(p, { recursive: true, force: true }); dir = undefined; });

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const childrenOf = (pid: number): number[] => {
  try { return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number); } catch { return []; }
};
const commandOf = (pid: number) => { try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim(); } catch { return ''; } };
/**
 * Whether any socket listens on the port (Linux's socket tables). Not "can this test bind it": the
 * port was an ephemeral one, which the other test files' outgoing connections may take as their
 * local port the moment node lets it go, so a bind could fail with nobody serving on it.
 */
const listensOn = (port: number): boolean => ['/proc/net/tcp', '/proc/net/tcp6'].some((table) => {
  try {
    return readFileSync(table, 'utf8').split('\n').slice(1).some((row) => {
      const [, local, , state] = row.trim().split(/\s+/);
      return state === '0A' && Number.parseInt(local?.split(':').at(-1) ?? '', 16) === port;
    });
  } catch {
    return false;
  }
});

describe.skipIf(process.platform !== 'linux')('npm start and signals to the npm process', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s to npm stops node within 10 s, drained, and frees the port and DATA_DIR', async (signal) => {
    dir = mkdtempSync(path.join(tmpdir(), 'mentor-signal-'));
    const data = path.join(dir, 'data');
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: root, env: { ...childEnv(), HOME: process.env.HOME ?? dir, DATA_DIR: data, PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    npm.stdout.on('data', (c: Buffer) => { out += String(c); });
    npm.stderr.on('data', (c: Buffer) => { out += String(c); });
    const npmExited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
    const port = await new Promise<number>((resolve, reject) => {
      const poll = setInterval(() => {
        const line = out.split('\n').find((l) => l.includes('http server listening'));
        if (line) { clearInterval(poll); resolve((JSON.parse(line) as { port: number }).port); } else if (npm.exitCode !== null) { clearInterval(poll); reject(new Error(out)); }
      }, 100);
    });
    // npm's child is node itself, not a shell, with the memory settings of the start script
    // (docs/operations.md, "Memory").
    const [node] = childrenOf(npm.pid!);
    expect(commandOf(node!)).toMatch(/^(\S*\/)?node --max-semi-space-size=4 src\/main\.ts$/);
    expect(readFileSync(`/proc/${node!}/environ`, 'utf8').split('\0')).toContain('GLIBC_TUNABLES=glibc.malloc.mmap_threshold=16384');
    started.push(node!);
    expect(existsSync(lockFileOf(data))).toBe(true);
    expect(listensOn(port), `nothing listens on port ${port}`).toBe(true);

    npm.kill(signal);
    const stoppedBy = Date.now() + 10_000;
    const code = await Promise.race([npmExited, new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 10_000))]);
    expect(code, out).not.toBe('late');
    while (alive(node!) && Date.now() < stoppedBy) await new Promise((r) => setTimeout(r, 100));
    expect(alive(node!), `node ${node} still running`).toBe(false);
    expect(out).toContain(`"signal":"${signal}","msg":"shutting down"`);
    expect(out).toContain('"msg":"stopped"');
    expect(listensOn(port), `something still listens on port ${port}`).toBe(false);
    expect(existsSync(lockFileOf(data))).toBe(false);
    lockDataDir(data).release(); // another process may open it now
  }, 180_000);
});
