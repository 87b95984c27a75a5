/**
 * Read an .xlsx sheet by sheet, row by row, without holding the workbook: the parts are
 * inflated from the file as streams (zip/zip.ts, yauzl), so a sheet can be read from its start as
 * often as needed and left as soon as enough of it is read.
 *
 * Every cell is parsed by the code of exceljs's whole-workbook reader (its workbook, shared
 * strings, styles and row parsers, driven row by row from the same XML parser), so a value comes
 * out exactly as `worksheetTable` (xlsx-read.ts) reads it: formula → cached result, date →
 * serial (1900 or 1904 system), rich text → text, error → "#N/A", a merged range's value in its
 * top-left cell only. exceljs's own streaming reader (`stream.xlsx.WorkbookReader`) is not
 * used because it reads cells differently from its whole-workbook reader: a formula's cached
 * error or boolean result is lost or becomes a number, shared strings keep their `_x000D_`
 * escapes, inline rich text keeps its last run only, a multi-byte character split between two
 * inflated chunks becomes two replacement characters, and, when shared strings follow the
 * sheets in the zip (as Excel and exceljs write them), every sheet is first copied
 * uncompressed to a temporary file.
 */
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { CellValue, DateCells, RawTable } from '../../../core/types';
import { InputFileError } from '../../errors';
import { checkXlsxFile, type FileLimits } from '../../inspect';
import { addDateCell, normaliseCellValue, withSheetFacts } from './xlsx-read';
import type { ZipEntryInfo, ZipFile } from '../../zip/zip';

// ---------------------------------------------------------------------------------------------
// exceljs's whole-workbook parsers (internal modules of the exceljs package), loaded on first use.

interface SaxNode {
  name: string;
  attributes: Record<string, string>;
}
interface Xform<M> {
  model: M;
  parseStream(stream: AsyncIterable<string>): Promise<M>;
}
interface CellModel {
  address?: string;
  type: number;
  styleId?: number;
  value?: unknown;
  result?: unknown;
}
interface RowModel {
  number: number;
  cells: CellModel[];
}
interface RowXform {
  model: RowModel;
  parseOpen(node: SaxNode): boolean;
  parseText(text: string): void;
  parseClose(name: string): boolean;
}
interface StyleModel {
  numFmt?: unknown;
}
interface Styles {
  getStyleModel(id: number): StyleModel | null;
}
interface SharedStrings {
  getString(index: number): unknown;
}
interface WorkbookModel {
  sheets?: { name?: string; id: number; state?: string; rId: string }[];
  properties?: { date1904?: boolean };
}
interface Saxes {
  on(event: 'opentag', handler: (node: SaxNode) => void): void;
  on(event: 'text', handler: (text: string) => void): void;
  on(event: 'closetag', handler: (node: SaxNode) => void): void;
  on(event: 'error', handler: (err: Error) => void): void;
  write(chunk: string): void;
}
interface RangeModel {
  top: number;
  left: number;
  bottom: number;
  right: number;
  intersects(other: RangeModel): boolean;
}

interface ExcelJsParsers {
  WorkbookXform: new () => Xform<WorkbookModel>;
  RelationshipsXform: new () => Xform<{ Id: string; Type?: string; Target: string }[]>;
  SharedStringsXform: new () => Xform<unknown> & SharedStrings;
  StylesXform: new () => Xform<unknown> & Styles;
  RowXform: new () => RowXform;
  Range: new (ref: string) => RangeModel;
  decodeAddress(address: string): { col?: number };
  isDateFmt(fmt: unknown): boolean;
  excelToDate(v: unknown, date1904?: boolean): Date;
  SaxesParser: new () => Saxes;
}

let parsers: ExcelJsParsers | null = null;

