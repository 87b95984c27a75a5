/**
 * The command line's one pipeline (docs/engine.md has the picture):
 *
 *   open the inputs (every sheet a source: streamed, or held when a workbook cannot be streamed)
 *   → read our state → roles of the sheets (core/workbook-run.ts: data, ours, kept, Adopt)
 *   → sample then stream the data sheets into the intake (core/sources.ts) → analyse
 *   → for a workbook: the input sheets to copy, handed with the plans to the writer, which
 *     executes core's planWrite.
 *
 * A `--json` run, a workbook run and `--print-config` differ only in what they ask at the end:
 * a JSON run builds no plans and loads nothing to copy. A workbook whose rows are out of order
 * in its XML (never written by Excel) cannot be streamed: the run starts again with every input
 * held whole (NotStreamableError).
 */
import type { MappingConfig } from '../core/config';
import type { DetectionResult } from '../core/intake/detect-types';
import { detectConfig, validateConfig } from '../core/intake';
import { withNewWindows } from '../core/intake/new-windows';
import type { ThroughlineState } from '../core/ports';
import type { DataQualityIssue, Report } from '../core/report';
import type { SheetPlan } from '../core/plans/types';
import type { Slice } from '../core/slice';
import { readStreaming, type SheetStream, type StreamInput } from '../core/sources';
import { stateFromTable } from '../core/state';
import type { RawTable } from '../core/types';
import {
  isData,
  keepEdited,
  keptNote,
  sheetRoles,
  type SheetRoles,
  type WorkbookSheet,
} from '../core/workbook-run';
import { type CsvProblems, csvSheetName } from '../files/csv/csv-read';
import { CsvSheetStream } from '../files/csv/csv-stream-intake';
import type { CsvFileSheet, CsvShape } from '../files/csv/csv-copy';
import { checkCsvFile, inputKind } from '../files/inspect';
import {
  addInputSheets,
  editedInputSheets,
  openWorkbookFiles,
  type InputSheet,
} from '../files/source';
import { XlsxBook, type XlsxSheetPart } from '../files/xlsx/read/xlsx-stream';
import { NotStreamableError, XlsxSheetStream } from '../files/xlsx/read/xlsx-stream-intake';
import { loadCopies, type XlsxFileSheet } from '../files/xlsx/write/xlsx-copy';
import type { AnalyzeFn, AnalyzeInput } from './engine';
import type { Progress } from './progress';

/** What a run asks for at its end. */
export type RunGoal = 'json' | 'workbook' | 'print-config';

export interface PipelineRequest {
  inputs: string[];
  goal: RunGoal;
  /** The config a person gave (--config), read and checked; else the state's, else detected. */
  config?: MappingConfig;
  maxBytes: number;
  csvProblems: CsvProblems;
  slice?: Slice;
}

export interface PipelineDeps {
  analyze: () => Promise<AnalyzeFn>;
  now: () => Date;
  progress: Progress;
}

/** An input sheet the writer copies into the workbook. */
export type CopiedSheet = InputSheet | CsvFileSheet | XlsxFileSheet;

export interface PipelineResult {
  report: Report;
  detection: DetectionResult | null;
  plans: SheetPlan[];
  /** Every input sheet, in order, as the writer copies it (a workbook run; else empty). */
  copies: CopiedSheet[];
  /** Our state as this run found it, less the sheets a person edited (keepEdited). */
  state: ThroughlineState | null;
  now: Date;
  /** Let go of the open input files (after the workbook is written: big sheets are copied from them). */
  close(): Promise<void>;
}

/** One input sheet as a source: read whole (held), or streamed from its file. */
interface SourceSheet extends WorkbookSheet {
  kind: 'xlsx' | 'csv';
  file: string;
  /** For the analysis: the table held, or a stream of the sheet. */
  source(): RawTable | SheetStream;
  /** The sheet whole (our state sheet, a Suggested Goals sheet read back for "Adopt"). */
  whole(): Promise<RawTable>;
  /** A CSV's shape, when the analysis read all of it (no scan pass for the copy then). */
  shape?(): CsvShape | undefined;
}

