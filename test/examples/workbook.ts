/**
 * Read an .xlsx into plain values per sheet (exceljs, cells normalised as the file adapter reads
 * them), so the example tests compare what a person sees, not bytes: zip timestamps differ
 * between two writes of the same workbook.
 */
import { promises as fs } from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import type { CellValue } from '../../src/core/types';
import { isDate1904, normaliseCellValue } from '../../src/files/xlsx/read/xlsx-read';

export const ROOT = path.join(__dirname, '../..');
export const SAMPLE = path.join(ROOT, 'examples/district-sample.xlsx');
export const GENERATOR = path.join(ROOT, 'scripts/generate-district.mjs');

export interface SheetValues {
  /** values[r - 1][c - 1] is the cell at Excel row r, column c; trailing blanks dropped. */
  values: CellValue[][];
  merges: string[];
}

/** sheet name → values, in workbook order. */
export async function readValues(file: string): Promise<Map<string, SheetValues>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await fs.readFile(file)) as unknown as ArrayBuffer);
  const date1904 = isDate1904(wb);
  const out = new Map<string, SheetValues>();
  for (const ws of wb.worksheets) {
    const values: CellValue[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (cell.isMerged && cell.master !== cell) return;
        const v = normaliseCellValue(cell.value, date1904);
        if (v === null) return;
        while (values.length < r) values.push([]);
        const line = values[r - 1];
        while (line.length < c) line.push(null);
        line[c - 1] = v;
      });
    });
    const merges = ((ws.model as { merges?: string[] }).merges ?? []).slice().sort();
    out.set(ws.name, { values, merges });
  }
  return out;
}

/** Run the generator as a person would; returns its stdout. */
export function generate(out: string, seed?: number): string {
  const args = [GENERATOR, '--out', out, ...(seed === undefined ? [] : ['--seed', String(seed)])];
  return execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
}

/** Rows of a table sheet as objects keyed by the header (row 1), with their Excel row. */
export function records(sheet: SheetValues): { row: number; cells: Record<string, CellValue> }[] {
  const [header, ...rows] = sheet.values;
  return rows.map((line, k) => ({
    row: k + 2,
    cells: Object.fromEntries(header.map((h, j) => [String(h), line?.[j] ?? null])),
  }));
}
