/**
 * Needs analysis and goal suggestions (issue 5). Baseline = this year's latest scores (post):
 * goals are set for next year. Every number a goal quotes is computed here from the Datasets,
 * not from the impact rows.
 */
import { DEFAULTS, checkTargetOptions } from '../options';
import type { MappingConfig } from '../config';
import type { Categorical, CodeArray, Dataset, MeasureData, ScoreArray } from '../dataset';
import type { GoalLevel, GroupRef, TargetMethod } from '../report';
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

/** One collator for every label comparison: `localeCompare` with options builds one per call. */
const collator = new Intl.Collator('en', { numeric: true });
const byLabel = collator.compare;

/**
 * Where the groups' figures come from. Dense (the usual case): every group (everyone in a team,
 * or one value of one subgroup column in it) has a slot of sums per measure in a small table,
 * filled by two walks over the columns in record order (sums, then squared deviations from
 * each group's mean), so each group's sums run over its scores in record order, exactly as
 * summing a list of them would; no per-group copy of any score or index. Walking (a table that
 * would be too big: many teams × many subgroup values): each group's scores are collected from
 * its team's records, one group at a time. The walks find a record's slots from its combination
 * of subgroup values (numbered once per record, `combinations` at most) or, with more
 * combinations than that, from the columns. Tests lower the limits to check all give the same.
 */
export const LIMITS = { denseSlots: 1 << 17, combinations: 1 << 16 };

/** A team (or the whole school when the data names no team). */
interface Unit {
  team: string | null;
  school: string | null;
  level: GoalLevel;
  /** Number of records. */
  size: number;
  /** Position of the unit's first record in `Layout.order`. */
  offset: number;
  /** The unit's first slot in the table (its team code × stride; 0 without teams). */
  base: number;
}

/** A group of a unit: everyone (col −1) or the records with value `code` in subgroup column `col`. */
interface GroupSel {
  groups: GroupRef[];
  label: string;
  col: number;
  code: number;
}

/** How a dataset's records fall into units and groups. */
interface Layout {
  ds: Dataset;
  units: Unit[];
  /** Unit of each team code (-1: none); null when the data names no team: one unit of all records. */
  unitOf: Int32Array | null;
  /** The subgroup columns groups come from (students: every subgroup column; educators: none). */
  cols: Categorical[];
  /**
   * Slots per team code: everyone, then each column's values, then for each column of more
   * than two values the rest of each value (the unit's other known values; with two values
   * the rest is the other group, with one there is none).
   */
  stride: number;
  groupBase: number[];
  /** First rest slot of each column (-1: two values or fewer). */
  restBase: number[];
  /** Slots in the table (team codes × stride), 0 when walking. */
  slots: number;
  /** Each unit's groups, in the needs' order. */
  groups: GroupSel[][];
  /** Record index at each position: the units' records one after another (built on first use). */
  order: Int32Array | null;
  /** Scratch space as long as the largest unit (made on first use). */
  scratch: Float64Array | null;
  largest: number;
  /** Each record's combination of subgroup values (dense layouts with few combinations). */
  combo: Uint16Array | null;
  comboSlots: ComboSlots | null;
}

/**
 * The slots (relative to a team's first) that each combination of subgroup values adds to:
 * everyone, each known value's group, and the rests it is in; combination v's are
 * `list[start[v]]` … `list[start[v + 1] − 1]`. A combination numbers the values as digits:
 * Σ (code_j + 1) · Π_{j' < j} (labels_j' + 1), a missing value being 0.
 */
interface ComboSlots {
  start: Int32Array;
  list: Int32Array;
}

