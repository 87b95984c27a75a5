/**
 * Render sheet plans all or nothing. Each plan is built in a new hidden temporary sheet; then one
 * "swap" sync renames the old owned sheets away, renames the new ones in (and shows them),
 * deletes the old ones and names the tables. A failure at any sync, or a cancel, removes what was
 * built and renames back what was renamed, so the workbook is as it was. Only if the swap itself
 * fails after deleting an old sheet (nothing can bring that back) is the swap finished instead, so
 * the workbook is then exactly as a successful run leaves it.
 *
 * Syncs: 1–3 to look (sheets and protection; the old state and the tables of sheets to replace,
 * when there are any) + one per `blockBytes` of writes, the first of them adding the temporary
 * sheets and the last holding the swap (in a sync of its own when everything fits in the first).
 */
import { CELL_TEXT_LIMIT, clipCellText } from '../core/plans/cell-text';
import { partsToPlans } from '../core/plans/split';
import { planWrite, stateSheetOf, type WritePlan } from '../core/workbook-run';
import { isFormulaCell, type SheetPlan } from '../core/plans/types';
import {
  CancelledError,
  type OwnedSheet,
  type RenderOptions,
  type RenderResult,
  type ThroughlineState,
} from '../core/ports';
import { STATE_SHEET, fingerprintGrid, stateToCells } from '../core/state';
import { isRequestPayloadError } from './api';
import {
  CALL_BYTES,
  type Piece,
  canonicalFormula,
  cellsWithTableHeaders,
  formatPieces,
  retargetSheetRefs,
} from './pieces';
import { valuePieces } from './values';
import { readSheetIn, visibilityOf } from './read';
import { stateFromTable } from '../core/state';

export interface RenderSettings {
  blockBytes: number;
  /** Rows a sheet holds (default Excel's 1,048,576): a longer plan is split (splitForSheetLimit). */
  maxRows?: number;
  now: () => Date;
  runId: () => string;
}

interface ExistingSheet {
  id: string;
  name: string;
  visibility: string;
}

/** Check plans before touching anything: programming errors throw with what to change. */
function checkPlans(plans: SheetPlan[]): void {
  for (const p of plans) {
    const width = p.cells[0]?.length ?? 0;
    if (p.cells.some((r) => r.length !== width))
      throw new Error(
        `The plan "${p.name}" is not rectangular: every row of cells must have the same length`,
      );
  }
}

/** Stop before touching anything when core refuses the write (a person's sheet with our name). */
function refuseIfAsked(write: WritePlan): void {
  const r = write.refuse[0];
  if (!r) return;
  if (r.kind === 'state-sheet-taken')
    throw new Error(
      `This workbook has a sheet of its own named "${r.sheet}", the name Throughline keeps its state under. Rename that sheet and run again.`,
    );
  if (r.kind === 'bad-plan-name')
    throw new Error(
      `A sheet plan may not be named "${r.sheet}" (the state sheet's name, or another plan's); resolve output names with resolveSheetNames first`,
    );
  throw new Error(
    `The plan "${r.sheet}" would replace a sheet Throughline does not own; resolve output names with resolveSheetNames first`,
  );
}

/** The workbook as this run found it: its sheets, and every table's name. */
interface Found {
  worksheets: Excel.WorksheetCollection;
  before: ExistingSheet[];
  tableNames: string[];
}

/**
 * Step 1, one sync: the sheets (id, name, visibility), every table's name and whether the
 * workbook is protected. Excel refuses every sheet change of a protected workbook with a bare
 * "AccessDenied", so that is said first, before anything is queued.
 */
async function lookAtWorkbook(context: Excel.RequestContext): Promise<Found> {
  const worksheets = context.workbook.worksheets;
  worksheets.load('items/id,items/name,items/visibility');
  const allTables = context.workbook.tables;
  allTables.load('items/name');
  const protection = context.workbook.protection;
  protection.load('protected');
  await context.sync();
  if (protection.protected) {
    // Keeps Excel's code, so a caller can tell this refusal like any other AccessDenied.
    const message =
      'This workbook is protected (Review › Protect Workbook), so Throughline cannot add its sheets. Unprotect the workbook and run again; nothing was changed.';
    throw Object.assign(new Error(message), { code: 'AccessDenied' });
  }
  const before: ExistingSheet[] = worksheets.items.map((s) => ({
    id: s.id,
    name: s.name,
    visibility: s.visibility,
  }));
  return { worksheets, before, tableNames: allTables.items.map((t) => t.name) };
}

