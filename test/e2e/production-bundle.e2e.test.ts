/**
 * The Excel simulator is for browser tests only: the production build must not contain it.
 * Builds production into a temporary folder (dist/web, which the other e2e tests serve, is left
 * alone) and looks for the simulator's marks in every file; the same marks are looked for in the
 * browser-test build in dist/web, so the check is known to find them when they are there.
 */
import { describe, it, beforeAll, afterAll } from '@jest/globals';
import { expect } from '../support/expect';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WEB_ROOT } from '../support/e2e-server';

const root = join(__dirname, '..', '..');
/** Strings of the test-only entry and the simulator that survive minification. */
const MARKS = ['__throughlineE2E', '__simControl', 'e2e-simulator'];

/** Files of a build (source maps aside: they are not loaded by the page) holding any mark. */
function filesWithMarks(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(js|html)$/.test(f))
    .filter((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      return MARKS.some((m) => text.includes(m));
    });
}

let tmp: string;
let out: string;
let build: { status: number | null; output: string };

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'throughline-prod-'));
  out = join(tmp, 'web');
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'webpack-cli', 'bin', 'cli.js'), '--mode', 'production'],
    {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        THROUGHLINE_WEB_OUT: out,
        THROUGHLINE_OFFICE_JS: '',
        ADDIN_PRODUCTION_URL: '',
      },
    },
  );
  build = { status: r.status, output: `${r.stdout}${r.stderr}` };
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('production bundle', () => {
  it('builds', () => {
    expect(build.status, build.output).toBe(0);
  });

  it('has no simulator: no e2e-simulator.js, no trace of it in any page or script', () => {
    expect(existsSync(join(out, 'e2e-simulator.js'))).toBe(false);
    expect(filesWithMarks(out)).toEqual([]);
  });

  it('has the analysis worker, and a CSP that allows workers of its own origin only', () => {
    expect(existsSync(join(out, 'throughline-analysis.js'))).toBe(true);
    const html = readFileSync(join(out, 'taskpane.html'), 'utf8');
    expect(html).toContain("worker-src 'self'");
    expect(html).toContain("connect-src 'none'");
  });

  it('(control) the browser-test build in dist/web does carry the simulator marks', () => {
    expect(existsSync(join(WEB_ROOT, 'e2e-simulator.js'))).toBe(true);
    expect(filesWithMarks(WEB_ROOT)).toContain('e2e-simulator.js');
  });
});
