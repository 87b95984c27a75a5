/**
 * The command line of ../shared/docs/contracts.md:
 *
 *     throughline analyze INPUT... [--config FILE] [--out FILE.xlsx] [--json FILE] [--print-config]
 *     throughline --help | --version
 *
 * plus `--max-size MB` (largest input file). Exit status: 0 done (data-quality warnings
 * included), 1 the analysis could not run (the message says why and what to change, no stack
 * trace), 2 usage error. Progress goes to stderr; stdout carries only what was asked for.
 */
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { MappingConfig } from '../core/config';
import {
  ConfigError,
  exitStatusOf,
  InputFileError,
  isPersonError,
  NoDataError,
} from '../core/errors';
import { explainEmptyRun } from '../core/never-silent';
import { normalizeConfig } from '../core/options';
import type { DetectionResult } from '../core/intake/detect-types';
import { detectConfig, validateConfig } from '../core/intake';
import type { ThroughlineState } from '../core/ports';
import type { Report } from '../core/report';
import { STATE_SHEET, stateFromTable } from '../core/state';
import { keepEdited, sheetRoles } from '../core/workbook-run';
import type { RawTable } from '../core/types';
import { CsvProblems, csvSheetName, csvSheetNameNote } from '../files/csv/csv-read';
import { CsvSheetStream } from '../files/csv/csv-stream-intake';
import { DEFAULT_MAX_BYTES, checkCsvFile, inputKind } from '../files/inspect';
import type { CsvFileSheet } from '../files/csv/csv-copy';
import {
  addInputSheets,
  openWorkbookFiles,
  type FileWorkbookSource,
  type InputSheet,
  type NamedInputSheet,
} from '../files/source';
import { readStreaming, type SheetStream, type StreamInput } from '../files/stream-intake';
import { XlsxBook, type XlsxSheetPart } from '../files/xlsx/read/xlsx-stream';
import { NotStreamableError, XlsxSheetStream } from '../files/xlsx/read/xlsx-stream-intake';
import {
  assertNotAnInput,
  assertWritableTarget,
  fileProblem,
  prepareFileAtomically,
  type PreparedFile,
  removePendingTemporaries,
} from '../files/atomic-write';
import { createXlsxWriter } from '../files/xlsx/write/xlsx-write';
import type { AnalyzeFn, AnalyzeInput } from './engine';
import { createProgress, type Progress, type ProgressStream } from './progress';
import { reportJsonPieces } from './report-json';
import { parseSlice, type Slice } from '../core/slice';

export interface CliIO {
  stdout: ProgressStream;
  stderr: ProgressStream;
  /** The engine (tests may pass the real one explicitly; by default it is loaded from core). */
  analyze?: AnalyzeFn;
  /** Clock for the analysis and `writtenAt`. */
  now?: () => Date;
}

interface AnalyzeOptions {
  config?: string;
  out?: string;
  json?: string;
  printConfig?: boolean;
  maxSize?: number;
  debug?: boolean;
  /** `--slice team="NAME"` (school=, educator=): only that slice's records, goals and figures. */
  slice?: Slice;
  /** This run's CSV read problems (not an option: set by runAnalyze). */
  csvProblems?: CsvProblems;
}

/** A mistake in the command line itself: exit status 2. */
function usageError(message: string): InputFileError {
  return new InputFileError('USAGE', message, true);
}

function packageVersion(): string {
  // src/cli/main.ts and dist/node/throughline.js (the bundle) sit two levels under the package,
  // dist/node/cli/main.js three.
  for (const up of ['../..', '../../..']) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(__dirname, up, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'throughline' && pkg.version) return pkg.version;
    } catch {
      // try the next level
    }
  }
  return '0.0.0';
}

function parseMegabytes(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(
      `--max-size takes a number of megabytes above 0, got "${value}".`,
    );
  return n;
}

async function loadAnalyze(): Promise<AnalyzeFn> {
  // Loaded when a run needs it: --help, --version and usage errors never pay for the engine.
  return (await import('../core/analyze')).analyze;
}

