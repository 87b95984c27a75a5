/**
 * detectConfig: propose a mapping config from the sheets' headers AND values, with a role,
 * confidence and reason for every column, and notes wherever detection is unsure. A person
 * confirms or edits the result (--print-config / the task pane); detection never guesses
 * silently: a guess is marked by a low confidence and a note.
 */
import type {
  EducatorSheetConfig,
  MappingConfig,
  MeasureConfig,
  PracticeConfig,
  StudentSheetConfig,
  WindowConfig,
} from '../config';
import { columnLetters, type CellValue, type RawTable } from '../types';
import type {
  ColumnDetection,
  ColumnRole,
  DetectionNote,
  DetectionResult,
  SheetDetection,
  UnmappedReason,
} from './detect-types';
import { layoutSheet, type SheetLayout } from './layout';
import { delimitedText, delimitedTextNote, separatorWords } from './delimited-text';
import { markRosters } from './roster';
import {
  headerHint,
  NOT_PROFICIENT_WORDS,
  PROFICIENT_WORDS,
  TEMPLATE_LABELS,
  type HeaderHint,
} from './lexicon';
import { foldName, headerTokens } from './names';
import {
  numericShare,
  profileSheet,
  uniqueness,
  type ColumnProfile,
  type SheetSample,
} from './profile';
import { DEFAULT_RATING_MAX, DEFAULT_RATING_SCALE, ratingKey } from './scale';
import { cleanText, displayText, parseNumber } from './values';
import { DIFFERENCE_HEADER, isFlagHeader, parseWindow, type WindowInfo } from './windows';

interface Col {
  p: ColumnProfile;
  hint: HeaderHint;
  role: ColumnRole | null;
  confidence: number;
  reason: string;
  measure?: string;
  win: WindowInfo | null;
}

interface Pair {
  name: string;
  pre: Col;
  post: Col;
  others: Col[];
  reason: string;
  confidence: number;
}

/** Known pairs whose headers share no stem (public data sets schools and courses reuse). */
const KNOWN_PAIRS: { pre: string; post: string; name: string; why: string }[] = [
  {
    pre: 'standlrt',
    post: 'normexam',
    name: 'normexam',
    why: 'known pair: standLRT (London Reading Test at intake, age 11) → normexam (GCSE at 16), Goldstein et al. (1993)',
  },
];

/** Usual tops of score scales, for a guessed maximum when the header gives none. */
const CEILINGS = [1, 4, 5, 10, 20, 100];

function titleOf(tokens: string[], header: string): string {
  return tokens
    .map((t) => {
      const re = new RegExp(`\\b${t.replace(/[^a-z0-9]/g, '')}\\b`, 'i');
      const m = re.exec(header);
      if (m && m[0] === m[0].toUpperCase() && /[A-Z]/.test(m[0])) return m[0];
      return t.charAt(0).toUpperCase() + t.slice(1);
    })
    .join(' ');
}

/** How headers write a scale's maximum: "(0-20)", "(1-4)", "0–20", "out of 4", "/100", "max 20". */
const SCALE_PATTERNS = [
  /\(\s*[01]\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?)\s*\)/i,
  /\b0\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?)\s*(?:points|pts)?\s*$/i,
  /\(?\s*out of\s*(\d+(?:\.\d+)?)\s*\)?/i,
  /\/\s*(\d+(?:\.\d+)?)\s*\)?\s*$/,
  /\(?\s*\bmax(?:imum)?\.?\s*:?\s*(\d+(?:\.\d+)?)\s*\)?/i,
];

/** Maximum written in a header: "(0-20)", "(1-4)", "0–20", "out of 4", "/100", "max 20". */
export function headerMax(header: string): number | null {
  for (const re of SCALE_PATTERNS) {
    const m = re.exec(header);
    if (m) {
      const v = Number(m[1]);
      if (v > 0) return v;
    }
  }
  return null;
}

/**
 * The header without its scale text, so that "Reading Fall (0-100)" names the measure
 * "Reading", not "Reading 0 100".
 */
export function withoutScale(header: string): string {
  let out = header;
  for (const re of SCALE_PATTERNS) out = out.replace(re, ' ');
  return out.replace(/\s+/g, ' ').trim() || header;
}

function isTemplate(table: RawTable): boolean {
  const labels = new Set<string>();
  const n = Math.min(table.values.length, 80);
  for (let i = 0; i < n; i++) {
    const row = table.values[i] ?? [];
    let filled = 0;
    for (const c of row) if (c !== null && !(typeof c === 'string' && !c.trim())) filled++;
    if (filled > 3) return false; // a table row: not a form
    for (let j = 0; j < Math.min(row.length, 3); j++) {
      const c = row[j];
      if (typeof c !== 'string') continue;
      const f = foldName(c.replace(/:\s*$/, ''));
      if (TEMPLATE_LABELS.has(f)) labels.add(f);
    }
  }
  return labels.size >= 3;
}

function isGoals(headers: string[]): boolean {
  const f = headers.map(foldName);
  const goal = f.some((h) =>
    /^(goal|goalstatement|statement|smartgoal|goaltext|goaldescription)$/.test(h),
  );
  const other = f.filter((h) =>
    /^(goalid|id|level|goallevel|parent|parentgoal|parentid|focus|measure|alignsto|supports)$/.test(
      h,
    ),
  ).length;
  return goal && other >= 1;
}

/** Counts, not people: a column that is the sum of others (RhodeIslandEval's "et" = e4+…+es). */
function totalColumn(
  table: RawTable,
  sample: SheetSample,
  numeric: Col[],
): { total: Col; parts: Col[] } | null {
  if (numeric.length < 3) return null;
  const rows = sample.rows.slice(0, 300);
  if (rows.length < 3) return null;
  const val = (i: number, c: Col): number => {
    const v = parseNumber(table.values[i]?.[c.p.index] ?? null);
    return Number.isNaN(v) ? 0 : v;
  };
  for (const total of numeric) {
    const parts = numeric.filter(
      (c) =>
        c !== total &&
        c.p.max <= total.p.max &&
        !/year/.test(foldName(c.p.header)) &&
        c.hint !== 'id' &&
        c.hint !== 'weak-id',
    );
    if (parts.length < 2) continue;
    let ok = 0;
    for (const i of rows) {
      const t = val(i, total);
      let s = 0;
      for (const c of parts) s += val(i, c);
      if (Math.abs(s - t) < 1e-9 && t !== 0) ok++;
    }
    if (ok >= rows.length * 0.9) return { total, parts };
  }
  return null;
}

function cut(
  table: RawTable,
  sample: SheetSample,
  level: Col,
  score: Col,
): { cut: number; labels: string[] } | null {
  let best = Infinity;
  let anyBelow = false;
  const seen = new Set<string>();
  const yesNoHeader = /\?\s*$/.test(level.p.header) || /proficient/i.test(level.p.header);
  for (const i of sample.rows) {
    const row = table.values[i] ?? [];
    const l = cleanText(displayText(row[level.p.index] ?? null));
    const s = parseNumber(row[score.p.index] ?? null);
    if (!l || Number.isNaN(s)) continue;
    const isYesNo = /^(y|yes|n|no|true|false)$/i.test(l);
    if (isYesNo && !yesNoHeader) return null;
    const not = NOT_PROFICIENT_WORDS.test(l);
    const prof = !not && PROFICIENT_WORDS.test(l);
    if (prof) {
      seen.add(l);
      if (s < best) best = s;
    } else if (not) anyBelow = true;
  }
  if (best === Infinity || !anyBelow) return null;
  return { cut: best, labels: [...seen] };
}

type Note = (
  sheet: string | null,
  column: string | null,
  level: 'unsure' | 'info',
  message: string,
) => void;

/** Everything the passes over one sheet share; each pass reads it and adds what it found. */
interface Ctx {
  table: RawTable;
  sheet: string;
  /** The config being built (detection's own, never one it was given). */
  config: MappingConfig;
  note: Note;
  layout: SheetLayout;
  sample: SheetSample;
  cols: Col[];
  /** Sampled data rows. */
  n: number;
  numeric: Col[];
  ratingCols: Col[];
  windowCol: Col | null;
  windowValues: { text: string; win: WindowInfo }[];
  /** Without a window column: Y/N columns that each mark one window's rows, in order. */
  flagWindows: Col[];
  isEducator: boolean;
  /** Educator long by component (Ed-Fi evaluation): the component column and its rating. */
  component: { col: Col; rating: Col } | null;
  pairs: Pair[];
}

