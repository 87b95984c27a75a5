/**
 * Where the table is inside a sheet's used range: the header row (which may sit below a title
 * block), the columns in use (blank edge columns dropped) and a unique name for every column
 * (blank and duplicate headers get names a config can use, and an issue says so).
 */
import type { DataQualityIssue } from '../report';
import { columnLetters, type CellValue, type RawTable } from '../types';
import { makeIssue } from '../quality/issues';
import { cleanText, displayText, parseDate, parseNumber } from './values';

export interface SheetLayout {
  sheet: string;
  /** Index into `table.values` of the header row; -1 when none was found. */
  headerIndex: number;
  /** Excel row of the header (0 when none). */
  headerRow: number;
  /** Column indices (into a row of `values`) in use, left to right. */
  columns: number[];
  /** Unique header name of each column in `columns`. */
  headers: string[];
  /** Excel column number of each column in `columns`. */
  excelColumns: number[];
  /** Layout issues: title rows, blank or duplicate headers, header only, empty sheet. */
  issues: DataQualityIssue[];
}

/** How many rows from the top are searched for the header. */
const HEADER_SEARCH_ROWS = 30;
/** How many data rows are looked at to decide whether a blank-header column is in use. */
const EDGE_SAMPLE_ROWS = 1000;

function filled(c: CellValue): boolean {
  return c !== null && c !== undefined && !(typeof c === 'string' && cleanText(c) === '');
}

/** True for a cell that reads as a label (text that is not a number or a date). */
function isLabel(c: CellValue): boolean {
  if (typeof c !== 'string') return false;
  const s = cleanText(c);
  if (!s) return false;
  return Number.isNaN(parseNumber(s)) && Number.isNaN(parseDate(s));
}

/** True when the row holds nothing. */
export function isBlankRow(row: CellValue[] | undefined): boolean {
  if (!row) return true;
  for (let j = 0; j < row.length; j++) if (filled(row[j])) return false;
  return true;
}

/**
 * Find the header row: the first row of the top 30 whose filled cells are at least half of the
 * widest row's (and at least two, unless the table is one column wide) and mostly labels.
 * Rows above it (a title block) are reported, not read.
 */
export function findHeaderIndex(values: CellValue[][]): number {
  const n = Math.min(values.length, HEADER_SEARCH_ROWS);
  let widest = 0;
  const counts: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = values[i] ?? [];
    let f = 0;
    let t = 0;
    for (let j = 0; j < row.length; j++) {
      if (filled(row[j])) {
        f++;
        if (isLabel(row[j])) t++;
      }
    }
    counts.push(f);
    labels.push(t);
    if (f > widest) widest = f;
  }
  const need = widest <= 1 ? 1 : Math.max(2, Math.ceil(widest / 2));
  for (let i = 0; i < n; i++) {
    if (counts[i] >= need && labels[i] * 2 >= counts[i]) return i;
  }
  return -1;
}

/**
 * The columns in use under the header at `headerIndex` and a unique name for each: a blank
 * header over data is named "Column X", a repeated one "Header (2)" (each with an issue).
 */
