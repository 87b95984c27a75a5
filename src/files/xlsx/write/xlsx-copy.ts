/**
 * The .xlsx input sheets a workbook run copies into its output. A sheet whose XML is small is
 * copied whole with its formats, formulas, widths and tables (exceljs loads it: xlsx-write.ts
 * `copyInputSheet`). A big one (over COPY_WHOLE_MAX_BYTES of XML) would cost exceljs many times
 * its size in memory (a 200,000-row sheet: gigabytes), so it is copied values only, row by row
 * from its file as the workbook is written (as csv/csv-copy.ts copies a CSV): each cell's value
 * (a formula's cached result), no formats. The person is told which sheets were copied so.
 *
 * Our own sheets (listed in the state) are always loaded whole: whether a person edited one is
 * read from its formulas (fingerprintGrid). A re-run on a big workbook of ours pays for that.
 */
import * as yazl from 'yazl';
import { CELL_TEXT_LIMIT, clipCellText } from '../../../core/plans/cell-text';
import { columnLetters } from '../../../core/types';
import type { CsvFileSheet } from '../../csv/csv-copy';
import { InputFileError } from '../../errors';
import { readCheckedFile, type FileLimits } from '../../inspect';
import type { InputSheet } from '../../source';
import { openZip } from '../../zip/zip';
import { readXlsxSheets } from '../read/xlsx-read';
import type { XlsxBook, XlsxSheetPart } from '../read/xlsx-stream';
import type { SharedStrings } from './shared-strings';
import { worksheetHead, worksheetTail } from './xlsx-parts';

/** A sheet whose XML inflates past this is copied values only, from its file (defined once). */
export const COPY_WHOLE_MAX_BYTES = 8 * 1024 * 1024;

/** A big .xlsx input sheet the writer copies values only, row by row, from its workbook. */
export interface XlsxFileSheet {
  kind: 'xlsx-file';
  name: string;
  visibility: 'visible' | 'hidden' | 'veryHidden';
  file: string;
  book: XlsxBook;
  part: XlsxSheetPart;
}

/** An .xlsx sheet as opened for streaming (the run's source), before the copy is decided. */
export interface XlsxPartSource {
  kind: 'xlsx-part';
  name: string;
  book: XlsxBook;
  part: XlsxSheetPart;
}

export interface CopyOptions extends FileLimits {
  /** Sheets always loaded whole, however big (ours and the state: core/workbook-run.ts says which). */
  loadWhole: (name: string) => boolean;
  /** Told which sheets are copied as values only. */
  note: (message: string) => void;
}

/** The empty sheet exceljs loads in place of a big one (its rows are copied from the file). */
const EMPTY_SHEET =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>';

const isBig = (p: XlsxPartSource, options: CopyOptions) =>
  p.part.entry.uncompressedSize > COPY_WHOLE_MAX_BYTES && !options.loadWhole(p.name);

/**
 * The input sheets as the writer copies them, in order: a CSV from its file; an .xlsx sheet
 * loaded whole (small), or read from its file values only as it is written (big).
 */
export async function loadCopies(
  sources: (CsvFileSheet | XlsxPartSource)[],
  options: CopyOptions,
): Promise<(InputSheet | CsvFileSheet | XlsxFileSheet)[]> {
  const loaded = new Map<XlsxBook, Map<string, InputSheet>>();
  for (const s of sources) {
    if (s.kind !== 'xlsx-part' || loaded.has(s.book)) continue;
    const big = sources.filter(
      (x): x is XlsxPartSource => x.kind === 'xlsx-part' && x.book === s.book && isBig(x, options),
    );
    loaded.set(s.book, await loadSmallSheets(s.book, big, options));
  }
  return sources.map((s) => {
    if (s.kind === 'csv-file') return s;
    if (isBig(s, options)) {
      options.note(
        `Copied "${s.name}" (${s.book.file}) as values only, without its formats: its ${Math.round(s.part.entry.uncompressedSize / 2 ** 20)} MB of cells are more than the ${COPY_WHOLE_MAX_BYTES / 2 ** 20} MB a sheet is copied whole with its formats.`,
      );
      return {
        kind: 'xlsx-file',
        name: s.name,
        visibility: s.part.visibility,
        file: s.book.file,
        book: s.book,
        part: s.part,
      } satisfies XlsxFileSheet;
    }
    return loaded.get(s.book)!.get(s.name)!;
  });
}