/** A pass: a SheetDetection ends the sheet (it is what the sheet is); null goes on. */
type Pass = (ctx: Ctx) => SheetDetection | null;

/**
 * Propose a mapping config for these sheets. Never throws on data; notes say where it is
 * unsure. `given`: a config a person already has; its sheets are kept as they are (detection
 * proposes only the other sheets) and it is never changed.
 */
export function detectConfig(tables: RawTable[], given?: MappingConfig): DetectionResult {
  const notes: DetectionNote[] = [];
  const sheets: SheetDetection[] = [];
  const config: MappingConfig = given ? copyConfig(given) : { version: 2, students: [] };
  const mapped = new Set([
    ...config.students.map((s) => s.sheet),
    ...(config.educators ?? []).map((e) => e.sheet),
    ...(config.pd ?? []).map((p) => p.sheet),
  ]);
  const note: Note = (sheet, column, level, message) =>
    notes.push({ sheet, column, level, message });
  for (const table of tables) {
    if (mapped.has(table.sheet)) continue;
    sheets.push(detectSheet(table, note, config));
  }
  markRosters(tables, sheets, config, notes);
  if (!config.educators?.length) delete config.educators;
  if (!config.pd?.length) delete config.pd;
  return { config, notes, sheets };
}

/** A deep copy of a config (plain JSON data), so detection never writes into a person's. */
function copyConfig(c: MappingConfig): MappingConfig {
  return JSON.parse(JSON.stringify(c)) as MappingConfig;
}

/** Each row one cell of delimited text (a CSV opened with another separator): said, not mapped. */
function delimitedTextPass(ctx: Ctx): SheetDetection | null {
  const { layout } = ctx;
  if (!layout.columns.length) return null;
  const found = delimitedText(
    ctx.table.values,
    layout.headerIndex,
    layout.columns[0],
    ctx.sample.rows,
  );
  if (!found) return null;
  const note = delimitedTextNote(ctx.sheet, columnLetters(layout.excelColumns[0]), found);
  ctx.note(ctx.sheet, null, 'unsure', note);
  const why = `each row is one cell of text separated by ${separatorWords(found)}, not columns`;
  return { ...done(ctx, 'other', why, 0.9), noMapping: 'delimited-text' };
}

/** The passes, in order: each named for what it decides. */
const PASSES: Pass[] = [
  delimitedTextPass,
  goalsPass,
  valueKindsPass,
  aggregatePass,
  windowColumnPass,
  populationPass,
  pdLogPass,
  longStudentsPass,
  pairsPass,
  educatorsPass,
];

function detectSheet(table: RawTable, note: Note, config: MappingConfig): SheetDetection {
  const framed = framePass(table, note, config);
  if (!('cols' in framed)) return framed;
  let result: SheetDetection | null = null;
  for (const pass of PASSES) {
    result = pass(framed);
    if (result) break;
  }
  result ??= wideStudentsPass(framed);
  if (!result.noMapping) explainUnmapped(result, framed);
  return result;
}

function setRole(c: Col, role: ColumnRole, confidence: number, reason: string, measure?: string) {
  c.role = role;
  c.confidence = confidence;
  c.reason = reason;
  if (measure) c.measure = measure;
}

function columnsOut(cols: Col[]): ColumnDetection[] {
  return cols.map((c) => ({
    header: c.p.header,
    column: c.p.excelColumn,
    role: c.role ?? 'ignored',
    confidence: Math.round((c.role ? c.confidence : 0.5) * 100) / 100,
    reason: c.reason || 'not needed for the analysis',
    ...(c.measure ? { measure: c.measure } : {}),
  }));
}

function sheetResult(
  sheet: string,
  kind: SheetDetection['kind'],
  layout: SheetLayout | null,
  reason: string,
  columns: ColumnDetection[] = [],
  dataRows = 0,
  confidence = 0.9,
): SheetDetection {
  return { sheet, kind, headerRow: layout?.headerRow ?? 0, dataRows, confidence, reason, columns };
}

/** What a pass returns when it decides the sheet. */
function done(ctx: Ctx, kind: SheetDetection['kind'], reason: string, confidence: number) {
  return sheetResult(ctx.sheet, kind, ctx.layout, reason, columnsOut(ctx.cols), ctx.n, confidence);
}

/** `headerRow` for a config entry when the header is not the table's first row. */
function headerRowField(ctx: Ctx): { headerRow?: number } {
  return ctx.layout.headerRow !== ctx.table.firstRow ? { headerRow: ctx.layout.headerRow } : {};
}

/** Empty sheets, goal templates, no header row, no data rows; else the pass context. */
function framePass(table: RawTable, note: Note, config: MappingConfig): Ctx | SheetDetection {
  const sheet = table.sheet;
  if (table.values.length === 0)
    return sheetResult(sheet, 'empty', null, 'the sheet holds no cells');
  if (isTemplate(table)) {
    if (!config.template) config.template = { sheet };
    else
      note(
        sheet,
        null,
        'info',
        `"${sheet}" also looks like a goal template; "${config.template.sheet}" is used.`,
      );
    return sheetResult(
      sheet,
      'template',
      null,
      'labels such as "Goal:", "Baseline", "Target" down the first columns: a form to fill, not a table',
    );
  }
  const layout = layoutSheet(table);
  if (layout.headerIndex < 0) {
    const empty = layout.issues.some((i) => i.code === 'EMPTY_SHEET');
    if (!empty)
      note(
        sheet,
        null,
        'unsure',
        `"${sheet}": no header row found in the top 30 rows; not mapped.`,
      );
    return sheetResult(
      sheet,
      empty ? 'empty' : 'other',
      null,
      empty ? 'the sheet holds no values' : 'no row looks like a header',
    );
  }
  if (layout.headerRow !== table.firstRow)
    note(
      sheet,
      null,
      'info',
      `"${sheet}": the header is on row ${layout.headerRow} (rows above it are a title block).`,
    );
  const sample = profileSheet(table, layout);
  const cols: Col[] = sample.profiles.map((p) => ({
    p,
    hint: headerHint(p.header),
    role: null,
    confidence: 0,
    reason: '',
    win: null,
  }));
  if (sample.dataRows === 0) {
    note(sheet, null, 'unsure', `"${sheet}" has a header but no data rows; not mapped.`);
    return sheetResult(sheet, 'empty', layout, 'a header with no data rows', columnsOut(cols));
  }
  return {
    table,
    sheet,
    config,
    note,
    layout,
    sample,
    cols,
    n: sample.dataRows,
    numeric: [],
    ratingCols: [],
    windowCol: null,
    flagWindows: [],
    windowValues: [],
    isEducator: false,
    component: null,
    pairs: [],
  };
}

function goalsPass(ctx: Ctx): SheetDetection | null {
  if (!isGoals(ctx.layout.headers)) return null;
  if (!ctx.config.goals) ctx.config.goals = { sheet: ctx.sheet, ...headerRowField(ctx) };
  for (const c of ctx.cols)
    setRole(c, 'goal-field', 0.8, 'a goal sheet column (read by the alignment step)');
  return done(
    ctx,
    'goals',
    'headers name goals (a goal/statement column with ID, level, parent or focus columns)',
    0.9,
  );
}

/** Dates, free text and empty columns by their values; window words of the rest; numeric and rating columns. */
function valueKindsPass(ctx: Ctx): null {
  for (const c of ctx.cols) {
    const p = c.p;
    const present = p.nonEmpty - p.missingWords - p.errors;
    if (p.nonEmpty === 0) setRole(c, 'ignored', 0.9, 'no values in the sampled rows');
    else if (c.hint === 'date' || (present > 0 && p.dates >= 0.8 * present))
      setRole(c, 'date', 0.9, c.hint === 'date' ? 'the header names a date' : 'values are dates');
    else if (c.hint === 'text' || (p.textLength > 40 && !windowValued(c)))
      setRole(
        c,
        'text',
        0.8,
        c.hint === 'text' ? 'the header names free text (notes, email)' : 'long free text values',
      );
    else c.win = parseWindow(withoutScale(p.header));
  }
  ctx.numeric = ctx.cols.filter((c) => !c.role && numericShare(c.p) >= 0.8 && c.p.numeric > 0);
  ctx.ratingCols = ctx.cols.filter(
    (c) =>
      !c.role &&
      c.p.ratings >= 0.8 * (c.p.nonEmpty - c.p.missingWords) &&
      c.p.ratings > c.p.flags &&
      c.p.nonEmpty > 0,
  );
  return null;
}

