/**
 * validateConfig: a config names sheets and columns by their text; one that names something
 * that is not there (or has a field of the wrong type) is a config error, so it throws a
 * ConfigError that names the missing thing and the closest existing names.
 */
import type {
  EducatorSheetConfig,
  MappingConfig,
  PdLogConfig,
  StudentSheetConfig,
  WindowConfig,
} from '../config';
import { ConfigError } from '../errors';
import { normalizeConfig } from '../options';
import type { RawTable } from '../types';
import { layoutSheet, type SheetLayout } from './layout';
import { closestNames, foldName } from './names';

export type ConfigErrorCode =
  | 'CONFIG_TYPE'
  | 'UNKNOWN_SHEET'
  | 'UNKNOWN_COLUMN'
  | 'NO_HEADER'
  | 'LONG_NEEDS_ID'
  | 'UNKNOWN_WINDOW';

export { ConfigError };

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the text ${JSON.stringify(v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

function need(cond: boolean, where: string, what: string, got: unknown): void {
  if (!cond) throw new ConfigError('CONFIG_TYPE', `${where} must be ${what}, got ${typeName(got)}`);
}

const isStr = (v: unknown) => typeof v === 'string';
const optStr = (v: unknown) => v === undefined || v === null || typeof v === 'string';
const optNum = (v: unknown) =>
  v === undefined || v === null || (typeof v === 'number' && Number.isFinite(v));

/** Find a table by sheet name: exact, else the only one equal without regard to case. */
export function findTable(tables: RawTable[], sheet: string, where: string): RawTable {
  const exact = tables.find((t) => t.sheet === sheet);
  if (exact) return exact;
  const ci = tables.filter((t) => t.sheet.toLowerCase() === sheet.toLowerCase());
  if (ci.length === 1) return ci[0];
  const near = closestNames(
    sheet,
    tables.map((t) => t.sheet),
  );
  throw new ConfigError(
    'UNKNOWN_SHEET',
    `${where}: no sheet named "${sheet}".${near.length ? ` Closest: ${near.map((n) => `"${n}"`).join(', ')}.` : ''} Sheets: ${tables.map((t) => `"${t.sheet}"`).join(', ') || '(none)'}.`,
  );
}

/**
 * Resolve a header name to its position in the layout: exact text first, else the only header
 * equal after folding case, spaces and punctuation. Throws ConfigError with the closest names.
 */
export function resolveColumn(layout: SheetLayout, name: string, where: string): number {
  const exact = layout.headers.indexOf(name);
  if (exact >= 0) return exact;
  const f = foldName(name);
  const folded = layout.headers.map((h, i) => (foldName(h) === f ? i : -1)).filter((i) => i >= 0);
  if (folded.length === 1 && f) return folded[0];
  const near = closestNames(name, layout.headers);
  throw new ConfigError(
    'UNKNOWN_COLUMN',
    `${where}: sheet "${layout.sheet}" has no column "${name}" (header row ${layout.headerRow}).${near.length ? ` Closest: ${near.map((n) => `"${n}"`).join(', ')}.` : ''}`,
  );
}

function layoutFor(
  tables: RawTable[],
  sheet: string,
  headerRow: unknown,
  where: string,
): SheetLayout {
  const table = findTable(tables, sheet, where);
  need(
    headerRow === undefined ||
      (typeof headerRow === 'number' && Number.isInteger(headerRow) && headerRow >= 1),
    `${where}.headerRow`,
    'a whole number ≥ 1',
    headerRow,
  );
  // An empty sheet or one without a header row is a data problem (EMPTY_SHEET / NO_HEADER issues
  // from readDatasets), not a config error: its columns are not checked.
  return layoutSheet(table, headerRow as number | undefined);
}

function windowList(
  windows: unknown,
  where: string,
  field: 'column' | 'value',
  owner: { pre?: string; post?: string },
): void {
  need(
    Array.isArray(windows) && windows.length >= 2,
    `${where}.windows`,
    'a list of at least two windows',
    windows,
  );
  (windows as WindowConfig[]).forEach((w, k) => {
    need(
      typeof w === 'object' && w !== null && isStr(w.name),
      `${where}.windows[${k}].name`,
      'text',
      w?.name,
    );
    if (field === 'column')
      need(isStr(w.column), `${where}.windows[${k}].column`, 'a header', w.column);
    else need(optStr(w.value), `${where}.windows[${k}].value`, 'text', w.value);
  });
  const names = (windows as WindowConfig[]).map((w) => w.name);
  for (const f of ['pre', 'post'] as const) {
    const v = owner[f];
    if (v !== undefined && v !== null && !names.includes(v))
      throw new ConfigError(
        'UNKNOWN_WINDOW',
        `${where}.${f}: "${v}" is not one of the windows (${names.map((n) => `"${n}"`).join(', ')}); name one of them or leave it out (first → last).`,
      );
  }
  need(
    new Set(names).size === names.length,
    `${where}.windows`,
    'windows with different names',
    names.join(', '),
  );
}

/** A wide measure or practice: v2 windows with columns, or v1 pre/post headers. */
function wideColumns(
  m: { windows?: WindowConfig[]; pre?: string; post?: string },
  where: string,
  col: (name: string | undefined, field: string) => void,
): void {
  if (m.windows !== undefined) {
    windowList(m.windows, where, 'column', m);
    need(optStr(m.pre) && optStr(m.post), `${where}.pre/post`, 'window names', m.pre ?? m.post);
    m.windows.forEach((w, k) => col(w.column, `windows[${k}].column`));
    return;
  }
  need(isStr(m.pre), `${where}.pre`, 'a header', m.pre);
  need(isStr(m.post), `${where}.post`, 'a header', m.post);
  col(m.pre, 'pre');
  col(m.post, 'post');
}

/** A long sheet: windowColumn, and v2 windows with values or v1 pre/post values. */
function longWindowFields(
  s: { windowColumn?: string; windows?: WindowConfig[]; pre?: string; post?: string },
  where: string,
): void {
  const flags = (s.windows ?? []).some((w) => w?.flagColumn !== undefined);
  need(flags || isStr(s.windowColumn), `${where}.windowColumn`, 'text', s.windowColumn);
  if (s.windows !== undefined) {
    windowList(s.windows, where, 'value', s);
    need(optStr(s.pre) && optStr(s.post), `${where}.pre/post`, 'window names', s.pre ?? s.post);
    return;
  }
  for (const f of ['pre', 'post'] as const) need(isStr(s[f]), `${where}.${f}`, 'text', s[f]);
}

/**
 * Check a config against the tables. Throws ConfigError (code, message) for a field of the
 * wrong type ("…, got X") or a sheet/column that does not exist (with the closest names).
 */
export function validateConfig(config: MappingConfig, tables: RawTable[]): void {
  normalizeConfig(config); // types and meaning, once (core/options.ts); then the sheets
  need(
    typeof config === 'object' && config !== null && !Array.isArray(config),
    'config',
    'an object',
    config,
  );
  need(
    config.version === 1 || config.version === 2,
    'config.version',
    'the number 1 or 2',
    config.version,
  );
  need(Array.isArray(config.students), 'config.students', 'an array', config.students);
  config.students.forEach((s, k) => validateStudentSheet(s, k, tables));
  need(
    config.educators === undefined || Array.isArray(config.educators),
    'config.educators',
    'an array',
    config.educators,
  );
  (config.educators ?? []).forEach((e, k) => validateEducatorSheet(e, k, tables));
  need(config.pd === undefined || Array.isArray(config.pd), 'config.pd', 'an array', config.pd);
  (config.pd ?? []).forEach((p, k) => validatePdLog(p, k, tables));
  if (config.goals !== undefined) {
    need(
      typeof config.goals === 'object' && config.goals !== null && isStr(config.goals.sheet),
      'config.goals.sheet',
      'text',
      config.goals?.sheet,
    );
    findTable(tables, config.goals.sheet, 'goals');
  }
  if (config.template !== undefined) {
    need(
      typeof config.template === 'object' &&
        config.template !== null &&
        isStr(config.template.sheet),
      'config.template.sheet',
      'text',
      config.template?.sheet,
    );
    findTable(tables, config.template.sheet, 'template');
  }
}

/** One pd[] entry (a PD log): sheet, ID and hours columns; focus and date optional. */
function validatePdLog(p: PdLogConfig, k: number, tables: RawTable[]): void {
  const where = `pd[${k}]`;
  need(typeof p === 'object' && p !== null, where, 'an object', p);
  need(isStr(p.sheet), `${where}.sheet`, 'text', p.sheet);
  need(isStr(p.id) && p.id !== '', `${where}.id`, 'a header', p.id);
  need(isStr(p.hours) && p.hours !== '', `${where}.hours`, 'a header', p.hours);
  need(
    optStr(p.focus) && optStr(p.date),
    `${where}.focus/date`,
    'a header or null',
    p.focus ?? p.date,
  );
  const layout = layoutFor(tables, p.sheet, p.headerRow, where);
  if (layout.headerIndex < 0) return;
  for (const f of ['id', 'hours', 'focus', 'date'] as const) {
    const name = p[f];
    if (name) resolveColumn(layout, name, `${where}.${f}`);
  }
}

/** One students[] entry: types, columns, and the layout's own fields. */
function validateStudentSheet(s: StudentSheetConfig, k: number, tables: RawTable[]): void {
  const where = `students[${k}]`;
  need(typeof s === 'object' && s !== null, where, 'an object', s);
  need(isStr(s.sheet), `${where}.sheet`, 'text', s.sheet);
  need(isStr(s.id), `${where}.id`, 'text (a header, or "" for none)', s.id);
  need(
    s.format === undefined || s.format === 'wide' || s.format === 'long',
    `${where}.format`,
    '"wide" or "long"',
    s.format,
  );
  need(Array.isArray(s.measures), `${where}.measures`, 'an array', s.measures);
  need(
    optStr(s.team) && optStr(s.school) && optStr(s.teacher),
    `${where}.team/school/teacher`,
    'text or null',
    s.team ?? s.school ?? s.teacher,
  );
  need(
    s.subgroups === undefined || (Array.isArray(s.subgroups) && s.subgroups.every(isStr)),
    `${where}.subgroups`,
    'an array of headers',
    s.subgroups,
  );
  const layout = layoutFor(tables, s.sheet, s.headerRow, where);
  const col = (name: string | null | undefined, field: string) => {
    if (name && layout.headerIndex >= 0) resolveColumn(layout, name, `${where}.${field}`);
  };
  if (s.id) col(s.id, 'id');
  col(s.team, 'team');
  col(s.school, 'school');
  col(s.teacher, 'teacher');
  (s.subgroups ?? []).forEach((g, i) => col(g, `subgroups[${i}]`));
  s.measures.forEach((m, i) => {
    const mw = `${where}.measures[${i}]`;
    need(typeof m === 'object' && m !== null && isStr(m.name), `${mw}.name`, 'text', m?.name);
    need(
      optNum(m.max) && (m.max === undefined || m.max === null || m.max > 0),
      `${mw}.max`,
      'a number above 0 or null',
      m.max,
    );
    need(optNum(m.proficient), `${mw}.proficient`, 'a number or null', m.proficient);
    if (s.format !== 'long') wideColumns(m, mw, (c, f) => col(c, `measures[${i}].${f}`));
    else if (m.column !== undefined) {
      need(isStr(m.column), `${mw}.column`, 'a header', m.column);
      col(m.column, `measures[${i}].column`);
    }
  });
  if (s.format === 'long') {
    if (!s.id)
      throw new ConfigError(
        'LONG_NEEDS_ID',
        `${where}: a long layout needs "id" (the column that identifies a student) to pair windows; got "".`,
      );
    longWindowFields(s, where);
    need(optStr(s.measureColumn), `${where}.measureColumn`, 'text', s.measureColumn);
    const ownColumns = s.measures.length > 0 && s.measures.every((m) => isStr(m.column));
    need(
      isStr(s.scoreColumn) || ownColumns,
      `${where}.scoreColumn`,
      'text (or a "column" for every measure: subtests as columns)',
      s.scoreColumn,
    );
    need(
      !!s.measureColumn || ownColumns || s.measures.length === 1,
      `${where}.measures`,
      'one measure when there is no measureColumn (the sheet holds one assessment)',
      s.measures.length,
    );
    col(s.measureColumn, 'measureColumn');
    col(s.windowColumn, 'windowColumn');
    (s.windows ?? []).forEach((w, k) => col(w.flagColumn, `windows[${k}].flagColumn`));
    col(s.scoreColumn, 'scoreColumn');
  }
}

/** One educators[] entry: types, columns, and the layout's own fields. */
function validateEducatorSheet(e: EducatorSheetConfig, k: number, tables: RawTable[]): void {
  const where = `educators[${k}]`;
  need(typeof e === 'object' && e !== null, where, 'an object', e);
  need(isStr(e.sheet), `${where}.sheet`, 'text', e.sheet);
  need(isStr(e.id), `${where}.id`, 'text (a header, or "" for none)', e.id);
  need(Array.isArray(e.practice), `${where}.practice`, 'an array', e.practice);
  need(
    e.scale === undefined ||
      (typeof e.scale === 'object' &&
        e.scale !== null &&
        Object.values(e.scale).every((v) => typeof v === 'number' && Number.isFinite(v))),
    `${where}.scale`,
    'an object of rating text → number',
    e.scale,
  );
  const layout = layoutFor(tables, e.sheet, e.headerRow, where);
  const col = (name: string | null | undefined, field: string) => {
    if (name && layout.headerIndex >= 0) resolveColumn(layout, name, `${where}.${field}`);
  };
  if (e.id) col(e.id, 'id');
  col(e.team, 'team');
  col(e.school, 'school');
  col(e.coach, 'coach');
  col(e.pdHours, 'pdHours');
  e.practice.forEach((p, i) => {
    const pw = `${where}.practice[${i}]`;
    need(typeof p === 'object' && p !== null && isStr(p.name), `${pw}.name`, 'text', p?.name);
    need(
      optNum(p.max) && (p.max === undefined || p.max === null || p.max > 0),
      `${pw}.max`,
      'a number above 0 or null',
      p.max,
    );
    if (e.format === 'visits') {
      need(isStr(p.column), `${pw}.column`, 'a header (the rating column)', p.column);
      col(p.column, `practice[${i}].column`);
    } else if (e.format === 'long' && e.componentColumn) {
      need(isStr(e.scoreColumn), `${where}.scoreColumn`, 'a header (the rating)', e.scoreColumn);
    } else if (e.format === 'long') {
      const c = p.column ?? p.pre ?? p.post;
      need(isStr(c), `${pw}.column`, 'a header (the rating column)', c);
      col(c, `practice[${i}].column`);
    } else wideColumns(p, pw, (c, f) => col(c, `practice[${i}].${f}`));
  });
  if (e.format === 'visits') col(e.dateColumn, 'dateColumn');
  if (e.format === 'long') {
    if (!e.id)
      throw new ConfigError(
        'LONG_NEEDS_ID',
        `${where}: a long layout needs "id" (the column that identifies an educator); got "".`,
      );
    longWindowFields(e, where);
    col(e.windowColumn, 'windowColumn');
    col(e.componentColumn, 'componentColumn');
    col(e.scoreColumn, 'scoreColumn');
  }
}
