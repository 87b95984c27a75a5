/**
 * A big .xlsx analysed with `--out` (issue 16, "Big .xlsx with --out within the limits --json
 * has"): the built command line, in its own process, on a generated 200,000-row export. Before
 * the one pipeline streamed its inputs and copied big sheets values only
 * (src/files/xlsx/write/xlsx-copy.ts), this run took 2.3 GB (the whole workbook read through
 * exceljs to copy it); the 1,048,576-row file died out of memory.
 *
 * Asserted: exit 0; peak RSS under a bound (`PEAK_MB`, far under the 2.3 GB of before and the
 * 800 MB the --out target allows at 1M rows); the person told that the big sheet was copied
 * values only; the copied sheet holds, cell for cell, what the input's cells show (a formula's
 * cached result, text that starts with "=" still text, a 40,000-character note cut at Excel's
 * 32,767 characters); the small sheet copied whole keeps its format; the input unchanged;
 * no temporary file left; the output opens in LibreOffice.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { readZipRaw, inflateEntry } from '../support/zip';
import { libreOfficeOpenAsCsv, noLibreOffice } from '../support/libreoffice';
import { XlsxBook } from '../../src/files/xlsx/read/xlsx-stream';
import type { CellValue } from '../../src/core/types';

const ROWS = 200_000;
/** Peak RSS allowed for the whole run, MB (measured 347 MB on 2026-12-06; was 2.3 GB). */
const PEAK_MB = 700;
const EXCEL_CELL_MAX = 32_767;

const BIN = path.join(__dirname, '../../bin/throughline.js');
const RSS = path.join(__dirname, '../../bench/rss-wrapper.cjs');
const built = existsSync(path.join(__dirname, '../../dist/node/throughline.js'));

const dir = mkdtempSync(path.join(tmpdir(), 'tl-xlsx-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const input = path.join(dir, 'big export.xlsx');
const output = path.join(dir, 'big export-throughline.xlsx');

const NOTE_ROW = 17; // the data row (1-based, after the header) with the long note
const LONG_NOTE = 'n'.repeat(40_000);

/** The generated export, row i (0-based) of the data: what a cell shows in Excel. */
function shown(i: number): CellValue[] {
  const fall = 150 + ((i * 37) % 90);
  const spring = fall + ((i * 13) % 21) - 5;
  const note = i + 1 === NOTE_ROW ? LONG_NOTE : i % 1000 === 0 ? '=HYPERLINK("x")' : null;
  return [
    `S${String(i + 1).padStart(7, '0')}`,
    `School ${1 + (i % 8)}`,
    `Team ${1 + (i % 160)}`,
    i % 5 === 0 ? 'Y' : 'N',
    fall,
    spring,
    spring - fall,
    note,
  ];
}

const HEADER = [
  'Student ID',
  'School',
  'Team',
  'EL',
  'Reading Fall',
  'Reading Spring',
  'Gain',
  'Notes',
];

/** The export, written by exceljs's streaming writer (as a 200,000-row export is made). */
async function writeExport(): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: input,
    useSharedStrings: true,
    useStyles: true,
  });
  const readMe = wb.addWorksheet('Read me');
  const title = readMe.getRow(1);
  title.getCell(1).value = 'Spring export';
  title.getCell(1).font = { bold: true };
  title.commit();
  readMe.commit();
  const ws = wb.addWorksheet('Students');
  ws.getRow(1).values = HEADER;
  ws.getRow(1).commit();
  for (let i = 0; i < ROWS; i++) {
    const v = shown(i);
    const row = ws.getRow(i + 2);
    row.values = v.slice(0, 6) as ExcelJS.CellValue[];
    // Gain as a formula with its cached result: the copy keeps the result (values only).
    row.getCell(7).value = { formula: `F${i + 2}-E${i + 2}`, result: v[6] as number };
    if (v[7] !== null) row.getCell(8).value = v[7];
    row.commit();
  }
  ws.commit();
  await wb.commit();
}

const sha256File = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The XML of the named sheets (and of the styles, as "styles") of an .xlsx. */
async function partsOf(file: string, sheets: string[]): Promise<Map<string, string>> {
  const book = await XlsxBook.open(file);
  const names = new Map(sheets.map((s) => [book.sheet(s).entry.name, s]));
  await book.close();
  names.set('xl/styles.xml', 'styles');
  const out = new Map<string, string>();
  for (const [part, entry] of readZipRaw(readFileSync(file)))
    if (names.has(part)) out.set(names.get(part)!, inflateEntry(entry).toString('utf8'));
  return out;
}

