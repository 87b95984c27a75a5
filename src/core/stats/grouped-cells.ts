/**
 * Grouped statistics in one Float64Array ("cells"), the one engine behind impact's groups and
 * goal suggestion's groups: each record is added once per measure to the one cell it belongs to
 * (its team and subgroup values; see `cell-blocks.ts`), and every reported group is then the
 * merge of its cells into a table of groups (`mergeFrom`, in the order of the cells' first
 * pairs). A group that is a set of other groups (the rest of a team: its other known values of
 * one column) is merged from its cells too, never subtracted, so no figure loses precision to
 * cancellation.
 *
 * Per measure a cell holds:
 * - paired figures (impact; suggestion's growth and the change in share proficient): the sums
 *   of `PairedAccumulator.add`, shifted by the cell's own first pair, with the record index of
 *   that pair kept so that merges can find each group's first pair;
 * - or, in a table made with `baseline` (goal suggestion), the figures of every present post
 *   (baseline) score, paired or not: their number, plain sum (a mean is sum / n, as a plain
 *   mean of the scores), sums shifted by the first one (for the SD), how many are at least the
 *   cut, how many are below a bar, and the number and sum of the half-gap targets
 *   y + f·(max − y) of scores at most the maximum; and of the pairs only what suggestion reads
 *   (their number, Σ(d − d₀), proficiency before and after). Impact's pass does no more work
 *   than before, and suggestion's none of impact's moments.
 */
import {
  PairedAccumulator,
  type PairedAccumulatorOptions,
  type PairedSums,
} from './paired-accumulator';

// A cell's fields for one measure, at these offsets from its start.
const N = 0;
const UNPAIRED_PRE = 1;
const UNPAIRED_POST = 2;
const PROFICIENT_PRE = 3;
const PROFICIENT_POST = 4;
const GAIN_SUM = 5;
const GAIN_COUNT = 6;
const GAIN_EXCLUDED = 7;
const KX = 8;
const KY = 9;
const KD = 10;
const SX = 11;
const SY = 12;
const SD = 13;
const SXX = 14;
const SYY = 15;
const SDD = 16;
const SXY = 17;
/** Record index of the cell's first pair (meaningful when N > 0). */
const FIRST = 18;
const PAIRED_FIELDS = 19;
// Baseline fields (tables made with `baseline`), after the paired ones.
const B_N = 19;
const B_SUM = 20;
const B_K = 21;
const B_S = 22;
const B_SS = 23;
const B_AT = 24;
const B_BELOW = 25;
const B_HG_N = 26;
const B_HG_SUM = 27;
const BASELINE_FIELDS = 28;

/** What suggestion reads of a group's baseline (post) scores. */
export interface BaselineSums {
  /** Present baseline scores. */
  n: number;
  /** Their plain sum. */
  sum: number;
  /** The first one, and Σ(y − k), Σ(y − k)² (an SD without the cancellation of Σy² − n·ȳ²). */
  k: number;
  s: number;
  ss: number;
  /** Scores at least the cut; scores below the bar. */
  atLeastCut: number;
  below: number;
  /** Half-gap targets: how many (scores at most the maximum, target finite), and their sum. */
  halfGapN: number;
  halfGapSum: number;
}

/** A measure's options for baseline figures (tables made with `baseline`). */
export interface BaselineOptions {
  /** Scores below it are counted (`below`); NaN: none. */
  bar?: number | null;
  /** f of the half-gap targets y + f·(max − y); with no maximum, none are made. */
  gapShare?: number;
}

export class GroupedCells {
  /** Cells so far, numbered 0, 1, … in the order `addCell` made them. */
  count = 0;
  private table: Float64Array;
  private capacity: number;
  /** Fields of one cell, all measures: a cell's measures sit side by side. */
  private readonly width: number;
  /** Per measure: the maximum score (0 when there is none). */
  private readonly max: Float64Array;
  /** Per measure: 1 when it has a maximum score (normalized gains are summed). */
  private readonly hasMax: Uint8Array;
  /** Per measure: the cut score, NaN when there is none (no score is ≥ NaN). */
  private readonly proficient: Float64Array;

