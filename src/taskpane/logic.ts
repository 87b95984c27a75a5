/**
 * The task pane's logic without the DOM: which sheets a step writes, how a mapping edit changes
 * the config, where a data-quality issue points in the workbook, what an error means in plain
 * words, and the figures each step shows. Pure functions, so unit tests run them in Node.
 */
import type {
  EducatorSheetConfig,
  MappingConfig,
  MeasureConfig,
  StudentSheetConfig,
} from '../core/config';
import type { SheetPlan } from '../core/plans/types';
import type { RenderResult } from '../core/ports';
import type { AlignmentReport, DataQualityIssue, GoalSuggestion, ImpactRow } from '../core/report';
import { columnLetters, quoteSheetName, type RawTable } from '../core/types';

/** The four steps of the flow, in order. */
export type StepId = 'data' | 'goals' | 'alignment' | 'impact';

export const STEPS: { id: StepId; label: string }[] = [
  { id: 'data', label: 'Data' },
  { id: 'goals', label: 'Goals' },
  { id: 'alignment', label: 'Alignment' },
  { id: 'impact', label: 'Impact' },
];

/** The output sheet keys (src/core/plans/names.ts) each step writes when run alone. */
export const STEP_SHEET_KEYS: Record<StepId, string[]> = {
  data: ['data-quality'],
  goals: ['suggested-goals', 'student-targets', 'goal-template'],
  alignment: ['alignment-matrix', 'alignment-map'],
  impact: ['impact-data', 'impact', 'impact-view', 'impact-chain'],
};

/** True when a formula names the sheet, quoted ('Impact Data'!A1) or bare (Impact!A1). */
function formulaNamesSheet(formula: string, sheet: string): boolean {
  if (formula.includes(`${quoteSheetName(sheet)}!`)) return true;
  // A bare name must not be the tail of a longer name (MyImpact!A1).
  const bare = new RegExp(`(^|[^A-Za-z0-9_.'])${sheet.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}!`);
  return bare.test(formula);
}

/** Names of the other plans a plan's formulas or links refer to. */
function planDependencies(plan: SheetPlan, others: SheetPlan[]): Set<string> {
  const deps = new Set<string>();
  const formulas: string[] = [];
  for (const row of plan.cells) {
    for (const cell of row) {
      if (cell !== null && typeof cell === 'object' && 'formula' in cell)
        formulas.push(cell.formula);
    }
  }
  for (const other of others) {
    if (other.name === plan.name) continue;
    if (formulas.some((f) => formulaNamesSheet(f, other.name))) deps.add(other.name);
  }
  for (const link of plan.links ?? []) if (link.sheet !== plan.name) deps.add(link.sheet);
  return deps;
}

/**
 * The plans to write when one step runs alone: the step's own sheets and every output sheet
 * they refer to (formulas or links), so no formula points at a sheet that is not there.
 *
 * @param plans every plan of the analysis, in the engine's order
 * @param step the step run alone
 * @returns the subset, in the engine's order
 * @example plansForStep(plans, 'goals') // Suggested Goals, Student Targets, Goal Template + Impact if used
 */
export function plansForStep(plans: SheetPlan[], step: StepId): SheetPlan[] {
  return plansWithDependencies(plans, STEP_SHEET_KEYS[step]);
}

/** The plans with these keys and every plan their formulas refer to, in the engine's order. */
function plansWithDependencies(plans: SheetPlan[], keys: readonly string[]): SheetPlan[] {
  const wanted = new Set(plans.filter((p) => keys.includes(p.key)).map((p) => p.name));
  const queue = [...wanted];
  while (queue.length) {
    const name = queue.pop()!;
    const plan = plans.find((p) => p.name === name);
    if (!plan) continue;
    for (const dep of planDependencies(plan, plans)) {
      if (!wanted.has(dep) && plans.some((p) => p.name === dep)) {
        wanted.add(dep);
        queue.push(dep);
      }
    }
  }
  // Sheets that restate another's figures by formula are rewritten with it: a sheet replaced
  // under their formulas would leave them at #REF! (and the next run would take them for a
  // person's edit).
  for (const p of plans)
    if (RESTATES.includes(p.key) && !wanted.has(p.name))
      if (plans.some((o) => wanted.has(o.name) && formulasRead(p, o.name))) wanted.add(p.name);
  return plans.filter((p) => wanted.has(p.name));
}

