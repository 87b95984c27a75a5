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
import type { CellStyle, PlanCell, Rect, SheetPlan } from '../../../core/plans/types';
import { isFormulaCell } from '../../../core/plans/types';
import { columnLetters } from '../../../core/types';
import type { SharedStrings } from './shared-strings';
import { encodeCellText, xmlText } from './text';
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
}

/**
 * Rows of XML are gathered into pieces of about this many characters before deflating: small
 * enough to die young (a piece is a string built of many), big enough to deflate well.
 */
const PIECE_CHARS = 1 << 16;

/**
 * The XML of one plan cell, or '' when nothing is written (an empty cell without a style).
 * Strings are shared strings (text, never a formula); FormulaCells are <f> with `_xlfn.`
 * prefixes and the engine's value cached.
 */
function cellXml(ref: string, cell: PlanCell | undefined, s: number, sst: SharedStrings): string {
  const sAttr = s ? ` s="${s}"` : '';
  if (cell === null || cell === undefined || (typeof cell === 'number' && !Number.isFinite(cell)))
    return s ? `<c r="${ref}"${sAttr}/>` : '';
  if (typeof cell === 'number') return `<c r="${ref}"${sAttr}><v>${cell}</v></c>`;
  if (typeof cell === 'boolean') return `<c r="${ref}"${sAttr} t="b"><v>${cell ? 1 : 0}</v></c>`;
  if (typeof cell === 'string')
    return `<c r="${ref}"${sAttr} t="s"><v>${sst.indexOf(cell)}</v></c>`;
  if (isFormulaCell(cell)) {
    const formula = cell.formula.charCodeAt(0) === 61 ? cell.formula.slice(1) : cell.formula; // '='
    const f = `<f>${xmlText(withXlfn(formula))}</f>`;
    const v = cell.value;
    if (typeof v === 'number' && Number.isFinite(v))
      return `<c r="${ref}"${sAttr}>${f}<v>${v}</v></c>`;
    if (typeof v === 'boolean') return `<c r="${ref}"${sAttr} t="b">${f}<v>${v ? 1 : 0}</v></c>`;
    if (typeof v === 'string')
      return `<c r="${ref}"${sAttr} t="str">${f}<v>${xmlText(encodeCellText(v))}</v></c>`;
    return `<c r="${ref}"${sAttr}>${f}</c>`;
  }
  return '';
}

/** A formula with the `_xlfn.` prefixes a file needs (looked for only where they may be). */
function withXlfn(formula: string): string {
  return mayNeedXlfnPrefixes(formula) ? addXlfnPrefixes(formula) : formula;
}

/** Goes down the rows of a sheet with the look ids of each row's band. */
function bandWalker(looks: PlanLooks) {
  let b = 0;
  return (row: number): Uint32Array => {
    while (b + 1 < looks.bands.length && looks.bands[b + 1].start <= row) b++;
    return looks.bands[b].ids;
  };
}

/** Is anything written for this cell? */
function written(cell: PlanCell | undefined, s: number): boolean {
  if (s) return true;
  return !(
    cell === null ||
    cell === undefined ||
    (typeof cell === 'number' && !Number.isFinite(cell))
  );
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
 * The <sheetData> of a plan in pieces of about 64 KB (never one string): strings as shared
 * strings, numbers, booleans, FormulaCells as formulas with cached values. `styleIndex(id)` is
 * the `s` index exceljs gave look `id`.
 */
export function* planSheetData(
  sheet: SheetRows,
  looks: PlanLooks,
  styleIndex: (id: number) => number,
  sst: SharedStrings,
  widths: readonly (number | undefined)[] = [],
): Generator<string> {
  const letters: string[] = [];
  const col = (c: number) => (letters[c] ??= columnLetters(c));
  const idsOf = bandWalker(looks);
  let piece = '<sheetData>';
  for (let r = 1; r <= looks.rows; r++) {
    const row = r <= sheet.rows ? sheet.rowAt(r - 1) : undefined;
    const ids = idsOf(r);
    let line = '';
    let lines = 1;
    for (let c = 1; c <= looks.columns; c++) {
      const id = ids[c - 1];
      const cell = row?.[c - 1];
      line += cellXml(`${col(c)}${r}`, cell, id ? styleIndex(id) : 0, sst);
      if (id && typeof cell === 'string' && looks.looks[id].wrap)
        lines = Math.max(lines, wrappedLines(cell, widths[c - 1] ?? DEFAULT_WIDTH));
    }
    // A wrapped text gets the rows it needs (Excel and LibreOffice keep a row's stored height).
    const height = lines > 1 ? ` ht="${Math.min(409, lines * ROW_POINTS)}" customHeight="1"` : '';
    if (line) piece += `<row r="${r}"${height}>${line}</row>`;
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  yield piece + '</sheetData>';
}