  /** Fields of one measure: paired, or paired and baseline. */
  private readonly fields: number;
  /** Per measure (tables with baseline figures): the bar, and f of the half-gap targets. */
  private readonly bar: Float64Array;
  private readonly gapShare: Float64Array;

  /**
   * @param options one entry per measure (maximum and cut score)
   * @param capacity cells to make room for at first (the table grows as needed)
   * @param baseline one entry per measure when the cells also hold baseline figures
   *   (`addBaseline`, `baseline`); null: paired figures only
   */
  constructor(
    private readonly options: readonly PairedAccumulatorOptions[],
    capacity = 256,
    baseline: readonly BaselineOptions[] | null = null,
  ) {
    this.fields = baseline ? BASELINE_FIELDS : PAIRED_FIELDS;
    this.width = this.fields * options.length;
    this.capacity = Math.max(1, capacity);
    this.table = new Float64Array(this.capacity * this.width);
    this.max = Float64Array.from(options, (o) => o.max ?? 0);
    this.hasMax = Uint8Array.from(options, (o) => (o.max === null || o.max === undefined ? 0 : 1));
    this.proficient = Float64Array.from(options, (o) => o.proficient ?? NaN);
    this.bar = Float64Array.from(options, (_, k) => baseline?.[k]?.bar ?? NaN);
    this.gapShare = Float64Array.from(options, (_, k) => baseline?.[k]?.gapShare ?? 0);
  }

  /** Whether the cells hold baseline figures. */
  get hasBaseline(): boolean {
    return this.fields === BASELINE_FIELDS;
  }

  /** A new, empty cell; its number. */
  addCell(): number {
    if (this.count === this.capacity) {
      this.capacity *= 2;
      const table = new Float64Array(this.capacity * this.width);
      table.set(this.table);
      this.table = table;
    }
    return this.count++;
  }

  /**
   * Add records' scores of one measure, each record to its cell, as `PairedAccumulator.add`
   * adds them (NaN is a missing score: one missing makes an unpaired record, two nothing).
   * Records must come in increasing index order, so that a cell's first pair is its earliest.
   *
   * @param cellOf `cellOf[i]` is the cell of record `start + i`
   * @param start index of the first record
   * @param count how many records
   * @param measure the measure's index in `options`
   * @param pre the measure's pre scores, by record index
   * @param post its post scores
   */
  addRecords(
    cellOf: Int32Array,
    start: number,
    count: number,
    measure: number,
    pre: ArrayLike<number>,
    post: ArrayLike<number>,
  ): void {
    const t = this.table;
    const width = this.width;
    const at = measure * this.fields;
    const max = this.max[measure];
    const hasMax = this.hasMax[measure] === 1;
    // No score is ≥ NaN: without a cut score nothing is counted.
    const cut = this.proficient[measure];
    for (let i = 0; i < count; i++) {
      const r = start + i;
      const x = pre[r];
      const y = post[r];
      const o = cellOf[i] * width + at;
      if (x !== x || y !== y) {
        if (x === x) t[o + UNPAIRED_PRE]++;
        else if (y === y) t[o + UNPAIRED_POST]++;
        continue;
      }
      const d = y - x;
      const n = t[o + N];
      if (n === 0) {
        t[o + KX] = x;
        t[o + KY] = y;
        t[o + KD] = d;
        t[o + FIRST] = r;
      }
      t[o + N] = n + 1;
      const cx = x - t[o + KX];
      const cy = y - t[o + KY];
      const cd = d - t[o + KD];
      t[o + SX] += cx;
      t[o + SY] += cy;
      t[o + SD] += cd;
      t[o + SXX] += cx * cx;
      t[o + SYY] += cy * cy;
      t[o + SDD] += cd * cd;
      t[o + SXY] += cx * cy;
      if (x >= cut) t[o + PROFICIENT_PRE]++;
      if (y >= cut) t[o + PROFICIENT_POST]++;
      if (hasMax) {
        if (x < max) {
          t[o + GAIN_SUM] += d / (max - x);
          t[o + GAIN_COUNT]++;
        } else t[o + GAIN_EXCLUDED]++;
      }
    }
  }

