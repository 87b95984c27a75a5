/**
 * A1 → R1C1, so a formula that is the same on every row of a column can be sent once for the
 * whole column block: `range.formulasR1C1 = "=IF(RC[-1]="""","""",…)"`. Office.js applies a single
 * value to every cell of the range ("When setting formulas to a range, the value argument can be
 * either a single value (a string) or a two-dimensional array. If the argument is a single value,
 * it will be applied to all cells in the range", the Excel.Range typings of ExcelApi 1.2; and
 * "Update all cells in a range" in Microsoft's Excel JavaScript API performance guide). In R1C1
 * the same text is the same formula in every row, so nothing depends on how Excel adjusts it.
 *
 * Only what converts exactly is converted: canonical cell references (`B2`, `$B$2`, `$B2`, upper
 * case, no leading zero), ranges of two of them, sheet prefixes, functions, numbers, strings and
 * operators. Anything else (whole rows or columns, names, structured references, error literals,
 * lower-case references) gives null, and the caller writes the A1 text as before.
 */

const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;

const isDigit = (c: number) => c >= 48 && c <= 57;
const isUpper = (c: number) => c >= 65 && c <= 90;
const isLetter = (c: number) => isUpper(c) || (c >= 97 && c <= 122);
/** First character of a function, name, sheet or reference: letter, "_", "$", "\". */
const isWordStart = (c: number) => isLetter(c) || c === 95 || c === 36 || c === 92;
const isWordChar = (c: number) => isWordStart(c) || isDigit(c) || c === 46;
/** Operators, parentheses, separators, white space and array-constant braces. */
const PLAIN = new Set([...'+-*/^&=<>%(),;{} \n\r\t'].map((c) => c.charCodeAt(0)));

const OTHER = 0;
const REF = 1;
const SHEET = 2;
const COLON = 3;

function part(axis: 'R' | 'C', absolute: boolean, target: number, here: number): string {
  if (absolute) return `${axis}${target}`;
  const d = target - here;
  return d === 0 ? axis : `${axis}[${d}]`;
}

/**
 * The R1C1 text of a canonical A1 reference (`B2`, `$B$2`, `B$2`, `$B2`) in the cell at `row`,
 * `column`, or null when `formula[from, to)` is not one.
 */
function refR1C1(formula: string, from: number, to: number, row: number, column: number) {
  let k = from;
  const colAbs = formula.charCodeAt(k) === 36;
  if (colAbs) k++;
  let col = 0;
  const letters = k;
  while (k < to && isUpper(formula.charCodeAt(k))) col = col * 26 + formula.charCodeAt(k++) - 64;
  if (k === letters || k - letters > 3) return null;
  const rowAbs = formula.charCodeAt(k) === 36;
  if (rowAbs) k++;
  if (k >= to || formula.charCodeAt(k) === 48 || to - k > 7) return null;
  let r = 0;
  while (k < to && isDigit(formula.charCodeAt(k))) r = r * 10 + formula.charCodeAt(k++) - 48;
  if (k !== to || col > MAX_COLUMNS || r > MAX_ROWS) return null;
  return part('R', rowAbs, r, row) + part('C', colAbs, col, column);
}

/**
 * The R1C1 text of an A1 formula written in the cell at `row`, `column` (1-based), or null when
 * the formula holds something this converter does not handle for certain.
 * @example a1ToR1C1('=IF(L2="","",L2-J2)', 2, 14) // '=IF(RC[-2]="","",RC[-2]-RC[-4])'
 * @example a1ToR1C1("=SUM('Impact Data'!$I$2:$I$9)", 5, 1) // "=SUM('Impact Data'!R2C9:R9C9)"
 */
export function a1ToR1C1(formula: string, row: number, column: number): string | null {
  const n = formula.length;
  if (n < 2 || formula.charCodeAt(0) !== 61) return null;
  // Unchanged text is copied in spans: formula[copied, i) is not yet in `out`.
  let out = '';
  let copied = 0;
  let i = 1;
  let last = OTHER;
  while (i < n) {
    const ch = formula.charCodeAt(i);
    // After "Sheet!" or "A1:" only a cell reference may come.
    if ((last === SHEET || last === COLON) && !isWordStart(ch)) return null;
    if (ch === 34 || ch === 39) {
      // A string literal ("…") or a quoted sheet name ('…'), quotes doubled inside.
      let j = i + 1;
      for (;;) {
        if (j >= n) return null;
        if (formula.charCodeAt(j) === ch) {
          if (formula.charCodeAt(j + 1) === ch) j += 2;
          else break;
        } else j++;
      }
      if (ch === 39) {
        if (formula.charCodeAt(j + 1) !== 33) return null;
        i = j + 2;
        last = SHEET;
      } else {
        i = j + 1;
        last = OTHER;
      }
      continue;
    }
    if (isDigit(ch) || (ch === 46 && isDigit(formula.charCodeAt(i + 1)))) {
      let j = i;
      while (j < n && isDigit(formula.charCodeAt(j))) j++;
      if (formula.charCodeAt(j) === 46) j++;
      while (j < n && isDigit(formula.charCodeAt(j))) j++;
      const e = formula.charCodeAt(j);
      if (e === 69 || e === 101) {
        let k = j + 1;
        const sign = formula.charCodeAt(k);
        if (sign === 43 || sign === 45) k++;
        if (isDigit(formula.charCodeAt(k))) {
          while (k < n && isDigit(formula.charCodeAt(k))) k++;
          j = k;
        }
      }
      // "2:5" is a whole-row reference; "3A" is not a formula Excel would take.
      const next = formula.charCodeAt(j);
      if (next === 58 || isWordChar(next)) return null;
      i = j;
      last = OTHER;
      continue;
    }
    if (isWordStart(ch)) {
      let j = i + 1;
      while (j < n && isWordChar(formula.charCodeAt(j))) j++;
      const next = formula.charCodeAt(j);
      const word = formula.slice(i, j);
      if (next === 40 || next === 33) {
        // A function (before "(") or a bare sheet name (before "!"), neither holding "$".
        if (word.includes('$') || last !== OTHER) return null;
        if (next === 33) {
          // Quoted in R1C1, where a name like "R" or "C2" would read as a reference.
          out += `${formula.slice(copied, i)}'${word}'!`;
          copied = j + 1;
          i = j + 1;
          last = SHEET;
        } else {
          i = j;
          last = OTHER;
        }
        continue;
      }
      const ref = refR1C1(formula, i, j, row, column);
      if (ref !== null) {
        out += formula.slice(copied, i) + ref;
        copied = j;
        i = j;
        last = REF;
        continue;
      }
      if (last === OTHER && (word === 'TRUE' || word === 'FALSE')) {
        i = j;
        continue;
      }
      return null;
    }
    if (ch === 58) {
      if (last !== REF) return null;
      i++;
      last = COLON;
      continue;
    }
    if (!PLAIN.has(ch)) return null;
    i++;
    last = OTHER;
  }
  return last === SHEET || last === COLON ? null : out + formula.slice(copied);
}
