/** A small plan shaped like Student Targets, for tests of the row limit (splitForSheetLimit). */
import type { PlanCell, SheetPlan } from '../../src/core/plans/types';

/**
 * A Student-Targets-like plan: n data rows (ID, Team, Target, Next, Met?, Change), then a blank
 * column G and a two-row summary in H:I whose formulas read whole data columns.
 */
export function targetsPlan(n: number): SheetPlan {
  const last = n + 1;
  const cells: PlanCell[][] = [
    ['ID', 'Team', 'Target', 'Next', 'Met?', 'Change', null, 'Team', 'Met'],
  ];
  for (let k = 1; k <= n; k++) {
    const r = k + 1;
    cells.push([
      `S${k}`,
      k % 2 ? 'A' : 'B',
      50 + k,
      null,
      { formula: `=IF(D${r}="","",IF(D${r}>=C${r},"Y","N"))`, value: '' },
      { formula: `=IF(D${r}="","",D${r}-C${r})`, value: '' },
      null,
      null,
      null,
    ]);
  }
  cells[1][7] = 'A';
  cells[1][8] = {
    formula: `=COUNTIFS($B$2:$B$${last},H2,$E$2:$E$${last},"Y")`,
    value: 0,
  };
  cells[2][7] = 'B';
  cells[2][8] = { formula: `=IF(H3="","",SUMIFS($F$2:$F$${last},$B$2:$B$${last},H3))`, value: '' };
  return {
    key: 'student-targets',
    name: 'Student Targets',
    cells,
    numberFormats: [{ rect: { row: 2, column: 6, rowCount: n, columnCount: 1 }, format: '0.0' }],
    styles: [
      { rect: { row: 1, column: 1, rowCount: 1, columnCount: 6 }, bold: true },
      { rect: { row: 1, column: 8, rowCount: 1, columnCount: 2 }, bold: true },
      { rect: { row: 2, column: 4, rowCount: n, columnCount: 1 }, fill: '#FFF9E6' },
    ],
    freeze: { rows: 1, columns: 0 },
    columnWidths: [10, 10, 8, 8, 8, 8, undefined, 10, 8],
    tables: [{ name: 'Targets', rect: { row: 1, column: 1, rowCount: last, columnCount: 6 } }],
  };
}
