/**
 * A CSV input copied into the written workbook straight from its file, row block by row block:
 * the command line's workbook runs stream CSVs into the analysis (never one table of a million
 * rows), so the copy is read from the file again when it is written. The sheet is the one the
 * whole-table copy gives (valuesSheetPieces over parseCsvText's table): same encoding decision
 * (strict UTF-8, else Windows-1252), same rows (trailing blank lines dropped), same cells.
 */
import type { CellValue } from '../../core/types';
import { columnLetters } from '../../core/types';
import { CsvEncodingError, lastColumnWithValue, streamCsvRows } from './csv-read';
import { InputFileError } from '../errors';
import { ColumnStrings, type SharedStrings } from '../xlsx/write/shared-strings';
import { valuesSheetPieces, worksheetHead, worksheetTail } from '../xlsx/write/xlsx-parts';
import { PIECE_BYTES } from '../xlsx/write/plan-sheet';
import { XmlBytes, asciiBytes } from '../xlsx/write/xml-bytes';

/** What a full read of a CSV found: its encoding, its rows and its rightmost column with a value. */
export interface CsvShape {
  encoding: 'utf-8' | 'windows-1252';
  rows: number;
  lastColumn: number;
}

/** A CSV input the writer copies from its file (see XlsxWriterOptions.inputs). */
export interface CsvFileSheet {
  name: string;
  visibility: 'visible';
  file: string;
  kind: 'csv-file';
  /**
   * The file's shape, asked for as the copy is written: once the analysis has read the whole
   * file it knows it (CsvSheetStream.shape), and the copy makes no pass of its own to find it.
   */
  shape?(): CsvShape | undefined;
}

/**
 * The sheet XML of a CSV file, in pieces: a first pass finds the encoding, the rows and the
 * last column (the dimension comes first in the XML), unless the analysis's read found them
 * (`sheet.shape`); the second writes the rows. A file longer
 * than `maxRows` rows is not copied: `tooLong(rows)` gives the one-cell note written instead.
 */
export async function* csvFileSheetPieces(
  sheet: CsvFileSheet,
  sst: SharedStrings,
  convert: (s: string) => string | number,
  maxRows: number,
  tooLong: (rows: number) => string,
): AsyncGenerator<string | Uint8Array> {
  let encoding: 'utf-8' | 'windows-1252' = 'utf-8';
  let maxCol = 0;
  const scan = (enc: 'utf-8' | 'windows-1252') => {
    maxCol = 0;
    return streamCsvRows(
      sheet.file,
      (rows) => {
        maxCol = lastColumnWithValue(rows, maxCol);
      },
      { encoding: enc },
    );
  };
  /** The file was read once already (by the analysis): failing now means it moved or changed. */
  const unreadable = (err: unknown) =>
    new InputFileError(
      'CSV_CHANGED',
      `${sheet.file} could not be read again to copy it into the workbook (${(err as Error).message}). Was it moved or changed during the run? Run again; nothing was written.`,
    );
  let rows: number;
  const known = sheet.shape?.();
  if (known) {
    ({ encoding, rows, lastColumn: maxCol } = known);
  } else {
    try {
      rows = await scan('utf-8');
    } catch (err) {
      if (!(err instanceof CsvEncodingError)) throw unreadable(err);
      encoding = 'windows-1252';
      rows = await scan(encoding).catch((e: unknown) => Promise.reject(unreadable(e)));
    }
  }
  if (rows > maxRows) {
    const note = tooLong(rows);
    yield* valuesSheetPieces({ rows: 1, rowAt: () => [note], firstRow: 1, firstColumn: 1 }, sst);
    return;
  }
  yield worksheetHead(rows && maxCol ? `A1:${columnLetters(maxCol)}${rows}` : 'A1');
  // The rows as UTF-8 bytes, as plan sheets are written (xml-bytes.ts): no string per cell.
  const out = new XmlBytes(PIECE_BYTES + (PIECE_BYTES >> 2));
  const rowsXml = csvRowsXml(out, sst, convert);
  // The reader's callbacks become pieces: a block that fills a piece waits until it is taken.
  const queue: Uint8Array[] = [];
  const signal: { resume: (() => void) | null; wake: (() => void) | null } = {
    resume: null,
    wake: null,
  };
  let finished = false;
  let failed: unknown = null;
  void streamCsvRows(
    sheet.file,
    (block, first) => {
      rowsXml(block, first);
      if (out.at < PIECE_BYTES) return;
      queue.push(out.take());
      signal.wake?.();
      return new Promise<void>((resolve) => (signal.resume = resolve));
    },
    { encoding },
  ).then(
    () => {
      finished = true;
      signal.wake?.();
    },
    (err: unknown) => {
      failed = unreadable(err);
      signal.wake?.();
    },
  );
  for (;;) {
    if (queue.length) {
      const piece = queue.shift()!;
      const go = signal.resume;
      signal.resume = null;
      yield piece;
      go?.();
      continue;
    }
    if (failed) throw failed;
    if (finished) break;
    await new Promise<void>((resolve) => (signal.wake = resolve));
    signal.wake = null;
  }
  yield out.take();
  yield worksheetTail();
}

/** A copied cell's tags after its reference, as bytes made once. */
const TAG = {
  number: asciiBytes('"><v>'),
  boolean: asciiBytes('" t="b"><v>'),
  shared: asciiBytes('" t="s"><v>'),
  end: asciiBytes('</v></c>'),
};

/** Writes a block of CSV rows (from Excel row `first`) as sheet XML into `out`. */
function csvRowsXml(
  out: XmlBytes,
  sst: SharedStrings,
  convert: (s: string) => string | number,
): (block: CellValue[][], first: number) => void {
  const heads: Uint8Array[] = [];
  const strings = new ColumnStrings(sst);
  const cellHead = (c: number) => {
    out.put((heads[c] ??= asciiBytes(`<c r="${columnLetters(c)}`)));
    out.markedAgain(); // the row's number
  };
  return (block, first) => {
    for (let r = 0; r < block.length; r++) {
      const row = block[r];
      const rn = first + r;
      const start = out.at;
      out.ascii('<row r="');
      out.markedNumber(rn);
      out.ascii('">');
      let any = false;
      for (let c = 0; c < row.length; c++) {
        const s = row[c];
        if (s === null || s === undefined) continue;
        const v = typeof s === 'string' ? convert(s) : s;
        if (typeof v === 'number' && !Number.isFinite(v)) continue;
        any = true;
        cellHead(c + 1);
        out.put(
          typeof v === 'number' ? TAG.number : typeof v === 'boolean' ? TAG.boolean : TAG.shared,
        );
        out.number(
          typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'number' ? v : strings.indexOf(c, v),
        );
        out.put(TAG.end);
      }
      if (any) out.ascii('</row>');
      else out.at = start; // nothing in the row: no <row>
    }
  };
}
