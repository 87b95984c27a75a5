/**
 * Hake's normalized class gain: (postMean − preMean) / (max − preMean).
 *
 * @param preMean mean pre score
 * @param postMean mean post score
 * @param max highest possible score (> preMean)
 * @returns the share of the possible gain that was made
 * @example normalizedGain(40, 70, 100) // 0.5
 */
export function normalizedGain(preMean: number, postMean: number, max: number): number {
  if (!(max > preMean))
    throw new RangeError('normalizedGain requires a pre mean below the maximum score');
  return (postMean - preMean) / (max - preMean);
}
