/**
 * CSV input with papaparse: the delimiter is sniffed among comma, semicolon and tab; UTF-8 with
 * or without a byte-order mark. Cells stay the raw strings ("" → null): the core's intake
 * parses text, so "007" or "1e3" mean what the intake decides, not what a CSV reader guessed.
 */
import { createReadStream } from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import Papa from 'papaparse';
import type { DataQualityIssue } from '../../core/report';
import type { CellValue, RawTable } from '../../core/types';

export const CSV_DELIMITERS = [',', ';', '\t'];

/** Characters Excel refuses in a sheet name, and its longest name. */
// eslint-disable-next-line no-control-regex -- Excel refuses control characters in a sheet name
const ILLEGAL_IN_SHEET_NAME = /[:\\/?*[\]\u0000-\u001f]/g;
const SHEET_NAME_MAX = 31;

/** A short, stable mark of a text (FNV-1a, base 36), to keep shortened names apart. */
function mark(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36).padStart(5, '0').slice(-5);
}

/**
 * Sheet name of a CSV input: its file's base name (data/star.csv → "star"), made a legal Excel
 * sheet name: none of : \ / ? * [ ], no apostrophe at either end, at most 31 characters, not
 * empty. A name that had to change ends with a mark of the original ("Grade 7 Reading Scores
 * 2024-… ~k3x9a"), so two files whose names differ never clash.
 */
export function csvSheetName(file: string): string {
  const base = path.basename(file, path.extname(file)).normalize('NFC');
  const legal = base
    .replace(ILLEGAL_IN_SHEET_NAME, '_')
    .replace(/^'+|'+$/g, '')
    .trim();
  if (legal === base && legal.length <= SHEET_NAME_MAX && legal.toLowerCase() !== 'history')
    return legal;
  return `${legal.slice(0, SHEET_NAME_MAX - 7).trimEnd() || 'CSV'} ~${mark(base)}`;
}

/** The note for a CSV whose sheet name is not its file's name, or null. */
export function csvSheetNameNote(file: string): string | null {
  const base = path.basename(file, path.extname(file));
  const name = csvSheetName(file);
  return name === base
    ? null
    : `${path.basename(file)} is the sheet "${name}" (an Excel sheet name holds at most 31 characters and none of : \\ / ? * [ ]).`;
}

function toCells(row: string[]): CellValue[] {
  return row.map((s) => (s === '' ? null : s));
}

const isBlank = (row: CellValue[]) => row.every((c) => c === null);

/**
 * A decoded file is read this many chunks at a time and handed to papaparse a chunk at a time:
 * the next read is asked for only once the block before it is parsed, so reading a chunk at a
 * time left the main thread waiting for the disk once per chunk.
 */
const READ_AHEAD = 4;

/**
 * Decode CSV bytes: UTF-8 (with or without BOM) as the contract says; bytes that are not valid
 * UTF-8 are read as Windows-1252, which is what Excel's plain "CSV (Comma delimited)" writes on
 * Windows in the US and western Europe, so "López" is not turned into "L�pez".
 */
export function decodeCsvBytes(bytes: Uint8Array): {
  text: string;
  encoding: 'utf-8' | 'windows-1252';
} {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** Told of a row whose quote is never closed: its Excel row and its text as read. */
export type CsvProblemListener = (excelRow: number, cells: string[]) => void;

/**
 * Papaparse reads an unclosed quote as a field running to the end of the file, so every row
 * after it vanishes into one cell. Read that row again with the quote as a plain character and
 * the rows after it as usual (again, for a later unclosed quote); `bad` lists the index of each
 * such row, for a coded data-quality issue.
 */
export function recoverUnclosedQuote(
  data: string[][],
  errors: Papa.ParseError[],
  delimiter: string,
): { rows: string[][]; bad: number[] } {
  if (!errors.some((e) => e.code === 'MissingQuotes') || !data.length)
    return { rows: data, bad: [] };
  const last = data.pop()!;
  const field = last[last.length - 1] ?? '';
  const nl = field.search(/\r\n|\n|\r/);
  const line = nl < 0 ? field : field.slice(0, nl);
  const bad = [data.length];
  data.push([...last.slice(0, -1), ...`"${line}`.split(delimiter)]);
  if (nl < 0) return { rows: data, bad };
  const rest = field.slice(nl + (field.startsWith('\r\n', nl) ? 2 : 1));
  const again = Papa.parse<string[]>(rest, { delimiter, skipEmptyLines: false });
  const more = recoverUnclosedQuote(again.data, again.errors, delimiter);
  const at = data.length;
  for (const r of more.rows) data.push(r);
  return { rows: data, bad: [...bad, ...more.bad.map((i) => i + at)] };
}

/** Parse a whole CSV held in memory into a RawTable starting at A1. */
export function parseCsvText(
  sheet: string,
  text: string,
  onProblem?: CsvProblemListener,
): RawTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const result = Papa.parse<string[]>(body, {
    delimitersToGuess: CSV_DELIMITERS,
    skipEmptyLines: false,
  });
  const { rows, bad } = recoverUnclosedQuote(result.data, result.errors, result.meta.delimiter);
  for (const i of bad) onProblem?.(i + 1, rows[i]);
  const values = rows.map(toCells);
  // A blank line inside the file stays (it is a row in Excel too); trailing ones do not.
  while (values.length && isBlank(values[values.length - 1])) values.pop();
  const width = values.reduce((m, r) => Math.max(m, r.length), 0);
  for (const r of values) while (r.length < width) r.push(null);
  return { sheet, values, firstRow: 1, firstColumn: 1 };
}

