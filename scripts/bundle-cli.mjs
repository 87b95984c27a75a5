// The command line as one file: dist/node/throughline.js, bundled by esbuild from tsc's output
// (dist/node/cli/main.js) with every dependency but exceljs, saxes, yazl and fflate (which the
// zip writer's worker thread loads by its resolved path, src/files/zip/zip.ts). exceljs, loaded
// only for .xlsx work, is a bundle of its own (dist/node/exceljs.js) with its own code cache:
// the command line's `require('exceljs')` loads it through bin/bundle.js (loadExcelJs). Loading
// exceljs from node_modules took ~0.25-0.45 s of every --out run, most of it compiling; from
// its bundle with the cache, ~0.1 s (docs/performance.md).
//
// Why: Node loads a module per file. @stdlib's two t-distribution functions alone are ~750
// files: ~15 MB of memory and ~50 ms at each start as separate modules, ~4 MB and ~12 ms
// bundled (measured for docs/performance.md). bin/throughline.js runs this file.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

// A cache left from an earlier bundle must not outlive it (if making the new one fails).
rmSync(path.join(root, 'dist/node/throughline.js.cache'), { force: true });
rmSync(path.join(root, 'dist/node/exceljs.js.cache'), { force: true });

/** `require('exceljs')` in the command line's bundle: exceljs's own bundle, by bin/bundle.js. */
const excelThroughLoader = {
  name: 'exceljs-bundle',
  setup(b) {
    b.onResolve({ filter: /^exceljs$/ }, () => ({ path: 'exceljs', namespace: 'exceljs-bundle' }));
    b.onLoad({ filter: /.*/, namespace: 'exceljs-bundle' }, () => ({
      // __dirname is the bundle's folder (dist/node) when it runs.
      contents:
        "module.exports = require(require('node:path').join(__dirname, '..', '..', 'bin', 'bundle.js')).loadExcelJs();",
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: [createRequire(import.meta.url).resolve('exceljs')],
  outfile: path.join(root, 'dist/node/exceljs.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
});

await build({
  entryPoints: [path.join(root, 'dist/node/cli/main.js')],
  outfile: path.join(root, 'dist/node/throughline.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['saxes', 'yazl', 'fflate'],
  plugins: [excelThroughLoader],
  logLevel: 'warning',
  // The loader's require takes a path made at run time, on purpose.
  logOverride: { 'unsupported-require-call': 'silent' },
});

// V8's code for the bundle, saved after one small run (examples/baumann: intake, impact,
// goals, alignment, the JSON report) so the functions a run needs are in it, by bin/bundle.js
// (which bin/throughline.js loads the bundle with), in a process of its own. Then exceljs's,
// after a workbook run on the example district (an .xlsx read, copied and written): made
// after the first is saved, the command line's cache holds none of the workbook writing that
// a --json run does not need.
const cacheRun = `
const fs = require('node:fs'), path = require('node:path'), os = require('node:os');
const { bundle, runBundle, saveCache, saveExcelCache } = require(process.argv[1]);
const source = fs.readFileSync(bundle, 'utf8');
const { exports, script } = runBundle(source);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'throughline-cache-'));
const quiet = { write: () => true, isTTY: false };
const run = (args) =>
  exports.main(['analyze', ...args], { stdout: quiet, stderr: quiet }).then((code) => {
    if (code !== 0) throw new Error('the cache run exited with ' + code);
  });
run([process.argv[2], '--json', path.join(dir, 'report.json')])
  .then(() => saveCache(source, script))
  .then(() => run([process.argv[3], '--out', path.join(dir, 'book.xlsx')]))
  .then(saveExcelCache)
  .finally(() => fs.rmSync(dir, { recursive: true, force: true }));
`;
const { spawnSync } = await import('node:child_process');
const made = spawnSync(
  process.execPath,
  [
    '-e',
    cacheRun,
    path.join(root, 'bin/bundle.js'),
    path.join(root, 'examples/baumann/carData_Baumann.csv'),
    path.join(root, 'examples/district-sample.xlsx'),
  ],
  { encoding: 'utf8' },
);
if (made.status !== 0) {
  // Only slower starts without it: say so, do not fail the build.
  console.warn(`bundle-cli: no code cache (${(made.stderr || '').trim().split('\n').pop()})`);
}