/** What this run writes, as core decided it, and the existing sheets it replaces or drops. */
interface Decided {
  write: WritePlan;
  /** The plans to write (a plan longer than a sheet continued on more sheets). */
  plans: SheetPlan[];
  /** Owned sheets replaced by a plan, and continued sheets of an earlier run no longer written. */
  replacedSheets: ExistingSheet[];
  /** Every sheet the swap removes: the replaced ones and the old state sheet. */
  oldSheets: ExistingSheet[];
}

/**
 * Step 2: the state stored by the last run (only a sheet listed there is ours), then what to
 * write, decided in core (workbook-run.ts) and executed here. A refusal stops the run before
 * anything changes.
 */
async function decideWrite(
  context: Excel.RequestContext,
  planned: SheetPlan[],
  before: ExistingSheet[],
  settings: RenderSettings,
): Promise<Decided> {
  const byName = new Map(before.map((s) => [s.name.toLowerCase(), s]));
  const existing = before.map((s) => ({ name: s.name, visibility: visibilityOf(s.visibility) }));
  const stateName = stateSheetOf(existing);
  const previous: ThroughlineState | null = stateName
    ? stateFromTable(await readSheetIn(context, stateName, settings.blockBytes))
    : null;
  const write = planWrite(planned, existing, previous, { maxRows: settings.maxRows });
  refuseIfAsked(write);
  const plans = partsToPlans(write.parts);
  if (plans.length !== planned.length) checkPlans(plans);
  const sheetsNamed = (names: string[]) => names.map((n) => byName.get(n.toLowerCase())!);
  // Continued sheets of an earlier run that this run does not write would hold old rows: they go.
  const replacedSheets: ExistingSheet[] = [
    ...sheetsNamed(write.dropStale),
    ...sheetsNamed(write.replace),
  ];
  const oldSheets = write.stateSheet
    ? [...replacedSheets, byName.get(write.stateSheet.toLowerCase())!]
    : replacedSheets;
  return { write, plans, replacedSheets, oldSheets };
}

/**
 * Step 3: the table names taken once the swap is done. Tables on the sheets being replaced free
 * their names then (one sync, only when sheets are replaced), so a new table may take them.
 */
async function tableNamesTakenAfterSwap(
  context: Excel.RequestContext,
  worksheets: Excel.WorksheetCollection,
  replacedSheets: ExistingSheet[],
  tableNames: string[],
): Promise<Set<string>> {
  const replacedTables = new Set<string>();
  const oldTableCollections = replacedSheets.map((s) => {
    const t = worksheets.getItem(s.id).tables;
    t.load('items/name');
    return t;
  });
  if (oldTableCollections.length) await context.sync();
  for (const c of oldTableCollections)
    for (const t of c.items) replacedTables.add(t.name.toLowerCase());
  return new Set(tableNames.map((n) => n.toLowerCase()).filter((n) => !replacedTables.has(n)));
}

interface FinalTable {
  table: Excel.Table;
  finalName: string;
}

/**
 * What this run has added so far, filled in as the syncs go: what the writes, the swap and an
 * undo after a failure need.
 */
interface Build {
  /** The run's unique prefix of temporary sheet names (`~tl<run>-`). */
  prefix: string;
  /** The temporary sheet of each plan, and the new state sheet (queued with the first writes). */
  added: Excel.Worksheet[];
  addedState: Excel.Worksheet | null;
  /** Ids of the added sheets, once the sync adding them succeeded. */
  newIds: string[];
  /** Keyed by sheet and table, so a table piece sent again after a refused request counts once. */
  tables: Map<string, FinalTable>;
  /** Final table names, chosen once by the swap (a refused request queues it again). */
  finalNames: Map<string, string>;
  /** The tables with their final names as the swap last queued them. */
  finalTables: FinalTable[] | null;
  /** From the swap's first queuing on, a cancel no longer stops the run. */
  swapping: boolean;
}

