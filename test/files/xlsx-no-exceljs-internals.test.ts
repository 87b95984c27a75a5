/**
 * Issue 15 ("no private modules of exceljs"): nothing under src/ loads exceljs's internal
 * modules (`exceljs/lib/...`, or a path joined into exceljs's package folder); exceljs is used
 * through its public API only. Checked two ways: the sources are scanned for the ways such a
 * module can be named, and the streaming .xlsx reader is run in a fresh Node process (its
 * TypeScript compiled by swc, as Jest does) on a real workbook, after which no module of the
 * exceljs package may have been loaded at all (the streaming reader needs none of exceljs).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { expect } from '../support/expect';

const ROOT = path.join(__dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'tl-no-internals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(folder)) {
    const p = path.join(folder, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx|js|cjs|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

/** The ways a source file could reach into exceljs's package folder. */
const REACHING_IN: [string, RegExp][] = [
  ['a module specifier under exceljs/', /['"`]exceljs\/(?!package\.json['"`])[^'"`]*['"`]/],
  ['require.resolve of exceljs', /require\.resolve\(\s*['"`]exceljs/],
  ["a path joined with 'lib'", /path\.(?:posix\.)?(?:join|resolve)\([^)]*['"`]lib['"`]/],
  ['saxes resolved from exceljs', /paths:\s*\[[^\]]*\]/],
];

describe('exceljs is used through its public API only', () => {
  it('no source under src/ names a module inside exceljs or a path into its folder', () => {
    const files = sourceFiles(path.join(ROOT, 'src'));
    expect(files.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const [what, re] of REACHING_IN)
        if (re.test(text)) found.push(`${path.relative(ROOT, f)}: ${what}`);
    }
    expect(found).toEqual([]);
  });

  it('the scan itself finds the forms it looks for', () => {
    // The loader this issue removed, as it was written (src/files/xlsx/read/xlsx-stream.ts).
    const old = [
      "const root = path.dirname(require.resolve('exceljs/package.json'));",
      "const load = (rel: string): unknown => require(path.join(root, 'lib', rel));",
      "require(require.resolve('saxes', { paths: [root] }))",
      "import RowXform from 'exceljs/lib/xlsx/xform/sheet/row-xform';",
    ].join('\n');
    const hits = REACHING_IN.filter(([, re]) => re.test(old)).map(([what]) => what);
    expect(hits).toEqual(REACHING_IN.map(([what]) => what));
  });

  it('reading an .xlsx with the streaming reader loads no module of the exceljs package', async () => {
    const file = path.join(dir, 'book.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRow(['ID', 'Pre', 'When', 'Gain']);
    ws.addRow(['S1', 40, new Date(Date.UTC(2026, 0, 5)), { formula: 'B2*2', result: 80 }]);
    ws.getCell('C2').numFmt = 'yyyy-mm-dd';
    await wb.xlsx.writeFile(file);

    const script = `
      const fs = require('node:fs');
      const swc = require('@swc/core');
      require.extensions['.ts'] = (m, filename) => {
        const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
          filename,
          jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
          module: { type: 'commonjs' },
        });
        m._compile(code, filename);
      };
      const { XlsxBook } = require(${JSON.stringify(path.join(ROOT, 'src/files/xlsx/read/xlsx-stream.ts'))});
      (async () => {
        const book = await XlsxBook.open(process.argv[1]);
        const table = await book.readTable(book.sheets[0]);
        await book.close();
        const pkg = fs.realpathSync(require('node:path').dirname(require.resolve('exceljs/package.json')));
        const loaded = Object.keys(require.cache).filter((k) => fs.realpathSync(k).startsWith(pkg + '/'));
        process.stdout.write(JSON.stringify({ values: table.values, loaded }));
      })().catch((e) => { console.error(e); process.exit(1); });
    `;
    const r = spawnSync(process.execPath, ['-e', script, file], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { values: unknown[][]; loaded: string[] };
    // The read did happen (hand-written expectation: 2026-01-05 is serial 46027).
    expect(out.values).toEqual([
      ['ID', 'Pre', 'When', 'Gain'],
      ['S1', 40, 46027, 80],
    ]);
    expect(out.loaded).toEqual([]);
  });
});
