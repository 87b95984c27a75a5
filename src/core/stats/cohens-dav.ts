/**
 * Cohen's d_av (Lakens 2013, eq. 10): meanDiff / ((preSd + postSd) / 2). Not pingouin's
 * "d_av", which divides by √((preSd² + postSd²) / 2).
 *
 * @param meanDiff mean of the differences post − pre
 * @param preSd sample SD of the pre scores
 * @param postSd sample SD of the post scores
 * @returns d_av
 * @example cohensDav(2, 3, 5) // 0.5
 */
export function cohensDav(meanDiff: number, preSd: number, postSd: number): number {
  const average = (preSd + postSd) / 2;
  if (!(average > 0))
    throw new RangeError('cohensDav requires pre and post SDs whose average is positive');
  return meanDiff / average;
}
