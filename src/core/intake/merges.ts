/**
 * Merged cells and summary rows of a sheet being read, row by row (rows arrive in order, so a
 * merge's top-left value is always read before the cells it covers).
 *
 * A merged range shows one value over all its cells; the file holds it in the top-left cell
 * only. In a team, school, teacher or group column every covered cell is read as that value (a
 * merged Team cell over 10 students puts all 10 in the team); in an ID or score column the
 * covered cells are reported, never given a copied ID or score.
 */
import type { CellRange, CellValue, RawTable } from '../types';
import { cleanText } from './values';

const NONE: { index: number; shown: CellValue }[] = [];

interface Active {
  range: CellRange;
  /** The value the merge shows (its top-left cell's). */
  shown: CellValue;
}

/** The merged ranges below the header, handed out row by row. */
export class MergedCells {
  private readonly ranges: CellRange[];
  private next = 0;
  private active: Active[] = [];
  /** The row `covered` was last asked about, and its covered cells. */
  private row = 0;
  private cells: { index: number; shown: CellValue }[] = NONE;

  /** Null when the table has no merge below its header row. */
  static of(table: RawTable, headerRow: number): MergedCells | null {
    const below = (table.merges ?? []).filter((m) => m.top > headerRow);
    return below.length ? new MergedCells(below, table.firstColumn) : null;
  }

  private constructor(
    ranges: CellRange[],
    private readonly firstColumn: number,
  ) {
    this.ranges = [...ranges].sort((a, b) => a.top - b.top);
  }

  /**
   * The values index of each cell of `excelRow` covered by a merge (not its top-left cell),
   * with the value the merge shows. `row` is the row's values (the top-left values are taken
   * from it at a merge's top row).
   */
  covered(excelRow: number, row: CellValue[] | undefined): { index: number; shown: CellValue }[] {
    const fc = this.firstColumn;
    while (this.next < this.ranges.length && this.ranges[this.next].top <= excelRow) {
      const range = this.ranges[this.next++];
      const shown = range.top === excelRow ? (row?.[range.left - fc] ?? null) : null;
      this.active.push({ range, shown });
    }
    this.row = excelRow;
    this.cells = NONE;
    if (this.active.length === 0) return NONE;
    this.active = this.active.filter((a) => a.range.bottom >= excelRow);
    const out: { index: number; shown: CellValue }[] = [];
    for (const { range, shown } of this.active)
      for (let c = range.left; c <= range.right; c++)
        if (excelRow !== range.top || c !== range.left) out.push({ index: c - fc, shown });
    if (out.length) this.cells = out;
    return out;
  }

  /** The cell at values index `index` of `excelRow` (the row last asked about) is covered. */
  covers(excelRow: number, index: number): boolean {
    return this.row === excelRow && this.cells.some((c) => c.index === index);
  }
}

/** Labels of a summary row under a table ("Total", "Average", …), compared in lower case. */
const SUMMARY_WORDS = new Set([
  'total',
  'totals',
  'grand total',
  'sum',
  'average',
  'averages',
  'avg',
  'mean',
  'median',
  'overall',
  'class average',
  'school average',
  'all students',
]);

/** No summary word holds a digit: most IDs are ruled out at their first digit, cheaply. */
function holdsDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** The cell is a summary label ("Total", "Average:"), or null. */
export function summaryLabel(cell: CellValue): string | null {
  if (typeof cell !== 'string' || holdsDigit(cell)) return null;
  const s = cleanText(cell).replace(/:$/, '');
  return SUMMARY_WORDS.has(s.toLowerCase()) ? s : null;
}

/** The first summary label among a row's text cells, or null. */
export function rowSummaryLabel(row: CellValue[]): string | null {
  for (const c of row) {
    const s = summaryLabel(c);
    if (s) return s;
  }
  return null;
}
