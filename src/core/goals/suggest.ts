/**
 * Needs analysis and goal suggestions (issue 5). Baseline = this year's latest scores (post):
 * goals are set for next year. Every number a goal quotes is computed here from the Datasets,
 * not from the impact rows.
 */
import type { MappingConfig } from '../config';
import type { Dataset, MeasureData } from '../dataset';
import type { GoalLevel, GroupRef, TargetMethod } from '../report';
import { formatValue, longDate, meanFormat, PERCENT_FORMAT, type ValueFormat } from './format';
import { labelOf, type LearningResult } from './learning';
import { matchPriority, type DistrictPriority } from './priorities';
import {
  defaultTiers,
  effectSize,
  growthCheck,
  halfGap,
  meanOf,
  observedGrowth,
  ordinal,
  percentileOfSorted,
  proficiencyGap,
  sdOf,
  sortedValues,
  tiered,
  type GrowthCheck,
  type TargetOutcome,
  type Tier,
} from './targets';
import type { Need, SkippedGoal, StudentTarget, SuggestedGoal } from './types';

/** At most this many student-outcome goals, team practice goals and individual goals. */
export const MAX_STUDENT_GOALS = 20;
export const MAX_PRACTICE_GOALS = 20;
export const MAX_INDIVIDUAL_GOALS = 10;

export interface Settings {
  minN: number;
  fraction: number;
  percentile: number;
  delta: number;
  method: TargetMethod | undefined;
  tiers: Tier[] | undefined;
}

/** Read the target settings from the config; a nonsensical setting throws with what to change. */
export function settingsOf(config: MappingConfig): Settings {
  const t = config.targets ?? {};
  const minN = config.minN ?? 10;
  const fraction = t.fraction ?? 0.5;
  const pct = t.percentile ?? 75;
  const delta = t.delta ?? 0.2;
  if (!(Number.isInteger(minN) && minN >= 1))
    throw new Error(`config.minN must be a whole number of at least 1, got ${minN}`);
  if (!(fraction > 0 && fraction <= 1))
    throw new Error(
      `config.targets.fraction must be above 0 and at most 1 (e.g. 0.5), got ${fraction}`,
    );
  if (!(pct > 0 && pct < 100))
    throw new Error(`config.targets.percentile must be between 0 and 100 (e.g. 75), got ${pct}`);
  if (!(delta > 0 && delta <= 2))
    throw new Error(
      `config.targets.delta must be above 0 and at most 2 SD (e.g. 0.2), got ${delta}`,
    );
  return { minN, fraction, percentile: pct, delta, method: t.method, tiers: t.tiers };
}

/** One collator for every label comparison: `localeCompare` with options builds one per call. */
const collator = new Intl.Collator('en', { numeric: true });
const byLabel = collator.compare;

/**
 * A team (or the whole school when the data names no team). Its records sit side by side in the
 * units' order (`UnitOrder.order`, positions `offset` … `offset + records.length − 1`): the
 * per-group loops below read scores gathered into that order, so they walk memory in sequence
 * instead of jumping across a million-row column for every record.
 */
interface Unit {
  team: string | null;
  school: string | null;
  level: GoalLevel;
  /** The unit's record indices, in record order. */
  records: Int32Array;
  /** Position of records[0] in the units' order. */
  offset: number;
}

interface UnitOrder {
  units: Unit[];
  /** Record index at each position: the units' records one after another (record order within). */
  order: Int32Array;
  /** Position of each record (-1: in no unit): `order` inverted. */
  posOf: Int32Array;
}

function unitsOf(ds: Dataset): UnitOrder {
  if (!ds.team) {
    const school = ds.school && ds.school.labels.length === 1 ? ds.school.labels[0] : null;
    const order = new Int32Array(ds.size);
    for (let i = 0; i < ds.size; i++) order[i] = i;
    return {
      units: [{ team: null, school, level: 'school', records: order, offset: 0 }],
      order,
      posOf: order,
    };
  }
  const { codes, labels } = ds.team;
  // A stable counting sort of the records by team, teams in label order.
  const count = new Int32Array(labels.length);
  for (let i = 0; i < ds.size; i++) if (codes[i] >= 0) count[codes[i]]++;
  const present: number[] = [];
  for (let c = 0; c < labels.length; c++) if (count[c] > 0) present.push(c);
  present.sort((a, b) => byLabel(labels[a], labels[b]));
  const start = new Int32Array(labels.length);
  let total = 0;
  for (const c of present) {
    start[c] = total;
    total += count[c];
  }
  const order = new Int32Array(total);
  const posOf = new Int32Array(ds.size);
  const fill = start.slice();
  for (let i = 0; i < ds.size; i++) {
    const c = codes[i];
    if (c < 0) posOf[i] = -1;
    else {
      posOf[i] = fill[c];
      order[fill[c]++] = i;
    }
  }
  const schools = modalSchools(ds);
  const units = present.map((c): Unit => {
    const records = order.subarray(start[c], start[c] + count[c]);
    return {
      team: labels[c],
      school: schools ? schools[c] : modalLabel(ds.school, records),
      level: 'team',
      records,
      offset: start[c],
    };
  });
  return { units, order, posOf };
}