/** `ComboSlots` for these columns; null when there are too many combinations to list. */
function combinations(
  cols: Categorical[],
  groupBase: number[],
  restBase: number[],
): ComboSlots | null {
  let n = 1;
  let per = 1;
  for (const c of cols) {
    n *= c.labels.length + 1;
    per += 1 + (c.labels.length > 2 ? c.labels.length - 1 : 0);
  }
  if (cols.length === 0 || n > Math.min(LIMITS.combinations, 1 << 16) || n * per > 1 << 20)
    return null;
  const start = new Int32Array(n + 1);
  const list: number[] = [];
  for (let v = 0; v < n; v++) {
    start[v] = list.length;
    list.push(0);
    let rest = v;
    cols.forEach((col, j) => {
      const L = col.labels.length;
      const c = (rest % (L + 1)) - 1;
      rest = Math.floor(rest / (L + 1));
      if (c < 0) return;
      list.push(groupBase[j] + c);
      if (restBase[j] >= 0)
        for (let c2 = 0; c2 < L; c2++) if (c2 !== c) list.push(restBase[j] + c2);
    });
  }
  start[n] = list.length;
  return { start, list: Int32Array.from(list) };
}

/**
 * Units (teams in label order, each with its most frequent school), their groups, and the
 * table's shape, from one walk over the category columns.
 */
function layoutOf(ds: Dataset, cols: Categorical[]): Layout {
  const groupBase: number[] = [];
  const restBase: number[] = [];
  let stride = 1;
  for (const sg of cols) {
    groupBase.push(stride);
    stride += sg.labels.length;
  }
  for (const sg of cols) {
    restBase.push(sg.labels.length > 2 ? stride : -1);
    if (sg.labels.length > 2) stride += sg.labels.length;
  }
  const tc = ds.team ? ds.team.codes : null;
  const teams = ds.team ? ds.team.labels.length : 1;
  const dense = teams * stride <= LIMITS.denseSlots;
  // Records per team and per team × school; each record's combination of subgroup values.
  const count = new Int32Array(teams);
  const comb = dense ? combinations(cols, groupBase, restBase) : null;
  const combo = comb ? new Uint16Array(ds.size) : null;
  const sl = ds.school && ds.team ? ds.school.labels.length : 0;
  const bySchool = sl > 0 && teams * sl <= 1 << 22;
  const schoolCount = bySchool ? new Int32Array(teams * sl) : null;
  const schoolFirst = bySchool ? new Int32Array(teams * sl).fill(-1) : null;
  const scc = bySchool ? ds.school!.codes : null;
  countRecords(ds.size, tc, count, cols, combo, scc, sl, schoolCount, schoolFirst);
  let units: Unit[];
  let unitOf: Int32Array | null = null;
  if (!ds.team) {
    const school = ds.school && ds.school.labels.length === 1 ? ds.school.labels[0] : null;
    units = [{ team: null, school, level: 'school', size: ds.size, offset: 0, base: 0 }];
  } else {
    const labels = ds.team.labels;
    const present: number[] = [];
    for (let c = 0; c < labels.length; c++) if (count[c] > 0) present.push(c);
    present.sort((a, b) => byLabel(labels[a], labels[b]));
    unitOf = new Int32Array(labels.length).fill(-1);
    let offset = 0;
    units = present.map((c, k): Unit => {
      unitOf![c] = k;
      let school: string | null = null;
      if (schoolCount) {
        // The most frequent school; ties: the one met first in record order.
        let best = -1;
        for (let b = 0; b < sl; b++) {
          const k = c * sl + b;
          if (schoolCount[k] === 0) continue;
          const j = c * sl + best;
          if (
            best < 0 ||
            schoolCount[k] > schoolCount[j] ||
            (schoolCount[k] === schoolCount[j] && schoolFirst![k] < schoolFirst![j])
          )
            best = b;
        }
        school = best >= 0 ? ds.school!.labels[best] : null;
      }
      const u: Unit = {
        team: labels[c],
        school,
        level: 'team',
        size: count[c],
        offset,
        base: c * stride,
      };
      offset += count[c];
      return u;
    });
  }
  let largest = 0;
  for (const u of units) largest = Math.max(largest, u.size);
  const layout: Layout = {
    ds,
    units,
    unitOf,
    cols,
    stride,
    groupBase,
    restBase,
    slots: dense ? teams * stride : 0,
    groups: [],
    order: null,
    scratch: null,
    largest,
    combo: null,
    comboSlots: null,
  };
  if (ds.team && ds.school && !bySchool) {
    // Too many team × school pairs for a table: counted over each team's records.
    units.forEach((u, ui) => {
      u.school = modalLabel(ds.school, layout, ui);
    });
  }
  layout.groups = groupsOf(layout);
  layout.combo = combo;
  layout.comboSlots = comb;
  return layout;
}

