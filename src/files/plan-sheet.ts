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
import type { CellStyle, PlanCell, Rect, SheetPlan } from '../core/plans/types';
import { isFormulaCell } from '../core/plans/types';
import { columnLetters } from '../core/types';
import type { SharedStrings } from './shared-strings';
import { encodeCellText, xmlText } from './text';
import { addXlfnPrefixes } from './xlfn';

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
}

export interface PlanLooks {
  /** Look id of each cell, row-major over `rows` × `columns` (0 = default look). */
  ids: Uint32Array;
  rows: number;
  columns: number;
  /** looks[id]; looks[0] is the default. */
  looks: PlanLook[];
}

const LINK_COLOR = '#0563C1';

/** Reduce the plan's numberFormats, styles and links to one look id per cell. */
export function planLooks(plan: SheetPlan, cells: PlanCell[][]): PlanLooks {
  let rows = cells.length;
  let columns = cells.reduce((m, r) => Math.max(m, r.length), 0);
  const rects: Rect[] = [
    ...(plan.numberFormats ?? []).map((n) => n.rect),
    ...(plan.styles ?? []).map((s) => s.rect),
  ];
  for (const r of rects) {
    rows = Math.max(rows, r.row + r.rowCount - 1);
    columns = Math.max(columns, r.column + r.columnCount - 1);
  }
  for (const l of plan.links ?? []) {
    rows = Math.max(rows, l.row);
    columns = Math.max(columns, l.column);
  }
  const ids = new Uint32Array(rows * columns);
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
    for (let r = rect.row; r < rect.row + rect.rowCount; r++) {
      for (let c = rect.column; c < rect.column + rect.columnCount; c++) {
        const i = (r - 1) * columns + (c - 1);
        const old = ids[i];
        let next = memo.get(old);
        if (next === undefined) {
          next = intern(change({ ...looks[old] }));
          memo.set(old, next);
        }
        ids[i] = next;
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
  return { ids, rows, columns, looks };
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
  return out;
}

const argb = (hex: string) => 'FF' + hex.replace('#', '').toUpperCase();

/** Give an exceljs cell a look (used for the probe cells that register styles). */
export function applyLook(cell: ExcelJS.Cell, look: PlanLook): void {
  if (look.numFmt) cell.numFmt = look.numFmt;
  const font: Partial<ExcelJS.Font> = {};
  if (look.bold) font.bold = true;
  if (look.italic) font.italic = true;
  if (look.underline) font.underline = true;
  if (look.fontColor) font.color = { argb: argb(look.fontColor) };
  if (look.fontSize) font.size = look.fontSize;
  if (Object.keys(font).length) cell.font = font;
  if (look.fill)
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(look.fill) } };
  if (look.wrap !== undefined || look.horizontal) {
    cell.alignment = {
      ...(look.wrap !== undefined ? { wrapText: look.wrap } : {}),
      ...(look.horizontal ? { horizontal: look.horizontal } : {}),
    };
  }
}

/**
 * The <sheetData> of a plan: strings as shared strings (text, never a formula), numbers,
 * booleans, FormulaCells as <f> with `_xlfn.` prefixes and the engine's value cached.
 * `styleIndex(id)` is the `s` index exceljs gave look `id`.
 */
export function planSheetData(
  cells: PlanCell[][],
  looks: PlanLooks,
  styleIndex: (id: number) => number,
  sst: SharedStrings,
): { sheetData: string; dimension: string } {
  const parts: string[] = ['<sheetData>'];
  const letters: string[] = [];
  const col = (c: number) => (letters[c] ??= columnLetters(c));
  let maxCol = 0;
  let maxRow = 0;
  for (let r = 1; r <= looks.rows; r++) {
    const row = cells[r - 1];
    let line = '';
    for (let c = 1; c <= looks.columns; c++) {
      const cell = row?.[c - 1];
      const id = looks.ids[(r - 1) * looks.columns + (c - 1)];
      const s = id ? styleIndex(id) : 0;
      const sAttr = s ? ` s="${s}"` : '';
      const ref = `${col(c)}${r}`;
      let xml = '';
      if (
        cell === null ||
        cell === undefined ||
        (typeof cell === 'number' && !Number.isFinite(cell))
      ) {
        if (s) xml = `<c r="${ref}"${sAttr}/>`;
      } else if (typeof cell === 'number') {
        xml = `<c r="${ref}"${sAttr}><v>${cell}</v></c>`;
      } else if (typeof cell === 'boolean') {
        xml = `<c r="${ref}"${sAttr} t="b"><v>${cell ? 1 : 0}</v></c>`;
      } else if (typeof cell === 'string') {
        xml = `<c r="${ref}"${sAttr} t="s"><v>${sst.indexOf(cell)}</v></c>`;
      } else if (isFormulaCell(cell)) {
        const f = `<f>${xmlText(addXlfnPrefixes(cell.formula.replace(/^=/, '')))}</f>`;
        const v = cell.value;
        if (typeof v === 'number' && Number.isFinite(v))
          xml = `<c r="${ref}"${sAttr}>${f}<v>${v}</v></c>`;
        else if (typeof v === 'boolean')
          xml = `<c r="${ref}"${sAttr} t="b">${f}<v>${v ? 1 : 0}</v></c>`;
        else if (typeof v === 'string')
          xml = `<c r="${ref}"${sAttr} t="str">${f}<v>${xmlText(encodeCellText(v))}</v></c>`;
        else xml = `<c r="${ref}"${sAttr}>${f}</c>`;
      }
      if (xml) {
        line += xml;
        if (c > maxCol) maxCol = c;
      }
    }
    if (line) {
      parts.push(`<row r="${r}">${line}</row>`);
      maxRow = r;
    }
  }
  parts.push('</sheetData>');
  return {
    sheetData: parts.join(''),
    dimension: maxRow && maxCol ? `A1:${col(maxCol)}${maxRow}` : 'A1',
  };
}