/** Plans whose formulas only restate other sheets' cells: Impact Summary, the summary's headline. */
const RESTATES = ['impact-view', 'summary'];

function formulasRead(plan: SheetPlan, sheet: string): boolean {
  return plan.cells.some((row) =>
    row.some(
      (c) =>
        c !== null &&
        typeof c === 'object' &&
        'formula' in c &&
        formulaNamesSheet(c.formula, sheet),
    ),
  );
}

/**
 * A step's plans, plus the Suggested Goals sheet when the person adopted or edited goals in the
 * pane: that sheet's "Adopt" column is where the choice lasts in the workbook.
 */
export function withAdoptions(plans: SheetPlan[], step: StepId, hasChoices: boolean): SheetPlan[] {
  return plansForKeys(plans, STEP_SHEET_KEYS[step], hasChoices);
}

/**
 * The plans a step writes when run alone, by the output sheet keys it owns (a step module's
 * `sheetKeys`), plus Suggested Goals when the person adopted or edited goals in the pane.
 */
export function plansForKeys(
  plans: SheetPlan[],
  stepKeys: readonly string[],
  hasChoices: boolean,
): SheetPlan[] {
  const keys = [...stepKeys];
  if (hasChoices && !keys.includes('suggested-goals')) keys.push('suggested-goals');
  return plansWithDependencies(plans, keys);
}

// ---------------------------------------------------------------------------------------------
// Mapping edits

/** A role a person can give a column with the drop-down. */
export type EditableRole =
  'id' | 'team' | 'school' | 'teacher' | 'subgroup' | 'pd-hours' | 'coach' | 'none';

/** A column's role in the config, including roles the drop-down does not offer. */
export type ConfigRole =
  EditableRole | { measure: string; side: 'pre' | 'post' } | 'measure-name' | 'window' | 'score';

export type SheetConfigRef =
  | { population: 'students'; config: StudentSheetConfig }
  | { population: 'educators'; config: EducatorSheetConfig };

/** Words for each editable role, as the drop-down shows them. */
export const ROLE_LABELS: Record<EditableRole, string> = {
  id: 'ID',
  team: 'Team',
  school: 'School',
  teacher: 'Teacher',
  subgroup: 'Student group',
  'pd-hours': 'PD hours',
  coach: 'Coach',
  none: 'Not used',
};

/** The drop-down's choices for a sheet of students or of educators. */
export function roleChoices(population: 'students' | 'educators'): EditableRole[] {
  return population === 'students'
    ? ['id', 'team', 'school', 'teacher', 'subgroup', 'none']
    : ['id', 'team', 'school', 'pd-hours', 'coach', 'none'];
}

/** The student or educator sheet config for a sheet name, or null when the mapping has none. */
export function sheetConfig(config: MappingConfig, sheet: string): SheetConfigRef | null {
  const s = config.students.find((c) => c.sheet === sheet);
  if (s) return { population: 'students', config: s };
  const e = (config.educators ?? []).find((c) => c.sheet === sheet);
  return e ? { population: 'educators', config: e } : null;
}

