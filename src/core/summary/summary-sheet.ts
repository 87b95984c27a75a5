/**
 * "Throughline": the front door of the workbook, first of our sheets and the one shown after a
 * run. What was read, the headline per school, the top goals, coherence and gaps, each block
 * linked to the sheet that holds its live figures, and a short guide to the other sheets.
 *
 * The headline per school is read from Impact's rows: each figure a formula on its Impact cell.
 * Its other numbers are the engine's values at the time of the run (the sheets it links to hold
 * the formulas); the second row says so.
 */
import type { Dataset } from '../dataset';
import type { ImpactCells } from '../impact';
import type { ImpactColumn } from '../impact/impact-sheet';
import type { SuggestedGoal } from '../goals/types';
import type { OutputSheetKey, SheetNames } from '../plans/names';
import type { CellLink, CellStyle, PlanCell, Rect, SheetPlan } from '../plans/types';
import type { AlignmentReport, DataQuality, ImpactRow } from '../report';
import { columnLetters, quoteSheetName } from '../types';
import { schoolHeadlines, type SchoolHeadline } from './school-headline';

export interface SummaryInput {
  datasets: readonly Dataset[];
  /** The report's impact rows: the headline per school is read from them. */
  impact: readonly ImpactRow[];
  /** Where Impact put those rows: the headline's figures are formulas on its cells. */
  impactCells: ImpactCells | null;
  dataQuality: DataQuality;
  goals: readonly SuggestedGoal[];
  alignment: AlignmentReport | null;
  names: SheetNames;
  now: Date;
  /** The keys of the role dashboards and data sheet written (the guide lists those). */
  viewSheets?: readonly string[];
}

const WIDTH = 7;
const TOP_GOALS = 5;
/** The column of the "Open <sheet> →" links, and of the goals' statements. */
const LINK_COLUMN = 6;
const HEADER_FILL = '#DDEBF7';
const BLOCK_FILL = '#1F4E79';

/** What each sheet holds, in the order a reader should look. */
const GUIDE: [OutputSheetKey, string][] = [
  ['impact-view', 'Pre → post change per measure and group, the columns a reader needs.'],
  ['impact', 'The full figures behind it (SDs, t, every effect size, gains, notes).'],
  ['impact-chain', 'Professional learning → practice change → student change, per team.'],
  ['suggested-goals', 'Ranked goal suggestions; type Y under "Adopt" to keep one.'],
  ['goal-template', 'The goal form, filled from the top suggestion; prints on one page.'],
  ['alignment-map', 'District → school → team goals, drawn with their links.'],
  ['alignment-matrix', 'Which goal serves which priority, and where effort is duplicated.'],
  ['student-targets', "Each student's own target for the suggested goals."],
  ['data-quality', 'Every value that could not be used, with a link to its cell.'],
  ['impact-data', 'The cleaned records every Impact formula reads.'],
];

/** The role dashboards, when written: each with a drop-down that its figures and charts follow. */
const VIEW_GUIDE: [OutputSheetKey, string][] = [
  ['educator-view', 'One educator: her ratings, her students, her goals; choose her in B3.'],
  ['coach-view', "One coach's teams side by side: change, needs, goals; choose her in B3."],
  ['team-view', 'One team: its practice and its students’ change; choose it in B3.'],
  ['school-view', "One school (its leader's view): its teams and goals; choose it in B3."],
  ['district-view', 'The system leader: every school side by side.'],
  ['view-data', 'The records the role dashboards read.'],
];

/** Rows, styles, formats and links of the sheet as they are added. */
class Builder {
  readonly cells: PlanCell[][] = [];
  readonly styles: CellStyle[] = [];
  readonly links: CellLink[] = [];
  readonly numberFormats: { rect: Rect; format: string }[] = [];