/**
 * One walk over the category columns for `layoutOf`: records per team and per team × school,
 * and (`combo`) each record's combination of subgroup values as `combinations` numbers them.
 */
function countRecords(
  size: number,
  tc: CodeArray | null,
  count: Int32Array,
  cols: Categorical[],
  combo: Uint16Array | null,
  scc: CodeArray | null,
  sl: number,
  schoolCount: Int32Array | null,
  schoolFirst: Int32Array | null,
): void {
  const colCodes = cols.map((c) => c.codes);
  const radix = Int32Array.from(cols, (c) => c.labels.length + 1);
  for (let i = 0; i < size; i++) {
    if (combo) {
      let v = 0;
      for (let j = colCodes.length - 1; j >= 0; j--) v = v * radix[j] + colCodes[j][i] + 1;
      combo[i] = v;
    }
    const t = tc ? tc[i] : 0;
    if (t < 0) continue;
    count[t]++;
    if (scc) {
      const b = scc[i];
      if (b >= 0) {
        const k = t * sl + b;
        if (schoolCount![k]++ === 0) schoolFirst![k] = i;
      }
    }
  }
}

/** `layout.order`, made on first use; null when every record is in the one unit (position = record). */
function orderOf(layout: Layout): Int32Array | null {
  if (!layout.unitOf) return null;
  if (layout.order) return layout.order;
  const { units, unitOf } = layout;
  const codes = layout.ds.team!.codes;
  const fill = Int32Array.from(units, (u) => u.offset);
  const last = units.length ? units[units.length - 1] : null;
  const order = new Int32Array(last ? last.offset + last.size : 0);
  for (let i = 0; i < layout.ds.size; i++) {
    const c = codes[i];
    if (c >= 0) order[fill[unitOf[c]]++] = i;
  }
  return (layout.order = order);
}

function scratchOf(layout: Layout): Float64Array {
  return (layout.scratch ??= new Float64Array(layout.largest));
}

/**
 * Visit, in record order, the records of unit `ui` in a group: everyone (col −1), the records
 * with value `code` in column `col`, or (rest) those with another known value in that column.
 */
function eachRecord(
  layout: Layout,
  ui: number,
  col: number,
  code: number,
  rest: boolean,
  visit: (i: number) => void,
): void {
  const u = layout.units[ui];
  const order = orderOf(layout);
  const codes = col >= 0 ? layout.cols[col].codes : null;
  for (let p = u.offset, end = u.offset + u.size; p < end; p++) {
    const i = order ? order[p] : p;
    if (codes) {
      const c = codes[i];
      if (rest ? c < 0 || c === code : c !== code) continue;
    }
    visit(i);
  }
}

/** The finite values of a column, in record order. */
function finiteValues(arr: ScoreArray, size: number): Float64Array {
  const out = new Float64Array(size);
  let n = 0;
  for (let i = 0; i < size; i++) if (Number.isFinite(arr[i])) out[n++] = arr[i];
  return out.subarray(0, n);
}

/** The most frequent label among a unit's records (ties: the one met first). */
function modalLabel(cat: Dataset['school'], layout: Layout, ui: number): string | null {
  if (!cat) return null;
  const count = new Map<number, number>();
  eachRecord(layout, ui, -1, -1, false, (i) => {
    if (cat.codes[i] >= 0) count.set(cat.codes[i], (count.get(cat.codes[i]) ?? 0) + 1);
  });
  let best = -1;
  let n = 0;
  for (const [c, k] of count) if (k > n) [best, n] = [c, k];
  return best >= 0 ? cat.labels[best] : null;
}

