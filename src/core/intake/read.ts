/**
 * readDatasets: one pass over each mapped sheet's rows into columnar Datasets, every value
 * that cannot be used reported as a data-quality issue. Built for million-row sheets: typed
 * arrays, no object per row, the slow paths (issues) only for bad cells.
 */
import type { EducatorSheetConfig, MappingConfig, StudentSheetConfig } from '../config';
import type { Categorical, Dataset, MeasureData } from '../dataset';
import type { DataQuality, DataQualityIssue } from '../report';
import type { CellValue, RawTable } from '../types';
import { makeIssue, sortIssues } from '../quality/issues';
import { CategoryBuilder } from './categories';
import { isBlankRow, layoutSheet, type SheetLayout } from './layout';
import { foldName } from './names';
import { DEFAULT_RATING_SCALE, foldScale } from './scale';
import { EXCLUDED, MISSING, OK, ScoreSide, UNSET } from './scores';
import { displayText, idText, usesDecimalComma } from './values';
import { findTable, resolveColumn, validateConfig } from './validate';

export interface IntakeResult {
  datasets: Dataset[];
  goalsTable: RawTable | null;
  templateTable: RawTable | null;
  dataQuality: DataQuality;
}

interface Ref {
  header: string;
  index: number;
  excelColumn: number;
}

interface MeasureSpec {
  name: string;
  max: number | null;
  proficient: number | null;
  pre: ScoreSide;
  post: ScoreSide;
}

function ref(layout: SheetLayout, name: string, where: string): Ref {
  const k = resolveColumn(layout, name, where);
  return { header: layout.headers[k], index: layout.columns[k], excelColumn: layout.excelColumns[k] };
}

/** Decimal commas: decided per column from its text cells that hold a comma (a quick scan). */
function columnUsesDecimalComma(values: CellValue[][], start: number, index: number): boolean {
  const withComma: string[] = [];
  for (let i = start; i < values.length && withComma.length < 2000; i++) {
    const c = values[i]?.[index];
    if (typeof c === 'string' && c.includes(',')) withComma.push(c);
  }
  return usesDecimalComma(withComma);
}

class Reader {
  issues: DataQualityIssue[] = [];
  rowsRead = 0;
  rowsUsed = 0;
}

/** Read the mapped sheets. Throws ConfigError for a broken config; data problems become issues. */
export function readDatasets(tables: RawTable[], config: MappingConfig): IntakeResult {
  validateConfig(config, tables);
  const rd = new Reader();
  const datasets: Dataset[] = [];
  for (const s of config.students) datasets.push(readSheet(rd, findTable(tables, s.sheet, 'students'), s, 'students'));
  for (const e of config.educators ?? []) datasets.push(readSheet(rd, findTable(tables, e.sheet, 'educators'), e, 'educators'));
  const goalsTable = config.goals ? findTable(tables, config.goals.sheet, 'goals') : null;
  const templateTable = config.template ? findTable(tables, config.template.sheet, 'template') : null;
  return {
    datasets,
    goalsTable,
    templateTable,
    dataQuality: { rowsRead: rd.rowsRead, rowsUsed: rd.rowsUsed, issues: sortIssues(rd.issues, tables.map((t) => t.sheet)) },
  };
}

