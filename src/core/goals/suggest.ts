/**
 * Needs analysis and goal suggestions (issue 5). Baseline = this year's latest scores (post):
 * goals are set for next year. Every number a goal quotes is computed here from the Datasets,
 * not from the impact rows.
 */
import { DEFAULTS, checkTargetOptions } from '../options';
import type { MappingConfig } from '../config';
import type { Dataset, MeasureData } from '../dataset';
import type { TargetMethod } from '../report';
import { formatValue, longDate, meanFormat, PERCENT_FORMAT, type ValueFormat } from './format';
import { labelOf, type LearningResult } from './learning';
import { complementReason, NAMED_GROUP_BOOST, namesGroup } from './focal';
import { fx, toGoal } from './statements';
import { matchPriority, type DistrictPriority } from './priorities';
import {
  annualShare,
  defaultTiers,
  effectSize,
  growthCheck,
  halfGap,
  meanOf,
  observedGrowth,
  ordinal,
  percentileOfSorted,
  proficiencyGap,
  rubricLevel,
  rubricShare,
  sdOf,
  sortedValues,
  tiered,
  type GrowthCheck,
  type TargetOutcome,
  type Tier,
} from './targets';
import type { Need, SkippedGoal, StudentTarget, SuggestedGoal } from './types';
import {
  districtOf,
  EMPTY,
  finiteValues,
  groupStats,
  groupTable,
  type GroupStats,
} from './group-stats';
import {
  byLabel,
  eachRecord,
  layoutOf,
  scratchOf,
  type GroupSel,
  type Layout,
  type Unit,
} from './layout';

/** At most this many student-outcome goals, team practice goals and individual goals. */
export const MAX_STUDENT_GOALS = 20;
export const MAX_PRACTICE_GOALS = 20;
export const MAX_INDIVIDUAL_GOALS = 10;

export interface Settings {
  minN: number;
  /** The annual share of the gap a half-gap target closes (config fraction over the horizon). */
  fraction: number;
  /** config.targets.fraction and horizonYears as given (for the words). */
  gapFraction: number;
  horizonYears: number;
  percentile: number;
  delta: number;
  method: TargetMethod | undefined;
  tiers: Tier[] | undefined;
}

/** The target settings of the config, defaults filled; a nonsensical setting throws ConfigError. */
export function settingsOf(config: MappingConfig): Settings {
  checkTargetOptions(config); // ConfigError naming the key (core/options.ts)
  const t = config.targets ?? {};
  const d = DEFAULTS.targets;
  const fraction = t.fraction ?? d.fraction;
  const horizonYears = t.horizonYears ?? d.horizonYears;
  return {
    minN: config.minN ?? DEFAULTS.minN,
    fraction: annualShare(fraction, horizonYears),
    gapFraction: fraction,
    horizonYears,
    percentile: t.percentile ?? d.percentile,
    delta: t.delta ?? d.delta,
    method: t.method,
    tiers: t.tiers,
  };
}

/** Growth of each comparable team (≥ minN pairs): mean post − pre, and change in share proficient. */
interface TeamGrowth {
  team: string;
  pairs: number;
  mean: number;
  pp: number | null;
}

/** Pooled SD of two groups from their sizes and SDs; null when either has fewer than two. */
function pooledSdN(na: number, sa: number | null, nb: number, sb: number | null): number | null {
  if (na < 2 || nb < 2 || sa === null || sb === null) return null;
  const v = ((na - 1) * sa * sa + (nb - 1) * sb * sb) / (na + nb - 2);
  return v > 0 ? fin(Math.sqrt(v)) : null;
}

/** A figure that overflowed (differences of scores near 1e308) is left out, not Infinity. */
const fin = (x: number | null): number | null => (x !== null && Number.isFinite(x) ? x : null);

/**
 * Growth of each comparable team from its everyone-group figures: the mean of post − pre over
 * its pairs (their sum in record order over their number, as `meanOf` of the differences), and
 * the change in share proficient among them.
 */
