/**
 * A CSV input copied into the written workbook straight from its file, row block by row block:
 * the command line's workbook runs stream CSVs into the analysis (never one table of a million
 * rows), so the copy is read from the file again when it is written. The sheet is the one the
 * whole-table copy gives (valuesSheetPieces over parseCsvText's table): same encoding decision
 * (strict UTF-8, else Windows-1252), same rows (trailing blank lines dropped), same cells.
 */
import type { CellValue } from '../../core/types';
import { columnLetters } from '../../core/types';
import { CsvEncodingError, streamCsvRows } from './csv-read';
import { InputFileError } from '../errors';
import type { SharedStrings } from '../xlsx/write/shared-strings';
import { valuesSheetPieces, worksheetHead, worksheetTail } from '../xlsx/write/xlsx-parts';

/** A CSV input the writer copies from its file (see XlsxWriterOptions.inputs). */
export interface CsvFileSheet {
  name: string;
  visibility: 'visible';
  file: string;
  kind: 'csv-file';
}

/** Rows of XML are gathered into pieces of about this many characters before deflating. */
const PIECE_CHARS = 1 << 16;

/**
 * The sheet XML of a CSV file, in pieces: a first pass finds the encoding, the rows and the
 * last column (the dimension comes first in the XML), the second writes the rows. A file longer
 * than `maxRows` rows is not copied: `tooLong(rows)` gives the one-cell note written instead.
 */
export async function* csvFileSheetPieces(
  sheet: CsvFileSheet,
  sst: SharedStrings,
  convert: (s: string) => string | number,
  maxRows: number,
  tooLong: (rows: number) => string,
): AsyncGenerator<string> {
  let encoding: 'utf-8' | 'windows-1252' = 'utf-8';
  let maxCol = 0;
  const scan = (enc: 'utf-8' | 'windows-1252') => {
    maxCol = 0;
    return streamCsvRows(
      sheet.file,
      (rows) => {
        for (const row of rows) {
          for (let c = row.length - 1; c >= 0 && c >= maxCol; c--) {
            if (row[c] !== null && row[c] !== undefined) {
              maxCol = c + 1;
              break;
            }
          }
        }
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
  try {
    rows = await scan('utf-8');
  } catch (err) {
    if (!(err instanceof CsvEncodingError)) throw unreadable(err);
    encoding = 'windows-1252';
    rows = await scan(encoding).catch((e: unknown) => Promise.reject(unreadable(e)));
  }
  if (rows > maxRows) {
    const note = tooLong(rows);
    yield* valuesSheetPieces({ rows: 1, rowAt: () => [note], firstRow: 1, firstColumn: 1 }, sst);
    return;
  }
  yield worksheetHead(rows && maxCol ? `A1:${columnLetters(maxCol)}${rows}` : 'A1');
  const letters: string[] = [];
  const col = (c: number) => (letters[c] ??= columnLetters(c));
  const rowsXml = (block: CellValue[][], first: number) => {
    let xml = '';
    for (let r = 0; r < block.length; r++) {
      const row = block[r];
      const rn = first + r;
      let line = '';
      for (let c = 0; c < row.length; c++) {
        const s = row[c];
        if (s === null || s === undefined) continue;
        const v = typeof s === 'string' ? convert(s) : s;
        const ref = `${col(c + 1)}${rn}`;
        if (typeof v === 'number') {
          if (Number.isFinite(v)) line += `<c r="${ref}"><v>${v}</v></c>`;
        } else if (typeof v === 'boolean') {
          line += `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
        } else line += `<c r="${ref}" t="s"><v>${sst.indexOf(v)}</v></c>`;
      }
      if (line) xml += `<row r="${rn}">${line}</row>`;
    }
    return xml;
  };
  // The reader's callbacks become pieces: each block waits until its XML has been taken.
  const queue: string[] = [];
  const signal: { resume: (() => void) | null; wake: (() => void) | null } = {
    resume: null,
    wake: null,
  };
  let finished = false;
  let failed: unknown = null;
  void streamCsvRows(
    sheet.file,
    (block, first) => {
      queue.push(rowsXml(block, first));
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
  let piece = '';
  for (;;) {
    if (queue.length) {
      piece += queue.shift()!;
      const go = signal.resume;
      signal.resume = null;
      if (piece.length >= PIECE_CHARS) {
        yield piece;
        piece = '';
      }
      go?.();
      continue;
    }
    if (failed) throw failed;
    if (finished) break;
    await new Promise<void>((resolve) => (signal.wake = resolve));
    signal.wake = null;
  }
  yield piece + worksheetTail();
}