export interface StreamCsvOptions {
  /**
   * Bytes papaparse parses at a time (default 64 KB: measured fastest and smallest here, 1M rows in
   * about 0.47 s, 78 MB peak RSS); a decoded file is read READ_AHEAD times as much at a time.
   */
  chunkSize?: number;
  /**
   * How the bytes are decoded. Without it: UTF-8, invalid bytes replaced. 'utf-8': strictly,
   * rejecting with CsvEncodingError at the first invalid byte (the caller then reads the file
   * again as 'windows-1252', as decodeCsvBytes does for a whole file).
   */
  encoding?: 'utf-8' | 'windows-1252';
  /** Told of each row whose quote is never closed (read again: no row is dropped). */
  onProblem?: CsvProblemListener;
}

/** A CSV read as strict UTF-8 holds bytes that are not UTF-8: read it again as Windows-1252. */
export class CsvEncodingError extends Error {
  constructor(readonly file: string) {
    super(`${file} is not valid UTF-8`);
    this.name = 'CsvEncodingError';
  }
}

/** Bytes → text in the given encoding, a chunk at a time (characters split across chunks kept whole). */
function decoding(file: string, encoding: 'utf-8' | 'windows-1252', piece: number): Transform {
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  // Object mode on the readable side: the text goes to papaparse as strings, not re-encoded.
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, cb) {
      try {
        for (let at = 0; at < chunk.length; at += piece)
          this.push(decoder.decode(chunk.subarray(at, at + piece), { stream: true }));
      } catch {
        cb(new CsvEncodingError(file));
        return;
      }
      cb();
    },
    flush(cb) {
      let text: string;
      try {
        text = decoder.decode();
      } catch {
        cb(new CsvEncodingError(file));
        return;
      }
      cb(null, text);
    },
  });
}

/** True when the file starts with the UTF-8 byte-order mark. */
async function startsWithBom(file: string): Promise<boolean> {
  const fh = await fsp.open(file, 'r');
  try {
    const head = Buffer.alloc(3);
    const { bytesRead } = await fh.read(head, 0, 3, 0);
    return bytesRead === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  } finally {
    await fh.close();
  }
}

/** "" → null in place: the rows papaparse just built are ours, no copy needed. */
function nullEmpty(row: CellValue[]): CellValue[] {
  for (let i = 0; i < row.length; i++) if (row[i] === '') row[i] = null;
  return row;
}

/**
 * The rightmost column (1-based) holding a value in `rows`, or `atLeast` when none is further
 * right: a streamed CSV's extent followed block by block.
 */
export function lastColumnWithValue(rows: readonly CellValue[][], atLeast: number): number {
  let last = atLeast;
  for (const row of rows)
    for (let c = row.length - 1; c >= last; c--)
      if (row[c] !== null && row[c] !== undefined) {
        last = c + 1;
        break;
      }
  return last;
}

/**
 * Stream a CSV file in chunks of rows, for files too big to hold as one table. `onChunk` gets
 * each block with the Excel row number of its first row (the header is row 1); it may return
 * a promise, and reading waits for it; returning (or resolving to) `false` stops the reading
 * there. Blank lines keep their row numbers; trailing blank lines are not delivered. Resolves
 * with the number of rows delivered. Memory stays at about one chunk of rows whatever the
 * file's size.
 */