/** Few values that all name windows (Ed-Fi descriptors "uri://…/AssessmentPeriodDescriptor#BOY" are long, not free text). */
function windowValued(c: Col): boolean {
  const values = [...c.p.distinct.keys()];
  return (
    values.length >= 2 &&
    values.length <= 12 &&
    values.every((v) => {
      const w = parseWindow(v);
      return !!w && !w.span;
    })
  );
}

/** A total column, or row labels that are percentages: rows are groups, not people. */
function aggregatePass(ctx: Ctx): SheetDetection | null {
  const { cols, sheet } = ctx;
  // A growth column (a span: "from Fall to Spring", or a header saying gain, growth, change…)
  // is a difference: "Spring = Fall + Gain" is one student's arithmetic, not a total of counts.
  const total = totalColumn(
    ctx.table,
    ctx.sample,
    ctx.numeric.filter((c) => !c.win?.span && !DIFFERENCE_HEADER.test(c.p.header)),
  );
  const pctLabels = cols.some((c) =>
    [...c.p.distinct.keys()].some((k) => /^%|percent|^number of|^count of/i.test(k)),
  );
  if (!total && !pctLabels) return null;
  for (const c of cols)
    if (!c.role)
      setRole(
        c,
        total && (c === total.total || total.parts.includes(c)) ? 'count' : 'category',
        0.7,
        total && c === total.total
          ? `equals the sum of ${total.parts.map((x) => x.p.header).join(' + ')} on ${'≥'}90% of rows: a total of counts`
          : 'a label of an aggregated table',
      );
  const why = total
    ? `"${total.total.p.header}" is the sum of ${total.parts.map((x) => x.p.header).join(', ')} on nearly every row: these are counts for groups (e.g. districts × years), not one row per student or educator`
    : 'row labels are percentages or counts ("% Students who …"): each row is a group, not a student';
  ctx.note(
    sheet,
    null,
    'unsure',
    `"${sheet}" looks like an aggregated table: ${why}. No pre/post pair is proposed; not mapped. Throughline reads one row per student or educator with a score before and after (an assessment's student-level export, or each educator's ratings).`,
  );
  return { ...done(ctx, 'other', why, 0.7), noMapping: 'aggregated' };
}

/** Headers of a window column whose values may be numbers (2023, 2309 = YYMM). */
const WINDOW_HEADER = /administration|year|period|window|term|season|wave|round/i;

/** Window column (long layout): few distinct values that all name windows of one family. */
function windowColumnPass(ctx: Ctx): null {
  for (const c of ctx.cols) {
    const numericWindows = numericShare(c.p) > 0.5 && !WINDOW_HEADER.test(c.p.header);
    if (c.role || c.p.distinct.size < 2 || c.p.distinct.size > 12 || numericWindows) continue;
    if (c.hint === 'id' || c.hint === 'weak-id' || c.hint === 'educator-id') continue;
    // A team, school or class column ("T1", "T2" teams) is not a window unless its header says
    // window words ("Report_School_Year").
    const groupHint = c.hint === 'team' || c.hint === 'school' || c.hint === 'teacher';
    if (groupHint && !WINDOW_HEADER.test(c.p.header)) continue;
    const wins = [...c.p.distinct.keys()]
      .filter((k) => !/^(na|n\/a|-)$/i.test(k))
      .map((text) => ({ text, win: parseWindow(text) }));
    if (
      wins.every((w) => w.win && !w.win.span && w.win.family !== 'grade') &&
      new Set(wins.map((w) => w.win!.family)).size === 1 &&
      new Set(wins.map((w) => w.win!.order)).size >= 2
    ) {
      ctx.windowCol = c;
      ctx.windowValues = (wins as { text: string; win: WindowInfo }[]).sort(
        (a, b) => a.win.order - b.win.order,
      );
      return null;
    }
  }
  ctx.flagWindows = flagWindowColumns(ctx);
  return null;
}

/**
 * Windows only in Y/N columns ("Baseline Diagnostic (Y/N)", "Most Recent Diagnostic YTD (Y/N)"):
 * flag columns whose headers name windows of one family, at least two, in window order.
 */
function flagWindowColumns(ctx: Ctx): Col[] {
  const flags = ctx.cols.filter(
    (c) =>
      !c.role &&
      isFlagHeader(c.p.header) &&
      c.p.nonEmpty > 0 &&
      c.p.flags >= 0.8 * c.p.nonEmpty &&
      !!c.win &&
      !c.win.span,
  );
  const families = new Map<string, Col[]>();
  for (const c of flags) families.set(c.win!.family, [...(families.get(c.win!.family) ?? []), c]);
  for (const g of families.values()) {
    if (new Set(g.map((c) => c.win!.order)).size === g.length && g.length >= 2)
      return g.sort((a, b) => a.win!.order - b.win!.order);
  }
  return [];
}

/** The windows of a long student sheet: its window column's values, or its Y/N flag columns. */
function longSheetWindows(ctx: Ctx): Partial<StudentSheetConfig> {
  const { windowCol, windowValues } = ctx;
  if (windowCol) {
    const values = windowValues.map((w) => `"${w.text}"`).join(', ');
    setRole(windowCol, 'window', 0.85, `values ${values} name testing windows`);
    return { windowColumn: windowCol.p.header, ...longWindowFields(windowValues) };
  }
  const windows = ctx.flagWindows.map((c) => ({
    name: c.p.header.replace(/\(\s*y\s*\/\s*n\s*\)|\?\s*$/gi, '').trim(),
    flagColumn: c.p.header,
  }));
  for (const c of ctx.flagWindows)
    setRole(c, 'window', 0.8, 'Y/N: marks the rows of one window (a row is in the first it flags)');
  return { windows, pre: windows[0].name, post: windows[windows.length - 1].name };
}

/** Educator data: educator ID or PD words, or rating columns, and no student ID. */
function populationPass(ctx: Ctx): null {
  const { cols } = ctx;
  const educatorHints = cols.filter(
    (c) => c.hint === 'educator-id' || c.hint === 'pd-hours',
  ).length;
  // A student ID column makes it student data even when a teacher's name is there too.
  const studentId = cols.some(
    (c) =>
      c.hint === 'id' && /student|stu|pupil|learner|ssid|sasid|lasid/.test(foldName(c.p.header)),
  );
  ctx.component = studentId || !ctx.windowCol ? null : componentColumn(ctx);
  ctx.isEducator =
    !studentId && (educatorHints > 0 || ctx.ratingCols.length >= 2 || !!ctx.component);
  return null;
}

/** A PD session's title or topic ("Session Title", "Training Title", "Focus"). */
const PD_FOCUS = /title|topic|focus|strand|session|training|course|workshop/i;

/**
 * PD logs (a sign-in sheet, an LMS transcript): a row per educator × PD event with its hours.
 * The sign is an hours column beside an educator ID that repeats, with no window and no
 * ratings; hours are summed per educator (and by focus) at intake.
 */