function teamGrowths(
  layout: Layout,
  m: MeasureData,
  everyone: GroupStats[],
  minN: number,
): TeamGrowth[] {
  if (!layout.ds.team) return [];
  const out: TeamGrowth[] = [];
  layout.units.forEach((u, ui) => {
    const st = everyone[ui];
    const n = st.pairs;
    if (n < minN) return;
    let mean = st.gain / n;
    if (!Number.isFinite(mean)) {
      // meanOf's way for a sum that overflows: each difference divided first.
      const { pre, post } = m;
      mean = 0;
      eachRecord(layout, ui, -1, -1, false, (i) => {
        if (Number.isFinite(post[i]) && Number.isFinite(pre[i])) mean += (post[i] - pre[i]) / n;
      });
    }
    // A growth that overflows (scores near 1e308) cannot be compared: leave the team out.
    if (!Number.isFinite(mean)) return;
    const pp = m.proficient !== null ? st.postAtLeast / n - st.preAtLeast / n : null;
    out.push({ team: u.team!, pairs: n, mean, pp });
  });
  return out;
}

const fold = (s: string | null) => (s ?? '').trim().toLowerCase();

/** One computation per group: every need of a group (one per team) reads the same list. */
function memoByGroup<T>(
  f: (g: { col: number; code: number }) => T,
): (g: { col: number; code: number }) => T {
  const seen = new Map<string, T>();
  return (g) => {
    const key = `${g.col}:${g.code}`;
    if (!seen.has(key)) seen.set(key, f(g));
    return seen.get(key)!;
  };
}

/**
 * The growth of one group (a subgroup value) in each team that has at least `minN` pairs of it:
 * what a group goal is compared with, so that a goal for students with disabilities asks for
 * what that group showed elsewhere, not what whole teams did.
 */
function groupGrowths(
  layout: Layout,
  stats: GroupStats[][],
  cut: number | null,
  minN: number,
  g: { col: number; code: number },
): TeamGrowth[] {
  const out: TeamGrowth[] = [];
  layout.units.forEach((u, ui) => {
    const gi = layout.groups[ui].findIndex((x) => x.col === g.col && x.code === g.code);
    const st = gi < 0 ? null : stats[ui][gi];
    if (!st || st.pairs < minN || u.team === null) return;
    const mean = st.gain / st.pairs;
    if (!Number.isFinite(mean)) return;
    const pp = cut !== null ? st.postAtLeast / st.pairs - st.preAtLeast / st.pairs : null;
    out.push({ team: u.team, pairs: st.pairs, mean, pp });
  });
  return out;
}

interface MeasureContext {
  ds: Dataset;
  /** The dataset's groups records of student rows (one per combination of subgroup values). */
  groupsRecords: GroupsRecords;
  m: MeasureData;
  layout: Layout;
  growths: TeamGrowth[];
  /** Team growths (means; changes in share proficient where known), listed and sorted once. */
  growthMeans: number[];
  growthPps: number[];
  sortedMean: Float64Array;
  sortedPp: Float64Array | null;
  /** The same group's growth in each team with enough of it (group goals compare with these). */
  groupGrowths: (g: { col: number; code: number }) => TeamGrowth[];
  districtMean: number | null;
  districtSd: number | null;
  format: ValueFormat;
}

/** Where a need's students are, and the sums its half-gap target is made of. */
interface NeedSource {
  need: Need;
  ctx: MeasureContext;
  unit: number;
  col: number;
  code: number;
  halfGapSum: number;
  halfGapN: number;
}

/** The gap of a group to the rest of its unit: in share proficient (points) and in pooled SDs. */
function gapsOf(
  st: GroupStats,
  rest: GroupStats | null,
  cut: number | null,
): { gapPp: number | null; gapEs: number | null } {
  if (!rest) return { gapPp: null, gapEs: null };
  const rn = rest.n;
  const gapPp = cut !== null && rn > 0 ? (rest.atLeastCut / rn - st.atLeastCut / st.n) * 100 : null;
  const pooled = pooledSdN(st.n, st.sd, rn, rest.sd);
  return { gapPp, gapEs: pooled !== null ? fin((rest.mean - st.mean) / pooled) : null };
}