/** exceljs's parsers, from the exceljs package this project depends on (its `lib/` modules). */
function excelJsParsers(): ExcelJsParsers {
  if (parsers) return parsers;
  const root = path.dirname(require.resolve('exceljs/package.json'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (rel: string): unknown => require(path.join(root, 'lib', rel));
  const utils = load('utils/utils') as Pick<ExcelJsParsers, 'isDateFmt' | 'excelToDate'>;
  const colCache = load('utils/col-cache') as {
    decodeAddress(a: string): { col?: number };
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const saxes = require(require.resolve('saxes', { paths: [root] })) as {
    SaxesParser: new () => Saxes;
  };
  parsers = {
    WorkbookXform: load('xlsx/xform/book/workbook-xform') as ExcelJsParsers['WorkbookXform'],
    RelationshipsXform: load(
      'xlsx/xform/core/relationships-xform',
    ) as ExcelJsParsers['RelationshipsXform'],
    SharedStringsXform: load(
      'xlsx/xform/strings/shared-strings-xform',
    ) as ExcelJsParsers['SharedStringsXform'],
    StylesXform: load('xlsx/xform/style/styles-xform') as ExcelJsParsers['StylesXform'],
    RowXform: load('xlsx/xform/sheet/row-xform') as ExcelJsParsers['RowXform'],
    Range: load('doc/range') as ExcelJsParsers['Range'],
    decodeAddress: (a) => colCache.decodeAddress(a),
    isDateFmt: (f) => utils.isDateFmt(f),
    excelToDate: (v, d) => utils.excelToDate(v, d),
    SaxesParser: saxes.SaxesParser,
  };
  return parsers;
}

/** A row without date cells (shared: most rows). */
const NO_DATES: number[] = [];

// exceljs's cell value types (doc/enums.js ValueType).
const NULL = 0;
const MERGE = 1;
const NUMBER = 2;
const STRING = 3;
const FORMULA = 6;

/** A worksheet part of the workbook, as exceljs's whole reader finds and names it. */
export interface XlsxSheetPart {
  name: string;
  visibility: 'visible' | 'hidden' | 'veryHidden';
  entry: ZipEntryInfo;
  /** Excel rows that are the totals row of an Excel Table on the sheet. */
  totalsRows: number[];
}

/** A merged range (Excel rows and columns, inclusive). */
export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * One row as read: the columns (1-based) of its non-empty cells and their values, as
 * `worksheetTable` reads them (a merged range's other cells are not removed here: the merges
 * come at the end of the sheet's XML).
 */
export type RowHandler = (
  row: number,
  cols: number[],
  values: CellValue[],
  /** The columns among `cols` whose cells are formatted as dates (most rows: none). */
  dated: number[],
) => boolean | void;

/** One row as read, for `buildTable`. */
export interface ReadRow {
  cols: number[];
  vals: CellValue[];
  dated: number[];
}

export interface ScanResult {
  /** The sheet's merged ranges (only when the scan reached the end). */
  merges: MergeRange[];
  /** True when the handler stopped the scan. */
  stopped: boolean;
  /** Uncompressed bytes of the sheet read (all of it unless stopped). */
  bytesRead: number;
}

/** Thrown where exceljs's whole reader throws: the file is refused as it would be. */
function unreadable(file: string, why: string): InputFileError {
  return new InputFileError(
    'UNREADABLE_XLSX',
    `${file} could not be read as an .xlsx workbook (${why}). Open it in Excel and save it again as .xlsx.`,
  );
}

/** The text of a part, decoded as UTF-8 across chunk boundaries (as a whole string would be). */
async function* partText(zip: ZipFile, entry: ZipEntryInfo, counter?: { bytes: number }) {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of zip.chunks(entry)) {
    if (counter) counter.bytes += chunk.length;
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const end = decoder.end();
  if (end) yield end;
}

/** Text of a small part, whole. */
async function wholeText(zip: ZipFile, entry: ZipEntryInfo): Promise<string> {
  let text = '';
  for await (const t of partText(zip, entry)) text += t;
  return text;
}

/**
 * Excel rows that are the totals row of an Excel Table on a sheet: the table parts its
 * relationships name, whose `totalsRowCount` is 1 (the last row of the table's `ref`), as
 * exceljs's whole reader reads them. A part it cannot find or read adds nothing.
 */
async function totalsRowsOf(zip: ZipFile, sheet: ZipEntryInfo): Promise<number[]> {
  const name = sheet.name.replace(/^\//, '');
  const relsEntry = zip.entry(name.replace(/([^/]+)$/, '_rels/$1.rels'));
  if (!relsEntry) return [];
  const rels = new (excelJsParsers().RelationshipsXform)();
  await rels.parseStream(partText(zip, relsEntry));
  const rows: number[] = [];
  for (const rel of rels.model ?? []) {
    if (!/\/table$/.test(rel.Type ?? '')) continue;
    const target = path.posix.normalize(
      rel.Target.startsWith('/')
        ? rel.Target.slice(1)
        : path.posix.join(path.posix.dirname(name), rel.Target),
    );
    const part = zip.entry(target);
    if (!part || part.uncompressedSize > 1 << 20) continue;
    const open = /<(?:\w+:)?table\b[^>]*>/.exec(await wholeText(zip, part))?.[0] ?? '';
    const ref = /\sref="\$?[A-Z]{1,3}\$?\d+:\$?[A-Z]{1,3}\$?(\d+)"/.exec(open);
    if (ref && /\stotalsRowCount="1"/.test(open)) rows.push(Number(ref[1]));
  }
  return rows.sort((a, b) => a - b);
}

/** Excel's sheet-name rules as exceljs applies them when it loads a workbook. */
function sheetName(raw: string | undefined, id: number, taken: string[], file: string): string {
  let name = raw === undefined ? `sheet${id}` : raw;
  const bad = (why: string) => unreadable(file, why);
  if (name === '') throw bad("The name can't be empty.");
  if (name === 'History')
    throw bad('The name "History" is protected. Please use a different name.');
  if (/[*?:/\\[\]]/.test(name))
    throw bad(
      `Worksheet name ${name} cannot include any of the following characters: * ? : \\ / [ ]`,
    );
  if (/(^')|('$)/.test(name))
    throw bad(
      `The first or last character of worksheet name cannot be a single quotation mark: ${name}`,
    );
  if (name.length > 31) name = name.substring(0, 31);
  if (taken.some((t) => t.toLowerCase() === name.toLowerCase()))
    throw bad(`Worksheet name already exists: ${name}`);
  return name;
}

/** A column number from a cell reference such as "AB12"; exceljs's decoder for anything else. */
function columnOf(address: string): number | undefined {
  let col = 0;
  let i = 0;
  const n = address.length;
  for (; i < n; i++) {
    const c = address.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + c - 64;
  }
  if (i === 0 || i === n || col > 16384) return excelJsParsers().decodeAddress(address).col;
  for (let j = i; j < n; j++) {
    const c = address.charCodeAt(j);
    if (c < 48 || c > 57) return excelJsParsers().decodeAddress(address).col;
  }
  return col;
}

/**
 * A cell's value as `cellValue` (xlsx-read.ts) reads it from exceljs's reconciled cell model:
 * shared strings looked up, numbers in a date format (and formula results in one) as dates.
 */
class CellReader {
  /** The last cell `read` is a date (a number in a date format). */
  wasDate = false;
  /** Whether a style id has a date format, asked once per style. */
  private readonly dateStyle = new Map<number, boolean>();

  constructor(
    private readonly p: ExcelJsParsers,
    private readonly date1904: boolean,
    private readonly styles: Styles | undefined,
    private readonly sharedStrings: SharedStrings | undefined,
    private readonly file: string,
  ) {}

  private isDate(styleId: number | undefined): boolean {
    if (!styleId || !this.styles) return false;
    let d = this.dateStyle.get(styleId);
    if (d === undefined) {
      const style = this.styles.getStyleModel(styleId);
      d = Boolean(style && this.p.isDateFmt(style.numFmt));
      this.dateStyle.set(styleId, d);
    }
    return d;
  }

  read(m: CellModel): CellValue {
    const { date1904 } = this;
    this.wasDate = false;
    switch (m.type) {
      case NULL:
        return null;
      case STRING: {
        let v = m.value;
        if (typeof v === 'number' && this.sharedStrings) v = this.sharedStrings.getString(v);
        if (v === undefined || v === null)
          throw unreadable(this.file, `cell ${m.address ?? '?'} refers to a missing shared string`);
        return normaliseCellValue(v as never, date1904);
      }
      case NUMBER:
        if (!this.isDate(m.styleId)) return normaliseCellValue(m.value as never, date1904);
        this.wasDate = true;
        return normaliseCellValue(this.p.excelToDate(m.value, date1904), date1904);
      case FORMULA: {
        const r = m.result;
        if (r !== undefined && this.isDate(m.styleId)) {
          this.wasDate = typeof r === 'number';
          return normaliseCellValue(this.p.excelToDate(r, date1904), date1904);
        }
        return normaliseCellValue(r as never, date1904);
      }
      default:
        return normaliseCellValue(m.value as never, date1904);
    }
  }
}

/** One row's non-empty cells (arrays reused from row to row: the handler gets copies). */
interface RowCells {
  cols: number[];
  vals: CellValue[];
  /** The columns among `cols` whose cells are dates. */
  dated: number[];
}

/**
 * A row model's non-empty cells into `out`, as exceljs's whole reader keeps them: a cell with no
 * reference follows the one before it, and a later cell of the same column replaces the earlier.
 */
function readRowCells(model: RowModel, cells: CellReader, file: string, out: RowCells): void {
  const { cols, vals, dated } = out;
  cols.length = 0;
  vals.length = 0;
  dated.length = 0;
  let prevCol = 0;
  for (const m of model.cells) {
    if (m.type === MERGE) continue; // exceljs adds no cell for these
    let col: number | undefined;
    if (m.address) col = columnOf(m.address);
    else if (prevCol > 0) col = prevCol + 1;
    if (col === undefined || !(col >= 1))
      throw unreadable(file, `a cell of row ${model.number} has no usable reference`);
    prevCol = col;
    const v = cells.read(m);
    if (cells.wasDate && typeof v === 'number' && !dated.includes(col)) dated.push(col);
    let at = -1;
    if (cols.length > 0 && col <= cols[cols.length - 1]) at = cols.indexOf(col);
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
}

/** A sheet's XML parser, fed chunk by chunk: rows to the row handler, merged ranges kept. */
interface SheetXmlParser {
  write(text: string): void;
  /** Set when the row handler asks to stop: the rest of the XML is ignored. */
  stopped: boolean;
  /** The first error of the XML or of a handler; the rest of the XML is then ignored. */
  failure: Error | null;
  /** The `ref` of each `<mergeCell>` (they follow `<sheetData>`). */
  mergeRefs: string[];
}

/**
 * A SAX parser over a worksheet's XML: each `<row>` of `<sheetData>` goes through exceljs's row
 * parser and, when it closes, to `onRowClosed`. An error thrown inside an event is kept in
 * `failure` (for the caller to throw after the chunk) rather than thrown through saxes.
 */
function sheetXmlParser(p: ExcelJsParsers, onRowClosed: (model: RowModel) => void): SheetXmlParser {
  const sax = new p.SaxesParser();
  const rowXform = new p.RowXform();
  let inSheetData = false;
  let inRow = false;
  let inMerges = false;
  const parser: SheetXmlParser = {
    write: (text) => sax.write(text),
    stopped: false,
    failure: null,
    mergeRefs: [],
  };
  sax.on('error', (err) => {
    parser.failure ??= err;
  });
  sax.on('opentag', (node) => {
    if (parser.stopped || parser.failure) return;
    try {
      if (inRow) rowXform.parseOpen(node);
      else if (inSheetData) {
        if (node.name === 'row') {
          inRow = true;
          rowXform.parseOpen(node);
        }
      } else if (node.name === 'sheetData') inSheetData = true;
      else if (node.name === 'mergeCells') inMerges = true;
      else if (inMerges && node.name === 'mergeCell' && node.attributes.ref)
        parser.mergeRefs.push(node.attributes.ref);
    } catch (err) {
      parser.failure = err as Error;
    }
  });
  sax.on('text', (text) => {
    if (inRow && !parser.stopped && !parser.failure) rowXform.parseText(text);
  });
  sax.on('closetag', (node) => {
    if (parser.stopped || parser.failure) return;
    try {
      if (inRow) {
        if (!rowXform.parseClose(node.name)) {
          inRow = false;
          onRowClosed(rowXform.model);
        }
      } else if (node.name === 'sheetData') inSheetData = false;
      else if (node.name === 'mergeCells') inMerges = false;
    } catch (err) {
      parser.failure = err as Error;
    }
  });
  return parser;
}

/** The merged ranges of a sheet read to its end, refused as exceljs's whole reader refuses them. */
function mergedRanges(p: ExcelJsParsers, refs: string[], file: string): MergeRange[] {
  const merges: MergeRange[] = [];
  for (const ref of refs) {
    let range: RangeModel;
    try {
      range = new p.Range(ref);
    } catch (err) {
      throw unreadable(file, (err as Error).message);
    }
    const m = { top: range.top, left: range.left, bottom: range.bottom, right: range.right };
    if (!(m.top >= 1 && m.left >= 1)) throw unreadable(file, `bad merged range ${ref}`);
    merges.push(m);
  }
  // Overlapping ranges make exceljs refuse the workbook; found by a sweep down the rows.
  if (anyOverlap(merges)) throw unreadable(file, 'Cannot merge already merged cells');
  return merges;
}

/**
 * An .xlsx opened for streaming: checked (size, zip bomb) and its workbook, relationships,
 * styles and shared strings read; sheets are read on demand.
 */
export class XlsxBook {
  private constructor(
    readonly file: string,
    private readonly zip: ZipFile,
    readonly sheets: XlsxSheetPart[],
    readonly date1904: boolean,
    private readonly styles: Styles | undefined,
    private readonly sharedStrings: SharedStrings | undefined,
  ) {}

  /** Check the file (inspect.ts, nothing held) and read the workbook's small parts. */
  static async open(file: string, limits: FileLimits = {}): Promise<XlsxBook> {
    const zip = await checkXlsxFile(file, limits);
    try {
      const p = excelJsParsers();
      const parse = async <X extends Xform<unknown>>(x: X, entry: ZipEntryInfo | undefined) => {
        if (!entry) return undefined;
        await x.parseStream(partText(zip, entry));
        return x;
      };
      let workbook: WorkbookModel | undefined;
      let rels: { Id: string; Target: string }[] | undefined;
      let styles: Styles | undefined;
      let shared: SharedStrings | undefined;
      try {
        workbook = (await parse(new p.WorkbookXform(), zip.entry('xl/workbook.xml')))?.model;
        rels = (await parse(new p.RelationshipsXform(), zip.entry('xl/_rels/workbook.xml.rels')))
          ?.model;
        styles = await parse(new p.StylesXform(), zip.entry('xl/styles.xml'));
        shared = await parse(new p.SharedStringsXform(), zip.entry('xl/sharedStrings.xml'));
      } catch (err) {
        if (err instanceof InputFileError) throw err;
        throw unreadable(file, (err as Error).message);
      }
      // Worksheets as exceljs's whole reader finds them: parts named xl/worksheets/sheetN.xml
      // that the workbook's relationships point to, in the workbook's order.
      const parts = new Map<string, ZipEntryInfo>();
      for (const e of zip.entries) {
        const name = e.name.replace(/^\//, '');
        if (/xl\/worksheets\/sheet(\d+)[.]xml/.test(name)) parts.set(name, e);
      }
      const relById = new Map((rels ?? []).map((r) => [r.Id, r]));
      const sheets: XlsxSheetPart[] = [];
      const seenIds = new Set<number>();
      for (const s of workbook?.sheets ?? []) {
        const rel = relById.get(s.rId);
        if (!rel) continue;
        const entry = parts.get(`xl/${rel.Target.replace(/^(\s|\/xl\/)+/, '')}`);
        if (!entry || seenIds.has(s.id)) continue;
        seenIds.add(s.id);
        const name = sheetName(
          s.name,
          s.id,
          sheets.map((x) => x.name),
          file,
        );
        const visibility =
          s.state === 'hidden' || s.state === 'veryHidden' ? s.state : ('visible' as const);
        sheets.push({ name, visibility, entry, totalsRows: await totalsRowsOf(zip, entry) });
      }
      return new XlsxBook(
        file,
        zip,
        sheets,
        Boolean(workbook?.properties?.date1904),
        styles,
        shared,
      );
    } catch (err) {
      await zip.close();
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.zip.close();
  }

  sheet(name: string): XlsxSheetPart {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`XlsxBook: no sheet "${name}" in ${this.file}`);
    return s;
  }

  /**
   * Read a sheet's rows in order of its XML, each with its non-empty values, until the handler
   * returns false or the sheet ends (then its merged ranges are known).
   */
  async scan(
    sheet: XlsxSheetPart,
    onRow: RowHandler,
    /** Awaited after each chunk of the sheet's XML is read (a consumer slower than the reader). */
    between?: () => Promise<void> | void,
  ): Promise<ScanResult> {
    const p = excelJsParsers();
    const { file } = this;
    const cells = new CellReader(p, this.date1904, this.styles, this.sharedStrings, file);
    const row: RowCells = { cols: [], vals: [], dated: [] };
    /** An error thrown by the row handler: passed on as it is. */
    let handlerFailure: unknown = null;
    const xml = sheetXmlParser(p, (model) => {
      const r = model.number;
      if (!Number.isInteger(r)) throw unreadable(file, 'Invalid row number in model');
      readRowCells(model, cells, file, row);
      if (r < 1) return; // exceljs keeps such a row nowhere it reads from
      const { cols, vals, dated } = row;
      if (cols.length > 1 && !isSorted(cols)) sortTogether(cols, vals);
      let go: boolean | void;
      try {
        go = onRow(r, cols.slice(), vals.slice(), dated.length ? dated.slice() : NO_DATES);
      } catch (err) {
        handlerFailure = err;
        throw err;
      }
      if (go === false) xml.stopped = true;
    });

    const counter = { bytes: 0 };
    for await (const text of partText(this.zip, sheet.entry, counter)) {
      xml.write(text);
      if (handlerFailure) throw handlerFailure;
      if (xml.failure) {
        const f = xml.failure;
        if (f instanceof InputFileError) throw f;
        throw unreadable(file, f.message);
      }
      if (xml.stopped) break;
      if (between) await between();
    }
    const merges = xml.stopped ? [] : mergedRanges(p, xml.mergeRefs, file);
    return { merges, stopped: xml.stopped, bytesRead: counter.bytes };
  }

  /** A sheet read whole, as `worksheetTable` reads it (used range, merges, blank rows). */
  async readTable(sheet: XlsxSheetPart): Promise<RawTable> {
    const rows = new Map<number, ReadRow>();
    const { merges } = await this.scan(sheet, (r, cols, vals, dated) => {
      rows.set(r, { cols, vals, dated }); // a repeated row number replaces the earlier row, as in exceljs
    });
    return buildTable(sheet, rows, merges, undefined);
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

export function intersects(a: MergeRange, b: MergeRange): boolean {
  return !(b.bottom < a.top || b.top > a.bottom || b.right < a.left || b.left > a.right);
}

/** True when two of the ranges share a cell. */
function anyOverlap(merges: MergeRange[]): boolean {
  const sorted = [...merges].sort((a, b) => a.top - b.top);
  let active: MergeRange[] = [];
  for (const m of sorted) {
    active = active.filter((x) => x.bottom >= m.top);
    if (active.some((x) => intersects(x, m))) return true;
    active.push(m);
  }
  return false;
}

/** True when (row, col) is a merged range's cell other than its top-left one. */
export function isMergeSlave(merges: MergeRange[], row: number, col: number): boolean {
  for (const m of merges)
    if (
      row >= m.top &&
      row <= m.bottom &&
      col >= m.left &&
      col <= m.right &&
      (row !== m.top || col !== m.left)
    )
      return true;
  return false;
}

/**
 * A sheet's merged ranges by row: the ranges covering a row, quickly for rows asked in
 * ascending order (a sweep), whatever the number of ranges.
 */
export class MergeIndex {
  private readonly sorted: MergeRange[];
  private next = 0;
  private active: MergeRange[] = [];
  private row = 0;

  constructor(merges: MergeRange[]) {
    this.sorted = [...merges].sort((a, b) => a.top - b.top);
  }

  /** The merged ranges that cover `row`. */
  at(row: number): MergeRange[] {
    if (this.sorted.length === 0) return this.active;
    if (row < this.row) {
      this.next = 0;
      this.active = [];
    }
    this.row = row;
    const sorted = this.sorted;
    while (this.next < sorted.length && sorted[this.next].top <= row)
      this.active.push(sorted[this.next++]);
    if (this.active.some((m) => m.bottom < row))
      this.active = this.active.filter((m) => m.bottom >= row);
    return this.active;
  }
}

/** Drop a row's cells that are merged into another cell (their value is not the sheet's). */
export function dropMergeSlaves(
  index: MergeIndex,
  row: number,
  cols: number[],
  vals: CellValue[],
): void {
  const merges = index.at(row);
  if (merges.length === 0) return;
  for (let i = cols.length - 1; i >= 0; i--) {
    if (isMergeSlave(merges, row, cols[i])) {
      cols.splice(i, 1);
      vals.splice(i, 1);
    }
  }
}

/**
 * Rows (Excel row → its non-empty cells) as `worksheetTable` lays them out: from the first to
 * the last row holding a value, from the first to the last such column (or from `minColumn`
 * when given and further left), blank rows included, every row as wide as the table.
 */
export function buildTable(
  part: XlsxSheetPart,
  rows: Map<number, ReadRow>,
  merges: MergeRange[],
  minColumn: number | undefined,
): RawTable {
  let minR = Infinity;
  let maxR = 0;
  let minC = minColumn ?? Infinity;
  let maxC = 0;
  const index = new MergeIndex(merges);
  for (const r of [...rows.keys()].sort((a, b) => a - b)) {
    const row = rows.get(r)!;
    dropMergeSlaves(index, r, row.cols, row.vals);
    if (row.cols.length === 0) continue;
    if (r < minR) minR = r;
    if (r > maxR) maxR = r;
    if (row.cols[0] < minC) minC = row.cols[0];
    const last = row.cols[row.cols.length - 1];
    if (last > maxC) maxC = last;
  }
  const sheet = part.name;
  if (maxR === 0) return { sheet, values: [], firstRow: 1, firstColumn: 1 };
  const width = maxC - minC + 1;
  const values: CellValue[][] = [];
  const dates: DateCells = new Map();
  for (let r = minR; r <= maxR; r++) values.push(new Array<CellValue>(width).fill(null));
  for (const [r, row] of rows) {
    const line = values[r - minR];
    if (!line) continue;
    for (let k = 0; k < row.cols.length; k++) line[row.cols[k] - minC] = row.vals[k];
    for (const c of row.dated) if (row.cols.includes(c)) addDateCell(dates, r - minR, c - minC);
  }
  const table = { sheet, values, firstRow: minR, firstColumn: minC };
  return withSheetFacts(table, dates, merges, part.totalsRows);
}
