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
 * t(0.975, df) by df: groups of equal size share it (a million-row file's 5,614 groups have 969
 * sizes), and the quantile is the costliest part of a group's figures. Cleared when full.
 */
const quantiles = new Map<number, number>();
const QUANTILES_KEPT = 4096;

function tQuantile975(df: number): number {
  let q = quantiles.get(df);
  if (q === undefined) {
    if (quantiles.size >= QUANTILES_KEPT) quantiles.clear();
    q = tQuantile(0.975, df);
    quantiles.set(df, q);
  }
  return q;
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
  const half = tQuantile975(df) * se;
  return { t, df, p, ciLow: meanDiff - half, ciHigh: meanDiff + half };
}
