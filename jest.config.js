/** Tests run on the TypeScript sources through @swc/jest (transpile only); `npm run typecheck` checks types. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // A guard against hangs, not a speed check: a busy machine must not fail a test by its clock (CI runs under load).
  testTimeout: 120_000,
  globalSetup: '<rootDir>/test/support/attack-reset.js',
  reporters: ['default', '<rootDir>/test/support/plain-summary-reporter.js'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', {}] },
  // hyparquet and hyparquet-writer are ES modules only: swc turns them into CommonJS like the tests (the rest of
  // node_modules is loaded as it is). The CLI loads them with import() (src/node/open-data-files.ts).
  transformIgnorePatterns: ['/node_modules/(?!(hyparquet|hyparquet-writer)/)'],
};
