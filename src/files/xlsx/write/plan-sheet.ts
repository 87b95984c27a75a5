/**
 * The cells of a plan sheet written as sheet XML directly, with the styles registered through
 * exceljs. Why: a plan can hold a row per student (100,000 rows and more); as exceljs cells that
 * takes seconds per 100k rows and over a gigabyte, as XML text a fraction of both.
 *
 * How: every cell's look (number format, font, fill, alignment) is reduced to a small set of
 * distinct styles. exceljs writes one probe cell per distinct style (column A, row = style id),
 * so its styles.xml holds them; xlsx-parts then reads the `s` index exceljs gave each probe and
 * replaces the probe <sheetData> with the full one built here.
 */
import type ExcelJS from 'exceljs';
import type { CellStyle, FormulaCell, PlanCell, Rect, SheetPlan } from '../../../core/plans/types';
import { isFormulaCell, ROW_MARK, RowFormula, type RowPattern } from '../../../core/plans/types';
import { columnLetters } from '../../../core/types';
import { ColumnStrings, type SharedStrings } from './shared-strings';
import { encodeCellText } from './text';
import { XmlBytes, asciiBytes, textBytes } from './xml-bytes';
import type { GridFingerprint } from '../../fingerprint';
import { addXlfnPrefixes, mayNeedXlfnPrefixes } from '../xlfn';

/** The look of a cell: what numberFormats, styles and links of a plan give it. */
export interface PlanLook {
  numFmt?: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  fontColor?: string;
  fontSize?: number;
  fill?: string;
  wrap?: boolean;
  horizontal?: 'left' | 'center' | 'right';
  vertical?: 'top' | 'center';
}

export interface PlanLooks {
  /**
   * Look ids by bands of rows: rows `bands[i].start` up to the next band's start (or `rows`) all
   * have the look ids `bands[i].ids` (one per column; 0 = default look). Formats come as
   * rectangles, so a sheet of 2 million rows has a handful of bands, not an id per cell.
   */
  bands: { start: number; ids: Uint32Array }[];
  rows: number;
  columns: number;
  /** looks[id]; looks[0] is the default. */
  looks: PlanLook[];
}

const LINK_COLOR = '#0563C1';

/**
 * Reduce the plan's numberFormats, styles and links to look ids (by bands of rows). `rows` and
 * `columns` are the cells' extent; formats past it extend it. Looks are numbered in the order
 * they are first met going over each format's cells row by row, as when one id was kept per cell.
 */
