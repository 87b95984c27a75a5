// Browser end-to-end tests: Chromium against the built task pane over HTTPS on localhost:3000.
// One worker (one server port, one browser at a time) and long timeouts (Chromium start-up,
// office.js's locale files). The global setup builds dist/web for browser tests first.
import unit from './jest.config.mjs';

/** @type {import('jest').Config} */
export default {
  ...unit,
  testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/e2e/global-setup.ts',
  testTimeout: 180_000,
  maxWorkers: 1,
};