  /**
   * Add records' scores of one measure to a table made with `baseline`, each record to its
   * cell: every present post (baseline) score, paired or not, to the baseline figures; and of
   * the pairs only what suggestion reads (their number, Σ(d − d₀) about the first difference,
   * proficiency counts, unpaired counts), not the full moments of `addRecords`: a baseline
   * table has no `accumulator`. Records in increasing index order.
   *
   * @param cellOf `cellOf[i]` is the cell of record `start + i`
   * @param start index of the first record
   * @param count how many records
   * @param measure the measure's index in `options`
   * @param pre its pre scores, by record index (NaN: missing)
   * @param post its post scores
   */
  addBaseline(
    cellOf: Int32Array,
    start: number,
    count: number,
    measure: number,
    pre: ArrayLike<number>,
    post: ArrayLike<number>,
  ): void {
    const t = this.table;
    const width = this.width;
    const at = measure * this.fields;
    const max = this.max[measure];
    const hasMax = this.hasMax[measure] === 1;
    const cut = this.proficient[measure];
    const bar = this.bar[measure];
    const f = this.gapShare[measure];
    for (let i = 0; i < count; i++) {
      const r = start + i;
      const y = post[r];
      const x = pre[r];
      const o = cellOf[i] * width + at;
      if (y - y !== 0) {
        // No baseline score (missing, or not finite): at most an unpaired pre score.
        if (x === x) t[o + UNPAIRED_PRE]++;
        continue;
      }
      if (x !== x) t[o + UNPAIRED_POST]++;
      else addPairGrowth(t, o, x, y, r, cut);
      const n = t[o + B_N];
      if (n === 0) t[o + B_K] = y;
      t[o + B_N] = n + 1;
      t[o + B_SUM] += y;
      const c = y - t[o + B_K];
      t[o + B_S] += c;
      t[o + B_SS] += c * c;
      if (y >= cut) t[o + B_AT]++;
      if (y < bar) t[o + B_BELOW]++;
      if (hasMax && !(y > max)) {
        const target = y + f * (max - y);
        if (Number.isFinite(target)) {
          t[o + B_HG_N]++;
          t[o + B_HG_SUM] += target;
        }
      }
    }
  }

  /** Record index of a cell's first pair for a measure; -1 when it has no pair. */
  firstPair(cell: number, measure: number): number {
    const o = cell * this.width + measure * this.fields;
    return this.table[o + N] > 0 ? this.table[o + FIRST] : -1;
  }

  /**
   * A table's cells in the order of their first pairs for a measure (distinct record indices,
   * a record being in one cell), cells without a pair last.
   *
   * @param measure the measure
   * @param records how many records were added (each index below it)
   * @returns cell numbers
   */
  byFirstPair(measure: number, records: number): Int32Array {
    const count = this.count;
    // Sort keys first-pair index × count + cell, exact while below 2⁵³; past that, compare.
    if ((records + 1) * count > Number.MAX_SAFE_INTEGER) {
      const first = (c: number) => {
        const at = this.firstPair(c, measure);
        return at < 0 ? records : at;
      };
      return Int32Array.from({ length: count }, (_, c) => c).sort((a, b) => first(a) - first(b));
    }
    const keys = new Float64Array(count);
    for (let c = 0; c < count; c++) {
      const at = this.firstPair(c, measure);
      keys[c] = (at < 0 ? records : at) * count + c;
    }
    keys.sort();
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[i] = keys[i] % count;
    return order;
  }

