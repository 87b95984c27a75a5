/**
 * Target methods of docs/statistics.md ("Targets"), as small pure functions so each can be checked
 * by hand. Every function returns null with a reason instead of an impossible target.
 */

/** A target, or null with the reason no goal of this kind makes sense. */
export type TargetOutcome = { value: number; reason: null } | { value: null; reason: string };

const ok = (value: number): TargetOutcome => ({ value, reason: null });
const no = (reason: string): TargetOutcome => ({ value: null, reason });

/** Mean of the finite values; null when there are none. */
export function meanOf(values: ArrayLike<number>, n = values.length): number | null {
  if (n === 0) return null;
  let s = 0;
  for (let k = 0; k < n; k++) s += values[k];
  return s / n;
}

/**
 * Sample standard deviation (n − 1); null when n < 2.
 * @param mean meanOf(values, n) when the caller has it already (saves a pass)
 */
export function sdOf(values: ArrayLike<number>, n = values.length, mean?: number): number | null {
  if (n < 2) return null;
  const m = mean ?? meanOf(values, n)!;
  let s = 0;
  for (let k = 0; k < n; k++) s += (values[k] - m) * (values[k] - m);
  return Math.sqrt(s / (n - 1));
}

/**
 * Percentile p (0–100) by linear interpolation between order statistics (R's default
 * `quantile(x, p / 100)`, type 7). Null for an empty list.
 * @example percentile([1, 2, 3, 4], 75) // 3.25
 */
export function percentile(values: ArrayLike<number>, p: number): number | null {
  return percentileOfSorted(sortedValues(values), p);
}

/**
 * An ascending copy of the values (a typed-array sort: no comparator calls), to take several
 * percentiles of one list with {@link percentileOfSorted} after sorting it once.
 * @param values finite numbers
 * @returns a new Float64Array in ascending order
 */
export function sortedValues(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * {@link percentile} of values already sorted ascending (e.g. by {@link sortedValues}).
 * @param v ascending values
 * @param p percentile, 0–100
 * @returns the type-7 percentile, or null for an empty list
 * @example percentileOfSorted(sortedValues([4, 1, 3, 2]), 75) // 3.25
 */
export function percentileOfSorted(v: ArrayLike<number>, p: number): number | null {
  if (v.length === 0) return null;
  const h = (v.length - 1) * (p / 100);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, v.length - 1);
  return v[lo] + (h - lo) * (v[hi] - v[lo]);
}

/**
 * Half-gap target for one student: x + f · (max − x). A student already at max keeps max.
 * @param x baseline score
 * @param max highest possible score
 * @param f share of the gap to close (default 0.5)
 * @returns the target, or null with a reason when x is missing or above max
 * @example halfGap(60, 100) // { value: 80, reason: null }
 */
export function halfGap(x: number, max: number, f = 0.5): TargetOutcome {
  if (!Number.isFinite(x)) return no('no baseline score');
  if (x > max) return no(`the baseline ${x} is above the maximum ${max}`);
  return ok(x + f * (max - x));
}

/** A band of the tiered method: baselines up to `upTo` (null = no upper bound). */
export interface Tier {
  upTo: number | null;
  growth?: number;
  endScore?: number;
}

/**
 * Default tiers. With a maximum: up to half of max grow 15% of max, up to three quarters grow
 * 10%, above grow 5% (never past max). Without one: bands at the district mean ± 0.5 SD,
 * growing 0.3, 0.2 and 0.1 SD.
 */
export function defaultTiers(max: number | null, districtMean: number, districtSd: number): Tier[] {
  if (max !== null) {
    return [
      { upTo: 0.5 * max, growth: 0.15 * max },
      { upTo: 0.75 * max, growth: 0.1 * max },
      { upTo: null, growth: 0.05 * max },
    ];
  }
  return [
    { upTo: districtMean - 0.5 * districtSd, growth: 0.3 * districtSd },
    { upTo: districtMean + 0.5 * districtSd, growth: 0.2 * districtSd },
    { upTo: null, growth: 0.1 * districtSd },
  ];
}

/**
 * Tiered target for one student: the first band whose `upTo` is ≥ x (bands ascending; a band
 * with upTo null catches the rest) gives an end score or a growth; never above max.
 * @example tiered(40, [{ upTo: 50, growth: 15 }, { upTo: null, growth: 5 }], 100) // 55
 */
export function tiered(x: number, tiers: Tier[], max: number | null): TargetOutcome {
  if (!Number.isFinite(x)) return no('no baseline score');
  const band = tiers.find((t) => t.upTo === null || x <= t.upTo);
  if (!band) return no(`no tier covers the baseline ${x}`);
  let t: number;
  if (band.endScore !== undefined && band.endScore !== null) t = Math.max(x, band.endScore);
  else if (band.growth !== undefined && band.growth !== null) t = x + band.growth;
  else return no('the tier gives neither a growth nor an end score');
  if (max !== null) t = Math.min(t, max);
  return ok(t);
}

/**
 * Proficiency-gap target: p0 + f · (1 − p0) for the share proficient p0 (0..1).
 * @example proficiencyGap(0.48, 0.25) // { value: 0.61, reason: null }
 */
export function proficiencyGap(p0: number, f = 0.5): TargetOutcome {
  if (!Number.isFinite(p0)) return no('no baseline share proficient');
  if (p0 >= 1) return no('every student is already proficient: no proficiency-gap goal');
  return ok(p0 + f * (1 - p0));
}

