/**
 * Cell value parsing: what schools really type into score, ID, flag and category cells.
 * Hot-path functions return plain numbers/strings (no object per cell) so a million rows parse
 * in a fraction of a second; the rare "why was this not a number" question is answered by
 * `classifyNonNumber`, called only for cells that did not parse.
 */
import type { CellValue } from '../types';

/** Excel's error values, as adapters hand them over (text). */
export const EXCEL_ERRORS = new Set([
  '#N/A',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#NULL!',
  '#SPILL!',
  '#CALC!',
  '#GETTING_DATA',
  '#FIELD!',
  '#BLOCKED!',
  '#UNKNOWN!',
  '#BUSY!',
  '#CONNECT!',
]);

/** Words schools write for "no score" (compared in lower case, trimmed). */
export const MISSING_WORDS = new Set([
  'na',
  'n/a',
  'n.a.',
  'absent',
  'abs',
  '-',
  '—',
  '–',
  '--',
  'exempt',
  'not tested',
  'nt',
  'null',
  'none',
  '.',
  'missing',
  'no score',
  'no data',
  'nan',
  'excused',
  'withdrawn',
  'ex',
]);

/** First characters (lower case) of the missing words that start with a letter. */
const MISSING_FIRST = new Set([...MISSING_WORDS].map((w) => w.charCodeAt(0)));

/** Why a cell gave no number. */
export type NonNumberKind = 'blank' | 'missing' | 'error' | 'text';

const PLAIN = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const THOUSANDS = /^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const DECIMAL_COMMA = /^[-+]?\d+,\d+$/;
const EURO_THOUSANDS = /^[-+]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$/;
const PERCENT = /^([-+]?(?:\d+(?:[.,]\d+)?|\.\d+))\s*%$/;

/**
 * What a `parseNumber` call found, in an object its caller owns and passes in (reused from cell
 * to cell, so nothing is allocated per cell). `digits`: the text was only digits (at most 15),
 * read without a regular expression.
 */
export interface NumberFlags {
  percent: boolean;
  decimalComma: boolean;
  digits: boolean;
}

/** A fresh set of flags, all false. */
export function numberFlags(): NumberFlags {
  return { percent: false, decimalComma: false, digits: false };
}

/** The flags of callers that do not read them. */
const UNREAD: NumberFlags = numberFlags();

/** Text of a cell with surrounding spaces (and non-breaking spaces) removed. */
export function cleanText(s: string): string {
  // The test first: most cells hold no non-breaking space, and a replace costs more than it.
  return (s.includes('\u00a0') ? s.replace(/\u00a0/g, ' ') : s).trim();
}

/**
 * Parse a cell as a number, or NaN. Accepts numbers, numeric text, thousands separators
 * ("1,234"), percent text ("85%" → 85: see `percentAsFraction`), and — when `decimalComma` is
 * true because the column writes decimals that way — "3,5" → 3.5 and "1.234,5" → 1234.5.
 * Booleans are not numbers. Sets `flags` (when given) to what it found.
 */
export function parseNumber(
  cell: CellValue,
  decimalComma = false,
  percentAsFraction = false,
  flags: NumberFlags = UNREAD,
): number {
  flags.percent = false;
  flags.decimalComma = false;
  flags.digits = false;
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : NaN;
  if (typeof cell !== 'string') return NaN;
  let s = cell;
  if (s.length === 0) return NaN;
  const c0 = s.charCodeAt(0);
  const cl = s.charCodeAt(s.length - 1);
  // Fastest path: up to 15 digits (exact in a double, as Number(s) gives it).
  if (s.length <= 15 && c0 >= 48 && c0 <= 57) {
    let v = c0 - 48;
    let i = 1;
    for (; i < s.length; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (i === s.length) {
      flags.digits = true;
      return v;
    }
  }
  // Fast path: trimmed text that starts and ends with a digit.
  if (c0 >= 48 && c0 <= 57 && cl >= 48 && cl <= 57 && PLAIN.test(s)) return Number(s);
  s = cleanText(s);
  if (s.length === 0) return NaN;
  if (PLAIN.test(s)) return Number(s);
  if (decimalComma) {
    if (DECIMAL_COMMA.test(s)) {
      flags.decimalComma = true;
      return Number(s.replace(',', '.'));
    }
    if (EURO_THOUSANDS.test(s)) {
      flags.decimalComma = true;
      return Number(s.replace(/\./g, '').replace(',', '.'));
    }
  } else if (THOUSANDS.test(s)) {
    return Number(s.replace(/,/g, ''));
  }
  const m = PERCENT.exec(s);
  if (m) {
    let t = m[1];
    if (t.includes(',')) {
      if (!decimalComma) return NaN;
      t = t.replace(',', '.');
    }
    flags.percent = true;
    const v = Number(t);
    return percentAsFraction ? v / 100 : v;
  }
  return NaN;
}

/** Why a cell that `parseNumber` rejected is not a number. */
export function classifyNonNumber(cell: CellValue): NonNumberKind {
  if (cell === null || cell === undefined) return 'blank';
  if (typeof cell === 'boolean') return 'text';
  if (typeof cell === 'number') return 'text'; // NaN/Infinity only
  const s = cleanText(cell);
  if (s === '') return 'blank';
  if (EXCEL_ERRORS.has(s.toUpperCase())) return 'error';
  if (MISSING_WORDS.has(s.toLowerCase())) return 'missing';
  return 'text';
}

/** True for a blank cell or a missing word ("NA", "absent", "-", …). */
export function isMissing(cell: CellValue): boolean {
  if (cell === null) return true;
  if (typeof cell !== 'string') return false;
  const k = classifyNonNumber(cell);
  return k === 'blank' || k === 'missing';
}

/** A cell as the person sees it, for messages and IDs: 1 → "1", 2.5 → "2.5", true → "TRUE". */
export function displayText(cell: CellValue): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? numberText(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return cell;
}

/** A number as Excel's General format shows it (up to 15 significant digits, no "1.0"). */
export function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const p = Number(n.toPrecision(15));
  return String(p);
}