/** What a header does in a sheet's config. */
export function columnRole(ref: SheetConfigRef, header: string): ConfigRole {
  const c = ref.config;
  if (c.id === header) return 'id';
  if (c.team === header) return 'team';
  if (c.school === header) return 'school';
  if (ref.population === 'students') {
    const s = ref.config;
    if (s.teacher === header) return 'teacher';
    if ((s.subgroups ?? []).includes(header)) return 'subgroup';
    if (s.format === 'long') {
      if (s.measureColumn === header) return 'measure-name';
      if (s.windowColumn === header) return 'window';
      if (s.scoreColumn === header) return 'score';
    }
    for (const m of s.measures) {
      if (m.pre === header) return { measure: m.name, side: 'pre' };
      if (m.post === header) return { measure: m.name, side: 'post' };
    }
  } else {
    const e = ref.config;
    if (e.pdHours === header) return 'pd-hours';
    if (e.coach === header) return 'coach';
    if (e.format === 'long' && e.windowColumn === header) return 'window';
    for (const p of e.practice) {
      if (p.pre === header) return { measure: p.name, side: 'pre' };
      if (p.post === header) return { measure: p.name, side: 'post' };
    }
  }
  return 'none';
}

/** The outcome of an edit: the new config, or the same one with why the edit was refused. */
export interface EditResult {
  config: MappingConfig;
  /** Set when the edit was refused, in words a person can act on. */
  refused: string | null;
}

function cloneConfig(config: MappingConfig): MappingConfig {
  return JSON.parse(JSON.stringify(config)) as MappingConfig;
}

/**
 * Gives a column a role in a sheet's mapping. Roles held by one column (ID, team, school,
 * teacher, PD hours, coach) move to the new column; student groups add up. A column cannot stop being
 * the ID until another column is chosen as the ID, and a measure's column is changed with the
 * measure's own drop-downs.
 *
 * @param config the mapping (not changed)
 * @param sheet the sheet's name
 * @param header the column's header text
 * @param role the role chosen
 * @returns the changed copy, or the same config with `refused` saying why
 * @example setColumnRole(config, 'Students', 'Grade', 'subgroup').config.students[0].subgroups // [..., 'Grade']
 */
export function setColumnRole(
  config: MappingConfig,
  sheet: string,
  header: string,
  role: EditableRole,
): EditResult {
  const found = sheetConfig(config, sheet);
  if (!found) return { config, refused: `The mapping has no sheet "${sheet}".` };
  if (!roleChoices(found.population).includes(role)) {
    return {
      config,
      refused: `"${ROLE_LABELS[role]}" is not a role for a sheet of ${found.population}.`,
    };
  }
  const current = columnRole(found, header);
  if (current === role) return { config, refused: null };
  if (current === 'id') {
    return {
      config,
      refused: `"${header}" is the ID column. Choose another column as the ID first: every sheet needs one.`,
    };
  }
  if (
    typeof current === 'object' ||
    current === 'measure-name' ||
    current === 'window' ||
    current === 'score'
  ) {
    return {
      config,
      refused: `"${header}" holds scores for the analysis. Change it under Measures instead.`,
    };
  }
  const next = cloneConfig(config);
  const ref = sheetConfig(next, sheet)!;
  const c = ref.config;
  // Take the column out of whatever it did before.
  if (current === 'team') c.team = null;
  if (current === 'school') c.school = null;
  if (ref.population === 'students') {
    const s = ref.config;
    if (current === 'teacher') s.teacher = null;
    if (current === 'subgroup') s.subgroups = (s.subgroups ?? []).filter((h) => h !== header);
  } else if (current === 'pd-hours') ref.config.pdHours = null;
  else if (current === 'coach') ref.config.coach = null;
  switch (role) {
    case 'id':
      c.id = header;
      break;
    case 'team':
      c.team = header;
      break;
    case 'school':
      c.school = header;
      break;
    case 'teacher':
      if (ref.population === 'students') ref.config.teacher = header;
      break;
    case 'subgroup':
      if (ref.population === 'students')
        ref.config.subgroups = [...(ref.config.subgroups ?? []), header];
      break;
    case 'pd-hours':
      if (ref.population === 'educators') ref.config.pdHours = header;
      break;
    case 'coach':
      if (ref.population === 'educators') ref.config.coach = header;
      break;
    case 'none':
      break;
  }
  return { config: next, refused: null };
}

