/**
 * The pane's Adopt toggle in the workbook: Y (or blank) in the goal's "Adopt" cell of a Suggested
 * Goals sheet, the cell a person types in. When the sheet was as Throughline wrote it, the state's
 * fingerprint of it is brought up to date in the same sync, so the next run still replaces the
 * sheet (a mark made with the toggle is not a person's edit that makes the sheet theirs); the
 * mark itself lasts, read back as "Adopt" like a typed Y.
 */
import { suggestedGoalsHeaderRow } from '../core/goals/adopted';
import { STATE_SHEET, fingerprintGrid, stateToCells } from '../core/state';
import { isUnedited } from '../core/workbook-run';
import { columnLetters } from '../core/types';
import { addressStart } from './api';
import { readGrid, readStateIn } from './read';
import { canonicalFormula } from './pieces';

/** The formulas grid of a sheet from A1 to the end of its used range (as edits are measured). */
async function gridFromA1(
  context: Excel.RequestContext,
  sheet: string,
  blockBytes: number,
): Promise<unknown[][]> {
  const used = context.workbook.worksheets.getItem(sheet).getUsedRangeOrNullObject(true);
  used.load('address,rowCount,columnCount');
  await context.sync();
  if (used.isNullObject) return [];
  const start = addressStart(used.address);
  return readGrid(
    context,
    {
      sheet,
      row: 0,
      column: 0,
      rowCount: start.row - 1 + used.rowCount,
      columnCount: start.column - 1 + used.columnCount,
      property: 'formulas',
    },
    blockBytes,
  );
}

function canonical(grid: unknown[][]): unknown[][] {
  return grid.map((row) =>
    row.map((c) => (typeof c === 'string' && c.startsWith('=') ? canonicalFormula(c) : c)),
  );
}

/**
 * Marks a goal adopted or not on a Suggested Goals sheet.
 *
 * @param sheet the Suggested Goals sheet (its table's header in its first rows, below the
 *   instruction: "Adopt", "ID", …)
 * @param goalId the goal's ID in the "ID" column
 * @returns the address written ("A5"), or null when the sheet has no such goal or no Adopt column
 */
export async function setAdoptCellIn(
  context: Excel.RequestContext,
  sheet: string,
  goalId: string,
  adopted: boolean,
  blockBytes: number,
): Promise<string | null> {
  const state = await readStateIn(context, blockBytes);
  const grid = await gridFromA1(context, sheet, blockBytes);
  const at = suggestedGoalsHeaderRow(grid);
  if (at < 0) return null;
  const header = grid[at].map((c) => String(c ?? '').trim());
  const adoptColumn = header.indexOf('Adopt');
  const idColumn = header.indexOf('ID');
  const row = grid.findIndex((r, i) => i > at && String(r[idColumn] ?? '') === goalId);
  if (row < 0) return null;
  const owned = state?.sheets.find((s) => s.name === sheet);
  // A sheet of ours as we wrote it stays ours after the click (its fingerprint follows it).
  const unedited = isUnedited(owned, fingerprintGrid(canonical(grid)));
  const ws = context.workbook.worksheets.getItem(sheet);
  ws.getRangeByIndexes(row, adoptColumn, 1, 1).values = [[adopted ? 'Y' : '']];
  if (state && owned && unedited) {
    grid[row][adoptColumn] = adopted ? 'Y' : '';
    const next = {
      ...state,
      sheets: state.sheets.map((s) =>
        s === owned ? { ...s, fingerprint: fingerprintGrid(canonical(grid)) } : s,
      ),
    };
    // The same length as before (a fingerprint has a fixed length); blanks past the end if not.
    const cells = stateToCells(next);
    const rows = Math.max(cells.length, stateToCells(state).length);
    const values = Array.from({ length: rows }, (_, i) => cells[i] ?? ['']);
    context.workbook.worksheets.getItem(STATE_SHEET).getRangeByIndexes(0, 0, rows, 1).values =
      values;
  }
  await context.sync();
  return `${columnLetters(adoptColumn + 1)}${row + 1}`;
}
