/**
 * The progress rule, in one place (docs/progress.md): where a goal should be at each window of
 * the year, and what its status is. The Progress sheet writes the same rule as formulas
 * (progress/sheet.ts reads these constants), so the sheet and the report cannot disagree.
 *
 * - The path runs from the goal's baseline (its value at the first window of the year) to its
 *   target at the last window (the due date). By window k (0 = baseline) a share s(k) of the
 *   growth is expected: linear by default, s(k) = k / (windows in the year − 1), or the shares a
 *   config gives (`progress.shares`).
 * - Status at a window before the last: **on track** when the value is at or above the path;
 *   **watch** when it has made at least WATCH_SHARE (half) of the growth expected by then;
 *   **off track** below that.
 * - At the last window: **met** when the value reached the target, else **not met**.
 */

/** The share of the growth expected by now that keeps a goal on "watch" rather than "off track". */
export const WATCH_SHARE = 0.5;

export type ProgressStatus = 'baseline' | 'on track' | 'watch' | 'off track' | 'met' | 'not met';

/** The rule in words, as the sheet and the report show it. */
export const RULE_TEXT =
  `on track: at or above the expected value; watch: at least ${WATCH_SHARE * 100}% of the growth ` +
  `expected by now; off track: less; at the last window of the year: met when the target is reached`;

/**
 * The cumulative share of the goal's growth expected by each window (index 0 = baseline = 0).
 * @param windowsInYear windows in the school year (3: BOY, MOY, EOY)
 * @param shares config `progress.shares` (one per window after the first), or undefined: linear
 * @example windowShares(3) // [0, 0.5, 1]
 */
export function windowShares(windowsInYear: number, shares?: readonly number[]): number[] {
  if (shares && shares.length) return [0, ...shares];
  const last = Math.max(1, windowsInYear - 1);
  return Array.from({ length: last + 1 }, (_, k) => k / last);
}

/** baseline + share × (target − baseline). */
export function expectedValue(baseline: number, target: number, share: number): number {
  return baseline + share * (target - baseline);
}

/**
 * The status of a value at a window (see the header).
 * @param final whether the window is the last of the year
 */
export function statusOf(
  value: number,
  baseline: number,
  expected: number,
  target: number,
  final: boolean,
): ProgressStatus {
  if (final) return value >= target ? 'met' : 'not met';
  if (value >= expected) return 'on track';
  return value >= baseline + WATCH_SHARE * (expected - baseline) ? 'watch' : 'off track';
}