/** Plan i's temporary sheet while it is written, until the swap gives it the plan's name. */
const tempName = (build: Build, i: number) => `${build.prefix}${i}`;
/** Old sheet i's name between the swap's rename of it and its deletion. */
const oldTempName = (build: Build) => (i: number) => `${build.prefix}o${i}`;

/**
 * Step 4: the temporary sheets, hidden, and the new state sheet, very hidden, as a piece queued
 * with the first writes. The pieces find their sheet when they are queued, so a request refused
 * as too large and sent again in halves adds them again.
 */
function addSheetsPiece(
  worksheets: Excel.WorksheetCollection,
  planCount: number,
  build: Build,
): Piece {
  return {
    bytes: CALL_BYTES * (planCount + 1),
    enqueue() {
      build.added = Array.from({ length: planCount }, (_, i) => worksheets.add(tempName(build, i)));
      const addedState = (build.addedState = worksheets.add(`${build.prefix}s`));
      for (const ws of build.added) ws.visibility = 'Hidden' as Excel.SheetVisibility;
      addedState.visibility = 'VeryHidden' as Excel.SheetVisibility;
      for (const ws of [...build.added, addedState]) ws.load('id');
    },
    after() {
      for (const ws of [...build.added, build.addedState!]) build.newIds.push(ws.id);
    },
  };
}

/**
 * Step 5: each plan's writes as pieces (values, then formats, each in plan order) and its entry
 * in the new state, with the fingerprint of the cells as Excel will give them back.
 */
function planPieces(
  plans: SheetPlan[],
  build: Build,
  run: { runId: string; writtenAt: string; blockBytes: number; takenTables: Set<string> },
): { valueWork: Piece[]; formatWork: Piece[]; owned: OwnedSheet[] } {
  const { blockBytes, takenTables } = run;
  const rename = new Map(plans.map((p, i) => [p.name.toLowerCase(), tempName(build, i)]));
  const retarget = (f: string) => retargetSheetRefs(f, rename);
  const owned: OwnedSheet[] = [];
  const valueWork: Piece[] = [];
  const formatWork: Piece[] = [];
  plans.forEach((plan, i) => {
    // Text over Excel's cell limit is cut with a note; the quote prefix sent before it counts
    // too. Rows are copied only where something changes (a plan can have 200,000 rows).
    const cells = cellsWithTableHeaders(plan).map((r) =>
      r.some((c) => typeof c === 'string' && c.length > CELL_TEXT_LIMIT - 1)
        ? r.map((c) => (typeof c === 'string' ? clipCellText(c, CELL_TEXT_LIMIT - 1) : c))
        : r,
    );
    owned.push({
      key: plan.key,
      name: plan.name,
      // Formulas as Excel gives them back (fingerprintGrid reads a FormulaCell's text).
      fingerprint: fingerprintGrid(
        cells.map((r) =>
          r.some((c) => isFormulaCell(c) && canonicalFormula(c.formula) !== c.formula)
            ? r.map((c) => (isFormulaCell(c) ? canonicalFormula(c.formula) : c))
            : r,
        ),
      ),
      writtenAt: run.writtenAt,
    });
    valueWork.push(...valuePieces(() => build.added[i], cells, blockBytes, retarget));
    formatWork.push(
      ...formatPieces(plan, {
        ws: () => build.added[i],
        blockBytes,
        buildTableName: (name) => uniqueTableName(`${name}_${run.runId}`, takenTables),
        onTable: (table, finalName) =>
          build.tables.set(`${i}\u0000${finalName}`, { table, finalName }),
      }),
    );
  });
  return { valueWork, formatWork, owned };
}

/**
 * Step 6: the swap as a piece, queued after the last writes (in their sync when it has room,
 * never in the sync that adds the sheets). Final table names: the plan's, or "_2", "_3"… if a
 * person's table has it.
 */
