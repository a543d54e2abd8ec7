// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Libraries and apps import each other by alias (@onething/...), never by climbing directories.
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../../*'], message: 'Import across modules with an @onething/* alias.' }] },
      ],
    },
  },
  {
    // Tests poke at JSON bodies; the `any` they read is asserted on right away.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-imports': 'off',
    },
  },
  {
    // Workflow code must stay deterministic: the Temporal sandbox replays it, so no Node built-ins, no
    // I/O clients, no activity implementations (types only), and no promise left floating.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts', 'workflows/**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.flatMap((name) => [
              { name, message: 'Workflow code may not use Node built-ins.' },
              { name: `node:${name}`, message: 'Workflow code may not use Node built-ins.' },
            ]),
            { name: '@temporalio/activity', message: 'Activities run in the worker, not in workflow code.' },
            { name: '@temporalio/client', message: 'Workflow code may not call the Temporal client.' },
            { name: '@temporalio/worker', message: 'Workflow code may not import the worker.' },
            { name: 'typeorm', message: 'Workflow code does no I/O: use an activity.' },
            { name: 'pg', message: 'Workflow code does no I/O: use an activity.' },
          ],
          patterns: [
            {
              group: ['@onething/*', '!@onething/definition', '!@onething/calendar', '!@onething/text'],
              message:
                'Workflows may use only the pure libraries: @onething/definition, @onething/calendar (not its node entry) and @onething/text.',
            },
            {
              group: ['**/activities', '**/*.activities', '**/activities/**'],
              message: 'Import activities as types only (import type).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Workflow code gets everything through its input.' },
        { name: 'setImmediate', message: 'Use @temporalio/workflow sleep or condition.' },
        { name: 'require', message: 'Use static imports in workflow code.' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
    },
  },
);