export function planLooks(plan: SheetPlan, cellRows: number, cellColumns: number): PlanLooks {
  let rows = cellRows;
  let columns = cellColumns;
  const rects: Rect[] = [
    ...(plan.numberFormats ?? []).map((n) => n.rect),
    ...(plan.styles ?? []).map((s) => s.rect),
    ...(plan.links ?? []).map((l) => ({
      row: l.row,
      column: l.column,
      rowCount: 1,
      columnCount: 1,
    })),
  ];
  for (const r of rects) {
    rows = Math.max(rows, r.row + r.rowCount - 1);
    columns = Math.max(columns, r.column + r.columnCount - 1);
  }
  const cuts = new Set<number>([1]);
  for (const r of rects) {
    cuts.add(r.row);
    cuts.add(r.row + r.rowCount);
  }
  const starts = [...cuts].filter((x) => x >= 1 && x <= rows).sort((a, b) => a - b);
  const bands = starts.map((start) => ({ start, ids: new Uint32Array(columns) }));
  /** Index of the band holding `row`. */
  const bandOf = (row: number) => {
    let lo = 0;
    let hi = bands.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bands[mid].start <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const looks: PlanLook[] = [{}];
  const byKey = new Map<string, number>([['{}', 0]]);
  const intern = (look: PlanLook): number => {
    const key = JSON.stringify(look, Object.keys(look).sort());
    let id = byKey.get(key);
    if (id === undefined) {
      id = looks.length;
      looks.push(look);
      byKey.set(key, id);
    }
    return id;
  };
  /** Apply one change to every cell of a rect; (old id → new id) is computed once per id. */
  const apply = (rect: Rect, change: (look: PlanLook) => PlanLook) => {
    const memo = new Map<number, number>();
    const last = rect.row + rect.rowCount - 1;
    // Every band within the rect's rows (rects start and end on band edges).
    for (let b = bandOf(rect.row); b < bands.length && bands[b].start <= last; b++) {
      const ids = bands[b].ids;
      for (let c = rect.column; c < rect.column + rect.columnCount; c++) {
        const old = ids[c - 1];
        let next = memo.get(old);
        if (next === undefined) {
          next = intern(change({ ...looks[old] }));
          memo.set(old, next);
        }
        ids[c - 1] = next;
      }
    }
  };
  for (const nf of plan.numberFormats ?? []) apply(nf.rect, (l) => ({ ...l, numFmt: nf.format }));
  for (const s of plan.styles ?? []) apply(s.rect, (l) => withStyle(l, s));
  for (const link of plan.links ?? []) {
    apply({ row: link.row, column: link.column, rowCount: 1, columnCount: 1 }, (l) => ({
      ...l,
      fontColor: LINK_COLOR,
      underline: true,
    }));
  }
  return { bands, rows, columns, looks };
}

function withStyle(look: PlanLook, s: CellStyle): PlanLook {
  const out = { ...look };
  if (s.bold !== undefined) out.bold = s.bold;
  if (s.italic !== undefined) out.italic = s.italic;
  if (s.fontColor) out.fontColor = s.fontColor;
  if (s.fontSize) out.fontSize = s.fontSize;
  if (s.fill) out.fill = s.fill;
  if (s.wrap !== undefined) out.wrap = s.wrap;
  if (s.horizontalAlignment) out.horizontal = s.horizontalAlignment;
  if (s.verticalAlignment) out.vertical = s.verticalAlignment;
  return out;
}

const argb = (hex: string) => 'FF' + hex.replace('#', '').toUpperCase();

/**
 * The font of every styled cell we write: Excel's default (Calibri 11), named, so that a
 * spreadsheet that reads the font of a style (LibreOffice) does not fall back to its own serif
 * default. Column widths are measured in it (widths.ts, the adapters' character widths).
 */
export const FILE_FONT = { name: 'Calibri', family: 2, size: 11 } as const;

/** Give an exceljs cell a look (used for the probe cells that register styles). */
export function applyLook(cell: ExcelJS.Cell, look: PlanLook): void {
  if (look.numFmt) cell.numFmt = look.numFmt;
  const font: Partial<ExcelJS.Font> = { ...FILE_FONT };
  if (look.bold) font.bold = true;
  if (look.italic) font.italic = true;
  if (look.underline) font.underline = true;
  if (look.fontColor) font.color = { argb: argb(look.fontColor) };
  if (look.fontSize) font.size = look.fontSize;
  cell.font = font;
  if (look.fill)
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(look.fill) } };
  if (look.wrap !== undefined || look.horizontal || look.vertical) {
    cell.alignment = {
      ...(look.wrap !== undefined ? { wrapText: look.wrap } : {}),
      ...(look.horizontal ? { horizontal: look.horizontal } : {}),
      ...(look.vertical ? { vertical: look.vertical === 'center' ? 'middle' : 'top' } : {}),
    };
  }
}

/** The rows of a sheet to write: how many, and each row's cells (0-based). */
export interface SheetRows {
  rows: number;
  rowAt(i: number): readonly PlanCell[];
  /**
   * The last row and the rightmost column holding a value (valueExtent), when a pass over the
   * rows already found them: the dimension then needs no pass of its own.
   */
  values?: { lastRow: number; lastColumn: number };
  /** Fed each row as its XML is made, when the sheet's fingerprint is taken then (plan-book.ts). */
  fingerprint?: GridFingerprint;
}

/**
 * Rows of XML are gathered into pieces of about this many bytes: the command line's zip deflates
 * batches of 1 MB (zip.ts), so a piece goes to deflate as it is, with no copy to join pieces
 * (each buffer made is memory outside the JavaScript heap that V8 counts towards its next
 * collection); small enough that a sheet is never held whole.
 */
