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
import type { Report } from '../core/report';
import { CsvProblems, csvSheetNameNote } from '../files/csv/csv-read';
import { DEFAULT_MAX_BYTES, inputKind } from '../files/inspect';
import {
  assertNotAnInput,
  assertWritableTarget,
  fileProblem,
  prepareFileAtomically,
  type PreparedFile,
  removePendingTemporaries,
} from '../files/atomic-write';
import { createXlsxWriter } from '../files/xlsx/write/xlsx-write';
import type { AnalyzeFn } from './engine';
import { createProgress, type Progress, type ProgressStream } from './progress';
import { type PipelineResult, runPipeline } from './pipeline';
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
  const config = opts.config !== undefined ? await readConfig(opts.config) : undefined;
  // A CSV whose name is not a legal sheet name gets one; the person is told which.
  for (const f of inputs) {
    const note = inputKind(f) === 'csv' ? csvSheetNameNote(f) : null;
    if (note) progress.note(note);
  }

  const maxBytes = opts.maxSize !== undefined ? opts.maxSize * 1024 * 1024 : DEFAULT_MAX_BYTES;
  // One pipeline (pipeline.ts): every input streamed into the analysis; what differs is what the
  // run asks for at its end.
  const goal = opts.printConfig ? 'print-config' : onlyJson ? 'json' : 'workbook';
  const done = await runPipeline(
    {
      inputs,
      goal,
      config,
      maxBytes,
      csvProblems: opts.csvProblems,
      slice: opts.slice,
    },
    {
      analyze: async () => io.analyze ?? (await loadAnalyze()),
      now: () => io.now?.() ?? new Date(),
      progress,
    },
  );
  try {
    await finishRun(done, opts, { outPath, inputs, onlyJson }, progress, io);
  } finally {
    await done.close();
  }
  return 0;
}

/** What a run prints and writes once analysed. */
async function finishRun(
  done: PipelineResult,
  opts: AnalyzeOptions,
  { outPath, inputs, onlyJson }: { outPath: string; inputs: string[]; onlyJson: boolean },
  progress: Progress,
  io: CliIO,
): Promise<void> {
  const { report: finalReport, detection } = done;
  if (opts.printConfig) {
    progress.done();
    // The config on stdout; what detection was unsure of on stderr, so a person sees it.
    for (const n of detection?.notes ?? [])
      if (n.level === 'unsure')
        io.stderr.write(`Unsure${n.sheet ? ` (sheet "${n.sheet}")` : ''}: ${n.message}\n`);
    io.stdout.write(`${JSON.stringify(finalReport.config, null, 2)}\n`);
    return;
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
  // A sheet given but not read (a roster beside the scores, an aggregated table): said, not silent.
  for (const s of detection?.sheets ?? [])
    if (s.noMapping)
      for (const n of detection!.notes)
        if (n.sheet === s.sheet) io.stderr.write(`Not read: ${n.message}\n`);
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
  done: PipelineResult,
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
    if (!onlyJson)
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
  done: PipelineResult,
  outPath: string,
  inputs: string[],
  progress: Progress,
  held: PreparedFile[],
  slice: boolean,
): Promise<void> {
  const { copies, state, now } = done;
  const writer = createXlsxWriter({
    outPath,
    // A slice is shared: it holds none of the input sheets (they hold everyone's records).
    inputs: slice ? [] : copies,
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
      "only one team's, school's, educator's or coach's records, goals and figures (team=\"Lakeside Grade 4\", school=…, educator=…, coach=…); the workbook holds no input sheet",
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