/**
 * The groups of each unit: everyone, then each subgroup column's values present in the unit
 * (whatever their scores), in label order.
 *
 * Dense layouts list every value of every column: a value absent from a unit has no scores in
 * its slot (no need), and the rest of a value is the same records whichever of the others are
 * present. Walking lists the values present (counted over each unit's records).
 */
function groupsOf(layout: Layout): GroupSel[][] {
  const { units, cols, ds } = layout;
  const everyone = ds.population === 'students' ? 'All students' : 'All educators';
  const byLabelOrder = cols.map((sg) =>
    Array.from(sg.labels, (_, k) => k).sort((a, b) => byLabel(sg.labels[a], sg.labels[b])),
  );
  return units.map((_, ui) => {
    const out: GroupSel[] = [{ groups: [], label: everyone, col: -1, code: -1 }];
    cols.forEach((sg, j) => {
      let count: Int32Array | null = null;
      if (!layout.slots) {
        const c = (count = new Int32Array(sg.labels.length));
        eachRecord(layout, ui, -1, -1, false, (i) => {
          if (sg.codes[i] >= 0) c[sg.codes[i]]++;
        });
      }
      for (const k of byLabelOrder[j]) {
        if (count && count[k] === 0) continue;
        out.push({
          groups: [{ column: sg.column, value: sg.labels[k] }],
          label: `${sg.column}: ${sg.labels[k]}`,
          col: j,
          code: k,
        });
      }
    });
    return out;
  });
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
  /** Pairs whose post (postAtLeast) and pre (preAtLeast) are at least the cut. */
  postAtLeast: number;
  preAtLeast: number;
  /**
   * Σ and count of the students' half-gap targets x + f·(max − x) (x at most max, target
   * finite), in record order; 0 and 0 without a max.
   */
  halfGapSum: number;
  halfGapN: number;
}

const EMPTY: Readonly<GroupStats> = {
  n: 0,
  mean: NaN,
  sd: null,
  atLeastCut: 0,
  reach: 0,
  pairs: 0,
  gain: 0,
  postAtLeast: 0,
  preAtLeast: 0,
  halfGapSum: 0,
  halfGapN: 0,
};

/** What a measure's figures are computed with. */
interface MeasureArgs {
  m: MeasureData;
  cut: number | null;
  /** The bar of reach: the cut, else the district mean (known after the first walk). */
  bar: number | null;
  max: number | null;
  fraction: number;
}

/** A group's figures from its scores collected in record order (the walking way). */
function walkStats(
  layout: Layout,
  ui: number,
  col: number,
  code: number,
  rest: boolean,
  a: MeasureArgs,
): GroupStats {
  const buf = scratchOf(layout);
  const { cut, bar, max, fraction: f } = a;
  const { pre, post } = a.m;
  const s = { ...EMPTY };
  let n = 0;
  eachRecord(layout, ui, col, code, rest, (i) => {
    const y = post[i];
    if (!Number.isFinite(y)) return;
    buf[n++] = y;
    if (cut !== null && y >= cut) s.atLeastCut++;
    if (bar !== null && y < bar) s.reach++;
    if (max !== null && !(y > max)) {
      const t = y + f * (max - y);
      if (Number.isFinite(t)) {
        s.halfGapSum += t;
        s.halfGapN++;
      }
    }
    const x = pre[i];
    if (Number.isFinite(x)) {
      s.gain += y - x;
      s.pairs++;
      if (cut !== null && y >= cut) s.postAtLeast++;
      if (cut !== null && x >= cut) s.preAtLeast++;
    }
  });
  s.n = n;
  s.mean = n ? meanOf(buf, n)! : NaN;
  s.sd = n ? sdOf(buf, n, s.mean) : null;
  return s;
}

// The sums of a slot that nearly every score adds to, side by side (one cache line or two):
// baseline scores, their sum, how many at least the cut, Σ post − pre over the pairs, Σ half-gap
// targets. The rest live in smaller tables of their own, so that each walk touches little memory.
const F_N = 0;
const F_SUM = 1;
const F_AT = 2;
const F_GAIN = 3;
const F_HGS = 4;
const HOT = 5;

