// The command line as one file: dist/node/throughline.js, bundled by esbuild from tsc's output
// (dist/node/cli/main.js) with every dependency but exceljs, which is loaded only for .xlsx work
// and read partly from its own lib/ modules (src/files/xlsx-stream.ts).
//
// Why: Node loads a module per file. @stdlib's two t-distribution functions alone are ~750
// files: ~15 MB of memory and ~50 ms at each start as separate modules, ~4 MB and ~12 ms
// bundled (measured for docs/performance.md). bin/throughline.js runs this file.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

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