async function readConfig(file: string): Promise<MappingConfig> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new InputFileError(
      'CONFIG_NOT_FOUND',
      code === 'ENOENT'
        ? `--config ${file} was not found. Check the path, or leave out --config to detect the mapping.`
        : `--config ${file} could not be read: ${fileProblem(code)}.`,
      true,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError(
      'CONFIG_NOT_JSON',
      `--config ${file} is not valid JSON (${(err as Error).message}). Fix the file, or print a fresh one with --print-config.`,
    );
  }
  // Types and values checked once, before any input is read (core/options.ts).
  return normalizeConfig(raw);
}

/** Default output: `<first input's base>-throughline.xlsx` beside the first input. */
export function defaultOutPath(firstInput: string): string {
  const base = path.basename(firstInput, path.extname(firstInput));
  return path.join(path.dirname(firstInput), `${base}-throughline.xlsx`);
}

async function runAnalyze(inputs: string[], opts: AnalyzeOptions, io: CliIO): Promise<number> {
  const progress = createProgress(io.stderr);
  opts.csvProblems = new CsvProblems();
  const onlyJson = opts.json !== undefined && opts.out === undefined;
  const outPath = opts.out ?? defaultOutPath(inputs[0]);
  if (opts.out !== undefined && path.extname(opts.out).toLowerCase() !== '.xlsx') {
    throw usageError(`--out must name an .xlsx file, got "${opts.out}".`);
  }
  // Before anything is read: an output that is an input, a folder or read-only is refused.
  if (!opts.printConfig && !onlyJson) checkOutput(outPath, inputs, '--out');
  if (!opts.printConfig && opts.json !== undefined && opts.json !== '-')
    checkOutput(opts.json, inputs, '--json');
  if (opts.config !== undefined) await readConfig(opts.config);
  // A CSV whose name is not a legal sheet name gets one; the person is told which.
  for (const f of inputs) {
    const note = inputKind(f) === 'csv' ? csvSheetNameNote(f) : null;
    if (note) progress.note(note);
  }

  const maxBytes = opts.maxSize !== undefined ? opts.maxSize * 1024 * 1024 : DEFAULT_MAX_BYTES;
  // --json alone, no workbook to write: CSV and .xlsx inputs stream into the intake, not held as
  // tables (docs/performance.md). (--print-config reads whole tables: its mapping is
  // detection's on whole sheets, as a workbook run's is.)
  // A workbook run streams its CSVs into the intake too, and the writer copies them from their
  // files (a million-row CSV is never one table); .xlsx inputs are read whole, to be copied.
  const streaming = onlyJson && !opts.printConfig;
  const done = streaming
    ? null
    : !onlyJson && !opts.printConfig && inputs.some((f) => inputKind(f) === 'csv')
      ? await analyzeForWorkbook(inputs, opts, io, progress, maxBytes)
      : await analyzeWhole(inputs, opts, io, progress, maxBytes, onlyJson);
  const { report: finalReport, detection } = done ?? {
    ...(await analyzeStreaming(inputs, opts, io, progress, maxBytes)),
  };

  if (opts.printConfig) {
    progress.done();
    // The config on stdout; what detection was unsure of on stderr, so a person sees it.
    for (const n of detection?.notes ?? [])
      if (n.level === 'unsure')
        io.stderr.write(`Unsure${n.sheet ? ` (sheet "${n.sheet}")` : ''}: ${n.message}\n`);
    io.stdout.write(`${JSON.stringify(finalReport.config, null, 2)}\n`);
    return 0;
  }
  // A run that used nothing is a failure with its reason, and writes nothing.
  const empty = explainEmptyRun({ report: finalReport, detection });
  if (empty) throw new NoDataError(empty);
  await writeOutputs(finalReport, done, opts, { outPath, inputs }, progress, io);
  progress.done();
  const issues = finalReport.dataQuality.issues;
  const errors = issues.filter((i) => i.severity === 'error').length;
  const summary = `${finalReport.dataQuality.rowsUsed} of ${finalReport.dataQuality.rowsRead} rows used; ${issues.length} data-quality note${issues.length === 1 ? '' : 's'}${errors ? ` (${errors} error${errors === 1 ? '' : 's'})` : ''}.`;
  const where = [
    !onlyJson ? `Wrote ${outPath}` : null,
    opts.json !== undefined && opts.json !== '-' ? `Wrote ${opts.json}` : null,
  ]
    .filter(Boolean)
    .join('\n');
  // stdout carries the JSON when --json - was asked for; the rest then goes to stderr.
  const msg = opts.json === '-' ? io.stderr : io.stdout;
  msg.write(`${where ? `${where}\n` : ''}${summary}\n`);
  return 0;
}