  row(values: PlanCell[]): number {
    const row = values.slice(0, WIDTH);
    while (row.length < WIDTH) row.push(null);
    this.cells.push(row);
    return this.cells.length;
  }
  blank(): void {
    this.row([]);
  }
  style(row: number, column: number, columns: number, s: Omit<CellStyle, 'rect'>): void {
    this.styles.push({ rect: { row, column, rowCount: 1, columnCount: columns }, ...s });
  }
  format(row: number, column: number, rows: number, format: string): void {
    this.numberFormats.push({ rect: { row, column, rowCount: rows, columnCount: 1 }, format });
  }
  link(row: number, column: number, sheet: string): void {
    this.links.push({ row, column, sheet, targetRow: 1, targetColumn: 1 });
  }
  /**
   * A block title in white on dark blue, with "Open <sheet>" linked beside it on a light fill
   * (a link's blue would not read on the dark one).
   */
  title(text: string, sheet: string | null): void {
    const r = this.row([text, null, null, null, null, sheet ? `Open ${sheet} →` : null]);
    this.style(r, 1, LINK_COLUMN - 1, { bold: true, fill: BLOCK_FILL, fontColor: '#FFFFFF' });
    this.style(r, LINK_COLUMN, WIDTH - LINK_COLUMN + 1, { bold: true, fill: HEADER_FILL });
    if (sheet) this.link(r, LINK_COLUMN, sheet);
  }
  header(labels: string[]): void {
    const r = this.row(labels);
    this.style(r, 1, WIDTH, { bold: true, fill: HEADER_FILL, wrap: true });
  }
}

function whatWasRead(b: Builder, input: SummaryInput): void {
  const { dataQuality: dq, names } = input;
  b.title('What was read', names['data-quality']);
  b.header(['Sheet', 'Records used', 'Population']);
  const first = b.cells.length + 1;
  for (const ds of input.datasets) b.row([ds.sheet, ds.size, ds.population]);
  const count = (s: string) => dq.issues.filter((i) => i.severity === s).length;
  b.row(['Rows read', dq.rowsRead]);
  b.row(['Rows used', dq.rowsUsed]);
  const dqRow = b.row([
    'Data-quality notes',
    dq.issues.length,
    `${count('error')} errors, ${count('warning')} warnings, ${count('info')} for information`,
  ]);
  b.link(dqRow, 1, names['data-quality']);
  // Counts sit at the left of their column, so the words beside them do not run into them.
  b.styles.push({
    rect: { row: first, column: 2, rowCount: dqRow - first + 1, columnCount: 1 },
    horizontalAlignment: 'left',
  });
}

/** The headline's figures, in its columns' order, each the Impact column it is read from. */
const HEADLINE_FIGURES: ImpactColumn[] = [
  'n',
  'meanDiff',
  'avgNormalizedGain',
  'pctProficientPre',
  'pctProficientPost',
];

/**
 * A school's figures: formulas on its Impact row's cells (so a reader can follow them to
 * Impact), with the engine's values; plain values when Impact does not hold the row.
 */
function headlineFigures(h: SchoolHeadline, at: ImpactCells | null): PlanCell[] {
  const R = at?.rowOf.get(h.row);
  return HEADLINE_FIGURES.map((k): PlanCell => {
    const value = h.row[k as keyof ImpactRow] as number | null;
    if (!at || R === undefined) return value;
    const ref = `${quoteSheetName(at.sheet)}!$${columnLetters(at.column[k])}$${R}`;
    // An empty Impact cell (no figure) stays empty: a plain reference would show 0.
    return { formula: `=IF(ISBLANK(${ref}),"",${ref})`, value: value ?? '' };
  });
}

function headlineBlock(b: Builder, input: SummaryInput): void {
  b.title('Headline by school (students with a pre and a post score)', input.names['impact-view']);
  b.header([
    'School',
    'Measure',
    'Students',
    'Mean change',
    'Relative growth',
    'Proficient before',
    'Proficient after',
  ]);
  const rows = schoolHeadlines(input.impact, input.datasets);
  const first = b.cells.length + 1;
  for (const h of rows) b.row([h.school, h.measure, ...headlineFigures(h, input.impactCells)]);
  if (!rows.length) {
    b.row(['No student measure was read.']);
    return;
  }
  b.format(first, 4, rows.length, '+0.0;-0.0;0.0');
  for (const c of [5, 6, 7]) b.format(first, c, rows.length, '0%');
  b.row([
    'Relative growth: the average share of each student’s possible gain that was made (normalized gain).',
  ]);
  b.style(b.cells.length, 1, 1, { italic: true });
}

