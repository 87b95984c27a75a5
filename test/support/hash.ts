/**
 * Per-sheet hashes of values and formulas, for "every input sheet is unchanged" assertions:
 * hash before a run (the input file or the simulator's snapshot) and after (the written .xlsx
 * or the snapshot again) and compare sheet by sheet.
 *
 * A cell counts as its formula (with "=", without `_xlfn.` prefixes) plus its value (a
 * formula's cached result); "" and empty are the same; trailing empty rows/columns are ignored.
 * Formats and styles are not part of the hash.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import ExcelJS from 'exceljs';
import type { WorkbookSnapshot } from '../../src/core/snapshot';
import type { CellValue } from '../../src/core/types';
import { cellFormula, isDate1904, normaliseCellValue } from '../../src/files/xlsx/read/xlsx-read';

type HashCell = { formula: string | null; value: CellValue };

function hashGrid(grid: (HashCell | null)[][]): string {
  const rows = grid.map((row) => {
    const cells = row.map((c) => {
      if (!c) return '';
      const v = c.value === '' ? null : c.value;
      if (c.formula === null && v === null) return '';
      return JSON.stringify([c.formula, v]);
    });
    while (cells.length && cells[cells.length - 1] === '') cells.pop();
    return cells;
  });
  while (rows.length && rows[rows.length - 1].length === 0) rows.pop();
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

/** sheet name → hash, for a snapshot of the Excel simulator. */
export function hashSnapshotSheets(snapshot: WorkbookSnapshot): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of snapshot.sheets) {
    out.set(
      s.name,
      hashGrid(
        s.cells.map((row) =>
          row.map((c) => (c ? { formula: c.formula ?? null, value: c.value } : null)),
        ),
      ),
    );
  }
  return out;
}

/** sheet name → hash, for an .xlsx file (read with exceljs, cells normalised as the adapter reads them). */
export async function hashXlsxSheets(file: string): Promise<Map<string, string>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await fs.readFile(file)) as unknown as ArrayBuffer);
  const date1904 = isDate1904(wb);
  const out = new Map<string, string>();
  for (const ws of wb.worksheets) {
    const grid: (HashCell | null)[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (cell.isMerged && cell.master !== cell) return;
        while (grid.length < r) grid.push([]);
        const line = grid[r - 1];
        while (line.length < c) line.push(null);
        line[c - 1] = {
          formula: cellFormula(cell),
          value: normaliseCellValue(cell.value, date1904),
        };
      });
    });
    out.set(ws.name, hashGrid(grid));
  }
  return out;
}

/** A CSV input's hash as it would appear as a sheet: the raw strings (no numbers). */
export function hashCsvGrid(values: CellValue[][]): string {
  return hashGrid(values.map((row) => row.map((v) => ({ formula: null, value: v }))));
}
