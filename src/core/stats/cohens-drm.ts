/**
 * Cohen's d_rm (Lakens 2013, eq. 9):
 * meanDiff / √(preSd² + postSd² − 2·r·preSd·postSd) · √(2·(1 − r)).
 * The square root is the SD of the differences, which is passed in directly (it is the same
 * number, computed without the cancellation of the long form).
 *
 * @param meanDiff mean of the differences
 * @param sdDiff sample SD of the differences (> 0)
 * @param r Pearson correlation of pre and post (−1..1)
 * @returns d_rm
 * @example cohensDrm(1, 2, 0.5) // 0.5
 */
export function cohensDrm(meanDiff: number, sdDiff: number, r: number): number {
  if (!(sdDiff > 0)) throw new RangeError('cohensDrm requires a positive sdDiff');
  if (!(r >= -1 && r <= 1)) throw new RangeError(`cohensDrm requires r in −1..1, got ${r}`);
  return (meanDiff / sdDiff) * Math.sqrt(2 * (1 - r));
}
