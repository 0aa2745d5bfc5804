/** Jest runs TypeScript through swc (type checking is a separate CI step: `npm run typecheck`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] },
  moduleNameMapper: {
    '^so-soap$': '<rootDir>/src/index.ts',
    '^so-soap/runtime$': '<rootDir>/src/runtime/index.ts',
    '^so-soap/codec$': '<rootDir>/src/codec.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 30000,
  // Builds dist/ when a source is newer (tests that run the built CLI or read its declarations).
  globalSetup: '<rootDir>/test/global-setup.js',
};