export const PIECE_BYTES = 1 << 20;

/**
 * A column of a band of looks: its cells' `<c r="X`, whether it is styled, and what follows the
 * reference for each kind of cell: the `"` closing it, ` s="N"` when the cell has a style, and
 * the kind's tag (TAG), made once as one array (a copy less per cell than style, then tag).
 */
interface ColumnAt {
  head: Uint8Array;
  styled: boolean;
  tags: StyledTags;
}

/** Each OPENING tag after the `"` closing a cell's reference and its style attribute. */
type StyledTags = Record<keyof typeof OPENING, Uint8Array>;

/** Where a cell goes, and the strings and formula patterns so far. */
interface CellAt {
  column: ColumnAt;
  /** The cell's column number. */
  c: number;
  /** Its row's number: the one `<row r="` wrote (markedNumber). */
  r: number;
  strings: ColumnStrings;
  /** Each RowPattern's pieces as XML (patternBytes). */
  patterns: Map<RowPattern, Uint8Array[] | null>;
}

/**
 * The tags that open a cell right after its reference, by kind: written as bytes made once per
 * style with the style attribute before them (ColumnAt.tags, styledTags).
 */
const OPENING = {
  empty: '/>',
  value: '><v>',
  shared: ' t="s"><v>',
  true: ' t="b"><v>1</v></c>',
  false: ' t="b"><v>0</v></c>',
  formula: '><f>',
  formulaBoolean: ' t="b"><f>',
  formulaText: ' t="str"><f>',
};

/** The tags that follow, as bytes once (XmlBytes.put). */
const TAG = {
  valueEnd: asciiBytes('</v></c>'),
  formulaEnd: asciiBytes('</f>'),
  cached: asciiBytes('<v>'),
  cachedEnd: asciiBytes('</v>'),
  cachedTrue: asciiBytes('<v>1</v>'),
  cachedFalse: asciiBytes('<v>0</v>'),
  cellEnd: asciiBytes('</c>'),
};

/** Each opening tag after `"` and the style attribute of style `index` (0: none). */
function styledTags(index: number): StyledTags {
  const close = index ? `" s="${index}"` : '"';
  const tags = {} as StyledTags;
  for (const k of Object.keys(OPENING) as (keyof typeof OPENING)[])
    tags[k] = asciiBytes(close + OPENING[k]);
  return tags;
}

const isEmpty = (cell: PlanCell | undefined): cell is null | undefined | number =>
  cell === null || cell === undefined || (typeof cell === 'number' && !Number.isFinite(cell));

/**
 * One plan cell's XML into `out`, or nothing (false) for an empty cell without a style. Strings
 * are shared strings (text, never a formula); FormulaCells are <f> with `_xlfn.` prefixes and
 * the engine's value cached.
 */
function writeCell(out: XmlBytes, cell: PlanCell | undefined, at: CellAt): boolean {
  const empty = isEmpty(cell);
  if (empty) {
    if (!at.column.styled) return false;
  } else if (
    typeof cell !== 'number' &&
    typeof cell !== 'boolean' &&
    typeof cell !== 'string' &&
    !isFormulaCell(cell!)
  )
    return false;
  const tags = at.column.tags;
  out.put(at.column.head);
  out.markedAgain();
  if (empty) out.put(tags.empty);
  else if (typeof cell === 'number') {
    out.put(tags.value);
    out.number(cell);
    out.put(TAG.valueEnd);
  } else if (typeof cell === 'boolean') out.put(cell ? tags.true : tags.false);
  else if (typeof cell === 'string') {
    const index = at.strings.indexOf(at.c, cell);
    out.put(tags.shared);
    out.number(index);
    out.put(TAG.valueEnd);
  } else writeFormula(out, cell as FormulaCell, at);
  return true;
}