function goalsBlock(b: Builder, input: SummaryInput): void {
  b.title(`Top ${TOP_GOALS} suggested goals`, input.names['suggested-goals']);
  b.header(['Team', 'Measure', 'Baseline', 'Target', 'Growth check', 'Goal']);
  const top = [...input.goals].sort((a, c) => c.priority - a.priority).slice(0, TOP_GOALS);
  for (const g of top) {
    const first = g.statement.split(/(?<=\.)\s/)[0];
    b.row([
      g.team ?? g.school ?? 'District',
      g.measure,
      g.baselineText,
      g.targetText,
      g.growthCheck.label,
      first,
    ]);
    b.style(b.cells.length, 3, 2, { horizontalAlignment: 'right' });
    // The statement wraps in its column (running on, it would widen the printed page).
    b.style(b.cells.length, LINK_COLUMN, 1, { wrap: true });
  }
  if (!top.length) b.row(['No goal was suggested: see the Data Quality sheet for why.']);
}

function alignmentBlock(b: Builder, input: SummaryInput): void {
  const a = input.alignment;
  b.title('Coherence and gaps', input.names['alignment-map']);
  if (!a) {
    b.row(['No goals sheet was read, so alignment was not checked.']);
    return;
  }
  const r = b.row([
    'Coherence',
    a.coherence,
    a.coherence === null
      ? 'not defined: no goals below district level'
      : 'of goals below district level are linked to a priority',
  ]);
  b.format(r, 2, 1, '0%');
  b.style(r, 2, 1, { horizontalAlignment: 'left' });
  b.row(['Links between goals', a.links.length]);
  b.row(['Goals linked to nothing', a.orphans.length, a.orphans.join(', ')]);
  b.row(['Priorities no goal serves', a.unsupported.length, a.unsupported.join(', ')]);
  const dup = a.duplicates ?? [];
  b.row([
    'Duplicated efforts',
    dup.length,
    dup.map((d) => `${d.goals.join(' & ')} (${d.focus})`).join('; '),
  ]);
}

function guideBlock(b: Builder, names: SheetNames, views: readonly string[]): void {
  b.title('How to read this workbook', null);
  for (const [key, text] of [...GUIDE, ...VIEW_GUIDE.filter(([k]) => views.includes(k))]) {
    const r = b.row([names[key], text]);
    b.link(r, 1, names[key]);
  }
}

/**
 * Build the summary plan (active after a run, printed landscape on one page across).
 *
 * @param input what the run read and found
 * @returns the plan
 */
export function buildSummaryPlan(input: SummaryInput): SheetPlan {
  const b = new Builder();
  b.row(['Throughline: what this workbook found']);
  b.style(1, 1, 1, { bold: true, fontSize: 16 });
  b.row([
    `Run on ${input.now.toISOString().slice(0, 10)}. The headline by school reads the Impact sheet; the other figures here are as of the run, and the linked sheets hold their live formulas.`,
  ]);
  b.style(2, 1, 1, { italic: true });
  for (const block of [whatWasRead, headlineBlock, goalsBlock, alignmentBlock]) {
    b.blank();
    block(b, input);
  }
  b.blank();
  guideBlock(b, input.names, input.viewSheets ?? []);
  return {
    key: 'summary',
    name: input.names.summary,
    cells: b.cells,
    styles: b.styles,
    links: b.links,
    numberFormats: b.numberFormats,
    columnWidths: [30, 18, 11, 13, 16, 44, 17],
    tabColor: BLOCK_FILL,
    active: true,
    print: { orientation: 'landscape', fitWidth: 1, fitHeight: 0 },
  };
}