  /**
   * Merge another table's cells into this one's cells, for one measure: each cell of `order`,
   * in turn, into each of its targets (`targets[cell × perCell + k]`, -1 for none). A target
   * with no pair yet takes the first merged pair's shift (and record index) as its own; other
   * cells' sums are re-centred on it exactly: Σ(x − K) = S + n(k − K),
   * Σ(x − K)² = SS + 2(k − K)S + n(k − K)², and the same for y, d and the cross products.
   * Given `from.byFirstPair`, every target thus keeps its own first pair as its shift, as if
   * its records had been added one by one (with whole-number scores, the very same sums).
   * Counts add; the normalized-gain sum is a float sum, so its additions change order.
   *
   * @param from the table merged (same measures and options)
   * @param measure the measure
   * @param order cells of `from`, in the order to merge them
   * @param targets each cell's target cells here
   * @param perCell targets per cell
   */
  mergeFrom(
    from: GroupedCells,
    measure: number,
    order: Int32Array,
    targets: Int32Array,
    perCell: number,
  ): void {
    if (from.width !== this.width || from.fields !== this.fields)
      throw new RangeError('mergeFrom: tables of other measures or figures');
    const s = from.table;
    const t = this.table;
    const width = this.width;
    const at = measure * this.fields;
    const baseline = this.hasBaseline;
    for (let i = 0; i < order.length; i++) {
      const c = order[i];
      const q = c * width + at;
      const m = s[q + N];
      for (let k = c * perCell, end = k + perCell; k < end; k++) {
        const g = targets[k];
        if (g < 0) continue;
        const o = g * width + at;
        t[o + UNPAIRED_PRE] += s[q + UNPAIRED_PRE];
        t[o + UNPAIRED_POST] += s[q + UNPAIRED_POST];
        t[o + PROFICIENT_PRE] += s[q + PROFICIENT_PRE];
        t[o + PROFICIENT_POST] += s[q + PROFICIENT_POST];
        t[o + GAIN_SUM] += s[q + GAIN_SUM];
        t[o + GAIN_COUNT] += s[q + GAIN_COUNT];
        t[o + GAIN_EXCLUDED] += s[q + GAIN_EXCLUDED];
        if (baseline) mergeBaseline(t, o, s, q);
        if (m === 0) continue;
        const n = t[o + N];
        if (n === 0) {
          t[o + N] = m;
          for (let f = KX; f <= FIRST; f++) t[o + f] = s[q + f];
          continue;
        }
        // The cell's shift less the target's: each of its centred values is this much larger.
        const ax = s[q + KX] - t[o + KX];
        const ay = s[q + KY] - t[o + KY];
        const ad = s[q + KD] - t[o + KD];
        const sx = s[q + SX];
        const sy = s[q + SY];
        const sd = s[q + SD];
        t[o + SXX] += s[q + SXX] + ax * (2 * sx + m * ax);
        t[o + SYY] += s[q + SYY] + ay * (2 * sy + m * ay);
        t[o + SDD] += s[q + SDD] + ad * (2 * sd + m * ad);
        t[o + SXY] += s[q + SXY] + ay * sx + ax * (sy + m * ay);
        t[o + SX] += sx + m * ax;
        t[o + SY] += sy + m * ay;
        t[o + SD] += sd + m * ad;
        t[o + N] = n + m;
      }
    }
  }

  /**
   * A cell's pairs for one measure: their number, Σ(post − pre) (n·d₀ + Σ(d − d₀): with whole
   * scores, exactly the plain sum), and how many of them are at least the cut before and after.
   */
  pairSums(
    cell: number,
    measure: number,
  ): { n: number; diffSum: number; proficientPre: number; proficientPost: number } {
    const t = this.table;
    const o = cell * this.width + measure * this.fields;
    const n = t[o + N];
    return {
      n,
      diffSum: n === 0 ? 0 : n * t[o + KD] + t[o + SD],
      proficientPre: t[o + PROFICIENT_PRE],
      proficientPost: t[o + PROFICIENT_POST],
    };
  }

