/**
 * Reading: used ranges in row blocks sized by bytes, so no response passes Excel's 5 MB limit
 * and no read asks for more than 5,000,000 cells.
 */
import {
  CancelledError,
  type ReadOptions,
  type SheetInfo,
  type ThroughlineState,
} from '../core/ports';
import { STATE_SHEET, fingerprintGrid, stateFromTable } from '../core/state';
import { editedSheets, isOurStateSheet, type SheetVisibility } from '../core/workbook-run';
import type { CellValue, RawTable } from '../core/types';
import { addressStart, isPayloadError, jsonBytes } from './api';
import { canonicalFormula } from './pieces';

const MAX_READ_CELLS = 5_000_000;
/** First guess of the bytes a cell takes in a response, before a block has been measured. */
const FIRST_GUESS_BYTES_PER_CELL = 32;
/**
 * The same for `formulas`: our own sheets' formulas run to a hundred bytes and more a cell (an
 * Impact row refers to ~100 cells), and a 32-byte guess made a first block of 16 MB there,
 * refused and sent again in halves.
 */
const FIRST_GUESS_FORMULA_BYTES_PER_CELL = 256;

export interface GridRequest {
  sheet: string;
  /** 0-based first row and column, and the size. */
  row: number;
  column: number;
  rowCount: number;
  columnCount: number;
  property: 'values' | 'formulas';
}

/**
 * Read a rectangle in row blocks: the first block's size is a guess from the column count, later
 * blocks are sized from the largest row of the block before; a payload error halves the block.
 * One sync per block.
 */
export async function readGrid(
  context: Excel.RequestContext,
  req: GridRequest,
  blockBytes: number,
  options: ReadOptions = {},
  stage = `Reading ${req.sheet}`,
  firstRows: unknown[][] = [],
): Promise<unknown[][]> {
  const ws = context.workbook.worksheets.getItem(req.sheet);
  const cellCap = Math.max(1, Math.floor(MAX_READ_CELLS / req.columnCount));
  const guess =
    req.property === 'formulas' ? FIRST_GUESS_FORMULA_BYTES_PER_CELL : FIRST_GUESS_BYTES_PER_CELL;
  let rowsPerBlock = firstBlockRows(req.columnCount, blockBytes, guess);
  let largestRowBytes = 0;
  // After a payload error, blocks stay at most the size that worked.
  let ceiling = cellCap;
  const out: unknown[][] = [];
  let done = 0;
  if (firstRows.length) {
    // Rows already read (with the used range): measured like a block of this loop.
    for (const row of firstRows.slice(0, req.rowCount)) {
      if (out.length > 0 || req.rowCount === 1)
        largestRowBytes = Math.max(largestRowBytes, jsonBytes(row) + 1);
      out.push(row);
    }
    done = out.length;
    rowsPerBlock = Math.max(
      1,
      Math.min(ceiling, nextBlockRows(blockBytes, largestRowBytes, req.columnCount * guess)),
    );
    options.progress?.(stage, done, req.rowCount);
  }
  while (done < req.rowCount) {
    if (options.cancel?.cancelled) throw new CancelledError();
    const n = Math.min(rowsPerBlock, req.rowCount - done);
    const range = ws.getRangeByIndexes(req.row + done, req.column, n, req.columnCount);
    // One property, named by the request ('values' or 'formulas'): the rule cannot see it.
    // eslint-disable-next-line office-addins/no-empty-load
    range.load(req.property);
    try {
      // Block by block on purpose: each block's size follows the last one's under the 5 MB
      // request limit, so the blocks cannot be queued into one sync.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
    } catch (err) {
      if (isPayloadError(err) && n > 1) {
        rowsPerBlock = Math.ceil(n / 2);
        ceiling = Math.min(ceiling, rowsPerBlock);
        continue;
      }
      throw err;
    }
    const block = range[req.property] as unknown[][];
    let blockLargest = 0;
    for (const row of block) {
      // The grid's first row is usually a header of long labels: measured, it would halve every
      // later block of short data rows (a payload error still halves a block that is too big).
      if (out.length > 0 || req.rowCount === 1)
        blockLargest = Math.max(blockLargest, jsonBytes(row) + 1);
      out.push(row);
    }
    // The next block is sized from this block's rows, not the sheet's longest so far: rows differ
    // by region (a block of long formulas beside the first rows of a sheet of short ones), and
    // one long region would keep every later block small. A tenth is kept to spare
    // (nextBlockRows); a block that still comes out too big is refused and sent again in halves.
    if (blockLargest > 0) largestRowBytes = blockLargest;
    done += n;
    rowsPerBlock = Math.max(
      1,
      Math.min(ceiling, nextBlockRows(blockBytes, largestRowBytes, req.columnCount * guess)),
    );
    options.progress?.(stage, done, req.rowCount);
  }
  return out;
}