/** The workbook loaded by exceljs, its big sheets loaded as empty ones. */
async function loadSmallSheets(
  book: XlsxBook,
  big: XlsxPartSource[],
  limits: FileLimits,
): Promise<Map<string, InputSheet>> {
  const bytes = big.length
    ? await withEmptySheets(book.file, new Set(big.map((b) => b.part.entry.name)))
    : (await readCheckedFile(book.file, limits)).bytes;
  let read;
  try {
    read = await readXlsxSheets(bytes);
  } catch (err) {
    throw new InputFileError(
      'UNREADABLE_XLSX',
      `${book.file} could not be read as an .xlsx workbook (${(err as Error).message}). Open it in Excel and save it again as .xlsx.`,
    );
  }
  return new Map(
    read.sheets.map((s) => [
      s.name,
      {
        name: s.name,
        visibility: s.visibility,
        file: book.file,
        kind: 'xlsx' as const,
        table: s.table,
        worksheet: s.worksheet,
        date1904: read.date1904,
      },
    ]),
  );
}

/** The workbook's zip (checked already: XlsxBook.open) with the named sheet parts emptied. */
async function withEmptySheets(file: string, emptied: Set<string>): Promise<Buffer> {
  const zip = await openZip(file, file);
  const out = new yazl.ZipFile();
  try {
    for (const e of zip.entries) {
      if (e.name.endsWith('/')) continue;
      if (emptied.has(e.name)) {
        out.addBuffer(Buffer.from(EMPTY_SHEET, 'utf8'), e.name);
        continue;
      }
      const parts: Buffer[] = [];
      for await (const chunk of zip.chunks(e)) parts.push(chunk);
      out.addBuffer(Buffer.concat(parts), e.name, { compress: false });
    }
  } finally {
    await zip.close();
  }
  out.end();
  const chunks: Buffer[] = [];
  for await (const chunk of out.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** XML of rows is handed on in pieces of about this many characters. */
const PIECE_CHARS = 1 << 16;

/**
 * A big sheet's XML, values only, read from its workbook as it is written: a first pass finds
 * its extent (the dimension comes first in the XML), the second writes its rows, waiting while
 * the zip writer has not taken the last piece.
 */
export async function* xlsxFileSheetPieces(
  sheet: XlsxFileSheet,
  sst: SharedStrings,
): AsyncGenerator<string> {
  let maxRow = 0;
  let maxCol = 0;
  await sheet.book.scan(sheet.part, (r, cols) => {
    if (!cols.length) return;
    if (r > maxRow) maxRow = r;
    if (cols[cols.length - 1] > maxCol) maxCol = cols[cols.length - 1];
  });
  yield worksheetHead(maxRow && maxCol ? `A1:${columnLetters(maxCol)}${maxRow}` : 'A1');
  const letters: string[] = [];
  const col = (c: number) => (letters[c] ??= columnLetters(c));
  let xml = '';
  let lastRow = 0;
  const channel = new PieceChannel();
  void sheet.book
    .scan(
      sheet.part,
      (r, cols, vals) => {
        if (r <= lastRow || !cols.length) return; // a repeated row: the file's first is kept
        lastRow = r;
        let line = '';
        for (let k = 0; k < cols.length; k++) line += cellXml(`${col(cols[k])}${r}`, vals[k], sst);
        if (line) xml += `<row r="${r}">${line}</row>`;
      },
      () => {
        if (xml.length < PIECE_CHARS) return;
        const piece = xml;
        xml = '';
        return channel.put(piece);
      },
    )
    .then(
      () => channel.end(xml),
      (err: unknown) => channel.fail(err),
    );
  for (;;) {
    const piece = await channel.take();
    if (piece === null) break;
    yield piece;
  }
  yield worksheetTail();
}

/** One cell's XML: a number, a boolean, or text (shared string, cut at Excel's cell limit). */
function cellXml(ref: string, v: string | number | boolean | null, sst: SharedStrings): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? `<c r="${ref}"><v>${v}</v></c>` : '';
  if (typeof v === 'boolean') return `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
  const text = v.length > CELL_TEXT_LIMIT ? clipCellText(v) : v;
  return `<c r="${ref}" t="s"><v>${sst.indexOf(text)}</v></c>`;
}

/** Pieces from a reader to a consumer, one at a time: the reader waits until its piece is taken. */
class PieceChannel {
  private pieces: string[] = [];
  private done = false;
  private error: unknown = null;
  private wake: (() => void) | null = null;
  private taken: (() => void) | null = null;

  put(piece: string): Promise<void> {
    this.pieces.push(piece);
    this.wake?.();
    return new Promise<void>((resolve) => (this.taken = resolve));
  }

  end(last: string): void {
    if (last) this.pieces.push(last);
    this.done = true;
    this.wake?.();
  }

  fail(err: unknown): void {
    this.error = err;
    this.wake?.();
  }

  /** The next piece, or null at the end. */
  async take(): Promise<string | null> {
    for (;;) {
      if (this.pieces.length) {
        const piece = this.pieces.shift()!;
        const go = this.taken;
        this.taken = null;
        go?.();
        return piece;
      }
      if (this.error) throw this.error;
      if (this.done) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}