interface OpenedInputs {
  sheets: SourceSheet[];
  /** The sheets to copy into a workbook, loaded after the roles are known. */
  copies(roles: SheetRoles, progress: Progress): Promise<CopiedSheet[]>;
  /** Fingerprints decide which of our sheets a person edited (only a workbook run asks). */
  edited(copies: CopiedSheet[], state: ThroughlineState): string[];
  held: boolean;
  close(): Promise<void>;
}

/** Run the pipeline; a workbook that cannot be streamed is read again whole. */
export async function runPipeline(
  req: PipelineRequest,
  deps: PipelineDeps,
): Promise<PipelineResult> {
  const opened = await openStreamed(req, deps.progress);
  try {
    return await runOn(opened, req, deps);
  } catch (err) {
    await opened.close();
    if (!(err instanceof NotStreamableError)) throw err;
    deps.progress.note(`${err.message}: read whole instead.`);
    return runOn(await openHeld(req, deps.progress), req, deps);
  }
}

async function runOn(
  opened: OpenedInputs,
  req: PipelineRequest,
  deps: PipelineDeps,
): Promise<PipelineResult> {
  const { sheets } = opened;
  const roles0 = sheetRoles(sheets, null);
  const stateSheet = roles0.stateSheet ? sheets.find((s) => s.name === roles0.stateSheet) : null;
  const found = stateSheet ? stateFromTable(await stateSheet.whole()) : null;
  const roles = sheetRoles(sheets, found);
  const workbook = req.goal === 'workbook';
  const copies = workbook ? await opened.copies(roles, deps.progress) : [];
  let state = found;
  if (state && workbook) {
    // A sheet of ours a person edited is theirs now: kept, and new results get new names.
    // (Only the names of new sheets depend on it: a run writing no workbook does not look.)
    const edited = opened.edited(copies, state);
    const note = keptNote(edited);
    if (note) deps.progress.note(note);
    state = keepEdited(
      state,
      edited,
      sheets.map((s) => s.name),
    );
  }
  const order = sheets.filter((s) => isData(roles, s.name)).map((s) => s.source());
  const previousOutputs: RawTable[] = [];
  for (const name of roles.adoptFrom)
    previousOutputs.push(await sheets.find((s) => s.name === name)!.whole());
  const given = req.config ?? (found?.config as MappingConfig | undefined) ?? undefined;
  // A mapping saved by an earlier run (not --config) takes in the windows the sheets gained since.
  const configKept = req.config === undefined && given !== undefined;
  const added: DataQualityIssue[] = [];
  const read = opened.held
    ? null
    : await readMapped(order as (RawTable | SheetStream)[], given, deps, configKept, added);
  const analyze = await deps.analyze();
  const now = deps.now();
  deps.progress.listener('Analysing', 0, 1);
  const out = await analyze({
    tables: read ? read.tables : (order as RawTable[]),
    config: read ? read.config : given,
    existingSheets: sheets.map((s) => s.name),
    state,
    now,
    previousOutputs,
    plans: workbook,
    readIssues: [...req.csvProblems.issues(), ...added],
    slice: req.slice,
    ...(read ? { intake: { result: read.intake, detection: read.detection } } : { configKept }),
  } satisfies AnalyzeInput);
  deps.progress.listener('Analysing', 1, 1);
  return {
    report: out.report,
    detection: out.detection ?? null,
    plans: out.plans,
    copies,
    state,
    now,
    close: opened.close,
  };
}

