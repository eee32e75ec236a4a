// One jest run for the whole monorepo. Tests are TypeScript compiled to CommonJS by swc
// (fast, no type-checking: `npm run typecheck` does that), and import workspace packages
// from their sources so no build is needed before `npm test`.
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
  moduleNameMapper: {
    '^@harbour/db$': '<rootDir>/packages/db/src',
    '^@harbour/stats$': '<rootDir>/packages/stats/src',
    '^@harbour/forms$': '<rootDir>/packages/forms/src',
    '^@harbour/module-(core|mental-health|migration|children|young-people)$': '<rootDir>/packages/modules/$1/src',
    '^@harbour/reports$': '<rootDir>/packages/reports/src',
    '^@harbour/synth$': '<rootDir>/packages/synth/src',
    '^@harbour/web$': '<rootDir>/apps/web/src',
    '^@harbour/api$': '<rootDir>/apps/api/src',
    '^@harbour/cli$': '<rootDir>/apps/cli/src',
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 30000,
};
