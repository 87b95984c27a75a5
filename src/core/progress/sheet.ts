/**
 * The "Progress" sheet: per adopted goal, one row per window with live formulas over Impact Data
 * (n, value, expected value on the path, status by the rule of rule.ts), a trajectory chart
 * (value and expected value by window, with the target), and the groups and students furthest
 * behind the path as of the run. A window pasted into the data updates it on the next run.
 */
import type { Dataset } from '../dataset';
import { blockRange, type DataBlock, type DataLayout } from '../impact/data-sheet';
import { num, str } from '../impact/formula-text';
import { reportedSubgroups } from '../impact/groups';
import type { CellStyle, ChartPlan, PlanCell, SheetPlan } from '../plans/types';
import { RULE_TEXT, WATCH_SHARE } from './rule';
import type { GoalProgress } from './types';

const WIDTH = 7;
const HEAD = ['Window', 'n', 'Value', 'Share of growth expected', 'Expected', 'Target', 'Status'];
const CHART_ROWS = 14;

interface Builder {
  cells: PlanCell[][];
  styles: CellStyle[];
  formats: SheetPlan['numberFormats'];
  charts: ChartPlan[];
}

const row = (...xs: PlanCell[]): PlanCell[] => [...xs, ...new Array(WIDTH - xs.length).fill(null)];

/** The SUMPRODUCT conditions of the goal's records, or null when Impact Data cannot say them. */
function conditions(p: GoalProgress, ds: Dataset, layout: DataLayout, b: DataBlock) {
  const cond: string[] = [];
  if (p.team && (p.level === 'team' || p.level === 'individual'))
    cond.push(`(${blockRange(layout, b, layout.teamColumn)}=${str(p.team)})`);
  else if (p.team) return null; // a school's goal: Impact Data has no school column
  const subs = reportedSubgroups(ds);
  for (const g of p.groups) {
    const j = subs.findIndex((s) => s.column.toLowerCase() === g.column.toLowerCase());
    const column =
      j >= 0 ? b.subgroupColumns[j] : g.column.toLowerCase() === ds.idColumn.toLowerCase() ? 4 : 0;
    if (!column) return null;
    cond.push(`(${blockRange(layout, b, column)}=${str(g.value)})`);
  }
  return cond;
}

function windowFormulas(
  p: GoalProgress,
  k: number,
  at: { r: number; base: number; last: boolean },
  ranges: { cond: string[]; base: string; win: string } | null,
): PlanCell[] {
  const w = p.windows[k];
  const value = w.value ?? '';
  const expected = w.expected ?? '';
  if (!ranges) return row(w.window, w.n, value, w.share, expected, p.target, w.status ?? '');
  const mask = [...ranges.cond, `ISNUMBER(${ranges.base})`, `ISNUMBER(${ranges.win})`].join('*');
  const n = `B${at.r}`;
  const valueF =
    p.metric === 'pctProficient'
      ? `=IF(${n}=0,"",SUMPRODUCT(${mask}*(${ranges.win}>=${num(p.cut ?? 0)}))/${n})`
      : `=IF(${n}=0,"",SUMPRODUCT(${mask},${ranges.win})/${n})`;
  const B = `C${at.base}`;
  const [C, E, F] = [`C${at.r}`, `E${at.r}`, `F${at.r}`];
  const statusF =
    k === 0
      ? `=IF(${C}="","","baseline")`
      : at.last
        ? `=IF(OR(${C}="",${B}=""),"",IF(${C}>=${F},"met","not met"))`
        : `=IF(OR(${C}="",${B}=""),"",IF(${C}>=${E},"on track",IF(${C}>=${B}+${num(WATCH_SHARE)}*(${E}-${B}),"watch","off track")))`;
  return row(
    w.window,
    { formula: `=SUMPRODUCT(${mask})`, value: w.n },
    { formula: valueF, value },
    w.share,
    { formula: `=IF(${B}="","",${B}+D${at.r}*(${F}-${B}))`, value: expected },
    p.target,
    { formula: statusF, value: w.status ?? '' },
  );
}

function behindRows(p: GoalProgress, b: Builder): void {
  const at = [...p.windows]
    .reverse()
    .find((w) => w.value !== null && w.window !== p.windows[0].window);
  if (!at) return;
  const who = p.population === 'students' ? 'students' : 'educators';
  b.cells.push(row(`Behind the path at ${at.window} (as of this run): ${p.behindCount} ${who}`));
  b.styles!.push({
    rect: { row: b.cells.length, column: 1, rowCount: 1, columnCount: 1 },
    italic: true,
  });
  for (const g of p.behindGroups)
    b.cells.push(
      row(
        `${g.column} = ${g.value}`,
        g.n,
        null,
        null,
        null,
        null,
        `${Math.round(g.meanShortfall * 10) / 10} below on average`,
      ),
    );
  if (p.behind.length) {
    b.cells.push(row('ID', 'Source row', 'Baseline', 'Now', 'Expected', 'Shortfall'));
    b.styles!.push({
      rect: { row: b.cells.length, column: 1, rowCount: 1, columnCount: 6 },
      bold: true,
    });
    for (const r of p.behind)
      b.cells.push(row(r.id, r.row, r.baselineScore, r.score, r.expected, r.shortfall));
  }
  for (const s of p.adjust) b.cells.push(row(s));
}