/**
 * An ID as text: trimmed, leading zeros kept ("00123" stays "00123"), numbers as Excel shows
 * them (1 → "1"), "" for a missing ID (blank, a missing word or an Excel error).
 */
export function idText(cell: CellValue): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return displayText(cell);
  if (typeof cell === 'boolean') return displayText(cell);
  // Fast path: starts with a digit or letter and ends without a space: no trimming needed, and
  // a digit start cannot be a missing word or an Excel error.
  const c0 = cell.charCodeAt(0);
  const cl = cell.charCodeAt(cell.length - 1);
  if (c0 >= 48 && c0 <= 57 && cl > 32 && cl !== 160) return cell;
  // Fast path for IDs such as "S0012345": a letter that starts no missing word, nothing to trim
  // and no non-breaking space inside (cleanText would turn it into a space).
  const lower = c0 | 32;
  if (
    lower >= 97 &&
    lower <= 122 &&
    !MISSING_FIRST.has(lower) &&
    cl > 32 &&
    cl !== 160 &&
    !cell.includes('\u00a0')
  )
    return cell;
  const s = cleanText(cell);
  if (s === '') return '';
  const k = classifyNonNumber(s);
  return k === 'missing' || k === 'error' ? '' : s;
}

const YES = new Set(['y', 'yes', 'true', '1', 't', 'x']);
const NO = new Set(['n', 'no', 'false', '0', 'f']);

/** A yes/no flag as canonical "Y" or "N"; null when the cell is not a flag value. */
export function flagValue(cell: CellValue): 'Y' | 'N' | null {
  if (typeof cell === 'boolean') return cell ? 'Y' : 'N';
  if (typeof cell === 'number') return cell === 1 ? 'Y' : cell === 0 ? 'N' : null;
  if (typeof cell !== 'string') return null;
  const s = cleanText(cell).toLowerCase();
  if (YES.has(s)) return 'Y';
  if (NO.has(s)) return 'N';
  return null;
}

const MONTH_DAY_YEAR =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;

/** Excel 1900-system serial of a calendar date (valid from 1900-03-01 on). */
export function dateSerial(year: number, month: number, day: number): number {
  const ms = Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30);
  return Math.round(ms / 86400000);
}

/**
 * A date cell as an Excel serial number, or NaN. Numbers are taken as serials already (what
 * adapters give for date cells); text "9/12/17", "6/6/2022 14:59:32" (US month/day/year, as
 * Google Forms and US exports write them) or "2017-09-12" is converted. Two-digit years are
 * 2000–2099. Impossible dates (month 13, 31 February) give NaN.
 */
export function parseDate(cell: CellValue): number {
  if (typeof cell === 'number') return Number.isFinite(cell) && cell > 0 ? cell : NaN;
  if (typeof cell !== 'string') return NaN;
  const s = cleanText(cell);
  let y: number;
  let mo: number;
  let d: number;
  let m = MONTH_DAY_YEAR.exec(s);
  if (m) {
    mo = Number(m[1]);
    d = Number(m[2]);
    y = Number(m[3]);
    if (m[3].length === 2) y += 2000;
  } else if ((m = ISO_DATE.exec(s))) {
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
  } else return NaN;
  if (mo < 1 || mo > 12 || d < 1) return NaN;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCMonth() !== mo - 1) return NaN;
  return dateSerial(y, mo, d);
}

/**
 * Decide from a column's text cells whether it writes decimals with a comma: at least one
 * "3,5"-style value that cannot be a thousands separator (not exactly three digits after the
 * comma), and no "1,234.5"-style value.
 */
export function usesDecimalComma(cells: Iterable<CellValue>): boolean {
  let comma = false;
  for (const c of cells) {
    if (typeof c !== 'string') continue;
    const s = cleanText(c).replace(/%$/, '').trim();
    if (/^[-+]?\d{1,3}(?:,\d{3})+\.\d+$/.test(s)) return false;
    const m = /^[-+]?\d+,(\d+)$/.exec(s);
    if (m && (m[1].length !== 3 || /^[-+]?0,/.test(s) || /^[-+]?\d{4,},/.test(s))) comma = true;
  }
  return comma;
}
