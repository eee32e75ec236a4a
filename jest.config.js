// One jest run for the whole monorepo. Tests are TypeScript compiled to CommonJS by swc
// (fast, no type-checking: `npm run typecheck` does that), and import workspace packages
// from their sources (the `harbour-source` export condition) so no build is needed before `npm test`.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/apps', '<rootDir>/bench', '<rootDir>/test'],
  testMatch: ['**/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  // Workspace packages (and module packages anywhere, installed like any dependency) resolve
  // through node_modules to their sources: each package's `exports` has a `harbour-source`
  // condition. No package is named here, so a new module needs no change to this file.
  testEnvironmentOptions: { customExportConditions: ['harbour-source', 'node', 'node-addons'] },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  maxWorkers: 2,
  // A worker that has run dozens of test files ends with a heap of about a gigabyte, and Node
  // takes about half a second to tear that down after its last event (more on a busy machine).
  // Jest's default grace of 500 ms then force-kills it and blames a leak that is not there.
  workerGracefulExitTimeout: 5000,
  testTimeout: 30000,
};
