import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** Welch's two-sample comparison of means (unequal variances), as R's t.test(x, y). */
export interface WelchResult {
  /** mean(x) − mean(y) */
  difference: number;
  se: number;
  /** Welch–Satterthwaite degrees of freedom (not a whole number in general). */
  df: number;
  ciLow: number;
  ciHigh: number;
}

/**
 * Welch's difference of two means with its 95% confidence interval:
 * se = √(sx²/nx + sy²/ny), df = se⁴ / ((sx²/nx)²/(nx − 1) + (sy²/ny)²/(ny − 1)),
 * CI = difference ± t(0.975, df) · se. R: `t.test(x, y, var.equal = FALSE)`.
 * Null when either side has fewer than two values or both have no spread.
 * @example welch(5, 2, 1, 10, 1, 1) // difference 4, …
 */
export function welch(
  nx: number,
  meanX: number,
  sdX: number,
  ny: number,
  meanY: number,
  sdY: number,
): WelchResult | null {
  if (nx < 2 || ny < 2) return null;
  const vx = (sdX * sdX) / nx;
  const vy = (sdY * sdY) / ny;
  const se2 = vx + vy;
  if (!(se2 > 0) || !Number.isFinite(se2)) return null;
  const se = Math.sqrt(se2);
  const df = (se2 * se2) / ((vx * vx) / (nx - 1) + (vy * vy) / (ny - 1));
  const q = tQuantile(0.975, df);
  const difference = meanX - meanY;
  return { difference, se, df, ciLow: difference - q * se, ciHigh: difference + q * se };
}

/**
 * The count, mean and SD of the rest of a group: everyone (n, mean, sd) minus a part of them
 * (k, mean, sd), from the parallel formula for sums of squares:
 * SS_all = SS_part + SS_rest + k·r/n·(mean_part − mean_rest)².
 * @returns null when the rest has no record
 */
export function restOf(
  n: number,
  mean: number,
  sd: number,
  k: number,
  meanPart: number,
  sdPart: number | null,
): { n: number; mean: number; sd: number | null } | null {
  const r = n - k;
  if (r <= 0) return null;
  const restMean = (n * mean - k * meanPart) / r;
  if (r < 2) return { n: r, mean: restMean, sd: null };
  const ssAll = (n - 1) * sd * sd;
  const ssPart = k > 1 && sdPart !== null ? (k - 1) * sdPart * sdPart : 0;
  const d = meanPart - restMean;
  const ssRest = Math.max(0, ssAll - ssPart - ((k * r) / n) * d * d);
  return { n: r, mean: restMean, sd: Math.sqrt(ssRest / (r - 1)) };
}
