import { mean, sampleCorrelation, sampleStandardDeviation } from 'simple-statistics';

export interface PairedSummary {
  n: number;
  preMean: number;
  postMean: number;
  preSd: number;
  postSd: number;
  meanDiff: number;
  sdDiff: number;
  r: number;
}

/**
 * Descriptive figures of paired scores from two arrays (simple-statistics, two-pass): the
 * reference the one-pass engine is checked against.
 *
 * @param pre pre scores
 * @param post post scores, same length (pairs by index)
 * @returns n, means, SDs, mean and SD of post − pre, Pearson r (NaN when a side is constant)
 * @example pairedSummary([1, 2, 4], [2, 4, 5]).meanDiff // 4/3
 */
export function pairedSummary(pre: readonly number[], post: readonly number[]): PairedSummary {
  if (pre.length !== post.length) {
    throw new RangeError(
      `pairedSummary requires arrays of the same length, got ${pre.length} and ${post.length}`,
    );
  }
  if (pre.length < 2) throw new RangeError('pairedSummary requires at least two pairs');
  const x = [...pre];
  const y = [...post];
  const d = y.map((v, i) => v - x[i]);
  const preSd = sampleStandardDeviation(x);
  const postSd = sampleStandardDeviation(y);
  return {
    n: x.length,
    preMean: mean(x),
    postMean: mean(y),
    preSd,
    postSd,
    meanDiff: mean(d),
    sdDiff: sampleStandardDeviation(d),
    r: preSd > 0 && postSd > 0 ? sampleCorrelation(x, y) : NaN,
  };
}
