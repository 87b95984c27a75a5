/**
 * What the pane does, without the DOM: each handler takes the pane context (the store and the
 * Excel port) and changes the store; views draw the store (app.ts, steps/). Unit-tested on the
 * Excel simulator (test/taskpane/handlers.test.ts).
 *
 * Excel is read and written here, on the main thread (Office.js lives here); analyze() runs in
 * a Web Worker (analysis.ts) behind deps.startAnalysis.
 */
import type { MappingConfig } from '../core/config';
import { CancelledError, NoDataError } from '../core/errors';
import { explainEmptyRun } from '../core/never-silent';
import type { SheetDetection } from '../core/intake';
import { suggestionKey } from '../core/goals/adoption-key';
import type { CancelSignal, ThroughlineState } from '../core/ports';
import type { GoalSuggestion } from '../core/report';
import type { RawTable } from '../core/types';
import { keepEdited, sheetRoles } from '../core/workbook-run';
import type { ExcelAdapter, ExcelApi } from '../excel';
import type { AnalysisResult, AnalysisRun, WorkerRun } from './analysis';
import { describeError, plansForKeys, renderSummary, type EditResult } from './logic';
import type { Views } from '../core/views';
import { scopeOf, scopeWho, validName, type PaneRole, type Scope } from './scope';
import { sharedStatus, sliceFileName, sliceOf, toBase64 } from './share';
import type { PaneState, RunSignal, Store } from './store';

/** What the pane needs from outside: Excel (adapter and raw API), a clock, the worker. */
export interface PaneDeps {
  excel: ExcelAdapter;
  api: ExcelApi;
  now: () => Date;
  startAnalysis: (
    request: Parameters<typeof import('./analysis').startAnalysis>[0],
    onProgress: (stage: string, done: number, total: number) => void,
  ) => AnalysisRun;
  /** "Share a slice": the slice workbook built in the worker, and where it goes. */
  share: ShareDeps;
}

/** Where a slice workbook goes: a new Excel workbook (ExcelApi 1.8), else a download. */
export interface ShareDeps {
  startSlice: (
    request: Parameters<typeof import('./analysis').startSlice>[0],
    onProgress: (stage: string, done: number, total: number) => void,
  ) => WorkerRun<Uint8Array>;
  /** Office.context.requirements.isSetSupported('ExcelApi', '1.8'): Excel.createWorkbook exists. */
  canOpenWorkbook(): boolean;
  /** Excel.createWorkbook(base64): opens the bytes as a new workbook. */
  openWorkbook(base64: string): Promise<void>;
  /** Offers the bytes as a file to save (a Blob link); no network either way. */
  download(bytes: Uint8Array, fileName: string): void;
}

/** The store and the outside world, handed to every handler and view. */
export interface PaneContext {
  store: Store;
  deps: PaneDeps;
}

/** A step run alone: its id and the output sheets (keys) it writes. */
export interface StepRun {
  id: string;
  sheetKeys: readonly string[];
}

/** Shows a step. */
export function showStep(ctx: PaneContext, step: string): void {
  ctx.store.set({ step });
}

/** Chooses whose view the steps show: a role, with its first name until one is chosen. */
export function chooseRole(ctx: PaneContext, role: PaneRole): void {
  const s = ctx.store.get();
  if (role === s.role) return;
  const views = s.analysis?.report.views;
  const name = validName(views, role, null);
  ctx.store.set({ role, scopeName: name, status: scopeStatus(role, name, views) });
}

/** Chooses the educator, team or school the steps show (a name the analysis holds). */
export function chooseName(ctx: PaneContext, name: string): void {
  const s = ctx.store.get();
  const valid = validName(s.analysis?.report.views, s.role, name);
  if (valid !== name || name === s.scopeName) return;
  ctx.store.set({ scopeName: name, status: scopeStatus(s.role, name, s.analysis?.report.views) });
}

function scopeStatus(role: PaneRole, name: string | null, views?: Views): string {
  return role === 'system' || name === null
    ? 'Every step shows the whole district.'
    : `Every step shows ${scopeWho(role, name, views)} only.`;
}

/**
 * The scope the steps show: the chosen role and name (the role's first name when the chosen
 * one is not in this analysis); null: everything.
 */
export function currentScope(state: PaneState): Scope | null {
  const report = state.analysis?.report;
  if (!report) return null;
  return scopeOf(report, state.role, validName(report.views, state.role, state.scopeName));
}