/** A formula cell's XML after its `<c r=".." s=".."`: its type, formula and cached value. */
function writeFormula(out: XmlBytes, cell: FormulaCell, at: CellAt): void {
  const tags = at.column.tags;
  const v = cell.value;
  const number = typeof v === 'number' && Number.isFinite(v);
  out.put(
    number
      ? tags.formula
      : typeof v === 'boolean'
        ? tags.formulaBoolean
        : typeof v === 'string'
          ? tags.formulaText
          : tags.formula,
  );
  writeFormulaText(out, cell, at);
  out.put(TAG.formulaEnd);
  if (number) {
    out.put(TAG.cached);
    out.number(v);
    out.put(TAG.cachedEnd);
  } else if (typeof v === 'boolean') out.put(v ? TAG.cachedTrue : TAG.cachedFalse);
  else if (typeof v === 'string') {
    out.put(TAG.cached);
    out.text(encodeCellText(v));
    out.put(TAG.cachedEnd);
  }
  out.put(TAG.cellEnd);
}

/** Where a formula's text starts when written: after its '=' (a file's formulas have none). */
const afterEquals = (formula: string) => (formula.charCodeAt(0) === 61 ? 1 : 0);

/**
 * A formula's text, without its '=' and with `_xlfn.` prefixes; a RowFormula at its own row by
 * its pattern's pieces around the row's digits (at another row, by its text like any formula).
 */
function writeFormulaText(out: XmlBytes, cell: FormulaCell, at: CellAt): void {
  const pieces = cell instanceof RowFormula && cell.row === at.r ? patternBytes(cell, at) : null;
  if (pieces) {
    out.aroundMarked(pieces);
    return;
  }
  const formula = cell.formula;
  const from = afterEquals(formula);
  if (mayNeedXlfnPrefixes(formula)) out.text(addXlfnPrefixes(formula.slice(from)));
  else out.text(formula, from);
}

/**
 * A RowPattern's pieces as the XML of its formula (the first without its '='), made once a
 * pattern, with the `_xlfn.` prefixes its names need. Every name lies inside one piece
 * (RowPattern), so escaping and prefixes are the same in every row: the prefixes are added to
 * the pieces joined by a mark and cut again, and checked once against the formula's own text
 * with prefixes (null, written by its text like any formula, if they differed).
 */
function patternBytes(cell: RowFormula, at: CellAt): Uint8Array[] | null {
  const pattern = cell.pattern;
  let bytes = at.patterns.get(pattern);
  if (bytes === undefined) {
    bytes = prefixedPieces(cell)?.map((p) => textBytes(p)) ?? null;
    at.patterns.set(pattern, bytes);
  }
  return bytes;
}

/** A RowFormula's pattern pieces as written (no '=', `_xlfn.` prefixes), or null (see above). */
function prefixedPieces(cell: RowFormula): string[] | null {
  const marked = cell.pattern.pieces.join(ROW_MARK);
  const code = marked.slice(afterEquals(marked));
  if (!mayNeedXlfnPrefixes(code)) return code.split(ROW_MARK);
  const pieces = addXlfnPrefixes(code).split(ROW_MARK);
  const text = cell.formula.slice(afterEquals(cell.formula));
  return pieces.length === cell.pattern.pieces.length &&
    pieces.join(String(cell.row)) === addXlfnPrefixes(text)
    ? pieces
    : null;
}

/** Goes down the rows of a sheet with the look ids of each row's band. */
function bandWalker(looks: PlanLooks) {
  let b = 0;
  return (row: number): Uint32Array => {
    while (b + 1 < looks.bands.length && looks.bands[b + 1].start <= row) b++;
    return looks.bands[b].ids;
  };
}

/** Does this cell hold a value to write (a styled empty cell is written too, see written)? */
function hasValue(cell: PlanCell | undefined): boolean {
  return !(
    cell === null ||
    cell === undefined ||
    (typeof cell === 'number' && !Number.isFinite(cell))
  );
}

/** Is anything written for this cell? */
function written(cell: PlanCell | undefined, s: number): boolean {
  return s !== 0 || hasValue(cell);
}

/** Follows rows one by one: the last row and the rightmost column holding a value so far. */
export class ValueExtent {
  lastRow = 0;
  lastColumn = 0;
  /** Row `r` (1-based). */
  add(r: number, row: readonly PlanCell[]): void {
    for (let c = row.length; c >= 1; c--) {
      if (!hasValue(row[c - 1])) continue;
      this.lastRow = r;
      if (c > this.lastColumn) this.lastColumn = c;
      return;
    }
  }
}

