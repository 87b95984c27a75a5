/**
 * Full runs for integration tests, each of which ALWAYS proves that the person's sheets came
 * through unchanged (issue 8: "every integration test hashes the values and formulas of each
 * source sheet before and after a run").
 *
 *   runInSimulator(tablesOrSnapshotOrSim, options)
 *     the add-in's flow through the Office.js adapter on the strict Excel simulator:
 *     listSheets → readState → editedOwnedSheets → readSheet (each source sheet) → analyze → render.
 *   runWithFiles(paths, options)
 *     the command line, `main(['analyze', ...paths, ...args])`, in process.
 *
 * Both hash every source sheet (values and formulas, test/support/hash.ts) before and after —
 * also when the run fails — and throw `SourceChangedError` naming the sheet on any difference.
 * A source sheet is every sheet that is not the state sheet and not an output sheet of ours
 * that still has its stored fingerprint (an output a person edited is theirs, so it is hashed).
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { analyze, type AnalyzeOutput } from '../../src/core/analyze';
import type { MappingConfig } from '../../src/core/config';
import type {
  CancelSignal,
  ProgressListener,
  RenderResult,
  ThroughlineState,
} from '../../src/core/ports';
import type { WorkbookSnapshot } from '../../src/core/snapshot';
import { STATE_SHEET, fingerprintGrid, stateFromTable } from '../../src/core/state';
import type { CellValue, RawTable } from '../../src/core/types';
import { CELL_TEXT_LIMIT, clipCellText } from '../../src/core/plans/cell-text';
import { main, type CliIO } from '../../src/cli/main';
import type { AnalyzeFn } from '../../src/cli/engine';
import { createExcelAdapter, type ExcelAdapter, type ExcelApi } from '../../src/excel';
import { readCheckedFile } from '../../src/files/inspect';
import { openWorkbookFiles } from '../../src/files/source';
import {
  createSimulator,
  snapshotFromTables,
  type Simulator,
  type SimulatorOptions,
} from './excel-simulator';
import { hashSnapshotSheets, hashXlsxSheets } from './hash';

export const RUN_NOW = new Date('2026-03-02T09:00:00Z');

/** A run changed (or removed) a sheet it must leave alone. */
export class SourceChangedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceChangedError';
  }
}

// ---------------------------------------------------------------- the simulator (the add-in)

export interface SimRunOptions {
  /** A confirmed mapping; default: the one stored in the workbook's state, else detected. */
  config?: MappingConfig;
  now?: Date;
  /** Options of a simulator created here (ignored when a Simulator is passed). */
  simulator?: SimulatorOptions;
  progress?: ProgressListener;
  cancel?: CancelSignal;
  blockBytes?: number;
  /** Temporary-sheet suffix (default "r1"). */
  runId?: string;
  /** Return a failed run's error in the result instead of throwing it (sources are checked either way). */
  allowError?: boolean;
}

export interface SimRunResult {
  sim: Simulator;
  adapter: ExcelAdapter;
  /** What analyze() returned (null when the run stopped before it). */
  output: AnalyzeOutput | null;
  result: RenderResult | null;
  error: unknown;
  /** Names of the sheets that were hashed before and after. */
  sourceSheets: string[];
  /** Owned sheets found edited by a person, kept and not replaced. */
  keptEdited: string[];
}

/** The state the workbook holds, read straight from the model (no syncs, so fault counts are untouched). */
export function stateInSnapshot(snapshot: WorkbookSnapshot): ThroughlineState | null {
  const sheet = snapshot.sheets.find(
    (s) => s.name === STATE_SHEET && s.visibility === 'veryHidden',
  );
  if (!sheet) return null;
  const values = sheet.cells.map((row) => row.map((c) => c?.value ?? null));
  return stateFromTable({ sheet: STATE_SHEET, firstRow: 1, firstColumn: 1, values });
}

/** Names of the sheets a run must leave unchanged: all but the state sheet and our unedited outputs. */
export function sourceSheetNames(snapshot: WorkbookSnapshot): string[] {
  const state = stateInSnapshot(snapshot);
  const owned = new Map((state?.sheets ?? []).map((s) => [s.name.toLowerCase(), s.fingerprint]));
  return snapshot.sheets
    .filter((s) => {
      if (s.name === STATE_SHEET && s.visibility === 'veryHidden') return false;
      const fp = owned.get(s.name.toLowerCase());
      if (fp === undefined) return true;
      const grid = s.cells.map((row) => row.map((c) => (c ? (c.formula ?? c.value) : null)));
      return fingerprintGrid(grid) !== fp;
    })
    .map((s) => s.name);
}