/**
 * Each team's most frequent school (ties: the one met first in record order), counted in one
 * walk over the records; null when there is no school column or too many team × school pairs
 * to count in a table (then modalLabel counts per team).
 */
function modalSchools(ds: Dataset): (string | null)[] | null {
  if (!ds.team || !ds.school) return ds.team ? ds.team.labels.map(() => null) : null;
  const t = ds.team.labels.length;
  const sc = ds.school.labels.length;
  if (t * sc > 1 << 22) return null;
  const count = new Int32Array(t * sc);
  const first = new Int32Array(t * sc).fill(-1);
  const tc = ds.team.codes;
  const scc = ds.school.codes;
  for (let i = 0; i < ds.size; i++) {
    const a = tc[i];
    const b = scc[i];
    if (a < 0 || b < 0) continue;
    const k = a * sc + b;
    if (count[k]++ === 0) first[k] = i;
  }
  const out: (string | null)[] = [];
  for (let a = 0; a < t; a++) {
    let best = -1;
    for (let b = 0; b < sc; b++) {
      const k = a * sc + b;
      if (count[k] === 0) continue;
      const j = a * sc + best;
      if (best < 0 || count[k] > count[j] || (count[k] === count[j] && first[k] < first[j]))
        best = b;
    }
    out.push(best >= 0 ? ds.school.labels[best] : null);
  }
  return out;
}

/** `arr` put into the units' order (a sequential read, scattered writes). */
function gather<T extends Float64Array | Int32Array>(
  arr: ArrayLike<number>,
  posOf: Int32Array,
  out: T,
): T {
  const size = posOf.length;
  for (let i = 0; i < size; i++) {
    const p = posOf[i];
    if (p >= 0) out[p] = arr[i];
  }
  return out;
}

/** The finite values of a column, in record order. */
function finiteValues(arr: ArrayLike<number>, size: number): Float64Array {
  const out = new Float64Array(size);
  let n = 0;
  for (let i = 0; i < size; i++) if (Number.isFinite(arr[i])) out[n++] = arr[i];
  return out.subarray(0, n);
}

function modalLabel(cat: Dataset['school'], records: ArrayLike<number>): string | null {
  if (!cat) return null;
  const count = new Map<number, number>();
  for (let k = 0; k < records.length; k++) {
    const i = records[k];
    if (cat.codes[i] >= 0) count.set(cat.codes[i], (count.get(cat.codes[i]) ?? 0) + 1);
  }
  let best = -1;
  let n = 0;
  for (const [c, k] of count) if (k > n) [best, n] = [c, k];
  return best >= 0 ? cat.labels[best] : null;
}

/** Pairs of a unit from the gathered scores (positions `from` … `to − 1`), in record order. */
function pairsOf(
  preO: Float64Array,
  postO: Float64Array,
  from: number,
  to: number,
): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let p = from; p < to; p++) {
    if (Number.isFinite(preO[p]) && Number.isFinite(postO[p])) {
      x.push(preO[p]);
      y.push(postO[p]);
    }
  }
  return { x, y };
}

const shareAtLeast = (v: number[], cut: number) =>
  v.length ? v.filter((s) => s >= cut).length / v.length : null;

/** Growth of each comparable team (≥ minN pairs): mean post − pre, and change in share proficient. */
interface TeamGrowth {
  team: string;
  pairs: number;
  mean: number;
  pp: number | null;
}

function teamGrowths(
  ds: Dataset,
  m: MeasureData,
  units: Unit[],
  preO: Float64Array,
  postO: Float64Array,
  minN: number,
): TeamGrowth[] {
  if (!ds.team) return [];
  const out: TeamGrowth[] = [];
  for (const u of units) {
    const { x, y } = pairsOf(preO, postO, u.offset, u.offset + u.records.length);
    if (x.length < minN) continue;
    const mean = meanOf(y.map((v, k) => v - x[k]))!;
    // A growth that overflows (scores near 1e308) cannot be compared: leave the team out.
    if (!Number.isFinite(mean)) continue;
    const pp =
      m.proficient !== null
        ? shareAtLeast(y, m.proficient)! - shareAtLeast(x, m.proficient)!
        : null;
    out.push({ team: u.team!, pairs: x.length, mean, pp });
  }
  return out;
}

