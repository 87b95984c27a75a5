/**
 * The role dashboards: "Educator View", "Team View" (one team; the coach's own is
 * coach-view.ts), "School View" with a
 * drop-down of names in B3 that drives every figure (COUNTIFS/AVERAGEIFS on "View Data"), and
 * "District View" (the system leader's: schools compared). Each has bars of before and after
 * that follow the choice. A figure's cached value is the engine's for the name first shown.
 */
import type { ChartPlan, PlanCell, SheetPlan } from '../plans/types';
import { pairedMeans } from './index';
import { columnRange, type ViewBlock, type ViewLayout } from './data-sheet';

export type DashboardKey =
  'educator-view' | 'coach-view' | 'team-view' | 'school-view' | 'district-view';

/** The chosen name's cell on every dashboard with a drop-down. */
export const CHOICE_CELL = { row: 3, column: 2 };
const CHOICE = '$B$3';
const FIRST_TABLE_ROW = 6;
const HEADERS = ['n (pairs)', 'Before', 'After', 'Change'];

export type KeyOf = 'name' | 'school' | 'team' | 'teacher';

export interface TableSpec {
  title: string;
  block: ViewBlock;
  key: KeyOf;
  /** Which records count for the name first shown (the cached values). */
  first: number[];
  /** The cell holding the chosen name (default the drop-down, $B$3); a blank one counts none. */
  choice?: string;
}

/** Number formats of a table's n, before, after and change columns. */
export const FORMATS = ['0', '0.0', '0.0', '+0.00;-0.00;0.00'];

/** One table: a header row, then a row per measure of live figures for the chosen name. */
export function tableRows(layout: ViewLayout, t: TableSpec, startRow: number): PlanCell[][] {
  const last =
    t.block.dataset.population === 'students' ? layout.lastRow.students : layout.lastRow.educators;
  const keyColumn = t.block.keys[t.key];
  const key = keyColumn === null ? null : columnRange(layout, keyColumn, last);
  const practice = t.block.dataset.population === 'educators';
  const rows: PlanCell[][] = [
    [t.title, practice ? 'Rated (pairs)' : HEADERS[0], ...HEADERS.slice(1)],
  ];
  t.block.measures.forEach((m, k) => {
    const R = startRow + 1 + k;
    const pair = columnRange(layout, m.pair, last);
    const pre = columnRange(layout, m.pre, last);
    const post = columnRange(layout, m.post, last);
    const where = key ? `${key},${t.choice ?? CHOICE},${pair},1` : `${pair},1`;
    const d = t.block.dataset.measures[k];
    const v = pairedMeans(d.pre, d.post, t.first);
    const count = t.choice ? `=IF(${t.choice}="",0,COUNTIFS(${where}))` : `=COUNTIFS(${where})`;
    rows.push([
      m.name,
      { formula: count, value: v.n },
      { formula: `=IF(B${R}=0,"",AVERAGEIFS(${pre},${where}))`, value: v.preMean ?? '' },
      { formula: `=IF(B${R}=0,"",AVERAGEIFS(${post},${where}))`, value: v.postMean ?? '' },
      { formula: `=IF(B${R}=0,"",D${R}-C${R})`, value: v.meanDiff ?? '' },
    ]);
  });
  return rows;
}

export function barChart(
  title: string,
  top: number,
  count: number,
  at: number,
  axes: { x: string; y: string },
): ChartPlan {
  return {
    type: 'columnClustered',
    title,
    categories: { row: top + 1, column: 1, rowCount: count, columnCount: 1 },
    series: [
      { name: 'Before', values: { row: top + 1, column: 3, rowCount: count, columnCount: 1 } },
      { name: 'After', values: { row: top + 1, column: 4, rowCount: count, columnCount: 1 } },
    ],
    axes: { ...axes, yFromZero: true },
    anchor: { row: at, column: 7, width: 480, height: 260 },
  };
}

interface Dashboard {
  key: Exclude<DashboardKey, 'district-view' | 'coach-view'>;
  role: string;
  label: string;
  names: string[];
  list: string;
  student: KeyOf | null;
  educator: KeyOf | null;
  intro: string;
}

