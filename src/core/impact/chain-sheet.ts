/**
 * "Impact Chain": per team, professional learning (PD hours) → practice change (educators'
 * practice measures) → student change, side by side, with a clustered pre/post column chart
 * per student measure. Figures are formulas referring to "Impact" (and PD hours to
 * "Impact Data"), so the chain follows any edit of the data.
 */
import type { Dataset } from '../dataset';
import type { FormulaCell, PlanCell, SheetPlan } from '../plans/types';
import { columnLetters, quoteSheetName } from '../types';
import type { ImpactRowSource } from './compute';
import { blockRange, type DataLayout } from './data-sheet';
import type { ImpactColumn } from './impact-sheet';
import { chainCharts, educatorBlock, type EducatorBlock } from './chain-charts';

const HEADER_ROW = 4;

interface TeamEntry {
  label: string;
  /** Code of the team in each dataset (−1 where the dataset has no such team). */
  codes: number[];
}

/** Teams of every dataset, matched across datasets ignoring case (as Excel's "=" does). */
function teamsOf(datasets: Dataset[]): TeamEntry[] {
  const byKey = new Map<string, TeamEntry>();
  const order: TeamEntry[] = [];
  datasets.forEach((ds, di) => {
    ds.team?.labels.forEach((label, code) => {
      const key = label.toLowerCase();
      let entry = byKey.get(key);
      if (!entry) {
        entry = { label, codes: datasets.map(() => -1) };
        byKey.set(key, entry);
        order.push(entry);
      }
      if (entry.codes[di] < 0) entry.codes[di] = code;
    });
  });
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  return order.sort((a, b) => collator.compare(a.label, b.label));
}

interface ImpactRef {
  sheet: string;
  rowOf: Map<ImpactRowSource, number>;
  column: Record<ImpactColumn, number>;
}

type Col = {
  header: string;
  cell: (team: TeamEntry, R: number) => PlanCell;
  format?: string;
};

type Entry = { ds: Dataset; di: number };

/** The PD hours columns: educators with hours, total and mean hours per team. */
function pdHoursColumns(withHours: Entry[], layout: DataLayout, anyTeam: boolean): Col[] {
  const cond = (di: number, R: number) => {
    const block = layout.blocks[di]!;
    const hours = blockRange(layout, block, layout.pdHoursColumn!);
    const team = anyTeam ? `(${blockRange(layout, block, layout.teamColumn)}=$A${R})*` : '1*'; // 1*: a lone boolean array sums to 0 in SUMPRODUCT
    return { hours, team };
  };
  const stats = (t: TeamEntry) => {
    let count = 0;
    let total = 0;
    for (const { ds, di } of withHours) {
      const block = layout.blocks[di]!;
      for (const r of block.records) {
        const h = ds.pdHours![r];
        if (h !== h) continue;
        if (anyTeam && (t.codes[di] < 0 || ds.team?.codes[r] !== t.codes[di])) continue;
        count++;
        total += h;
      }
    }
    return { count, total };
  };
  const sum = (R: number, inner: (hours: string, team: string) => string) =>
    `=${withHours
      .map(({ di }) => {
        const { hours, team } = cond(di, R);
        return inner(hours, team);
      })
      .join('+')}`;
  return [
    {
      header: 'Educators with PD hours',
      cell: (t, R) => ({
        formula: sum(R, (hours, team) => `SUMPRODUCT(${team}ISNUMBER(${hours}))`),
        value: stats(t).count,
      }),
    },
    {
      header: 'PD hours (total)',
      format: '0.0',
      cell: (t, R) => ({
        formula: sum(R, (hours, team) => `SUMPRODUCT(${team}ISNUMBER(${hours}),${hours})`),
        value: stats(t).total,
      }),
    },
    {
      header: 'PD hours (mean)',
      format: '0.0',
      cell: (t, R) => {
        const s = stats(t);
        return {
          formula: `=IF(B${R}=0,"",C${R}/B${R})`,
          value: s.count ? s.total / s.count : '',
        };
      },
    },
  ];
}

