/**
 * Which cells of an .xlsx are dates, and their serial numbers, as exceljs's whole-workbook reader
 * decides them (exceljs 4.4: `utils/utils.js` isDateFmt and excelToDate, `xlsx/defaultnumformats.js`,
 * the number-format lookup of `xlsx/xform/style/styles-xform.js` getStyleModel). The streaming
 * reader (xlsx-stream.ts) must read every cell as `worksheetTable` (xlsx-read.ts) does through
 * exceljs's public API, so these rules are exceljs's, quirks included: a format is a date format
 * when, once `[...]` and `"..."` are removed, it still holds one of y m d h M s b (so `0.00%` is
 * not a date, `[$-409]d-mmm-yy;@` is); built-in formats 27–36 (East Asian) have no code in
 * exceljs and so are not dates; the number is turned into a JS Date rounded to the millisecond
 * and back into a serial (`dateToSerial`), which is what the whole reader reports.
 */
import type { CellValue } from '../../../core/types';
import { normaliseCellValue } from './xlsx-read';

/** exceljs's built-in number formats by id (the ones it gives a format code). */
const BUILT_IN_FORMATS: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

/** The format code of a built-in number format id, if exceljs knows one. */
export function builtInFormat(id: number): string | undefined {
  return Object.prototype.hasOwnProperty.call(BUILT_IN_FORMATS, id)
    ? BUILT_IN_FORMATS[id]
    : undefined;
}

/** exceljs's `isDateFmt`: a date or time format once bracketed and quoted parts are removed. */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(bare);
}

/**
 * A number of a date-formatted cell as the whole reader reports it: exceljs's `excelToDate`
 * (milliseconds rounded, JS number coercion of whatever the cell held, so a formula's boolean
 * result becomes 0 or 1 and a text or error result no date at all) then `normaliseCellValue`.
 */
export function dateCellValue(v: unknown, date1904: boolean): CellValue {
  const ms = Math.round((Number(v) - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000);
  return normaliseCellValue(new Date(ms), date1904);
}