function checkSourcesKept(
  label: string,
  names: string[],
  before: WorkbookSnapshot,
  after: WorkbookSnapshot,
): void {
  const hBefore = hashSnapshotSheets(before);
  const hAfter = hashSnapshotSheets(after);
  for (const name of names) {
    const b = before.sheets.find((s) => s.name === name)!;
    const a = after.sheets.find((s) => s.name === name);
    if (!a)
      throw new SourceChangedError(`${label}: the source sheet "${name}" is gone after the run`);
    if (hAfter.get(name) !== hBefore.get(name))
      throw new SourceChangedError(
        `${label}: the values or formulas of the source sheet "${name}" changed`,
      );
    if (a.visibility !== b.visibility)
      throw new SourceChangedError(
        `${label}: the source sheet "${name}" went from ${b.visibility} to ${a.visibility}`,
      );
  }
}

/**
 * Run the add-in's whole flow on the Excel simulator and prove the source sheets unchanged.
 * @param input tables (a new workbook), a snapshot (a new workbook), or a Simulator (re-runs, faults)
 * @param options config, clock, simulator options, progress/cancel, allowError
 * @returns the simulator, the analysis, the render result (or the error with allowError)
 * @example
 *   const run = await runInSimulator(baumannWorkbook());
 *   const again = await runInSimulator(run.sim); // a re-run on the same workbook
 */
export async function runInSimulator(
  input: RawTable[] | WorkbookSnapshot | Simulator,
  options: SimRunOptions = {},
): Promise<SimRunResult> {
  const sim: Simulator =
    'Excel' in input
      ? input
      : createSimulator(
          Array.isArray(input) ? snapshotFromTables(input) : input,
          options.simulator,
        );
  const now = options.now ?? RUN_NOW;
  const adapter = createExcelAdapter(sim.Excel as unknown as ExcelApi, {
    now: () => now,
    runId: () => options.runId ?? 'r1',
    blockBytes: options.blockBytes,
  });
  const before = sim.toSnapshot();
  const sourceSheets = sourceSheetNames(before);
  const out: SimRunResult = {
    sim,
    adapter,
    output: null,
    result: null,
    error: null,
    sourceSheets,
    keptEdited: [],
  };
  try {
    const sheets = await adapter.listSheets();
    let state = await adapter.readState();
    if (state) {
      // As the command line does: an output a person edited is theirs now, kept, not replaced.
      out.keptEdited = await adapter.editedOwnedSheets(state);
      const keep = new Set(out.keptEdited);
      state = { ...state, sheets: state.sheets.filter((s) => !keep.has(s.name)) };
    }
    const owned = new Set((state?.sheets ?? []).map((s) => s.name.toLowerCase()));
    const tables: RawTable[] = [];
    for (const s of sheets) {
      if (s.name === STATE_SHEET || owned.has(s.name.toLowerCase())) continue;
      tables.push(
        await adapter.readSheet(s.name, { progress: options.progress, cancel: options.cancel }),
      );
    }
    const config = options.config ?? (state?.config as MappingConfig | undefined);
    out.output = analyze({ tables, config, existingSheets: sheets.map((s) => s.name), state, now });
    out.result = await adapter.render(out.output.plans, {
      state: { version: 1, sheets: [], config: out.output.report.config },
      progress: options.progress,
      cancel: options.cancel,
    });
  } catch (err) {
    out.error = err;
  }
  const after = sim.toSnapshot();
  checkSourcesKept('runInSimulator', sourceSheets, before, after);
  const leftovers = after.sheets.filter((s) => s.name.startsWith('~tl')).map((s) => s.name);
  if (leftovers.length)
    throw new SourceChangedError(
      `runInSimulator: temporary sheets left behind: ${leftovers.join(', ')}`,
    );
  if (out.error && !options.allowError) throw out.error;
  return out;
}

// ---------------------------------------------------------------- the command line

class Capture {
  text = '';
  isTTY = false;
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}

export interface FileRunOptions {
  /** More arguments after the inputs (e.g. ["--out", f, "--max-size", "1"]). */
  args?: string[];
  now?: Date;
}

export interface FileRunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The workbook written (null when none was). */
  out: string | null;
  /** What analyze() returned inside the command line (null when it did not run). */
  output: AnalyzeOutput | null;
  /** Source sheet names checked in the output, per input file. */
  sourceSheets: string[];
}

