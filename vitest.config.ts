import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Two tiers, as two projects of one config:
// - fast: every test file but the slow ones; `npm test`. A new test file lands here by default.
// - slow: `*.slow.test.ts`, the runs of real worker processes over 1,000 prompts and more, and the
//   fuzzers; `npm run test:slow`. `npm run test:all` (what CI runs) runs both, the slow tier once
//   the fast one is done.
const SLOW = 'test/**/*.slow.test.ts';
// Files that replace one of the app's modules (vi.mock): with shared test processes a mock could
// stay in place for the files after it, or not take effect when an earlier file loaded the real
// module, so these run in a process of their own, in `npm test` too.
const ISOLATED = 'test/**/*.isolated.test.ts';

export default defineConfig({
  test: {
    // Real-service suites share one PostgreSQL and one Redis; each test isolates itself
    // (own database or schema / own key prefix), so files may run in parallel.
    pool: 'forks',
    // A test process runs file after file without loading the modules again (Vitest's default
    // starts a new process per file): the app's module graph, PGlite's WebAssembly compiled once per
    // process, and a spare test database kept from one file to the next (test/support/databases.ts)
    // are paid once per process instead of once per file, half the CPU time of the fast tier.
    // Each file and the setup files (a fresh secret keyring) are imported again for every file;
    // what support modules must do at the end of every file goes through
    // test/support/file-cleanup.ts; a file that leaves an environment variable or a listener on
    // the process's signals or errors changed fails (test/setup-file-cleanup.ts). Libraries keep
    // their module-level caches from file to file: a fake service must not reuse an address
    // another one had with other contents (test/support/teams-connector.ts).
    isolate: false,
    // Generous: a time limit here only catches a hang; on a busy shared machine (load 20 and more)
    // a first test that starts its file's databases takes over 30 s.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-secret-key.ts', 'test/setup-file-cleanup.ts', 'test/setup-cpu-log.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: ['test/**/*.test.ts'],
          exclude: [SLOW, ISOLATED],
          // Many files spend most of their time waiting on a child process, a server or a socket,
          // so one file more than there are cores keeps both cores busy (Vitest's default is one
          // fewer than the cores: a single worker on a 2-core machine).
          maxWorkers: availableParallelism() + 1,
        },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: [ISOLATED],
          isolate: true,
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: [SLOW],
          // Each of these drives several processes of its own; two at once fill two cores.
          maxWorkers: 2,
          // A process of its own per file, as before: the few files here gain nothing from sharing one.
          isolate: true,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
