/** Sheet references inside formulas, as Excel rewrites them. */
import { SimulatedExcelError, ErrorCodes } from './errors';
import { columnName } from './address';

/** The sheet name as Excel writes it in a formula: bare when simple, else quoted. */
export function formulaSheetName(name: string): string {
  const bare =
    /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) &&
    !/^[A-Za-z]{1,3}\d+$/.test(name) &&
    !/^[Rr]\d*[Cc]\d*$/.test(name);
  return bare ? name : `'${name.replace(/'/g, "''")}'`;
}

/**
 * Visit each sheet reference (`'Name'!` or `Name!`, outside string literals); `map` returns the
 * replacement text including "!", or undefined to keep the reference as it is.
 */
export function mapSheetRefs(
  formula: string,
  map: (sheet: string, original: string) => string | undefined,
): string {
  let out = '';
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i];
    if (ch === '"') {
      const end = formula.indexOf('"', i + 1);
      const stop = end < 0 ? formula.length : end + 1;
      out += formula.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      let name = '';
      while (j < formula.length) {
        if (formula[j] === "'" && formula[j + 1] === "'") {
          name += "'";
          j += 2;
        } else if (formula[j] === "'") break;
        else name += formula[j++];
      }
      const to = formula[j + 1] === '!' ? map(name, formula.slice(i, j + 2)) : undefined;
      out += to ?? formula.slice(i, j + 1);
      i = to !== undefined ? j + 2 : j + 1;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_.]*!/.exec(formula.slice(i, i + 260));
    if (m && (i === 0 || !/[A-Za-z0-9_.]/.test(formula[i - 1]))) {
      out += map(m[0].slice(0, -1), m[0]) ?? m[0];
      i += m[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** Rewrite references to sheet `from`: `to` is the new text including "!" ("#REF!" when deleted). */
export function rewriteSheetRefs(formula: string, from: string, to: string): string {
  const lower = from.toLowerCase();
  return mapSheetRefs(formula, (name) => (name.toLowerCase() === lower ? to : undefined));
}

/** Excel stores a formula with sheet names quoted only where needed. */
export function normaliseSheetQuotes(formula: string): string {
  return mapSheetRefs(formula, (name) => `${formulaSheetName(name)}!`);
}

const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;

/** The row or column (1-based) of an R1C1 part: none (`R`: here), `[-2]` (relative), `5` (absolute). */
function axis(spec: string | undefined, here: number): { n: number; absolute: boolean } {
  if (spec === undefined) return { n: here, absolute: false };
  if (spec.startsWith('[')) return { n: here + Number(spec.slice(1, -1)), absolute: false };
  return { n: Number(spec), absolute: true };
}

const R1C1_CELL = /^[Rr](\[-?\d+\]|\d+)?[Cc](\[-?\d+\]|\d+)?(?![A-Za-z0-9_.([])/;
const R1C1_ROW_OR_COLUMN = /^[RrCc](\[-?\d+\]|\d+)?(?![A-Za-z0-9_.([])/;

/**
 * A formula in R1C1 notation (as written to `formulasR1C1`) as the A1 formula of the cell at
 * 0-based `row`, `column`: `R[1]C[-2]` is one row down and two columns left, `R2C3` is $C$2,
 * `R`/`C` alone are the cell's own row/column (Excel's R1C1 reference style). Whole rows or
 * columns (`R2:R5`, `C[1]`) are not modelled and throw; a reference off the sheet is refused.
 */
export function r1c1ToA1(formula: string, row: number, column: number): string {
  let out = '';
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      // A string literal or a quoted sheet name, with its doubled quotes.
      let j = i + 1;
      while (j < formula.length && !(formula[j] === ch && formula[j + 1] !== ch)) {
        j += formula[j] === ch ? 2 : 1;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const startsWord = /[A-Za-z_]/.test(ch) && (i === 0 || !/[A-Za-z0-9_.]/.test(formula[i - 1]));
    if (!startsWord) {
      out += ch;
      i++;
      continue;
    }
    const rest = formula.slice(i, i + 40);
    const cell = R1C1_CELL.exec(rest);
    if (cell) {
      const r = axis(cell[1], row + 1);
      const c = axis(cell[2], column + 1);
      if (r.n < 1 || r.n > MAX_ROW || c.n < 1 || c.n > MAX_COLUMN)
        throw new SimulatedExcelError(
          ErrorCodes.invalidArgument,
          `The argument is invalid or missing or has an incorrect format. (R1C1 reference ${cell[0]} lies outside the sheet)`,
        );
      out += `${c.absolute ? '$' : ''}${columnName(c.n - 1)}${r.absolute ? '$' : ''}${r.n}`;
      i += cell[0].length;
      continue;
    }
    if (R1C1_ROW_OR_COLUMN.test(rest))
      throw new TypeError(
        `The Excel simulator does not model whole-row or whole-column R1C1 references (${rest})`,
      );
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest)![0];
    out += word;
    i += word.length;
  }
  return out;
}
