/**
 * Band edges, defined once: the engine (`bandOf`) and the formula text written into a sheet
 * (`bandFormula`) read the same table, and both round the value to BAND_DIGITS decimals first,
 * so a figure that is exactly on an edge (a normalized gain of 0.30 computed as
 * 0.29999999999999993 on one side and 0.3 on the other) falls in the same band everywhere.
 * docs/statistics.md, "Band edges".
 */

/** One band: values ≥ `min` (after rounding) that no higher band took. */
export interface Band<L extends string> {
  min: number;
  label: L;
}

/** Decimals a value is rounded to before it is compared with an edge (sheet: ROUND(x, 9)). */
export const BAND_DIGITS = 9;

/**
 * A value rounded as the sheet's ROUND(x, BAND_DIGITS) rounds it (half away from zero).
 * @example roundForBand(0.29999999999999993) // 0.3
 */
export function roundForBand(x: number): number {
  const f = 10 ** BAND_DIGITS;
  const r = Math.round(Math.abs(x) * f) / f;
  return x < 0 ? -r : r;
}

/**
 * The band of a value: the first band (highest `min` first) whose edge the rounded value reaches;
 * the last band catches the rest.
 * @param x a finite value
 * @param bands highest edge first
 * @example bandOf(0.3, GAIN_BANDS) // 'medium'
 */
export function bandOf<L extends string>(x: number, bands: readonly Band<L>[]): L {
  const v = roundForBand(x);
  for (const b of bands) if (v >= b.min) return b.label;
  return bands[bands.length - 1].label;
}

/**
 * The same choice as a spreadsheet formula (without "="): nested IFs on ROUND(expr, BAND_DIGITS).
 * @param expr the value's expression, e.g. a cell reference or ABS(cell)
 * @param bands highest edge first
 * @param words the text a band shows, as a formula string literal
 */
export function bandFormula<L extends string>(
  expr: string,
  bands: readonly Band<L>[],
  words: (label: L, i: number) => string,
): string {
  const last = bands.length - 1;
  let out = words(bands[last].label, last);
  for (let i = last - 1; i >= 0; i--) {
    out = `IF(ROUND(${expr},${BAND_DIGITS})>=${String(bands[i].min)},${words(bands[i].label, i)},${out})`;
  }
  return out;
}

export type GainBand = 'low' | 'medium' | 'high';

/** Hake (1998): below 0.3 low, 0.3 to below 0.7 medium, 0.7 and above high. */
export const GAIN_BANDS: readonly Band<GainBand>[] = [
  { min: 0.7, label: 'high' },
  { min: 0.3, label: 'medium' },
  { min: -Infinity, label: 'low' },
];
