/**
 * A dataset's records into cells, block by block, for `GroupedCells` (impact's groups and goal
 * suggestion's): a record goes to one cell per block of subgroup columns, the cell of its team
 * and its values of the block's columns; each reported group is then merged from cells.
 */
import type { Categorical, Dataset } from '../dataset';
import type { PairedAccumulatorOptions } from './paired-accumulator';
import { GroupedCells, type BaselineOptions } from './grouped-cells';

/**
 * Most codes a block of subgroup columns may have when it takes in one more column (a column
 * alone may have more): bounds its cells, about 300 bytes each for two measures.
 */
const BLOCK_CODES = 1 << 14;
/**
 * Codes are looked up in an array (4 bytes a code) when there are at most this many or at most
 * as many as records (the array is then no larger than a column of category codes); else in a
 * Map.
 */
const DENSE_CODES = 1 << 16;
/** Records whose cells are found before their scores are added. */
const CHUNK = 4096;

/**
 * The subgroup columns in blocks. A record goes to one cell per block: the cell of its team and
 * its values of the block's columns (a missing one is a value of its own here). Columns join a
 * block while its cells can number at most BLOCK_CODES: `keys` (the teams + 1, or the team ×
 * school pairs the records hold when the school is keyed) × Π(values + 1) of the block's other
 * columns. With a school reported (column 0, so in the first block), every block is keyed by the
 * school too (its school × subgroup groups); a team lies in one school as a rule, so that adds
 * few cells.
 */
export function blocksOf(keys: number, subs: Categorical[], school: boolean): number[][] {
  if (subs.length === 0) return [[]];
  const blocks: number[][] = [];
  let codes = Infinity;
  subs.forEach((s, j) => {
    const radix = school && j === 0 ? 1 : s.labels.length + 1;
    if (codes * radix > BLOCK_CODES) {
      blocks.push([]);
      codes = keys;
    }
    blocks[blocks.length - 1].push(j);
    codes *= radix;
  });
  return blocks;
}

/** How many (team, school) pairs the records hold, a missing team or school counted as one. */
export function teamSchoolPairs(ds: Dataset, school: Categorical): number {
  const teams = ds.team;
  const width = school.labels.length + 1;
  const range = ((teams?.labels.length ?? 0) + 1) * width;
  // A byte per pair while that is no more than a byte per record; else a set of those held.
  const seen = range <= Math.max(DENSE_CODES, ds.size) ? new Uint8Array(range) : null;
  const held = new Set<number>();
  let pairs = 0;
  for (let r = 0; r < ds.size; r++) {
    const key = ((teams ? teams.codes[r] : -1) + 1) * width + school.codes[r] + 1;
    if (!seen) held.add(key);
    else if (seen[key] === 0) {
      seen[key] = 1;
      pairs++;
    }
  }
  return seen ? pairs : held.size;
}

/** One block's cells, with each cell's team and values of the block's columns (-1: none). */
export interface BlockCells {
  cells: GroupedCells;
  team: number[];
  values: number[][];
}

/**
 * Every record of a dataset into its cell of one block: one pass, one add per measure (with
 * `baseline`, of its baseline score and pair growth: `GroupedCells.addBaseline`).
 *
 * @param ds the dataset
 * @param cols the block's columns
 * @param options per measure: maximum and cut score
 * @param baseline per measure, when the cells hold baseline figures too (suggestion)
 * @returns the block's cells
 */
export function fillCells(
  ds: Dataset,
  cols: Categorical[],
  options: PairedAccumulatorOptions[],
  baseline: BaselineOptions[] | null = null,
): BlockCells {
  const teamCodes = ds.team?.codes ?? null;
  const colCodes = cols.map((c) => c.codes);
  // A record's code: team + 1, then each column's value + 1 in mixed radix.
  const radix = cols.map((c) => c.labels.length + 1);
  const range = radix.reduce((a, b) => a * b, (ds.team?.labels.length ?? 0) + 1);
  const dense = range <= Math.max(DENSE_CODES, ds.size) ? new Int32Array(range).fill(-1) : null;
  const sparse = new Map<number, number>();
  const measures = ds.measures;
  const out: BlockCells = {
    cells: new GroupedCells(options, Math.min(range, ds.size, 4096), baseline),
    team: [],
    values: cols.map(() => []),
  };
  const cells = out.cells;
  // Records go in chunks: their cells first, then each measure's scores into those cells.
  const cellOf = new Int32Array(Math.min(CHUNK, ds.size));
  for (let start = 0; start < ds.size; start += CHUNK) {
    const count = Math.min(CHUNK, ds.size - start);
    for (let i = 0; i < count; i++) {
      const r = start + i;
      const team = teamCodes ? teamCodes[r] : -1;
      let code = team + 1;
      for (let k = 0; k < colCodes.length; k++) code = code * radix[k] + colCodes[k][r] + 1;
      let cell = dense ? dense[code] : (sparse.get(code) ?? -1);
      if (cell < 0) {
        cell = cells.addCell();
        if (dense) dense[code] = cell;
        else sparse.set(code, cell);
        out.team.push(team);
        for (let k = 0; k < colCodes.length; k++) out.values[k].push(colCodes[k][r]);
      }
      cellOf[i] = cell;
    }
    measures.forEach((m, mi) => {
      if (baseline) cells.addBaseline(cellOf, start, count, mi, m.pre, m.post);
      else cells.addRecords(cellOf, start, count, mi, m.pre, m.post);
    });
  }
  return out;
}
