/**
 * "Suggested Goals": how to adopt a goal (first row), the ranked table with a Y/N drop-down on
 * "Adopt", then the needs analysis, learning needs, team learning and the needs left without a
 * goal, each a block with its own heading.
 */
import type { CellStyle, ListValidation, PlanCell, Rect, SheetPlan } from '../plans/types';
import { PERCENT_FORMAT } from './format';
import type { GoalsResult } from './index';
import type { SuggestedGoal } from './types';

type Row = PlanCell[];

/** Header of the Suggested Goals table. The alignment step reads "Adopt" and "ID" (adopted.ts). */
export const SUGGESTED_GOALS_HEADERS = [
  'Adopt',
  'ID',
  'Level',
  'Team',
  'Measure',
  'Group',
  'Baseline',
  'Target',
  'Metric',
  'Method',
  'Growth check',
  'Priority',
  'Purpose',
  'Learning focus',
  'District priority',
  'Statement',
  'Rationale',
  'Flags',
] as const;

export const SUGGESTED_GOALS_TABLE = 'ThroughlineSuggestedGoals';

/** Row of the table's header: the instruction for "Adopt" sits above it. */
export const SUGGESTED_GOALS_HEADER_ROW = 2;

/** What a person may type in "Adopt" (the drop-down's list). */
export const ADOPT_VALUES = ['Y', 'N'];

const NEEDS_HEADERS = [
  'Rank',
  'Population',
  'Level',
  'Team',
  'School',
  'Measure',
  'Group',
  'n',
  'Mean',
  'SD',
  'Share proficient',
  'Not proficient',
  'Bar',
  'Reach',
  'Share below',
  'vs district (SD)',
  'vs school (SD)',
  'Gap (points)',
  'Gap (SD)',
  'Pairs',
  'Growth',
  'Median team growth',
  'Weakest practice',
  'Severity',
  'Priority',
  'Flags',
];

const COLUMN_WIDTHS = [
  8, 6, 10, 14, 16, 18, 10, 10, 16, 16, 14, 10, 22, 22, 30, 70, 70, 30, 8, 10, 10, 18, 18, 10, 10,
  30,
];

const num = (x: number | null): PlanCell => (x === null || !Number.isFinite(x) ? null : x);

/** The sheet's rows with their styles and number formats, block after block. */
class Blocks {
  readonly rows: Row[] = [];
  readonly styles: CellStyle[] = [];
  readonly numberFormats: { rect: Rect; format: string }[] = [];

  push(row: Row): number {
    this.rows.push(row);
    return this.rows.length;
  }
  heading(text: string): void {
    const r = this.push([text]);
    this.styles.push({
      rect: { row: r, column: 1, rowCount: 1, columnCount: 1 },
      bold: true,
      fontSize: 13,
    });
  }
  header(h: readonly string[]): void {
    const r = this.push([...h]);
    this.styles.push({
      rect: { row: r, column: 1, rowCount: 1, columnCount: h.length },
      bold: true,
    });
  }
  /** A format on `columns` columns from `column`, over `rows` rows from `row`. */
  format(row: number, column: number, rows: number, columns: number, format: string): void {
    this.numberFormats.push({
      rect: { row, column, rowCount: rows, columnCount: columns },
      format,
    });
  }
}

function metricOf(g: SuggestedGoal): string {
  if (g.baseline.metric === 'pctProficient') return 'share proficient';
  return g.population === 'students' ? 'mean score' : 'mean rating';
}

function goalRow(g: SuggestedGoal): Row {
  return [
    // An adopted goal keeps its Y: the next run reads it back (goals/adopted.ts).
    g.adopted ? 'Y' : null,
    g.id,
    g.level,
    g.team,
    g.measure,
    g.groupLabel,
    g.baseline.value,
    g.target.value,
    metricOf(g),
    g.target.method,
    g.growthCheck.label ?? 'not possible',
    Math.round(g.priority * 100) / 100,
    g.purpose,
    g.learningFocus,
    g.districtPriority ? `${g.districtPriority.id}: ${g.districtPriority.text}` : null,
    g.statement,
    g.rationale,
    g.flags.length ? g.flags.join('; ') : null,
  ];
}

/** The instruction, then the ranked goals; returns the table's last row. */
function goalsTable(b: Blocks, result: GoalsResult): number {
  const r = b.push([
    `Pick Y in "Adopt" for the goals you keep (the next run takes them in). Baseline = this year's latest scores (post); targets are for ${result.due}. Priority = reach × severity (see the needs analysis).`,
  ]);
  b.styles.push({ rect: { row: r, column: 1, rowCount: 1, columnCount: 1 }, italic: true });
  b.header(SUGGESTED_GOALS_HEADERS);
  for (const g of result.suggestions) {
    const row = b.push(goalRow(g));
    b.format(row, 7, 1, 2, g.format.excel);
  }
  if (result.suggestions.length === 0) {
    const empty: Row = new Array<PlanCell>(SUGGESTED_GOALS_HEADERS.length).fill(null);
    empty[15] = 'No goal suggested: see "No goal suggested" below for why.';
    b.push(empty);
  }
  const last = b.rows.length;
  const first = SUGGESTED_GOALS_HEADER_ROW + 1;
  if (result.suggestions.length) b.format(first, 12, last - first + 1, 1, '0.00');
  b.styles.push({
    rect: { row: first, column: 16, rowCount: last - first + 1, columnCount: 2 },
    wrap: true,
  });
  b.push([]);
  return last;
}

