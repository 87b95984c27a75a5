export type GainBand = 'low' | 'medium' | 'high';

/**
 * Hake's (1998) bands of normalized gain: below 0.3 low, 0.3 to below 0.7 medium, 0.7 and
 * above high (a negative gain is low).
 *
 * @param gain a normalized gain
 * @returns its band
 * @example gainBand(0.45) // 'medium'
 */
export function gainBand(gain: number): GainBand {
  if (gain >= 0.7) return 'high';
  if (gain >= 0.3) return 'medium';
  return 'low';
}
