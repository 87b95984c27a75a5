/**
 * Read an .xlsx with exceljs into plain sheets whose cells look like what Office.js `values`
 * returns, so both adapters hand the core the same RawTables: formula → cached result,
 * date → Excel serial number, rich text and hyperlinks → their text, errors → "#N/A" etc.
 */
import type ExcelJS from 'exceljs';
import { excelJs } from '../../exceljs';
import type { CellRange, CellValue, DateCells, RawTable } from '../../../core/types';
import { removeXlfnPrefixes } from '../xlfn';

/** One sheet as read: its used range (values) and, for fingerprints, its formulas grid from A1. */
export interface ReadSheet {
  name: string;
  visibility: 'visible' | 'hidden' | 'veryHidden';
  table: RawTable;
  worksheet: ExcelJS.Worksheet;
}

const MS_PER_DAY = 86400000;
/** 1970-01-01 as an Excel serial number in the 1900 system (25569) and the 1904 system. */
const EPOCH_1900 = 25569;
const EPOCH_1904 = 25569 - 1462;

/** A JS Date (as exceljs builds it, UTC) back to the Excel serial number shown in the sheet. */
export function dateToSerial(d: Date, date1904 = false): number {
  const serial = d.getTime() / MS_PER_DAY + (date1904 ? EPOCH_1904 : EPOCH_1900);
  // exceljs rounds to whole milliseconds; undo the floating noise that leaves (45000.0000000001).
  return Math.round(serial * 1e10) / 1e10;
}

/** Normalise one exceljs cell value to a CellValue as Office.js `values` would give it. */
export function normaliseCellValue(v: ExcelJS.CellValue | undefined, date1904 = false): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : dateToSerial(v, date1904);
  if (typeof v === 'object') {
    const o = v as unknown as Record<string, unknown>;
    if ('error' in o) return String(o.error);
    if ('richText' in o && Array.isArray(o.richText)) {
      const t = (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
      return t === '' ? null : t;
    }
    if ('hyperlink' in o || ('text' in o && !('formula' in o) && !('sharedFormula' in o))) {
      return normaliseCellValue(o.text as ExcelJS.CellValue, date1904);
    }
    if ('formula' in o || 'sharedFormula' in o) {
      const r = o.result;
      if (r === undefined || r === null) return null;
      return normaliseCellValue(r as ExcelJS.CellValue, date1904);
    }
  }
  return null;
}

/**
 * A cell's value as Office.js `values` gives it. A formula cell is its cached result read from
 * the cell itself: exceljs's `cell.value` copies only a truthy result, so a formula whose cached
 * result is 0, FALSE or "" would read as empty (Excel shows 0 there, and so does the task pane).
 */
export function cellValue(cell: ExcelJS.Cell, date1904 = false): CellValue {
  if (cell.type === excelJs().ValueType.Formula)
    return normaliseCellValue(cell.result as ExcelJS.CellValue, date1904);
  return normaliseCellValue(cell.value, date1904);
}

/** Formula text of a cell with its "=" and without `_xlfn.` prefixes, or null when it has none. */
export function cellFormula(cell: ExcelJS.Cell): string | null {
  const v = cell.value as unknown;
  if (!v || typeof v !== 'object' || !('formula' in v || 'sharedFormula' in v)) return null;
  const f = cell.formula; // exceljs translates shared formulas for the dependent cells
  if (!f) return null;
  return '=' + removeXlfnPrefixes(f.replace(/^=/, ''));
}

export function isDate1904(wb: ExcelJS.Workbook): boolean {
  return Boolean((wb.properties as { date1904?: boolean } | undefined)?.date1904);
}

/** True when exceljs read the cell (or a formula's cached result) as a date: a date format. */
function isDateCell(cell: ExcelJS.Cell): boolean {
  const v = cell.type === excelJs().ValueType.Formula ? cell.result : cell.value;
  return v instanceof Date;
}

/** The sheet's merged ranges (exceljs keeps them by their top-left address). */
export function worksheetMerges(ws: ExcelJS.Worksheet): CellRange[] {
  const merges = (ws as unknown as { _merges?: Record<string, { model: CellRange }> })._merges;
  return Object.values(merges ?? {}).map(({ model: m }) => ({
    top: m.top,
    left: m.left,
    bottom: m.bottom,
    right: m.right,
  }));
}

