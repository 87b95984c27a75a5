/**
 * The command line's streaming path for CSV inputs: a big CSV is never held as a table. Each
 * CSV's header and first rows (SAMPLE_ROWS) are read first; the mapping is detected (or checked)
 * on those; then every CSV is streamed again in papaparse chunks straight into the Dataset
 * builders (startStreamingIntake), each chunk dropped once read. Datasets and data-quality
 * issues are the ones the whole-table path gives for the same rows. (The driver, shared with
 * .xlsx sheets, is core/sources.ts.)
 */
import { stat } from 'node:fs/promises';
import type { MappingConfig } from '../../core/config';
import type { DetectionResult, IntakeResult } from '../../core/intake';
import type { CellValue, RawTable } from '../../core/types';
import {
  CsvEncodingError,
  type CsvProblems,
  csvSheetName,
  lastColumnWithValue,
  streamCsvRows,
} from './csv-read';
import type { CsvShape } from './csv-copy';
import { checkCsvFile, type FileLimits } from '../inspect';
import { readStreaming, SAMPLE_ROWS, type SheetHead, type SheetStream } from '../../core/sources';

export { SAMPLE_ROWS };

/** What a streaming read needs besides the CSVs: sheets already held (from .xlsx inputs). */
export interface CsvStreamOptions extends FileLimits {
  /** Rows of each CSV read before the mapping is chosen (default SAMPLE_ROWS). */
  sampleRows?: number;
  /** Rows per block handed to the intake are papaparse's chunks of this many bytes (default 64 KB). */
  chunkSize?: number;
  progress?: (stage: string, done: number, total: number) => void;
  /** Collects CSV read problems (unclosed quotes) as data-quality issues. */
  csvProblems?: CsvProblems;
}

export interface CsvStreamInput {
  /** Every sheet in input order: .xlsx sheets whole, each CSV as a table of its first rows. */
  tables: RawTable[];
  config: MappingConfig;
  detection: DetectionResult | null;
  intake: IntakeResult;
}

/**
 * A CSV file as a SheetStream: strict UTF-8 first; at the first invalid byte the file is read
 * again (from the top of the run) as Windows-1252, what the whole-file reader decides.
 */
export class CsvSheetStream implements SheetStream {
  readonly label: string;
  private encoding: 'utf-8' | 'windows-1252' = 'utf-8';
  /** Rows 1..after are in the head's table. */
  private after = 0;
  /** The rightmost column holding a value in the rows read so far, and the rows once all are read. */
  private lastColumn = 0;
  private allRows: number | null = null;

  constructor(
    readonly file: string,
    private readonly options: CsvStreamOptions = {},
  ) {
    this.label = file;
  }

  async check(): Promise<void> {
    await checkCsvFile(this.file, this.options);
  }

  retry(err: unknown): boolean {
    if (err instanceof CsvEncodingError && err.file === this.file && this.encoding === 'utf-8') {
      this.encoding = 'windows-1252';
      return true;
    }
    return false;
  }

  async head(limit: number): Promise<SheetHead> {
    const values: CellValue[][] = [];
    let complete = true;
    this.lastColumn = 0;
    this.allRows = null;
    const count = await streamCsvRows(
      this.file,
      (rows) => {
        this.lastColumn = lastColumnWithValue(rows, this.lastColumn);
        const room = limit - values.length;
        if (rows.length > room) {
          // A row beyond the sample exists (blank rows come only before a non-blank one).
          for (let i = 0; i < room; i++) values.push(rows[i]);
          complete = false;
          return false;
        }
        for (const r of rows) values.push(r);
        return undefined;
      },
      {
        encoding: this.encoding,
        chunkSize: this.options.chunkSize,
        onProblem: this.options.csvProblems?.listener(this.file),
      },
    );
    // Pad to the widest row, as the whole-table reader does (parseCsvText).
    const width = values.reduce((m, r) => Math.max(m, r.length), 0);
    for (const r of values) while (r.length < width) r.push(null);
    const table: RawTable = { sheet: csvSheetName(this.file), values, firstRow: 1, firstColumn: 1 };
    this.after = values.length;
    if (complete) {
      this.allRows = count;
      return { table, complete };
    }
    // Rows expected: the file's size over the sample's bytes a row (a little over: not regrown).
    let bytes = 0;
    for (const r of values) for (const c of r) bytes += (c === null ? 0 : String(c).length) + 1;
    const size = (await stat(this.file)).size;
    return {
      table,
      complete,
      expectedRows: bytes > 0 ? Math.ceil((size / bytes) * values.length * 1.02) : undefined,
    };
  }

  /** The whole CSV as one table (a goals or template sheet longer than its head). */
  async whole(): Promise<RawTable> {
    return (await this.head(Number.POSITIVE_INFINITY)).table;
  }

  /**
   * The file as the last full read saw it (its encoding, rows and rightmost column with a value),
   * once one has read it all: the copy into the workbook then needs no pass of its own to find
   * the sheet's dimension.
   */
  shape(): CsvShape | undefined {
    if (this.allRows === null) return undefined;
    return { encoding: this.encoding, rows: this.allRows, lastColumn: this.lastColumn };
  }

  async rest(push: (rows: CellValue[][], firstExcelRow: number) => void): Promise<void> {
    const after = this.after;
    const count = await streamCsvRows(
      this.file,
      (rows, firstExcelRow) => {
        this.lastColumn = lastColumnWithValue(rows, this.lastColumn);
        const skip = after - (firstExcelRow - 1);
        if (skip >= rows.length) return;
        push(skip > 0 ? rows.slice(skip) : rows, firstExcelRow + Math.max(0, skip));
      },
      {
        encoding: this.encoding,
        chunkSize: this.options.chunkSize,
        onProblem: this.options.csvProblems?.listener(this.file),
      },
    );
    this.allRows = count;
  }
}

/**
 * Read CSV inputs (and sheets already read from workbooks) into an intake without keeping the
 * CSVs' rows. `tablesInOrder` lists every input sheet in input order, a CSV given by its file
 * (`{ csv: path }`); `chooseConfig` gets the tables of first rows and returns the mapping (a
 * person's config, or detection's), throwing ConfigError when it does not fit.
 *
 * @param inputs each input sheet in order: a RawTable, or `{ csv: path }` for a CSV to stream
 * @param chooseConfig the mapping for these tables (detect, or check a given one)
 * @param options limits, sample size, chunk size, progress
 * @returns the sample tables, the mapping, detection (if any) and the finished intake
 */
export async function readCsvStreaming(
  inputs: (RawTable | { csv: string })[],
  chooseConfig: (tables: RawTable[]) => {
    config: MappingConfig;
    detection: DetectionResult | null;
  },
  options: CsvStreamOptions = {},
): Promise<CsvStreamInput> {
  return readStreaming(
    inputs.map((x) => ('csv' in x ? new CsvSheetStream(x.csv, options) : x)),
    chooseConfig,
    options,
  );
}
