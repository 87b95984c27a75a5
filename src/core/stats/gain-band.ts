import { bandOf, GAIN_BANDS, type GainBand } from './bands';

export type { GainBand } from './bands';

/**
 * Hake's (1998) bands of normalized gain: below 0.3 low, 0.3 to below 0.7 medium, 0.7 and
 * above high (a negative gain is low). The edges are GAIN_BANDS, shared with the sheet formula.
 *
 * @param gain a normalized gain
 * @returns its band
 * @example gainBand(0.45) // 'medium'
 */
export function gainBand(gain: number): GainBand {
  return bandOf(gain, GAIN_BANDS);
}
