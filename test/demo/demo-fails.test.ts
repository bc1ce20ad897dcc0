// The demo cannot tell a story that did not happen: with the introductions lost on the way to
// Slack (the database says sent, nobody sees them), the run stops at step 5 with exit 1 and one
// line saying what did not happen, and never tells the steps after it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { narrate } from '../../demo/narration.ts';

const ROOT = join(import.meta.dirname, '../..');

function run(script: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, script), ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent' } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run demo with a step broken on purpose', () => {
  it('exits 1 with one line naming the step and what did not happen', async () => {
    const { code, stdout, stderr } = await run('test/demo/broken-demo.ts', ['--people', '8', '--quiet']);
    const lines = stderr.split('\n').filter((line) => line.trim() !== '');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^The demo failed: ${narrate('en', 'step.proposals').replace('.', '\\.')}: the bot recorded the introductions as sent, but \\d+ of the \\d+ active pairs never got theirs in a group DM$`));
    expect(code).toBe(1);
    // Steps 1–5 were told; nothing after the broken one.
    expect(stdout).toContain(narrate('en', 'step.proposals'));
    expect(stdout).not.toContain(narrate('en', 'step.goals'));
    expect(stdout).not.toContain('Demo finished');
  }, 300_000);

  it('refuses bad options with exit 2 and the usage', async () => {
    const { code, stderr } = await run('demo/run.ts', ['--people', '3']);
    expect(code).toBe(2);
    expect(stderr).toContain('--people must be a whole number from 8 to 100');
  }, 60_000);
});
