/**
 * A need's goal draft by one target method (docs/statistics.md "Targets"): baseline, target,
 * growth check, the method's words, and the per-student targets of the methods that set them.
 */
import type { MeasureData } from '../dataset';
import type { TargetMethod } from '../report';
import { PERCENT_FORMAT, type ValueFormat } from './format';
import {
  defaultTiers,
  effectSize,
  growthCheck,
  halfGap,
  meanOf,
  observedGrowth,
  ordinal,
  proficiencyGap,
  rubricShare,
  tiered,
  type GrowthCheck,
  type TargetOutcome,
} from './targets';
import type { Need } from './types';
import { StudentTargets } from './student-targets';
import type { NeedSource } from './needs';
import type { Settings } from './settings';
import { eachRecord, scratchOf } from './layout';

export interface Draft {
  need: Need;
  method: TargetMethod;
  metric: 'pctProficient' | 'mean';
  baseline: number;
  target: number;
  format: ValueFormat;
  check: GrowthCheck;
  methodWords: string;
  flags: string[];
  perStudent: StudentTargets;
  /** rubric-share: the rubric level and how many educators are at it or above, now and targeted. */
  rubric?: { level: number; from: number; to: number; n: number };
}

/** Which method a student measure uses: config.targets.method when it applies, else the default. */
export function studentMethod(
  m: MeasureData,
  hasComparableTeams: boolean,
  configured: TargetMethod | undefined,
): { method: TargetMethod; note: string | null } {
  // Default: what comparable teams showed they can do; without two such teams, the gap rules.
  const fallback = (): TargetMethod =>
    hasComparableTeams
      ? 'observed-growth'
      : m.max !== null
        ? 'half-gap'
        : m.proficient !== null
          ? 'proficiency-gap'
          : 'effect-size';
  if (!configured) return { method: fallback(), note: null };
  const why =
    configured === 'half-gap' && m.max === null
      ? 'needs a maximum score'
      : configured === 'proficiency-gap' && m.proficient === null
        ? 'needs a proficiency cut'
        : configured === 'observed-growth' && !hasComparableTeams
          ? 'needs at least two teams with enough pairs'
          : null;
  if (!why) return { method: configured, note: null };
  const used = fallback();
  return { method: used, note: `config method ${configured} ${why} for ${m.name}; used ${used}` };
}

/**
 * A half-gap or tiered target: each student's target, the group's mean of them (for half-gap
 * from the sums made with the need's figures, the same targets summed in the same order; else,
 * to list each student's target, or when that sum overflows, one by one in record order).
 */
function perStudentDraft(
  need: Need,
  src: NeedSource,
  settings: Settings,
  method: 'half-gap' | 'tiered',
  rows: boolean,
): { outcome: TargetOutcome; methodWords: string; perStudent: StudentTargets } {
  const { ctx } = src;
  const { m, ds } = ctx;
  const max = m.max;
  const f = settings.fraction;
  const tiers =
    method === 'tiered'
      ? (settings.tiers ?? defaultTiers(max, ctx.districtMean ?? 0, ctx.districtSd ?? 0))
      : [];
  const perStudent = new StudentTargets();
  let nt = 0;
  let mean: number | null = null;
  if (method === 'half-gap' && !rows && Number.isFinite(src.halfGapSum / src.halfGapN)) {
    nt = src.halfGapN;
    mean = src.halfGapSum / nt;
  } else {
    const targets = scratchOf(ctx.layout);
    eachRecord(ctx.layout, src.unit, src.col, src.code, false, (i) => {
      const x = m.post[i];
      if (!Number.isFinite(x)) return;
      const t = method === 'half-gap' ? halfGap(x, max!, f) : tiered(x, tiers, max);
      if (t.value === null) return;
      targets[nt++] = t.value;
      if (rows) perStudent.push(ds, i, m.name, method, x, t.value, max !== null && x >= max);
    });
    if (nt) mean = meanOf(targets, nt)!;
  }
  const outcome: TargetOutcome =
    max !== null && need.mean! >= max
      ? {
          value: null,
          reason: `every student in the group is already at the maximum (${max}): no ${method} goal`,
        }
      : mean !== null
        ? { value: mean, reason: null }
        : { value: null, reason: 'no baseline scores' };
  const methodWords =
    method === 'half-gap'
      ? `half-gap: each student's target is x + ${round2(f)}·(${max} − x), closing ${gapWords(settings)} of the distance to the maximum; the group target is the mean of those targets`
      : `tiered: each student's target comes from the band of their baseline (${tiers.map((t) => `${t.upTo === null ? 'above' : `up to ${round2(t.upTo)}`}: ${t.endScore !== undefined ? `reach ${round2(t.endScore)}` : `+${round2(t.growth ?? 0)}`}`).join('; ')})`;
  return { outcome, methodWords, perStudent };
}

/**
 * @param rows whether to build the per-student rows (only the everyone-in-the-team needs emit
 * them; building them for every subgroup too would be thrown away)
 */
