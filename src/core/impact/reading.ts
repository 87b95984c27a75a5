/**
 * How the Impact sheet and the JSON report read a pre/post change (issue 17): a gain alone is a
 * gain that includes ordinary growth; only a comparison (the team against the other teams, or
 * ordinary growth for the grade) earns a size word. Small groups read "too few to tell".
 * docs/statistics.md, "Reading a change".
 */
import type { MappingConfig } from '../config';
import { DEFAULTS, checkNormYearShare } from '../options';
import type { EffectLabel, NormComparison, PairedFigures, RelativeGrowth } from '../report';
import { roundForBand } from '../stats/bands';
import type { Benchmark } from '../stats/benchmarks';
import { annualNorm, normReading, type NormSubject } from '../stats/norms';
import { restOf, welch } from '../stats/welch';

export const TOO_FEW = 'too few to tell';
export const INCLUDES_GROWTH = ' (includes ordinary growth)';
export const NO_CLEAR_DIFFERENCE = 'no clear difference from other teams';

/** config.normYearShare (checked by core/options.ts; default there). */
export function yearShareOf(config: MappingConfig): number {
  checkNormYearShare(config.normYearShare);
  return config.normYearShare ?? DEFAULTS.normYearShare;
}

/** The words of a pre/post change: direction only, with the reminder of ordinary growth. */
export function changeReading(f: PairedFigures, minN: number): string | null {
  if (f.dav === null) return null;
  if (f.n < minN) return TOO_FEW;
  if (f.dav === 0) return 'no change';
  return f.dav < 0 ? 'decline' : `gain${INCLUDES_GROWTH}`;
}

/** The words of a relative growth: a benchmark band and a side, or why there is none. */
export function relativeWords(
  r: Pick<RelativeGrowth, 'ciLow' | 'ciHigh' | 'effect'>,
  b: Benchmark,
): string | null {
  if (r.ciLow === null || r.ciHigh === null || r.effect === null) return null;
  if (r.ciLow <= 0 && r.ciHigh >= 0) return NO_CLEAR_DIFFERENCE;
  const size = roundForBand(Math.abs(r.effect));
  const band = b.bands.find((x) => size >= x.min)!;
  return `${r.effect > 0 ? 'above' : 'below'} other teams (${band.words})`;
}

/**
 * A team's change against the pooled change of everyone else in the sheet (Welch).
 * @param team the team's figures
 * @param all the figures of everyone in the sheet on the same measure
 */
/** The benchmark label of a relative growth that shows a clear difference, else null. */
export function relativeLabel(r: RelativeGrowth | null, b: Benchmark): EffectLabel | null {
  if (!r || r.effect === null || !r.reading || r.reading === TOO_FEW) return null;
  if (r.reading === NO_CLEAR_DIFFERENCE) return null;
  const size = roundForBand(Math.abs(r.effect));
  return b.bands.find((x) => size >= x.min)!.label;
}

export function relativeGrowth(
  team: PairedFigures,
  all: PairedFigures,
  minN: number,
  b: Benchmark,
): RelativeGrowth {
  const othersN = all.n - team.n;
  const out: RelativeGrowth = {
    comparison: 'other teams',
    othersN,
    othersMeanDiff: null,
    othersSdDiff: null,
    difference: null,
    se: null,
    df: null,
    ciLow: null,
    ciHigh: null,
    effect: null,
    reading: null,
  };
  if (team.meanDiff === null || all.meanDiff === null || all.sdDiff === null) return out;
  const rest = restOf(all.n, all.meanDiff, all.sdDiff, team.n, team.meanDiff, team.sdDiff);
  if (!rest) return out;
  out.othersMeanDiff = rest.mean;
  out.othersSdDiff = rest.sd;
  if (team.sdDiff === null || rest.sd === null) return out;
  const w = welch(team.n, team.meanDiff, team.sdDiff, rest.n, rest.mean, rest.sd);
  if (!w) return out;
  Object.assign(out, { difference: w.difference, se: w.se, df: w.df });
  out.ciLow = w.ciLow;
  out.ciHigh = w.ciHigh;
  const scale = all.preSd !== null && all.postSd !== null ? (all.preSd + all.postSd) / 2 : 0;
  out.effect = scale > 0 ? w.difference / scale : null;
  out.reading = team.n < minN || othersN < minN ? TOO_FEW : relativeWords(out, b);
  return out;
}

/** A one-grade group's dav against ordinary growth over the same share of a year. */
export function normComparison(
  f: PairedFigures,
  subject: NormSubject | null,
  grade: number | null,
  yearShare: number,
  minN: number,
): NormComparison | null {
  if (subject === null || grade === null) return null;
  const annualGain = annualNorm(subject, grade);
  if (annualGain === null) return null;
  const expected = annualGain * yearShare;
  const reading = f.dav === null ? null : f.n < minN ? TOO_FEW : normReading(f.dav, expected);
  return {
    source: 'Bloom, Hill, Black & Lipsey 2008',
    subject,
    grade,
    annualGain,
    yearShare,
    expected,
    reading,
  };
}
