import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface PairedTResult {
  t: number;
  df: number;
  /** Two-sided p value. */
  p: number;
  /** 95% confidence interval of the mean difference. */
  ciLow: number;
  ciHigh: number;
}

/**
 * Paired t test from summary figures, as R's `t.test(post, pre, paired = TRUE)`:
 * t = meanDiff / (sdDiff / √n), df = n − 1, two-sided p, 95% CI meanDiff ± t(0.975, df)·sdDiff/√n.
 *
 * @param meanDiff mean of the differences post − pre
 * @param sdDiff sample standard deviation of the differences (> 0)
 * @param n number of pairs (≥ 2)
 * @returns t, df, p, ciLow, ciHigh
 * @example pairedT(1, 2, 16) // { t: 2, df: 15, p: 0.0639…, … }
 */
export function pairedT(meanDiff: number, sdDiff: number, n: number): PairedTResult {
  if (!(n >= 2)) throw new RangeError(`pairedT requires at least two pairs, got n = ${n}`);
  if (!(sdDiff > 0)) throw new RangeError('pairedT requires a positive sdDiff (differences vary)');
  const df = n - 1;
  const se = sdDiff / Math.sqrt(n);
  const t = meanDiff / se;
  // 2·F(−|t|) rather than 2·(1 − F(|t|)): keeps the precision of very small p values.
  const p = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  const half = tQuantile(0.975, df) * se;
  return { t, df, p, ciLow: meanDiff - half, ciHigh: meanDiff + half };
}