/** One group's need from its figures (and those of the rest of its unit, for its gap). */
function groupNeed(
  at: {
    ds: Dataset;
    m: MeasureData;
    u: Unit;
    g: GroupSel;
    st: GroupStats;
    rest: GroupStats | null;
    sMean: number | null;
    weakest: string | null;
    settings: Settings;
  },
  measure: {
    cut: number | null;
    bar: number | null;
    districtMean: number | null;
    districtSd: number | null;
    medianGrowth: number | null;
    comparable: number;
  },
): Need {
  const { ds, m, u, g, st, rest, sMean, weakest, settings } = at;
  const { cut, bar, districtMean, districtSd } = measure;
  const { n, mean, sd, reach } = st;
  const pctProficient = cut !== null ? st.atLeastCut / n : null;
  const z = (x: number | null) =>
    x !== null && districtSd !== null && districtSd > 0 ? fin((mean - x) / districtSd) : null;
  const zDistrict = z(districtMean);
  const { gapPp, gapEs } = gapsOf(st, rest, cut);
  const growth = st.pairs ? fin(st.gain / st.pairs) : null;
  const severity = reach / n + Math.max(0, zDistrict === null ? 0 : -zDistrict);
  const smallGroup = n < settings.minN;
  return {
    population: ds.population,
    sheet: ds.sheet,
    level: u.level,
    team: u.team,
    school: u.school,
    measure: m.name,
    groups: g.groups,
    groupLabel: g.label,
    n,
    mean,
    sd,
    max: m.max,
    proficient: cut,
    pctProficient,
    notProficient: cut !== null ? n - st.atLeastCut : null,
    bar: bar!,
    barKind: cut !== null ? 'proficient' : 'district mean',
    reach,
    shareBelow: reach / n,
    districtMean,
    districtSd,
    zDistrict,
    schoolMean: sMean,
    zSchool: z(sMean),
    gapPp,
    gapEs,
    pairs: st.pairs,
    growth,
    teamGrowthMedian: measure.medianGrowth,
    comparableTeams: measure.comparable,
    weakestPractice: weakest,
    severity,
    priority: reach * severity,
    smallGroup,
    flags: smallGroup ? [`small group (n = ${n} < ${settings.minN})`] : [],
  };
}

/**
 * The needs analysis of one dataset (students or educators): one row per team × measure ×
 * group (educators: per team × component, everyone), each with where its students are.
 * Sorted by nothing; callers rank.
 */
function needsOf(ds: Dataset, settings: Settings, learning: LearningResult): NeedSource[] {
  const sources: NeedSource[] = [];
  const layout = layoutOf(ds, ds.population === 'students' ? ds.subgroups : []);
  const { units } = layout;
  // The learning row of each team, first match wins (as a linear find would).
  // Students match a team by folded name; educators by sheet and exact team (null included).
  const weakestByTeam = new Map<string | null, string | null>();
  for (const t of learning.teams) {
    if (ds.population === 'educators' && t.sheet !== ds.sheet) continue;
    const key = ds.population === 'students' ? fold(t.team) : t.team;
    if (!weakestByTeam.has(key)) weakestByTeam.set(key, t.weakestComponent ?? null);
  }
  const groupsRecords: GroupsRecords = new Map();
  const districts = ds.measures.map((m) => districtOf(ds, m));
  const table = groupTable(layout, districts, settings.fraction);
  ds.measures.forEach((m, mi) => {
    const cut = m.proficient;
    const { mean: districtMean, sd: districtSd, schoolMean } = districts[mi];
    const bar = cut ?? districtMean;
    const stats = units.map((_, ui) =>
      layout.groups[ui].map((g) => groupStats(table, mi, ui, g.col, g.code)),
    );
    const growths = teamGrowths(
      layout,
      m,
      stats.map((s) => s[0]),
      settings.minN,
    );
    const growthMeans = growths.map((g) => g.mean);
    const growthPps = growths.map((g) => g.pp!);
    const sortedMean = sortedValues(growthMeans);
    const medianGrowth = percentileOfSorted(sortedMean, 50);
    const ctx: MeasureContext = {
      ds,
      groupsRecords,
      m,
      layout,
      growths,
      growthMeans,
      growthPps,
      sortedMean,
      sortedPp: m.proficient !== null ? sortedValues(growthPps) : null,
      groupGrowths: memoByGroup((g) => groupGrowths(layout, stats, cut, settings.minN, g)),
      districtMean,
      districtSd,
      format: meanFormat(m.max, districtSd),
    };
    for (let ui = 0; ui < units.length; ui++) {
      const u = units[ui];
      const weakest =
        ds.population === 'students'
          ? u.team === null
            ? null
            : (weakestByTeam.get(fold(u.team)) ?? null)
          : (weakestByTeam.get(u.team) ?? null);
      const gs = layout.groups[ui];
      for (let gi = 0; gi < gs.length; gi++) {
        const g = gs[gi];
        const st = stats[ui][gi];
        if (st.n === 0) continue;
        // The rest of the unit: records with another known value of the same column. With two
        // values present that is the other group (the same records in the same order); with
        // one, nobody; with more, its own sums.
        let rest: GroupStats | null = null;
        if (g.col >= 0) {
          const others: number[] = [];
          for (let k = 0; k < gs.length; k++) if (k !== gi && gs[k].col === g.col) others.push(k);
          if (others.length === 1) rest = stats[ui][others[0]];
          else if (others.length === 0) rest = EMPTY;
          else rest = groupStats(table, mi, ui, g.col, g.code, true);
        }
        const sMean = u.school !== null ? (schoolMean.get(u.school) ?? null) : null;
        const need = groupNeed(
          { ds, m, u, g, st, rest, sMean, weakest, settings },
          { cut, bar, districtMean, districtSd, medianGrowth, comparable: growths.length },
        );
        sources.push({
          need,
          ctx,
          unit: ui,
          col: g.col,
          code: g.code,
          halfGapSum: st.halfGapSum,
          halfGapN: st.halfGapN,
        });
      }
    }
  });
  return sources;
}

