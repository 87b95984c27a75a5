/**
 * How a label sits beside its value: one rule for every sheet of ours. Excel's default puts text
 * at the bottom of its cell, so a label beside a value that wraps onto several lines ends up
 * lines below the value's first line (the Goal Template's labels, the summary's blocks). Every
 * cell of a sheet of ours is aligned to the top instead, except on the sheets of records
 * (one line a row, where nothing wraps).
 */
import type { OutputSheetKey } from './names';
import { type CellStyle, type SheetPlan, withPlan } from './types';

/** The vertical alignment of every cell of our sheets. */
export const LABEL_ALIGNMENT: NonNullable<CellStyle['verticalAlignment']> = 'top';

/** Sheets of records, one line a row: left at Excel's default. */
const RECORD_SHEETS = new Set<OutputSheetKey>(['impact-data', 'student-targets', 'view-data']);

/**
 * A plan with its cells aligned by the rule (a style under its own, over all its cells).
 *
 * @param plan an output sheet's plan
 * @returns the plan, aligned unless it is a sheet of records or has no cells
 */
export function withAlignedLabels(plan: SheetPlan): SheetPlan {
  if (RECORD_SHEETS.has(plan.key as OutputSheetKey)) return plan;
  const rows = plan.cells.length;
  const columns = plan.cells.reduce((n, r) => Math.max(n, r.length), 0);
  if (rows === 0 || columns === 0) return plan;
  const all: CellStyle = {
    rect: { row: 1, column: 1, rowCount: rows, columnCount: columns },
    verticalAlignment: LABEL_ALIGNMENT,
  };
  return withPlan(plan, { styles: [all, ...(plan.styles ?? [])] });
}