/** A measure's (or practice's) field a person can edit. */
export type MeasureField = 'pre' | 'post' | 'max' | 'proficient';

/** Words for the measure fields. */
export const MEASURE_FIELD_LABELS: Record<MeasureField, string> = {
  pre: 'Before (pre)',
  post: 'After (post)',
  max: 'Highest score',
  proficient: 'Proficient from',
};

/**
 * Changes one field of a measure (students) or practice (educators). `pre`/`post` take a header;
 * `max`/`proficient` take the text typed: a number, or blank for none.
 *
 * @param config the mapping (not changed)
 * @param sheet the sheet's name
 * @param measure the measure's or practice's name
 * @param field which field
 * @param text the header chosen, or the number typed
 * @returns the changed copy, or the same config with `refused` saying why
 * @example setMeasureField(config, 'Students', 'Reading', 'max', '80').config.students[0].measures[0].max // 80
 */
export function setMeasureField(
  config: MappingConfig,
  sheet: string,
  measure: string,
  field: MeasureField,
  text: string,
): EditResult {
  const found = sheetConfig(config, sheet);
  if (!found) return { config, refused: `The mapping has no sheet "${sheet}".` };
  const list: MeasureConfig[] =
    found.population === 'students' ? found.config.measures : found.config.practice;
  const index = list.findIndex((m) => m.name === measure);
  if (index < 0) return { config, refused: `The sheet "${sheet}" has no measure "${measure}".` };
  let value: string | number | null;
  if (field === 'pre' || field === 'post') {
    if (text.trim() === '')
      return { config, refused: `Choose a column for ${measure}'s ${field} scores.` };
    value = text;
  } else {
    const t = text.trim().replace(',', '.');
    if (t === '') value = null;
    else {
      value = Number(t);
      if (!Number.isFinite(value)) {
        return {
          config,
          refused: `${MEASURE_FIELD_LABELS[field]} of ${measure} must be a number, like 100; "${text}" is not. Leave it blank for none.`,
        };
      }
    }
  }
  const next = cloneConfig(config);
  const ref = sheetConfig(next, sheet)!;
  const target = (ref.population === 'students' ? ref.config.measures : ref.config.practice)[index];
  (target as unknown as Record<string, unknown>)[field] = value;
  return { config: next, refused: null };
}

// ---------------------------------------------------------------------------------------------
// Data-quality issues → workbook addresses

/**
 * The range a data-quality issue points at: its cell when it names a row and a column, its row
 * when only a row, else A1 of the sheet; null when the sheet was not read.
 *
 * @param issue the issue (sheet, Excel row, column header)
 * @param tables the sheets as read
 * @param headerRows Excel row of the header of each sheet (from detection or the config)
 * @returns the sheet and an A1 address to select
 * @example issueAddress({ sheet: 'Students', row: 26, column: 'Student ID', … }, tables, { Students: 1 }) // { sheet: 'Students', address: 'A26' }
 */
export function issueAddress(
  issue: Pick<DataQualityIssue, 'sheet' | 'row' | 'column'>,
  tables: RawTable[],
  headerRows: Record<string, number>,
): { sheet: string; address: string } | null {
  const table = tables.find((t) => t.sheet === issue.sheet);
  if (!table) return null;
  const headerRow = headerRows[issue.sheet] ?? table.firstRow;
  let column: number | null = null;
  if (issue.column !== null) {
    const header = table.values[headerRow - table.firstRow] ?? [];
    const i = header.findIndex((v) => v !== null && String(v).trim() === issue.column!.trim());
    if (i >= 0) column = table.firstColumn + i;
  }
  if (issue.row !== null && column !== null)
    return { sheet: issue.sheet, address: `${columnLetters(column)}${issue.row}` };
  if (issue.row !== null) return { sheet: issue.sheet, address: `${issue.row}:${issue.row}` };
  if (column !== null)
    return { sheet: issue.sheet, address: `${columnLetters(column)}${headerRow}` };
  return { sheet: issue.sheet, address: 'A1' };
}