function readSheet(
  rd: Reader,
  table: RawTable,
  cfg: StudentSheetConfig | EducatorSheetConfig,
  population: 'students' | 'educators',
): Dataset {
  const sheet = table.sheet;
  const where = population;
  const layout = layoutSheet(table, cfg.headerRow);
  rd.issues.push(...layout.issues);
  if (layout.headerIndex < 0) return emptyDataset(population, sheet, cfg);
  const { values, firstRow } = table;
  const start = layout.headerIndex + 1;
  const rowCount = Math.max(0, values.length - start);
  const long = cfg.format === 'long';
  const isEdu = population === 'educators';
  const ecfg = cfg as EducatorSheetConfig;
  const scfg = cfg as StudentSheetConfig;
  const scale = isEdu ? foldScale(ecfg.scale ?? DEFAULT_RATING_SCALE) : null;
  let capacity = long ? Math.min(rowCount, 1024) : rowCount;
  if (capacity < 1) capacity = 1;

  const idRef = cfg.id ? ref(layout, cfg.id, `${where}.id`) : null;
  const cat = (name: string | null | undefined, field: string, blankAsGroup: boolean) => {
    if (!name) return null;
    const r = ref(layout, name, `${where}.${field}`);
    return new CategoryBuilder(r.header, r.index, r.excelColumn, capacity, blankAsGroup);
  };
  const team = cat(cfg.team, 'team', false);
  const school = cat(cfg.school, 'school', false);
  const teacher = isEdu ? null : cat(scfg.teacher, 'teacher', false);
  const subgroups = isEdu ? [] : (scfg.subgroups ?? []).map((g, i) => cat(g, `subgroups[${i}]`, true) as CategoryBuilder);
  const cats = [team, school, teacher, ...subgroups].filter((c): c is CategoryBuilder => c !== null);
  const pdRef = isEdu && ecfg.pdHours ? ref(layout, ecfg.pdHours, `${where}.pdHours`) : null;
  const pd = pdRef ? new ScoreSide(pdRef.header, pdRef.index, pdRef.excelColumn, capacity, columnUsesDecimalComma(values, start, pdRef.index), null) : null;

  const side = (name: string, field: string): ScoreSide => {
    const r = ref(layout, name, field);
    return new ScoreSide(r.header, r.index, r.excelColumn, capacity, columnUsesDecimalComma(values, start, r.index), scale);
  };
  const specs: MeasureSpec[] = [];
  const list = isEdu ? ecfg.practice : scfg.measures;
  let scoreRef: Ref | null = null;
  if (long && !isEdu) scoreRef = ref(layout, scfg.scoreColumn as string, `${where}.scoreColumn`);
  list.forEach((m, i) => {
    const max = m.max ?? null;
    const proficient = m.proficient ?? null;
    if (long && !isEdu) {
      const dc = columnUsesDecimalComma(values, start, scoreRef!.index);
      const mk = () => new ScoreSide(scoreRef!.header, scoreRef!.index, scoreRef!.excelColumn, capacity, dc, null);
      specs.push({ name: m.name, max, proficient, pre: mk(), post: mk() });
    } else {
      specs.push({ name: m.name, max, proficient, pre: side(m.pre as string, `${where}.measures[${i}].pre`), post: side(m.post as string, `${where}.measures[${i}].post`) });
    }
  });
  const windowRef = long ? ref(layout, (cfg as StudentSheetConfig).windowColumn as string, `${where}.windowColumn`) : null;
  const measureRef = long && !isEdu ? ref(layout, scfg.measureColumn as string, `${where}.measureColumn`) : null;
  const preWin = long ? foldName(String(cfg.pre)) : '';
  const postWin = long ? foldName(String(cfg.post)) : '';
  const measureIndex = new Map<string, number>();
  specs.forEach((m, i) => measureIndex.set(foldName(m.name), i));

  let rows = new Int32Array(capacity);
  const ids: string[] = [];
  let size = 0;
  const seen = new Map<string, number>(); // id → record (long) or first Excel row (wide)
  const seenInt = Object.create(null) as Record<number, number>; // wide: whole-number IDs
  const seenLongCell = new Map<string, number>(); // long: id|measure|side → Excel row
  let blankRows = 0;
  let firstBlank = 0;
  let lastBlank = 0;
  let otherWindows = 0;
  let firstOtherWindow = 0;
  const otherWindowNames = new Set<string>();
  let otherMeasures = 0;
  let firstOtherMeasure = 0;
  const otherMeasureNames = new Set<string>();
  const issues = rd.issues;
  const mappedIdx = [idRef, windowRef, measureRef, scoreRef, pdRef, ...cats, ...specs.flatMap((s) => [s.pre, s.post])]
    .filter((x): x is NonNullable<typeof x> => x !== null)
    .map((x) => x.index);

  const growAll = (need: number) => {
    if (need <= capacity) return;
    let c = capacity;
    while (c < need) c *= 2;
    capacity = c;
    const nr = new Int32Array(c);
    nr.set(rows);
    rows = nr;
    for (const b of cats) b.grow(c);
    for (const s of specs) {
      s.pre.grow(c);
      s.post.grow(c);
    }
    pd?.grow(c);
  };

  for (let i = start; i < values.length; i++) {
    const row = values[i];
    const excelRow = firstRow + i;
    let empty = true;
    if (row) for (let k = 0; k < mappedIdx.length && empty; k++) {
      const c = row[mappedIdx[k]];
      if (c !== null && c !== undefined && c !== '') empty = false;
    }
    if (empty && isBlankRow(row)) {
      if (blankRows++ === 0) firstBlank = excelRow;
      lastBlank = excelRow;
      continue;
    }
    rd.rowsRead++;
    const r0 = row as CellValue[];
    let id: string;
    if (idRef) {
      const cell = r0[idRef.index] ?? null;
      id = idText(cell);
      if (!id) {
        issues.push(makeIssue('MISSING_ID', sheet, excelRow, idRef.header, cell === null ? null : displayText(cell), `Row ${excelRow} has no ${isEdu ? 'educator' : 'student'} ID in "${idRef.header}"; excluded.`, idRef.excelColumn));
        continue;
      }
    } else id = `row ${excelRow}`;

    if (!long) {
      // Whole-number IDs (most exports) go to an object keyed by array index: about ten times
      // faster than a Map for a million new keys. Other IDs use the Map.
      const k = canonicalInt(id);
      const first = k >= 0 ? seenInt[k] : seen.get(id);
      if (first !== undefined) {
        issues.push(makeIssue('DUPLICATE_ID', sheet, excelRow, idRef?.header ?? null, id, `ID "${id}" is already on row ${first}: this row is excluded, the first (row ${first}) is kept.`, idRef?.excelColumn));
        continue;
      }
      if (k >= 0) seenInt[k] = excelRow;
      else seen.set(id, excelRow);
      const r = size++;
      rows[r] = excelRow;
      ids.push(id);
      addCats(r, r0, excelRow);
      for (let m = 0; m < specs.length; m++) {
        const s = specs[m];
        s.pre.read(r, r0[s.pre.index] ?? null, excelRow, sheet, issues);
        s.post.read(r, r0[s.post.index] ?? null, excelRow, sheet, issues);
      }
      if (pd) pd.read(r, r0[pd.index] ?? null, excelRow, sheet, issues);
      continue;
    }
    // Long layout.
    const w = foldName(displayText(r0[windowRef!.index] ?? null));
    const isPre = w === preWin;
    if (!isPre && w !== postWin) {
      if (otherWindows++ === 0) firstOtherWindow = excelRow;
      otherWindowNames.add(displayText(r0[windowRef!.index] ?? null) || '(blank)');
      continue;
    }
    let mi = -1;
    if (measureRef) {
      const mt = displayText(r0[measureRef.index] ?? null);
      mi = measureIndex.get(foldName(mt)) ?? -1;
      if (mi < 0) {
        if (otherMeasures++ === 0) firstOtherMeasure = excelRow;
        otherMeasureNames.add(mt || '(blank)');
        continue;
      }
    }
    let r = seen.get(id);
    if (r === undefined) {
      r = size++;
      growAll(size);
      seen.set(id, r);
      rows[r] = excelRow;
      ids.push(id);
      addCats(r, r0, excelRow);
    }
    const key = `${id}\u0001${mi}\u0001${isPre ? 1 : 2}`;
    const before = seenLongCell.get(key);
    if (before !== undefined) {
      issues.push(
        makeIssue(
          isEdu ? 'DUPLICATE_ID' : 'DUPLICATE_SCORE',
          sheet,
          excelRow,
          isEdu ? (idRef?.header ?? null) : (scoreRef?.header ?? null),
          isEdu ? id : displayText(r0[scoreRef!.index] ?? null),
          `ID "${id}" already has a ${isPre ? cfg.pre : cfg.post} ${isEdu ? 'row' : `score for ${specs[mi].name}`} on row ${before}: this row is excluded, the first is kept.`,
          isEdu ? idRef?.excelColumn : scoreRef?.excelColumn,
        ),
      );
      continue;
    }
    seenLongCell.set(key, excelRow);
    if (isEdu) {
      for (const s of specs) (isPre ? s.pre : s.post).read(r, r0[s.pre.index] ?? null, excelRow, sheet, issues);
      if (pd && isPre) pd.read(r, r0[pd.index] ?? null, excelRow, sheet, issues);
    } else {
      const s = specs[mi];
      (isPre ? s.pre : s.post).read(r, r0[scoreRef!.index] ?? null, excelRow, sheet, issues);
    }
  }

  function addCats(r: number, row: CellValue[], excelRow: number) {
    for (const b of cats) {
      const ok = b.add(r, row[b.index] ?? null, excelRow);
      if (!ok && b === team) {
        issues.push(makeIssue('MISSING_TEAM', sheet, excelRow, b.column, null, `Row ${excelRow} has no team in "${b.column}": counted overall, in no team.`, b.excelColumn));
      }
    }
  }

  if (blankRows) {
    issues.push(makeIssue('BLANK_ROWS', sheet, firstBlank, null, null, `${blankRows} blank row${blankRows === 1 ? '' : 's'} skipped (rows ${firstBlank}–${lastBlank}).`));
  }
  if (otherWindows) {
    issues.push(makeIssue('OTHER_WINDOW', sheet, firstOtherWindow, windowRef!.header, [...otherWindowNames].slice(0, 10).join(', '), `${otherWindows} row${otherWindows === 1 ? '' : 's'} of windows other than "${cfg.pre}" and "${cfg.post}" (${[...otherWindowNames].slice(0, 10).join(', ')}) not used.`, windowRef!.excelColumn));
  }
  if (otherMeasures) {
    issues.push(makeIssue('OTHER_MEASURE', sheet, firstOtherMeasure, measureRef!.header, [...otherMeasureNames].slice(0, 10).join(', '), `${otherMeasures} row${otherMeasures === 1 ? '' : 's'} of measures not in the config (${[...otherMeasureNames].slice(0, 10).join(', ')}) not used.`, measureRef!.excelColumn));
  }

  // Settle scores: percents, decimal commas, ranges; then pairs.
  const cellText = (s: ScoreSide) => (r: number) => displayText(values[s.rowOf[r] - firstRow]?.[s.index] ?? null);
  for (const m of specs) {
    m.pre.finish(size, m.max, sheet, cellText(m.pre), issues);
    m.post.finish(size, m.max, sheet, cellText(m.post), issues);
  }
  pd?.finish(size, null, sheet, cellText(pd), issues);
  const used = new Uint8Array(size);
  for (const m of specs) {
    for (let r = 0; r < size; r++) {
      const a = m.pre.status[r] === OK;
      const b = m.post.status[r] === OK;
      if (a && b) {
        used[r] = 1;
        continue;
      }
      const cellOf = (s: ScoreSide) => (s.status[r] === UNSET ? null : cellText(s)(r) || null);
      const why = (s: ScoreSide, label: string) =>
        s.status[r] === EXCLUDED ? `the ${label} score was excluded (see its issue)` : s.status[r] === MISSING && cellOf(s) ? `the ${label} score is "${cellOf(s)}"` : `there is no ${label} score`;
      // Long layouts: the row of the missing side when it has one, else the row of the present side.
      const rowFor = (missing: ScoreSide, present: ScoreSide) => (missing.status[r] !== UNSET ? missing.rowOf[r] : present.rowOf[r]);
      if (a) {
        issues.push(makeIssue('UNPAIRED_PRE', sheet, long ? rowFor(m.post, m.pre) : m.post.rowOf[r], m.post.header, cellOf(m.post), `${m.name}: ID "${ids[r]}" has a pre score but ${why(m.post, 'post')}; not in the paired figures.`, m.post.excelColumn));
      } else if (b) {
        issues.push(makeIssue('UNPAIRED_POST', sheet, long ? rowFor(m.pre, m.post) : m.pre.rowOf[r], m.pre.header, cellOf(m.pre), `${m.name}: ID "${ids[r]}" has a post score but ${why(m.pre, 'pre')}; not in the paired figures.`, m.pre.excelColumn));
      } else if (!long || m.pre.status[r] !== UNSET || m.post.status[r] !== UNSET) {
        issues.push(makeIssue('MISSING_SCORE', sheet, rows[r], m.pre.header, cellOf(m.pre), `${m.name}: ID "${ids[r]}" has neither a pre nor a post score.`, m.pre.excelColumn));
      }
    }
  }
  for (let r = 0; r < size; r++) rd.rowsUsed += used[r];
  void MISSING;

  const finished = cats.map((b) => {
    const f = b.finish(size, sheet, layout.headerRow);
    issues.push(...f.issues);
    return f.categorical;
  });
  const pick = (b: CategoryBuilder | null): Categorical | null => (b ? finished[cats.indexOf(b)] : null);
  const measures: MeasureData[] = specs.map((m) => ({
    name: m.name,
    preColumn: long && !isEdu ? `${m.pre.header} (${cfg.pre})` : m.pre.header,
    postColumn: long && !isEdu ? `${m.post.header} (${cfg.post})` : m.post.header,
    max: m.max,
    proficient: m.proficient,
    pre: m.pre.values.length === size ? m.pre.values : m.pre.values.slice(0, size),
    post: m.post.values.length === size ? m.post.values : m.post.values.slice(0, size),
  }));
  const ds: Dataset = {
    population,
    sheet,
    headerRow: layout.headerRow,
    size,
    rows: rows.length === size ? rows : rows.slice(0, size),
    ids,
    idColumn: idRef?.header ?? '',
    team: pick(team),
    school: pick(school),
    teacher: pick(teacher),
    subgroups: subgroups.map((b) => pick(b) as Categorical),
    measures,
  };
  if (pd) {
    ds.pdHours = pd.values.slice(0, size);
    ds.pdHoursColumn = pd.header;
  }
  return ds;
}

/** A sheet with nothing to read (empty, or no header): its measures with no records. */
function emptyDataset(population: 'students' | 'educators', sheet: string, cfg: StudentSheetConfig | EducatorSheetConfig): Dataset {
  const list = population === 'educators' ? (cfg as EducatorSheetConfig).practice : (cfg as StudentSheetConfig).measures;
  return {
    population, sheet, headerRow: 0, size: 0, rows: new Int32Array(0), ids: [], idColumn: cfg.id,
    team: null, school: null, teacher: null, subgroups: [],
    measures: list.map((m) => ({
      name: m.name, preColumn: m.pre ?? '', postColumn: m.post ?? '', max: m.max ?? null, proficient: m.proficient ?? null,
      pre: new Float64Array(0), post: new Float64Array(0),
    })),
  };
}

/** "12345" → 12345 for a whole number written canonically (no sign, no leading zero, ≤ 9 digits); else -1. */
function canonicalInt(s: string): number {
  const n = s.length;
  if (n === 0 || n > 9) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9 || (i === 0 && c === 0 && n > 1)) return -1;
    v = v * 10 + c;
  }
  return v;
}
