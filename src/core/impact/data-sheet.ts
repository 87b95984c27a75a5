/**
 * "Impact Data": the cleaned records the Impact formulas read. One row per record with a
 * usable pre or post score (or, for educators, PD hours), datasets stacked in blocks:
 * Population | Source sheet | Source row | ID | Team | subgroup columns | pre, post per measure | PD hours.
 * Group cells and IDs are text; a missing score is a blank cell.
 */
import type { Dataset } from '../dataset';
import { lazyPlan, type PlanCell, type SheetPlan } from '../plans/types';
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

/** The columns of "Impact Data": its header, and where each subgroup, measure and window goes. */
function dataColumns(datasets: Dataset[]) {
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
  return { header, subgroupIndex, measureColumns, pdHoursColumn, extra };
}

type DataColumns = ReturnType<typeof dataColumns>;

/** Where each dataset's usable records go, block after block below the header. */
function dataBlocks(datasets: Dataset[], cols: DataColumns): (DataBlock | null)[] {
  let next = 2;
  return datasets.map((ds, di) => {
    const records: number[] = [];
    for (let r = 0; r < ds.size; r++) if (usable(ds, r)) records.push(r);
    if (!records.length) return null;
    const firstRow = next;
    next += records.length;
    return {
      firstRow,
      lastRow: next - 1,
      records,
      subgroupColumns: reportedSubgroups(ds).map((s) => cols.subgroupIndex.get(s.column)!),
      measureColumns: cols.measureColumns[di],
    };
  });
}

/** A block of "Impact Data" with its dataset (index `di`) and the dataset's reported subgroups. */
interface Placed {
  ds: Dataset;
  di: number;
  block: DataBlock;
  subs: ReturnType<typeof reportedSubgroups>;
}

/** Columns A–D of record `r`: population, sheet, source row, ID. */
function leadCell(ds: Dataset, r: number, j: number): PlanCell {
  return j === 0 ? ds.population : j === 1 ? ds.sheet : j === 2 ? ds.rows[r] : (ds.ids[r] ?? '');
}

/** Record `r` of dataset `di` as its row of "Impact Data" (blank where it has no value). */
function recordRow(r: number, cols: DataColumns, place: Placed) {
  const { ds, di, block, subs } = place;
  const row: PlanCell[] = new Array<PlanCell>(cols.header.length).fill(null);
  for (let j = 0; j < 4; j++) row[j] = leadCell(ds, r, j);
  const team = ds.team ? ds.team.codes[r] : -1;
  row[TEAM_COLUMN - 1] = team >= 0 ? ds.team!.labels[team] : null;
  for (let j = 0; j < subs.length; j++) {
    const v = subs[j].codes[r];
    row[block.subgroupColumns[j] - 1] = v >= 0 ? subs[j].labels[v] : null;
  }
  const measures = ds.measures;
  for (let mi = 0; mi < measures.length; mi++) {
    const mc = block.measureColumns[mi];
    const x = measures[mi].pre[r];
    const y = measures[mi].post[r];
    row[mc.pre - 1] = x === x ? x : null;
    row[mc.post - 1] = y === y ? y : null;
    const ws = cols.extra[di][mi];
    for (let k = 0; k < ws.length; k++) {
      const z = measures[mi].windows![ws[k]].scores[r];
      row[mc.windows[k] - 1] = z === z ? z : null;
    }
  }
  if (cols.pdHoursColumn !== null && ds.pdHours) {
    const h = ds.pdHours[r];
    row[cols.pdHoursColumn - 1] = h === h ? h : null;
  }
  return row;
}

/**
 * The rows of "Impact Data", each made when asked for from the datasets' columns (at a million
 * records, held as cells they were ~150 MB until the sheet was written).
 */
function dataRows(datasets: Dataset[], cols: DataColumns, blocks: (DataBlock | null)[]) {
  const placed: Placed[] = blocks.flatMap((block, di) => {
    const ds = datasets[di];
    return block ? [{ ds, di, block, subs: reportedSubgroups(ds) }] : [];
  });
  const count = 1 + placed.reduce((n, p) => n + p.block.records.length, 0);
  // Rows are asked for in order: the block of the last one is tried first.
  let at = 0;
  /** The block of row i (i ≥ 1) and its record there. */
  const find = (i: number): { place: Placed; r: number } => {
    const sheetRow = i + 1;
    if (!(placed[at].block.firstRow <= sheetRow && sheetRow <= placed[at].block.lastRow))
      at = placed.findIndex((p) => p.block.firstRow <= sheetRow && sheetRow <= p.block.lastRow);
    const place = placed[at];
    return { place, r: place.block.records[sheetRow - place.block.firstRow] };
  };
  const row = (i: number): PlanCell[] => {
    if (i === 0) return cols.header.slice();
    const { place, r } = find(i);
    return recordRow(r, cols, place);
  };
  // The first columns read alone (the width rule reads A and B of every row): no row made.
  const cell = (i: number, j: number): PlanCell => {
    if (i === 0 || j > 3) return row(i)[j] ?? null;
    const { place, r } = find(i);
    return leadCell(place.ds, r, j);
  };
  return { count, row, cell };
}

/**
 * Build the "Impact Data" plan and the layout the formulas need.
 *
 * @param datasets intake's datasets
 * @param sheet the sheet's final name
 * @returns the plan (rows made on demand) and where every column and block is
 */
export function buildDataSheet(
  datasets: Dataset[],
  sheet: string,
): { plan: SheetPlan; layout: DataLayout } {
  const cols = dataColumns(datasets);
  const blocks = dataBlocks(datasets, cols);
  const header = cols.header;
  const plan = lazyPlan(
    {
      key: 'impact-data',
      name: sheet,
      columnWidths: header.map((h, i) => (i === 3 ? 14 : Math.min(28, Math.max(10, h.length + 2)))),
      freeze: { rows: 1, columns: 0 },
      styles: [
        {
          rect: { row: 1, column: 1, rowCount: 1, columnCount: header.length },
          bold: true,
          fill: '#DDEBF7',
        },
      ],
    },
    dataRows(datasets, cols, blocks),
  );
  const layout = { sheet, blocks, teamColumn: TEAM_COLUMN, pdHoursColumn: cols.pdHoursColumn };
  return { plan, layout };
}