/** One line for an issue: where it is, then what it says. */
export function issueText(issue: DataQualityIssue): string {
  const where = [
    issue.sheet,
    issue.row !== null ? `row ${issue.row}` : null,
    issue.column !== null ? issue.column : null,
  ].filter(Boolean);
  return `${where.join(', ')}: ${issue.message}`;
}

// ---------------------------------------------------------------------------------------------
// Errors in plain words

/** An error as it crosses from the worker, or as Office.js or our code throws it. */
export interface ErrorInfo {
  name?: string;
  message?: string;
  code?: string;
}

/**
 * What went wrong, in plain words, with what to do. The message of our own errors already says
 * what to change, so it is kept; Excel's codes get their meaning.
 *
 * @param error anything thrown
 * @returns one or two sentences for the status region
 */
export function describeError(error: unknown): string {
  const e = (error ?? {}) as ErrorInfo;
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (e.name === 'CancelledError') return 'Cancelled: the workbook was left as it was.';
  if (e.name === 'ConfigError') {
    return `The saved mapping does not fit this workbook: ${message} Fix it under Data, or choose "Detect the mapping again".`;
  }
  switch (e.code) {
    case 'AccessDenied':
      return 'Excel refused the change: the workbook or a sheet is protected. Unprotect it (Review › Protect Workbook), then run again. Nothing was written.';
    case 'ItemNotFound':
      return 'A sheet changed or disappeared while Throughline was working. Run again. Nothing was written.';
    case 'RequestPayloadSizeLimitExceeded':
    case 'ResponsePayloadSizeLimitExceeded':
      return 'The workbook is too large for Excel to pass to the add-in in one piece. Remove unused rows and columns, then run again.';
    case 'InvalidArgument':
    case 'GeneralException':
      return `Excel could not finish the change (${message}). Nothing was kept. Run again; if it keeps failing, save, close and reopen the workbook.`;
    default:
      break;
  }
  return `${message.replace(/\s+$/, '')}${/[.!?]$/.test(message.trim()) ? '' : '.'} Nothing was written.`;
}

// ---------------------------------------------------------------------------------------------
// Summaries

/**
 * Which sheets a run wrote or replaced, and which edited sheets of ours were left alone.
 *
 * @example renderSummary({ written: ['Impact'], replaced: [] }, []) // 'Added: Impact.'
 */
export function renderSummary(result: RenderResult, keptEdited: string[]): string {
  const parts: string[] = [];
  if (result.written.length) parts.push(`Added: ${result.written.join(', ')}.`);
  if (result.replaced.length) parts.push(`Replaced: ${result.replaced.join(', ')}.`);
  if (!parts.length) parts.push('No sheet was written.');
  if (keptEdited.length) {
    parts.push(
      `Kept as you edited them: ${keptEdited.join(', ')} (the new results went to new sheets).`,
    );
  }
  return parts.join(' ');
}

/** A number for a person: up to `digits` decimals, "—" for none. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** One headline figure line of the Impact step. */
export interface ImpactHeadline {
  population: 'students' | 'educators';
  measure: string;
  n: number;
  text: string;
}

/** The Impact step's headline figures, per team ("All" first). */
export interface TeamHeadlines {
  team: string;
  lines: ImpactHeadline[];
}

/**
 * Headline figures per team: the overall rows as "All", then one group per team value, each
 * line the mean change, effect size and change in % proficient, or why there is none.
 *
 * @param rows the report's impact rows
 * @param config the mapping (which column is the team column of each population)
 */