/** Pooled SD of two groups from their sizes and SDs; null when either has fewer than two. */
function pooledSdN(na: number, sa: number | null, nb: number, sb: number | null): number | null {
  if (na < 2 || nb < 2 || sa === null || sb === null) return null;
  const v = ((na - 1) * sa * sa + (nb - 1) * sb * sb) / (na + nb - 2);
  return v > 0 ? fin(Math.sqrt(v)) : null;
}

interface GroupSel {
  groups: GroupRef[];
  label: string;
  /** Positions (in the units' order) of the unit's records in the group, in record order. */
  pos: Int32Array;
  /**
   * The rest of the unit is every record with a code other than `code` in `codes` (the
   * subgroup column gathered into the units' order; null: no rest).
   */
  codes: Int32Array | null;
  code: number;
}

/**
 * The groups of a unit (everyone, then each subgroup value), bucketed in one pass per column.
 * @param codesO each subgroup column's codes gathered into the units' order
 */
function groupsOf(ds: Dataset, unit: Unit, everyone: string, codesO: Int32Array[]): GroupSel[] {
  const from = unit.offset;
  const to = from + unit.records.length;
  const all = new Int32Array(to - from);
  for (let p = from; p < to; p++) all[p - from] = p;
  const out: GroupSel[] = [{ groups: [], label: everyone, pos: all, codes: null, code: -1 }];
  ds.subgroups.forEach((sg, j) => {
    const codes = codesO[j];
    const count = new Int32Array(sg.labels.length);
    for (let p = from; p < to; p++) if (codes[p] >= 0) count[codes[p]]++;
    const buckets = new Map<number, Int32Array>();
    for (let k = 0; k < count.length; k++)
      if (count[k] > 0) buckets.set(k, new Int32Array(count[k]));
    const fill = new Int32Array(sg.labels.length);
    for (let p = from; p < to; p++) {
      const c = codes[p];
      if (c >= 0) buckets.get(c)![fill[c]++] = p;
    }
    for (const k of [...buckets.keys()].sort((a, b) => byLabel(sg.labels[a], sg.labels[b]))) {
      out.push({
        groups: [{ column: sg.column, value: sg.labels[k] }],
        label: `${sg.column}: ${sg.labels[k]}`,
        pos: buckets.get(k)!,
        codes,
        code: k,
      });
    }
  });
  return out;
}

// meanOf/sdOf on the first n values of a scratch buffer.
const meanN = (buf: Float64Array, n: number): number => meanOf(buf, n)!;
const sdN = (buf: Float64Array, n: number, mean?: number): number | null => sdOf(buf, n, mean);
/** A figure that overflowed (differences of scores near 1e308) is left out, not Infinity. */
const fin = (x: number | null): number | null => (x !== null && Number.isFinite(x) ? x : null);

/** One group's figures from its baseline (post) scores and pairs. */
interface GroupStats {
  /** Baseline scores present. */
  n: number;
  mean: number;
  sd: number | null;
  atLeastCut: number;
  /** Scores below the bar (the cut, else the district mean). */
  reach: number;
  pairs: number;
  /** Σ (post − pre) over the pairs, in record order. */
  gain: number;
}

/**
 * A group's figures in one walk over its positions (scores in the units' order): the baseline
 * scores go to `buf` for the mean and SD (the same sums, in the same order, as before).
 */
function groupStats(
  pos: Int32Array,
  preO: Float64Array,
  postO: Float64Array,
  buf: Float64Array,
  cut: number | null,
  bar: number | null,
): GroupStats {
  let n = 0;
  let atLeastCut = 0;
  let reach = 0;
  let pairs = 0;
  let gain = 0;
  for (let k = 0; k < pos.length; k++) {
    const p = pos[k];
    const y = postO[p];
    if (!Number.isFinite(y)) continue;
    buf[n++] = y;
    if (cut !== null && y >= cut) atLeastCut++;
    if (bar !== null && y < bar) reach++;
    const x = preO[p];
    if (Number.isFinite(x)) {
      gain += y - x;
      pairs++;
    }
  }
  const mean = n ? meanN(buf, n) : NaN;
  return {
    n,
    mean,
    sd: n ? sdN(buf, n, mean) : null,
    atLeastCut,
    reach,
    pairs,
    gain,
  };
}

function countAtLeast(buf: Float64Array, n: number, cut: number): number {
  let c = 0;
  for (let k = 0; k < n; k++) if (buf[k] >= cut) c++;
  return c;
}

const fold = (s: string | null) => (s ?? '').trim().toLowerCase();

interface MeasureContext {
  ds: Dataset;
  m: MeasureData;
  units: Unit[];
  /** Record index at each position of the gathered scores. */
  order: Int32Array;
  /** The measure's post scores gathered into the units' order. */
  postO: Float64Array;
  growths: TeamGrowth[];
  /** Team growths (means; changes in share proficient where known), listed and sorted once. */
  growthMeans: number[];
  /** Scratch space for one group's per-student targets (as long as the largest unit). */
  scratch: Float64Array;
  growthPps: number[];
  sortedMean: Float64Array;
  sortedPp: Float64Array | null;
  /** The positions behind each need of this measure (shared arrays, record order). */
  recordsOf: Map<Need, Int32Array>;
  districtMean: number | null;
  districtSd: number | null;
  format: ValueFormat;
}

