/**
 * A plain copy of a whole workbook's cells: what the Excel simulator hands to the file adapter
 * to be saved as .xlsx, and what tests hash to prove that input sheets were not changed.
 */
import type { CellValue } from './types';

export interface SnapshotCell {
  /** The value (for a formula, its cached result). */
  value: CellValue;
  /** Formula with its leading "=", in Excel's en-US syntax (no `_xlfn.` prefixes). */
  formula?: string;
  numberFormat?: string;
}

export interface SnapshotSheet {
  name: string;
  visibility: 'visible' | 'hidden' | 'veryHidden';
  /** From A1; null = empty cell. */
  cells: (SnapshotCell | null)[][];
}

export interface WorkbookSnapshot {
  sheets: SnapshotSheet[];
}
