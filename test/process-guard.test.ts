// The process-wide guard, in real child processes: an unhandled rejection is logged and the
// process keeps serving; an uncaught exception is logged, the process closes and exits 1 for its
// supervisor. And the real entry point survives the Slack payloads that used to end it.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlackApi } from './support/slack-fake-api.ts';
import { migratedDataDir } from './support/data-dirs.ts';
import { interactivityBody, signedRequest, slashCommandBody } from './support/slack-requests.ts';
import { childEnv } from './support/child-env.ts';

interface LogLine { level: string; msg: string; step?: string; event?: string; err?: { message: string }; port?: number }

function runGuarded(mode: string): Promise<{ code: number | null; lines: LogLine[] }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['test/fixtures/guarded-process.ts', mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += String(chunk); });
    child.stderr.on('data', () => undefined);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, lines: out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogLine) });
    });
  });
}

describe('the process guard', () => {
  it('logs an unhandled rejection with its error and keeps the process serving', async () => {
    const { code, lines } = await runGuarded('rejection');
    const logged = lines.find((l) => l.event === 'unhandledRejection');
    expect(logged).toMatchObject({ level: 'error', err: { message: 'a promise nobody awaited' } });
    expect(lines.at(-1)?.step).toBe('alive');
    expect(code).toBe(0);
  });

  it('logs an uncaught exception, closes, and exits with code 1', async () => {
    const { code, lines } = await runGuarded('exception');
    expect(lines.find((l) => l.event === 'uncaughtException')).toMatchObject({ level: 'fatal', err: { message: 'state left half-updated' } });
    expect(lines.map((l) => l.step).filter(Boolean)).toEqual(['closed']);
    expect(code).toBe(1);
  });

  it('exits with code 1 even when closing hangs', async () => {
    const { code, lines } = await runGuarded('exception-close-hangs');
    expect(lines.some((l) => /took too long/.test(l.msg))).toBe(true);
    expect(lines.some((l) => l.step === 'alive')).toBe(false);
    expect(code).toBe(1);
  });
});

describe('the real process under Slack', () => {
  let dir: string | undefined;
  let fake: FakeSlackApi | undefined;
  afterEach(async () => {
    await fake?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('survives signed payload=null, JSON null, actions: null and event: null, and still answers /mentor help', async () => {
    dir = await migratedDataDir('mentor-guard-');
    fake = await new FakeSlackApi().start();
    fake.addUser({ id: 'U_ALICE', name: 'Alice' });
    const secret = 'guard-signing-secret-0123456789';
    const child = spawn(process.execPath, ['src/main.ts'], {
      env: {
        ...childEnv(), DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'info', MENTOR_ROLE: 'all',
        SLACK_BOT_TOKEN: 'xoxb-guard', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: fake.apiUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start within 45 s:\n${out}`)), 45_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += String(chunk);
          const line = out.split('\n').map((l) => { try { return JSON.parse(l) as LogLine; } catch { return undefined; } }).find((l) => l?.port);
          if (line?.port) { clearTimeout(timer); resolve(line.port); }
        });
        child.stderr.on('data', (chunk: Buffer) => { out += String(chunk); });
      });
      const post = async (body: string, contentType: string) => {
        const request = signedRequest(secret, body, contentType);
        const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: request.headers, body: request.body });
        await res.text();
        return res.status;
      };
      const form = 'application/x-www-form-urlencoded';
      expect(await post('payload=null', form)).toBe(400);
      expect(await post('null', 'application/json')).toBe(400);
      expect(await post(interactivityBody({ type: 'block_actions', user: { id: 'U_ALICE' }, team: { id: 'T_ACME' }, trigger_id: 't', actions: null }), form)).toBe(400);
      expect(await post(JSON.stringify({ type: 'event_callback', team_id: 'T_ACME', event_id: 'Ev1', event: null }), 'application/json')).toBe(400);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const help = slashCommandBody({ id: 'T_ACME', domain: 'acme' }, { id: 'U_ALICE', name: 'Alice', teamId: 'T_ACME' }, 'help', fake.responseUrl('U_ALICE'), 'trigger-guard');
      expect(await post(help, form)).toBe(200);
      const deadline = Date.now() + 10_000;
      while (fake.callsOf('respond').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(fake.callsOf('respond')).toHaveLength(1);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 90_000);
});
