/**
 * A worksheet's XML read row by row into the values `worksheetTable` (xlsx-read.ts) gives
 * through exceljs's public whole-workbook reader, for the streaming reader (xlsx-stream.ts).
 * It mirrors exceljs 4.4's `xlsx/xform/sheet/row-xform.js` and `cell-xform.js` (parse and
 * reconcile), `doc/row.js` (which column a cell goes to) and `doc/cell.js` as `cellValue` reads
 * it, quirks included, because the streamed and the whole paths must report the same:
 * - `t="s"` a shared string (its index's number itself when the workbook has no shared
 *   strings), `str` text with entities decoded once more, `inlineStr` the `<t>` text as written
 *   (no `_xHHHH_` decoding) or its rich runs' text (decoded), `b` a boolean
 *   (`parseInt(v) !== 0`), `e` the error text, anything else (`n`, `d`, none) `parseFloat(v)`;
 * - a formula (`<f>` with text, or any `<f t=...>`, e.g. a shared formula's `<f t="shared"
 *   si="0"/>`) is its cached `<v>` read by the same `t`; no `<v>` reads as no value;
 * - a number, or a formula's result, in a date-formatted style is a date (dates.ts);
 * - a `<c>` with no value and no style is no cell at all; one with a style is an empty cell;
 * - a `<c>` without `r` is the column after the previous cell; a later cell of a column replaces
 *   the earlier one; any close tag other than the cell's own parts ends a cell, and any close
 *   tag while no cell is open ends the row, as exceljs's parsers end them.
 */
import type { CellValue } from '../../../core/types';
import { dateCellValue } from './dates';
import { RunReader, xmlDecode, itemValue, type DateStyles, type RunModel } from './parts';
import { columnOf } from './refs';
import type { SaxHandler, SaxTag } from './sax';
import { normaliseCellValue } from './xlsx-read';

/** A row without date cells (shared: most rows). */
const NO_DATES: number[] = [];

/** Where a cell's text goes (exceljs CellXform's `currentNode`). */
const enum Into {
  None,
  Formula,
  Value,
}

/** One `<c>` as exceljs's CellXform reads it, before its value is worked out. */
class CellParser {
  address: string | undefined;
  t: string | undefined;
  styleId: number | undefined;
  formula: string | undefined;
  shareType: string | undefined;
  value: string | undefined;
  /** Inline rich text: each run's text. */
  runs: RunModel[] | undefined;
  private into = Into.None;
  private inRun = false;
  private readonly run = new RunReader();

  open(node: SaxTag): void {
    if (this.inRun) return this.run.open(node.name);
    switch (node.name) {
      case 'c': {
        const a = node.attributes;
        this.address = a.r;
        this.t = a.t;
        this.styleId = a.s ? parseInt(a.s, 10) : undefined;
        this.formula = this.shareType = this.value = this.runs = undefined;
        return;
      }
      case 'f':
        this.into = Into.Formula;
        this.shareType = node.attributes.t;
        return;
      case 'v':
      case 't':
        this.into = Into.Value;
        return;
      case 'r':
        this.inRun = true;
        return this.run.open('r');
    }
  }

  text(text: string): void {
    if (this.inRun) this.run.addText(text);
    else if (this.into === Into.Formula) this.formula = this.formula ? this.formula + text : text;
    else if (this.into === Into.Value && !this.runs)
      this.value = this.value ? this.value + text : text;
  }

  /** False when the cell ends. */
  close(name: string): boolean {
    switch (name) {
      case 'c':
        return false;
      case 'f':
      case 'v':
      case 'is':
        this.into = Into.None;
        return true;
      case 't':
        if (this.inRun) this.run.close('t');
        else this.into = Into.None;
        return true;
      case 'r':
        if (!this.inRun) throw new Error('a cell closes a rich text run it did not open');
        if (this.value !== undefined)
          throw new Error(`Cannot create property 'richText' on string '${this.value}'`);
        (this.runs ??= []).push(this.run.model);
        this.inRun = false;
        this.into = Into.None;
        return true;
      default:
        if (!this.inRun) return false;
        this.run.close(name);
        return true;
    }
  }

