/**
 * Hedges' g_av: d_av with the small-sample correction 1 − 3 / (8n − 9) (Lakens 2013).
 *
 * @param dav Cohen's d_av
 * @param n number of pairs (≥ 2)
 * @returns g_av
 * @example hedgesGav(0.5, 10) // 0.5 · (1 − 3/71)
 */
export function hedgesGav(dav: number, n: number): number {
  if (!(n >= 2)) throw new RangeError(`hedgesGav requires at least two pairs, got n = ${n}`);
  return dav * (1 - 3 / (8 * n - 9));
}