/** Refuse an output that is an input, a folder, a device or read-only (nothing read yet). */
function checkOutput(file: string, inputs: string[], option: string): void {
  assertNotAnInput(file, inputs, option);
  assertWritableTarget(file);
}

/**
 * The outputs of a run, all or none: the JSON report and the workbook are each written to a
 * temporary file, and renamed into place only when both are whole; a failure removes both
 * temporary files. `--json -` goes to stdout once the files are in place.
 */
async function writeOutputs(
  report: Report,
  done: Awaited<ReturnType<typeof analyzeWhole>> | null,
  opts: AnalyzeOptions,
  { outPath, inputs }: { outPath: string; inputs: string[] },
  progress: Progress,
  io: CliIO,
): Promise<void> {
  const held: PreparedFile[] = [];
  try {
    if (opts.json !== undefined && opts.json !== '-')
      held.push(await prepareJson(opts.json, report));
    const onlyJson = opts.json !== undefined && opts.out === undefined;
    if (done && !onlyJson)
      await renderWorkbook(report, done, outPath, inputs, progress, held, !!opts.slice);
    for (const h of held) await h.commit();
  } catch (err) {
    for (const h of held) await h.abort();
    throw err;
  }
  // In pieces: a million-row report is never one 31 MB string.
  if (opts.json === '-') for (const piece of reportJsonPieces(report)) io.stdout.write(piece);
}

/** The analysed workbook, written to its temporary file and held for writeOutputs. */
async function renderWorkbook(
  report: Report,
  done: Awaited<ReturnType<typeof analyzeWhole>>,
  outPath: string,
  inputs: string[],
  progress: Progress,
  held: PreparedFile[],
  slice: boolean,
): Promise<void> {
  const { sheets, state, now } = done;
  const writer = createXlsxWriter({
    outPath,
    // A slice is shared: it holds none of the input sheets (they hold everyone's records).
    inputs: slice ? [] : sheets,
    inputFiles: inputs,
    previousState: state,
    now: () => now,
    onNote: (message) => progress.note(message),
    // The tables and plans are not used after this: each is let go of once written.
    consume: true,
    hold: held,
  });
  // The writer empties the array it is given and lets go of each sheet once written: it gets
  // the only reference to the plans (this run's copy of the array; `done` drops its own).
  const toWrite = [...done.plans];
  done.plans = [];
  await writer.render(toWrite, {
    state: {
      version: 1,
      sheets: [],
      config: report.config,
      ...(state?.kept ? { kept: state.kept } : {}),
    },
    progress: progress.listener,
  });
}

/** The JSON report, written whole to its temporary file (atomic-write.ts), in pieces. */
async function prepareJson(file: string, report: Report): Promise<PreparedFile> {
  return prepareFileAtomically(file, async (out) => {
    let at = 0;
    // Pieces gathered into ~1 MB writes: few trips to the disk, never one 31 MB string.
    let batch: string[] = [];
    let size = 0;
    const flush = async () => {
      const buf = Buffer.from(batch.join(''), 'utf8');
      batch = [];
      size = 0;
      await out.write(buf, 0, buf.length, at);
      at += buf.length;
    };
    for (const piece of reportJsonPieces(report)) {
      batch.push(piece);
      size += piece.length;
      if (size >= 1 << 20) await flush();
    }
    await flush();
  });
}

