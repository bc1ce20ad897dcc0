// `.env` in the working directory is read at start when present; a variable the environment
// already has wins over the file.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEnvFile } from '../src/env-file.ts';
import { childEnv } from './support/child-env.ts';

const root = path.resolve(import.meta.dirname, '..');
let dir: string | undefined;
afterEach(() => { if (dir) rmSync(dir, { recursive: true, force: true }); dir = undefined; });

function envFile(text: string): string {
  dir = mkdtempSync(path.join(tmpdir(), 'mentor-env-'));
  writeFileSync(path.join(dir, '.env'), text);
  return dir;
}

describe('.env', () => {
  it('fills the variables the environment does not have; the environment wins, even when set empty', () => {
    const file = path.join(envFile('# comment\nPORT=4000\nLOG_LEVEL=debug\nDATA_DIR="./my data"\nREDIS_URL=redis://from-file:6379\n'), '.env');
    const env: Record<string, string | undefined> = { LOG_LEVEL: 'warn', REDIS_URL: '' };
    const result = loadEnvFile(file, env)!;
    expect([result.file, [...result.applied].sort(), [...result.overridden].sort()]).toEqual([file, ['DATA_DIR', 'PORT'], ['LOG_LEVEL', 'REDIS_URL']]);
    expect(env).toEqual({ PORT: '4000', LOG_LEVEL: 'warn', DATA_DIR: './my data', REDIS_URL: '' });
  });

  it('is optional: without the file nothing changes', () => {
    const env = { PORT: '1' };
    expect(loadEnvFile(path.join(tmpdir(), 'no-such-dir-mentor', '.env'), env)).toBeUndefined();
    expect(env).toEqual({ PORT: '1' });
  });

  it('npm start reads .env from its working directory, and the real environment wins over it', async () => {
    // Two wrong values in the file; the environment corrects one. The start is refused for the
    // other alone, which proves the file was read and the environment preferred.
    const cwd = envFile('PORT=70000\nLOG_LEVEL=loud\n');
    const child = spawn(process.execPath, [path.join(root, 'src/main.ts')], { cwd, env: childEnv({ LOG_LEVEL: 'info' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += String(c); });
    child.stderr.on('data', (c: Buffer) => { out += String(c); });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, out).toBe(78);
    expect(out).toContain('PORT: must be between 0 and 65535');
    expect(out).not.toContain('LOG_LEVEL');
  }, 30_000);
});
