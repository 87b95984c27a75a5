/**
 * "Impact Data": the cleaned records the Impact formulas read. One row per record with a
 * usable pre or post score (or, for educators, PD hours), datasets stacked in blocks:
 * Population | Source sheet | Source row | ID | Team | subgroup columns | pre, post per measure | PD hours.
 * Group cells and IDs are text; a missing score is a blank cell.
 */
import type { Dataset } from '../dataset';
import type { PlanCell, SheetPlan } from '../plans/types';
import { columnLetters, quoteSheetName } from '../types';
import { reportedSubgroups } from './groups';

/** Where one dataset's records landed. */
export interface DataBlock {
  /** First and last Excel row of the block (null when no record was usable). */
  firstRow: number;
  lastRow: number;
  /** Dataset record index of each row of the block. */
  records: number[];
  /** Column (1-based) of each reported subgroup of the dataset. */
  subgroupColumns: number[];
  /**
   * Columns (1-based) of each measure's pre and post, and of every window from pre to the last
   * in order (`windows`; the windows other than pre and post follow the PD hours column).
   */
  measureColumns: { pre: number; post: number; windows: number[] }[];
}

export interface DataLayout {
  sheet: string;
  blocks: (DataBlock | null)[];
  teamColumn: number;
  /** Column of PD hours (educators), or null. */
  pdHoursColumn: number | null;
}

/** A range of one column of a block as an absolute reference: 'Impact Data'!$F$2:$F$67. */
export function blockRange(layout: DataLayout, block: DataBlock, column: number): string {
  const c = columnLetters(column);
  return `${quoteSheetName(layout.sheet)}!$${c}$${block.firstRow}:$${c}$${block.lastRow}`;
}

const TEAM_COLUMN = 5;

/** The windows of a measure from its pre window to its last (none without windows). */
function followingWindows(m: Dataset['measures'][number]): number[] {
  if (!m.windows || m.windows.length <= 2) return [];
  const from = m.preWindow ?? 0;
  return m.windows.map((_, k) => k).filter((k) => k >= from);
}

function usable(ds: Dataset, r: number): boolean {
  for (const m of ds.measures) if (m.pre[r] === m.pre[r] || m.post[r] === m.post[r]) return true;
  return !!ds.pdHours && ds.pdHours[r] === ds.pdHours[r];
}

/**
 * Build the "Impact Data" plan and the layout the formulas need.
 *
 * @param datasets intake's datasets
 * @param sheet the sheet's final name
 * @returns the plan and where every column and block is
 */
export function buildDataSheet(
  datasets: Dataset[],
  sheet: string,
): { plan: SheetPlan; layout: DataLayout } {
  const header: string[] = ['Population', 'Source sheet', 'Source row', 'ID', 'Team'];
  const subgroupIndex = new Map<string, number>();
  for (const ds of datasets) {
    for (const s of reportedSubgroups(ds)) {
      if (!subgroupIndex.has(s.column)) {
        subgroupIndex.set(s.column, header.length + 1);
        header.push(s.column);
      }
    }
  }
  const nameCount = new Map<string, number>();
  for (const ds of datasets)
    for (const m of ds.measures) nameCount.set(m.name, (nameCount.get(m.name) ?? 0) + 1);
  const measureColumns = datasets.map((ds) =>
    ds.measures.map((m) => {
      // A name used by two datasets gets its sheet, so the headers say which is which.
      const label = nameCount.get(m.name)! > 1 ? `${m.name} (${ds.sheet})` : m.name;
      header.push(`${label} pre`, `${label} post`);
      return { pre: header.length - 1, post: header.length, windows: [] as number[], label };
    }),
  );
  let pdHoursColumn: number | null = null;
  if (datasets.some((ds) => ds.pdHours)) {
    header.push('PD hours');
    pdHoursColumn = header.length;
  }
  // Every other window from pre on (the middle ones, for the Progress sheet): after PD hours,
  // so the columns the Impact formulas read keep their places.
  const extra = datasets.map((ds, di) =>
    ds.measures.map((m, mi) => {
      const cols = measureColumns[di][mi];
      const list = followingWindows(m);
      cols.windows = list.map((w) => {
        if (w === m.preWindow) return cols.pre;
        if (w === m.postWindow) return cols.post;
        header.push(`${cols.label} ${m.windows![w].name}`);
        return header.length;
      });
      return list;
    }),
  );
  const width = header.length;
  const cells: PlanCell[][] = [header];
  const blocks: (DataBlock | null)[] = datasets.map((ds, di) => {
    const subs = reportedSubgroups(ds);
    const subgroupColumns = subs.map((s) => subgroupIndex.get(s.column)!);
    const records: number[] = [];
    const firstRow = cells.length + 1;
    const measures = ds.measures;
    const mcols = measureColumns[di];
    // Plain loops, no closure per row: this runs once per record (100,000s of them).
    for (let r = 0; r < ds.size; r++) {
      if (!usable(ds, r)) continue;
      records.push(r);
      const row: PlanCell[] = new Array<PlanCell>(width).fill(null);
      row[0] = ds.population;
      row[1] = ds.sheet;
      row[2] = ds.rows[r];
      row[3] = ds.ids[r] ?? '';
      const team = ds.team ? ds.team.codes[r] : -1;
      row[TEAM_COLUMN - 1] = team >= 0 ? ds.team!.labels[team] : null;
      for (let j = 0; j < subs.length; j++) {
        const v = subs[j].codes[r];
        row[subgroupColumns[j] - 1] = v >= 0 ? subs[j].labels[v] : null;
      }
      for (let mi = 0; mi < measures.length; mi++) {
        const x = measures[mi].pre[r];
        const y = measures[mi].post[r];
        row[mcols[mi].pre - 1] = x === x ? x : null;
        row[mcols[mi].post - 1] = y === y ? y : null;
        const ws = extra[di][mi];
        for (let k = 0; k < ws.length; k++) {
          const z = measures[mi].windows![ws[k]].scores[r];
          row[mcols[mi].windows[k] - 1] = z === z ? z : null;
        }
      }
      if (pdHoursColumn !== null && ds.pdHours) {
        const h = ds.pdHours[r];
        row[pdHoursColumn - 1] = h === h ? h : null;
      }
      cells.push(row);
    }
    if (!records.length) return null;
    return {
      firstRow,
      lastRow: cells.length,
      records,
      subgroupColumns,
      measureColumns: measureColumns[di],
    };
  });
  const plan: SheetPlan = {
    key: 'impact-data',
    name: sheet,
    cells,
    columnWidths: header.map((h, i) => (i === 3 ? 14 : Math.min(28, Math.max(10, h.length + 2)))),
    freeze: { rows: 1, columns: 0 },
    styles: [
      { rect: { row: 1, column: 1, rowCount: 1, columnCount: width }, bold: true, fill: '#DDEBF7' },
    ],
  };
  return { plan, layout: { sheet, blocks, teamColumn: TEAM_COLUMN, pdHoursColumn } };
}