/**
 * Our state (from the first workbook), less the sheets a person edited (they are theirs now: they
 * are kept and the new results get new names), and every sheet an earlier run wrote, edited or
 * not: those are never read as data. Suggested Goals sheets are read back for "Adopt".
 */
async function ownState(
  source: FileWorkbookSource,
  progress: Progress,
): Promise<{ state: ThroughlineState | null; previous: ReadonlySet<string>; adoptFrom: string[] }> {
  let state: ThroughlineState | null = await source.readState();
  const { ours: previous, adoptFrom } = sheetRoles(source.sheets, state);
  if (state) {
    const edited = await source.editedOwnedSheets(state);
    if (edited.length) {
      progress.note(
        `Kept ${edited.map((s) => `"${s}"`).join(', ')} as edited by hand; the new results go to new sheets.`,
      );
    }
    state = keepEdited(
      state,
      edited,
      source.sheets.map((s) => s.name),
    );
  }
  return { state, previous, adoptFrom };
}

/** The whole-table path: every sheet read into memory, then analysed (and a workbook planned). */
async function analyzeWhole(
  inputs: string[],
  opts: AnalyzeOptions,
  io: CliIO,
  progress: Progress,
  maxBytes: number,
  onlyJson: boolean,
) {
  const source = await openWorkbookFiles(inputs, {
    maxBytes,
    progress: progress.listener,
    csvProblems: opts.csvProblems,
  });
  const { state, previous: owned, adoptFrom } = await ownState(source, progress);
  const tables: RawTable[] = [];
  const previousOutputs: RawTable[] = [];
  const sheetNames = new Set(source.sheets.map((s) => s.name));
  for (const name of adoptFrom)
    if (sheetNames.has(name)) previousOutputs.push(await source.readSheet(name));
  for (const s of source.sheets) {
    // The state sheet and our own earlier outputs are not data.
    if (s.name === STATE_SHEET || owned.has(s.name.toLowerCase())) continue;
    tables.push(await source.readSheet(s.name));
  }
  const config =
    opts.config !== undefined
      ? await readConfig(opts.config)
      : ((state?.config as MappingConfig | undefined) ?? undefined);
  const analyze = io.analyze ?? (await loadAnalyze());
  const now = io.now?.() ?? new Date();
  progress.listener('Analysing', 0, 1);
  const out = await analyze({
    tables,
    config,
    existingSheets: source.sheets.map((s) => s.name),
    state,
    now,
    previousOutputs,
    plans: !onlyJson && !opts.printConfig,
    readIssues: opts.csvProblems?.issues(),
    slice: opts.slice,
  });
  const { report, plans } = out;
  progress.listener('Analysing', 1, 1);
  return {
    report,
    plans,
    sheets: source.sheets as (InputSheet | CsvFileSheet)[],
    state,
    now,
    detection: out.detection ?? null,
  };
}

/**
 * A workbook run with CSV inputs: each CSV streams into the Datasets as in a --json run
 * (readStreaming: the mapping chosen or checked on its first rows), .xlsx inputs are read whole
 * (they are copied into the output with their formats); the writer copies each CSV from its
 * file (CsvFileSheet). No CSV is held as a table.
 */
/**
 * Read the inputs (tables held, sheets streamed) with their mapping: --config's, else the one an
 * earlier run saved in the state, else detected on the first rows of each sheet.
 */
async function readMapped(
  order: (RawTable | SheetStream)[],
  opts: AnalyzeOptions,
  state: ThroughlineState | null,
  progress: Progress,
) {
  const given =
    opts.config !== undefined
      ? await readConfig(opts.config)
      : ((state?.config as MappingConfig | undefined) ?? undefined);
  return readStreaming(
    order,
    (tables) => {
      if (given) {
        validateConfig(given, tables);
        return { config: given, detection: null };
      }
      const detection = detectConfig(tables);
      return { config: detection.config, detection };
    },
    { progress: progress.listener },
  );
}

