/** Small helpers for writing formulas. */

/**
 * A number as an Excel formula literal (no "e+" forms Excel would reject).
 *
 * @param v a finite number
 * @returns its literal, e.g. 20, 0.5, 1E-12
 */
export function num(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`A formula literal must be finite, got ${v}`);
  return String(v).toUpperCase().replace('E+', 'E');
}

/** A text literal for a formula: "say ""hi""". */
export function str(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