function swapPiece(
  context: Excel.RequestContext,
  decided: Decided,
  build: Build,
  takenTables: Set<string>,
  addSheets: Piece,
): Piece {
  const { plans, oldSheets } = decided;
  return {
    bytes:
      CALL_BYTES *
      (2 * oldSheets.length +
        2 * plans.length +
        plans.reduce((n, p) => n + (p.tables?.length ?? 0), 0) +
        1),
    enqueue() {
      build.swapping = true;
      build.finalTables = [...build.tables].map(([key, t]) => {
        let name = build.finalNames.get(key);
        if (name === undefined)
          build.finalNames.set(key, (name = uniqueTableName(t.finalName, takenTables)));
        return { table: t.table, finalName: name };
      });
      enqueueSwap(
        context,
        oldSheets,
        oldTempName(build),
        plans,
        build.added,
        build.addedState!,
        build.finalTables,
      );
    },
    notWith: addSheets,
  };
}

export async function renderIn(
  context: Excel.RequestContext,
  planned: SheetPlan[],
  options: RenderOptions,
  settings: RenderSettings,
): Promise<RenderResult> {
  checkPlans(planned);
  const { blockBytes } = settings;
  const cancelled = () => options.cancel?.cancelled === true;
  const { worksheets, before, tableNames } = await lookAtWorkbook(context);
  const decided = await decideWrite(context, planned, before, settings);
  const { write, plans, oldSheets } = decided;
  const result: RenderResult = { written: write.add, replaced: write.replace };
  const takenTables = await tableNamesTakenAfterSwap(
    context,
    worksheets,
    decided.replacedSheets,
    tableNames,
  );
  const runId = settings.runId();
  const build: Build = {
    prefix: `~tl${runId}-`,
    added: [],
    addedState: null,
    newIds: [],
    tables: new Map(),
    finalNames: new Map(),
    finalTables: null,
    swapping: false,
  };
  let syncsDone = 0;
  const sync = async (stage: string) => {
    await context.sync();
    options.progress?.(stage, ++syncsDone, 0);
  };

  try {
    const addSheets = addSheetsPiece(worksheets, plans.length, build);
    const writtenAt = settings.now().toISOString();
    const run = { runId, writtenAt, blockBytes, takenTables };
    const { valueWork, formatWork, owned } = planPieces(plans, build, run);
    const state = write.newState(options.state, owned);
    valueWork.push(
      ...valuePieces(
        () => build.addedState!,
        stateToCells(state),
        blockBytes,
        (f) => f,
      ),
    );
    const swap = swapPiece(context, decided, build, takenTables, addSheets);
    await sendPieces(context, [addSheets, ...valueWork, ...formatWork, swap], blockBytes, {
      sync,
      cancelled: () => cancelled() && !build.swapping,
    });
    return result;
  } catch (err) {
    const outcome = await recover(context, {
      beforeIds: new Set(before.map((s) => s.id)),
      newIds: build.newIds,
      prefix: build.prefix,
      oldSheets,
      swapping: build.swapping,
      plans,
      finalTables: build.finalTables ?? [...build.tables.values()],
    }).catch((recoverErr: unknown) => {
      throw new Error(
        `${(err as Error).message} — and undoing the partial run failed too (${(recoverErr as Error).message}); sheets named "${build.prefix}…" may be left hidden in the workbook.`,
      );
    });
    if (outcome === 'finished') return result;
    throw err;
  }
}

