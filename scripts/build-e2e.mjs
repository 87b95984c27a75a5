#!/usr/bin/env node
// Builds the task pane for browser tests: office.js from the local @microsoft/office-js copy
// (served by the test server) instead of Microsoft's CDN. Production builds never do this.
import { spawnSync } from 'node:child_process';
const r = spawnSync('npx', ['webpack', '--mode', 'development'], {
  stdio: 'inherit',
  env: { ...process.env, THROUGHLINE_OFFICE_JS: 'local' },
});
process.exit(r.status ?? 1);