function pdLogPass(ctx: Ctx): SheetDetection | null {
  const { cols, sheet } = ctx;
  const hours = cols.find((c) => !c.role && c.hint === 'pd-hours' && numericShare(c.p) >= 0.8);
  if (!ctx.isEducator || !hours || ctx.windowCol || ctx.ratingCols.length) return null;
  const named = ['educator-id', 'id', 'weak-id'].flatMap((h) => cols.filter((c) => c.hint === h));
  const id = named.find((c) => !c.role && c.p.distinct.size >= 2);
  if (!id || id.p.distinct.size === id.p.nonEmpty) return null;
  const text = cols.filter((c) => !c.role && c !== id && numericShare(c.p) < 0.5);
  const focus =
    text.find((c) => /title|topic|focus/i.test(c.p.header)) ??
    text.find((c) => PD_FOCUS.test(c.p.header));
  const date = cols.find((c) => c.role === 'date');
  setRole(id, 'id', 0.8, 'names the educator; repeats once per PD event');
  setRole(hours, 'pd-hours', 0.85, 'hours of each PD event, summed per educator');
  if (focus) setRole(focus, 'category', 0.7, 'the PD event (hours are also summed by it)');
  (ctx.config.pd ??= []).push({
    sheet,
    id: id.p.header,
    hours: hours.p.header,
    focus: focus?.p.header ?? null,
    date: date?.p.header ?? null,
    ...headerRowField(ctx),
  });
  return done(ctx, 'pd', 'a row per educator × PD event with hours (a PD log)', 0.75);
}

/** Rubric components as row labels (a row per educator × component × window) and their numeric rating. */
function componentColumn(ctx: Ctx): { col: Col; rating: Col } | null {
  // Component titles may be long ("2a Creating an Environment of Respect and Rapport"): free
  // text by length, but few values.
  const col = ctx.cols.find(
    (c) =>
      (!c.role || c.role === 'text') &&
      c !== ctx.windowCol &&
      /element|component|indicator|rubric|criteri|competenc|standard/i.test(c.p.header) &&
      !/id$|code$|descriptor$/i.test(c.p.header) &&
      numericShare(c.p) < 0.5 &&
      c.p.distinct.size >= 2 &&
      c.p.distinct.size <= 40,
  );
  const rating = ctx.numeric.find(
    (c) => !c.role && /rating|score/i.test(c.p.header) && !isCodeColumn(c),
  );
  return col && rating ? { col, rating } : null;
}

/**
 * The ID column. Long layouts repeat IDs by design (a row per window and measure): a named ID
 * with at least two values is enough there. A named ID may repeat a little (a duplicated row is
 * reported, not a reason to drop the column): at least 90% different, or on a small sheet at
 * most two repeats.
 */
function pickId(ctx: Ctx, perWindow: boolean): Col | null {
  const { cols, sheet, isEducator } = ctx;
  const uniqOk = (c: Col) =>
    perWindow
      ? c.p.distinct.size >= 2 && c.hint !== 'weak-id'
      : uniqueness(c.p) >= 0.9 ||
        (c.p.nonEmpty - c.p.distinct.size <= 2 && c.p.distinct.size >= 0.75 * c.p.nonEmpty);
  const order: HeaderHint[] = isEducator
    ? ['educator-id', 'id', 'weak-id']
    : ['id', 'weak-id', 'educator-id'];
  for (const h of order) {
    for (const c of cols) {
      if (c.role || c.hint !== h) continue;
      if (uniqOk(c)) return c;
      ctx.note(
        sheet,
        c.p.header,
        'unsure',
        `"${c.p.header}" is named like an ID but repeats (${c.p.distinct.size} different values in ${c.p.nonEmpty} sampled rows), so it cannot identify a ${isEducator ? 'person' : 'student'} on its own.`,
      );
      setRole(
        c,
        'category',
        0.5,
        `named like an ID but not unique (${c.p.distinct.size} values in ${c.p.nonEmpty} rows)`,
      );
    }
  }
  return null;
}

/** The window list of a long sheet (v2 `windows`, all of them in order) when there are more than two; else v1 pre/post values. */
function longWindowFields(
  values: { text: string; win: WindowInfo }[],
): Partial<StudentSheetConfig> {
  const pre = values[0].text;
  const post = values[values.length - 1].text;
  if (values.length <= 2) return { pre, post };
  // An Ed-Fi descriptor URI is named by its last part ("…AssessmentPeriodDescriptor#BOY" → "BOY");
  // with a window list, pre and post name windows.
  const name = (text: string) => /^[a-z]+:\/\/.*#(.+)$/i.exec(text)?.[1] ?? text;
  const windows = values.map((w) => ({ name: name(w.text), value: w.text }));
  return { windows, pre: name(pre), post: name(post) };
}

/** Per sampled row: (measure value, window value). A label that changes with the window is a test-type label, not a measure. */
function labelFollowsWindow(ctx: Ctx, label: Col, windowCol: Col): boolean {
  const windowsOf = new Map<string, Set<string>>();
  for (const i of ctx.sample.rows) {
    const row = ctx.table.values[i] ?? [];
    const m = displayText(row[label.p.index] ?? null);
    const w = displayText(row[windowCol.p.index] ?? null);
    if (!m || !w) continue;
    windowsOf.set(m, (windowsOf.get(m) ?? new Set()).add(w));
  }
  return windowsOf.size >= 2 && [...windowsOf.values()].every((s) => s.size === 1);
}

/** Scores restated on a norm (not the measure itself when a scale score is there). */
const NORM_WORDS =
  /percentile|\bp(ct|er)?\s*rank|\brank\b|\bnce\b|normal\s*curve|grade\s*equiv|\bge\b|lexile|quantile|probability|\blevel\b|\bband\b|categor|stanine|npr\b|error|\bsem\b|tier|risk/i;

/** A long sheet's score columns when there is no measure column: numeric, not IDs, grades, years or codes. */
function longScoreColumns(ctx: Ctx): Col[] {
  return ctx.numeric.filter(
    (c) =>
      !c.role &&
      c !== ctx.windowCol &&
      c.hint !== 'id' &&
      c.hint !== 'weak-id' &&
      c.hint !== 'educator-id' &&
      c.hint !== 'grade' &&
      c.hint !== 'team' &&
      c.hint !== 'school' &&
      !isCodeColumn(c),
  );
}

/** Integer codes, years and counts of items are not scores. */
function isCodeColumn(c: Col): boolean {
  const f = foldName(c.p.header);
  if (
    /(^|[^a-z])(year|yr)s?$|schoolyear|^year|numberof|numitems|questions|count$|code$|^id|id$|key|number$|^num(?!eric)|zip|phone(number)?$|tier$/.test(
      f,
    )
  )
    return true;
  const ints = c.p.integer === c.p.numeric;
  // A constant whole number is a code (a district number); a constant 1200.5 is a score.
  if (ints && c.p.distinct.size <= 1 && c.p.nonEmpty >= 5) return true;
  return ints && c.p.min >= 1900 && c.p.max <= 2100;
}

/** The name of a sheet's one measure: a single-valued test column, else the sheet's name. */
function oneMeasureName(ctx: Ctx, label: Col | undefined): string {
  const testCol =
    label ?? ctx.cols.find((c) => c.hint === 'measure-name' && c.p.distinct.size === 1);
  if (testCol && testCol.p.distinct.size === 1) return [...testCol.p.distinct.keys()][0];
  return ctx.sheet.replace(/[_-]+/g, ' ').trim();
}

/** A long sheet's score columns: its scale score, else its scores that are not norms, else all. */
function longScores(ctx: Ctx): Col[] {
  const scoreHint = ctx.numeric.filter((c) => !c.role && c.hint === 'score' && !isCodeColumn(c));
  // Percentiles, NCEs, grade equivalents… restate a score on a norm: the scale scores are the
  // measures. When every score named so is a norm ("Word Recognition Percentile"), the sheet's
  // measures are all its numeric scores (a screener's "Reading Success Probability" too).
  const all = scoreHint.some((c) => !NORM_WORDS.test(c.p.header))
    ? scoreHint
    : longScoreColumns(ctx);
  const primary = all.filter((c) => !NORM_WORDS.test(c.p.header));
  // A scale score is the measure; a raw score beside it restates it.
  const scaled = primary.filter((c) => /scale/i.test(c.p.header));
  // The overall scale score: its words are in every other ("Summative Scale Score" in
  // "Summative Reading Scale Score").
  const words = (c: Col) => headerTokens(c.p.header);
  const overall = scaled.find((c) =>
    scaled.every((o) => words(c).every((t) => words(o).includes(t))),
  );
  return overall ? [overall] : scaled.length ? scaled : primary.length ? primary : all;
}