/** The engine on what readMapped read: its report and plans, and the time it was given. */
async function analyzeRead(
  read: StreamInput,
  io: CliIO,
  progress: Progress,
  rest: Pick<
    AnalyzeInput,
    'existingSheets' | 'state' | 'previousOutputs' | 'plans' | 'readIssues' | 'slice'
  >,
) {
  const analyze = io.analyze ?? (await loadAnalyze());
  const now = io.now?.() ?? new Date();
  progress.listener('Analysing', 0, 1);
  const out = await analyze({
    ...rest,
    tables: read.tables,
    config: read.config,
    now,
    intake: { result: read.intake, detection: read.detection },
  });
  progress.listener('Analysing', 1, 1);
  return { ...out, now };
}

async function analyzeForWorkbook(
  inputs: string[],
  opts: AnalyzeOptions,
  io: CliIO,
  progress: Progress,
  maxBytes: number,
) {
  // The CSVs are checked first, in input order (size, not a spreadsheet); the workbooks as read.
  for (const file of inputs) if (inputKind(file) === 'csv') await checkCsvFile(file, { maxBytes });
  const bookFiles = inputs.filter((f) => inputKind(f) !== 'csv');
  const source = bookFiles.length
    ? await openWorkbookFiles(bookFiles, { maxBytes, progress: progress.listener })
    : null;
  const {
    state,
    previous: owned,
    adoptFrom,
  } = source
    ? await ownState(source, progress)
    : {
        state: null,
        previous: new Set<string>() as ReadonlySet<string>,
        adoptFrom: [] as string[],
      };
  // Every sheet in input order, names checked as openWorkbookFiles checks them.
  const sheets: (InputSheet | CsvFileSheet)[] = [];
  const order: (RawTable | SheetStream)[] = [];
  const owner = new Map<string, string>();
  for (const file of inputs) {
    if (inputKind(file) === 'csv') {
      const sheet: CsvFileSheet = {
        name: csvSheetName(file),
        visibility: 'visible',
        file,
        kind: 'csv-file',
      };
      addInputSheets(sheets as NamedInputSheet[], owner, [{ ...sheet, kind: 'csv' }], file);
      sheets[sheets.length - 1] = sheet;
      if (!owned.has(sheet.name.toLowerCase()))
        order.push(new CsvSheetStream(file, { maxBytes, csvProblems: opts.csvProblems }));
      continue;
    }
    const mine = source!.sheets.filter((s) => s.file === file);
    addInputSheets(sheets as InputSheet[], owner, mine, file);
    for (const s of mine) {
      // The state sheet and our own earlier outputs are not data.
      if (s.name === STATE_SHEET || owned.has(s.name.toLowerCase())) continue;
      order.push(await source!.readSheet(s.name));
    }
  }
  const previousOutputs: RawTable[] = [];
  for (const name of adoptFrom)
    if (source?.sheets.some((s) => s.name === name))
      previousOutputs.push(await source.readSheet(name));
  const read = await readMapped(order, opts, state, progress);
  const {
    report,
    plans,
    now,
    detection = null,
  } = await analyzeRead(read, io, progress, {
    existingSheets: sheets.map((s) => s.name),
    state,
    previousOutputs,
    plans: true,
    readIssues: opts.csvProblems?.issues(),
    slice: opts.slice,
  });
  return { report, plans, sheets, state, now, detection };
}

/**
 * The streaming path (no workbook written): each big sheet, of a CSV or an .xlsx, has its first
 * rows read to choose or check the mapping, then its rows stream into the Datasets
 * (readStreaming); no input is held whole. Throughline's state sheet and the Suggested Goals
 * sheets read back for "Adopt" are read whole (they are small). A workbook whose rows are out of
 * order in its XML (never written by Excel) is read whole instead.
 */
