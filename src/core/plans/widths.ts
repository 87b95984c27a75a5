/**
 * Column widths from content, one rule for every output sheet: a header (the frozen header row)
 * or a name (the frozen columns below it, or column A) is never cut by the cell beside it. A column is widened to fit
 * its longest such text (up to MAX_WIDTH characters; a longer text wraps there), never narrowed;
 * a wrapped header keeps its width (it grows down, not across). Text that runs into an empty neighbour is left alone.
 */
import {
  type CellStyle,
  type PlanCell,
  type SheetPlan,
  planCell,
  planRow,
  planRowCount,
  withPlan,
} from './types';

/** Widest column this rule makes, in characters. */
export const MAX_WIDTH = 60;
/** Excel's default column width in characters. */
const DEFAULT_WIDTH = 8.43;

/** Characters of Calibri 11 a text needs: bold and capitals run wider than digits. */
function needed(text: string): number {
  return Math.ceil(text.length * 1.15 + 1);
}

function wrapped(plan: SheetPlan, row: number, column: number): boolean {
  return (plan.styles ?? []).some(
    (s) =>
      s.wrap &&
      row >= s.rect.row &&
      row < s.rect.row + s.rect.rowCount &&
      column >= s.rect.column &&
      column < s.rect.column + s.rect.columnCount,
  );
}

const filled = (c: PlanCell | undefined) => c !== null && c !== undefined && c !== '';

/**
 * The plan with its header row and name column fitted.
 *
 * @param plan an output sheet's plan
 * @returns the plan, with wider columns where a header or a name needs them
 */
export function fitWidths(plan: SheetPlan): SheetPlan {
  const header = plan.freeze?.rows ?? 0;
  const widths = [...(plan.columnWidths ?? [])];
  const wraps: CellStyle[] = [];
  const want = (row: number, column: number) => {
    const text = planCell(plan, row - 1, column - 1);
    if (typeof text !== 'string') return;
    const w = needed(text);
    // A text the column already fits changes nothing (most rows of a long sheet): its neighbour
    // and wrapping need no look.
    if (w <= MAX_WIDTH && w <= (widths[column - 1] ?? DEFAULT_WIDTH)) return;
    if (!filled(planCell(plan, row - 1, column)) || wrapped(plan, row, column)) return;
    if (w > MAX_WIDTH) {
      // Too long for any column (a statement): it wraps in the widest column this rule makes.
      widths[column - 1] = Math.max(widths[column - 1] ?? DEFAULT_WIDTH, MAX_WIDTH);
      wraps.push({ rect: { row, column, rowCount: 1, columnCount: 1 }, wrap: true });
    } else if (w > (widths[column - 1] ?? DEFAULT_WIDTH)) widths[column - 1] = w;
  };
  // Name columns: the frozen ones (e.g. Population, Measure, Group), else A.
  const names = Math.max(1, plan.freeze?.columns ?? 0);
  const rows = planRowCount(plan);
  if (header > 0 && header <= rows)
    planRow(plan, header - 1).forEach((_, c) => want(header, c + 1));
  for (let r = header + 1; r <= rows; r++) for (let c = 1; c <= names; c++) want(r, c);
  return withPlan(plan, {
    columnWidths: widths,
    ...(wraps.length ? { styles: [...(plan.styles ?? []), ...wraps] } : {}),
  });
}
