// A test process runs several test files one after the other (vitest.config.ts). This setup file,
// which Vitest runs again before every test file and before the file's own hooks (so its `afterAll`
// runs after theirs):
// - runs the support modules' end-of-file work (test/support/file-cleanup.ts);
// - fails the file that leaves process-wide state changed for the next one: an environment
//   variable set, changed or removed, or a listener left on the process's signals or errors.
import { afterAll } from 'vitest';
import { processState, processStateChanges, runFileCleanups } from './support/file-cleanup.ts';

const before = processState();

afterAll(async () => {
  await runFileCleanups();
  const changed = processStateChanges(before, processState());
  if (changed.length > 0) {
    throw new Error(`this file left process-wide state changed for the next test file of its process: ${changed.join('; ')}`);
  }
});