  /** exceljs's Merge type: no value, no formula, no style (it adds no cell for it). */
  get isNothing(): boolean {
    return (
      !this.formula &&
      !this.shareType &&
      this.value === undefined &&
      this.runs === undefined &&
      !this.styleId
    );
  }
}

export interface SheetReaderContext {
  date1904: boolean;
  styles: DateStyles | undefined;
  /** Shared strings' values; undefined when the workbook has none. */
  sharedStrings: (string | null)[] | undefined;
}

/**
 * One row as read: its Excel row number, the columns of its non-empty cells in ascending order
 * and their values, and the columns among them that are dates (the arrays are the handler's).
 * False stops the sheet.
 */
export type SheetRowHandler = (
  row: number,
  cols: number[],
  vals: CellValue[],
  dated: number[],
) => boolean;

/** A worksheet's XML events into rows (`<sheetData>`) and merged ranges (`<mergeCells>`). */
export class SheetReader implements SaxHandler {
  /** The `ref` of each `<mergeCell>` (they follow `<sheetData>`). */
  readonly mergeRefs: string[] = [];
  private inSheetData = false;
  private inRow = false;
  private inMerges = false;
  private inCell = false;
  private readonly cell = new CellParser();
  private rowNumber = NaN;
  private prevCol = 0;
  /** The highest column of the row's cells so far. */
  private maxCol = 0;
  private readonly cols: number[] = [];
  private readonly vals: CellValue[] = [];
  private readonly dated: number[] = [];
  /** The last value read is a date (a number in a date format). */
  private wasDate = false;

  constructor(
    private readonly context: SheetReaderContext,
    private readonly onRow: SheetRowHandler,
  ) {}

  open(node: SaxTag): void {
    if (this.inRow) {
      if (this.inCell) this.cell.open(node);
      else if (node.name === 'row') this.startRow(node);
      else if (node.name === 'c') {
        this.inCell = true;
        this.cell.open(node);
      }
    } else if (this.inSheetData) {
      if (node.name === 'row') {
        this.inRow = true;
        this.startRow(node);
      }
    } else if (node.name === 'sheetData') this.inSheetData = true;
    else if (node.name === 'mergeCells') this.inMerges = true;
    else if (this.inMerges && node.name === 'mergeCell' && node.attributes.ref)
      this.mergeRefs.push(node.attributes.ref);
  }

  text(text: string): void {
    if (this.inCell) this.cell.text(text);
  }

  close(name: string): boolean {
    if (this.inRow) {
      if (!this.inCell) {
        this.inRow = false;
        return this.endRow();
      }
      if (!this.cell.close(name)) {
        this.inCell = false;
        this.addCell();
      }
    } else if (name === 'sheetData') this.inSheetData = false;
    else if (name === 'mergeCells') this.inMerges = false;
    return true;
  }

  private startRow(node: SaxTag): void {
    this.rowNumber = parseInt(node.attributes.r, 10);
    this.cols.length = 0;
    this.vals.length = 0;
    this.dated.length = 0;
    this.prevCol = 0;
    this.maxCol = 0;
  }

  /** The row to the handler (false: stop). */
  private endRow(): boolean {
    const r = this.rowNumber;
    if (!Number.isInteger(r)) throw new Error('Invalid row number in model');
    if (r < 1) return true; // exceljs keeps such a row nowhere it reads from
    const { cols, vals, dated } = this;
    if (cols.length > 1 && !isSorted(cols)) sortTogether(cols, vals);
    if (dated.length > 1 && !isSorted(dated)) dated.sort((a, b) => a - b); // in column order
    return this.onRow(r, cols.slice(), vals.slice(), dated.length ? dated.slice() : NO_DATES);
  }