export function impactHeadlines(rows: ImpactRow[], config: MappingConfig): TeamHeadlines[] {
  const teamColumns = new Set<string>(
    [...config.students.map((s) => s.team), ...(config.educators ?? []).map((e) => e.team)].filter(
      (t): t is string => typeof t === 'string' && t !== '',
    ),
  );
  const byTeam = new Map<string, ImpactHeadline[]>();
  for (const row of rows) {
    let team: string | null = null;
    if (row.groups.length === 0) team = 'All';
    else if (row.groups.length === 1 && teamColumns.has(row.groups[0].column))
      team = row.groups[0].value;
    if (team === null) continue;
    const parts: string[] = [];
    if (row.meanDiff === null) parts.push(row.undefinedReason ?? 'no figure');
    else {
      parts.push(`mean change ${row.meanDiff > 0 ? '+' : ''}${formatNumber(row.meanDiff)}`);
      if (row.dav !== null) {
        // A size word only with its comparison (issue 17): "above other teams (large)"; a
        // pre/post gain alone says that it includes ordinary growth.
        parts.push(`effect ${formatNumber(row.dav)}`);
        const reading = row.relative?.reading ?? row.interpretation.reading ?? null;
        if (reading) parts.push(reading);
      }
      // ppChange is a fraction (docs/statistics.md): 0.125 → 12.5 percentage points.
      if (row.ppChange !== null) {
        parts.push(
          `proficient ${row.ppChange > 0 ? '+' : ''}${formatNumber(row.ppChange * 100, 1)} percentage points`,
        );
      }
    }
    const line = {
      population: row.population,
      measure: row.measure,
      n: row.n,
      text: `${row.measure} (n = ${row.n}): ${parts.join('; ')}`,
    };
    byTeam.set(team, [...(byTeam.get(team) ?? []), line]);
  }
  const teams = [...byTeam.keys()].sort((a, b) =>
    a === 'All' ? -1 : b === 'All' ? 1 : a.localeCompare(b),
  );
  return teams.map((team) => ({ team, lines: byTeam.get(team)! }));
}

/** Goal suggestions best first (priority 1 first, then id for a stable order). */
export function rankedGoals(goals: GoalSuggestion[]): GoalSuggestion[] {
  // The goals module ranks them (S1 first: the greatest need). Priority is a need score (higher
  // = more need) on scales that differ between students and educators, so it is not re-sorted.
  const rank = (id: string) => Number(/^S(\d+)$/.exec(id)?.[1] ?? Number.MAX_SAFE_INTEGER);
  return [...goals].sort((a, b) => rank(a.id) - rank(b.id));
}

/** The Alignment step's summary lines; empty when there is no alignment yet. */
export function alignmentSummary(alignment: AlignmentReport | null): string[] {
  if (!alignment || alignment.goals.length === 0) return [];
  const lines = [
    `${alignment.goals.length} goal${alignment.goals.length === 1 ? '' : 's'}, ${alignment.links.length} link${alignment.links.length === 1 ? '' : 's'}.`,
    alignment.coherence === null
      ? 'Coherence: not computed.'
      : `Coherence: ${formatNumber(alignment.coherence * 100, 0)}% of goals below district level trace up to a district goal.`,
  ];
  if (alignment.orphans.length)
    lines.push(`No path to a district goal: ${alignment.orphans.join(', ')}.`);
  if (alignment.unsupported.length)
    lines.push(
      `District goals no school or team goal supports: ${alignment.unsupported.join(', ')}.`,
    );
  return lines;
}

/** Words for a detected sheet kind. */
export const SHEET_KIND_LABELS: Record<string, string> = {
  'students-wide': 'Students (a row per student)',
  'students-long': 'Students (a row per score)',
  educators: 'Educators',
  goals: 'Goals',
  template: 'Goal template',
  other: 'Not used',
  empty: 'Empty',
};

/** A confidence 0..1 as a whole percentage. */
export function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

