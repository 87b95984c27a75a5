// The command line as one file: dist/node/throughline.js, bundled by esbuild from tsc's output
// (dist/node/cli/main.js) with every dependency but exceljs (loaded only for .xlsx work), saxes,
// and yazl, which the zip writer's worker thread loads by its resolved path
// (src/files/zip/zip.ts).
//
// Why: Node loads a module per file. @stdlib's two t-distribution functions alone are ~750
// files: ~15 MB of memory and ~50 ms at each start as separate modules, ~4 MB and ~12 ms
// bundled (measured for docs/performance.md). bin/throughline.js runs this file.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';
import * as path from 'node:path';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

// A cache left from an earlier bundle must not outlive it (if making the new one fails).
rmSync(path.join(root, 'dist/node/throughline.js.cache'), { force: true });

await build({
  entryPoints: [path.join(root, 'dist/node/cli/main.js')],
  outfile: path.join(root, 'dist/node/throughline.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['exceljs', 'exceljs/*', 'saxes', 'yazl'],
  logLevel: 'warning',
});

// V8's code for the bundle, saved after one small run (examples/baumann: intake, impact,
// goals, alignment, the JSON report) so the functions a run needs are in it, by bin/bundle.js
// (which bin/throughline.js loads the bundle with), in a process of its own.
const cacheRun = `
const fs = require('node:fs'), path = require('node:path'), os = require('node:os');
const { bundle, runBundle, saveCache } = require(process.argv[1]);
const source = fs.readFileSync(bundle, 'utf8');
const { exports, script } = runBundle(source);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'throughline-cache-'));
const quiet = { write: () => true, isTTY: false };
exports
  .main(['analyze', process.argv[2], '--json', path.join(dir, 'report.json')], { stdout: quiet, stderr: quiet })
  .then((code) => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (code !== 0) throw new Error('the cache run exited with ' + code);
    saveCache(source, script);
  });
`;
const { spawnSync } = await import('node:child_process');
const made = spawnSync(
  process.execPath,
  [
    '-e',
    cacheRun,
    path.join(root, 'bin/bundle.js'),
    path.join(root, 'examples/baumann/carData_Baumann.csv'),
  ],
  { encoding: 'utf8' },
);
if (made.status !== 0) {
  // Only slower starts without it: say so, do not fail the build.
  console.warn(`bundle-cli: no code cache (${(made.stderr || '').trim().split('\n').pop()})`);
}