type RefCell = (
  di: number,
  mi: number,
  key: ImpactColumn,
  value: (s: ImpactRowSource) => number | string | null,
) => (t: TeamEntry) => PlanCell;

/** A cell referring to a team's (or the overall) Impact row of a dataset and measure. */
function refCellOf(sources: ImpactRowSource[], impact: ImpactRef, anyTeam: boolean): RefCell {
  // Impact rows by dataset, measure and team code (−1 = overall).
  const found = new Map<string, ImpactRowSource>();
  for (const s of sources) {
    if (s.spec.kind === 'all') found.set(`${s.dataset}|${s.measure}|-1`, s);
    if (s.spec.kind === 'team') found.set(`${s.dataset}|${s.measure}|${s.spec.team}`, s);
  }
  const sourceFor = (di: number, mi: number, team: TeamEntry) =>
    found.get(`${di}|${mi}|${anyTeam ? team.codes[di] : -1}`) ?? null;
  const impactSheet = quoteSheetName(impact.sheet);
  return (di, mi, key, value) =>
    (t: TeamEntry): PlanCell => {
      const s = sourceFor(di, mi, t);
      if (!s) return null;
      const R = impact.rowOf.get(s);
      if (R === undefined) return null;
      const v = value(s);
      const cell: FormulaCell = {
        formula: `=${impactSheet}!$${columnLetters(impact.column[key])}$${R}`,
        value: v ?? '',
      };
      return cell;
    };
}

type Series = { name: string; column: number }[];

/** Practice (educators) and student measure columns, added to `cols`; where each change is. */
function measureColumns(
  datasets: Dataset[],
  cols: Col[],
  refCell: RefCell,
): { practiceChange: Series; studentChange: Series } {
  const nameCount = new Map<string, number>();
  for (const ds of datasets)
    for (const m of ds.measures) nameCount.set(m.name, (nameCount.get(m.name) ?? 0) + 1);
  const label = (ds: Dataset, name: string) =>
    nameCount.get(name)! > 1 ? `${name} (${ds.sheet})` : name;
  const practiceChange: Series = [];
  const studentChange: Series = [];
  const change = (name: string, di: number, mi: number): Col[] => [
    {
      header: `${name}: change`,
      format: '0.00',
      cell: refCell(di, mi, 'meanDiff', (s) => s.row.meanDiff),
    },
    { header: `${name}: dav`, format: '0.00', cell: refCell(di, mi, 'dav', (s) => s.row.dav) },
  ];
  for (const { ds, di } of entriesOf(datasets, 'educators')) {
    ds.measures.forEach((m, mi) => {
      const name = label(ds, m.name);
      practiceChange.push({ name, column: cols.length + 1 });
      cols.push(...change(name, di, mi));
    });
  }
  for (const { ds, di } of entriesOf(datasets, 'students')) {
    ds.measures.forEach((m, mi) => {
      const name = label(ds, m.name);
      studentChange.push({ name, column: cols.length + 3 });
      cols.push(
        {
          header: `${name}: pre mean`,
          format: '0.00',
          cell: refCell(di, mi, 'preMean', (s) => s.row.preMean),
        },
        {
          header: `${name}: post mean`,
          format: '0.00',
          cell: refCell(di, mi, 'postMean', (s) => s.row.postMean),
        },
        ...change(name, di, mi),
      );
    });
  }
  return { practiceChange, studentChange };
}

function entriesOf(datasets: Dataset[], population: Dataset['population']): Entry[] {
  return datasets.map((ds, di) => ({ ds, di })).filter((e) => e.ds.population === population);
}

/** Column widths wide enough for both blocks: the team table and the educators' (below it). */
function chainWidths(cols: Col[], nameWidth: number, scatter: EducatorBlock | null): number[] {
  return cols.map((c, i) =>
    i === 0
      ? nameWidth
      : Math.max(
          Math.min(22, Math.max(11, c.header.length * 0.8)),
          String(scatter?.cells[1][i] ?? '').length + 2,
        ),
  );
}