/**
 * The value extent (as ValueExtent finds it) of rows made when asked for, none with a value right
 * of column `width` (PlanPart.made, valueColumns): the last row with a value looked for from the
 * end, the rightmost column from the top until a row reaches `width` (the header row, mostly).
 * A few rows made, not all.
 */
export function madeExtent(
  rows: number,
  rowAt: (i: number) => readonly PlanCell[],
  width: number,
): { lastRow: number; lastColumn: number } {
  const rightmost = (row: readonly PlanCell[]) => {
    for (let c = row.length; c >= 1; c--) if (hasValue(row[c - 1])) return c;
    return 0;
  };
  let lastRow = 0;
  for (let i = rows - 1; i >= 0 && lastRow === 0; i--) if (rightmost(rowAt(i))) lastRow = i + 1;
  let lastColumn = 0;
  for (let i = 0; i < lastRow && lastColumn < width; i++)
    lastColumn = Math.max(lastColumn, rightmost(rowAt(i)));
  return { lastRow, lastColumn };
}

/** The last row and the rightmost column of a styled cell (a look with a style index). */
function styledExtent(looks: PlanLooks, styleIndex: (id: number) => number) {
  let lastRow = 0;
  let lastColumn = 0;
  looks.bands.forEach((band, b) => {
    const end = Math.min(looks.rows, (looks.bands[b + 1]?.start ?? looks.rows + 1) - 1);
    if (end < band.start) return;
    for (let c = Math.min(looks.columns, band.ids.length); c >= 1; c--) {
      const id = band.ids[c - 1];
      if (!id || !styleIndex(id)) continue;
      lastRow = end;
      lastColumn = Math.max(lastColumn, c);
      return;
    }
  });
  return { lastRow, lastColumn };
}

/**
 * The dimension of a plan's <sheetData> ("A1:X200"), found by a pass over the rows without
 * making XML, so it can be written before the rows are.
 */
export function planDimension(
  sheet: SheetRows,
  looks: PlanLooks,
  styleIndex: (id: number) => number,
): string {
  if (sheet.values) {
    const styled = styledExtent(looks, styleIndex);
    // The looks cover every row and column of the cells (planLooks), so values lie within them.
    const maxRow = Math.max(styled.lastRow, sheet.values.lastRow);
    const maxCol = Math.max(styled.lastColumn, sheet.values.lastColumn);
    return maxRow && maxCol ? `A1:${columnLetters(maxCol)}${maxRow}` : 'A1';
  }
  const idsOf = bandWalker(looks);
  let maxCol = 0;
  let maxRow = 0;
  for (let r = 1; r <= looks.rows; r++) {
    const row = r <= sheet.rows ? sheet.rowAt(r - 1) : undefined;
    const ids = idsOf(r);
    for (let c = looks.columns; c >= 1; c--) {
      const id = ids[c - 1];
      if (written(row?.[c - 1], id ? styleIndex(id) : 0)) {
        if (c > maxCol) maxCol = c;
        maxRow = r;
        break;
      }
    }
  }
  return maxRow && maxCol ? `A1:${columnLetters(maxCol)}${maxRow}` : 'A1';
}

const DEFAULT_WIDTH = 8.43;
const ROW_POINTS = 15;

/** Lines a wrapped text takes in a column `width` characters wide (Calibri 11, a little slack). */
export function wrappedLines(text: string, width: number): number {
  const per = Math.max(1, Math.floor(width - 1));
  return text
    .split('\n')
    .reduce((n, part) => n + Math.max(1, Math.ceil((part.length * 1.1) / per)), 0);
}

/**
 * The <sheetData> of a plan in pieces of about 64 KB of UTF-8 (never one string, nor the cells'
 * XML as strings: see xml-bytes.ts): strings as shared strings, numbers, booleans, FormulaCells
 * as formulas with cached values. `styleIndex(id)` is the `s` index exceljs gave look `id`.
 */
