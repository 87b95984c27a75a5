// Jest (the test runner the user's design card names): TypeScript through SWC (types are
// checked by `npm run typecheck`, not here), Node environment, two workers for two cores.
// LibreOffice and big-workbook tests are heavy: long timeouts, hooks included.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  testTimeout: 120_000,
  maxWorkers: 2,
};
