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
    { group: ['**/adapters/**', '**/jobs/**'], message: 'Dependencies point inward: src/ never imports adapters/ or jobs/.' },
  ],
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
    rules: { 'no-restricted-imports': ['error', platformImports] },
  },
  {
    files: ['migrations/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../src/**', '../../src/**', '**/src/**'], message: 'Migrations are frozen in time: never import app code.' }] }],
    },
  },
);