async function analyzeStreaming(
  inputs: string[],
  opts: AnalyzeOptions,
  io: CliIO,
  progress: Progress,
  maxBytes: number,
): Promise<{ report: Report; detection: DetectionResult | null }> {
  const bookFiles = inputs.filter((f) => inputKind(f) === 'xlsx');
  const books: XlsxBook[] = [];
  try {
    const sheets: (NamedInputSheet & { file: string; book: XlsxBook; part: XlsxSheetPart })[] = [];
    const owner = new Map<string, string>();
    for (const [i, file] of bookFiles.entries()) {
      progress.listener(`Reading ${file}`, i, bookFiles.length);
      const book = await XlsxBook.open(file, { maxBytes });
      books.push(book);
      addInputSheets(
        sheets,
        owner,
        book.sheets.map((part) => ({ ...part, kind: 'xlsx' as const, file, book, part })),
        file,
      );
    }
    // Our state (the first workbook's), and every sheet an earlier run wrote: never read as data.
    // (Which of those a person edited decides only the names of new output sheets, and a --json
    // run writes none: that check, which reads those sheets whole, is left out.)
    const stateSheet = sheets.find((x) => x.name === STATE_SHEET);
    const state =
      stateSheet?.visibility === 'veryHidden'
        ? stateFromTable(await stateSheet.book.readTable(stateSheet.part))
        : null;
    const { ours: owned, adoptFrom } = sheetRoles(sheets, state);
    const order: (RawTable | SheetStream)[] = [];
    const existingSheets: string[] = [];
    for (const file of inputs) {
      if (inputKind(file) === 'csv') {
        const name = csvSheetName(file);
        const prev = owner.get(name.toLowerCase());
        if (prev !== undefined) {
          throw new InputFileError(
            'DUPLICATE_SHEET',
            `Two inputs have a sheet named "${name}" (${prev} and ${file}). Sheet names must differ: rename a sheet or a CSV file and run again.`,
          );
        }
        owner.set(name.toLowerCase(), file);
        existingSheets.push(name);
        if (!owned.has(name.toLowerCase()))
          order.push(new CsvSheetStream(file, { maxBytes, csvProblems: opts.csvProblems }));
        continue;
      }
      for (const s of sheets.filter((x) => x.file === file)) {
        existingSheets.push(s.name);
        // The state sheet and our own earlier outputs are not data.
        if (s.name === STATE_SHEET || owned.has(s.name.toLowerCase())) continue;
        order.push(new XlsxSheetStream(s.book, s.part));
      }
    }
    const read = await readMapped(order, opts, state, progress);
    const previousOutputs: RawTable[] = [];
    for (const name of adoptFrom) {
      const s = sheets.find((x) => x.name === name);
      if (s) previousOutputs.push(await s.book.readTable(s.part));
    }
    const { report, detection = null } = await analyzeRead(read, io, progress, {
      existingSheets,
      state,
      previousOutputs,
      plans: false,
      readIssues: opts.csvProblems?.issues(),
      slice: opts.slice,
    });
    return { report, detection };
  } catch (err) {
    if (!(err instanceof NotStreamableError)) throw err;
    progress.note(`${err.message}: read whole instead.`);
    return analyzeWhole(inputs, opts, io, progress, maxBytes, true);
  } finally {
    for (const b of books) await b.close();
  }
}

function buildProgram(io: CliIO, run: (inputs: string[], opts: AnalyzeOptions) => void): Command {
  const program = new Command('throughline');
  program
    .description(
      'Data-informed goal setting for schools: reads student and educator data, suggests goals, and writes impact calculations as live Excel formulas.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
    })
    .showHelpAfterError('(run "throughline --help" for the usage)');
  program
    .command('analyze')
    .description(
      'Analyse .xlsx workbooks and .csv files; write the analysed workbook and/or a JSON report. Input files are never written.',
    )
    .argument(
      '<INPUT...>',
      '.xlsx workbooks and/or .csv files (a CSV becomes a sheet named after its file)',
    )
    .option(
      '--config <FILE>',
      'mapping config (JSON, version 1); without it the mapping is detected',
    )
    .option(
      '--out <FILE.xlsx>',
      "the analysed workbook (default: <first input's base>-throughline.xlsx beside the first input)",
    )
    .option(
      '--json <FILE>',
      'write the JSON report ("-" = stdout); with --json alone no workbook is written',
    )
    .option('--print-config', 'print the detected (or given) config as JSON on stdout and stop')
    .option(
      '--slice <KIND=NAME>',
      "only one team's, school's or educator's records, goals and figures (team=\"Lakeside Grade 4\", school=…, educator=…); the workbook holds no input sheet",
      parseSlice,
    )
    .option('--debug', 'when the run fails, print where (a stack trace) as well as why')
    .addOption(
      new Option(
        '--max-size <MB>',
        `largest input file in megabytes (default ${DEFAULT_MAX_BYTES / 1024 / 1024})`,
      ).argParser(parseMegabytes),
    )
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
    })
    .showHelpAfterError('(run "throughline analyze --help" for the usage)')
    .action((inputs: string[], opts: AnalyzeOptions) => run(inputs, opts));
  return program;
}