/** SHA-256 of a file read a megabyte at a time (inputs may be huge or sparse). */
function sha(file: string): string {
  const h = createHash('sha256');
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(1024 * 1024);
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

/** A cell as the output keeps a CSV's cell: the same text, or the number Excel would make of it. */
function sameCsvCell(input: CellValue, output: CellValue): boolean {
  if (input === output) return true;
  // Text over Excel's cell limit is written cut, with the note saying so (README).
  if (typeof input === 'string' && input.length > CELL_TEXT_LIMIT)
    return output === clipCellText(input);
  return (
    typeof input === 'string' &&
    typeof output === 'number' &&
    input.trim() !== '' &&
    Number(input) === output
  );
}

/**
 * Run the command line in process and prove its inputs untouched: every input's bytes are the
 * same afterwards, and (exit 0 with a workbook) each input sheet in the output has the hash of
 * values and formulas it had in its .xlsx (a CSV: the same cells, numbers as Excel reads them).
 * @param paths input files (.xlsx/.csv)
 * @param options extra arguments and the clock
 * @returns exit code, captured stdout/stderr, the output path, and the analysis
 * @example
 *   const r = await runWithFiles([xlsx], { args: ['--out', out] });
 *   expect(r.code, r.stderr).toBe(0);
 */
export async function runWithFiles(
  paths: string[],
  options: FileRunOptions = {},
): Promise<FileRunResult> {
  const args = options.args ?? [];
  const bytesBefore = paths.map((p) => (existsSync(p) && statSync(p).isFile() ? sha(p) : null));
  const xlsxHashes = new Map<string, Map<string, string>>();
  const csvTables = new Map<string, RawTable>();
  for (const p of paths) {
    if (!existsSync(p) || !statSync(p).isFile()) continue;
    try {
      // Only what the command line itself would accept is parsed here (never a zip bomb).
      await readCheckedFile(p);
      if (path.extname(p).toLowerCase() === '.xlsx') xlsxHashes.set(p, await hashXlsxSheets(p));
      else if (path.extname(p).toLowerCase() === '.csv') {
        const src = await openWorkbookFiles([p], { maxBytes: Number.MAX_SAFE_INTEGER });
        csvTables.set(p, await src.readSheet(src.sheets[0].name));
      }
    } catch {
      // Not a readable spreadsheet: the run must refuse it; only its bytes are checked.
    }
  }
  let output: AnalyzeOutput | null = null;
  const capture: AnalyzeFn = (input) => (output = analyze(input));
  const stdout = new Capture();
  const stderr = new Capture();
  const io: CliIO = { stdout, stderr, analyze: capture, now: () => options.now ?? RUN_NOW };
  const code = await main(['analyze', ...paths, ...args], io);

  paths.forEach((p, i) => {
    if (bytesBefore[i] !== null && sha(p) !== bytesBefore[i])
      throw new SourceChangedError(`runWithFiles: the input ${p} was written`);
  });
  const outFlag = args.indexOf('--out');
  const onlyJson = args.includes('--json') && outFlag < 0;
  const defaultOut = path.join(
    path.dirname(paths[0]),
    `${path.basename(paths[0], path.extname(paths[0]))}-throughline.xlsx`,
  );
  const outPath = outFlag >= 0 ? args[outFlag + 1] : defaultOut;
  const wrote = code === 0 && !onlyJson && !args.includes('--print-config') && existsSync(outPath);
  const sourceSheets: string[] = [];
  if (wrote) {
    const hOut = await hashXlsxSheets(outPath);
    for (const [file, hashes] of xlsxHashes) {
      const state =
        (await openWorkbookFiles([file], { maxBytes: Number.MAX_SAFE_INTEGER }).then((s) =>
          s.readState(),
        )) ?? null;
      const src = await openWorkbookFiles([file], { maxBytes: Number.MAX_SAFE_INTEGER });
      const edited = new Set(state ? await src.editedOwnedSheets(state) : []);
      const owned = new Set(
        (state?.sheets ?? []).filter((s) => !edited.has(s.name)).map((s) => s.name.toLowerCase()),
      );
      for (const [name, h] of hashes) {
        if (name === STATE_SHEET || owned.has(name.toLowerCase())) continue;
        sourceSheets.push(name);
        if (hOut.get(name) !== h)
          throw new SourceChangedError(
            `runWithFiles: the sheet "${name}" of ${file} is not unchanged in ${outPath}`,
          );
      }
    }
    if (csvTables.size) {
      const written = await openWorkbookFiles([outPath], { maxBytes: Number.MAX_SAFE_INTEGER });
      for (const [file, table] of csvTables) {
        sourceSheets.push(table.sheet);
        const got = await written.readSheet(table.sheet).catch(() => null);
        const same =
          got !== null &&
          got.firstRow === table.firstRow &&
          got.firstColumn === table.firstColumn &&
          got.values.length === table.values.length &&
          table.values.every((row, r) =>
            row.every((v, c) => sameCsvCell(v, got.values[r]?.[c] ?? null)),
          );
        if (!same)
          throw new SourceChangedError(
            `runWithFiles: the sheet "${table.sheet}" of ${file} is not unchanged in ${outPath}`,
          );
      }
    }
  }
  return {
    code,
    stdout: stdout.text,
    stderr: stderr.text,
    out: wrote ? outPath : null,
    output,
    sourceSheets,
  };
}
