/**
 * Builds the task pane for browser tests (THROUGHLINE_OFFICE_JS=local, into dist/web) before any
 * e2e test runs, so the tests never exercise a stale or production build. Set
 * THROUGHLINE_E2E_SKIP_BUILD=1 when dist/web was just built by `npm run build:e2e`.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

export default function setup(): void {
  if (process.env.THROUGHLINE_E2E_SKIP_BUILD === '1') return;
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'webpack-cli', 'bin', 'cli.js'), '--mode', 'development'],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, THROUGHLINE_OFFICE_JS: 'local', THROUGHLINE_WEB_OUT: '' },
    },
  );
  if (r.status !== 0) {
    throw new Error(
      `e2e build failed (webpack, THROUGHLINE_OFFICE_JS=local):\n${r.stdout}${r.stderr}`,
    );
  }
}
