/** Tests run on the TypeScript sources through @swc/jest (transpile only); `npm run typecheck` checks types. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  globalSetup: '<rootDir>/test/support/attack-reset.js',
  reporters: ['default', '<rootDir>/test/support/plain-summary-reporter.js'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', {}] },
};