/** A measure's sums: the table's slots (dense layouts), the district's and the schools'. */
interface MeasureSums {
  args: MeasureArgs;
  /** HOT fields per slot (null: walking). */
  hot: Float64Array | null;
  /** Per slot: scores without a pre (not a pair), scores without a half-gap target. */
  cold: Float64Array | null;
  /** Per everyone slot: pairs whose post, and whose pre, is at least the cut. */
  pp: Float64Array | null;
  /** Per slot, for a measure without a cut: scores below the district mean. */
  below: Float64Array | null;
  /** Per slot: mean, Σ squared deviations from it, SD (NaN: none). */
  means: Float64Array | null;
  ss: Float64Array | null;
  sds: Float64Array | null;
  districtMean: number | null;
  districtSd: number | null;
  /** Per school code: Σ and number of baseline scores (null: no school column of its own). */
  schoolSum: Float64Array | null;
  schoolCount: Float64Array | null;
}

/** Where a slot's group is: unit, column (−1 everyone), value, rest or not. */
function slotGroup(
  layout: Layout,
  s: number,
): { ui: number; col: number; code: number; rest: boolean } {
  const t = Math.floor(s / layout.stride);
  const ui = layout.unitOf ? layout.unitOf[t] : 0;
  const r = s - t * layout.stride;
  if (r === 0) return { ui, col: -1, code: -1, rest: false };
  for (let j = 0; j < layout.cols.length; j++) {
    const L = layout.cols[j].labels.length;
    if (r >= layout.groupBase[j] && r < layout.groupBase[j] + L)
      return { ui, col: j, code: r - layout.groupBase[j], rest: false };
    if (layout.restBase[j] >= 0 && r >= layout.restBase[j] && r < layout.restBase[j] + L)
      return { ui, col: j, code: r - layout.restBase[j], rest: true };
  }
  throw new Error(`slot ${s} is in no group`);
}

/** A group's finite baseline scores collected into the scratch space in record order. */
function collect(layout: Layout, s: number, post: ScoreArray): number {
  const g = slotGroup(layout, s);
  const buf = scratchOf(layout);
  let n = 0;
  eachRecord(layout, g.ui, g.col, g.code, g.rest, (i) => {
    if (Number.isFinite(post[i])) buf[n++] = post[i];
  });
  return n;
}

/**
 * Where a record's slots are, in one object of fixed shape (the walks are small functions of
 * their own, so each is optimised once, even in a run that calls them once).
 */
interface Walk {
  size: number;
  /** Team code per record (null: every record in the one unit). */
  tc: CodeArray | null;
  stride: number;
  /** Subgroup columns' codes, their first group and rest slots (-1: none), their labels. */
  colCodes: CodeArray[];
  groupBase: Int32Array;
  restBase: Int32Array;
  colLabels: Int32Array;
  /**
   * The slots of the record at hand (without combinations), relative to its team's first:
   * everyone, its value of each column, the rests it is in.
   */
  sl: Int32Array;
  /** The record at hand's team's first slot, and where its slots start in the list. */
  base: number;
  from: number;
  /** Each record's combination of subgroup values and its slots (null: read the columns). */
  combo: Uint16Array | null;
  comboStart: Int32Array;
  comboList: Int32Array;
  dense: boolean;
  /** School code per record (null: no school column of its own). */
  sc: CodeArray | null;
}

/**
 * The slots record i adds to: `w.base` + `list[w.from + q]` for q < the count returned (0: in
 * no unit, or walking), where `list` is `w.comboList` when there are combinations, else `w.sl`.
 */
function slotsOf(w: Walk, i: number): number {
  if (!w.dense) return 0;
  const t = w.tc ? w.tc[i] : 0;
  if (t < 0) return 0;
  w.base = t * w.stride;
  if (w.combo) {
    const v = w.combo[i];
    const from = w.comboStart[v];
    w.from = from;
    return w.comboStart[v + 1] - from;
  }
  const sl = w.sl;
  let ns = 0;
  sl[ns++] = 0;
  for (let j = 0; j < w.colCodes.length; j++) {
    const c = w.colCodes[j][i];
    if (c < 0) continue;
    sl[ns++] = w.groupBase[j] + c;
    const rb = w.restBase[j];
    if (rb >= 0)
      for (let c2 = 0, L = w.colLabels[j]; c2 < L; c2++) if (c2 !== c) sl[ns++] = rb + c2;
  }
  w.from = 0;
  return ns;
}

