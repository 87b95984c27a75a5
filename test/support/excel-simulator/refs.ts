/** Sheet references inside formulas, as Excel rewrites them. */

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
