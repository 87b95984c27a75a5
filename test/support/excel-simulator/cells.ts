/**
 * The cell model and how Excel turns what an add-in writes into a cell, as if a person typed it:
 * "=…" (and "+x", "-x", "@x" that are not numbers) become formulas, a leading apostrophe keeps
 * text as text (and is not part of the value), "12", "1,234", "5%", "1e3", "$5", "1/2/2020",
 * "2020-01-02", TRUE/FALSE and "#N/A" become numbers, booleans and errors. This is what catches an
 * adapter that forgets to protect text.
 */
import { SimulatedExcelError, ErrorCodes } from './errors';
import { normaliseSheetQuotes } from './refs';

export type Scalar = number | string | boolean;

export interface CellLook {
  bold?: boolean;
  italic?: boolean;
  fontColor?: string;
  fontSize?: number;
  fill?: string;
  wrap?: boolean;
  horizontalAlignment?: string;
  verticalAlignment?: string;
}

export interface Hyperlink {
  documentReference?: string;
  address?: string;
  textToDisplay?: string;
  screenTip?: string;
}

export interface Cell {
  /** Value; for a formula its cached result (null until something computes it). */
  v: Scalar | null;
  /** True when `v` is an Excel error value ("#N/A", …). */
  err?: boolean;
  /** Formula text with its leading "=". */
  f?: string;
  /** Quote prefix: the text was entered with a leading apostrophe. */
  q?: boolean;
  nf?: string;
  look?: CellLook;
  link?: Hyperlink;
}

export const ERROR_VALUES = [
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#GETTING_DATA',
  '#SPILL!',
  '#CALC!',
  '#FIELD!',
  '#BLOCKED!',
  '#CONNECT!',
  '#BUSY!',
  '#UNKNOWN!',
];
const ERRORS = new Set(ERROR_VALUES);

/** Computes a formula's cached value; the simulator itself does not compute formulas. */
export type Evaluate = (formula: string) => Scalar | null;

export function isEmptyCell(c: Cell | undefined): boolean {
  return !c || ((c.v === null || c.v === '') && c.f === undefined);
}

const NUMBER = /^\s*([+-]?)(\$?)((?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d*)?)(?:[eE]([+-]?\d+))?(%?)\s*$/;
const US_DATE = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/;
const ISO_DATE = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/;

/** Excel serial number of a date in the 1900 system (1900-03-01 and later). */
function dateSerial(y: number, m: number, d: number): number | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCMonth() !== m - 1) return null;
  return Math.round((t - Date.UTC(1899, 11, 30)) / 86_400_000);
}

/** How Excel reads a typed string as a number: the value and the format it gives the cell. */
export function parseTypedNumber(s: string): { value: number; format?: string } | null {
  const m = NUMBER.exec(s);
  if (m && /\d/.test(m[3])) {
    let v = Number(m[3].replace(/,/g, '') + (m[4] !== undefined ? `e${m[4]}` : ''));
    if (!Number.isFinite(v)) return null;
    if (m[1] === '-') v = -v;
    if (m[5]) return { value: v / 100, format: '0%' };
    if (m[2]) return { value: v, format: '$#,##0.00' };
    return { value: v };
  }
  let d = US_DATE.exec(s);
  if (d) {
    const v = dateSerial(Number(d[3]), Number(d[1]), Number(d[2]));
    if (v !== null) return { value: v, format: 'm/d/yyyy' };
  }
  d = ISO_DATE.exec(s);
  if (d) {
    const v = dateSerial(Number(d[1]), Number(d[2]), Number(d[3]));
    if (v !== null) return { value: v, format: 'yyyy-mm-dd' };
  }
  return null;
}

/** A light syntax check Excel would also fail: unclosed string or unbalanced parentheses. */
function checkFormula(formula: string): void {
  let depth = 0;
  let inString = false;
  let inQuoted = false;
  for (const ch of formula) {
    if (inString) {
      if (ch === '"') inString = false;
      continue;
    }
    if (inQuoted) {
      if (ch === "'") inQuoted = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "'") inQuoted = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (depth < 0) break;
  }
  if (inString || inQuoted || depth !== 0 || formula.length < 2) {
    throw new SimulatedExcelError(
      ErrorCodes.invalidArgument,
      `The argument is invalid or missing or has an incorrect format. (formula ${JSON.stringify(formula.slice(0, 80))})`,
    );
  }
}

