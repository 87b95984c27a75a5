import type { CellValue, RawTable } from '../../src/core/types';

/** A sheet's cells as a RawTable from A1 (hand-made tables in tests). */
export const rawTable = (sheet: string, values: CellValue[][]): RawTable => ({
  sheet,
  firstRow: 1,
  firstColumn: 1,
  values,
});