/** First walk: counts and sums of the district, each school and each slot, in record order. */
function firstWalk(w: Walk, o: MeasureSums, tables: Tables): { sum: number; n: number } {
  const { size, sc } = w;
  const list = w.combo ? w.comboList : w.sl;
  const { post, pre } = o.args.m;
  const { hot, cold, pp } = tables;
  const schoolSum = o.schoolSum ?? tables.none;
  const schoolCount = o.schoolCount ?? tables.none;
  const schools = schoolSum.length;
  const f = o.args.fraction;
  const hasCut = o.args.cut !== null;
  const cut = o.args.cut ?? 0;
  const hasMax = o.args.max !== null;
  const max = o.args.max ?? 0;
  let dSum = 0;
  let dN = 0;
  for (let i = 0; i < size; i++) {
    const y = post[i];
    if (!Number.isFinite(y)) continue;
    dSum += y;
    dN++;
    if (sc) {
      const c = sc[i];
      if (c >= 0 && c < schools) {
        schoolSum[c] += y;
        schoolCount[c]++;
      }
    }
    const ns = slotsOf(w, i);
    if (ns === 0) continue;
    const x = pre[i];
    const paired = Number.isFinite(x);
    const d = y - x;
    const at = hasCut && y >= cut ? 1 : 0;
    let t = 0;
    let tOk = false;
    if (hasMax && !(y > max)) {
      t = y + f * (max - y);
      tOk = Number.isFinite(t);
    }
    const { base, from } = w;
    for (let q = 0; q < ns; q++) {
      const s = base + list[from + q];
      const k = s * HOT;
      hot[k + F_N]++;
      hot[k + F_SUM] += y;
      if (hasCut) hot[k + F_AT] += at;
      if (paired) hot[k + F_GAIN] += d;
      else cold[s * 2]++;
      if (hasMax) {
        if (tOk) hot[k + F_HGS] += t;
        else cold[s * 2 + 1]++;
      }
    }
    if (paired && hasCut) {
      // Every slot: a group goal compares with the same group's change in other teams.
      const preAt = x >= cut ? 1 : 0;
      for (let q = 0; q < ns; q++) {
        const k = (base + list[from + q]) * 2;
        pp[k] += at;
        pp[k + 1] += preAt;
      }
    }
  }
  return { sum: dSum, n: dN };
}

/**
 * Second walk: squared deviations from the district's and each slot's mean, in record order
 * (and, without a cut, the scores below the district mean).
 */
function secondWalk(
  w: Walk,
  post: ScoreArray,
  dMean: number,
  byMean: boolean,
  tables: Tables,
): number {
  const size = w.size;
  const list = w.combo ? w.comboList : w.sl;
  const { ss, means, below } = tables;
  let dSS = 0;
  for (let i = 0; i < size; i++) {
    const y = post[i];
    if (!Number.isFinite(y)) continue;
    const e = y - dMean;
    dSS += e * e;
    const ns = slotsOf(w, i);
    if (ns === 0) continue;
    const { base, from } = w;
    for (let q = 0; q < ns; q++) {
      const s = base + list[from + q];
      const v = y - means[s];
      ss[s] += v * v;
    }
    if (byMean && y < dMean) for (let q = 0; q < ns; q++) below[base + list[from + q]]++;
  }
  return dSS;
}

/** A measure's per-slot tables (empty arrays where unused, so the walks see one shape). */
interface Tables {
  hot: Float64Array;
  cold: Float64Array;
  pp: Float64Array;
  below: Float64Array;
  means: Float64Array;
  ss: Float64Array;
  none: Float64Array;
}

