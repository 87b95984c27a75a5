/**
 * The chain made visible on "Impact Chain": a block of educators (PD hours and their mean
 * practice change, as formulas on "Impact Data") with r between the two, a scatter of those
 * points, and bars of practice change and student change by team side by side.
 */
import type { Dataset } from '../dataset';
import type { CellStyle, ChartPlan, PlanCell, Rect } from '../plans/types';
import { columnLetters, quoteSheetName } from '../types';
import type { DataLayout } from './data-sheet';

export interface EducatorBlock {
  /** Rows from `startRow` on (blank rows before it are the caller's). */
  startRow: number;
  cells: PlanCell[][];
  styles: CellStyle[];
  numberFormats: { rect: Rect; format: string }[];
  /** PD hours and practice change of the plotted educators (rowCount 0 when none). */
  x: Rect;
  y: Rect;
  /** Pearson r of the plotted points (null with fewer than 3 points or no spread). */
  r: number | null;
}

/** Pearson's r; null when undefined (fewer than 3 points, or a side without spread). */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 3) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}

/** Educators with PD hours and every practice score, with their mean practice change. */
function plotted(ds: Dataset, r: number): { hours: number; change: number } | null {
  const hours = ds.pdHours?.[r] ?? NaN;
  if (hours !== hours || !ds.measures.length) return null;
  let sum = 0;
  for (const m of ds.measures) {
    const d = m.post[r] - m.pre[r];
    if (d !== d) return null;
    sum += d;
  }
  return { hours, change: sum / ds.measures.length };
}

/**
 * The educators block: Educator | PD hours | Practice change | Team, one row per educator
 * with PD hours and every practice score, then r as a CORREL formula.
 *
 * @param withHours educator datasets with PD hours, and their index
 * @param layout where "Impact Data" put the records
 * @param startRow the block's first row (its title)
 */
export function educatorBlock(
  withHours: { ds: Dataset; di: number }[],
  layout: DataLayout,
  startRow: number,
): EducatorBlock {
  const data = quoteSheetName(layout.sheet);
  const ref = (column: number, row: number) => `${data}!$${columnLetters(column)}$${row}`;
  const cells: PlanCell[][] = [
    ['Each educator: PD hours and practice change (mean of the practice measures, post − pre)'],
    ['Educator', 'PD hours', 'Practice change', 'Team'],
  ];
  const xs: number[] = [];
  const ys: number[] = [];
  for (const { ds, di } of withHours) {
    const block = layout.blocks[di]!;
    block.records.forEach((rec, i) => {
      const p = plotted(ds, rec);
      if (!p) return;
      const row = block.firstRow + i;
      const diffs = block.measureColumns.map((c) => `${ref(c.post, row)}-${ref(c.pre, row)}`);
      const team = ds.team ? ds.team.codes[rec] : -1;
      xs.push(p.hours);
      ys.push(p.change);
      cells.push([
        ds.ids[rec] ?? '',
        { formula: `=${ref(layout.pdHoursColumn!, row)}`, value: p.hours },
        { formula: `=AVERAGE(${diffs.join(',')})`, value: p.change },
        team >= 0 ? ds.team!.labels[team] : null,
      ]);
    });
  }
  const first = startRow + 2;
  const n = xs.length;
  const x: Rect = { row: first, column: 2, rowCount: n, columnCount: 1 };
  const y: Rect = { row: first, column: 3, rowCount: n, columnCount: 1 };
  const r = pearson(xs, ys);
  const last = first + n - 1;
  cells.push([
    'r (PD hours, practice change)',
    n >= 3 ? { formula: `=CORREL(B${first}:B${last},C${first}:C${last})`, value: r ?? '' } : '',
    `${n} educators`,
  ]);
  const rRow = startRow + cells.length - 1;
  return {
    startRow,
    cells,
    styles: [
      { rect: { row: startRow, column: 1, rowCount: 1, columnCount: 1 }, bold: true },
      {
        rect: { row: startRow + 1, column: 1, rowCount: 1, columnCount: 4 },
        bold: true,
        fill: '#DDEBF7',
      },
      { rect: { row: rRow, column: 1, rowCount: 1, columnCount: 2 }, bold: true },
    ],
    numberFormats: [
      { rect: { ...x }, format: '0.0' },
      { rect: { ...y }, format: '+0.00;-0.00;0.00' },
      { rect: { row: rRow, column: 2, rowCount: 1, columnCount: 1 }, format: '0.00' },
    ],
    x,
    y,
    r,
  };
}

export interface ChainChartInput {
  first: number;
  count: number;
  chartTop: number;
  practiceChange: { name: string; column: number }[];
  studentChange: { name: string; column: number }[];
  scatter: EducatorBlock | null;
}

/**
 * Bars of practice change and of student change by team, side by side, and the scatter of PD
 * hours against practice change below them.
 */
export function chainCharts(c: ChainChartInput): ChartPlan[] {
  const categories: Rect = { row: c.first, column: 1, rowCount: c.count, columnCount: 1 };
  const bars = (list: { name: string; column: number }[]) =>
    list.map((s) => ({
      name: s.name,
      values: { row: c.first, column: s.column, rowCount: c.count, columnCount: 1 },
    }));
  const charts: ChartPlan[] = [];
  if (c.practiceChange.length)
    charts.push({
      type: 'columnClustered',
      title: 'Practice change by team',
      categories,
      series: bars(c.practiceChange),
      axes: { x: 'Team', y: 'Mean change (rubric points)' },
      anchor: { row: c.chartTop, column: 1, width: 520, height: 320 },
    });
  if (c.studentChange.length)
    charts.push({
      type: 'columnClustered',
      title: 'Student change by team',
      categories,
      series: bars(c.studentChange),
      axes: { x: 'Team', y: 'Mean change (score points)' },
      anchor: { row: c.chartTop, column: 6, width: 520, height: 320 },
    });
  const s = c.scatter;
  if (s && s.x.rowCount >= 3) {
    const r = s.r === null ? 'r not defined' : `r = ${s.r.toFixed(2)}`;
    charts.push({
      type: 'xyScatter',
      title: `PD hours and practice change, per educator (${r})`,
      categories: s.x,
      series: [{ name: 'Educators', values: s.y }],
      axes: { x: 'PD hours', y: 'Practice change (rubric points)' },
      anchor: { row: c.chartTop + 17, column: 1, width: 520, height: 320 },
    });
  }
  return charts;
}
