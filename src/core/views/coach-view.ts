/**
 * The "Coach View" dashboard (issue 20, the coach): a drop-down of coaches in B3; her teams,
 * found on View Data by "coach #k" (MATCH, no dynamic arrays), fill the team slots, and every
 * figure follows: change by team, students' and practice side by side (with two charts), then
 * per team its shared and individual needs, goals and their progress, and its students' and
 * practice figures (the dashboards' own tables, their criterion the slot's team cell). Cached
 * values are the engine's for the first coach.
 */
// The dashboards' helpers are read here; dashboards.ts does not read this file (no cycle).
import type { ChartPlan, PlanCell, SheetPlan } from '../plans/types';
import { CHOICE_CELL, FORMATS, recordsOf, tableRows, type TableSpec } from './dashboards';
import { COACH_TEXT_HEADERS, columnRange, type ViewBlock, type ViewLayout } from './data-sheet';
import { pairedMeans } from './index';

const CHOICE = '$B$3';
const TOP = 6;

/** Each block's measures, for the change table: [block, measure index]. */
function changeColumns(layout: ViewLayout): { block: ViewBlock; k: number }[] {
  return [layout.students, layout.educators].flatMap((b) =>
    b ? b.measures.map((_, k) => ({ block: b, k })) : [],
  );
}

/** Mean change (after − before, over pairs) of a team in a block: live, with its cached value. */
function changeCell(layout: ViewLayout, b: ViewBlock, k: number, at: string, team: string | null) {
  const last =
    b.dataset.population === 'students' ? layout.lastRow.students : layout.lastRow.educators;
  const m = b.measures[k];
  const key = columnRange(layout, b.keys.team, last);
  const where = `${key},${at},${columnRange(layout, m.pair, last)},1`;
  const mean = (c: number) => `AVERAGEIFS(${columnRange(layout, c, last)},${where})`;
  const d = b.dataset.measures[k];
  const v = team === null ? null : pairedMeans(d.pre, d.post, recordsOf(layout, b, 'team', team));
  return {
    formula: `=IF(${at}="","",IF(COUNTIFS(${where})=0,"",${mean(m.post)}-${mean(m.pre)}))`,
    value: v?.meanDiff ?? '',
  };
}

function changeChart(
  title: string,
  rows: number,
  cols: number[],
  names: string[],
  at: number,
): ChartPlan {
  return {
    type: 'columnClustered',
    title,
    categories: { row: TOP + 1, column: 1, rowCount: rows, columnCount: 1 },
    series: cols.map((column, i) => ({
      name: names[i],
      values: { row: TOP + 1, column, rowCount: rows, columnCount: 1 },
    })),
    axes: { x: 'Team', y: 'Mean change (after − before)' },
    anchor: { row: at, column: 10, width: 480, height: 260 },
  };
}

