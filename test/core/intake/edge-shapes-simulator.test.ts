/**
 * Issue 3's edge shapes through the strict Excel simulator (the bad-input catalog builds the same
 * shapes as RawTables directly): a table in the bottom-right corner of the grid (XFB1048574:
 * XFD1048576), a used range down to row 1,048,576 and one across to column XFD (16,384), each
 * read by the Office.js adapter and then by intake. Expected rows and addresses are read off the
 * cells placed here: Excel's last row is 1,048,576 and its last column XFD is column 16,384.
 */
import { describe, expect, it } from '@jest/globals';
import type { MappingConfig } from '../../../src/core/config';
import { buildDataQualityPlan, readDatasets } from '../../../src/core/intake';
import type { CellValue, RawTable } from '../../../src/core/types';
import { adapterFor, newSim } from '../../excel/fixtures';
import { snapshotFromTables } from '../../support/excel-simulator';

const LAST_ROW = 1_048_576;
const LAST_COLUMN = 16_384;

const config = (sheet: string): MappingConfig => ({
  version: 1,
  students: [{ sheet, id: 'ID', measures: [{ name: 'Math', pre: 'Pre', post: 'Post', max: 100 }] }],
});

async function throughSimulator(table: RawTable): Promise<RawTable> {
  return adapterFor(newSim(snapshotFromTables([table]))).readSheet(table.sheet);
}

function readAndCheck(table: RawTable) {
  const r = readDatasets([table], config(table.sheet));
  const plan = buildDataQualityPlan(r.dataQuality, 'Data Quality');
  // No NaN or Infinity in the report or the sheet.
  expect(JSON.stringify({ dq: r.dataQuality, cells: plan.cells })).not.toMatch(/NaN|Infinity/);
  for (const cell of plan.cells.flat())
    if (typeof cell === 'number') expect(Number.isFinite(cell)).toBe(true);
  const codes = r.dataQuality.issues.map((i) => `${i.code}@${i.row ?? '-'}`).sort();
  return { r, plan, codes };
}

describe('edge shapes read through the Excel simulator', () => {
  it('a table in the last three rows and columns (XFB1048574:XFD1048576)', async () => {
    const table = await throughSimulator({
      sheet: 'Corner',
      firstRow: LAST_ROW - 2,
      firstColumn: LAST_COLUMN - 2,
      values: [
        ['ID', 'Pre', 'Post'],
        ['1', 40, 60],
        ['2', 40, 'abc'],
      ],
    });
    expect([table.firstRow, table.firstColumn]).toEqual([1_048_574, 16_382]);
    const { r, plan, codes } = readAndCheck(table);
    // Student 2's post "abc" is in XFD1048576: not a number, so its pre has no post.
    expect(codes).toEqual(['NOT_A_NUMBER@1048576', 'UNPAIRED_PRE@1048576']);
    expect([r.dataQuality.rowsRead, r.dataQuality.rowsUsed]).toEqual([2, 1]);
    expect(Array.from(r.datasets[0].rows)).toEqual([1_048_575, 1_048_576]);
    expect(plan.cells.flat()).toContain('Corner!XFD1048576');
    expect(
      plan.links?.some((l) => l.targetRow === LAST_ROW && l.targetColumn === LAST_COLUMN),
    ).toBe(true);
  });

  it('a used range down to row 1,048,576 (A1:C1048576, the rows between blank)', async () => {
    const values: CellValue[][] = new Array(LAST_ROW);
    values[0] = ['ID', 'Pre', 'Post'];
    values[1] = ['1', 50, 60];
    for (let i = 2; i < LAST_ROW - 1; i++) values[i] = [];
    values[LAST_ROW - 1] = ['9', 50, 'abc'];
    const table = await throughSimulator({ sheet: 'Rows', firstRow: 1, firstColumn: 1, values });
    expect(table.values.length).toBe(LAST_ROW);
    expect(table.values[LAST_ROW - 1]).toEqual(['9', 50, 'abc']);
    const { r, codes } = readAndCheck(table);
    // Rows 3 … 1,048,575 are blank (1,048,573 rows), reported once from row 3; A1048576's
    // student has text in C1048576.
    expect(codes).toEqual(['BLANK_ROWS@3', 'NOT_A_NUMBER@1048576', 'UNPAIRED_PRE@1048576']);
    const blank = r.dataQuality.issues.find((i) => i.code === 'BLANK_ROWS')!;
    expect(blank.message).toMatch(/1,?048,?573 blank rows/);
    expect(blank.message).toMatch(/rows 3–1,?048,?575/);
    expect([r.dataQuality.rowsRead, r.dataQuality.rowsUsed]).toEqual([2, 1]);
  });

  it('a used range across to column XFD (A1:XFD2)', async () => {
    const header: CellValue[] = new Array(LAST_COLUMN).fill(null);
    header[0] = 'ID';
    for (let j = 1; j < LAST_COLUMN - 2; j++) header[j] = `Q${j}`;
    header[LAST_COLUMN - 2] = 'Pre';
    header[LAST_COLUMN - 1] = 'Post';
    const row: CellValue[] = new Array(LAST_COLUMN).fill(null);
    row[0] = '1';
    row[LAST_COLUMN - 2] = 10;
    row[LAST_COLUMN - 1] = 'oops';
    const table = await throughSimulator({
      sheet: 'Wide',
      firstRow: 1,
      firstColumn: 1,
      values: [header, row],
    });
    expect(table.values[0].length).toBe(LAST_COLUMN);
    expect(table.values[1][LAST_COLUMN - 1]).toBe('oops');
    const { plan, codes } = readAndCheck(table);
    expect(codes).toEqual(['NOT_A_NUMBER@2', 'UNPAIRED_PRE@2']);
    expect(plan.cells.flat()).toContain('Wide!XFD2');
    expect(plan.links?.some((l) => l.targetRow === 2 && l.targetColumn === LAST_COLUMN)).toBe(true);
  });
});