/**
 * Observed-growth target: baseline + the p-th percentile of the growth comparable teams
 * achieved in the same data, never more than the best of them (so a default goal never asks
 * for more growth than some team showed), capped at `cap` (e.g. max, or 1 for a share).
 * @param growths growth of each comparable team (teams under the minimum n already left out)
 * @param sorted the same growths sorted ascending, when the caller already has them
 * @example observedGrowth(50, [1, 2, 3, 4], 75) // { value: 53.25, reason: null }
 */
export function observedGrowth(
  baseline: number,
  growths: readonly number[],
  p = 75,
  cap: number | null = null,
  sorted: ArrayLike<number> | null = null,
): TargetOutcome {
  if (growths.length < 2)
    return no('fewer than two comparable teams with enough students to learn a growth from');
  const v = sorted ?? sortedValues(growths);
  const g = Math.min(percentileOfSorted(v, p)!, v[v.length - 1]);
  if (!(g > 0))
    return no(
      `the ${ordinal(p)} percentile of the growth comparable teams achieved is not positive (${round(g, 3)})`,
    );
  if (cap !== null && baseline >= cap) return no('the baseline is already at the maximum');
  const t = baseline + g;
  return ok(cap !== null ? Math.min(t, cap) : t);
}

/**
 * The share of the gap to close each year so that `f` of it is closed in `years` years (the gap
 * shrinks each year): 1 − (1 − f)^(1/years). One year gives f itself.
 * @example annualShare(0.5, 2) // 0.2928932188134524
 */
export function annualShare(f: number, years = 1): number {
  if (years === 1) return f;
  return 1 - (1 - f) ** (1 / years);
}

/**
 * Rubric team target in observable steps: the share of educators at `level` or above, with half
 * of those below it (rounded up, at least one) moved up to it.
 * @param atLevel educators at the level or above now
 * @param n educators with a rating
 * @example rubricShare(2, 5) // { value: 0.8, reason: null }: 2 of 5 at 3+ → 4 of 5
 */
export function rubricShare(atLevel: number, n: number): TargetOutcome {
  if (n === 0) return no('no educator has a rating');
  const below = n - atLevel;
  if (below <= 0) return no('every educator is already at the level or above');
  return ok((atLevel + Math.ceil(below / 2)) / n);
}

/**
 * Rubric target for one educator: the next whole level above the rating (never above max).
 * @example rubricLevel(1, 4) // { value: 2, reason: null }
 */
export function rubricLevel(x: number, max: number): TargetOutcome {
  if (!Number.isFinite(x)) return no('no rating');
  if (x >= max) return no(`the rating ${x} is already at the maximum ${max}`);
  return ok(Math.min(max, Math.floor(x) + 1));
}

/**
 * Effect-size target for a mean: baselineMean + δ · baselineSd (δ = 0.20 by default, Kraft's
 * "large" for education interventions).
 * @example effectSize(2.5, 0.5) // { value: 2.6, reason: null }
 */
export function effectSize(
  baselineMean: number,
  baselineSd: number | null,
  delta = 0.2,
  cap: number | null = null,
): TargetOutcome {
  if (!Number.isFinite(baselineMean)) return no('no baseline mean');
  if (baselineSd === null || !(baselineSd > 0))
    return no(
      'the baseline has no spread (fewer than two scores or all equal): an SD-based target is undefined',
    );
  if (cap !== null && baselineMean >= cap) return no('the baseline mean is already at the maximum');
  const t = baselineMean + delta * baselineSd;
  return ok(cap !== null ? Math.min(t, cap) : t);
}

export type GrowthCheckLabel = 'beyond reach' | 'stretch' | 'timid' | 'within range';

export interface GrowthCheck {
  label: GrowthCheckLabel | null;
  /** target − baseline */
  required: number;
  median: number | null;
  p90: number | null;
  /** The best growth a comparable team showed (null without two teams). */
  best?: number | null;
  teams: number;
  reason: string | null;
}

/**
 * Compare the growth a target asks for with the growth teams achieved: above the best team's
 * growth it is beyond reach, above the 90th percentile a stretch, below the median timid.
 * Needs at least two teams.
 * @param sorted the same growths sorted ascending, when the caller already has them
 */
export function growthCheck(
  baseline: number,
  target: number,
  growths: readonly number[],
  sorted: ArrayLike<number> | null = null,
): GrowthCheck {
  const required = target - baseline;
  if (growths.length < 2) {
    return {
      label: null,
      required,
      median: null,
      p90: null,
      best: null,
      teams: growths.length,
      reason: 'fewer than two comparable teams to check the growth against',
    };
  }
  const v = sorted ?? sortedValues(growths);
  const median = percentileOfSorted(v, 50)!;
  const p90 = percentileOfSorted(v, 90)!;
  const best = v[v.length - 1];
  // A tolerance so that a target exactly at a percentile is not flagged for binary rounding.
  const tol = 1e-9 * Math.max(1, Math.abs(required));
  const label: GrowthCheckLabel =
    required > best + tol
      ? 'beyond reach'
      : required > p90 + tol
        ? 'stretch'
        : required < median - tol
          ? 'timid'
          : 'within range';
  return { label, required, median, p90, best, teams: growths.length, reason: null };
}

export function ordinal(n: number): string {
  const k = Math.round(n);
  const s = k % 100 >= 11 && k % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][k % 10] ?? 'th');
  return `${k}${s}`;
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
