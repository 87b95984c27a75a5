/**
 * Relative tolerance under which a standard deviation counts as zero. The engine's one-pass
 * sums give an exact 0 for constant data, but a spreadsheet's mean of n equal non-integer
 * values can be off in the last bit, leaving a spread of ~1e-17; both sides use this rule so
 * they agree on which figures are undefined.
 */
export const NEGLIGIBLE = 1e-12;

/**
 * Whether a spread is zero for practical purposes: `spread ≤ 1e-12 · |scale|`.
 *
 * @param spread a standard deviation (≥ 0)
 * @param scale the size of the values it is the spread of (e.g. their mean)
 * @returns true when the spread is negligible
 * @example isNegligible(0, 5) // true
 */
export function isNegligible(spread: number, scale: number): boolean {
  return spread <= NEGLIGIBLE * Math.abs(scale);
}
