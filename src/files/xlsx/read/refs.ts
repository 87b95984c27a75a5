/**
 * Cell references and merged ranges of sheet XML read as exceljs's whole-workbook reader reads
 * them (exceljs 4.4: `utils/col-cache.js` decodeAddress and decodeEx, `doc/range.js`), so that
 * the streaming reader (xlsx-stream.ts) puts every cell in the column `worksheetTable`
 * (xlsx-read.ts) puts it in and drops the same merged cells. exceljs is lenient and this is too:
 * letters after the row's digits end the reference, `$` is skipped, a reference without
 * letters has no column, a column past XFD is refused, a range it cannot read covers A1.
 */
import type { MergeRange } from './xlsx-stream';

/** exceljs's `decodeAddress`: the column and row numbers of a reference (undefined: none). */
export function decodeAddress(value: string): { col?: number; row?: number } {
  let hasCol = false;
  let hasRow = false;
  let col = 0;
  let row = 0;
  let letters = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!hasRow && c >= 65 && c <= 90) {
      hasCol = true;
      letters += value[i];
      col = col * 26 + c - 64;
    } else if (c >= 48 && c <= 57) {
      hasRow = true;
      row = row * 10 + c - 48;
    } else if (hasRow && hasCol && c !== 36) break;
  }
  if (hasCol && col > 16384) throw new Error(`Out of bounds. Invalid column letter: ${letters}`);
  return { col: hasCol ? col : undefined, row: hasRow ? row : undefined };
}

/** The column of a cell reference such as "AB12" (quickly for that form), as exceljs reads it. */
export function columnOf(address: string): number | undefined {
  let col = 0;
  let i = 0;
  const n = address.length;
  for (; i < n; i++) {
    const c = address.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + c - 64;
  }
  if (i === 0 || i === n || col > 16384) return decodeAddress(address).col;
  for (let j = i; j < n; j++) {
    const c = address.charCodeAt(j);
    if (c < 48 || c > 57) return decodeAddress(address).col;
  }
  return col;
}

/**
 * A `<mergeCell ref>` as exceljs's `new Range(ref)` reads it: an optional sheet name before "!",
 * the first two parts of "A1:B2" in any order; a part without a row or column, or a "#REF!",
 * gives 1 (exceljs's Range reads a missing edge as 1).
 */
export function rangeOf(ref: string): MergeRange {
  const reference = /(?:(?:(?:'((?:[^']|'')*)')|([^'^ !]*))!)?(.*)/.exec(ref)?.[3] ?? '';
  const parts = reference.split(':');
  let top: number | undefined;
  let left: number | undefined;
  let bottom: number | undefined;
  let right: number | undefined;
  if (parts.length > 1) {
    const tl = decodeAddress(parts[0]);
    const br = decodeAddress(parts[1]);
    // Math.min/max of a missing edge is NaN there too.
    top = Math.min(tl.row ?? NaN, br.row ?? NaN);
    if (top) {
      left = Math.min(tl.col ?? NaN, br.col ?? NaN);
      bottom = Math.max(tl.row ?? NaN, br.row ?? NaN);
      right = Math.max(tl.col ?? NaN, br.col ?? NaN);
    }
  } else if (!reference.startsWith('#')) {
    const a = decodeAddress(reference);
    top = bottom = a.row;
    left = right = a.col;
  }
  return { top: top || 1, left: left || 1, bottom: bottom || 1, right: right || 1 };
}