/**
 * For a real process: Ctrl-C or a kill (SIGINT/SIGTERM) removes the temporary file being written
 * (an earlier output stays as it was) and says so; a closed stdout (`--json - | head`) is one
 * sentence, not a crash.
 */
function guardProcess(): void {
  const stop = (why: string, status: number) => {
    removePendingTemporaries();
    process.stderr.write(`\nthroughline: ${why}; any output being written was removed.\n`);
    process.exit(status);
  };
  process.once('SIGINT', () => stop('stopped (interrupted)', 130));
  process.once('SIGTERM', () => stop('stopped (terminated)', 143));
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE')
      stop('the program reading the report closed it before the end (EPIPE)', 1);
    else stop(`could not write to stdout: ${fileProblem(err.code ?? '', err)}`, 1);
  });
}

/** Run the command line; resolves with the exit status. */
export async function main(
  argv: string[],
  io: CliIO = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  if (io.stdout === process.stdout) guardProcess();
  let job: Promise<number> | null = null;
  const program = buildProgram(io, (inputs, opts) => {
    job = runAnalyze(inputs, opts, io);
  });
  try {
    if (argv.length === 0) {
      io.stderr.write(program.helpInformation());
      return 2;
    }
    await program.parseAsync(argv, { from: 'user' });
    if (!job) return 0;
    return await job;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      )
        return err.exitCode === 0 ? 0 : 2;
      return 2; // commander has already printed what was wrong
    }
    return reportFailure(err, io, argv.includes('--debug'));
  }
}

/**
 * The one error path for people: one plain sentence (the file, sheet, cell, option or value,
 * and what to change) and the exit status of the contract. A stack trace only with --debug.
 */
export function reportFailure(err: unknown, io: CliIO, debug: boolean): number {
  const trace = debug && err instanceof Error && err.stack ? `${err.stack}\n` : '';
  if (isPersonError(err)) {
    const status = exitStatusOf(err);
    io.stderr.write(`${status === 1 ? '\n' : ''}throughline: ${err.message}\n${trace}`);
    return status;
  }
  const sys = systemErrorSentence(err);
  if (sys) {
    io.stderr.write(`\nthroughline: ${sys}\n${trace}`);
    return 1;
  }
  const e = err as Error;
  io.stderr.write(
    `\nthroughline: the analysis stopped on an internal error: ${e?.message ?? String(e)}. Please report it${debug ? ' with the lines below' : ' (run again with --debug to see where)'}.\n${trace}`,
  );
  return 1;
}

/** A Node file-system error (it names its path and syscall) as one sentence, or null. */
function systemErrorSentence(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException | undefined;
  if (!e || typeof e.code !== 'string' || !/^E[A-Z0-9]+$/.test(e.code)) return null;
  const file = e.path ?? (e as { dest?: string }).dest;
  const writing = /write|rename|mkdir|unlink|fsync/.test(e.syscall ?? '');
  const what = file ? `${writing ? 'write' : 'read'} ${file}` : writing ? 'write' : 'read a file';
  return `Could not ${what}: ${fileProblem(e.code, err)}.`;
}