/** Shows the stage of the running work; the status line hears each new stage once. */
function showProgress(ctx: PaneContext, stage: string, percentDone: number): void {
  const s = ctx.store.get();
  const percent = Math.max(0, Math.min(100, Math.round(percentDone)));
  const patch: Partial<PaneState> = { progress: { stage, percent } };
  if (s.progress?.stage !== stage) patch.status = `${stage}…`;
  ctx.store.set(patch);
}

/** Stops the running work (the worker at once; the writing at its next sync). */
export function cancelRun(ctx: PaneContext): void {
  const signal = ctx.store.get().cancel;
  if (!signal) return;
  signal.cancelled = true;
  signal.worker?.cancel();
  showProgress(ctx, 'Cancelling', 100);
}

interface WorkbookRead {
  sheets: { name: string }[];
  saved: ThroughlineState | null;
  kept: string[];
  tables: RawTable[];
  previousOutputs: RawTable[];
}

/** Reads the person's sheets (never ours) and our Suggested Goals sheets (for "Adopt"). */
async function readWorkbook(ctx: PaneContext, signal: CancelSignal): Promise<WorkbookRead> {
  const { excel } = ctx.deps;
  showProgress(ctx, 'Looking at the workbook', 2);
  const sheets = await excel.listSheets();
  let saved: ThroughlineState | null = await excel.readState();
  const everOwned = saved;
  let kept: string[] = [];
  if (saved) {
    // A sheet of ours that a person edited is theirs now: kept, and new results get new names.
    kept = await excel.editedOwnedSheets(saved);
    saved = keepEdited(
      saved,
      kept,
      sheets.map((s) => s.name),
    );
  }
  // Every sheet an earlier run wrote, edited or not, is never data (as on the command line);
  // its Suggested Goals sheets are read for what a person typed in "Adopt" (core/workbook-run.ts).
  const roles = sheetRoles(
    sheets.map((s) => ({ name: s.name, visibility: s.visible ? 'visible' : 'hidden' })),
    everOwned,
  );
  const toRead = roles.data.map((name) => ({ name }));
  const previousOutputs: RawTable[] = [];
  for (const name of roles.adoptFrom) {
    if (signal.cancelled) throw new CancelledError();
    previousOutputs.push(await excel.readSheet(name, { cancel: signal }));
  }
  const tables: RawTable[] = [];
  for (const [i, s] of toRead.entries()) {
    if (signal.cancelled) throw new CancelledError();
    showProgress(
      ctx,
      `Reading "${s.name}" (${i + 1} of ${toRead.length})`,
      5 + (25 * i) / Math.max(1, toRead.length),
    );
    tables.push(await excel.readSheet(s.name, { cancel: signal }));
  }
  const names = new Map(ctx.store.get().sheetNames);
  for (const s of saved?.sheets ?? []) names.set(s.key, s.name);
  ctx.store.set({ sheetNames: names });
  return { sheets, saved, kept, tables, previousOutputs };
}

/** Runs analyze() in the worker on what was read. */
async function analyseInWorker(
  ctx: PaneContext,
  read: WorkbookRead,
  signal: RunSignal,
): Promise<AnalysisResult> {
  const s = ctx.store.get();
  const config = s.forceDetect
    ? undefined
    : (s.config ?? ((read.saved?.config as MappingConfig | undefined) || undefined));
  if (signal.cancelled) throw new CancelledError();
  showProgress(ctx, 'Analysing', 30);
  const worker = ctx.deps.startAnalysis(
    {
      tables: read.tables,
      config,
      configKept: config !== undefined,
      existingSheets: read.sheets.map((x) => x.name),
      state: read.saved,
      now: ctx.deps.now().toISOString(),
      previousOutputs: read.previousOutputs,
      adoptions: [...s.choices.values()],
    },
    (stage, done, total) =>
      showProgress(ctx, `Analysing: ${stage}`, 30 + (30 * done) / Math.max(1, total)),
  );
  signal.worker = worker;
  const result = await worker.result;
  signal.worker = null;
  if (signal.cancelled) throw new CancelledError();
  // A run that used nothing writes nothing: the Data (mapping) step opens with the reasons
  // the command line gives (core/never-silent.ts).
  const empty = explainEmptyRun({
    report: result.report,
    detection: { notes: result.notes, sheets: result.sheets },
  });
  if (empty) {
    ctx.store.set({ config: result.report.config, step: 'data' });
    throw new NoDataError(empty);
  }
  return result;
}

/**
 * Writes the plans of a run to the workbook: the one place the pane calls the Excel renderer
 * (excel/render.ts through the adapter).
 */