function nameColumns(table: RawTable, headerIndex: number, issues: DataQualityIssue[]) {
  const { sheet, values, firstRow, firstColumn } = table;
  const hRow = firstRow + headerIndex;
  const header = values[headerIndex] ?? [];
  let width = header.length;
  const sampleEnd = Math.min(values.length, headerIndex + 1 + EDGE_SAMPLE_ROWS);
  for (let i = headerIndex + 1; i < sampleEnd; i++) width = Math.max(width, values[i]?.length ?? 0);
  const columns: number[] = [];
  const headers: string[] = [];
  const excelColumns: number[] = [];
  const seen = new Map<string, number>();
  for (let j = 0; j < width; j++) {
    const h = header[j] ?? null;
    let name = filled(h) ? cleanText(displayText(h)) : '';
    const excelCol = firstColumn + j;
    if (!name) {
      let used = false;
      for (let i = headerIndex + 1; i < sampleEnd && !used; i++)
        used = filled(values[i]?.[j] ?? null);
      if (!used) continue; // a blank column (at an edge or between tables): nothing to read
      name = `Column ${columnLetters(excelCol)}`;
      issues.push(
        makeIssue(
          'BLANK_HEADER',
          sheet,
          hRow,
          name,
          null,
          `Column ${columnLetters(excelCol)} has data but no header; it is named "${name}".`,
          excelCol,
        ),
      );
    }
    const key = name.toLowerCase();
    const times = (seen.get(key) ?? 0) + 1;
    seen.set(key, times);
    if (times > 1) {
      const renamed = `${name} (${times})`;
      issues.push(
        makeIssue(
          'DUPLICATE_HEADER',
          sheet,
          hRow,
          name,
          name,
          `Header "${name}" appears more than once; column ${columnLetters(excelCol)} is named "${renamed}" (use that name in the config).`,
          excelCol,
        ),
      );
      name = renamed;
    }
    columns.push(j);
    headers.push(name);
    excelColumns.push(excelCol);
  }
  return { columns, headers, excelColumns };
}

/** Lay out one sheet. `headerRow` (Excel row) overrides the search when given. */
export function layoutSheet(table: RawTable, headerRow?: number): SheetLayout {
  const { sheet, values, firstRow } = table;
  const issues: DataQualityIssue[] = [];
  const empty: SheetLayout = {
    sheet,
    headerIndex: -1,
    headerRow: 0,
    columns: [],
    headers: [],
    excelColumns: [],
    issues,
  };
  let firstFilled = -1;
  for (let i = 0; i < Math.min(values.length, HEADER_SEARCH_ROWS) && firstFilled < 0; i++) {
    if (!isBlankRow(values[i])) firstFilled = i;
  }
  if (values.length === 0 || (firstFilled < 0 && values.length <= HEADER_SEARCH_ROWS)) {
    issues.push(
      makeIssue(
        'EMPTY_SHEET',
        sheet,
        null,
        null,
        null,
        `Sheet "${sheet}" is empty: nothing to read.`,
      ),
    );
    return empty;
  }
  const headerIndex = headerRow !== undefined ? headerRow - firstRow : findHeaderIndex(values);
  if (headerIndex < 0 || headerIndex >= values.length) {
    issues.push(
      makeIssue(
        'NO_HEADER',
        sheet,
        null,
        null,
        null,
        headerRow !== undefined
          ? `Sheet "${sheet}": headerRow ${headerRow} is outside the used range (rows ${firstRow}–${firstRow + values.length - 1}).`
          : `Sheet "${sheet}": no row in the top ${HEADER_SEARCH_ROWS} looks like a header (a row of column names). Add a header row or set headerRow in the config.`,
      ),
    );
    return empty;
  }
  if (headerIndex > 0) {
    const titled = values.slice(0, headerIndex).filter((r) => !isBlankRow(r)).length;
    if (titled > 0) {
      issues.push(
        makeIssue(
          'TITLE_ROWS',
          sheet,
          firstRow,
          null,
          null,
          `Rows ${firstRow}–${firstRow + headerIndex - 1} above the header (row ${firstRow + headerIndex}) were read as a title block and skipped.`,
        ),
      );
    }
  }
  const hRow = firstRow + headerIndex;
  const { columns, headers, excelColumns } = nameColumns(table, headerIndex, issues);
  let anyData = false;
  for (let i = headerIndex + 1; i < values.length && !anyData; i++)
    anyData = !isBlankRow(values[i]);
  if (!anyData) {
    issues.push(
      makeIssue(
        'HEADER_ONLY',
        sheet,
        hRow,
        null,
        null,
        `Sheet "${sheet}" has a header (row ${hRow}) but no data rows.`,
      ),
    );
  }
  return { sheet, headerIndex, headerRow: hRow, columns, headers, excelColumns, issues };
}
