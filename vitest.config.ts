import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real-service suites share one PostgreSQL and one Redis; each test isolates itself
    // (own schema / own key prefix), so files may run in parallel on the two cores.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-secret-key.ts'],
  },
});
