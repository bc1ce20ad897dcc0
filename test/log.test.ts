import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  return { lines, logger: createLogger('debug', stream) };
}

describe('logs', () => {
  it('are JSON lines with a level name', () => {
    const { lines, logger } = capture();
    logger.info({ round: 'r1' }, 'round opened');
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 'info', msg: 'round opened', round: 'r1', service: 'mentor-bot' });
  });

  it('never print a token or secret', () => {
    const { lines, logger } = capture();
    logger.info({ token: 'xoxb-123-456-abc', headers: { authorization: 'Bearer abc.def.ghi' }, install: { botToken: 'xoxb-9' } }, 'installed');
    logger.warn('call failed with xoxb-111-222-secretpart and xapp-1-A1-secret');
    logger.error({ err: new Error('bad token xoxb-777-888-zzz') }, 'oops');
    const out = lines.join('');
    expect(out).not.toMatch(/xoxb-123-456-abc|Bearer abc|xoxb-9|secretpart|A1-secret|888-zzz/);
    expect(out).toContain('[redacted]');
  });
});
