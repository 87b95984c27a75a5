/** A1 addresses: parse "B3", "B3:D10", "A:C", "2:5" (optionally with a sheet prefix) and format. */
import { SimulatedExcelError, ErrorCodes } from './errors';

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** A rectangle of cells, 0-based. */
export interface Box {
  row: number;
  column: number;
  rowCount: number;
  columnCount: number;
}

export function columnName(index0: number): string {
  let n = index0 + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const COLS = /^\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})$/;
const ROWS = /^\$?(\d{1,7}):\$?(\d{1,7})$/;

function invalid(address: string): SimulatedExcelError {
  return new SimulatedExcelError(
    ErrorCodes.invalidArgument,
    `The argument is invalid or missing or has an incorrect format. (address "${address}")`,
  );
}

/** Parse an address; a sheet prefix ("'My Sheet'!A1") is dropped. Throws InvalidArgument. */
export function parseAddress(address: string): Box {
  const bang = address.lastIndexOf('!');
  const a = (bang >= 0 ? address.slice(bang + 1) : address).trim();
  let m = COLS.exec(a);
  if (m) {
    const c1 = columnIndex(m[1]);
    const c2 = columnIndex(m[2]);
    return check(
      { row: 0, column: Math.min(c1, c2), rowCount: MAX_ROWS, columnCount: Math.abs(c2 - c1) + 1 },
      address,
    );
  }
  m = ROWS.exec(a);
  if (m) {
    const r1 = Number(m[1]) - 1;
    const r2 = Number(m[2]) - 1;
    return check(
      {
        row: Math.min(r1, r2),
        column: 0,
        rowCount: Math.abs(r2 - r1) + 1,
        columnCount: MAX_COLUMNS,
      },
      address,
    );
  }
  const parts = a.split(':');
  if (parts.length > 2) throw invalid(address);
  const cells = parts.map((p) => CELL.exec(p));
  if (cells.some((c) => !c)) throw invalid(address);
  const rs = cells.map((c) => Number(c![2]) - 1);
  const cs = cells.map((c) => columnIndex(c![1]));
  const row = Math.min(...rs);
  const column = Math.min(...cs);
  return check(
    { row, column, rowCount: Math.max(...rs) - row + 1, columnCount: Math.max(...cs) - column + 1 },
    address,
  );
}

function check(box: Box, address: string): Box {
  if (
    box.row < 0 ||
    box.column < 0 ||
    box.row + box.rowCount > MAX_ROWS ||
    box.column + box.columnCount > MAX_COLUMNS
  )
    throw invalid(address);
  return box;
}

/** "B3:D10" (or "B3" for one cell), without a sheet prefix. */
export function boxAddress(box: Box): string {
  const first = `${columnName(box.column)}${box.row + 1}`;
  if (box.rowCount === 1 && box.columnCount === 1) return first;
  return `${first}:${columnName(box.column + box.columnCount - 1)}${box.row + box.rowCount}`;
}

/** Excel quotes a sheet name in an address unless it is letters, digits, dots and underscores. */
export function qualifiedAddress(sheet: string, box: Box): string {
  const name = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${name}!${boxAddress(box)}`;
}
