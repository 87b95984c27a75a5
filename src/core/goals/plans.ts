/**
 * The goal sheets as SheetPlans: "Suggested Goals", "Student Targets", "Goal Template".
 */
import type { Dataset } from '../dataset';
import { flat } from '../plans/flat';
import {
  lazyPlan,
  RowFormula,
  RowPattern,
  type PlanCell,
  type RowSource,
  type SheetPlan,
} from '../plans/types';
import { cellAddress, columnLetters } from '../types';
import type { GoalsResult } from './index';
import type { StudentTargets } from './student-targets';

type Row = PlanCell[];

export {
  ADOPT_VALUES,
  buildSuggestedGoalsPlan,
  SUGGESTED_GOALS_HEADER_ROW,
  SUGGESTED_GOALS_HEADERS,
  SUGGESTED_GOALS_TABLE,
} from './suggested-sheet';

export interface TargetsMetRow {
  team: string;
  measure: string;
  /** Subgroup column, or null for all students. */
  column: string | null;
  value: string | null;
  groupLabel: string;
  students: number;
  withNext: number;
  met: number;
  shareMet: number | null;
  meanChange: number | null;
}

/** The targets-met summary rows (team × group × measure) as the engine computes them today. */
export function targetsMetRows(targets: StudentTargets, _datasets: Dataset[]): TargetsMetRow[] {
  const { columns } = targets.groups();
  const out: TargetsMetRow[] = [];
  for (const { team, measure, targets: mine } of targets.byTeamAndMeasure()) {
    const row = (column: string | null, v: string | null, students: number): TargetsMetRow => ({
      team,
      measure,
      column,
      value: v,
      groupLabel: column === null ? 'All students' : `${column}: ${v}`,
      students,
      withNext: 0,
      met: 0,
      shareMet: null,
      meanChange: null,
    });
    out.push(row(null, null, mine.length));
    columns.forEach((c, j) => {
      for (const [v, n] of targets.valueCounts(mine, columns, j)) out.push(row(c, v, n));
    });
  }
  return out;
}

const NO_TARGETS =
  'No per-student targets: no measure uses the half-gap or tiered method (half-gap needs a maximum score; set config.targets.method to "tiered" for bands).';

function noTargetsPlan(name: string): SheetPlan {
  return {
    key: 'student-targets',
    name,
    cells: [['Student targets'], [NO_TARGETS]],
    styles: [
      { rect: { row: 1, column: 1, rowCount: 1, columnCount: 1 }, bold: true, fontSize: 13 },
    ],
    columnWidths: [120],
  };
}

/** The targets table's columns: headers and where the named ones are (1-based). */
function targetColumns(groupCols: string[]) {
  const headers = [
    'Sheet',
    'Row',
    'ID',
    'Team',
    ...groupCols,
    'Measure',
    'Method',
    'Baseline',
    'Target',
    'Next score',
    'Met?',
    'Change',
  ];
  const col = (h: string) => headers.indexOf(h) + 1;
  return {
    headers,
    col,
    cTeam: col('Team'),
    cMeasure: col('Measure'),
    cBase: col('Baseline'),
    cTarget: col('Target'),
    cNext: col('Next score'),
    cMet: col('Met?'),
    cChange: col('Change'),
  };
}
type TargetColumns = ReturnType<typeof targetColumns>;

/**
 * The sheet's rows, made one at a time: the header, one row per student × measure with live
 * Met? and Change, and the targets-met summary beside them from column s0 (rows past the
 * targets when the summary is longer).
 */
