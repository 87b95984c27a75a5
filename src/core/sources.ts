/**
 * The command line's streaming read: big sheets (CSV files, .xlsx sheets) are never held as
 * tables. Each streamed sheet's first rows (SAMPLE_ROWS) are read first; the mapping is detected
 * (or checked) on those; then every mapped sheet is read again from its start and its remaining
 * rows go straight into the Dataset builders (startStreamingIntake) in blocks, each block
 * dropped once read. Datasets and data-quality issues are the ones the whole-table path gives
 * for the same rows. CSV: csv-stream-intake.ts; .xlsx: xlsx-stream-intake.ts.
 */
import type { MappingConfig } from './config';
import type { DetectionResult, IntakeResult } from './intake';
import { startStreamingIntake } from './intake';
import type { CellValue, DateCells, RawTable } from './types';

/** Rows read before the mapping is chosen: the header and what detection profiles (5,000 rows). */
export const SAMPLE_ROWS = 5001;

/** A sheet's first rows as a table; `complete` when the table holds every row of the sheet. */
export interface SheetHead {
  table: RawTable;
  complete: boolean;
  /** An estimate of the sheet's rows, a little over (sizes the Dataset arrays once). */
  expectedRows?: number;
}

/** A sheet read as a stream, as often as needed, from its start. */
export interface SheetStream {
  /** Its name in progress messages (the file, and the sheet of a workbook). */
  readonly label: string;
  /** Checks before any sheet is read (size, kind); called once per read. */
  check?(): Promise<void>;
  /** The first `limit` rows (Excel rows from the first one holding a value). */
  head(limit: number): Promise<SheetHead>;
  /**
   * The rows after the head's, in order and in blocks; `firstExcelRow` is the Excel row of
   * `rows[0]`. Only called after `head`.
   */
  rest(
    push: (rows: CellValue[][], firstExcelRow: number, dates?: DateCells) => void,
  ): Promise<void>;
  /** The whole sheet as one table (a goals or template sheet longer than its head). */
  whole?(): Promise<RawTable>;
  /** After an attempt failed with `err`: true when this sheet now reads differently (try again). */
  retry?(err: unknown): boolean;
}

export interface StreamOptions {
  /** Rows of each streamed sheet read before the mapping is chosen (default SAMPLE_ROWS). */
  sampleRows?: number;
  progress?: (stage: string, done: number, total: number) => void;
}

export interface StreamInput {
  /** Every sheet in input order: whole tables as given, each streamed sheet as its head. */
  tables: RawTable[];
  config: MappingConfig;
  detection: DetectionResult | null;
  intake: IntakeResult;
}

export type ChooseConfig = (tables: RawTable[]) => {
  config: MappingConfig;
  detection: DetectionResult | null;
};

function isStream(x: RawTable | SheetStream): x is SheetStream {
  return typeof (x as SheetStream).head === 'function';
}

/** The sheet `config` names, matched as the intake matches it (exact, else the only case-fold). */
function named(tables: RawTable[], sheet: string | undefined): RawTable | undefined {
  if (sheet === undefined) return undefined;
  const exact = tables.find((t) => t.sheet === sheet);
  if (exact) return exact;
  const ci = tables.filter((t) => t.sheet.toLowerCase() === sheet.toLowerCase());
  return ci.length === 1 ? ci[0] : undefined;
}

/**
 * Read sheets into an intake without keeping the big ones' rows. `inputs` lists every sheet in
 * input order: a table already held, or a stream; `chooseConfig` gets the tables of first rows
 * and returns the mapping (a person's config, or detection's), throwing ConfigError when it
 * does not fit.
 *
 * @param inputs each input sheet in order: a RawTable, or a SheetStream
 * @param chooseConfig the mapping for these tables (detect, or check a given one)
 * @param options sample size, progress
 * @returns the tables (streamed sheets as their heads), the mapping, detection (if any), the intake
 */
export async function readStreaming(
  inputs: (RawTable | SheetStream)[],
  chooseConfig: ChooseConfig,
  options: StreamOptions = {},
): Promise<StreamInput> {
  const streams = inputs.filter(isStream);
  for (const s of streams) await s.check?.();
  for (;;) {
    try {
      return await attempt(inputs, chooseConfig, options);
    } catch (err) {
      // A stream that learnt something (an encoding, a sheet's extent) reads again from the top.
      if (streams.some((s) => s.retry?.(err))) continue;
      throw err;
    }
  }
}

async function attempt(
  inputs: (RawTable | SheetStream)[],
  chooseConfig: ChooseConfig,
  options: StreamOptions,
): Promise<StreamInput> {
  const limit = options.sampleRows ?? SAMPLE_ROWS;
  const tables: RawTable[] = [];
  const heads: { stream: SheetStream; head: SheetHead; at: number }[] = [];
  const total = inputs.length;
  let done = 0;
  for (const x of inputs) {
    if (!isStream(x)) {
      tables.push(x);
      continue;
    }
    options.progress?.(`Reading the first rows of ${x.label}`, done++, total);
    const head = await x.head(limit);
    heads.push({ stream: x, head, at: tables.length });
    tables.push(head.table);
  }
  const { config, detection } = chooseConfig(tables);
  // A goals or template sheet longer than its head is read whole: it is read as a table.
  for (const h of heads) {
    if (h.head.complete || !h.stream.whole) continue;
    const t = h.head.table;
    if (t !== named(tables, config.goals?.sheet) && t !== named(tables, config.template?.sheet))
      continue;
    options.progress?.(`Reading ${h.stream.label}`, done, total);
    tables[h.at] = await h.stream.whole();
    h.head = { table: tables[h.at], complete: true };
  }
  const streamedHeads = heads.filter((h) => !h.head.complete);
  const expected: Record<string, number> = {};
  for (const h of streamedHeads)
    if (h.head.expectedRows !== undefined) expected[h.head.table.sheet] = h.head.expectedRows;
  const intake = startStreamingIntake(
    tables,
    config,
    streamedHeads.map((h) => h.head.table.sheet),
    expected,
  );
  const streamed = new Set(intake.streamedSheets);
  for (const h of streamedHeads) {
    const sheet = h.head.table.sheet;
    if (!streamed.has(sheet)) continue; // not a mapped sheet: its first rows are all it needs
    options.progress?.(`Reading ${h.stream.label}`, done, total);
    await h.stream.rest((rows, firstExcelRow, dates) =>
      intake.push(sheet, rows, firstExcelRow, dates),
    );
  }
  options.progress?.('Read', total, total);
  return { tables, config, detection, intake: intake.finish() };
}