  /** A cell's baseline figures for one measure (tables made with `baseline`). */
  baseline(cell: number, measure: number): BaselineSums {
    if (!this.hasBaseline) throw new RangeError('baseline: a table of paired figures only');
    const t = this.table;
    const o = cell * this.width + measure * this.fields;
    return {
      n: t[o + B_N],
      sum: t[o + B_SUM],
      k: t[o + B_K],
      s: t[o + B_S],
      ss: t[o + B_SS],
      atLeastCut: t[o + B_AT],
      below: t[o + B_BELOW],
      halfGapN: t[o + B_HG_N],
      halfGapSum: t[o + B_HG_SUM],
    };
  }

  /** A cell's records of one measure as an accumulator (for `pairedFigures`; paired tables). */
  accumulator(cell: number, measure: number): PairedAccumulator {
    if (this.hasBaseline) throw new RangeError('accumulator: a baseline table has no moments');
    const t = this.table;
    const o = cell * this.width + measure * this.fields;
    const sums: PairedSums = {
      n: t[o + N],
      unpairedPre: t[o + UNPAIRED_PRE],
      unpairedPost: t[o + UNPAIRED_POST],
      proficientPre: t[o + PROFICIENT_PRE],
      proficientPost: t[o + PROFICIENT_POST],
      gainSum: t[o + GAIN_SUM],
      gainCount: t[o + GAIN_COUNT],
      gainExcluded: t[o + GAIN_EXCLUDED],
      kx: t[o + KX],
      ky: t[o + KY],
      kd: t[o + KD],
      sx: t[o + SX],
      sy: t[o + SY],
      sd: t[o + SD],
      sxx: t[o + SXX],
      syy: t[o + SYY],
      sdd: t[o + SDD],
      sxy: t[o + SXY],
    };
    return PairedAccumulator.fromSums(sums, this.options[measure]);
  }
}

/**
 * Merge a cell's baseline figures (at `q` of `s`) into a target's (at `o` of `t`): counts and
 * plain sums add; the shifted sums are re-centred on the target's shift exactly as the paired
 * ones are (Σ(y − K) = S + n(k − K), Σ(y − K)² = SS + 2(k − K)S + n(k − K)²); a target with no
 * score yet takes the cell's shift.
 */
function mergeBaseline(t: Float64Array, o: number, s: Float64Array, q: number): void {
  const m = s[q + B_N];
  if (m === 0) return;
  t[o + B_SUM] += s[q + B_SUM];
  t[o + B_AT] += s[q + B_AT];
  t[o + B_BELOW] += s[q + B_BELOW];
  t[o + B_HG_N] += s[q + B_HG_N];
  t[o + B_HG_SUM] += s[q + B_HG_SUM];
  const n = t[o + B_N];
  t[o + B_N] = n + m;
  if (n === 0) {
    t[o + B_K] = s[q + B_K];
    t[o + B_S] = s[q + B_S];
    t[o + B_SS] = s[q + B_SS];
    return;
  }
  const a = s[q + B_K] - t[o + B_K];
  const sy = s[q + B_S];
  t[o + B_SS] += s[q + B_SS] + a * (2 * sy + m * a);
  t[o + B_S] += sy + m * a;
}

/**
 * A pair's growth figures into a cell at `o` (baseline tables): its number, the first pair's
 * difference d₀ and record index, Σ(d − d₀), and proficiency before and after.
 */
function addPairGrowth(t: Float64Array, o: number, x: number, y: number, r: number, cut: number) {
  const d = y - x;
  const n = t[o + N];
  if (n === 0) {
    t[o + KD] = d;
    t[o + FIRST] = r;
  }
  t[o + N] = n + 1;
  t[o + SD] += d - t[o + KD];
  if (x >= cut) t[o + PROFICIENT_PRE]++;
  if (y >= cut) t[o + PROFICIENT_POST]++;
}