function targetRowSource(
  targets: StudentTargets,
  groups: ReturnType<StudentTargets['groups']>,
  c: TargetColumns,
  summary: Row[],
  s0: number,
): RowSource {
  const { columns: groupCols, value: groupValue } = groups;
  const n = targets.length;
  // Columns A–D of target k: Sheet, Row, ID, Team.
  const lead: ((k: number) => PlanCell)[] = [
    (k) => targets.sheet(k),
    (k) => targets.row(k),
    (k) => targets.id(k),
    (k) => targets.team(k),
  ];
  const width = s0 + 8;
  const [lNext, lTarget, lBase] = [c.cNext, c.cTarget, c.cBase].map((x) => columnLetters(x));
  const met = new RowPattern(
    (r) => `=IF(${lNext}${r}="","",IF(${lNext}${r}>=${lTarget}${r},"Y","N"))`,
  );
  const change = new RowPattern((r) => `=IF(${lNext}${r}="","",${lNext}${r}-${lBase}${r})`);
  const g0 = 4;
  const targetRow = (row: Row, k: number, r: number) => {
    for (let j = 0; j < lead.length; j++) row[j] = lead[j](k);
    for (let j = 0; j < groupCols.length; j++) row[g0 + j] = groupValue(k, j);
    row[c.cMeasure - 1] = targets.measure(k);
    row[c.cMeasure] = targets.method(k);
    row[c.cBase - 1] = targets.baseline(k);
    row[c.cTarget - 1] = targets.target(k);
    row[c.cMet - 1] = new RowFormula(met, r, '');
    row[c.cChange - 1] = new RowFormula(change, r, '');
  };
  const source: Required<RowSource> = {
    count: Math.max(n + 1, summary.length),
    // Columns A–D of a target without making its row (the width rule reads A and B).
    cell(i: number, j: number): PlanCell {
      return i >= 1 && i <= n && j < lead.length ? lead[j](i - 1) : (source.row(i)[j] ?? null);
    },
    row(i: number, at = i + 1): Row {
      const row: Row = new Array<PlanCell>(width).fill(null);
      if (i === 0) c.headers.forEach((h, j) => (row[j] = h));
      else if (i <= n) targetRow(row, i - 1, at);
      const beside = summary[i];
      if (beside) for (let j = 0; j < beside.length; j++) row[s0 - 1 + j] = beside[j];
      return row;
    },
  };
  return source;
}

/** The targets-met summary (header and one row per team × group × measure), from column s0. */
function summaryRows(result: GoalsResult, c: TargetColumns, s0: number, last: number): Row[] {
  const range = (x: number) => `$${columnLetters(x)}$2:$${columnLetters(x)}$${last}`;
  const summary: Row[] = [
    [
      'Team',
      'Group column',
      'Group value',
      'Measure',
      'Students',
      'With next score',
      'Met target',
      'Share met',
      'Mean change',
    ],
  ];
  result.targetsMet.forEach((m, k) => {
    const r = k + 2;
    const crit = [
      `${range(c.cTeam)},${cellAddress(r, s0)}`,
      `${range(c.cMeasure)},${cellAddress(r, s0 + 3)}`,
    ];
    if (m.column !== null) crit.push(`${range(c.col(m.column))},${cellAddress(r, s0 + 2)}`);
    const cr = crit.join(',');
    const withNext = cellAddress(r, s0 + 5);
    summary.push([
      m.team,
      m.column ?? 'All students',
      m.value,
      m.measure,
      { formula: flat(`=COUNTIFS(${cr})`), value: m.students },
      { formula: flat(`=COUNTIFS(${cr},${range(c.cNext)},"<>")`), value: m.withNext },
      { formula: flat(`=COUNTIFS(${cr},${range(c.cMet)},"Y")`), value: m.met },
      {
        formula: flat(`=IF(${withNext}=0,"",${cellAddress(r, s0 + 6)}/${withNext})`),
        value: m.shareMet ?? '',
      },
      {
        formula: flat(`=IF(${withNext}=0,"",SUMIFS(${range(c.cChange)},${cr})/${withNext})`),
        value: m.meanChange ?? '',
      },
    ]);
  });
  return summary;
}

/**
 * The Student Targets sheet: one row per student × measure (per-student methods), a "Next
 * score" column for a person to fill, live "Met?" and "Change" formulas, and the targets-met
 * summary beside the table.
 */