/** Every row of a sheet as [Excel row, values by column from A]. */
async function rowsOf(file: string, sheet: string, each: (r: number, v: CellValue[]) => void) {
  const book = await XlsxBook.open(file);
  try {
    await book.scan(book.sheet(sheet), (r, cols, vals) => {
      const v: CellValue[] = [];
      cols.forEach((c, k) => (v[c - 1] = vals[k]));
      each(
        r,
        Array.from(v, (x) => x ?? null),
      );
    });
  } finally {
    await book.close();
  }
}

(built ? describe : describe.skip)(
  'a 200,000-row .xlsx with --out (the built command line)',
  () => {
    let run: { status: number | null; stderr: string };
    let inputHash: string;

    beforeAll(async () => {
      await writeExport();
      inputHash = sha256File(input);
      const r = spawnSync(
        process.execPath,
        [RSS, BIN, 'analyze', input, '--out', output, '--json', path.join(dir, 'report.json')],
        { encoding: 'utf8', timeout: 600_000 },
      );
      run = { status: r.status, stderr: r.stderr };
    }, 900_000);

    it('succeeds within the memory bound, and says the big sheet was copied values only', () => {
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      const kb = Number(/maxRSS (\d+)/.exec(run.stderr)?.[1]);
      expect(kb / 1024, `peak RSS ${Math.round(kb / 1024)} MB`).toBeLessThan(PEAK_MB);
      expect(run.stderr).toMatch(/Copied "Students" \([^)]*\) as values only, without its formats/);
      const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
      expect(report.dataQuality.rowsRead).toBe(ROWS);
    });

    it('leaves the input as it was and no temporary file', () => {
      expect(sha256File(input)).toBe(inputHash);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });

    it('copies every cell as Excel shows it: cached results, text kept text, long text cut', async () => {
      let rows = 0;
      let mismatches = 0;
      const firstMismatches: string[] = [];
      await rowsOf(output, 'Students', (r, v) => {
        rows++;
        const want: CellValue[] = r === 1 ? HEADER : shown(r - 2);
        if (r === NOTE_ROW + 1) {
          // Cut at Excel's limit (a longer cell cannot be typed or kept in Excel).
          expect((v[7] as string).length).toBeLessThanOrEqual(EXCEL_CELL_MAX);
          expect((v[7] as string).startsWith('nnnn')).toBe(true);
          want[7] = v[7];
        }
        while (want.length && want[want.length - 1] === null) want.pop();
        if (JSON.stringify(v) !== JSON.stringify(want)) {
          mismatches++;
          if (firstMismatches.length < 3) firstMismatches.push(`${r}: ${JSON.stringify(v)}`);
        }
      });
      expect(rows).toBe(ROWS + 1);
      expect(mismatches, firstMismatches.join('\n')).toBe(0);
    }, 300_000);

    it('writes no formula in the copied sheet, and the small sheet whole with its format', async () => {
      const parts = await partsOf(output, ['Students', 'Read me']);
      const students = parts.get('Students')!;
      expect(students).toContain('<row r="200001"');
      expect(students).not.toMatch(/<f[ >]/);
      // "Read me" A1 keeps its bold font: its style's font has <b/>.
      const readMe = parts.get('Read me')!;
      const style = Number(/<c r="A1"[^>]* s="(\d+)"/.exec(readMe)?.[1]);
      const styles = parts.get('styles')!;
      const xfs = [...styles.split('<cellXfs')[1].matchAll(/<xf [^>]*fontId="(\d+)"/g)];
      const fonts = styles.split('<fonts')[1].split('</fonts>')[0].split('<font>').slice(1);
      expect(fonts[Number(xfs[style][1])]).toContain('<b/>');
    });

    (noLibreOffice() ? it.skip : it)(
      'opens in LibreOffice (as saved: recalculating 200,000 rows of formulas takes many minutes)',
      async () => {
        const csv = await libreOfficeOpenAsCsv(output);
        // The first sheet (the input's "Read me", kept first) as LibreOffice shows it after
        // opening the whole file.
        expect(csv.trim()).toBe('Spring export');
      },
      900_000,
    );
  },
);