/** Excel rows of the totals rows of the sheet's Excel Tables (`totalsRowCount` in the part). */
export function worksheetTotalsRows(ws: ExcelJS.Worksheet): number[] {
  const rows: number[] = [];
  for (const t of ws.getTables() as unknown as {
    table?: { tableRef?: string; totalsRow?: boolean };
  }[]) {
    const ref = t.table?.tableRef;
    const m = ref ? /^[A-Z]{1,3}\d+:[A-Z]{1,3}(\d+)$/.exec(ref.replace(/\$/g, '')) : null;
    if (t.table?.totalsRow && m) rows.push(Number(m[1]));
  }
  return rows.sort((a, b) => a - b);
}

/**
 * Read a worksheet's used range (by non-empty cells) as a RawTable; rows padded to one length.
 * Its date cells, merged ranges and Excel Tables' totals rows come with it (when it has any).
 */
export function worksheetTable(ws: ExcelJS.Worksheet, date1904: boolean): RawTable {
  let minR = Infinity;
  let maxR = 0;
  let minC = Infinity;
  let maxC = 0;
  const cells: { r: number; c: number; v: CellValue; date: boolean }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      // A merged cell's slaves repeat the master in exceljs; Office.js gives "" there.
      if (cell.isMerged && cell.master !== cell) return;
      const v = cellValue(cell, date1904);
      if (v === null) return;
      cells.push({ r, c, v, date: typeof v === 'number' && isDateCell(cell) });
      if (r < minR) minR = r;
      if (r > maxR) maxR = r;
      if (c < minC) minC = c;
      if (c > maxC) maxC = c;
    });
  });
  if (cells.length === 0) return { sheet: ws.name, values: [], firstRow: 1, firstColumn: 1 };
  const values: CellValue[][] = [];
  const dates: DateCells = new Map();
  for (let r = minR; r <= maxR; r++) values.push(new Array<CellValue>(maxC - minC + 1).fill(null));
  for (const { r, c, v, date } of cells) {
    values[r - minR][c - minC] = v;
    if (date) addDateCell(dates, r - minR, c - minC);
  }
  return withSheetFacts(
    { sheet: ws.name, values, firstRow: minR, firstColumn: minC },
    dates,
    worksheetMerges(ws),
    worksheetTotalsRows(ws),
  );
}

/** Mark cell (i, k) of a table as a date. */
export function addDateCell(dates: DateCells, i: number, k: number): void {
  const at = dates.get(i);
  if (at) at.push(k);
  else dates.set(i, [k]);
}

/** The table with its date cells, merges and totals rows, each only when there are some. */
export function withSheetFacts(
  table: RawTable,
  dates: DateCells,
  merges: CellRange[],
  totalsRows: number[],
): RawTable {
  if (dates.size) table.dates = dates;
  if (merges.length) table.merges = merges;
  if (totalsRows.length) table.totalsRows = totalsRows;
  return table;
}

/**
 * The sheet as Excel's `formulas` property shows it, from A1: formula text for formula
 * cells, the value otherwise. Used to fingerprint an output sheet and notice a person's edits.
 */
export function worksheetFormulasGrid(ws: ExcelJS.Worksheet, date1904: boolean): CellValue[][] {
  const grid: CellValue[][] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      const f = cellFormula(cell);
      const v = f ?? normaliseCellValue(cell.value, date1904);
      if (v === null) return;
      while (grid.length < r) grid.push([]);
      const line = grid[r - 1];
      while (line.length < c) line.push(null);
      line[c - 1] = v;
    });
  });
  return grid;
}

/** Load an .xlsx (already checked by inspect.ts) and read every sheet. */
export async function readXlsxSheets(
  bytes: Buffer,
): Promise<{ workbook: ExcelJS.Workbook; sheets: ReadSheet[]; date1904: boolean }> {
  const workbook = new (excelJs().Workbook)();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const date1904 = isDate1904(workbook);
  const sheets: ReadSheet[] = [];
  for (const ws of workbook.worksheets) {
    sheets.push({
      name: ws.name,
      visibility: (ws.state as ReadSheet['visibility']) ?? 'visible',
      table: worksheetTable(ws, date1904),
      worksheet: ws,
    });
  }
  return { workbook, sheets, date1904 };
}