/** Deterministic order: priority (high first), then students before educators, team, measure, group. */
export function compareNeeds(
  a: Pick<Need, 'priority' | 'population' | 'team' | 'measure' | 'groupLabel'>,
  b: typeof a,
): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.population !== b.population) return a.population === 'students' ? -1 : 1;
  const t = byLabel(a.team ?? '', b.team ?? '');
  if (t !== 0) return t;
  const m = byLabel(a.measure, b.measure);
  if (m !== 0) return m;
  return byLabel(a.groupLabel, b.groupLabel);
}

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
  perStudent: StudentTarget[];
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
): { outcome: TargetOutcome; methodWords: string; perStudent: StudentTarget[] } {
  const { ctx } = src;
  const { m, ds } = ctx;
  const max = m.max;
  const f = settings.fraction;
  const tiers =
    method === 'tiered'
      ? (settings.tiers ?? defaultTiers(max, ctx.districtMean ?? 0, ctx.districtSd ?? 0))
      : [];
  const perStudent: StudentTarget[] = [];
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
      if (rows)
        perStudent.push(
          studentRow(
            ds,
            ctx.groupsRecords,
            i,
            m.name,
            method,
            x,
            t.value,
            max !== null && x >= max,
          ),
        );
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
function draftFor(
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
  const perStudent: StudentTarget[] = [];
  let rubric: Draft['rubric'];
  const f = settings.fraction;
  if (method === 'half-gap' || method === 'tiered') {
    const g = perStudentDraft(need, src, settings, method, rows);
    outcome = g.outcome;
    methodWords = g.methodWords;
    perStudent.push(...g.perStudent);
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
    const same = src.col >= 0 ? ctx.groupGrowths(src) : [];
    if (same.length >= 2) {
      growths = same.map((g) => (pp ? g.pp! : g.mean));
      sorted = null;
    }
    const whose =
      same.length >= 2
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
  if (!Number.isFinite(check.required))
    return {
      draft: null,
      reason: 'the growth the target asks for is too large to compute (the arithmetic overflows)',
    };
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

/**
 * One shared, read-only groups record per combination of subgroup values (a handful), not one
 * object per student row: a dataset's records, keyed by the combination, made during one run.
 */
type GroupsRecords = Map<number, Record<string, string>>;

function groupsRecord(ds: Dataset, i: number, cache: GroupsRecords): Record<string, string> {
  let key = 0;
  let radix = 1;
  for (const sg of ds.subgroups) {
    key += (sg.codes[i] + 1) * radix;
    radix *= sg.labels.length + 1;
  }
  const exact = radix <= Number.MAX_SAFE_INTEGER;
  if (exact && cache.has(key)) return cache.get(key)!;
  const groups: Record<string, string> = {};
  for (const sg of ds.subgroups) groups[sg.column] = sg.codes[i] >= 0 ? sg.labels[sg.codes[i]] : '';
  if (exact) cache.set(key, groups);
  return groups;
}

function studentRow(
  ds: Dataset,
  cache: GroupsRecords,
  i: number,
  measure: string,
  method: TargetMethod,
  x: number,
  t: number,
  atMax: boolean,
): StudentTarget {
  return {
    sheet: ds.sheet,
    row: ds.rows[i],
    id: ds.ids[i],
    team: labelOf(ds.team, i),
    groups: groupsRecord(ds, i, cache),
    measure,
    method,
    baseline: x,
    target: t,
    atMax,
  };
}

export interface SuggestOutput {
  needs: Need[];
  goals: SuggestedGoal[];
  skipped: SkippedGoal[];
  studentTargets: StudentTarget[];
  notes: string[];
}

/**
 * Needs, ranked goal suggestions, per-student targets and skipped needs.
 * @param due ISO date goals are due
 * @param perStudent whether to build the per-student targets (Student Targets)
 */
export function suggest(
  datasets: Dataset[],
  config: MappingConfig,
  learning: LearningResult,
  priorities: DistrictPriority[],
  due: string,
  perStudent = true,
): SuggestOutput {
  const settings = settingsOf(config);
  // Each need with where its students are, ranked (a stable sort: ties keep their order).
  const sources: NeedSource[] = [];
  for (const ds of datasets) for (const src of needsOf(ds, settings, learning)) sources.push(src);
  raiseNamedGroups(sources, priorities, config.synonyms);
  sources.sort((a, b) => compareNeeds(a.need, b.need));
  const needs = sources.map((src) => src.need);
  const skipped: SkippedGoal[] = [];
  const notes = new Set<string>();
  const students = studentDrafts(sources, settings, perStudent, skipped, notes);
  // Team practice goals: each team's weakest observed component (lowest team mean).
  const practiceDrafts: Draft[] = [];
  for (const src of sources) {
    const { need } = src;
    if (need.population !== 'educators' || need.weakestPractice !== need.measure) continue;
    const method = practiceMethod(src.ctx.m);
    const { draft, reason } = draftFor(need, src, settings, method);
    if (!draft) skipped.push(skip(need, method, reason!));
    else practiceDrafts.push(draft);
  }
  const top = topStudentDrafts(students.drafts);
  const chosen = [...top, ...practiceDrafts.slice(0, MAX_PRACTICE_GOALS)];
  chosen.sort((a, b) => compareNeeds(a.need, b.need));
  const goals: SuggestedGoal[] = chosen.map((d) => toGoal(d, learning, priorities, config, due));
  goals.push(...individualGoals(datasets, learning, settings, priorities, config, due));
  goals.forEach((g, k) => {
    g.id = `S${k + 1}`;
  });
  if (students.drafts.length > top.length) {
    notes.add(
      `${students.drafts.length - top.length} more student needs ranked below the top ${MAX_STUDENT_GOALS} are listed in the needs analysis only`,
    );
  }
  return { needs, goals, skipped, studentTargets: students.targets, notes: [...notes] };
}

/**
 * District priorities that name a group (e.g. "… for students with disabilities") on a measure
 * raise that group's need: its priority is doubled, and `namedBy` says which priority did it.
 */
function raiseNamedGroups(
  sources: NeedSource[],
  priorities: DistrictPriority[],
  synonyms: string[][] | undefined,
): void {
  if (priorities.length === 0) return;
  for (const src of sources) {
    const { need } = src;
    if (need.population !== 'students' || need.groups.length !== 1) continue;
    const { column, value } = need.groups[0];
    const labels = src.ctx.ds.subgroups.find((c) => c.column === column)?.labels ?? [];
    const naming = priorities.filter((p) =>
      namesGroup(`${p.text} ${p.focus}`, column, value, labels),
    );
    const hit = naming.length ? matchPriority(naming, [need.measure], synonyms) : null;
    if (!hit) continue;
    need.priority *= NAMED_GROUP_BOOST;
    need.namedBy = hit.id;
  }
}

/**
 * The top student drafts (they come ranked), and for each school without one of them its own
 * best-ranked draft, so that every school whose data shows a need gets a student goal.
 */
function topStudentDrafts(drafts: Draft[]): Draft[] {
  const top = drafts.slice(0, MAX_STUDENT_GOALS);
  const covered = new Set(top.map((d) => d.need.school));
  for (const d of drafts.slice(MAX_STUDENT_GOALS)) {
    if (d.need.school === null || covered.has(d.need.school)) continue;
    covered.add(d.need.school);
    top.push(d);
  }
  return top;
}

/**
 * Student outcomes: every need of a focal group with students below the bar becomes a
 * candidate; and each student's per-student (SLO) half-gap target, once per student and measure.
 */
function studentDrafts(
  sources: NeedSource[],
  settings: Settings,
  perStudent: boolean,
  skipped: SkippedGoal[],
  notes: Set<string>,
): { drafts: Draft[]; targets: StudentTarget[] } {
  const drafts: Draft[] = [];
  const targets = new StudentTargetList();
  for (const src of sources) {
    const { need, ctx } = src;
    if (need.population !== 'students') continue;
    const { method, note } = studentMethod(ctx.m, ctx.growths.length >= 2, settings.method);
    if (note) notes.add(note);
    const whyNot = noGoalReason(src);
    if (whyNot) {
      skipped.push(skip(need, method, whyNot));
      continue;
    }
    const everyone = need.groups.length === 0;
    const { draft, reason } = draftFor(need, src, settings, method, perStudent && everyone);
    if (!draft) {
      skipped.push(skip(need, method, reason!));
      continue;
    }
    if (note) draft.flags.push(note);
    if (perStudent && everyone) targets.add(perStudentRows(draft, src, settings), ctx.ds.size);
    drafts.push(draft);
  }
  return { drafts, targets: targets.rows };
}

/** Why a student need gets no goal before any target is tried: nobody below the bar, or a complement group. */
function noGoalReason(src: NeedSource): string | null {
  const { need, ctx } = src;
  if (need.reach === 0)
    return need.barKind === 'proficient'
      ? 'every student is already proficient: no goal of this kind is needed'
      : 'no student is below the district mean';
  if (need.groups.length === 0) return null;
  const col = ctx.ds.subgroups.find((c) => c.column === need.groups[0].column);
  return complementReason(need, col?.labels ?? []);
}

/**
 * The per-student rows of an everyone-in-the-team draft: its own when its method sets a target
 * per student (half-gap, tiered); else the half-gap SLO targets when the measure has a maximum.
 */
function perStudentRows(draft: Draft, src: NeedSource, settings: Settings): StudentTarget[] {
  if (draft.perStudent.length || src.ctx.m.max === null) return draft.perStudent;
  if (draft.method === 'half-gap' || draft.method === 'tiered') return draft.perStudent;
  return draftFor(draft.need, src, settings, 'half-gap', true).draft?.perStudent ?? [];
}

/** Per-student targets, at most one per sheet, measure and Excel row (a flag per row). */
class StudentTargetList {
  readonly rows: StudentTarget[] = [];
  private readonly done = new Map<string, Uint8Array>();

  add(rows: StudentTarget[], size: number): void {
    for (const s of rows) {
      const key = `${s.sheet}|${s.measure}`;
      let done = this.done.get(key);
      if (!done || done.length <= s.row) {
        const grown = new Uint8Array(Math.max(s.row + 1, size + 2, 2 * (done?.length ?? 0)));
        if (done) grown.set(done);
        this.done.set(key, (done = grown));
      }
      if (done[s.row] === 0) {
        done[s.row] = 1;
        this.rows.push(s);
      }
    }
  }
}

function skip(need: Need, method: TargetMethod, reason: string): SkippedGoal {
  return {
    team: need.team,
    measure: need.measure,
    groups: need.groups,
    groupLabel: need.groupLabel,
    method,
    reason,
  };
}

/**
 * An individual goal's words on the peers who share the need elsewhere in the district. `unnamed`
 * counts peers a slice leaves unnamed (they are not the slice's people).
 */
export function peersClause(peers: string[], unnamed = 0): string {
  const more = peers.length > 5 ? peers.length - 5 + unnamed : unnamed;
  const named = peers.slice(0, 5).join(', ');
  if (peers.length === 0 && unnamed === 0) return 'no peer elsewhere in the district shares it';
  const listed =
    peers.length === 0
      ? `${unnamed} (not named in a slice)`
      : more > 0
        ? `${named} and ${more} more`
        : named;
  return `peers with the same need elsewhere in the district: ${listed}`;
}

/** Individual goals: an educator's weakest component that the team does not share. */
function individualGoals(
  datasets: Dataset[],
  learning: LearningResult,
  settings: Settings,
  priorities: DistrictPriority[],
  config: MappingConfig,
  due: string,
): SuggestedGoal[] {
  const out: { goal: SuggestedGoal; severity: number }[] = [];
  // Each component's district mean and SD, and each sheet's record of each Excel row (the first
  // with it, as indexOf would find), once, not once per educator.
  const district = new Map<MeasureData, { dMean: number | null; dSd: number | null }>();
  const recordOf = new Map<Dataset, Map<number, number>>();
  for (const e of learning.educators) {
    const own = e.needs.find((x) => !x.shared);
    if (!own) continue;
    const ds = datasets.find((d) => d.sheet === e.sheet && d.population === 'educators')!;
    const m = ds.measures.find((x) => x.name === own.component)!;
    let rows = recordOf.get(ds);
    if (!rows) {
      rows = new Map();
      for (let r = 0; r < ds.rows.length; r++) if (!rows.has(ds.rows[r])) rows.set(ds.rows[r], r);
      recordOf.set(ds, rows);
    }
    const i = rows.get(e.row) ?? -1;
    const x = Number.isFinite(m.post[i]) ? m.post[i] : m.pre[i];
    let d = district.get(m);
    if (!d) {
      const all = finiteValues(m.post, ds.size);
      district.set(m, (d = { dMean: meanOf(all), dSd: sdOf(all) }));
    }
    const { dMean, dSd } = d;
    const method = practiceMethod(m) === 'rubric-share' ? 'rubric-level' : 'effect-size';
    const t =
      method === 'rubric-level'
        ? rubricLevel(x, m.max!)
        : effectSize(x, dSd, settings.delta, m.max);
    if (t.value === null || dMean === null) continue;
    const format = meanFormat(m.max, dSd);
    const b = formatValue(x, format);
    const tt = formatValue(t.value, format);
    const severity = Math.max(0, (dMean - x) / dSd!);
    if (!Number.isFinite(severity)) continue;
    const outOf = m.max !== null ? ` (out of ${m.max})` : '';
    const pr = matchPriority(priorities, [m.name], config.synonyms);
    const peers = peersClause(own.peers);
    const check = growthCheck(x, t.value, []);
    out.push({
      severity,
      goal: {
        id: '',
        level: 'individual',
        team: e.team,
        measure: m.name,
        groups: [{ column: ds.idColumn, value: e.educator }],
        baseline: { metric: 'mean', value: x },
        target: { value: t.value, method },
        statement: `By ${longDate(due)}, ${e.educator}'s observed rating on ${m.name} will rise from ${b} to ${tt}${outOf}.`,
        rationale: `${m.name} is among ${e.educator}'s weakest observed components (${b}${outOf}); district mean ${fx(dMean)}, SD ${fx(dSd)}; a majority of the team does not share it (individual learning; ${peers}); priority = reach 1 × severity ${fx(severity, 3)}; method: ${method === 'rubric-level' ? 'rubric-level: the next whole level of the rubric, a step an observer can see' : `effect-size: +${settings.delta} district SD`}.`,
        priority: severity,
        population: 'educators',
        sheet: e.sheet,
        groupLabel: e.educator,
        purpose: 'individual growth',
        learningFocus: m.name,
        districtPriority: pr ? { id: pr.id, text: pr.text } : null,
        growthCheck: check,
        format,
        baselineText: b,
        targetText: tt,
        n: 1,
        flags: [],
        due,
        school: null,
      },
    });
  }
  out.sort(
    (a, b) =>
      b.severity - a.severity ||
      (a.goal.team ?? '').localeCompare(b.goal.team ?? '') ||
      a.goal.groupLabel.localeCompare(b.goal.groupLabel),
  );
  return out.slice(0, MAX_INDIVIDUAL_GOALS).map((o) => o.goal);
}