async function writeResults(
  ctx: PaneContext,
  result: AnalysisResult,
  read: WorkbookRead,
  step: StepRun | 'all',
  signal: RunSignal,
): Promise<void> {
  const s = ctx.store.get();
  const plans =
    step === 'all' ? result.plans : plansForKeys(result.plans, step.sheetKeys, s.choices.size > 0);
  showProgress(ctx, 'Writing sheets', 60);
  let writes = 0;
  const rendered = await ctx.deps.excel.render(plans, {
    state: {
      version: 1,
      sheets: [],
      config: result.report.config,
      ...(read.saved?.kept ? { kept: read.saved.kept } : {}),
    },
    cancel: signal,
    progress: (stage, done, total) =>
      showProgress(
        ctx,
        `Writing: ${stage}`,
        total > 0 ? 60 + (40 * done) / total : Math.min(99, 60 + ++writes * 4),
      ),
  });
  const names = new Map(ctx.store.get().sheetNames);
  for (const p of plans) names.set(p.key, p.name);
  const summary = renderSummary(rendered, read.kept);
  ctx.store.set({
    analysis: {
      ...result,
      tables: read.tables,
      headerRows: headerRowsOf(result.sheets, result.report.config),
    },
    config: result.report.config,
    edited: false,
    forceDetect: false,
    sheetNames: names,
    summary,
    status: `Done. ${summary}`,
    ...(step !== 'all' ? { step: step.id } : {}),
  });
}

/**
 * Reads the workbook, analyses it and writes the results: every sheet ('all', "Analyse
 * workbook"), or one step's sheets (and the sheets their formulas need). Never throws: an error
 * becomes the status line and the alert, a cancel leaves the workbook as it was.
 */
export async function run(ctx: PaneContext, step: StepRun | 'all'): Promise<void> {
  if (ctx.store.get().busy) return;
  const signal: RunSignal = { cancelled: false, worker: null };
  ctx.store.set({ cancel: signal, alert: '', busy: true, progress: null });
  try {
    const read = await readWorkbook(ctx, signal);
    const result = await analyseInWorker(ctx, read, signal);
    await writeResults(ctx, result, read, step, signal);
  } catch (error) {
    const cancelled = signal.cancelled || (error as Error)?.name === 'CancelledError';
    const text = cancelled ? describeError(new CancelledError()) : describeError(error);
    ctx.store.set({ status: text, alert: cancelled ? '' : text });
  } finally {
    ctx.store.set({ cancel: null, busy: false, progress: null });
  }
}

/**
 * "Share a slice": the chosen team's, school's or educator's records, goals and figures as a new
 * workbook (as `--slice` writes it), opened in Excel, or offered as a download where Excel
 * cannot open a workbook from bytes. Reads the workbook afresh and changes nothing in it.
 * Never throws: an error becomes the status line and the alert.
 */
export async function shareSlice(ctx: PaneContext): Promise<void> {
  const s0 = ctx.store.get();
  const slice = sliceOf(s0.analysis?.report.views, s0.role, s0.scopeName);
  if (s0.busy || !s0.analysis || !slice) return;
  const signal: RunSignal = { cancelled: false, worker: null };
  ctx.store.set({ cancel: signal, alert: '', busy: true, progress: null });
  try {
    const read = await readWorkbook(ctx, signal);
    const s = ctx.store.get();
    showProgress(ctx, 'Building the slice', 40);
    const work = ctx.deps.share.startSlice(
      {
        tables: read.tables,
        config: s.config ?? s.analysis!.report.config,
        configKept: true,
        // A new workbook: its sheets keep their own names (none is there to clash with).
        existingSheets: [],
        state: null,
        now: ctx.deps.now().toISOString(),
        previousOutputs: read.previousOutputs,
        adoptions: [...s.choices.values()],
        slice,
      },
      (stage, done, total) =>
        showProgress(ctx, `Building the slice: ${stage}`, 40 + (50 * done) / Math.max(1, total)),
    );
    signal.worker = work;
    const bytes = await work.result;
    signal.worker = null;
    if (signal.cancelled) throw new CancelledError();
    const { share } = ctx.deps;
    const opens = share.canOpenWorkbook();
    if (opens) await share.openWorkbook(toBase64(bytes));
    else share.download(bytes, sliceFileName(slice));
    ctx.store.set({ status: sharedStatus(slice, opens ? 'opened' : 'download') });
  } catch (error) {
    const cancelled = signal.cancelled || (error as Error)?.name === 'CancelledError';
    const text = cancelled ? describeError(new CancelledError()) : describeError(error);
    ctx.store.set({ status: text, alert: cancelled ? '' : text });
  } finally {
    ctx.store.set({ cancel: null, busy: false, progress: null });
  }
}

