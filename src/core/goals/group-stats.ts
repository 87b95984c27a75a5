/**
 * The figures of the needs analysis' groups, from the same grouped-statistics cells as impact's
 * groups (`stats/grouped-cells.ts`, filled block by block by `stats/cell-blocks.ts`).
 *
 * What a group's need reads, and where it comes from:
 * - its baseline: every present post score of its records, paired or not (n, mean, SD, how many
 *   are at least the cut, how many below the bar, the half-gap targets' count and sum). Impact's
 *   paired cells count unpaired post scores but hold no sum of them, and their post sums are
 *   over pairs only: suggestion's cells hold baseline figures (`addBaseline`) over the same
 *   records, in the same table;
 * - its pairs (post and pre both present): their number, Σ(post − pre), and how many are at
 *   least the cut before and after: the paired cells' fields n, n·d₀ + Σ(d − d₀) and the
 *   proficiency counts, which impact's cells hold too (suggestion's keep only these of the
 *   pairs, not impact's moments, normalized gains or first-pair post/pre shifts);
 * - the rest of its unit (a column of more than two values: the unit's other known values):
 *   its own group, merged from the cells of those values, not subtracted from the unit's;
 * - the district's and each school's baseline mean and the district's SD (over every record,
 *   teams or not): one plain pass over the post scores, before the cells, since the bar of a
 *   measure without a cut (the district mean) is counted in the cells.
 *
 * A mean is sum / n as a plain mean of the scores (exactly so with whole scores, whatever the
 * order of the cells); an SD is from sums shifted by the group's first score. Scores are bounded
 * at intake (at most DEFAULTS.maxScore in size, core/options.ts), so no sum or square overflows.
 */
import type { Dataset, MeasureData, ScoreArray } from '../dataset';
import { blocksOf, fillCells } from '../stats/cell-blocks';
import { GroupedCells, type BaselineOptions, type BaselineSums } from '../stats/grouped-cells';
import type { Layout } from './layout';

/** One group's figures from its baseline (post) scores and pairs. */
export interface GroupStats {
  /** Baseline scores present. */
  n: number;
  mean: number;
  sd: number | null;
  atLeastCut: number;
  /** Scores below the bar (the cut, else the district mean). */
  reach: number;
  pairs: number;
  /** Σ (post − pre) over the pairs. */
  gain: number;
  /** Pairs whose post (postAtLeast) and pre (preAtLeast) are at least the cut. */
  postAtLeast: number;
  preAtLeast: number;
  /** Σ and count of the half-gap targets x + f·(max − x) (x at most max, target finite). */
  halfGapSum: number;
  halfGapN: number;
}

export const EMPTY: Readonly<GroupStats> = {
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

/** A measure's district figures: baseline mean and SD, and each school's mean. */
export interface District {
  mean: number | null;
  sd: number | null;
  /** Per school label (null: no school column of its own). */
  schoolMean: Map<string, number | null>;
}

/** The finite values of a column, in record order. */
export function finiteValues(arr: ScoreArray, size: number): Float64Array {
  const out = new Float64Array(size);
  let n = 0;
  for (let i = 0; i < size; i++) if (Number.isFinite(arr[i])) out[n++] = arr[i];
  return out.subarray(0, n);
}

/**
 * The district's baseline mean and SD (sums in record order, two passes) and each school's
 * mean, over every record.
 */
export function districtOf(ds: Dataset, m: MeasureData): District {
  const post = m.post;
  // A school column that is also the team column says nothing new.
  const school = ds.school && ds.school.column !== ds.team?.column ? ds.school : null;
  const schoolSum = new Float64Array(school ? school.labels.length : 0);
  const schoolCount = new Float64Array(schoolSum.length);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < ds.size; i++) {
    const y = post[i];
    if (!Number.isFinite(y)) continue;
    sum += y;
    n++;
    const c = school ? school.codes[i] : -1;
    if (c >= 0) {
      schoolSum[c] += y;
      schoolCount[c]++;
    }
  }
  const out: District = { mean: n ? sum / n : null, sd: null, schoolMean: new Map() };
  if (out.mean !== null && n >= 2) {
    let ss = 0;
    for (let i = 0; i < ds.size; i++) {
      const y = post[i];
      if (Number.isFinite(y)) ss += (y - out.mean) * (y - out.mean);
    }
    out.sd = Math.sqrt(ss / (n - 1));
  }
  for (let c = 0; c < schoolSum.length; c++)
    out.schoolMean.set(
      school!.labels[c],
      schoolCount[c] > 0 ? schoolSum[c] / schoolCount[c] : null,
    );
  return out;
}

/** Every group's figures, all measures: a table of grouped cells, one row per group slot. */
export interface GroupTable {
  layout: Layout;
  table: GroupedCells;
  /** The table's row of each group slot (unit base + slot), -1: no record. */
  rowOf: Int32Array;
  /** Per measure: the cut score (null: none). */
  cuts: (number | null)[];
  /** f of the half-gap targets. */
  gapShare: number;
}