/** Long student layouts: a window column, an ID, and a score column (or several). */
function longStudentsPass(ctx: Ctx): SheetDetection | null {
  const { windowCol, windowValues, cols, sheet } = ctx;
  if ((!windowCol && !ctx.flagWindows.length) || ctx.isEducator) return null;
  const labels = cols.filter(
    (c) => !c.role && c !== windowCol && c.hint === 'measure-name' && numericShare(c.p) < 0.5,
  );
  for (const l of labels)
    if (windowCol && labelFollowsWindow(ctx, l, windowCol))
      setRole(l, 'category', 0.6, 'a test label that changes with the window: not a measure');
  // An identifier names a measure worse than its title ("RB-3-2024", not "Reading Benchmark"):
  // identifier columns go last; the others keep their order.
  const isIdentifier = (c: Col) => /identifier|code$/i.test(c.p.header);
  labels.sort((a, b) => Number(isIdentifier(a)) - Number(isIdentifier(b)));
  const label = labels.find((l) => !l.role && l.p.distinct.size > 1) ?? labels.find((l) => !l.role);
  const scores = longScores(ctx);
  if (!scores.length) return null;
  const id = pickId(ctx, true);
  const cfg: StudentSheetConfig = {
    sheet,
    format: 'long',
    id: id ? id.p.header : '',
    ...longSheetWindows(ctx),
    measures: [],
    ...headerRowField(ctx),
  };
  if (label && label.p.distinct.size > 1) {
    setRole(label, 'measure-name', 0.8, 'header names the subject/measure of each row');
    setRole(scores[0], 'score', 0.8, 'numeric, header names a score');
    cfg.measureColumn = label.p.header;
    cfg.scoreColumn = scores[0].p.header;
    cfg.measures = [...label.p.distinct.keys()]
      .slice(0, 50)
      .map((name) => ({ name, max: null, proficient: null }));
  } else if (scores.length === 1) {
    const name = oneMeasureName(ctx, label);
    if (label) setRole(label, 'measure-name', 0.7, "one value: names the sheet's one assessment");
    setRole(scores[0], 'score', 0.8, "numeric score of the sheet's one assessment", name);
    cfg.scoreColumn = scores[0].p.header;
    cfg.measures = [{ name, max: null, proficient: null }];
  } else {
    for (const c of scores)
      setRole(c, 'score', 0.7, 'a subtest score on each window row', c.p.header);
    cfg.measures = scores.map((c) => ({
      name: withoutScale(c.p.header),
      column: c.p.header,
      max: headerMax(c.p.header),
      proficient: null,
    }));
  }
  if (id) setRole(id, 'id', 0.85, 'header names an ID; unique within each window');
  else
    ctx.note(
      sheet,
      null,
      'unsure',
      `"${sheet}": long layout without an ID column; set "id" before running (rows cannot be paired without it).`,
    );
  if (windowCol && windowValues.length > 2)
    ctx.note(
      sheet,
      windowCol.p.header,
      'info',
      `windows ${windowValues.map((w) => w.text).join(', ')}: all kept; "${cfg.pre}" → "${cfg.post}" (first and last) proposed as pre → post; edit pre/post to compare others.`,
    );
  groupsAndSubgroups(ctx.cols, cfg, setRole, ctx.note, sheet);
  if (!id) return done(ctx, 'students-long', 'a row per student × window, but no ID column', 0.4);
  ctx.config.students.push(cfg);
  return done(ctx, 'students-long', 'a row per student × window (window and score columns)', 0.75);
}

