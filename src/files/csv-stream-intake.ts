/**
 * The command line's streaming path for CSV inputs: a big CSV is never held as a table. Each
 * CSV's header and first rows (SAMPLE_ROWS) are read first; the mapping is detected (or checked)
 * on those; then every CSV is streamed again in papaparse chunks straight into the Dataset
 * builders (startStreamingIntake), each chunk dropped once read. Datasets and data-quality
 * issues are the ones the whole-table path gives for the same rows.
 */
import { stat } from 'node:fs/promises';
import type { MappingConfig } from '../core/config';
import type { DetectionResult, IntakeResult } from '../core/intake';
import { startStreamingIntake } from '../core/intake';
import type { CellValue, RawTable } from '../core/types';
import { CsvEncodingError, csvSheetName, streamCsvRows } from './csv-read';
import { checkCsvFile, type FileLimits } from './inspect';

/** Rows read before the mapping is chosen: the header and what detection profiles (5,000 rows). */
export const SAMPLE_ROWS = 5001;

/** What a streaming read needs besides the CSVs: sheets already held (from .xlsx inputs). */
export interface CsvStreamOptions extends FileLimits {
  /** Rows of each CSV read before the mapping is chosen (default SAMPLE_ROWS). */
  sampleRows?: number;
  /** Rows per block handed to the intake are papaparse's chunks of this many bytes (default 64 KB). */
  chunkSize?: number;
  progress?: (stage: string, done: number, total: number) => void;
}

export interface CsvStreamInput {
  /** Every sheet in input order: .xlsx sheets whole, each CSV as a table of its first rows. */
  tables: RawTable[];
  config: MappingConfig;
  detection: DetectionResult | null;
  intake: IntakeResult;
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
  const files = inputs.filter((x): x is { csv: string } => 'csv' in x).map((x) => x.csv);
  for (const f of files) await checkCsvFile(f, options);
  // Strict UTF-8 first; a file with other bytes is read again as Windows-1252 (decodeCsvBytes).
  const encodings = new Map<string, 'utf-8' | 'windows-1252'>(files.map((f) => [f, 'utf-8']));
  for (;;) {
    try {
      return await attempt(inputs, chooseConfig, encodings, options);
    } catch (err) {
      if (err instanceof CsvEncodingError && encodings.get(err.file) === 'utf-8') {
        encodings.set(err.file, 'windows-1252');
        continue;
      }
      throw err;
    }
  }
}

async function attempt(
  inputs: (RawTable | { csv: string })[],
  chooseConfig: (tables: RawTable[]) => {
    config: MappingConfig;
    detection: DetectionResult | null;
  },
  encodings: Map<string, 'utf-8' | 'windows-1252'>,
  options: CsvStreamOptions,
): Promise<CsvStreamInput> {
  const limit = options.sampleRows ?? SAMPLE_ROWS;
  const chunkSize = options.chunkSize;
  const tables: RawTable[] = [];
  const heads: { file: string; table: RawTable; complete: boolean }[] = [];
  const total = inputs.length;
  let done = 0;
  for (const x of inputs) {
    if (!('csv' in x)) {
      tables.push(x);
      continue;
    }
    const file = x.csv;
    options.progress?.(`Reading the first rows of ${file}`, done++, total);
    const values: CellValue[][] = [];
    let complete = true;
    await streamCsvRows(
      file,
      (rows) => {
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
      { encoding: encodings.get(file), chunkSize },
    );
    // Pad to the widest row, as the whole-table reader does (parseCsvText).
    const width = values.reduce((m, r) => Math.max(m, r.length), 0);
    for (const r of values) while (r.length < width) r.push(null);
    const table: RawTable = { sheet: csvSheetName(file), values, firstRow: 1, firstColumn: 1 };
    tables.push(table);
    heads.push({ file, table, complete });
  }
  const { config, detection } = chooseConfig(tables);
  const streamedHeads = heads.filter((h) => !h.complete);
  // Rows expected: the file's size over the sample's bytes a row (a little over: not regrown).
  const expected: Record<string, number> = {};
  for (const h of streamedHeads) {
    let bytes = 0;
    for (const r of h.table.values)
      for (const c of r) bytes += (c === null ? 0 : String(c).length) + 1;
    const size = (await stat(h.file)).size;
    if (bytes > 0)
      expected[h.table.sheet] = Math.ceil((size / bytes) * h.table.values.length * 1.02);
  }
  const intake = startStreamingIntake(
    tables,
    config,
    streamedHeads.map((h) => h.table.sheet),
    expected,
  );
  const streamed = new Set(intake.streamedSheets);
  for (const h of streamedHeads) {
    if (!streamed.has(h.table.sheet)) continue; // not a mapped sheet: its first rows are all it needs
    options.progress?.(`Reading ${h.file}`, done, total);
    const after = h.table.values.length; // rows 1..after are in the table already
    await streamCsvRows(
      h.file,
      (rows, firstExcelRow) => {
        const skip = after - (firstExcelRow - 1);
        if (skip >= rows.length) return;
        intake.push(
          h.table.sheet,
          skip > 0 ? rows.slice(skip) : rows,
          firstExcelRow + Math.max(0, skip),
        );
      },
      { encoding: encodings.get(h.file), chunkSize },
    );
  }
  options.progress?.('Read', total, total);
  return { tables, config, detection, intake: intake.finish() };
}