/** Record indices of a block whose key reads `name`. */
export function recordsOf(layout: ViewLayout, b: ViewBlock, key: KeyOf, name: string): number[] {
  const d = b.dataset;
  const out: number[] = [];
  for (let r = 0; r < d.size; r++) {
    const v =
      key === 'name'
        ? d.ids[r]
        : key === 'school'
          ? b.schoolOf[r]
          : (() => {
              const c = key === 'team' ? d.team : d.teacher;
              const code = c ? c.codes[r] : -1;
              return c && code >= 0 ? c.labels[code] : null;
            })();
    if (v === name) out.push(r);
  }
  return out;
}

function dashboardPlan(layout: ViewLayout, spec: Dashboard, sheet: string): SheetPlan {
  const chosen = spec.names[0];
  const cells: PlanCell[][] = [
    [`${spec.role}: ${spec.intro}`],
    [
      `Choose ${spec.label === 'Educator' ? 'an' : 'a'} ${spec.label.toLowerCase()} in B3; every figure and chart follows the choice (live formulas on "${layout.sheet}").`,
    ],
    [spec.label, chosen],
    [],
    [],
  ];
  const charts: ChartPlan[] = [];
  const formats: SheetPlan['numberFormats'] = [];
  const headerRows: number[] = [];
  const tables: TableSpec[] = [];
  if (layout.students && spec.student)
    tables.push({
      title: "Students' scores",
      block: layout.students,
      key: spec.student,
      first: recordsOf(layout, layout.students, spec.student, chosen),
    });
  if (layout.educators && spec.educator)
    tables.push({
      title: 'Practice (rating)',
      block: layout.educators,
      key: spec.educator,
      first: recordsOf(layout, layout.educators, spec.educator, chosen),
    });
  let row = FIRST_TABLE_ROW;
  for (const t of tables) {
    const rows = tableRows(layout, t, row);
    while (cells.length < row - 1) cells.push([]);
    cells.push(...rows);
    headerRows.push(row);
    const n = rows.length - 1;
    charts.push(
      barChart(
        `${t.title}: before and after`,
        row,
        n,
        row === FIRST_TABLE_ROW ? 1 : 16,
        t.block.dataset.population === 'educators'
          ? { x: 'Practice component', y: 'Mean rating' }
          : { x: 'Measure', y: 'Mean score' },
      ),
    );
    FORMATS.forEach((format, i) =>
      formats.push({ rect: { row: row + 1, column: 2 + i, rowCount: n, columnCount: 1 }, format }),
    );
    row += rows.length + 1;
  }
  for (const r of cells) while (r.length < 5) r.push(null);
  return {
    key: spec.key,
    name: sheet,
    cells,
    numberFormats: formats,
    columnWidths: [Math.max(22, ...spec.names.map((s) => s.length + 2)), 12, 10, 10, 10],
    charts,
    validations: [{ rect: { row: 3, column: 2, rowCount: 1, columnCount: 1 }, source: spec.list }],
    styles: [
      { rect: { row: 1, column: 1, rowCount: 1, columnCount: 1 }, bold: true, fontSize: 13 },
      { rect: { row: 3, column: 1, rowCount: 1, columnCount: 2 }, bold: true, fill: '#FFF2CC' },
      ...headerRows.map((r) => ({
        rect: { row: r, column: 1, rowCount: 1, columnCount: 5 },
        bold: true,
        fill: '#DDEBF7',
      })),
    ],
    print: { orientation: 'landscape', fitWidth: 1, fitHeight: 0 },
  };
}