/**
 * Rows of the next block: from the largest row measured so far, with a tenth to spare (later
 * rows can be a little longer), or from the guess while nothing is measured.
 */
function nextBlockRows(blockBytes: number, largestRowBytes: number, guessRowBytes: number): number {
  return Math.floor(
    largestRowBytes ? (blockBytes * 0.9) / largestRowBytes : blockBytes / guessRowBytes,
  );
}

/** Rows of the first block: guessed from the column count (32 bytes a cell), within the cell cap. */
function firstBlockRows(
  columnCount: number,
  blockBytes: number,
  bytesPerCell = FIRST_GUESS_BYTES_PER_CELL,
): number {
  const cellCap = Math.max(1, Math.floor(MAX_READ_CELLS / columnCount));
  return Math.max(1, Math.min(cellCap, Math.floor(blockBytes / (columnCount * bytesPerCell))));
}

/** A cell as Office.js gives it, with "" (empty) as null. */
function cellValue(v: unknown): CellValue {
  if (v === '' || v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

interface UsedBox {
  row: number;
  column: number;
  rowCount: number;
  columnCount: number;
}

async function usedBox(context: Excel.RequestContext, sheet: string): Promise<UsedBox | null> {
  const used = context.workbook.worksheets.getItem(sheet).getUsedRangeOrNullObject(true);
  used.load('address,rowCount,columnCount');
  await context.sync();
  if (used.isNullObject) return null;
  const start = addressStart(used.address);
  return {
    row: start.row - 1,
    column: start.column - 1,
    rowCount: used.rowCount,
    columnCount: used.columnCount,
  };
}

/** The size of a sheet's used range as listSheets saw it: only a guess for the first block. */
export interface SizeHint {
  rowCount: number;
  columnCount: number;
}

/**
 * The used range and, when its size is known from listSheets, its first block in the same sync:
 * the block starts at the used range's first row and has its width whatever the hint says, so a
 * stale hint only makes the block larger or smaller. Without a hint, or if that sync fails (the
 * sheet was emptied, the block refused as too large), the used range alone.
 */
async function usedBoxAndFirstRows(
  context: Excel.RequestContext,
  sheet: string,
  blockBytes: number,
  hint: SizeHint | undefined,
): Promise<{ box: UsedBox | null; rows: unknown[][] }> {
  if (!hint || hint.rowCount < 1 || hint.columnCount < 1) {
    return { box: await usedBox(context, sheet), rows: [] };
  }
  // getUsedRange (not …OrNullObject, whose methods a null object cannot serve): on a blank sheet
  // Excel gives the top left cell, an empty A1.
  const used = context.workbook.worksheets.getItem(sheet).getUsedRange(true);
  used.load('address,rowCount,columnCount');
  const n = Math.min(hint.rowCount, firstBlockRows(hint.columnCount, blockBytes));
  const first = used.getRow(0).getResizedRange(n - 1, 0);
  first.load('values');
  try {
    await context.sync();
  } catch (err) {
    // Too large (a stale hint), or past the sheet's last row: the used range alone.
    const code = (err as { code?: unknown } | null)?.code;
    if (!isPayloadError(err) && code !== 'InvalidArgument') throw err;
    return { box: await usedBox(context, sheet), rows: [] };
  }
  // A blank sheet, or one cell whose value is "" (a formula can give that): ask as without a hint.
  if (used.rowCount === 1 && used.columnCount === 1 && first.values[0]?.[0] === '')
    return { box: await usedBox(context, sheet), rows: [] };
  const start = addressStart(used.address);
  return {
    box: {
      row: start.row - 1,
      column: start.column - 1,
      rowCount: used.rowCount,
      columnCount: used.columnCount,
    },
    rows: first.values,
  };
}

export async function readSheetIn(
  context: Excel.RequestContext,
  name: string,
  blockBytes: number,
  options: ReadOptions = {},
  hint?: SizeHint,
): Promise<RawTable> {
  if (options.cancel?.cancelled) throw new CancelledError();
  const { box, rows } = await usedBoxAndFirstRows(context, name, blockBytes, hint);
  if (!box) return { sheet: name, values: [], firstRow: 1, firstColumn: 1 };
  const grid = await readGrid(
    context,
    { sheet: name, ...box, property: 'values' },
    blockBytes,
    options,
    undefined,
    rows,
  );
  return {
    sheet: name,
    values: grid.map((row) => row.map(cellValue)),
    firstRow: box.row + 1,
    firstColumn: box.column + 1,
  };
}

/** Names and visibility (one sync), then every used range's size (one more sync). */
export async function listSheetsIn(context: Excel.RequestContext): Promise<SheetInfo[]> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name,items/visibility');
  await context.sync();
  const used = sheets.items.map((s) => {
    const r = s.getUsedRangeOrNullObject(true);
    r.load('rowCount,columnCount');
    return r;
  });
  await context.sync();
  return sheets.items.map((s, i) => ({
    name: s.name,
    visible: s.visibility === 'Visible',
    rowCount: used[i].isNullObject ? 0 : used[i].rowCount,
    columnCount: used[i].isNullObject ? 0 : used[i].columnCount,
  }));
}

/** Excel's visibility words as core's. */
export function visibilityOf(v: string): SheetVisibility {
  return v === 'VeryHidden' ? 'veryHidden' : v === 'Hidden' ? 'hidden' : 'visible';
}

/** The state sheet counts only when it is very hidden: a person's visible sheet of that name is not ours. */
export async function readStateIn(
  context: Excel.RequestContext,
  blockBytes: number,
): Promise<ThroughlineState | null> {
  const ws = context.workbook.worksheets.getItemOrNullObject(STATE_SHEET);
  ws.load('visibility');
  await context.sync();
  if (
    ws.isNullObject ||
    !isOurStateSheet({ name: STATE_SHEET, visibility: visibilityOf(ws.visibility) })
  )
    return null;
  return stateFromTable(await readSheetIn(context, STATE_SHEET, blockBytes));
}

/**
 * Owned sheets a person edited: the formulas grid from A1 to the end of the used range, whose
 * fingerprint differs from the one stored when Throughline wrote the sheet.
 */
export async function editedOwnedSheetsIn(
  context: Excel.RequestContext,
  state: ThroughlineState,
  blockBytes: number,
): Promise<string[]> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  await context.sync();
  const existing = new Map(sheets.items.map((s) => [s.name.toLowerCase(), s.name]));
  const present = state.sheets
    .map((owned) => ({ owned, name: existing.get(owned.name.toLowerCase()) }))
    .filter((x): x is { owned: (typeof state.sheets)[number]; name: string } => !!x.name);
  // Every owned sheet's used range in one sync (not one sync a sheet).
  const useds = present.map(({ name }) => {
    const used = context.workbook.worksheets.getItem(name).getUsedRangeOrNullObject(true);
    used.load('address,rowCount,columnCount');
    return used;
  });
  if (useds.length) await context.sync();
  const fingerprints = new Map<string, string>();
  for (const [k, { owned, name }] of present.entries()) {
    const used = useds[k];
    let box: UsedBox | null = null;
    if (!used.isNullObject) {
      const start = addressStart(used.address);
      box = {
        row: start.row - 1,
        column: start.column - 1,
        rowCount: used.rowCount,
        columnCount: used.columnCount,
      };
    }
    const grid = box
      ? await readGrid(
          context,
          {
            sheet: name,
            row: 0,
            column: 0,
            rowCount: box.row + box.rowCount,
            columnCount: box.column + box.columnCount,
            property: 'formulas',
          },
          blockBytes,
        )
      : [];
    const canonical = grid.map((row) =>
      row.map((c) => (typeof c === 'string' && c.startsWith('=') ? canonicalFormula(c) : c)),
    );
    fingerprints.set(owned.name, fingerprintGrid(canonical));
  }
  // Which of them a person edited is decided in core (workbook-run.ts).
  return editedSheets(state, fingerprints);
}
