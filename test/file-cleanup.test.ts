// The test files share their processes (vitest.config.ts): what one leaves behind is found at its
// end (test/setup-file-cleanup.ts), and the support modules' end-of-file work runs for every file.
import { describe, expect, it } from 'vitest';
import { atEndOfEachFile, processState, processStateChanges, runFileCleanups } from './support/file-cleanup.ts';

describe('what a test file leaves for the next one', () => {
  it('names an environment variable set, changed or removed, and a listener left on the process', () => {
    const before = processState();
    expect(processStateChanges(before, processState())).toEqual([]);
    const name = `MENTOR_LEAK_PROBE_${process.pid}`;
    const onTerm = () => undefined;
    process.env[name] = 'x';
    process.on('SIGTERM', onTerm);
    try {
      const changes = processStateChanges(before, processState());
      expect(changes).toContain(`environment variable ${name}`);
      expect(changes).toContainEqual(expect.stringMatching(/^process 'SIGTERM' listeners (\d+) -> (\d+)$/));
    } finally {
      delete process.env[name];
      process.off('SIGTERM', onTerm);
    }
    expect(processStateChanges(before, processState())).toEqual([]);
    const withPath = processState();
    withPath.env.PATH = `${withPath.env.PATH ?? ''}:/elsewhere`;
    expect(processStateChanges(processState(), withPath)).toEqual(['environment variable PATH']);
  });

  it('runs every end-of-file cleanup once per run, even after one fails, and then reports the failure', async () => {
    const ran: string[] = [];
    const failing = () => { ran.push('failing'); throw new Error('cleanup failed'); };
    const counting = () => { ran.push('counting'); };
    atEndOfEachFile(failing);
    atEndOfEachFile(counting);
    atEndOfEachFile(counting); // the same function once
    try {
      await expect(runFileCleanups()).rejects.toThrow('cleanup failed');
      expect(ran).toEqual(['failing', 'counting']);
    } finally {
      const registry = (globalThis as { mentorFileCleanups?: Set<unknown> }).mentorFileCleanups!;
      registry.delete(failing);
      registry.delete(counting);
    }
  });
});