function uniqueTableName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${wanted}_${i}`;
  taken.add(name.toLowerCase());
  return name;
}

function enqueueSwap(
  context: Excel.RequestContext,
  oldSheets: ExistingSheet[],
  oldTempName: (i: number) => string,
  plans: SheetPlan[],
  added: Excel.Worksheet[],
  addedState: Excel.Worksheet,
  tables: FinalTable[],
): void {
  const worksheets = context.workbook.worksheets;
  // Order matters for undo: renames (reversible) first, deletes (not reversible) last.
  oldSheets.forEach((s, i) => void (worksheets.getItem(s.id).name = oldTempName(i)));
  plans.forEach((p, i) => {
    added[i].name = p.name;
    added[i].visibility = 'Visible' as Excel.SheetVisibility;
  });
  addedState.name = STATE_SHEET;
  // The summary (the plan marked active) is what a person sees when the run ends.
  const active = plans.findIndex((p) => p.active);
  if (active >= 0) added[active].activate();
  for (const s of oldSheets) worksheets.getItem(s.id).delete();
  for (const t of tables) t.table.name = t.finalName;
}

interface RecoverInput {
  beforeIds: Set<string>;
  newIds: string[];
  prefix: string;
  oldSheets: ExistingSheet[];
  swapping: boolean;
  plans: SheetPlan[];
  finalTables: FinalTable[];
}

/**
 * After a failed sync: look at the sheets as they are now. If the swap deleted an old sheet,
 * finish the swap; otherwise delete every sheet this run added (found by id, or by the run's
 * unique prefix when the failing sync added it) and rename the old sheets back (found by id:
 * whether or not the failing sync gave them their temporary names, they get their own back).
 */
async function recover(
  context: Excel.RequestContext,
  r: RecoverInput,
): Promise<'finished' | 'undone'> {
  const worksheets = context.workbook.worksheets;
  worksheets.load('items/id,items/name');
  await context.sync();
  const now = new Map(worksheets.items.map((s) => [s.id, s.name]));
  const newIds = new Set(r.newIds);
  if (r.swapping && r.oldSheets.some((s) => !now.has(s.id))) {
    r.plans.forEach((p, i) => {
      const ws = worksheets.getItem(r.newIds[i]);
      ws.name = p.name;
      ws.visibility = 'Visible' as Excel.SheetVisibility;
    });
    worksheets.getItem(r.newIds[r.plans.length]).name = STATE_SHEET;
    for (const s of r.oldSheets) if (now.has(s.id)) worksheets.getItem(s.id).delete();
    for (const t of r.finalTables) t.table.name = t.finalName;
    await context.sync();
    return 'finished';
  }
  for (const [id, name] of now) {
    if (newIds.has(id) || (!r.beforeIds.has(id) && name.startsWith(r.prefix)))
      worksheets.getItem(id).delete();
  }
  for (const s of r.oldSheets) {
    if (now.has(s.id) && now.get(s.id) !== s.name) worksheets.getItem(s.id).name = s.name;
  }
  await context.sync();
  return 'undone';
}

/**
 * Send pieces in syncs of at most `blockBytes`, each with calculation suspended. A piece that
 * does not fit the room left in a sync is cut so its first part fills it (2-D blocks cut between
 * rows). A batch Excel still finds too large is sent in halves (a single piece split by rows).
 */
async function sendPieces(
  context: Excel.RequestContext,
  pieces: Piece[],
  blockBytes: number,
  io: { sync: (stage: string) => Promise<void>; cancelled: () => boolean },
): Promise<void> {
  const send = async (batch: Piece[]): Promise<void> => {
    if (io.cancelled()) throw new CancelledError();
    context.workbook.application.suspendApiCalculationUntilNextSync();
    for (const p of batch) p.enqueue();
    try {
      await io.sync('Writing sheets');
    } catch (err) {
      // Only a refused request is retried: nothing of it was applied.
      if (!isRequestPayloadError(err)) throw err;
      if (batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        await send(batch.slice(0, half));
        await send(batch.slice(half));
        return;
      }
      const parts = batch[0].split?.();
      if (!parts) throw err;
      for (const p of parts) await send([p]);
      return;
    }
    for (const p of batch) p.after?.();
  };
  let batch: Piece[] = [];
  let size = 0;
  for (let p of pieces) {
    if (p.notWith && batch.includes(p.notWith)) {
      await send(batch);
      batch = [];
      size = 0;
    }
    while (batch.length && size + p.bytes > blockBytes) {
      const parts = p.fit?.(blockBytes - size);
      if (parts) {
        batch.push(parts[0]);
        p = parts[1];
      }
      await send(batch);
      batch = [];
      size = 0;
    }
    batch.push(p);
    size += p.bytes;
  }
  if (batch.length) await send(batch);
}
