/** Tests run on the TypeScript sources through @swc/jest (transpile only); `npm run typecheck` checks types. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // A guard against hangs, not a speed check: a busy machine must not fail a test by its clock (CI runs under load).
  testTimeout: 120_000,
  globalSetup: '<rootDir>/test/support/attack-reset.js',
  reporters: ['default', '<rootDir>/test/support/plain-summary-reporter.js'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', {}] },
};