/**
 * The groups' cells: each record once per measure into its cell of each block of subgroup
 * columns (its team and its values of the block's columns), then each group slot as the merge
 * of its cells: a unit's everyone (first block), each value of a column, and, for a column of
 * more than two values, the rest of each value (merged from the cells of the other values).
 *
 * @param layout units and groups
 * @param districts per measure: the district's figures (the bar of reach of a measure without
 *   a cut is the district mean)
 * @param gapShare f of the half-gap targets
 */
export function groupTable(layout: Layout, districts: District[], gapShare: number): GroupTable {
  const { ds, cols, stride } = layout;
  const options = ds.measures.map((m) => ({ max: m.max, proficient: m.proficient }));
  const baseline: BaselineOptions[] = ds.measures.map((m, k) => ({
    bar: m.proficient === null ? districts[k].mean : null,
    gapShare,
  }));
  const teams = ds.team ? ds.team.labels.length : 1;
  const rowOf = new Int32Array(teams * stride).fill(-1);
  const table = new GroupedCells(options, Math.min(rowOf.length, 4096), baseline);
  const row = (slot: number) => (rowOf[slot] < 0 ? (rowOf[slot] = table.addCell()) : rowOf[slot]);
  blocksOf((ds.team ? teams : 0) + 1, cols, false).forEach((block, b) => {
    const cells = fillCells(
      ds,
      block.map((j) => cols[j]),
      options,
      baseline,
    );
    const perCell = (b === 0 ? 1 : 0) + block.reduce((n, j) => n + slotsPerValue(layout, j), 0);
    const targets = new Int32Array(cells.cells.count * perCell).fill(-1);
    for (let c = 0; c < cells.cells.count; c++) {
      const t = cells.team[c];
      if (ds.team && t < 0) continue; // a record in no team is in no unit
      const base = ds.team ? t * stride : 0;
      let k = c * perCell;
      if (b === 0) targets[k++] = row(base);
      block.forEach((j, i) => {
        const v = cells.values[i][c];
        const per = slotsPerValue(layout, j);
        if (v >= 0) {
          targets[k] = row(base + layout.groupBase[j] + v);
          // The cell is in the rest of each other value of the column.
          const rb = layout.restBase[j];
          if (rb >= 0) {
            let r = k + 1;
            for (let v2 = 0; v2 < cols[j].labels.length; v2++)
              if (v2 !== v) targets[r++] = row(base + rb + v2);
          }
        }
        k += per;
      });
    }
    ds.measures.forEach((_, mi) =>
      table.mergeFrom(cells.cells, mi, cells.cells.byFirstPair(mi, ds.size), targets, perCell),
    );
  });
  return {
    layout,
    table,
    rowOf,
    cuts: ds.measures.map((m) => m.proficient),
    gapShare,
  };
}

/** Group slots a record's value of column j adds to: its value's, and the others' rests. */
function slotsPerValue(layout: Layout, j: number): number {
  const L = layout.cols[j].labels.length;
  return 1 + (layout.restBase[j] >= 0 ? L - 1 : 0);
}

/**
 * A group's figures for one measure: everyone in unit `ui` (col −1), one value of a column, or
 * (rest) the unit's other known values of that column (columns of more than two values).
 */
export function groupStats(
  g: GroupTable,
  mi: number,
  ui: number,
  col: number,
  code: number,
  rest = false,
): GroupStats {
  const { layout, table } = g;
  const slot =
    layout.units[ui].base +
    (col < 0 ? 0 : (rest ? layout.restBase[col] : layout.groupBase[col]) + code);
  const at = g.rowOf[slot];
  if (at < 0) return EMPTY;
  const b = table.baseline(at, mi);
  const n = b.n;
  if (n === 0) return EMPTY;
  const cut = g.cuts[mi];
  const p = table.pairSums(at, mi);
  const sums = cellSums(b, p.diffSum);
  const { mean, sd, gain } = sums;
  return {
    n,
    mean,
    sd,
    atLeastCut: b.atLeastCut,
    // With a cut, the scores not at least the cut (none below a cut that is not a number).
    reach: cut === null ? b.below : Number.isNaN(cut) ? 0 : n - b.atLeastCut,
    pairs: p.n,
    gain,
    postAtLeast: cut === null ? 0 : p.proficientPost,
    preAtLeast: cut === null ? 0 : p.proficientPre,
    halfGapSum: sums.halfGapSum,
    halfGapN: b.halfGapN,
  };
}

/** A group's mean, SD, gain and half-gap sum, from its cells' sums. */
function cellSums(b: BaselineSums, gain: number): PlainSums {
  const n = b.n;
  const ms = b.s / n;
  const sd = n >= 2 ? Math.sqrt(Math.max(0, b.ss - n * ms * ms) / (n - 1)) : null;
  return { mean: b.sum / n, sd, gain, halfGapSum: b.halfGapSum };
}

interface PlainSums {
  mean: number;
  sd: number | null;
  gain: number;
  halfGapSum: number;
}
