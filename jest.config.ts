import type { Config } from 'jest';

// One SWC transform for every project: fast on 2 cores, and it keeps the decorator metadata that
// NestJS dependency injection reads. Type checking is `npm run typecheck`'s job, not the test run's.
const transform: Config['transform'] = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
  // ESM-only dependencies (the CEL evaluator, jose) are compiled to CommonJS for Jest as well.
  '^.+/node_modules/(@marcbachmann/cel-js|jose)/.+\\.js$': [
    '@swc/jest',
    { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};

const moduleNameMapper: Config['moduleNameMapper'] = {
  '^@onething/workflows$': '<rootDir>/workflows/src/index.ts',
  '^@onething/workflows/(.+)$': '<rootDir>/workflows/src/$1',
  '^@onething/testing$': '<rootDir>/test/support/index.ts',
  '^@onething/definition/node$': '<rootDir>/libs/definition/src/node.ts',
  '^@onething/calendar/node$': '<rootDir>/libs/calendar/src/node.ts',
  '^@onething/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
};

const shared = {
  transform,
  moduleNameMapper,
  transformIgnorePatterns: ['/node_modules/(?!(@marcbachmann/cel-js|jose)/)'],
  testEnvironment: 'node',
  rootDir: '.',
} satisfies Config;

const config: Config = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,workflows,test}/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,workflows,test}/**/*.int-spec.ts'],
      // One Temporal server, one PostgreSQL and one workflow bundle for the whole run.
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
      setupFiles: ['<rootDir>/test/setup-env.ts'],
    },
  ],
  // Integration tests wait on real servers; a unit test never comes near this.
  testTimeout: 60_000,
  // The suites share one database schema per worker, so they run one at a time on any machine. They run
  // in a worker process rather than in Jest's own: a suite leaves modules and native handles behind, and
  // in one process sixty suites outgrow a small machine's heap. The worker is replaced whenever a suite
  // leaves it holding more than this.
  maxWorkers: 1,
  workerIdleMemoryLimit: '1GB',
  reporters: ['default', '<rootDir>/test/support/closing-line-reporter.js'],
};

export default config;