/**
 * A measure's sums in two walks over the records: first counts and sums (the district's,
 * each school's and, dense, each slot's), then squared deviations from the district's and
 * each slot's mean. Each sum runs in record order, as `meanOf` / `sdOf` over the group's
 * scores would; a mean or SD that overflows is worked out again by them from the scores.
 */
function measureSums(layout: Layout, args: MeasureArgs): MeasureSums {
  const { ds, stride, cols, slots } = layout;
  const size = ds.size;
  const post = args.m.post;
  // A school column that is also the team column says nothing new.
  const school = ds.school && ds.school.column !== ds.team?.column ? ds.school : null;
  const none = new Float64Array(0);
  const table = (n: number, when = true) => (slots && when ? new Float64Array(n) : null);
  const o: MeasureSums = {
    args,
    hot: table(slots * HOT),
    cold: table(slots * 2),
    pp: table(slots * 2, args.cut !== null),
    below: table(slots, args.cut === null),
    means: table(slots),
    ss: table(slots),
    sds: table(slots),
    districtMean: null,
    districtSd: null,
    schoolSum: school ? new Float64Array(school.labels.length) : null,
    schoolCount: school ? new Float64Array(school.labels.length) : null,
  };
  const tables: Tables = {
    hot: o.hot ?? none,
    cold: o.cold ?? none,
    pp: o.pp ?? none,
    below: o.below ?? none,
    means: o.means ?? none,
    ss: o.ss ?? none,
    none,
  };
  const restBase = Int32Array.from(layout.restBase);
  const w: Walk = {
    size,
    tc: ds.team ? ds.team.codes : null,
    stride,
    colCodes: cols.map((c) => c.codes),
    groupBase: Int32Array.from(layout.groupBase),
    restBase,
    colLabels: Int32Array.from(cols, (c) => c.labels.length),
    sl: new Int32Array(
      1 + cols.reduce((n, c, j) => n + 1 + (restBase[j] >= 0 ? c.labels.length : 0), 0),
    ),
    base: 0,
    from: 0,
    combo: layout.combo,
    comboStart: layout.comboSlots?.start ?? new Int32Array(1),
    comboList: layout.comboSlots?.list ?? new Int32Array(0),
    dense: slots > 0,
    sc: school ? school.codes : null,
  };
  const district = firstWalk(w, o, tables);
  let mean: number | null = district.n ? district.sum / district.n : null;
  // District figures worked out from the scores when the sum overflows.
  const done = mean !== null && !Number.isFinite(mean);
  if (done) {
    const all = finiteValues(post, size);
    mean = meanOf(all);
    o.districtSd = sdOf(all);
  }
  o.districtMean = mean;
  if (slots) slotMeans(layout, o.hot!, o.means!, post);
  const dSS = secondWalk(w, post, mean ?? 0, args.cut === null && mean !== null, tables);
  if (!done && district.n >= 2) {
    const sd = Math.sqrt(dSS / (district.n - 1));
    o.districtSd = Number.isFinite(sd) ? sd : sdOf(finiteValues(post, size));
  }
  if (slots) slotSds(layout, o.hot!, o.ss!, o.means!, o.sds!, post);
  return o;
}

/** Each slot's mean (NaN: no scores); a sum that overflows is done again by `meanOf`. */
function slotMeans(layout: Layout, hot: Float64Array, means: Float64Array, post: ScoreArray) {
  for (let s = 0; s < means.length; s++) {
    const n = hot[s * HOT + F_N];
    if (n === 0) {
      means[s] = NaN;
      continue;
    }
    const m = hot[s * HOT + F_SUM] / n;
    means[s] = Number.isFinite(m) ? m : meanOf(scratchOf(layout), collect(layout, s, post))!;
  }
}

/** Each slot's SD (NaN: fewer than two scores); squares that overflow are done again by `sdOf`. */
function slotSds(
  layout: Layout,
  hot: Float64Array,
  ss: Float64Array,
  means: Float64Array,
  sds: Float64Array,
  post: ScoreArray,
) {
  for (let s = 0; s < sds.length; s++) {
    const n = hot[s * HOT + F_N];
    sds[s] = NaN;
    if (n < 2) continue;
    let sd: number | null = Math.sqrt(ss[s] / (n - 1));
    if (!Number.isFinite(sd)) sd = sdOf(scratchOf(layout), collect(layout, s, post), means[s]);
    if (sd !== null) sds[s] = sd;
  }
}