/**
 * The needs analysis of one dataset (students or educators): one row per team × measure ×
 * group (educators: per team × component, everyone). Sorted by nothing; callers rank.
 */
function needsOf(
  ds: Dataset,
  settings: Settings,
  learning: LearningResult,
): { needs: Need[]; contexts: Map<Need, MeasureContext> } {
  const needs: Need[] = [];
  const contexts = new Map<Need, MeasureContext>();
  const { units, order, posOf } = unitsOf(ds);
  const everyone = ds.population === 'students' ? 'All students' : 'All educators';
  const groupDs = ds.population === 'students' ? ds : { ...ds, subgroups: [] };
  const codesO = groupDs.subgroups.map((sg) =>
    gather(sg.codes, posOf, new Int32Array(order.length)),
  );
  // Groups per unit once (they do not depend on the measure) and two scratch buffers.
  const groupsByUnit = units.map((u) => groupsOf(groupDs, u, everyone, codesO));
  let largest = 0;
  for (const u of units) largest = Math.max(largest, u.records.length);
  const buf = new Float64Array(largest);
  const restBuf = new Float64Array(largest);
  // The learning row of each team, first match wins (as a linear find would).
  // Students match a team by folded name; educators by sheet and exact team (null included).
  const weakestByTeam = new Map<string | null, string | null>();
  for (const t of learning.teams) {
    if (ds.population === 'educators' && t.sheet !== ds.sheet) continue;
    const key = ds.population === 'students' ? fold(t.team) : t.team;
    if (!weakestByTeam.has(key)) weakestByTeam.set(key, t.weakestComponent ?? null);
  }
  const preO = new Float64Array(order.length);
  for (const m of ds.measures) {
    const dPost = finiteValues(m.post, ds.size);
    const districtMean = meanOf(dPost);
    const districtSd = sdOf(dPost);
    // Each measure's scores in the units' order (a fresh post array: drafts keep it).
    const postO = gather(m.post, posOf, new Float64Array(order.length));
    gather(m.pre, posOf, preO);
    const growths = teamGrowths(ds, m, units, preO, postO, settings.minN);
    const growthMeans = growths.map((g) => g.mean);
    const growthPps = growths.map((g) => g.pp!);
    const sortedMean = sortedValues(growthMeans);
    const medianGrowth = percentileOfSorted(sortedMean, 50);
    const ctx: MeasureContext = {
      ds,
      m,
      units,
      order,
      postO,
      growths,
      growthMeans,
      growthPps,
      scratch: buf,
      sortedMean,
      sortedPp: m.proficient !== null ? sortedValues(growthPps) : null,
      recordsOf: new Map(),
      districtMean,
      districtSd,
      format: meanFormat(m.max, districtSd),
    };
    // School means (all records of the school) when the data names schools.
    const schoolMean = new Map<string, number | null>();
    // A school column that is also the team column says nothing new.
    if (ds.school && ds.school.column !== ds.team?.column) {
      // One pass; each school's sum runs in record order, as a per-school mean would.
      const k = ds.school.labels.length;
      const sum = new Float64Array(k);
      const cnt = new Float64Array(k);
      for (let i = 0; i < ds.size; i++) {
        const c = ds.school.codes[i];
        const v = m.post[i];
        if (c >= 0 && c < k && Number.isFinite(v)) {
          sum[c] += v;
          cnt[c]++;
        }
      }
      for (let c = 0; c < k; c++)
        schoolMean.set(ds.school.labels[c], cnt[c] > 0 ? sum[c] / cnt[c] : null);
    }
    for (let ui = 0; ui < units.length; ui++) {
      const u = units[ui];
      const weakest =
        ds.population === 'students'
          ? u.team === null
            ? null
            : (weakestByTeam.get(fold(u.team)) ?? null)
          : (weakestByTeam.get(u.team) ?? null);
      const cut = m.proficient;
      const bar = cut ?? districtMean;
      const gs = groupsByUnit[ui];
      // Each group's figures first: a group of a two-value column is the rest of the other.
      const stats = gs.map((g) => groupStats(g.pos, preO, postO, buf, cut, bar));
      for (let gi = 0; gi < gs.length; gi++) {
        const g = gs[gi];
        const st = stats[gi];
        const n = st.n;
        if (n === 0) continue;
        const { mean, sd, reach } = st;
        const pctProficient = cut !== null ? st.atLeastCut / n : null;
        const notProficient = cut !== null ? n - st.atLeastCut : null;
        const shareBelow = reach / n;
        const zDistrict =
          districtMean !== null && districtSd !== null && districtSd > 0
            ? fin((mean - districtMean) / districtSd)
            : null;
        const sMean = u.school !== null ? (schoolMean.get(u.school) ?? null) : null;
        const zSchool =
          sMean !== null && districtSd !== null && districtSd > 0
            ? fin((mean - sMean) / districtSd)
            : null;
        let gapPp: number | null = null;
        let gapEs: number | null = null;
        if (g.codes) {
          // The rest of the unit: records with another known value of the same column. With
          // two values present that is the other group (the same records in the same order);
          // with one, nobody; with more, collected here.
          let rest: { n: number; atLeastCut: number; mean: number; sd: number | null };
          const others: number[] = [];
          for (let k = 0; k < gs.length; k++)
            if (k !== gi && gs[k].codes === g.codes) others.push(k);
          if (others.length === 1) rest = stats[others[0]];
          else if (others.length === 0) rest = { n: 0, atLeastCut: 0, mean: NaN, sd: null };
          else {
            let rn = 0;
            const codes = g.codes;
            const code = g.code;
            for (let p = u.offset, end = u.offset + u.records.length; p < end; p++) {
              const c = codes[p];
              const v = postO[p];
              if (c >= 0 && c !== code && Number.isFinite(v)) restBuf[rn++] = v;
            }
            rest = {
              n: rn,
              atLeastCut: cut !== null ? countAtLeast(restBuf, rn, cut) : 0,
              mean: rn ? meanN(restBuf, rn) : NaN,
              sd: sdN(restBuf, rn),
            };
          }
          const rn = rest.n;
          if (cut !== null && rn > 0) gapPp = (rest.atLeastCut / rn - pctProficient!) * 100;
          const pooled = pooledSdN(n, sd, rn, rest.sd);
          if (pooled !== null) gapEs = fin((rest.mean - mean) / pooled);
        }
        const { pairs, gain } = st;
        const growth = pairs ? fin(gain / pairs) : null;
        const severity = shareBelow + Math.max(0, zDistrict === null ? 0 : -zDistrict);
        const smallGroup = n < settings.minN;
        const flags: string[] = [];
        if (smallGroup) flags.push(`small group (n = ${n} < ${settings.minN})`);
        const need: Need = {
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
          notProficient,
          bar,
          barKind: cut !== null ? 'proficient' : 'district mean',
          reach,
          shareBelow,
          districtMean,
          districtSd,
          zDistrict,
          schoolMean: sMean,
          zSchool,
          gapPp,
          gapEs,
          pairs,
          growth,
          teamGrowthMedian: medianGrowth,
          comparableTeams: growths.length,
          weakestPractice: weakest,
          severity,
          priority: reach * severity,
          smallGroup,
          flags,
        };
        needs.push(need);
        contexts.set(need, ctx);
        ctx.recordsOf.set(need, g.pos);
      }
    }
  }
  return { needs, contexts };
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
}

