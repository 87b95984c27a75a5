/**
 * Read an .xlsx sheet by sheet, row by row, without holding the workbook: the parts are
 * inflated from the file as streams (zip/zip.ts, yauzl), so a sheet can be read from its start as
 * often as needed and left as soon as enough of it is read.
 *
 * Every part is parsed by our own small parsers over saxes (the XML parser exceljs uses), which
 * mirror what exceljs's whole-workbook reader does with it (parts.ts: workbook, relationships,
 * styles, shared strings; row-parser.ts: rows and cells; dates.ts: date formats; refs.ts:
 * references and merged ranges), so a value comes out exactly as `worksheetTable`
 * (xlsx-read.ts) reads it through exceljs's public API: formula → cached result, date → serial
 * (1900 or 1904 system), rich text → text, error → "#N/A", a merged range's value in its
 * top-left cell only. exceljs's internal modules are not loaded (they are not its API and may
 * change in any release; test/files/xlsx-stream-edges.test.ts compares the two readers on
 * hand-written XML). exceljs's own streaming reader (`stream.xlsx.WorkbookReader`) is not used
 * because it reads cells differently from its whole-workbook reader: a formula's cached error
 * or boolean result is lost or becomes a number, shared strings keep their `_x000D_` escapes,
 * inline rich text keeps its last run only, a multi-byte character split between two inflated
 * chunks becomes two replacement characters, and, when shared strings follow the sheets in the
 * zip (as Excel and exceljs write them), every sheet is first copied uncompressed to a
 * temporary file.
 */
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { CellValue, DateCells, RawTable } from '../../../core/types';
import { InputFileError } from '../../errors';
import { checkXlsxFile, type FileLimits } from '../../inspect';
import { addDateCell, withSheetFacts } from './xlsx-read';
import { relationshipsReader, sharedStringsReader, stylesReader, workbookReader } from './parts';
import type { DateStyles, Relationship, WorkbookPart, WorkbookSheet } from './parts';
import { rangeOf } from './refs';
import { SheetReader } from './row-parser';
import { parsePart, SaxFeed, type SaxHandler } from './sax';
import type { ZipEntryInfo, ZipFile } from '../../zip/zip';

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
async function totalsRowsOf(zip: ZipFile, sheet: ZipEntryInfo, file: string): Promise<number[]> {
  const name = sheet.name.replace(/^\//, '');
  const relsEntry = zip.entry(name.replace(/([^/]+)$/, '_rels/$1.rels'));
  if (!relsEntry) return [];
  const rels = relationshipsReader();
  try {
    await parsePart(partText(zip, relsEntry), rels);
  } catch (err) {
    if (err instanceof InputFileError) throw err;
    throw unreadable(file, (err as Error).message);
  }
  const rows: number[] = [];
  for (const rel of rels.done()) {
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
function sheetName(
  raw: string | undefined,
  id: number | undefined,
  taken: string[],
  file: string,
): string {
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
  if (name.length > 31) name = name.substring(0, 31); // (see listWorksheets)
  if (taken.some((t) => t.toLowerCase() === name.toLowerCase()))
    throw bad(`Worksheet name already exists: ${name}`);
  return name;
}

/** The merged ranges of a sheet read to its end, refused as exceljs's whole reader refuses them. */
function mergedRanges(refs: string[], file: string): MergeRange[] {
  const merges: MergeRange[] = [];
  for (const ref of refs) {
    let m: MergeRange;
    try {
      m = rangeOf(ref);
    } catch (err) {
      throw unreadable(file, (err as Error).message);
    }
    if (!(m.top >= 1 && m.left >= 1)) throw unreadable(file, `bad merged range ${ref}`);
    merges.push(m);
  }
  // Overlapping ranges make exceljs refuse the workbook; found by a sweep down the rows.
  if (anyOverlap(merges)) throw unreadable(file, 'Cannot merge already merged cells');
  return merges;
}

/**
 * The worksheets, named and ordered as exceljs's whole reader lists them (xlsx/xlsx.js,
 * book/workbook-xform.js reconcile, doc/workbook.js and doc/worksheet.js): every part named
 * xl/worksheets/sheetN.xml, in the zip's order, takes the name, sheetId and state of the last
 * `<sheet>` whose relationship points to it; each is then checked (sheetName) against the sheets
 * already kept, and kept under its sheetId, replacing an earlier sheet with that id; the list is
 * the kept sheets from sheetId 1 on (not 0, nor an id that is no number), in the order of the
 * workbook's first `<sheet>` with that id.
 */
function listWorksheets(
  zip: ZipFile,
  workbook: WorkbookPart | undefined,
  rels: Relationship[] | undefined,
  file: string,
): { name: string; visibility: XlsxSheetPart['visibility']; entry: ZipEntryInfo }[] {
  const parts: { entry: ZipEntryInfo; sheet?: WorkbookSheet }[] = [];
  const byPath = new Map<string, (typeof parts)[number]>();
  for (const entry of zip.entries) {
    const name = entry.name.replace(/^\//, '');
    if (!/xl\/worksheets\/sheet(\d+)[.]xml/.test(name)) continue;
    parts.push({ entry });
    byPath.set(name, parts[parts.length - 1]);
  }
  const relById = new Map((rels ?? []).map((r) => [r.Id, r]));
  const listed = workbook?.sheets ?? [];
  for (const s of listed) {
    const rel = relById.get(s.rId);
    if (!rel) continue;
    if (typeof rel.Target !== 'string') throw unreadable(file, 'a relationship has no target');
    const part = byPath.get(`xl/${rel.Target.replace(/^(\s|\/xl\/)+/, '')}`);
    if (part) part.sheet = s;
  }
  /** exceljs's array of sheets by sheetId (as a map: an id can be large); other ids are set aside. */
  const byId = new Map<
    number,
    { name: string; state?: string; entry: ZipEntryInfo; order: number }
  >();
  for (const { entry, sheet } of parts) {
    const id = sheet?.id;
    const taken = [...byId.values()].map((x) => x.name);
    const name = sheetName(sheet?.name, id, taken, file);
    const index = id !== undefined && Number.isInteger(id) && id >= 0 && id < 2 ** 32 - 1;
    // exceljs sets the name a second time, then finding a cut name taken by the sheet itself.
    if (index && sheet?.name !== undefined && name !== sheet.name)
      throw unreadable(file, `Worksheet name already exists: ${name}`);
    if (index)
      byId.set(id, {
        name,
        state: sheet?.state,
        entry,
        order: listed.findIndex((x) => x.id === id),
      });
  }
  return [...byId]
    .filter(([id]) => id >= 1)
    .map(([, x]) => x)
    .sort((a, b) => a.order - b.order)
    .map((x) => ({
      name: x.name,
      // exceljs's `state || 'visible'`: an unknown state is kept, as the whole reader keeps it
      visibility: (x.state || 'visible') as XlsxSheetPart['visibility'],
      entry: x.entry,
    }));
}

/** The workbook's own parts, as exceljs's whole reader reads them (parts.ts). */
async function readBookParts(zip: ZipFile, file: string) {
  const read = async <H extends SaxHandler>(handler: H, name: string) => {
    const entry = zip.entry(name);
    if (!entry) return undefined;
    await parsePart(partText(zip, entry), handler);
    return handler;
  };
  try {
    const workbook = (await read(workbookReader(), 'xl/workbook.xml'))?.done();
    const rels = (await read(relationshipsReader(), 'xl/_rels/workbook.xml.rels'))?.done();
    const styles = (await read(stylesReader(), 'xl/styles.xml'))?.done();
    const shared = (await read(sharedStringsReader(), 'xl/sharedStrings.xml'))?.done();
    return { workbook, rels, styles, shared };
  } catch (err) {
    if (err instanceof InputFileError) throw err;
    throw unreadable(file, (err as Error).message);
  }
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
    private readonly styles: DateStyles | undefined,
    private readonly sharedStrings: (string | null)[] | undefined,
  ) {}

  /** Check the file (inspect.ts, nothing held) and read the workbook's small parts. */
  static async open(file: string, limits: FileLimits = {}): Promise<XlsxBook> {
    const zip = await checkXlsxFile(file, limits);
    try {
      const { workbook, rels, styles, shared } = await readBookParts(zip, file);
      const sheets: XlsxSheetPart[] = [];
      for (const { name, visibility, entry } of listWorksheets(zip, workbook, rels, file))
        sheets.push({ name, visibility, entry, totalsRows: await totalsRowsOf(zip, entry, file) });
      return new XlsxBook(file, zip, sheets, Boolean(workbook?.date1904), styles, shared);
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
    const { file } = this;
    /** An error thrown by the row handler: passed on as it is. */
    let handlerFailure: unknown = null;
    let stopped = false;
    const context = {
      date1904: this.date1904,
      styles: this.styles,
      sharedStrings: this.sharedStrings,
    };
    const reader = new SheetReader(context, (r, cols, vals, dated) => {
      let go: boolean | void;
      try {
        go = onRow(r, cols, vals, dated);
      } catch (err) {
        handlerFailure = err;
        throw err;
      }
      if (go === false) stopped = true;
      return !stopped;
    });
    const feed = new SaxFeed(reader);
    const counter = { bytes: 0 };
    for await (const text of partText(this.zip, sheet.entry, counter)) {
      try {
        feed.write(text);
      } catch (err) {
        if (handlerFailure) throw handlerFailure;
        if (err instanceof InputFileError) throw err;
        throw unreadable(file, (err as Error).message);
      }
      if (stopped) break;
      if (between) await between();
    }
    const merges = stopped ? [] : mergedRanges(reader.mergeRefs, file);
    return { merges, stopped, bytesRead: counter.bytes };
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
