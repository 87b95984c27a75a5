/**
 * Cohen's d_z for paired scores (Lakens 2013, eq. 6): meanDiff / sdDiff.
 *
 * @param meanDiff mean of the differences
 * @param sdDiff sample standard deviation of the differences (> 0)
 * @returns d_z
 * @example cohensDz(1, 2) // 0.5
 */
export function cohensDz(meanDiff: number, sdDiff: number): number {
  if (!(sdDiff > 0)) throw new RangeError('cohensDz requires a positive sdDiff');
  return meanDiff / sdDiff;
}