function formulaCell(
  formula: string,
  evaluate: Evaluate | undefined,
  prev: Cell | undefined,
): Cell {
  checkFormula(formula);
  const f = normaliseSheetQuotes(formula);
  const v = evaluate ? evaluate(f) : null;
  return {
    ...keepLooks(prev),
    v,
    f,
    err: typeof v === 'string' && ERRORS.has(v) ? true : undefined,
  };
}

function keepLooks(prev: Cell | undefined): Partial<Cell> {
  if (!prev) return {};
  const out: Partial<Cell> = {};
  if (prev.nf !== undefined) out.nf = prev.nf;
  if (prev.look) out.look = prev.look;
  if (prev.link) out.link = prev.link;
  return out;
}

/**
 * The cell Excel makes of one entry written to `values` or `formulas` (they behave the same
 * for typed entries). Returns undefined for null: Office.js leaves that cell unchanged.
 */
export function typeEntry(
  entry: unknown,
  prev: Cell | undefined,
  evaluate?: Evaluate,
): Cell | undefined {
  if (entry === null || entry === undefined) return undefined;
  const base = keepLooks(prev);
  if (typeof entry === 'number') {
    if (!Number.isFinite(entry))
      throw new SimulatedExcelError(
        ErrorCodes.invalidArgument,
        'The argument is invalid or missing or has an incorrect format. (a number that is NaN or infinite)',
      );
    return { ...base, v: entry };
  }
  if (typeof entry === 'boolean') return { ...base, v: entry };
  if (typeof entry !== 'string') {
    throw new SimulatedExcelError(
      ErrorCodes.invalidArgument,
      `The argument is invalid or missing or has an incorrect format. (a cell entry of type ${typeof entry})`,
    );
  }
  if (entry.length > 32_767) {
    throw new SimulatedExcelError(
      ErrorCodes.invalidArgument,
      'The argument is invalid or missing or has an incorrect format. (text longer than 32,767 characters)',
    );
  }
  if (entry === '') return { ...base, v: null };
  if (entry.startsWith("'")) return { ...base, v: entry.slice(1), q: true };
  if (entry.startsWith('=') && entry.length > 1) return formulaCell(entry, evaluate, prev);
  const num = parseTypedNumber(entry);
  if (num) return { ...base, v: num.value, nf: base.nf ?? num.format };
  // "+x", "-x" and "@x" that are not numbers are formulas, as when typed.
  if (/^[+-]./.test(entry)) return formulaCell(`=${entry}`, evaluate, prev);
  if (/^@./.test(entry)) return formulaCell(`=${entry.slice(1)}`, evaluate, prev);
  const upper = entry.toUpperCase();
  if (upper === 'TRUE' || upper === 'FALSE') return { ...base, v: upper === 'TRUE' };
  if (ERRORS.has(upper)) return { ...base, v: upper, err: true };
  return { ...base, v: entry };
}

/** What `values` returns for a cell. */
export function cellValue(c: Cell | undefined): Scalar {
  if (!c || c.v === null) return '';
  return c.v;
}

/** What `formulas` returns for a cell: the formula, else the value. */
export function cellFormula(c: Cell | undefined): Scalar {
  if (c?.f !== undefined) return c.f;
  return cellValue(c);
}

/** What `text` returns (a simple rendering: General format, percentages, TRUE/FALSE). */
export function cellText(c: Cell | undefined): string {
  const v = cellValue(c);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') {
    if (c?.nf && /%$/.test(c.nf)) {
      const decimals = /\.(0+)%$/.exec(c.nf)?.[1].length ?? 0;
      return `${(v * 100).toFixed(decimals)}%`;
    }
    const m = c?.nf ? /^0\.(0+)$/.exec(c.nf) : null;
    if (m) return v.toFixed(m[1].length);
    return String(v);
  }
  return v;
}

export function cellValueType(c: Cell | undefined): string {
  if (!c || c.v === null || c.v === '') return 'Empty';
  if (c.err) return 'Error';
  if (typeof c.v === 'number') return 'Double';
  if (typeof c.v === 'boolean') return 'Boolean';
  return 'String';
}
