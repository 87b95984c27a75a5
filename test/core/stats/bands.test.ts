/**
 * Issue 17: one definition of every band edge. A value exactly on an edge (as a decimal) is in
 * the upper band, whatever binary rounding the engine's or the sheet's arithmetic left on it.
 */
import { describe, expect, it } from '@jest/globals';
import { bandFormula, bandOf, GAIN_BANDS, roundForBand } from '../../../src/core/stats/bands';
import { gainBand } from '../../../src/core/stats/gain-band';
import { interpretEffect } from '../../../src/core/stats/interpret-effect';

describe('band edges', () => {
  it.each([
    [0.3, 'medium'],
    // (51.1 − 30.1) / (100 − 30.1) in binary floating point: 0.30000000000000004
    [(51.1 - 30.1) / (100 - 30.1), 'medium'],
    [0.29999999999999993, 'medium'],
    [0.2999999, 'low'],
    [0.7, 'high'],
    [0.7 - 1e-16, 'high'],
    [0.6999, 'medium'],
    [-0.5, 'low'],
  ])('normalized gain %s is %s', (g, band) => {
    expect(gainBand(g)).toBe(band);
  });

  it.each([
    [0.2, 'large'],
    // 10.2 − 10 over an SD of 1 is 0.1999999999999993 in binary: still Kraft's "large" edge
    [10.2 - 10, 'large'],
    [0.1999, 'medium'],
    [0.05, 'medium'],
    [0.049999999999999996, 'medium'],
    [0.0499, 'small'],
  ])('Kraft band of |dav| = %s is %s', (d, label) => {
    expect(interpretEffect(d, 'kraft2020').label).toBe(label);
    expect(interpretEffect(-d, 'kraft2020').label).toBe(label);
  });

  it('rounds half away from zero on the ninth decimal, as ROUND(x, 9) does', () => {
    expect(roundForBand(0.1234567894)).toBe(0.123456789);
    expect(roundForBand(-0.29999999999999993)).toBe(-0.3);
    expect(bandOf(0.3, GAIN_BANDS)).toBe('medium');
  });

  it('writes the same edges into the formula text', () => {
    expect(bandFormula('K9', GAIN_BANDS, (l) => `"${l}"`)).toBe(
      'IF(ROUND(K9,9)>=0.7,"high",IF(ROUND(K9,9)>=0.3,"medium","low"))',
    );
  });
});
