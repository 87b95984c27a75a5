// The command line as one file: dist/node/throughline.js, bundled by esbuild from tsc's output
// (dist/node/cli/main.js) with every dependency but exceljs, which is loaded only for .xlsx work
// and read partly from its own lib/ modules (src/files/xlsx-stream.ts).
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
  external: ['exceljs', 'exceljs/*', 'saxes'],
  logLevel: 'warning',
});

// V8's code for the bundle, saved after one small run (examples/baumann: intake, impact,
// goals, alignment, the JSON report) so the functions a run needs are in it. bin/throughline.js
// loads the bundle with it. The file starts with the SHA-256 of the bundle it was made from (64
// hex characters): V8 itself checks only the source's length, so bin/throughline.js checks the
// hash and compiles as usual when it differs; V8 rejects a cache of another version or flags.
const cacheRun = `
const fs = require('node:fs'), path = require('node:path'), vm = require('node:vm'), os = require('node:os');
const Module = require('node:module');
const bundle = process.argv[1];
const source = fs.readFileSync(bundle, 'utf8');
const script = new vm.Script(Module.wrap(source), { filename: bundle });
const mod = { exports: {} };
script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'throughline-cache-'));
const quiet = { write: () => true, isTTY: false };
mod.exports
  .main(['analyze', process.argv[2], '--json', path.join(dir, 'report.json')], { stdout: quiet, stderr: quiet })
  .then((code) => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (code !== 0) throw new Error('the cache run exited with ' + code);
    const hash = require('node:crypto').createHash('sha256').update(source).digest('hex');
    fs.writeFileSync(bundle + '.cache', Buffer.concat([Buffer.from(hash, 'latin1'), script.createCachedData()]));
  });
`;
const { spawnSync } = await import('node:child_process');
const made = spawnSync(
  process.execPath,
  [
    '-e',
    cacheRun,
    path.join(root, 'dist/node/throughline.js'),
    path.join(root, 'examples/baumann/carData_Baumann.csv'),
  ],
  { encoding: 'utf8' },
);
if (made.status !== 0) {
  // Only slower starts without it: say so, do not fail the build.
  console.warn(`bundle-cli: no code cache (${(made.stderr || '').trim().split('\n').pop()})`);
}
