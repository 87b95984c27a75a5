#!/usr/bin/env node
/**
 * `npm run detect:layouts`: detection on every layout of the corpus (test/fixtures/layouts/),
 * through the built command line (`throughline analyze <file> --print-config`), compared with the
 * layout's hand-made expected.json. Prints one line per layout — "✓ slug", "✗ slug: what differs"
 * or the command line's own message — and then "N of M fully detected".
 *
 * Builds first (`npm run build:node`) unless --no-build is given. Exit status 0 whatever the
 * score (it is a measurement); with --min=0.9 it exits 1 below that share.
 * How the score is computed: docs/detection-notes.md, "Layout corpus".
 */
import { spawnSync } from 'node:child_process';
import { detectLayout, listLayouts, REPO } from './layouts-compare.cjs';

const args = process.argv.slice(2);
if (!args.includes('--no-build')) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const b = spawnSync(npm, ['run', '--silent', 'build:node'], { cwd: REPO, stdio: 'inherit' });
  if (b.status !== 0) {
    console.error('The build failed (npm run build:node); nothing was measured.');
    process.exit(1);
  }
}
const minArg = args.find((a) => a.startsWith('--min='));
const min = minArg ? Number(minArg.slice('--min='.length)) : null;

const layouts = listLayouts();
let full = 0;
for (const layout of layouts) {
  if (!layout.expected || !layout.dataFile) {
    console.log(`✗ ${layout.slug}: the fixture needs exactly one data file and an expected.json`);
    continue;
  }
  const r = detectLayout(layout);
  if (r.ok) full += 1;
  const what = r.message ?? r.diffs.join('; ');
  console.log(r.ok ? `✓ ${r.slug}` : `✗ ${r.slug}: ${what}`);
}
console.log(`${full} of ${layouts.length} fully detected`);
if (min !== null && full / layouts.length < min) process.exit(1);
