// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The bot core must stay platform- and queue-neutral: adapters/ and jobs/ depend on it,
// never the other way round.
const platformImports = {
  patterns: [
    { group: ['@slack/*'], message: 'src/ is platform-neutral: Slack code lives in adapters/slack.' },
    { group: ['botbuilder', 'botbuilder-*', 'botframework-*'], message: 'src/ is platform-neutral: Teams code lives in adapters/teams.' },
    { group: ['bullmq', 'ioredis'], message: 'src/ is queue-neutral: BullMQ and Redis live in jobs/.' },
  ],
};
// Only the composition root (app.ts, main.ts) may reach outward to wire adapters and workers.
const outwardImports = {
  group: ['**/adapters/**', '**/jobs/**'], message: 'Dependencies point inward: only src/app.ts and src/main.ts wire adapters/ and jobs/.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', performance: 'readonly', structuredClone: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', queueMicrotask: 'readonly', setImmediate: 'readonly', Response: 'readonly', Request: 'readonly', Headers: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/app.ts', 'src/main.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...platformImports.patterns, outwardImports] }] },
  },
  {
    files: ['src/app.ts', 'src/main.ts'],
    rules: { 'no-restricted-imports': ['error', platformImports] },
  },
  {
    files: ['migrations/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../src/**', '../../src/**', '**/src/**'], message: 'Migrations are frozen in time: never import app code.' }] }],
    },
  },
);