function goalBlock(p: GoalProgress, datasets: Dataset[], layout: DataLayout, b: Builder): void {
  const title = `${p.goal} · ${p.team ?? 'all'} · ${p.measure} · ${p.groupLabel}: ${p.statement}`;
  const top = b.cells.length + 1;
  b.cells.push(row(title));
  b.styles!.push({ rect: { row: top, column: 1, rowCount: 1, columnCount: 1 }, bold: true });
  if (!p.windows.length) {
    b.cells.push(row(`Not tracked: ${p.undefinedReason ?? 'no data'}.`), row());
    return;
  }
  b.cells.push(row(...HEAD));
  b.styles!.push({
    rect: { row: top + 1, column: 1, rowCount: 1, columnCount: WIDTH },
    bold: true,
    fill: '#DDEBF7',
  });
  const di = datasets.findIndex((d) => d.sheet === p.sheet && d.population === p.population);
  const block = di >= 0 ? layout.blocks[di] : null;
  const mi = di >= 0 ? datasets[di].measures.findIndex((m) => m.name === p.measure) : -1;
  const cond = block && mi >= 0 ? conditions(p, datasets[di], layout, block) : null;
  const cols = block && mi >= 0 ? block.measureColumns[mi] : null;
  const winCols = cols ? (cols.windows.length ? cols.windows : [cols.pre, cols.post]) : [];
  const base = top + 2;
  const lastIndex = p.windows.length - 1;
  p.windows.forEach((_, k) => {
    const ranges =
      cond && block && winCols[k] !== undefined
        ? {
            cond,
            base: blockRange(layout, block, winCols[0]),
            win: blockRange(layout, block, winCols[k]),
          }
        : null;
    const last = p.final && k === lastIndex;
    b.cells.push(windowFormulas(p, k, { r: base + k, base, last }, ranges));
  });
  const fmt = p.metric === 'pctProficient' ? '0.0%' : '0.0';
  b.formats!.push(
    { rect: { row: base, column: 3, rowCount: p.windows.length, columnCount: 1 }, format: fmt },
    { rect: { row: base, column: 4, rowCount: p.windows.length, columnCount: 1 }, format: '0%' },
    { rect: { row: base, column: 5, rowCount: p.windows.length, columnCount: 2 }, format: fmt },
  );
  b.charts.push({
    type: 'line',
    title: `${p.goal}: ${p.team ?? 'all'}, ${p.measure} (${p.groupLabel})`,
    categories: { row: base, column: 1, rowCount: p.windows.length, columnCount: 1 },
    series: [
      {
        name: 'Value',
        values: { row: base, column: 3, rowCount: p.windows.length, columnCount: 1 },
      },
      {
        name: 'Expected (path)',
        values: { row: base, column: 5, rowCount: p.windows.length, columnCount: 1 },
        dash: true,
      },
      {
        name: 'Target',
        values: { row: base, column: 6, rowCount: p.windows.length, columnCount: 1 },
        dash: true,
      },
    ],
    axes: {
      x: 'Window',
      y: p.metric === 'pctProficient' ? 'Share proficient' : 'Mean score',
      yFromZero: true,
    },
    anchor: { row: top, column: WIDTH + 2, width: 480, height: 260 },
  });
  behindRows(p, b);
  while (b.cells.length < top + CHART_ROWS) b.cells.push(row());
  b.cells.push(row());
}

/** The Progress sheet of the tracked goals (none: no sheet). */
export function buildProgressPlan(
  progress: GoalProgress[],
  datasets: Dataset[],
  layout: DataLayout,
  name: string,
): SheetPlan | null {
  if (!progress.length) return null;
  const b: Builder = {
    cells: [row('Progress toward adopted goals'), row(`Rule: ${RULE_TEXT}.`), row()],
    styles: [
      { rect: { row: 1, column: 1, rowCount: 1, columnCount: 1 }, bold: true, fontSize: 14 },
    ],
    formats: [],
    charts: [],
  };
  for (const p of progress) goalBlock(p, datasets, layout, b);
  return {
    key: 'progress',
    name,
    cells: b.cells,
    styles: b.styles,
    numberFormats: b.formats,
    charts: b.charts,
    columnWidths: [16, 10, 10, 12, 10, 10, 12],
  };
}