/**
 * Build the "Impact Chain" plan.
 *
 * @param datasets intake's datasets
 * @param sources impact rows with their sources
 * @param layout where "Impact Data" put the records
 * @param impact the Impact sheet's name, rows and columns
 * @param sheet this sheet's final name
 * @returns the plan
 */
export function buildChainSheet(
  datasets: Dataset[],
  sources: ImpactRowSource[],
  layout: DataLayout,
  impact: ImpactRef,
  sheet: string,
): SheetPlan {
  const anyTeam = datasets.some((ds) => ds.team && ds.team.labels.length);
  const teams: TeamEntry[] = anyTeam
    ? teamsOf(datasets)
    : [{ label: 'All', codes: datasets.map(() => -1) }];
  const withHours = entriesOf(datasets, 'educators').filter(
    (e) => e.ds.pdHours && layout.blocks[e.di],
  );
  const cols: Col[] = [{ header: 'Team', cell: (t) => t.label }];
  if (withHours.length) cols.push(...pdHoursColumns(withHours, layout, anyTeam));
  const { practiceChange, studentChange } = measureColumns(
    datasets,
    cols,
    refCellOf(sources, impact, anyTeam),
  );

  const width = cols.length;
  const pad = (cells: PlanCell[]) => [
    ...cells,
    ...new Array<PlanCell>(width - cells.length).fill(null),
  ];
  const cells: PlanCell[][] = [
    pad(['Impact chain: professional learning → practice → student outcomes, by team']),
    pad([
      `Practice and student figures come from "${impact.sheet}" (dav = mean change ÷ average SD; see the notes there); PD hours from "${layout.sheet}".`,
    ]),
    pad([]),
    cols.map((c) => c.header),
  ];
  teams.forEach((t, i) => {
    const R = HEADER_ROW + 1 + i;
    cells.push(cols.map((c) => c.cell(t, R)));
  });
  const first = HEADER_ROW + 1;
  const count = teams.length;
  const chartTop = first + count + 1;
  const scatter = withHours.length ? educatorBlock(withHours, layout, chartTop + 36) : null;
  if (scatter) {
    while (cells.length < scatter.startRow - 1) cells.push(pad([]));
    for (const row of scatter.cells) cells.push(pad(row));
  }
  // The name column fits every team and educator name (up to 32 characters; longer ones wrap).
  const names = [
    ...teams.map((t) => t.label),
    ...(scatter?.cells.slice(2).map((r) => String(r[0] ?? '')) ?? []),
  ];
  const nameWidth = Math.min(32, Math.max(18, ...names.map((n) => n.length + 2)));
  const charts = chainCharts({ first, count, chartTop, practiceChange, studentChange, scatter });
  return {
    key: 'impact-chain',
    name: sheet,
    cells,
    numberFormats: [
      ...(scatter?.numberFormats ?? []),
      ...cols.flatMap((c, i) =>
        c.format
          ? [
              {
                rect: { row: first, column: i + 1, rowCount: count, columnCount: 1 },
                format: c.format,
              },
            ]
          : [],
      ),
    ],
    columnWidths: chainWidths(cols, nameWidth, scatter),
    charts,
    freeze: { rows: HEADER_ROW, columns: 1 },
    print: {
      orientation: 'landscape',
      fitWidth: 1,
      fitHeight: 0,
      titleRows: { first: HEADER_ROW, last: HEADER_ROW },
    },
    styles: [
      ...(scatter?.styles ?? []),
      { rect: { row: 1, column: 1, rowCount: 1, columnCount: 1 }, bold: true, fontSize: 13 },
      { rect: { row: 2, column: 1, rowCount: 1, columnCount: 1 }, italic: true },
      {
        rect: { row: HEADER_ROW, column: 1, rowCount: 1, columnCount: width },
        bold: true,
        wrap: true,
        fill: '#DDEBF7',
      },
    ],
  };
}