function needRow(n: GoalsResult['needs'][number], rank: number): Row {
  return [
    rank,
    n.population,
    n.level,
    n.team,
    n.school,
    n.measure,
    n.groupLabel,
    n.n,
    num(n.mean),
    num(n.sd),
    num(n.pctProficient),
    num(n.notProficient),
    num(n.bar),
    n.reach,
    num(n.shareBelow),
    num(n.zDistrict),
    num(n.zSchool),
    num(n.gapPp),
    num(n.gapEs),
    n.pairs,
    num(n.growth),
    num(n.teamGrowthMedian),
    n.weakestPractice,
    num(n.severity),
    num(n.priority),
    n.flags.length ? n.flags.join('; ') : null,
  ];
}

function needsBlock(b: Blocks, result: GoalsResult): void {
  b.heading('Needs analysis (every team × measure × group; small groups flagged, not hidden)');
  b.header(NEEDS_HEADERS);
  const start = b.rows.length + 1;
  result.needs.forEach((n, k) => b.push(needRow(n, k + 1)));
  const count = result.needs.length;
  if (count) {
    b.format(start, 9, count, 2, '0.00');
    b.format(start, 11, count, 1, PERCENT_FORMAT.excel);
    b.format(start, 15, count, 1, PERCENT_FORMAT.excel);
    b.format(start, 16, count, 4, '0.00');
    b.format(start, 21, count, 2, '0.00');
    b.format(start, 24, count, 2, '0.00');
  } else b.push(['No scores to analyse.']);
  b.push([]);
}

function learningBlocks(b: Blocks, result: GoalsResult): void {
  b.heading('Learning needs (weakest observed components of each educator)');
  b.header([
    'Educator',
    'Team',
    'School',
    'Weakest components',
    'Need',
    'Shared by the team?',
    'Plan as',
    'Peers beyond the school',
  ]);
  for (const e of result.learning.educators) {
    for (const need of e.needs) {
      b.push([
        e.educator,
        e.team,
        e.school,
        e.weakest.join(', '),
        need.component,
        need.shared ? 'yes' : 'no',
        need.shared ? 'team learning in the PLC' : 'individual learning',
        need.shared ? null : peersText(need),
      ]);
    }
  }
  if (result.learning.educators.length === 0)
    b.push(['No educator data: learning needs need observation scores.']);
  b.push([]);
  b.heading('Team learning');
  b.header([
    'Team',
    'Educators',
    'Weakest component (lowest team mean)',
    'Shared needs (a majority has them among their weakest)',
  ]);
  for (const t of result.learning.teams) {
    const shared = t.shared.map((s) => `${s.component} (${s.count} of ${t.educators})`);
    b.push([t.team, t.educators, t.weakestComponent, shared.length ? shared.join('; ') : 'none']);
  }
  if (result.learning.teams.length === 0) b.push(['No educator data.']);
  b.push([]);
}

function skippedBlock(b: Blocks, result: GoalsResult): void {
  b.heading('No goal suggested');
  b.header(['Team', 'Measure', 'Group', 'Method', 'Why']);
  for (const s of result.skipped) b.push([s.team, s.measure, s.groupLabel, s.method, s.reason]);
  if (result.skipped.length === 0) b.push(['Every need with someone below the bar has a target.']);
  if (result.notes.length) {
    b.push([]);
    b.heading('Notes');
    for (const n of result.notes) b.push([n]);
  }
}

function pad(rows: Row[], width: number): Row[] {
  return rows.map((r) =>
    r.length >= width ? r : [...r, ...new Array<PlanCell>(width - r.length).fill(null)],
  );
}

/** The drop-down on "Adopt" of every suggested goal (none on the "no goal" row). */
function adoptValidation(result: GoalsResult): ListValidation[] {
  if (result.suggestions.length === 0) return [];
  return [
    {
      rect: {
        row: SUGGESTED_GOALS_HEADER_ROW + 1,
        column: 1,
        rowCount: result.suggestions.length,
        columnCount: 1,
      },
      values: ADOPT_VALUES,
      prompt: {
        title: 'Adopt this goal?',
        message: 'Y keeps it: the next run takes it into the alignment.',
      },
    },
  ];
}

/** The Suggested Goals sheet: the ranked table, then the needs, learning and skipped blocks. */
export function buildSuggestedGoalsPlan(result: GoalsResult, name: string): SheetPlan {
  const b = new Blocks();
  const tableLast = goalsTable(b, result);
  needsBlock(b, result);
  learningBlocks(b, result);
  skippedBlock(b, result);
  const width = Math.max(SUGGESTED_GOALS_HEADERS.length, NEEDS_HEADERS.length);
  return {
    key: 'suggested-goals',
    name,
    cells: pad(b.rows, width),
    numberFormats: b.numberFormats,
    styles: b.styles,
    columnWidths: COLUMN_WIDTHS,
    freeze: { rows: SUGGESTED_GOALS_HEADER_ROW, columns: 2 },
    tables: [
      {
        name: SUGGESTED_GOALS_TABLE,
        rect: {
          row: SUGGESTED_GOALS_HEADER_ROW,
          column: 1,
          rowCount: Math.max(2, tableLast - SUGGESTED_GOALS_HEADER_ROW + 1),
          columnCount: SUGGESTED_GOALS_HEADERS.length,
        },
        style: 'TableStyleMedium2',
      },
    ],
    validations: adoptValidation(result),
  };
}

/** The peers column: their names; in a slice, how many are not named. */
function peersText(need: { peers: string[]; unnamedPeers?: number }): string {
  const unnamed = need.unnamedPeers ?? 0;
  const names = need.peers.join(', ');
  if (unnamed === 0) return names || 'none in the data';
  const more = `${unnamed} not named in a slice`;
  return names ? `${names} and ${more}` : more;
}