/** A dense slot's figures. */
function slotStats(sums: MeasureSums, s: number): GroupStats {
  const hot = sums.hot!;
  const cold = sums.cold!;
  const o = s * HOT;
  const n = hot[o + F_N];
  if (n === 0) return EMPTY;
  const { cut, max } = sums.args;
  const sd = sums.sds![s];
  const atLeastCut = hot[o + F_AT];
  return {
    n,
    mean: sums.means![s],
    sd: Number.isNaN(sd) ? null : sd,
    atLeastCut,
    // With a cut, the scores not at least the cut (none below a cut that is not a number).
    reach: cut === null ? sums.below![s] : Number.isNaN(cut) ? 0 : n - atLeastCut,
    pairs: n - cold[s * 2],
    gain: hot[o + F_GAIN],
    postAtLeast: sums.pp ? sums.pp[s * 2] : 0,
    preAtLeast: sums.pp ? sums.pp[s * 2 + 1] : 0,
    halfGapSum: hot[o + F_HGS],
    halfGapN: max === null ? 0 : n - cold[s * 2 + 1],
  };
}

/**
 * Growth of each comparable team from its everyone-group figures: the mean of post − pre over
 * its pairs (their sum in record order over their number, as `meanOf` of the differences), and
 * the change in share proficient among them.
 */
function teamGrowths(
  layout: Layout,
  a: MeasureArgs,
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
      const { pre, post } = a.m;
      mean = 0;
      eachRecord(layout, ui, -1, -1, false, (i) => {
        if (Number.isFinite(post[i]) && Number.isFinite(pre[i])) mean += (post[i] - pre[i]) / n;
      });
    }
    // A growth that overflows (scores near 1e308) cannot be compared: leave the team out.
    if (!Number.isFinite(mean)) return;
    const pp = a.cut !== null ? st.postAtLeast / n - st.preAtLeast / n : null;
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
  for (const m of ds.measures) {
    // One measure's tables at a time: each is done with once its groups' figures are read.
    const sums = measureSums(layout, {
      m,
      cut: m.proficient,
      bar: null,
      max: m.max,
      fraction: settings.fraction,
    });
    const { args } = sums;
    const { cut } = args;
    const { districtMean, districtSd } = sums;
    const bar = cut ?? districtMean;
    args.bar = bar;
    // A group's figures (or the rest of a subgroup value, when it has slots of its own).
    const statsOf = (ui: number, g: { col: number; code: number }, rest = false): GroupStats => {
      if (!layout.slots) return walkStats(layout, ui, g.col, g.code, rest, args);
      const base = units[ui].base;
      if (g.col < 0) return slotStats(sums, base);
      const from = rest ? layout.restBase[g.col] : layout.groupBase[g.col];
      return slotStats(sums, base + from + g.code);
    };
    const stats = units.map((_, ui) => layout.groups[ui].map((g) => statsOf(ui, g)));
    const growths = teamGrowths(
      layout,
      args,
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
      groupGrowths: memoByGroup((g) => groupGrowths(layout, stats, cut, settings.minN, g)),
      districtMean,
      districtSd,
      format: meanFormat(m.max, districtSd),
    };
    // School means (all records of the school) when the data names schools.
    const schoolMean = new Map<string, number | null>();
    if (sums.schoolSum) {
      const { schoolSum: sum, schoolCount: cnt } = sums;
      for (let c = 0; c < sum.length; c++)
        schoolMean.set(ds.school!.labels[c], cnt![c] > 0 ? sum[c] / cnt![c] : null);
    }
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
          else rest = statsOf(ui, g, true);
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
  }
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
        perStudent.push(studentRow(ds, i, m.name, method, x, t.value, max !== null && x >= max));
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