// ---------------------------------------------------------------------------------------------
// Goal cards, change bars and the map in miniature (what the steps draw)

/**
 * What the analysis worker hands over for a goal: the report's fields and, carried by the
 * structured clone, the sheet's own texts (core/goals/types.ts SuggestedGoal). Each is optional
 * here: a goal without them falls back to the report's numbers.
 */
export type PaneGoal = GoalSuggestion & {
  groupLabel?: string;
  school?: string | null;
  baselineText?: string;
  targetText?: string;
  growthCheck?: { label: string | null; reason?: string | null };
};

/** How a growth check reads on a card: its words and a tone for its colour. */
export interface CheckFact {
  text: string;
  tone: 'ok' | 'stretch' | 'warn';
}

/** The facts of a goal card, as text. */
export interface GoalCardFacts {
  who: string;
  what: string;
  baseline: string;
  target: string;
  metric: string;
  check: CheckFact | null;
}

const CHECK_TEXT: Record<string, CheckFact> = {
  'within range': { text: 'Growth check: within range of what teams achieved', tone: 'ok' },
  stretch: { text: 'Growth check: a stretch (above 9 in 10 teams’ growth)', tone: 'stretch' },
  timid: { text: 'Growth check: timid (below the median team’s growth)', tone: 'warn' },
  'beyond reach': { text: 'Growth check: beyond reach (more than any team grew)', tone: 'warn' },
};

/**
 * A goal card's facts: who (team, else school, else the district), the measure and group, the
 * baseline and target as the sheet shows them, and the growth check in words.
 *
 * @example goalCardFacts(goal) // { who: 'Team Cedar', what: 'Math · SWD: Y', baseline: '1.9%', … }
 */
export function goalCardFacts(g: PaneGoal): GoalCardFacts {
  const who = g.team ? `Team ${g.team}` : g.school ? `School ${g.school}` : 'District';
  const group = g.groupLabel ?? g.groups.map((x) => `${x.column}: ${x.value}`).join(', ');
  const share = g.baseline.metric === 'pctProficient';
  const number = (v: number) => (share ? `${formatNumber(v * 100, 1)}%` : formatNumber(v, 1));
  const label = g.growthCheck ? g.growthCheck.label : undefined;
  return {
    who,
    what: [g.measure, group].filter((x) => x).join(' · '),
    baseline: g.baselineText ?? number(g.baseline.value),
    target: g.targetText ?? number(g.target.value),
    metric: share ? 'proficient' : 'mean score',
    check:
      label === undefined
        ? null
        : label === null
          ? {
              text: 'Growth check: not possible (fewer than two comparable teams)',
              tone: 'stretch',
            }
          : (CHECK_TEXT[label] ?? { text: `Growth check: ${label}`, tone: 'stretch' }),
  };
}

/** One bar of a change chart: a team's mean change on a measure. */
export interface ChangeBar {
  team: string;
  value: number;
  n: number;
  text: string;
}

/** A change chart: one measure of one population, a bar per team, and the scale's ends. */
export interface ChangeChart {
  population: 'students' | 'educators';
  measure: string;
  bars: ChangeBar[];
  /** The scale from min (≤ 0) to max (≥ 0), so 0 is always on it. */
  min: number;
  max: number;
  /** Teams without a figure, and why. */
  missing: string[];
}

/**
 * Bars of mean change per team, one chart per measure (students first), from the impact rows of
 * a single team column; the overall row is not a bar (it is the headline above).
 */
