/**
 * A table of paired-score accumulators ("cells") in one Float64Array, for the impact engine's
 * one pass: each record is added once per measure, to the one cell it belongs to (its team and
 * subgroup values), and every reported group is then the merge of its cells into a table of
 * groups (`mergeFrom`, in the order of the cells' first pairs). A cell's sums are those of
 * `PairedAccumulator.add`, shifted by the cell's own first pair, with the record index of that
 * pair kept so that merges can find each group's first pair.
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
const FIELDS = 19;

export class PairedCells {
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

  /**
   * @param options one entry per measure (maximum and cut score)
   * @param capacity cells to make room for at first (the table grows as needed)
   */
  constructor(
    private readonly options: readonly PairedAccumulatorOptions[],
    capacity = 256,
  ) {
    this.width = FIELDS * options.length;
    this.capacity = Math.max(1, capacity);
    this.table = new Float64Array(this.capacity * this.width);
    this.max = Float64Array.from(options, (o) => o.max ?? 0);
    this.hasMax = Uint8Array.from(options, (o) => (o.max === null || o.max === undefined ? 0 : 1));
    this.proficient = Float64Array.from(options, (o) => o.proficient ?? NaN);
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
    const at = measure * FIELDS;
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

  /** Record index of a cell's first pair for a measure; -1 when it has no pair. */
  firstPair(cell: number, measure: number): number {
    const o = cell * this.width + measure * FIELDS;
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
    from: PairedCells,
    measure: number,
    order: Int32Array,
    targets: Int32Array,
    perCell: number,
  ): void {
    if (from.width !== this.width) throw new RangeError('mergeFrom: tables of other measures');
    const s = from.table;
    const t = this.table;
    const width = this.width;
    const at = measure * FIELDS;
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

  /** A cell's records of one measure as an accumulator (for `pairedFigures`). */
  accumulator(cell: number, measure: number): PairedAccumulator {
    const t = this.table;
    const o = cell * this.width + measure * FIELDS;
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