/** The streamed sheets' first rows choose (or check) the mapping; then they stream in. */
function readMapped(
  order: (RawTable | SheetStream)[],
  given: MappingConfig | undefined,
  deps: PipelineDeps,
  kept: boolean,
  added: DataQualityIssue[],
): Promise<StreamInput> {
  return readStreaming(
    order,
    (tables) => {
      if (given) {
        // A kept mapping gains the windows its sheets' first rows show since (NEW_WINDOW notes).
        const config = kept ? withNewWindows(given, tables) : { config: given, added: [] };
        added.splice(0, added.length, ...config.added); // a retried read chooses again
        validateConfig(config.config, tables);
        return { config: config.config, detection: null };
      }
      const detection = detectConfig(tables);
      return { config: detection.config, detection };
    },
    { progress: deps.progress.listener },
  );
}

/**
 * Every input as streams: a CSV is checked (size, not a spreadsheet) and streamed from its
 * file; an .xlsx opens its small parts only, each sheet streamed from the zip. Two inputs with
 * one sheet name are refused (addInputSheets), in input order.
 */
async function openStreamed(req: PipelineRequest, progress: Progress): Promise<OpenedInputs> {
  const { inputs, maxBytes, csvProblems } = req;
  const books: XlsxBook[] = [];
  const close = async () => {
    for (const b of books.splice(0)) await b.close();
  };
  const sheets: (SourceSheet & { part?: XlsxSheetPart; book?: XlsxBook })[] = [];
  const owner = new Map<string, string>();
  const bookFiles = inputs.filter((f) => inputKind(f) !== 'csv');
  try {
    for (const file of inputs) {
      if (inputKind(file) === 'csv') {
        await checkCsvFile(file, { maxBytes });
        // The last stream made (the one the analysis read with) knows the file's shape.
        let last: CsvSheetStream | null = null;
        const stream = () => (last = new CsvSheetStream(file, { maxBytes, csvProblems }));
        const sheet: SourceSheet = {
          name: csvSheetName(file),
          visibility: 'visible',
          kind: 'csv',
          file,
          source: stream,
          whole: () => stream().whole(),
          shape: () => last?.shape(),
        };
        addInputSheets(sheets, owner, [sheet], file);
        continue;
      }
      progress.listener(`Reading ${file}`, books.length, bookFiles.length);
      const book = await XlsxBook.open(file, { maxBytes });
      books.push(book);
      const found = book.sheets.map((part) => ({
        name: part.name,
        visibility: part.visibility,
        kind: 'xlsx' as const,
        file,
        part,
        book,
        source: () => new XlsxSheetStream(book, part),
        whole: () => book.readTable(part),
      }));
      addInputSheets(sheets, owner, found, file);
    }
  } catch (err) {
    await close();
    throw err;
  }
  return {
    sheets,
    held: false,
    close,
    copies: (roles, p) =>
      loadCopies(
        sheets.map((s) =>
          s.kind === 'csv'
            ? {
                kind: 'csv-file' as const,
                name: s.name,
                visibility: 'visible' as const,
                file: s.file,
                shape: s.shape,
              }
            : { kind: 'xlsx-part' as const, name: s.name, book: s.book!, part: s.part! },
        ),
        { maxBytes, loadWhole: (name) => !isData(roles, name), note: (m) => p.note(m) },
      ),
    edited: (copies, state) =>
      editedInputSheets(
        copies.filter((c): c is InputSheet => c.kind === 'xlsx'),
        state,
      ),
  };
}

/** Every input read whole (exceljs for an .xlsx, papaparse for a CSV): the fallback. */
async function openHeld(req: PipelineRequest, progress: Progress): Promise<OpenedInputs> {
  const source = await openWorkbookFiles(req.inputs, {
    maxBytes: req.maxBytes,
    progress: progress.listener,
    csvProblems: req.csvProblems,
  });
  return {
    sheets: source.sheets.map((s) => ({
      name: s.name,
      visibility: s.visibility,
      kind: s.kind,
      file: s.file,
      source: () => s.table,
      whole: async () => s.table,
    })),
    held: true,
    close: async () => {},
    copies: async () => source.sheets,
    edited: (copies, state) => editedInputSheets(source.sheets, state),
  };
}
