/**
 * Realistic workbooks for the trust tests: examples/district-sample.xlsx when it exists, else a
 * district built on carData_Baumann.csv (Baumann & Jones reading study, 66 students; the data
 * README allows copying it, here it is only read from /work/shared/data), plus a person's own
 * sheet named "Impact", a Goals sheet in the shared layout and a notes sheet with formulas.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { WorkbookSnapshot, SnapshotCell } from '../../src/core/snapshot';
import type { CellValue, RawTable } from '../../src/core/types';
import { cellFormula, isDate1904, normaliseCellValue } from '../../src/files/xlsx/read/xlsx-read';
import { snapshotFromTables } from '../support/excel-simulator';

export const BAUMANN = path.join(__dirname, '../../examples/baumann/carData_Baumann.csv');
export const DISTRICT_SAMPLE = path.join(__dirname, '../../examples/district-sample.xlsx');

export const GOALS_HEADER = [
  'Goal ID',
  'Level',
  'Owner',
  'School',
  'Team',
  'Goal',
  'Focus',
  'Student group',
  'Parent goal',
  'Professional learning',
  'PD hours',
  'Cost',
  'Status',
];

/** Baumann's 66 students as a "Students" sheet: ID, name, team (the study's group), two pre/post pairs. */
export function baumannStudents(): RawTable {
  const parsed = Papa.parse<string[]>(readFileSync(BAUMANN, 'utf8').trim(), {
    skipEmptyLines: true,
  });
  const [, ...rows] = parsed.data;
  const values: CellValue[][] = [
    [
      'Student ID',
      'Student name',
      'Team',
      'Reading pre',
      'Reading post',
      'Comprehension pre',
      'Comprehension post',
    ],
  ];
  rows.forEach((r, i) => {
    values.push([
      `S${String(i + 1).padStart(3, '0')}`,
      `Student ${i + 1}`,
      r[0],
      Number(r[1]),
      Number(r[3]),
      Number(r[2]),
      Number(r[4]),
    ]);
  });
  return { sheet: 'Students', firstRow: 1, firstColumn: 1, values };
}

export function goalsTable(): RawTable {
  return {
    sheet: 'Goals',
    firstRow: 1,
    firstColumn: 1,
    values: [
      GOALS_HEADER,
      [
        'D1',
        'District',
        'Superintendent',
        null,
        null,
        'Raise reading comprehension across the district',
        'Reading',
        null,
        null,
        'Literacy institute',
        12,
        4000,
        'Active',
      ],
      [
        'S1',
        'School',
        'Principal Ortiz',
        'Lincoln',
        null,
        'Raise reading scores at Lincoln by 5 points',
        'Reading',
        null,
        'D1',
        'Coaching cycles',
        6,
        1500,
        'Active',
      ],
      [
        'T1',
        'Team',
        'Ms. Ray',
        'Lincoln',
        'DRTA',
        'DRTA team: questioning and discussion in every lesson',
        'Questioning and discussion',
        null,
        'S1',
        'Peer observation',
        4,
        0,
        'Active',
      ],
    ],
  };
}

/** A Baumann-based district as a simulator snapshot; "Notes" holds a formula of the person's. */
export function baumannSnapshot(): WorkbookSnapshot {
  const snap = snapshotFromTables([
    baumannStudents(),
    goalsTable(),
    {
      sheet: 'Impact',
      firstRow: 1,
      firstColumn: 1,
      values: [['My own impact notes'], ['Keep this sheet']],
    },
  ]);
  const f = (formula: string, value: CellValue): SnapshotCell => ({ formula, value });
  snap.sheets.push({
    name: 'Notes',
    visibility: 'visible',
    cells: [
      [{ value: 'Students' }, f('=COUNTA(Students!A:A)-1', 66)],
      [{ value: 'Mean reading pre' }, f('=AVERAGE(Students!D2:D67)', 9.787878787878787)],
    ],
  });
  return snap;
}

export const haveBaumann = existsSync(BAUMANN);

/**
 * A workbook snapshot from an .xlsx (values, formulas, visibility), as the simulator's input.
 * @param file the .xlsx to load
 * @returns its sheets as a WorkbookSnapshot
 */
export async function snapshotFromXlsx(file: string): Promise<WorkbookSnapshot> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  const date1904 = isDate1904(wb);
  const snap: WorkbookSnapshot = { sheets: [] };
  for (const ws of wb.worksheets) {
    const cells: (SnapshotCell | null)[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        while (cells.length < r) cells.push([]);
        const line = cells[r - 1];
        while (line.length < c) line.push(null);
        const formula = cellFormula(cell);
        const value = normaliseCellValue(cell.value, date1904);
        line[c - 1] = formula ? { formula, value } : value === null ? null : { value };
      });
    });
    const visibility =
      ws.state === 'veryHidden' ? 'veryHidden' : ws.state === 'hidden' ? 'hidden' : 'visible';
    snap.sheets.push({ name: ws.name, visibility, cells });
  }
  return snap;
}

/** The district sample when another part of the project has generated it, else the Baumann district. */
export function realisticSource(): string {
  return existsSync(DISTRICT_SAMPLE) ? 'examples/district-sample.xlsx' : 'a Baumann-based district';
}

/**
 * The realistic workbook of the trust tests, with a person's own sheet named "Impact" added
 * when the sample has none (so our Impact becomes "Impact (2)").
 * @returns a snapshot for createSimulator
 */
export async function realisticSnapshot(): Promise<WorkbookSnapshot> {
  if (!existsSync(DISTRICT_SAMPLE)) return baumannSnapshot();
  const snap = await snapshotFromXlsx(DISTRICT_SAMPLE);
  if (!snap.sheets.some((s) => s.name.toLowerCase() === 'impact')) {
    snap.sheets.push({
      name: 'Impact',
      visibility: 'visible',
      cells: [[{ value: 'My own impact notes' }], [{ value: 'Keep this sheet' }]],
    });
  }
  return snap;
}
