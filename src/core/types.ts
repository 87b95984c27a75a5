/**
 * A cell as an adapter reads it, after the adapter has normalised its own quirks:
 * numbers (dates as Excel serial numbers), text, booleans, or null for an empty cell.
 * Excel error values arrive as their text ("#N/A", "#DIV/0!", …).
 */
export type CellValue = string | number | boolean | null;

/**
 * The used range of one sheet, exactly as the person sees it. Nothing is parsed yet.
 * `values[0][0]` is the cell at Excel row `firstRow`, column `firstColumn` (both 1-based).
 * Rows may be ragged; readers pad them to the same length where they can.
 */
export interface RawTable {
  sheet: string;
  values: CellValue[][];
  firstRow: number;
  firstColumn: number;
  /** Cells the file formats as dates (their values are serials); absent when none are known. */
  dates?: DateCells;
  /** Excel rows that are an Excel Table's totals row (a sum or average, not a record). */
  totalsRows?: number[];
  /** The sheet's merged ranges; a range's value is in its top-left cell only. */
  merges?: CellRange[];
}

/**
 * Cells formatted as dates: for each index into `values` (or into a block of streamed rows)
 * whose row holds one, the indexes of those cells in the row. A score column's number that the
 * sheet shows as a date is a date, not a score (45549 is 15 September 2024).
 */
export type DateCells = Map<number, number[]>;

/** A block of cells, as Excel rows and columns (1-based, inclusive). */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Convert a 1-based column number to its letters: 1 → "A", 28 → "AB". */
export function columnLetters(column: number): string {
  if (!Number.isInteger(column) || column < 1 || column > 16384) {
    throw new RangeError(`columnLetters requires a column from 1 to 16384, got ${column}`);
  }
  let n = column;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A1 address of a 1-based row and column: (2, 3) → "C2". */
export function cellAddress(row: number, column: number): string {
  return `${columnLetters(column)}${row}`;
}

/** A sheet name quoted for use in a formula reference: Data → 'Data'. */
export function quoteSheetName(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'`;
}