/** The system leader's view: every school side by side, a table and a chart per measure. */
function districtPlan(layout: ViewLayout, sheet: string): SheetPlan | null {
  const b = layout.students;
  if (!b) return null;
  const cells: PlanCell[][] = [
    ['System leader: schools compared, before and after, on every measure'],
    [`Live formulas on "${layout.sheet}"; "All schools" is every student with both scores.`],
    [],
  ];
  const charts: ChartPlan[] = [];
  const formats: SheetPlan['numberFormats'] = [];
  const headerRows: number[] = [];
  const last = layout.lastRow.students;
  const key = columnRange(layout, b.keys.school, last);
  const all = Array.from({ length: b.dataset.size }, (_, r) => r);
  b.measures.forEach((m, k) => {
    const top = cells.length + 1;
    headerRows.push(top);
    cells.push([m.name, ...HEADERS]);
    const pair = columnRange(layout, m.pair, last);
    const pre = columnRange(layout, m.pre, last);
    const post = columnRange(layout, m.post, last);
    const d = b.dataset.measures[k];
    for (const school of [...layout.schools, null]) {
      const R = cells.length + 1;
      const where = school === null ? `${pair},1` : `${key},$A${R},${pair},1`;
      const v = pairedMeans(
        d.pre,
        d.post,
        school === null ? all : all.filter((r) => b.schoolOf[r] === school),
      );
      cells.push([
        school ?? 'All schools',
        { formula: `=COUNTIFS(${where})`, value: v.n },
        { formula: `=IF(B${R}=0,"",AVERAGEIFS(${pre},${where}))`, value: v.preMean ?? '' },
        { formula: `=IF(B${R}=0,"",AVERAGEIFS(${post},${where}))`, value: v.postMean ?? '' },
        { formula: `=IF(B${R}=0,"",D${R}-C${R})`, value: v.meanDiff ?? '' },
      ]);
    }
    const n = layout.schools.length + 1;
    FORMATS.forEach((format, i) =>
      formats.push({ rect: { row: top + 1, column: 2 + i, rowCount: n, columnCount: 1 }, format }),
    );
    charts.push(
      barChart(`${m.name}: schools before and after`, top, n, 1 + 15 * k, {
        x: 'School',
        y: 'Mean score',
      }),
    );
    cells.push([]);
  });
  for (const r of cells) while (r.length < 5) r.push(null);
  return {
    key: 'district-view',
    name: sheet,
    cells,
    numberFormats: formats,
    columnWidths: [Math.max(22, ...layout.schools.map((s) => s.length + 2)), 12, 10, 10, 10],
    charts,
    styles: [
      { rect: { row: 1, column: 1, rowCount: 1, columnCount: 1 }, bold: true, fontSize: 13 },
      ...headerRows.map((r) => ({
        rect: { row: r, column: 1, rowCount: 1, columnCount: 5 },
        bold: true,
        fill: '#DDEBF7',
      })),
    ],
    print: { orientation: 'landscape', fitWidth: 1, fitHeight: 0 },
  };
}

/**
 * The four dashboards on a View Data layout (a dashboard without a name to choose is left out).
 * @param sheetOf the final name of each dashboard's sheet
 */
export function buildDashboards(
  layout: ViewLayout,
  sheetOf: (key: DashboardKey) => string,
): SheetPlan[] {
  const educatorNames = layout.educators?.dataset.ids ?? [];
  const specs: Dashboard[] = [
    {
      key: 'educator-view',
      role: 'Educator',
      label: 'Educator',
      names: educatorNames,
      list: layout.lists.educators ?? '',
      student: layout.students?.keys.teacher ? 'teacher' : null,
      educator: 'name',
      intro: 'my practice ratings and my students’ scores, before and after',
    },
    {
      key: 'team-view',
      role: 'Coach',
      label: 'Team',
      names: layout.teams,
      list: layout.lists.teams,
      student: 'team',
      educator: 'team',
      intro: 'a team’s practice and its students’ change side by side',
    },
    {
      key: 'school-view',
      role: 'School leader',
      label: 'School',
      names: layout.schools,
      list: layout.lists.schools,
      student: 'school',
      educator: 'school',
      intro: 'the school’s students and practice, before and after',
    },
  ];
  const plans = specs
    .filter((s) => s.names.length > 0 && s.list !== '')
    .map((s) => dashboardPlan(layout, s, sheetOf(s.key)));
  const district = districtPlan(layout, sheetOf('district-view'));
  return district ? [...plans, district] : plans;
}
