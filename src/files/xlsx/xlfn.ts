/**
 * Functions added after Excel 2007 are stored in a file with a `_xlfn.` prefix
 * (`_xlfn.T.TEST(…)`); without it Excel and LibreOffice show #NAME?. Office.js takes and gives
 * formulas without the prefix, so the core writes none and the file adapter adds them here.
 * Source: [MS-XLSX] 2.3.3 "Future Function" list.
 */

/** Functions that need `_xlfn.` in a file. */
const FUTURE_FUNCTIONS = new Set(
  `ACOT ACOTH AGGREGATE ARABIC BASE BETA.DIST BETA.INV BINOM.DIST BINOM.DIST.RANGE BINOM.INV
  BITAND BITLSHIFT BITOR BITRSHIFT BITXOR CEILING.MATH CEILING.PRECISE CHISQ.DIST CHISQ.DIST.RT
  CHISQ.INV CHISQ.INV.RT CHISQ.TEST COMBINA CONCAT CONFIDENCE.NORM CONFIDENCE.T COT COTH
  COVARIANCE.P COVARIANCE.S CSC CSCH DAYS DECIMAL ENCODEURL ERF.PRECISE ERFC.PRECISE EXPON.DIST
  F.DIST F.DIST.RT F.INV F.INV.RT F.TEST FILTERXML FLOOR.MATH FLOOR.PRECISE FORECAST.ETS
  FORECAST.ETS.CONFINT FORECAST.ETS.SEASONALITY FORECAST.ETS.STAT FORECAST.LINEAR FORMULATEXT
  GAMMA GAMMA.DIST GAMMA.INV GAMMALN.PRECISE GAUSS HYPGEOM.DIST IFNA IFS IMCOSH IMCOT IMCSC
  IMCSCH IMSEC IMSECH IMSINH IMTAN ISFORMULA ISOWEEKNUM LOGNORM.DIST LOGNORM.INV MAXIFS MINIFS
  MODE.MULT MODE.SNGL MUNIT NEGBINOM.DIST NETWORKDAYS.INTL NORM.DIST NORM.INV NORM.S.DIST
  NORM.S.INV NUMBERVALUE PDURATION PERCENTILE.EXC PERCENTILE.INC PERCENTRANK.EXC PERCENTRANK.INC
  PERMUTATIONA PHI POISSON.DIST QUARTILE.EXC QUARTILE.INC RANK.AVG RANK.EQ RRI SEC SECH SHEET
  SHEETS SKEW.P STDEV.P STDEV.S SWITCH T.DIST T.DIST.2T T.DIST.RT T.INV T.INV.2T T.TEST TEXTJOIN
  UNICHAR UNICODE VAR.P VAR.S WEBSERVICE WEIBULL.DIST WORKDAY.INTL XOR Z.TEST XLOOKUP XMATCH
  LET LAMBDA UNIQUE SEQUENCE RANDARRAY SORTBY ANCHORARRAY SINGLE`
    .split(/\s+/)
    .filter(Boolean),
);
/** Dynamic-array functions stored as `_xlfn._xlws.NAME`. */
const XLWS_FUNCTIONS = new Set(['FILTER', 'SORT']);

const NAME_CHAR = /[A-Za-z0-9._]/;

/**
 * Walk a formula, calling `edit` on each stretch outside string literals ("…") and quoted
 * sheet names ('…'), so text inside them is never touched.
 */
function mapOutsideQuotes(formula: string, edit: (code: string) => string): string {
  let out = '';
  let i = 0;
  let start = 0;
  while (i < formula.length) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      out += edit(formula.slice(start, i));
      let j = i + 1;
      while (j < formula.length) {
        if (formula[j] === ch) {
          if (formula[j + 1] === ch) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      start = i;
    } else {
      i++;
    }
  }
  return out + edit(formula.slice(start));
}

/**
 * Add `_xlfn.` (and `_xlws.`) prefixes to the functions newer than Excel 2007.
 * @example addXlfnPrefixes('=T.TEST(A1:A5,B1:B5,2,1)') // '=_xlfn.T.TEST(A1:A5,B1:B5,2,1)'
 */
export function addXlfnPrefixes(formula: string): string {
  return mapOutsideQuotes(formula, (code) =>
    code.replace(
      /([A-Za-z0-9._]*)(\s*\()/g,
      (whole, name: string, paren: string, offset: number) => {
        if (!name) return whole;
        // The name must start at a token boundary (it always does, the regex is greedy),
        // and an existing prefix is left as it is.
        if (offset > 0 && NAME_CHAR.test(code[offset - 1])) return whole;
        if (/^_xlfn\./i.test(name)) return whole;
        const upper = name.toUpperCase();
        if (XLWS_FUNCTIONS.has(upper)) return `_xlfn._xlws.${name}${paren}`;
        if (FUTURE_FUNCTIONS.has(upper)) return `_xlfn.${name}${paren}`;
        return whole;
      },
    ),
  );
}

/** Remove `_xlfn.` and `_xlws.` prefixes (what Office.js shows), outside quotes. */
export function removeXlfnPrefixes(formula: string): string {
  return mapOutsideQuotes(formula, (code) => code.replace(/_xlfn\.(_xlws\.)?/gi, ''));
}

const isNameCode = (c: number) =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95;

/** What `\s` matches: ASCII spaces here, the others by the regex. */
const isSpaceCode = (c: number) =>
  c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(String.fromCharCode(c)));

/** A hash of `s.slice(start, end).toUpperCase()` for a name of ASCII letters, digits, "." and "_". */
function nameHash(s: string, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    h = (Math.imul(h, 31) + (c >= 97 && c <= 122 ? c - 32 : c)) | 0;
  }
  return h;
}

/** The hashes of the newer functions' names: a name whose hash is not here is not one of them. */
const NEWER_NAME_HASHES = new Set(
  [...FUTURE_FUNCTIONS, ...XLWS_FUNCTIONS].map((n) => nameHash(n, 0, n.length)),
);

/**
 * Whether addXlfnPrefixes could change the formula: a name of a newer function right before a
 * "(" (spaces between allowed), anywhere, quotes not looked at. False means it would not; true
 * only that it may. A quick look for the writer, which has a formula per row of a long sheet.
 */
export function mayNeedXlfnPrefixes(formula: string): boolean {
  for (let p = formula.indexOf('('); p >= 0; p = formula.indexOf('(', p + 1)) {
    let end = p;
    while (end > 0 && isSpaceCode(formula.charCodeAt(end - 1))) end--;
    let start = end;
    while (start > 0 && isNameCode(formula.charCodeAt(start - 1))) start--;
    // Most names (IF, SUM) are ruled out by a number, without making their text.
    if (start === end || !NEWER_NAME_HASHES.has(nameHash(formula, start, end))) continue;
    const upper = formula.slice(start, end).toUpperCase();
    if (FUTURE_FUNCTIONS.has(upper) || XLWS_FUNCTIONS.has(upper)) return true;
  }
  return false;
}