export function* planSheetData(
  sheet: SheetRows,
  looks: PlanLooks,
  styleIndex: (id: number) => number,
  sst: SharedStrings,
  widths: readonly (number | undefined)[] = [],
): Generator<Uint8Array> {
  const bandOf = bandTables(looks, styleIndex);
  const idsOf = bandWalker(looks);
  const at: CellAt = {
    column: { head: new Uint8Array(0), styled: false, tags: styledTags(0) },
    c: 0,
    r: 0,
    strings: new ColumnStrings(sst),
    patterns: new Map(),
  };
  const out = new XmlBytes(PIECE_BYTES + (PIECE_BYTES >> 2));
  out.ascii('<sheetData>');
  for (let r = 1; r <= looks.rows; r++) {
    const row = r <= sheet.rows ? sheet.rowAt(r - 1) : undefined;
    if (row) {
      // Made rows are as wide as the first (RowSource): a wider one would lose cells here.
      if (row.length > looks.columns)
        throw new Error(`planSheetData: row ${r} is wider than the sheet`);
      sheet.fingerprint?.add(row);
    }
    const ids = idsOf(r);
    const band = bandOf(ids);
    // A wrapped text gets the rows it needs (Excel and LibreOffice keep a row's stored height).
    const lines = band.wrap && row ? wrappedRowLines(row, ids, looks, widths) : 1;
    const start = out.at;
    out.ascii('<row r="');
    out.markedNumber(r);
    at.r = r;
    if (lines > 1) {
      out.ascii('" ht="');
      out.number(Math.min(409, lines * ROW_POINTS));
      out.ascii('" customHeight="1">');
    } else out.ascii('">');
    let any = false;
    const columns = band.columns;
    for (let c = 1; c <= looks.columns; c++) {
      at.column = columns[c - 1];
      at.c = c;
      if (writeCell(out, row?.[c - 1], at)) any = true;
    }
    if (any) out.ascii('</row>');
    else out.at = start; // nothing in the row: no <row>
    if (out.at >= PIECE_BYTES) yield out.take();
  }
  out.ascii('</sheetData>');
  if (sheet.fingerprint && sheet.fingerprint.rows !== sheet.rows)
    throw new Error('planSheetData: the fingerprint missed rows');
  yield out.take();
}

/**
 * Each band's columns (ColumnAt) and whether a look of it wraps, made once a band: `<c r="` and
 * the column's letters, and the style attribute of its look (`styleIndex(id)`, 0 for none).
 */
function bandTables(looks: PlanLooks, styleIndex: (id: number) => number) {
  const heads = Array.from({ length: looks.columns }, (_, c) =>
    asciiBytes(`<c r="${columnLetters(c + 1)}`),
  );
  const styles = new Map<number, Omit<ColumnAt, 'head'>>();
  const attribute = (id: number, c: number): ColumnAt => {
    let s = styles.get(id);
    if (!s) {
      const index = id ? styleIndex(id) : 0;
      s = { tags: styledTags(index), styled: index !== 0 };
      styles.set(id, s);
    }
    return { head: heads[c], ...s };
  };
  const bands = new Map<Uint32Array, { columns: ColumnAt[]; wrap: boolean }>();
  return (ids: Uint32Array) => {
    let band = bands.get(ids);
    if (!band) {
      band = {
        columns: Array.from({ length: looks.columns }, (_, c) => attribute(ids[c], c)),
        wrap: ids.some((id) => looks.looks[id].wrap),
      };
      bands.set(ids, band);
    }
    return band;
  };
}

/** The lines the row's tallest wrapped text takes (1 when none wraps). */
function wrappedRowLines(
  row: readonly PlanCell[],
  ids: Uint32Array,
  looks: PlanLooks,
  widths: readonly (number | undefined)[],
): number {
  let lines = 1;
  for (let c = 1; c <= looks.columns; c++) {
    const id = ids[c - 1];
    const cell = row[c - 1];
    if (id && typeof cell === 'string' && looks.looks[id].wrap)
      lines = Math.max(lines, wrappedLines(cell, widths[c - 1] ?? DEFAULT_WIDTH));
  }
  return lines;
}