export function draftFor(
  need: Need,
  src: NeedSource,
  settings: Settings,
  method: TargetMethod,
  rows = false,
): { draft: Draft | null; reason: string | null } {
  const { ctx } = src;
  const { m, ds } = ctx;
  let outcome: TargetOutcome;
  let metric: 'pctProficient' | 'mean' = 'mean';
  let baseline = need.mean!;
  let methodWords = '';
  // Shared, read-only lists: not copied per need.
  let growths: readonly number[] = ctx.growthMeans;
  let sorted: Float64Array | null = ctx.sortedMean;
  let perStudent = new StudentTargets();
  let rubric: Draft['rubric'];
  const f = settings.fraction;
  if (method === 'half-gap' || method === 'tiered') {
    const g = perStudentDraft(need, src, settings, method, rows);
    outcome = g.outcome;
    methodWords = g.methodWords;
    perStudent = g.perStudent;
  } else if (method === 'proficiency-gap') {
    metric = 'pctProficient';
    baseline = need.pctProficient!;
    growths = ctx.growthPps.filter((v) => v !== null);
    sorted = growths.length === ctx.growths.length ? ctx.sortedPp : null;
    outcome = proficiencyGap(baseline, f);
    methodWords = `proficiency-gap: p0 + ${round2(f)}·(1 − p0), closing ${gapWords(settings)} of the share not yet proficient; it assumes the cut score (${m.proficient}) stays the same next year`;
  } else if (method === 'observed-growth') {
    const pp = m.proficient !== null && ds.population === 'students';
    if (pp) {
      metric = 'pctProficient';
      baseline = need.pctProficient!;
      growths = ctx.growthPps;
      sorted = ctx.sortedPp;
    }
    const same = src.col >= 0 ? ctx.groupGrowths(src) : null;
    const sameTeams = same?.means.length ?? 0;
    if (same && sameTeams >= 2) {
      growths = pp ? same.pps : same.means;
      sorted = pp ? same.sortedPps : same.sortedMeans;
    }
    const whose =
      sameTeams >= 2
        ? `${growths.length} teams' ${need.groupLabel} students`
        : `${growths.length} comparable teams`;
    outcome = observedGrowth(
      baseline,
      growths,
      settings.percentile,
      metric === 'pctProficient' ? 1 : m.max,
      sorted,
    );
    methodWords = `observed-growth: baseline + the ${ordinal(settings.percentile)} percentile of the growth ${whose} (at least ${settings.minN} pairs each) achieved in the same data; it assumes next year's growth can match what they did this year`;
  } else if (method === 'rubric-share') {
    const r = rubricDraft(src);
    metric = 'pctProficient';
    baseline = r.baseline;
    growths = [];
    sorted = null;
    outcome = r.outcome;
    rubric = r.rubric;
    methodWords = `rubric-share: the share of educators rated ${r.rubric.level} or above (${r.rubric.level} = one below the top of the ${m.max}-point rubric), with half of those below it (rounded up) moving up to it; a step that an observer can see`;
  } else {
    outcome = effectSize(baseline, need.sd, settings.delta, m.max);
    methodWords = `effect-size: baseline mean + ${settings.delta}·SD of the group's baseline scores (${settings.delta} SD; Kraft 2020 calls 0.20 large for education interventions); it assumes the spread stays about the same`;
  }
  if (outcome.value === null) return { draft: null, reason: outcome.reason };
  const format = metric === 'pctProficient' ? PERCENT_FORMAT : ctx.format;
  const check = growthCheck(baseline, outcome.value, growths, sorted);
  const flags = [...need.flags];
  if (check.label === 'beyond reach')
    flags.push(
      'beyond reach: the growth asked for is above the best growth of any comparable team',
    );
  if (check.label === 'stretch')
    flags.push('stretch: the growth asked for is above the 90th percentile of team growth');
  if (check.label === 'timid')
    flags.push('timid: the growth asked for is below the median team growth');
  return {
    draft: {
      need,
      method,
      metric,
      baseline,
      target: outcome.value,
      format,
      check,
      methodWords,
      flags,
      perStudent,
      rubric,
    },
    reason: null,
  };
}

/** The rubric level a team's share is counted at: one below the top (3 on a 1–4 rubric). */
export const rubricLevelOf = (max: number): number => max - 1;

/** Which method a practice (educator) goal uses: rubric steps on a rubric, else effect-size. */
export function practiceMethod(m: MeasureData): TargetMethod {
  return m.max !== null && m.max >= 3 && m.max <= 10 ? 'rubric-share' : 'effect-size';
}

/** A team's share of educators at the rubric level or above, and its rubric-share target. */
function rubricDraft(src: NeedSource): {
  baseline: number;
  outcome: TargetOutcome;
  rubric: NonNullable<Draft['rubric']>;
} {
  const { m, layout } = src.ctx;
  const level = rubricLevelOf(m.max!);
  let n = 0;
  let at = 0;
  eachRecord(layout, src.unit, src.col, src.code, false, (i) => {
    const x = m.post[i];
    if (!Number.isFinite(x)) return;
    n++;
    if (x >= level) at++;
  });
  const outcome = rubricShare(at, n);
  const to = outcome.value === null ? at : Math.round(outcome.value * n);
  return { baseline: n ? at / n : 0, outcome, rubric: { level, from: at, to, n } };
}

/** "50%", or "29.3% a year (50% over 2 years)" with a horizon. */
function gapWords(settings: Settings): string {
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  return settings.horizonYears === 1
    ? pct(settings.fraction)
    : `${pct(settings.fraction)} a year (${pct(settings.gapFraction)} over ${settings.horizonYears} years)`;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