export async function streamCsvRows(
  file: string,
  onChunk: (rows: CellValue[][], firstExcelRow: number) => void | boolean | Promise<void | boolean>,
  options: StreamCsvOptions = {},
): Promise<number> {
  // papaparse strips a byte-order mark from strings only; skip it in the file instead (a strict
  // UTF-8 decoder drops it itself; Windows-1252 text keeps it as decodeCsvBytes does).
  const start = !options.encoding && (await startsWithBom(file)) ? 3 : 0;
  return new Promise((resolve, reject) => {
    let nextRow = 1;
    let pendingBlank: CellValue[][] = [];
    let failed = false;
    let stopped = false;
    const highWaterMark = options.chunkSize ?? 64 * 1024;
    const raw = options.encoding
      ? createReadStream(file, { highWaterMark: highWaterMark * READ_AHEAD })
      : createReadStream(file, { start, encoding: 'utf8', highWaterMark });
    raw.on('error', (err) => {
      failed = true;
      reject(err);
    });
    const input = options.encoding
      ? raw.pipe(decoding(file, options.encoding, highWaterMark))
      : raw;
    if (input !== raw) {
      input.on('error', (err: Error) => {
        failed = true;
        raw.destroy();
        reject(err);
      });
    }
    const stop = (parser: Papa.Parser) => {
      stopped = true;
      parser.abort();
      raw.destroy();
      resolve(nextRow - 1);
    };
    Papa.parse(input as unknown as File, {
      delimitersToGuess: CSV_DELIMITERS,
      skipEmptyLines: false,
      chunk(results, parser) {
        if (failed || stopped) return;
        const { rows: read, bad } = recoverUnclosedQuote(
          results.data as string[][],
          results.errors,
          results.meta.delimiter,
        );
        for (const i of bad) options.onProblem?.(nextRow + pendingBlank.length + i, read[i]);
        const data = read as CellValue[][];
        let rows: CellValue[][] = data;
        // Blank rows are held back until a non-blank row follows, so trailing ones vanish.
        let lastNonBlank = data.length - 1;
        while (lastNonBlank >= 0 && isBlank(nullEmpty(data[lastNonBlank]))) lastNonBlank--;
        for (let i = 0; i <= lastNonBlank; i++) nullEmpty(data[i]);
        if (lastNonBlank < 0) {
          pendingBlank.push(...data);
          return;
        }
        if (pendingBlank.length || lastNonBlank < data.length - 1) {
          rows = pendingBlank.concat(data.slice(0, lastNonBlank + 1));
          pendingBlank = data.slice(lastNonBlank + 1);
        }
        const firstRow = nextRow;
        nextRow += rows.length;
        const ret = onChunk(rows, firstRow);
        if (ret === false) stop(parser);
        else if (ret && typeof (ret as Promise<void | boolean>).then === 'function') {
          parser.pause();
          (ret as Promise<void | boolean>).then(
            (more) => (more === false ? stop(parser) : parser.resume()),
            (err) => {
              failed = true;
              parser.abort();
              reject(err);
            },
          );
        }
      },
      complete() {
        if (!failed && !stopped) resolve(nextRow - 1);
      },
      error(err: Error) {
        failed = true;
        reject(err);
      },
    });
  });
}

/**
 * The CSV read problems of one run, as data-quality issues (a file read more than once — its
 * first rows, the rest, the copy into the workbook — is told once per row).
 */
export class CsvProblems {
  private readonly found = new Map<string, DataQualityIssue>();

  /** The listener for one CSV file's reads. */
  listener(file: string): CsvProblemListener {
    const sheet = csvSheetName(file);
    return (row, cells) => {
      const key = `${file}\u0000${row}`;
      if (this.found.has(key)) return;
      const text = cells.join(',');
      this.found.set(key, {
        code: 'CSV_UNCLOSED_QUOTE',
        severity: 'error',
        sheet,
        row,
        column: null,
        value: text.length > 80 ? `${text.slice(0, 80)}…` : text,
        message: `Row ${row} of ${path.basename(file)} opens a quote (") that is never closed; the row was read with the quote as a plain character and the rows after it as usual. Check this row in the file.`,
      });
    };
  }

  issues(): DataQualityIssue[] {
    return [...this.found.values()];
  }
}