/** Which method a student measure uses: config.targets.method when it applies, else the default. */
export function studentMethod(
  m: MeasureData,
  hasComparableTeams: boolean,
  configured: TargetMethod | undefined,
): { method: TargetMethod; note: string | null } {
  const fallback = (): TargetMethod =>
    m.max !== null
      ? 'half-gap'
      : m.proficient !== null
        ? 'proficiency-gap'
        : hasComparableTeams
          ? 'observed-growth'
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
 * @param rows whether to build the per-student rows (only the everyone-in-the-team needs emit
 * them; building them for every subgroup too would be thrown away)
 */
function draftFor(
  need: Need,
  ctx: MeasureContext,
  settings: Settings,
  method: TargetMethod,
  rows = false,
): { draft: Draft | null; reason: string | null } {
  const { m, ds } = ctx;
  const recs = (): Int32Array => ctx.recordsOf.get(need)!;
  let outcome: TargetOutcome;
  let metric: 'pctProficient' | 'mean' = 'mean';
  let baseline = need.mean!;
  let methodWords = '';
  // Shared, read-only lists: not copied per need.
  let growths: readonly number[] = ctx.growthMeans;
  let sorted: Float64Array | null = ctx.sortedMean;
  const perStudent: StudentTarget[] = [];
  const f = settings.fraction;
  if (method === 'half-gap' || method === 'tiered') {
    const max = m.max;
    const tiers =
      method === 'tiered'
        ? (settings.tiers ?? defaultTiers(max, ctx.districtMean ?? 0, ctx.districtSd ?? 0))
        : [];
    const targets = ctx.scratch;
    let nt = 0;
    const pos = recs();
    const { postO, order } = ctx;
    for (let k = 0; k < pos.length; k++) {
      const x = postO[pos[k]];
      if (!Number.isFinite(x)) continue;
      const t = method === 'half-gap' ? halfGap(x, max!, f) : tiered(x, tiers, max);
      if (t.value === null) continue;
      targets[nt++] = t.value;
      if (rows)
        perStudent.push(
          studentRow(ds, order[pos[k]], m.name, method, x, t.value, max !== null && x >= max),
        );
    }
    if (max !== null && need.mean! >= max) {
      outcome = {
        value: null,
        reason: `every student in the group is already at the maximum (${max}): no ${method} goal`,
      };
    } else
      outcome = nt
        ? { value: meanOf(targets, nt)!, reason: null }
        : { value: null, reason: 'no baseline scores' };
    methodWords =
      method === 'half-gap'
        ? `half-gap: each student's target is x + ${f}·(${max} − x), closing ${f * 100}% of the distance to the maximum; the group target is the mean of those targets`
        : `tiered: each student's target comes from the band of their baseline (${tiers.map((t) => `${t.upTo === null ? 'above' : `up to ${round2(t.upTo)}`}: ${t.endScore !== undefined ? `reach ${round2(t.endScore)}` : `+${round2(t.growth ?? 0)}`}`).join('; ')})`;
  } else if (method === 'proficiency-gap') {
    metric = 'pctProficient';
    baseline = need.pctProficient!;
    growths = ctx.growthPps.filter((v) => v !== null);
    sorted = growths.length === ctx.growths.length ? ctx.sortedPp : null;
    outcome = proficiencyGap(baseline, f);
    methodWords = `proficiency-gap: p0 + ${f}·(1 − p0), closing ${f * 100}% of the share not yet proficient; it assumes the cut score (${m.proficient}) stays the same next year`;
  } else if (method === 'observed-growth') {
    if (m.proficient !== null && ds.population === 'students') {
      metric = 'pctProficient';
      baseline = need.pctProficient!;
      growths = ctx.growthPps;
      sorted = ctx.sortedPp;
    }
    outcome = observedGrowth(
      baseline,
      growths,
      settings.percentile,
      metric === 'pctProficient' ? 1 : m.max,
      sorted,
    );
    methodWords = `observed-growth: baseline + the ${ordinal(settings.percentile)} percentile of the growth ${growths.length} comparable teams (at least ${settings.minN} pairs each) achieved in the same data; it assumes next year's growth can match what comparable teams did this year`;
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
    },
    reason: null,
  };
}