/** Wide pairs: score columns with one stem and windows of one family (every window kept, in order). */
function pairsPass(ctx: Ctx): null {
  const pairable = (
    ctx.isEducator
      ? [...ctx.ratingCols, ...ctx.numeric.filter((c) => c.hint !== 'pd-hours')]
      : ctx.numeric
  ).filter((c) => ctx.ratingCols.includes(c) || !isCodeColumn(c));
  const groups = new Map<string, Col[]>();
  for (const c of pairable) {
    // A grade column is not a score, unless its grade is the window (a cohort's "Grade 3" and
    // "Grade 4" scale scores).
    const gradeWindow = c.win?.family === 'grade';
    if (
      !c.win ||
      c.win.span ||
      (c.hint === 'grade' && !gradeWindow) ||
      c.hint === 'id' ||
      c.hint === 'date' ||
      /grade/.test(c.win.stem.join(' '))
    )
      continue;
    const key = `${c.win.family.replace(/^dated:?.*/, 'dated')}|${c.win.stem.join(' ')}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  baselineBeforeNumbered(groups);
  for (const [, g] of groups) {
    const sorted = [...g].sort((a, b) => a.win!.order - b.win!.order);
    if (new Set(sorted.map((c) => c.win!.order)).size < 2) continue;
    const pre = sorted[0];
    const post = sorted[sorted.length - 1];
    const name = pre.win!.stem.length
      ? titleOf(pre.win!.stem, pre.p.header)
      : `${pre.p.header} → ${post.p.header}`;
    ctx.pairs.push({
      name,
      pre,
      post,
      others: sorted.slice(1, -1),
      confidence: 0.85,
      reason: `same stem "${pre.win!.stem.join(' ') || '(none)'}" with windows ${sorted.map((c) => c.win!.label).join(' → ')}`,
    });
  }
  knownPairs(ctx, pairable);
  priorYearPairs(ctx, pairable);
  return null;
}

/** "previous year", "prior year", "last year" in a header's words: where they start, or -1. */
function priorYearAt(tokens: string[]): number {
  return tokens.findIndex(
    (t, i) => ['previous', 'prior', 'last'].includes(t) && tokens[i + 1] === 'year',
  );
}

/**
 * A state file's "READING PREVIOUS YEAR SCALE SCORE" beside "READING SCALE SCORE": the same
 * measure a year apart (previous → current), though the current one has no window words.
 */
function priorYearPairs(ctx: Ctx, pairable: Col[]): void {
  const free = (c: Col) => !ctx.pairs.some((p) => p.pre === c || p.post === c);
  for (const pre of pairable) {
    const tokens = headerTokens(pre.p.header);
    const at = priorYearAt(tokens);
    if (at < 0 || !free(pre)) continue;
    const stem = [...tokens.slice(0, at), ...tokens.slice(at + 2)];
    const post = pairable.find(
      (c) =>
        c !== pre && !c.win && free(c) && headerTokens(c.p.header).join(' ') === stem.join(' '),
    );
    if (!post) continue;
    pre.win = { stem, family: 'prior-year', order: 1, label: 'previous year' };
    post.win = { stem, family: 'prior-year', order: 2, label: 'current' };
    ctx.pairs.push({
      name: titleOf(stem, post.p.header),
      pre,
      post,
      others: [],
      confidence: 0.75,
      reason: `"${pre.p.header}" is "${post.p.header}" a year earlier`,
    });
  }
}

/**
 * Progress monitoring: "Baseline Score" then "PM 1 Score" … "PM 6 Score" are one measure's
 * windows (the baseline first), not a Baseline → Most Recent pair beside a PM series.
 */
function baselineBeforeNumbered(groups: Map<string, Col[]>): void {
  for (const [key, g] of groups) {
    if (!key.startsWith('numbered:')) continue;
    const stem = key.slice(key.indexOf('|'));
    const pp = groups.get(`prepost${stem}`);
    const base = pp?.filter((c) => c.win!.order === 1) ?? [];
    if (base.length !== 1) continue;
    base[0].win = { ...base[0].win!, family: key.slice(0, key.indexOf('|')), order: 0 };
    g.push(base[0]);
    groups.delete(`prepost${stem}`);
  }
}

function knownPairs(ctx: Ctx, pairable: Col[]): void {
  const free = (c: Col) => !ctx.pairs.some((p) => p.pre === c || p.post === c);
  for (const k of KNOWN_PAIRS) {
    const pre = pairable.find((c) => foldName(c.p.header) === k.pre && free(c));
    const post = pairable.find((c) => foldName(c.p.header) === k.post && free(c));
    if (pre && post)
      ctx.pairs.push({ name: k.name, pre, post, others: [], confidence: 0.7, reason: k.why });
  }
}

/** The windows of a pair with more than two (v2 `windows`; names from the window words). */
function pairWindows(pr: Pair): WindowConfig[] | null {
  if (!pr.others.length) return null;
  const all = [pr.pre, ...pr.others, pr.post];
  const names = all.map((c) => c.win!.label || c.p.header);
  const unique = new Set(names).size === names.length;
  return all.map((c, k) => ({
    name: unique ? titleOf(names[k].split(' '), c.p.header) : c.p.header,
    column: c.p.header,
  }));
}

/** Wide measure config for a pair: v1 pre/post columns, or v2 windows when there are more than two. */
function pairColumns(pr: Pair): Pick<MeasureConfig, 'windows' | 'pre' | 'post'> {
  const windows = pairWindows(pr);
  return windows ? { windows } : { pre: pr.pre.p.header, post: pr.post.p.header };
}

/** Educator sheets: wide practice pairs, or a row per observation with a window column. */
function educatorsPass(ctx: Ctx): SheetDetection | null {
  if (!ctx.isEducator) return null;
  const { sheet, windowCol, cols } = ctx;
  const visits = windowCol ? null : visitLog(ctx);
  const id = visits ? visits.id : educatorId(ctx);
  const ec: EducatorSheetConfig = {
    sheet,
    id: id ? id.p.header : '',
    practice: [],
    ...headerRowField(ctx),
  };
  const usedScale = new Map<string, number>();
  const addScale = (c: Col) => {
    for (const k of c.p.distinct.keys()) {
      const v = DEFAULT_RATING_SCALE[ratingKey(k)];
      if (v !== undefined && !usedScale.has(k)) usedScale.set(k, v);
    }
  };
  if (visits) educatorVisits(ctx, ec, visits, addScale);
  else if (windowCol && ctx.component) educatorByComponent(ctx, ec);
  else if (windowCol) educatorLong(ctx, ec, addScale);
  else educatorWide(ctx, ec, addScale);
  if (usedScale.size) {
    const sorted = [...usedScale].sort((a, b) => a[1] - b[1]);
    ec.scale = Object.fromEntries(sorted);
    ctx.note(
      sheet,
      null,
      'info',
      `text ratings read on a 1–${DEFAULT_RATING_MAX} scale: ${sorted.map(([k, v]) => `${k} = ${v}`).join(', ')}; edit "scale" to change it.`,
    );
  }
  educatorHoursAndTeam(cols, ec);
  if (!ec.practice.length) {
    ctx.note(
      sheet,
      null,
      'unsure',
      `"${sheet}" looks like educator data but no before/after practice columns were found; not mapped.`,
    );
    return done(ctx, 'educators', 'educator columns but no before/after practice measures', 0.5);
  }
  (ctx.config.educators ??= []).push(ec);
  return done(
    ctx,
    'educators',
    visits
      ? 'one row per classroom visit, dated: windows are each teacher’s first and last visit'
      : windowCol
        ? 'one row per observation of a teacher, with the window (pre/post) in a column and text ratings per component'
        : 'one row per educator with practice ratings before and after',
    0.75,
  );
}

/** An educator sheet's PD-hours and team columns; other few-valued columns are categories. */
function educatorHoursAndTeam(cols: Col[], ec: EducatorSheetConfig): void {
  const pd = cols.find((c) => !c.role && c.hint === 'pd-hours' && numericShare(c.p) >= 0.8);
  if (pd) {
    ec.pdHours = pd.p.header;
    setRole(pd, 'pd-hours', 0.85, 'header names professional-learning hours; numeric');
  }
  const team = cols.find((c) => !c.role && (c.hint === 'team' || c.hint === 'school'));
  if (team) {
    ec.team = team.p.header;
    setRole(team, 'team', 0.8, 'header names a team or school');
  }
  const coach = cols.find((c) => !c.role && c.hint === 'coach' && c.p.nonEmpty > 0);
  if (coach && team) {
    ec.coach = coach.p.header;
    setRole(coach, 'coach', 0.8, 'header names a coach; a team has one');
  }
  for (const c of cols)
    if (!c.role && c.p.distinct.size <= 12 && c.p.nonEmpty > 0)
      setRole(c, 'category', 0.5, `${c.p.distinct.size} different values; not used`);
}

/**
 * A visit log (observation platform export, walkthrough form): ratings on each row, a date or
 * timestamp, and an educator named on several rows (a row per visit). An ID unique per row is
 * the visit's own ("Observation ID"), not the educator's.
 */
function visitLog(ctx: Ctx): { id: Col; date: Col } | null {
  const { cols } = ctx;
  if (!ctx.ratingCols.length) return null;
  const date = cols.find((c) => c.role === 'date');
  const named = (['educator-id', 'id', 'weak-id', 'teacher'] as HeaderHint[]).flatMap((h) =>
    cols.filter((c) => c.hint === h),
  );
  const id = named.find(
    (c) => !c.role && c.p.distinct.size >= 2 && c.p.distinct.size < c.p.nonEmpty,
  );
  return date && id ? { id, date } : null;
}

/** A visit log's config: the date column, and each rating column a practice read on every visit. */
function educatorVisits(
  ctx: Ctx,
  ec: EducatorSheetConfig,
  v: { id: Col; date: Col },
  addScale: (c: Col) => void,
): void {
  ec.format = 'visits';
  ec.dateColumn = v.date.p.header;
  setRole(v.id, 'id', 0.75, 'names the teacher visited; repeats once per visit');
  setRole(v.date, 'date', 0.85, 'the date of each visit: first and last visit are the windows');
  for (const c of ctx.ratingCols) {
    ec.practice.push({
      name: practiceName(c.p.header),
      column: c.p.header,
      max: DEFAULT_RATING_MAX,
    });
    setRole(c, 'rating', 0.8, 'a rating on each visit (text read through the scale)');
    addScale(c);
  }
}

function educatorId(ctx: Ctx): Col | null {
  const { sheet, windowCol, cols } = ctx;
  const id = pickId(ctx, !!windowCol);
  if (!id) {
    ctx.note(sheet, null, 'unsure', `"${sheet}": no column identifies the educator; set "id".`);
    return null;
  }
  setRole(
    id,
    'id',
    0.75,
    'header names the teacher; one value per teacher' + (windowCol ? ' and window' : ''),
  );
  for (const o of cols.filter((c) => c !== id && c.hint === 'educator-id' && !c.role)) {
    setRole(o, 'ignored', 0.6, `another name column; "${id.p.header}" identifies the teacher`);
    ctx.note(
      sheet,
      o.p.header,
      'unsure',
      `"${o.p.header}" also names the teacher; the config takes one ID column, so "${id.p.header}" is used. Check that it is unique per teacher.`,
    );
  }
  return id;
}

function educatorLong(ctx: Ctx, ec: EducatorSheetConfig, addScale: (c: Col) => void): void {
  const { windowCol, windowValues } = ctx;
  ec.format = 'long';
  ec.windowColumn = windowCol!.p.header;
  Object.assign(ec, longWindowFields(windowValues));
  setRole(
    windowCol!,
    'window',
    0.85,
    `values ${windowValues.map((w) => `"${w.text}"`).join(', ')} name when each observation happened`,
  );
  for (const c of ctx.ratingCols) {
    const name = practiceName(c.p.header);
    ec.practice.push({ name, pre: c.p.header, post: c.p.header, max: DEFAULT_RATING_MAX });
    setRole(
      c,
      'rating',
      0.85,
      'text ratings (Yes / Somewhat / Not Yet …) read through the scale; pre and post are the rows of each window',
      name,
    );
    addScale(c);
  }
}

/** A row per educator × component × window: components are the practices, read from the rating column. */
function educatorByComponent(ctx: Ctx, ec: EducatorSheetConfig): void {
  const { windowCol, windowValues } = ctx;
  const { col, rating } = ctx.component!;
  ec.format = 'long';
  ec.windowColumn = windowCol!.p.header;
  ec.componentColumn = col.p.header;
  ec.scoreColumn = rating.p.header;
  Object.assign(ec, longWindowFields(windowValues));
  setRole(
    windowCol!,
    'window',
    0.85,
    `values ${windowValues.map((w) => `"${w.text}"`).join(', ')} name the evaluation windows`,
  );
  setRole(col, 'measure-name', 0.8, 'names the rubric component of each row');
  setRole(rating, 'rating', 0.8, 'numeric rating of the component');
  const max =
    headerMax(rating.p.header) ?? (rating.p.max <= DEFAULT_RATING_MAX ? DEFAULT_RATING_MAX : null);
  ec.practice = [...col.p.distinct.keys()].sort().map((name) => ({ name, max }));
}

function educatorWide(ctx: Ctx, ec: EducatorSheetConfig, addScale: (c: Col) => void): void {
  for (const pr of ctx.pairs) {
    const text = ctx.ratingCols.includes(pr.pre);
    const max = text
      ? DEFAULT_RATING_MAX
      : (headerMax(pr.pre.p.header) ?? headerMax(pr.post.p.header));
    const p: PracticeConfig = { name: pr.name, ...pairColumns(pr), max: max ?? null };
    ec.practice.push(p);
    markPair(pr);
    if (text) for (const c of [pr.pre, ...pr.others, pr.post]) addScale(c);
  }
}

/** Roles of a pair's columns: pre, post, and the windows between them. */
function markPair(pr: Pair): void {
  setRole(pr.pre, 'pre', pr.confidence, pr.reason, pr.name);
  setRole(pr.post, 'post', pr.confidence, pr.reason, pr.name);
  for (const o of pr.others)
    setRole(
      o,
      'score',
      0.7,
      `a middle window of ${pr.name}: kept (pre → post is first → last)`,
      pr.name,
    );
}

/** Student sheets with a row per student: the pairs found, the ID, groups. */
function wideStudentsPass(ctx: Ctx): SheetDetection {
  const { sheet, pairs } = ctx;
  const id = pickId(ctx, false);
  for (const pr of pairs) {
    markPair(pr);
    if (pr.others.length)
      ctx.note(
        sheet,
        pr.others[0].p.header,
        'info',
        `${pr.name}: ${pr.others.length + 2} windows kept; "${pr.pre.p.header}" → "${pr.post.p.header}" (first → last) is proposed as pre → post. Edit pre/post to compare others.`,
      );
  }
  const loose = markLoose(ctx);
  if (!pairs.length) return noPairs(ctx, id, loose);
  const measures: MeasureConfig[] = pairs.map((pr) =>
    measureFor(ctx.table, ctx.sample, ctx.cols, pr, ctx.note, sheet, setRole),
  );
  const cfg: StudentSheetConfig = { sheet, id: '', measures, ...headerRowField(ctx) };
  cfg.id = wideId(ctx, id);
  groupsAndSubgroups(ctx.cols, cfg, setRole, ctx.note, sheet);
  ctx.config.students.push(cfg);
  return done(
    ctx,
    'students-wide',
    `a row per student with ${pairs.length} pre/post pair${pairs.length === 1 ? '' : 's'}`,
    0.8,
  );
}

/** The ID of a wide student sheet: named, else a column whose values are all different, else none. */
function wideId(ctx: Ctx, id: Col | null): string {
  const { sheet, cols } = ctx;
  if (id) {
    setRole(
      id,
      'id',
      id.hint === 'weak-id' ? 0.6 : 0.9,
      `header names an ID; ${Math.round(uniqueness(id.p) * 100)}% of values are different`,
    );
    return id.p.header;
  }
  const byValue = cols.find(
    (c) =>
      !c.role &&
      c.p.nonEmpty >= 5 &&
      uniqueness(c.p) === 1 &&
      !c.p.distinctOverflow &&
      (numericShare(c.p) === 0 || c.p.integer === c.p.numeric) &&
      !c.win,
  );
  if (byValue) {
    setRole(byValue, 'id', 0.5, 'every value is different (no ID header)');
    ctx.note(
      sheet,
      byValue.p.header,
      'unsure',
      `"${byValue.p.header}" is proposed as the ID only because its values are all different.`,
    );
    return byValue.p.header;
  }
  ctx.note(
    sheet,
    null,
    'unsure',
    `"${sheet}": no ID column (none is named like one and unique); each row is taken as one student, named by its Excel row ("id": ""). Set "id" if a column identifies students.`,
  );
  return '';
}

/** Numeric score-like columns left without a pair: scores of one window. */
function markLoose(ctx: Ctx): Col[] {
  const loose = ctx.numeric.filter(
    (c) =>
      !c.role &&
      (c.hint === 'score' || c.win) &&
      c.hint !== 'grade' &&
      !/grade/.test(foldName(c.p.header)),
  );
  for (const c of loose)
    setRole(
      c,
      'score',
      0.5,
      c.win
        ? `a score of one window (${c.win.label}) with no partner`
        : 'a score with no window words',
    );
  return loose;
}

/** No pair on a student sheet: say why (different subjects, or windows without partners). */
function noPairs(ctx: Ctx, id: Col | null, loose: Col[]): SheetDetection {
  const { sheet } = ctx;
  const scoreNames = loose.map((c) => c.p.header);
  const stems = [
    ...new Set(
      loose.map((c) =>
        (c.win
          ? c.win.stem
          : headerTokens(c.p.header).filter((t) => !['score', 'scores', 'points'].includes(t))
        ).join(' '),
      ),
    ),
  ];
  const msg =
    scoreNames.length >= 2 && stems.length === scoreNames.length && loose.every((c) => !c.win)
      ? `no pre/post pair found: ${joinWords(stems)} are different subjects, not two windows of one measure (no window words such as Fall/Spring, Pre/Post, BOY/EOY in ${joinWords(scoreNames.map((s) => `"${s}"`))}).`
      : scoreNames.length
        ? `no pre/post pair found among ${joinWords(scoreNames.map((s) => `"${s}"`))}: no two share a measure name with different windows.`
        : 'no pre/post pair found: no score columns.';
  ctx.note(
    sheet,
    null,
    'unsure',
    `"${sheet}": ${msg} Not mapped; add a measure with pre and post to the config if two columns are the same measure at two times.`,
  );
  if (id) setRole(id, 'id', 0.8, 'header names an ID; values are unique');
  groupsAndSubgroups(ctx.cols, { sheet, id: '', measures: [] }, setRole, ctx.note, sheet);
  return done(
    ctx,
    loose.length || id ? 'students-wide' : 'other',
    loose.length
      ? 'student rows with scores but no pre/post pair'
      : 'no student IDs or score pairs found',
    0.4,
  );
}

/**
 * A sheet that holds data but was not mapped: what detection saw, what is missing (an ID, a
 * window, a score on a scale) and the smallest config entry that would map it. The command line
 * and the pane show this; detection only states it.
 */
function explainUnmapped(s: SheetDetection, ctx: Ctx): void {
  if (['empty', 'template', 'goals'].includes(s.kind) || s.dataRows === 0) return;
  const { config } = ctx;
  const mapped = [...config.students, ...(config.educators ?? []), ...(config.pd ?? [])].some(
    (x) => x.sheet === s.sheet,
  );
  if (mapped) return;
  const of = (...roles: ColumnRole[]) => s.columns.filter((c) => roles.includes(c.role));
  const id = of('id')[0];
  // Scores: any number column that is not an ID, a code, a year or a count.
  const numeric = new Set(
    ctx.numeric.filter((c) => c.role !== 'id' && !isCodeColumn(c)).map((c) => c.p.header),
  );
  const scores = s.columns.filter(
    (c) => ['score', 'pre', 'post', 'rating'].includes(c.role) || numeric.has(c.header),
  );
  const windowed = s.columns.filter((c) => parseWindow(c.header) !== null);
  const missing: UnmappedReason['missing'] = [];
  if (!id) missing.push('id');
  if (!of('window').length && windowed.length < 2) missing.push('window');
  if (!scores.length) missing.push('score');
  // Two score columns with no window between them are not proposed as a pre and a post (math
  // and reading are two subjects, not one measure at two times): the hint names none then.
  const two = missing.includes('window') ? [] : [...new Set([...scores, ...windowed])].slice(0, 2);
  const educators = s.kind === 'educators';
  const item = {
    name: two[0]?.measure ?? 'MEASURE NAME',
    pre: two[0]?.header ?? 'COLUMN OF THE FIRST WINDOW',
    post: two[1]?.header ?? 'COLUMN OF THE LAST WINDOW',
  };
  const fix = educators
    ? { sheet: s.sheet, id: id?.header ?? 'EDUCATOR ID COLUMN', practice: [item] }
    : { sheet: s.sheet, id: id?.header ?? 'STUDENT ID COLUMN', measures: [item] };
  const saw = `${s.dataRows} data rows; ${id ? `ID "${id.header}"` : 'no ID column'}; ${scores.length ? `scores ${scores.map((c) => `"${c.header}"`).join(', ')}` : 'no score column on a scale'}; ${windowed.length ? `window words in ${windowed.map((c) => `"${c.header}"`).join(', ')}` : 'no window words (Fall/Spring, BOY/EOY, Pre/Post, a date…)'}`;
  s.unmapped = { saw, missing, fix };
  const what = missing.length
    ? `missing: ${missing.map((m) => (m === 'score' ? 'a score on a scale' : m === 'id' ? 'an ID' : 'a window')).join(', ')}`
    : 'no two windows of one measure were recognised';
  ctx.note(
    s.sheet,
    null,
    'unsure',
    `"${s.sheet}" was not mapped: ${saw}; ${what}. The smallest config that maps it: ${JSON.stringify(fix)} in "${educators ? 'educators' : 'students'}".`,
  );
}

function joinWords(xs: string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** A short practice name from a long Google Forms question: "[… (1a)]" → "1a"; "Core Action 1 Overall: …" → "Core Action 1 Overall". */
export function practiceName(header: string): string {
  const code = /\((\d+[a-z]?)\)\s*\]?\s*$/i.exec(header);
  if (code) return code[1];
  const colon = header.indexOf(':');
  if (colon > 0 && colon <= 60) return header.slice(0, colon).trim();
  return header.length > 60 ? `${header.slice(0, 57)}…` : header;
}

function measureFor(
  table: RawTable,
  sample: SheetSample,
  cols: Col[],
  pr: Pair,
  note: (
    sheet: string | null,
    column: string | null,
    level: 'unsure' | 'info',
    message: string,
  ) => void,
  sheet: string,
  set: (c: Col, role: ColumnRole, confidence: number, reason: string, measure?: string) => void,
): MeasureConfig {
  const m: MeasureConfig = {
    name: pr.name,
    ...pairColumns(pr),
    max: null,
    proficient: null,
  };
  const hmax = headerMax(pr.pre.p.header) ?? headerMax(pr.post.p.header);
  if (hmax !== null) {
    m.max = hmax;
  } else {
    const lo = Math.min(pr.pre.p.min, pr.post.p.min);
    const hi = Math.max(pr.pre.p.max, pr.post.p.max);
    const ints = pr.pre.p.integer === pr.pre.p.numeric && pr.post.p.integer === pr.post.p.numeric;
    const ceiling = CEILINGS.find((c) => c >= hi);
    if (lo >= 0 && ceiling !== undefined && hi >= ceiling / 2 && (ceiling !== 1 || !ints)) {
      m.max = ceiling;
      note(
        sheet,
        pr.pre.p.header,
        'unsure',
        `${pr.name}: maximum ${ceiling} is a guess from the data (scores run ${lo}–${hi}); the header gives none. Check it: it bounds scores and the normalised gain.`,
      );
    } else if (lo < 0) {
      note(
        sheet,
        pr.pre.p.header,
        'info',
        `${pr.name}: scores include negative values (${lo} to ${hi}): read as standardised scores with no maximum.`,
      );
    } else {
      note(
        sheet,
        pr.pre.p.header,
        'info',
        `${pr.name}: no maximum (scores run ${lo}–${hi}, not near a usual scale top).`,
      );
    }
  }
  // Proficiency cut from a level column of the same measure (or the only one).
  const levels = cols.filter((c) => !c.role && c.hint === 'level');
  for (const side of [pr.pre, pr.post]) {
    // Same window; among several, the one that names this measure ("Math Spring Level" for Math).
    const sameWindow = levels.filter((l) => {
      const w = parseWindow(withoutScale(l.p.header));
      return w && w.order === side.win?.order && w.family === side.win?.family;
    });
    const stem = side.win?.stem ?? [];
    const namesMeasure = (l: Col) => {
      const words = new Set(parseWindow(withoutScale(l.p.header))?.stem ?? []);
      return stem.length > 0 && stem.every((t) => words.has(t));
    };
    const lv =
      sameWindow.find(namesMeasure) ??
      (sameWindow.length === 1 && !levels.some(namesMeasure) ? sameWindow[0] : undefined) ??
      (levels.length === 1 ? levels[0] : undefined);
    if (!lv) continue;
    const c = cut(table, sample, lv, side);
    if (c) {
      m.proficient =
        m.proficient === null || m.proficient === undefined ? c.cut : Math.min(m.proficient, c.cut);
      set(
        lv,
        'level',
        0.7,
        `performance levels; the lowest score labelled ${c.labels.map((l) => `"${l}"`).join('/')} is ${c.cut}`,
        pr.name,
      );
      note(
        sheet,
        lv.p.header,
        'info',
        `${pr.name}: proficiency cut ${c.cut} taken from "${lv.p.header}" (the smallest score labelled proficient in the data; the true cut may be lower).`,
      );
    }
  }
  return m;
}

function groupsAndSubgroups(
  cols: Col[],
  cfg: StudentSheetConfig,
  set: (c: Col, role: ColumnRole, confidence: number, reason: string, measure?: string) => void,
  note: (
    sheet: string | null,
    column: string | null,
    level: 'unsure' | 'info',
    message: string,
  ) => void,
  sheet: string,
): void {
  const n = Math.max(...cols.map((c) => c.p.nonEmpty), 1);
  // A school year is not the school ("School Year" = 2023-2024).
  const groupish = (c: Col) =>
    !c.role &&
    c.p.distinct.size >= 1 &&
    c.p.distinct.size <= Math.max(2, n / 2) &&
    !/year/i.test(c.p.header);
  const team = cols.find((c) => c.hint === 'team' && groupish(c));
  const school = cols.find((c) => c.hint === 'school' && groupish(c));
  const teacher = cols.find((c) => c.hint === 'teacher' && groupish(c));
  const chosen = team ?? teacher ?? school;
  if (chosen) {
    cfg.team = chosen.p.header;
    set(
      chosen,
      'team',
      0.8,
      `header names a ${chosen.hint}; ${chosen.p.distinct.size} different values`,
    );
  }
  if (school) {
    cfg.school = school.p.header;
    if (!school.role)
      set(
        school,
        'school',
        0.8,
        `header names a school; ${school.p.distinct.size} different values`,
      );
  }
  if (teacher && teacher !== chosen) {
    cfg.teacher = teacher.p.header;
    set(
      teacher,
      'teacher',
      0.75,
      `header names a teacher/class; ${teacher.p.distinct.size} different values`,
    );
  }
  const subs: string[] = [];
  for (const c of cols) {
    if (c.role || c.hint !== 'subgroup') continue;
    if (c.p.distinct.size > 20) {
      set(
        c,
        'category',
        0.4,
        `named like a subgroup but has ${c.p.distinct.size} different values`,
      );
      continue;
    }
    subs.push(c.p.header);
    const flag = c.p.flags === c.p.nonEmpty;
    set(
      c,
      'subgroup',
      0.85,
      `header names a student group; ${c.p.distinct.size} ${flag ? 'Y/N flag ' : ''}values`,
    );
  }
  const others: string[] = [];
  for (const c of cols) {
    if (c.role || c.p.nonEmpty === 0) continue;
    if (c.p.distinct.size <= 12 && numericShare(c.p) < 0.5) {
      set(
        c,
        'category',
        0.5,
        `${c.p.distinct.size} different values; not a known subgroup name, so not used`,
      );
      others.push(c.p.header);
    } else if (c.hint === 'grade') set(c, 'category', 0.6, 'grade level');
  }
  if (others.length) {
    note(
      sheet,
      null,
      'info',
      `other category columns not used as subgroups: ${others.map((o) => `"${o}"`).join(', ')}. Add them to "subgroups" to compare their groups.`,
    );
  }
  if (cfg.measures.length) cfg.subgroups = subs;
}

export type { CellValue };