  /** The closed cell into the row, as exceljs's Row model places it. */
  private addCell(): void {
    const c = this.cell;
    if (c.isNothing) return; // exceljs adds no cell for it (nor moves the previous column)
    let col: number | undefined;
    if (c.address) col = columnOf(c.address);
    else if (this.prevCol > 0) col = this.prevCol + 1;
    if (col === undefined || !(col >= 1))
      throw new Error(`a cell of row ${this.rowNumber} has no usable reference`);
    this.prevCol = col;
    const v = this.value(c);
    const { cols, vals, dated } = this;
    // A later cell of the column replaces the earlier one whole, date or not.
    const d = dated.indexOf(col);
    if (this.wasDate && typeof v === 'number') {
      if (d < 0) dated.push(col);
    } else if (d >= 0) dated.splice(d, 1);
    // The columns are in the XML's order, not always ascending: look a column up unless it is
    // past every column so far.
    const at = col <= this.maxCol ? cols.indexOf(col) : -1;
    if (col > this.maxCol) this.maxCol = col;
    if (at >= 0) {
      if (v === null) {
        cols.splice(at, 1);
        vals.splice(at, 1);
      } else vals[at] = v;
    } else if (v !== null) {
      cols.push(col);
      vals.push(v);
    }
  }

  private isDate(styleId: number | undefined): boolean {
    const { styles } = this.context;
    return Boolean(styleId) && styles !== undefined && styles.isDate(styleId!);
  }

  /** A cell's value as `cellValue` (xlsx-read.ts) reads exceljs's model of it. */
  private value(c: CellParser): CellValue {
    this.wasDate = false;
    const { date1904, sharedStrings } = this.context;
    const raw = c.runs ?? c.value;
    if (c.formula || c.shareType) {
      if (!raw) return null; // no cached result
      const r = typedValue(c.t, raw);
      if (this.isDate(c.styleId)) {
        // exceljs makes any result a Date here (a boolean → 1899-12-31, text "45001" → its
        // date): the whole reader marks it a date when it reads as a serial.
        this.wasDate = true;
        return dateCellValue(r, date1904);
      }
      return normaliseCellValue(r as never, date1904);
    }
    if (raw === undefined) return null; // a styled empty cell
    switch (c.t) {
      case 's': {
        const index = typeof raw === 'string' ? parseInt(raw, 10) : NaN;
        if (!sharedStrings) return Number.isFinite(index) ? index : null;
        const s = sharedStrings[index];
        if (s === undefined)
          throw new Error(`cell ${c.address ?? '?'} refers to a missing shared string`);
        return s;
      }
      case 'inlineStr':
        return typeof raw === 'string' ? raw : itemValue(raw);
      case 'str':
      case 'b':
      case 'e':
        return normaliseCellValue(typedValue(c.t, raw) as never, date1904);
    }
    const n = typeof raw === 'string' ? parseFloat(raw) : NaN;
    if (this.isDate(c.styleId)) {
      this.wasDate = true;
      return dateCellValue(n, date1904);
    }
    return Number.isFinite(n) ? n : null;
  }
}

/**
 * A `<v>` read by the cell's `t` as exceljs's CellXform reads a formula's result (and a plain
 * cell's `str`, `b`, `e`): rich text where a `<v>` should be reads as exceljs reads that object.
 */
function typedValue(t: string | undefined, raw: string | RunModel[]): unknown {
  const text = typeof raw === 'string' ? raw : undefined;
  switch (t) {
    case 'str':
      if (text === undefined) throw new Error('text.replace is not a function');
      return xmlDecode(text);
    case 'b':
      return text === undefined ? true : parseInt(text, 10) !== 0;
    case 'e':
      return { error: text ?? '[object Object]' };
    default:
      return text === undefined ? NaN : parseFloat(text);
  }
}

function isSorted(a: number[]): boolean {
  for (let i = 1; i < a.length; i++) if (a[i] < a[i - 1]) return false;
  return true;
}

function sortTogether(cols: number[], vals: CellValue[]): void {
  const order = cols.map((c, i) => [c, i] as const).sort((x, y) => x[0] - y[0]);
  const v = vals.slice();
  for (let k = 0; k < order.length; k++) {
    cols[k] = order[k][0];
    vals[k] = v[order[k][1]];
  }
}
