/**
 * The needs analysis: one need per unit × measure × group, from the groups' figures
 * (`group-stats.ts`, on the grouped-statistics cells), with the team and group growths that
 * targets compare with. Baseline = this year's latest scores (post): goals are set for next year.
 */
import type { Dataset, MeasureData } from '../dataset';
import { meanFormat, type ValueFormat } from './format';
import type { LearningResult } from './learning';
import { percentileOfSorted, sortedValues } from './targets';
import type { Need } from './types';
import type { Settings } from './settings';
import { districtOf, EMPTY, groupStats, groupTable, type GroupStats } from './group-stats';
import { byLabel, layoutOf, type GroupSel, type Layout, type Unit } from './layout';

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
  return v > 0 ? Math.sqrt(v) : null;
}

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
    const mean = st.gain / n;
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

/** A group's growths in each team, as lists of means and of changes in share proficient, each also sorted. */
export interface GroupGrowths {
  means: number[];
  pps: number[];
  sortedMeans: Float64Array;
  sortedPps: Float64Array;
}

/** Listed and sorted once per group: every need of the group (one per team) reads them. */
function growthLists(growths: TeamGrowth[]): GroupGrowths {
  const means = growths.map((g) => g.mean);
  const pps = growths.map((g) => g.pp!);
  return { means, pps, sortedMeans: sortedValues(means), sortedPps: sortedValues(pps) };
}

export interface MeasureContext {
  ds: Dataset;
  m: MeasureData;
  layout: Layout;
  growths: TeamGrowth[];
  /** Team growths (means; changes in share proficient where known), listed and sorted once. */
  growthMeans: number[];
  growthPps: number[];
  sortedMean: Float64Array;
  sortedPp: Float64Array | null;
  /** The same group's growth in each team with enough of it (group goals compare with these). */
  groupGrowths: (g: { col: number; code: number }) => GroupGrowths;
  districtMean: number | null;
  districtSd: number | null;
  format: ValueFormat;
}

/** Where a need's students are, and the sums its half-gap target is made of. */
export interface NeedSource {
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
  return { gapPp, gapEs: pooled !== null ? (rest.mean - st.mean) / pooled : null };
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
    x !== null && districtSd !== null && districtSd > 0 ? (mean - x) / districtSd : null;
  const zDistrict = z(districtMean);
  const { gapPp, gapEs } = gapsOf(st, rest, cut);
  const growth = st.pairs ? st.gain / st.pairs : null;
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
export function needsOf(ds: Dataset, settings: Settings, learning: LearningResult): NeedSource[] {
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
      m,
      layout,
      growths,
      growthMeans,
      growthPps,
      sortedMean,
      sortedPp: m.proficient !== null ? sortedValues(growthPps) : null,
      groupGrowths: memoByGroup((g) =>
        growthLists(groupGrowths(layout, stats, cut, settings.minN, g)),
      ),
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