export function buildStudentTargetsPlan(result: GoalsResult, name: string): SheetPlan {
  const targets = result.studentTargets;
  if (targets.length === 0) return noTargetsPlan(name);
  const groups = targets.groups();
  const c = targetColumns(groups.columns);
  const last = targets.length + 1;
  // Summary beside the table, after one blank column.
  const s0 = c.headers.length + 2;
  const summary = summaryRows(result, c, s0, last);
  const rows = targetRowSource(targets, groups, c, summary, s0);
  const nf = targets.length;
  const summaryRowCount = Math.max(1, summary.length - 1);
  const plan: Omit<SheetPlan, 'cells'> = {
    key: 'student-targets',
    name,
    numberFormats: [
      { rect: { row: 2, column: c.cBase, rowCount: nf, columnCount: 2 }, format: '0.0' },
      { rect: { row: 2, column: c.cChange, rowCount: nf, columnCount: 1 }, format: '0.0' },
      {
        rect: { row: 2, column: s0 + 7, rowCount: summaryRowCount, columnCount: 1 },
        format: '0.0%',
      },
      {
        rect: { row: 2, column: s0 + 8, rowCount: summaryRowCount, columnCount: 1 },
        format: '0.0',
      },
    ],
    styles: [
      { rect: { row: 1, column: 1, rowCount: 1, columnCount: c.headers.length }, bold: true },
      { rect: { row: 1, column: s0, rowCount: 1, columnCount: 9 }, bold: true },
      { rect: { row: 2, column: c.cNext, rowCount: nf, columnCount: 1 }, fill: '#FFF9E6' },
    ],
    freeze: { rows: 1, columns: 0 },
    tables: [
      {
        name: 'ThroughlineStudentTargets',
        rect: { row: 1, column: 1, rowCount: last, columnCount: c.headers.length },
        style: 'TableStyleLight9',
      },
    ],
  };
  return lazyPlan(plan, rows);
}

/** Where one field of the template was found and filled, in words. */
function fieldWhere(f: GoalsResult['template']['fields'][number]): string {
  if (f.labelRow === null) return 'not found';
  const label = `"${f.label}" at ${cellAddress(f.labelRow, f.labelColumn!)}`;
  const value = f.valueRow !== null ? `, answer in ${cellAddress(f.valueRow, f.valueColumn!)}` : '';
  return `${label}${value}: ${f.status}`;
}

/**
 * The fill report, as label/answer pairs in the form's two columns, to print below the form
 * (beside it, it made the page twice as wide and the form half as large).
 */
function templateReport(t: GoalsResult['template']): Row[] {
  const source = t.isDefault
    ? 'the default template (the workbook has none)'
    : `the template sheet "${t.sheet}" (left unchanged)`;
  return [
    ['How this form was filled', null],
    ['Filled from', source],
    [
      'Goal',
      t.goalId
        ? `${t.goalId} (change config.template.goalId to fill another)`
        : 'No goal suggested: nothing to fill.',
    ],
    ['Not found', t.missing.join(', ') || 'none'],
    ['Field', 'Label found and answer cell'],
    ...t.fields.map((f): Row => [f.field, fieldWhere(f)]),
  ];
}

/**
 * The Goal Template sheet: the template's cells with the fields filled, and below them how it
 * was filled. Labels (column A) and answers (column B) print side by side on one portrait page
 * at full size.
 */
export function buildTemplatePlan(result: GoalsResult, name: string): SheetPlan {
  const t = result.template;
  const base = t.cells;
  const width = Math.max(2, ...base.map((r) => r.length));
  const report = templateReport(t);
  const r0 = base.length + 2;
  const cells: Row[] = [];
  const put = (values: readonly PlanCell[]) => {
    const row: Row = new Array<PlanCell>(width).fill(null);
    values.forEach((v, j) => (row[j] = typeof v === 'number' && !Number.isFinite(v) ? null : v));
    cells.push(row);
  };
  base.forEach(put);
  put([]);
  report.forEach(put);
  const widths: (number | undefined)[] = new Array<number | undefined>(width).fill(undefined);
  widths[0] = 24;
  widths[1] = 70;
  const rect = (row: number, rows: number, columns = width) => ({
    row,
    column: 1,
    rowCount: rows,
    columnCount: columns,
  });
  return {
    key: 'goal-template',
    name,
    cells,
    columnWidths: widths,
    styles: [
      { rect: rect(1, base.length || 1), wrap: true },
      { rect: rect(r0, report.length, 2), wrap: true },
      { rect: rect(r0, 1, 1), bold: true, fontSize: 12 },
      { rect: rect(r0 + 4, 1, 2), bold: true },
    ],
  };
}