/** Detects the mapping afresh (the person's edits and the saved mapping set aside) and saves it. */
export function redetect(ctx: PaneContext, step: StepRun): Promise<void> {
  ctx.store.set({ forceDetect: true, config: null });
  return run(ctx, step);
}

/** Takes a mapping edit: the new config, or the reason it was refused. */
export function applyEdit(ctx: PaneContext, result: EditResult): void {
  if (result.refused) {
    ctx.store.set({ alert: result.refused });
    return;
  }
  ctx.store.set({
    alert: '',
    config: result.config,
    edited: true,
    status: 'Mapping changed. Choose "Save mapping" to keep it in the workbook.',
  });
}

/** Activates a sheet. */
export async function openSheet(ctx: PaneContext, name: string): Promise<void> {
  try {
    await ctx.deps.api.run(async (context) => {
      context.workbook.worksheets.getItem(name).activate();
      await context.sync();
    });
    ctx.store.set({ status: `Opened "${name}".` });
  } catch (error) {
    ctx.store.set({ alert: `Could not open "${name}": ${describeError(error)}` });
  }
}

/** Activates a sheet and selects a range on it (a data-quality issue's cell). */
export async function selectRange(ctx: PaneContext, sheet: string, address: string): Promise<void> {
  try {
    await ctx.deps.api.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRange(address).select();
      await context.sync();
    });
    ctx.store.set({ status: `Selected ${address} on "${sheet}".` });
  } catch (error) {
    ctx.store.set({
      alert: `Could not select ${address} on "${sheet}": ${describeError(error)}`,
    });
  }
}

/** Whether a goal is adopted, and its wording, as the pane shows it (a choice made here wins). */
export function goalChoice(
  state: PaneState,
  goal: GoalSuggestion,
): { adopted: boolean; statement: string } {
  const choice = state.choices.get(suggestionKey(goal));
  return {
    adopted: choice ? choice.adopted : goal.adopted === true,
    statement: choice?.statement ?? goal.statement,
  };
}

/**
 * Adopts a goal or takes the adoption back. The choice is kept for the next run, and written
 * at once as Y (or blank) in the goal's "Adopt" cell of the Suggested Goals sheet, the same
 * cell a person types in, when that sheet is there.
 */
export async function toggleAdopt(ctx: PaneContext, goal: GoalSuggestion): Promise<void> {
  const s = ctx.store.get();
  const key = suggestionKey(goal);
  const current = goalChoice(s, goal);
  const adopted = !current.adopted;
  const choices = new Map(s.choices);
  choices.set(key, { key, adopted, statement: s.choices.get(key)?.statement ?? null });
  ctx.store.set({ choices });
  const sheet = s.sheetNames.get('suggested-goals');
  if (!sheet || s.busy) return;
  try {
    const written = await ctx.deps.excel.setAdoptCell(sheet, goal.id, adopted);
    if (written)
      ctx.store.set({
        status: `${adopted ? 'Adopted' : 'No longer adopted'}: ${goal.id} (${written} on "${sheet}").`,
      });
  } catch (error) {
    ctx.store.set({ alert: `Could not mark ${goal.id} on "${sheet}": ${describeError(error)}` });
  }
}

/** Keeps a person's wording of a goal for the next run. */
export function editGoal(ctx: PaneContext, goal: GoalSuggestion, statement: string): void {
  const s = ctx.store.get();
  const key = suggestionKey(goal);
  const choices = new Map(s.choices);
  choices.set(key, { key, adopted: goalChoice(s, goal).adopted, statement });
  ctx.store.set({ choices });
}

/** Fills the workbook's goal template with one goal, by running the Goals step. */
export function fillTemplate(
  ctx: PaneContext,
  step: StepRun,
  templateSheet: string,
  goalId: string,
): Promise<void> {
  const s = ctx.store.get();
  const base = s.config ?? s.analysis!.report.config;
  ctx.store.set({
    config: { ...base, template: { ...(base.template ?? {}), sheet: templateSheet, goalId } },
  });
  return run(ctx, step);
}

/** Excel row of each sheet's header: the config's, else detection's. */
function headerRowsOf(sheets: SheetDetection[], config: MappingConfig): Record<string, number> {
  const rows: Record<string, number> = {};
  for (const s of sheets) if (s.headerRow > 0) rows[s.sheet] = s.headerRow;
  for (const c of [
    ...config.students,
    ...(config.educators ?? []),
    ...(config.goals ? [config.goals] : []),
  ]) {
    if (c.headerRow) rows[c.sheet] = c.headerRow;
  }
  return rows;
}