/** The Coach View, or null when the data names no coach. */
export function buildCoachView(layout: ViewLayout, sheet: string): SheetPlan | null {
  const lists = layout.coaches;
  if (!lists || lists.names.length === 0) return null;
  const first = lists.names[0];
  const firstTeams = teamsOf(layout, first);
  const columns = changeColumns(layout);
  const width = Math.max(6, columns.length + 1);
  const cells: PlanCell[][] = [
    [
      'Coach: my teams — practice and student change side by side, shared and individual needs, goals',
    ],
    [
      `Choose a coach in B3; her teams, every figure and both charts follow the choice (live formulas on "${layout.sheet}").`,
    ],
    ['Coach', first],
    [],
    [
      'Change by team (after − before, pairs only): a gain includes ordinary growth, so compare teams with each other',
    ],
    ['Team', ...columns.map(({ block, k }) => block.measures[k].name)],
  ];
  const slotRow = (s: number) => TOP + 1 + s;
  for (let s = 0; s < lists.maxTeams; s++) {
    const R = slotRow(s);
    const team = firstTeams[s] ?? null;
    cells.push([
      {
        formula: `=IFERROR(INDEX(${lists.team},MATCH(${CHOICE}&" #${s + 1}",${lists.key},0)),"")`,
        value: team ?? '',
      },
      ...columns.map(({ block, k }) => changeCell(layout, block, k, `$A$${R}`, team)),
    ]);
  }
  const formats: NonNullable<SheetPlan['numberFormats']> = [
    {
      rect: { row: TOP + 1, column: 2, rowCount: lists.maxTeams, columnCount: columns.length },
      format: FORMATS[3],
    },
  ];
  const headerRows = [TOP];
  const nameRows: number[] = [];
  const student = layout.students?.measures.length ?? 0;
  const charts: ChartPlan[] = [];
  if (student)
    charts.push(
      changeChart(
        "Students' change by team",
        lists.maxTeams,
        columns.slice(0, student).map((_, i) => 2 + i),
        columns.slice(0, student).map(({ block, k }) => block.measures[k].name),
        1,
      ),
    );
  if (columns.length > student)
    charts.push(
      changeChart(
        'Practice change by team',
        lists.maxTeams,
        columns.slice(student).map((_, i) => 2 + student + i),
        columns.slice(student).map(({ block, k }) => block.measures[k].name),
        16,
      ),
    );
  cells.push([]);
  for (let s = 0; s < lists.maxTeams; s++)
    teamBlock(layout, cells, s, slotRow(s), firstTeams[s] ?? null, {
      formats,
      headerRows,
      nameRows,
    });
  for (const r of cells) while (r.length < width) r.push(null);
  return {
    key: 'coach-view',
    name: sheet,
    cells,
    numberFormats: formats,
    columnWidths: [
      Math.max(30, ...layout.teams.map((t) => t.length + 2)),
      ...new Array(width - 1).fill(12),
    ],
    charts,
    validations: [{ rect: { ...CHOICE_CELL, rowCount: 1, columnCount: 1 }, source: lists.list }],
    styles: [
      { rect: { row: 1, column: 1, rowCount: 1, columnCount: 1 }, bold: true, fontSize: 13 },
      { rect: { row: 3, column: 1, rowCount: 1, columnCount: 2 }, bold: true, fill: '#FFF2CC' },
      { rect: { row: 5, column: 1, rowCount: 1, columnCount: 1 }, bold: true },
      ...headerRows.map((r) => ({
        rect: { row: r, column: 1, rowCount: 1, columnCount: width },
        bold: true,
        fill: '#DDEBF7',
      })),
      ...nameRows.map((r) => ({
        rect: { row: r, column: 1, rowCount: 1, columnCount: 1 },
        bold: true,
        fontSize: 12,
      })),
    ],
    print: { orientation: 'landscape', fitWidth: 1, fitHeight: 0 },
  };
}

/** The teams of a coach, in her order (from the View Data list the formulas read). */
function teamsOf(layout: ViewLayout, coach: string): string[] {
  return layout.coaches?.teamsOf.get(coach) ?? [];
}

/**
 * One team slot below the change table: its name, its needs, goals and progress (text looked up
 * on View Data), then its students' and practice tables (the dashboards' tables).
 */
function teamBlock(
  layout: ViewLayout,
  cells: PlanCell[][],
  s: number,
  slot: number,
  team: string | null,
  out: {
    formats: NonNullable<SheetPlan['numberFormats']>;
    headerRows: number[];
    nameRows: number[];
  },
): void {
  const lists = layout.coaches!;
  const at = `$A$${slot}`;
  cells.push([
    { formula: `=IF(${at}="","Team ${s + 1}: none",${at})`, value: team ?? `Team ${s + 1}: none` },
  ]);
  out.nameRows.push(cells.length);
  const texts = team === null ? null : lists.textsOf.get(team);
  COACH_TEXT_HEADERS.forEach((h, i) =>
    cells.push([
      h,
      {
        formula: `=IF(${at}="","",INDEX(${lists.texts[i]},MATCH(${at},${lists.team},0))&"")`,
        value: texts?.[i] ?? '',
      },
    ]),
  );
  const tables: TableSpec[] = [];
  const titles = ["Students' scores", 'Practice (rating)'];
  [layout.students, layout.educators].forEach((block, i) => {
    if (block)
      tables.push({
        title: titles[i],
        block,
        key: 'team',
        first: team === null ? [] : recordsOf(layout, block, 'team', team),
        choice: at,
      });
  });
  for (const t of tables) {
    const row = cells.length + 1;
    const rows = tableRows(layout, t, row);
    cells.push(...rows);
    out.headerRows.push(row);
    FORMATS.forEach((format, i) =>
      out.formats.push({
        rect: { row: row + 1, column: 2 + i, rowCount: rows.length - 1, columnCount: 1 },
        format,
      }),
    );
  }
  cells.push([]);
}
