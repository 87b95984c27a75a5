import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: Chromium against the built task pane over HTTPS on localhost:3000.
// One worker (one server port, one browser at a time) and long timeouts (Chromium start-up,
// office.js's locale files). The global setup builds dist/web for browser tests first.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    maxWorkers: 1,
    fileParallelism: false,
  },
});