export function changeCharts(rows: ImpactRow[], config: MappingConfig): ChangeChart[] {
  const teamColumns = new Set<string>(
    [...config.students.map((s) => s.team), ...(config.educators ?? []).map((e) => e.team)].filter(
      (t): t is string => typeof t === 'string' && t !== '',
    ),
  );
  const charts = new Map<string, ChangeChart>();
  for (const row of rows) {
    if (row.groups.length !== 1 || !teamColumns.has(row.groups[0].column)) continue;
    const id = `${row.population}\u0001${row.measure}`;
    const chart = charts.get(id) ?? {
      population: row.population,
      measure: row.measure,
      bars: [],
      min: 0,
      max: 0,
      missing: [],
    };
    charts.set(id, chart);
    const team = row.groups[0].value;
    if (row.meanDiff === null) {
      chart.missing.push(`${team}: ${row.undefinedReason ?? 'no figure'}`);
      continue;
    }
    const sign = row.meanDiff > 0 ? '+' : '';
    chart.bars.push({
      team,
      value: row.meanDiff,
      n: row.n,
      text: `${sign}${formatNumber(row.meanDiff, 1)}`,
    });
    chart.min = Math.min(chart.min, row.meanDiff);
    chart.max = Math.max(chart.max, row.meanDiff);
  }
  return [...charts.values()]
    .filter((c) => c.bars.length > 0)
    .sort((a, b) =>
      a.population === b.population
        ? a.measure.localeCompare(b.measure)
        : a.population === 'students'
          ? -1
          : 1,
    )
    .map((c) => ({ ...c, bars: [...c.bars].sort((a, b) => b.value - a.value) }));
}

/** A goal in the map in miniature, with the goals under it. */
export interface MapNode {
  id: string;
  level: string;
  statement: string;
  /** How it hangs under its parent: named (solid) or inferred (dashed); null at the top. */
  link: 'named' | 'inferred' | null;
  orphan: boolean;
  unsupported: boolean;
  children: MapNode[];
}

const LEVEL_ORDER = ['district', 'school', 'team', 'individual'];

/**
 * The alignment as a tree for the pane: district goals at the top, each goal under every goal
 * it links to (a goal with two parents shows under both), then the goals with no path to a
 * district goal, marked. Cycles are cut (a goal never shows under itself).
 */
export function alignmentTree(alignment: AlignmentReport | null): MapNode[] {
  if (!alignment || alignment.goals.length === 0) return [];
  const orphans = new Set(alignment.orphans);
  const unsupported = new Set(alignment.unsupported);
  const byId = new Map(alignment.goals.map((g) => [g.id, g]));
  const childLinks = new Map<string, AlignmentReport['links']>();
  for (const l of alignment.links) childLinks.set(l.to, [...(childLinks.get(l.to) ?? []), l]);
  const build = (id: string, link: MapNode['link'], path: Set<string>): MapNode => {
    const g = byId.get(id)!;
    const next = new Set(path).add(id);
    const children = (childLinks.get(id) ?? [])
      .filter((l) => byId.has(l.from) && !next.has(l.from))
      .map((l) => build(l.from, l.strength === 2 ? 'named' : 'inferred', next));
    return {
      id,
      level: g.level,
      statement: g.statement,
      link,
      orphan: orphans.has(id),
      unsupported: unsupported.has(id),
      children,
    };
  };
  const hasParent = new Set(alignment.links.filter((l) => byId.has(l.to)).map((l) => l.from));
  const tops = alignment.goals
    .filter((g) => g.level === 'district' || (!hasParent.has(g.id) && !orphans.has(g.id)))
    .sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level));
  const loose = alignment.goals.filter(
    (g) => orphans.has(g.id) && !hasParent.has(g.id) && g.level !== 'district',
  );
  const trees = [...tops, ...loose].map((g) => build(g.id, null, new Set()));
  // Goals only reached through a cycle (A under B under A) are drawn too, from the first.
  const seen = new Set<string>();
  const walk = (n: MapNode): void => {
    seen.add(n.id);
    n.children.forEach(walk);
  };
  trees.forEach(walk);
  for (const g of alignment.goals) {
    if (seen.has(g.id)) continue;
    const tree = build(g.id, null, new Set());
    walk(tree);
    trees.push(tree);
  }
  return trees;
}