/** A quoted sentence without its own final full stop (the statement adds one). */
const trimEnd = (s: string) => s.replace(/[.\s]+$/, '');

const round2 = (x: number) => Math.round(x * 100) / 100;

// One shared, read-only groups record per combination of subgroup values (a handful), not one
// object per student row.
const groupRecords = new WeakMap<Dataset, Map<number, Record<string, string>>>();

function groupsRecord(ds: Dataset, i: number): Record<string, string> {
  let key = 0;
  let radix = 1;
  for (const sg of ds.subgroups) {
    key += (sg.codes[i] + 1) * radix;
    radix *= sg.labels.length + 1;
  }
  const exact = radix <= Number.MAX_SAFE_INTEGER;
  let cache = groupRecords.get(ds);
  if (exact && cache?.has(key)) return cache.get(key)!;
  const groups: Record<string, string> = {};
  for (const sg of ds.subgroups) groups[sg.column] = sg.codes[i] >= 0 ? sg.labels[sg.codes[i]] : '';
  if (exact) {
    if (!cache) groupRecords.set(ds, (cache = new Map()));
    cache.set(key, groups);
  }
  return groups;
}

function studentRow(
  ds: Dataset,
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
    groups: groupsRecord(ds, i),
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
  const needs: Need[] = [];
  const contexts = new Map<Need, MeasureContext>();
  for (const ds of datasets) {
    const r = needsOf(ds, settings, learning);
    needs.push(...r.needs);
    for (const [k, v] of r.contexts) contexts.set(k, v);
  }
  needs.sort(compareNeeds);
  const skipped: SkippedGoal[] = [];
  const notes = new Set<string>();
  const studentDrafts: Draft[] = [];
  const studentTargets: StudentTarget[] = [];
  // Rows already given a target, per sheet and measure: a flag per Excel row, no key per student.
  const perStudentDone = new Map<string, Uint8Array>();
  // Student outcomes: every need with students below the bar becomes a candidate.
  for (const need of needs) {
    if (need.population !== 'students') continue;
    const ctx = contexts.get(need)!;
    const { method, note } = studentMethod(ctx.m, ctx.growths.length >= 2, settings.method);
    if (note) notes.add(note);
    if (need.reach === 0) {
      skipped.push(
        skip(
          need,
          method,
          need.barKind === 'proficient'
            ? 'every student is already proficient: no goal of this kind is needed'
            : 'no student is below the district mean',
        ),
      );
      continue;
    }
    const { draft, reason } = draftFor(
      need,
      ctx,
      settings,
      method,
      perStudent && need.groups.length === 0,
    );
    if (!draft) {
      skipped.push(skip(need, method, reason!));
      continue;
    }
    if (note) draft.flags.push(note);
    // Per-student targets once per student and measure (from the everyone-in-the-team rows).
    if (need.groups.length === 0) {
      for (const s of draft.perStudent) {
        const key = `${s.sheet}|${s.measure}`;
        let done = perStudentDone.get(key);
        if (!done || done.length <= s.row) {
          const grown = new Uint8Array(
            Math.max(s.row + 1, ctx.ds.size + 2, 2 * (done?.length ?? 0)),
          );
          if (done) grown.set(done);
          perStudentDone.set(key, (done = grown));
        }
        if (done[s.row] === 0) {
          done[s.row] = 1;
          studentTargets.push(s);
        }
      }
    }
    studentDrafts.push(draft);
  }
  // Team practice goals: each team's weakest observed component (lowest team mean).
  const practiceDrafts: Draft[] = [];
  for (const need of needs) {
    if (need.population !== 'educators' || need.weakestPractice !== need.measure) continue;
    const ctx = contexts.get(need)!;
    const { draft, reason } = draftFor(need, ctx, settings, 'effect-size');
    if (!draft) skipped.push(skip(need, 'effect-size', reason!));
    else practiceDrafts.push(draft);
  }
  const chosen = [
    ...studentDrafts.slice(0, MAX_STUDENT_GOALS),
    ...practiceDrafts.slice(0, MAX_PRACTICE_GOALS),
  ];
  chosen.sort((a, b) => compareNeeds(a.need, b.need));
  const goals: SuggestedGoal[] = chosen.map((d) => toGoal(d, learning, priorities, config, due));
  goals.push(...individualGoals(datasets, learning, settings, priorities, config, due));
  goals.forEach((g, k) => {
    g.id = `S${k + 1}`;
  });
  if (studentDrafts.length > MAX_STUDENT_GOALS) {
    notes.add(
      `${studentDrafts.length - MAX_STUDENT_GOALS} more student needs ranked below the top ${MAX_STUDENT_GOALS} are listed in the needs analysis only`,
    );
  }
  return { needs, goals, skipped, studentTargets, notes: [...notes] };
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

function who(need: Need): string {
  const unit =
    need.team === null ? 'the school' : /^\d/.test(need.team) ? `team ${need.team}` : need.team;
  if (need.population === 'educators') return `${unit} educators`;
  const group = need.groups.length ? ` in the group ${need.groupLabel}` : '';
  return `${unit} students${group}`;
}

function toGoal(
  d: Draft,
  learning: LearningResult,
  priorities: DistrictPriority[],
  config: MappingConfig,
  due: string,
): SuggestedGoal {
  const n = d.need;
  const b = formatValue(d.baseline, d.format);
  const t = formatValue(d.target, d.format);
  const focus = n.weakestPractice;
  const learningFocus = n.population === 'students' ? focus : n.measure;
  const priority = matchPriority(
    priorities,
    [n.measure, ...(learningFocus ? [learningFocus] : [])],
    config.synonyms,
  );
  const outOf = n.max !== null && d.metric === 'mean' ? ` (out of ${n.max})` : '';
  let what: string;
  if (n.population === 'educators')
    what = `the mean observed rating of ${who(n)} on ${n.measure} will rise from ${b} to ${t}${outOf}`;
  else if (d.metric === 'pctProficient')
    what = `the share of ${who(n)} proficient in ${n.measure} (a score of ${n.proficient} or more) will rise from ${b} to ${t} proficient`;
  else what = `the mean ${n.measure} score of ${who(n)} will rise from ${b} to ${t}${outOf}`;
  const check =
    d.check.label === null
      ? `growth check: not possible (${d.check.reason})`
      : `growth check: ${d.check.label} (asks for ${signed(d.check.required, d.format)}; teams' median ${signed(d.check.median!, d.format)}, 90th percentile ${signed(d.check.p90!, d.format)})`;
  const parts = [`By ${longDate(due)}, ${what}.`, `Target by the ${d.method} method; ${check}.`];
  if (priority)
    parts.push(`It serves the district priority ${priority.id}: "${trimEnd(priority.text)}".`);
  if (learningFocus && n.population === 'students')
    parts.push(`Team learning focus: ${learningFocus}.`);
  const statement = parts.join(' ');
  return {
    id: '',
    level: n.level,
    team: n.team,
    measure: n.measure,
    groups: n.groups,
    baseline: { metric: d.metric, value: d.baseline },
    target: { value: d.target, method: d.method },
    statement,
    rationale: rationale(d),
    priority: n.priority,
    population: n.population,
    sheet: n.sheet,
    groupLabel: n.groupLabel,
    purpose: n.population === 'students' ? 'team or school goal' : 'program implementation',
    learningFocus: learningFocus ?? null,
    districtPriority: priority ? { id: priority.id, text: priority.text } : null,
    growthCheck: d.check,
    format: d.format,
    baselineText: b,
    targetText: t,
    n: n.n,
    flags: d.flags,
    due,
    school: n.school,
  };
}

function signed(x: number, f: ValueFormat): string {
  const s = formatValue(x, f.percent ? { ...f } : f);
  const text = f.percent ? `${s.replace('%', '')} points` : s;
  return x > 0 && !text.startsWith('-') ? `+${text}` : text;
}

const fx = (x: number | null, d = 2) =>
  x === null ? 'n/a' : formatValue(x, { excel: '', decimals: d, percent: false });

function rationale(d: Draft): string {
  const n = d.need;
  const unitWord = n.population === 'students' ? 'students' : 'educators';
  const s: string[] = [];
  if (n.pctProficient !== null && n.population === 'students') {
    s.push(
      `${formatValue(n.pctProficient, PERCENT_FORMAT)} of ${n.n} ${unitWord} proficient at baseline (${n.notProficient} not proficient)`,
    );
  } else {
    s.push(
      `baseline mean ${formatValue(n.mean!, d.metric === 'mean' ? d.format : meanFormat(n.max, n.districtSd))} over ${n.n} ${unitWord}; ${n.reach} below the ${n.barKind === 'proficient' ? `cut ${n.bar}` : `district mean ${fx(n.bar)}`}`,
    );
  }
  if (n.zDistrict !== null)
    s.push(
      `mean ${fx(Math.abs(n.zDistrict))} SD ${n.zDistrict < 0 ? 'below' : 'above'} the district`,
    );
  if (n.zSchool !== null)
    s.push(`${fx(Math.abs(n.zSchool))} SD ${n.zSchool < 0 ? 'below' : 'above'} the school`);
  if (n.gapPp !== null) s.push(`${fx(n.gapPp, 1)} percentage points behind the rest of the team`);
  if (n.gapEs !== null) s.push(`gap to the rest of the team ${fx(n.gapEs)} SD`);
  if (n.growth !== null && n.teamGrowthMedian !== null)
    s.push(
      `growth this year ${fx(n.growth)} against a median of ${fx(n.teamGrowthMedian)} across ${n.comparableTeams} comparable teams`,
    );
  s.push(`priority = reach ${n.reach} × severity ${fx(n.severity, 3)} = ${fx(n.priority)}`);
  s.push(`method: ${d.methodWords}`);
  return `${s.join('; ')}.`;
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
  for (const e of learning.educators) {
    const own = e.needs.find((x) => !x.shared);
    if (!own) continue;
    const ds = datasets.find((d) => d.sheet === e.sheet && d.population === 'educators')!;
    const m = ds.measures.find((x) => x.name === own.component)!;
    const i = ds.rows.indexOf(e.row);
    const x = Number.isFinite(m.post[i]) ? m.post[i] : m.pre[i];
    const all = finiteValues(m.post, ds.size);
    const dMean = meanOf(all);
    const dSd = sdOf(all);
    const t = effectSize(x, dSd, settings.delta, m.max);
    if (t.value === null || dMean === null) continue;
    const format = meanFormat(m.max, dSd);
    const b = formatValue(x, format);
    const tt = formatValue(t.value, format);
    const severity = Math.max(0, (dMean - x) / dSd!);
    if (!Number.isFinite(severity)) continue;
    const outOf = m.max !== null ? ` (out of ${m.max})` : '';
    const pr = matchPriority(priorities, [m.name], config.synonyms);
    const listed =
      own.peers.length > 5
        ? `${own.peers.slice(0, 5).join(', ')} and ${own.peers.length - 5} more`
        : own.peers.join(', ');
    const peers = own.peers.length
      ? `peers with the same need elsewhere in the district: ${listed}`
      : 'no peer elsewhere in the district shares it';
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
        target: { value: t.value, method: 'effect-size' },
        statement:
          `By ${longDate(due)}, ${e.educator}'s observed rating on ${m.name} will rise from ${b} to ${tt}${outOf}. ` +
          `Target by the effect-size method (+${settings.delta} district SD). Individual learning: the team does not share this need; ${peers}.` +
          (pr ? ` It serves the district priority ${pr.id}: "${trimEnd(pr.text)}".` : ''),
        rationale: `${m.name} is among ${e.educator}'s weakest observed components (${b}${outOf}); district mean ${fx(dMean)}, SD ${fx(dSd)}; a majority of the team does not share it; priority = reach 1 × severity ${fx(severity, 3)}.`,
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
