/**
 * Issue 16, values a careless export carries (defects 9, 10 and 12): dates in a score column,
 * the totals row of an Excel Table (and a plain "Total"/"Average" row), merged cells. Each
 * workbook is read both ways the command line reads an .xlsx: whole with exceljs
 * (readDatasets) and streamed (readStreaming with XlsxSheetStream, as `--json` reads it). Both
 * must give the same Datasets and issues, and the figures a person expects. Expected figures are
 * worked out here from the students' scores (scoresOf), not taken from the code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, it } from '@jest/globals';
import { expect } from '../../support/expect';
import type { MappingConfig } from '../../../src/core/config';
import type { Dataset } from '../../../src/core/dataset';
import { detectConfig, readDatasets, validateConfig } from '../../../src/core/intake';
import type { IntakeResult } from '../../../src/core/intake';
import type { RawTable } from '../../../src/core/types';
import { openWorkbookFiles } from '../../../src/files/source';
import { readStreaming } from '../../../src/core/sources';
import { XlsxBook } from '../../../src/files/xlsx/read/xlsx-stream';
import { XlsxSheetStream } from '../../../src/files/xlsx/read/xlsx-stream-intake';
import {
  datesXlsx,
  mergedXlsx,
  scoresOf,
  summaryRowXlsx,
  totalsXlsx,
} from '../../support/careless-xlsx';
import { plain } from '../../support/plain';

const dir = mkdtempSync(path.join(tmpdir(), 'tl-careless-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONFIG: MappingConfig = {
  version: 1,
  students: [
    {
      sheet: 'Scores',
      id: 'ID',
      team: 'Team',
      measures: [{ name: 'Reading', pre: 'Pre', post: 'Post', max: null }],
    },
  ],
};

async function wholeTables(file: string): Promise<RawTable[]> {
  const source = await openWorkbookFiles([file]);
  return Promise.all(source.sheets.map((s) => source.readSheet(s.name)));
}

/** Read both ways; they must agree (Datasets and issues); the held result is returned. */
async function readBothWays(file: string, sampleRows = 5): Promise<IntakeResult> {
  const held = readDatasets(await wholeTables(file), CONFIG);
  const book = await XlsxBook.open(file);
  try {
    const read = await readStreaming(
      book.sheets.map((p) => new XlsxSheetStream(book, p)),
      (tables) => (validateConfig(CONFIG, tables), { config: CONFIG, detection: null }),
      { sampleRows },
    );
    expect(plain(read.intake.datasets)).toEqual(plain(held.datasets));
    expect(read.intake.dataQuality).toEqual(held.dataQuality);
  } finally {
    await book.close();
  }
  return held;
}

const issuesOf = (r: IntakeResult, code: string) =>
  r.dataQuality.issues.filter((i) => i.code === code);

/** Paired records of the measure: their pre and post scores. */
function paired(ds: Dataset): { pre: number[]; post: number[] } {
  const m = ds.measures[0];
  const pre: number[] = [];
  const post: number[] = [];
  for (let r = 0; r < ds.size; r++)
    if (!Number.isNaN(m.pre[r]) && !Number.isNaN(m.post[r])) {
      pre.push(m.pre[r]);
      post.push(m.post[r]);
    }
  return { pre, post };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('dates are not scores (defect 9)', () => {
  it('date cells in a score column with max null: a coded issue each, not used', async () => {
    const file = path.join(dir, 'dates.xlsx');
    await datesXlsx(file, [3, 8, 20]);
    const r = await readBothWays(file);
    const dates = issuesOf(r, 'DATE_NOT_SCORE');
    // Students 3, 8 and 20 are on Excel rows 4, 9 and 21; their Post cells show dates.
    expect(dates.map((i) => [i.sheet, i.row, i.column])).toEqual([
      ['Scores', 4, 'Post'],
      ['Scores', 9, 'Post'],
      ['Scores', 21, 'Post'],
    ]);
    expect(dates[0].message).toMatch(
      /^2024-09-15 \(Excel date 45550\) in "Post" is a date, not a score/,
    );
    expect(dates[0].severity).toBe('error');
    // 45550 is 2024-09-15: days from 1899-12-30.
    expect((Date.UTC(2024, 8, 15) - Date.UTC(1899, 11, 30)) / 86400000).toBe(45550);
    const p = paired(r.datasets[0]);
    const kept = Array.from({ length: 30 }, (_, k) => k + 1).filter((i) => ![3, 8, 20].includes(i));
    expect(p.post.length).toBe(27);
    expect(mean(p.post)).toBeCloseTo(mean(kept.map((i) => scoresOf(i).post)), 10);
    expect(Math.max(...p.post)).toBeLessThan(100); // no serial (45,550) among the scores
  });

  it('a date format with a time (m/d/yyyy h:mm) is a date too', async () => {
    const file = path.join(dir, 'dates-time.xlsx');
    await datesXlsx(file, [1], 'm/d/yyyy h:mm');
    const r = await readBothWays(file);
    expect(issuesOf(r, 'DATE_NOT_SCORE').map((i) => i.row)).toEqual([2]);
  });

  it('a streamed sheet whose dates come after the first rows: the same issues', async () => {
    const file = path.join(dir, 'dates-late.xlsx');
    await datesXlsx(file, [25, 26]);
    const r = await readBothWays(file, 3);
    expect(issuesOf(r, 'DATE_NOT_SCORE').map((i) => i.row)).toEqual([26, 27]);
  });

  it('date text in a CSV-like sheet ("2024-09-15", "9/15/2024") is a date, not "not a number"', () => {
    const table: RawTable = {
      sheet: 'Scores',
      firstRow: 1,
      firstColumn: 1,
      values: [
        ['ID', 'Team', 'Pre', 'Post'],
        ['s1', 'A', 40, '2024-09-15'],
        ['s2', 'A', 41, '9/15/2024'],
        ['s3', 'B', 42, 55],
        ['s4', 'B', 43, 'abc'],
      ],
    };
    const r = readDatasets([table], CONFIG);
    expect(issuesOf(r, 'DATE_NOT_SCORE').map((i) => [i.row, i.value])).toEqual([
      [2, '2024-09-15'],
      [3, '9/15/2024'],
    ]);
    expect(issuesOf(r, 'NOT_A_NUMBER').map((i) => i.row)).toEqual([5]);
    expect(r.dataQuality.rowsUsed).toBe(1);
  });

  it('detection does not propose a column of date cells as a score', async () => {
    const file = path.join(dir, 'date-column.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Scores');
    ws.addRow(['ID', 'Team', 'Fall', 'Winter', 'Spring']);
    for (let i = 1; i <= 30; i++) {
      const { pre, post } = scoresOf(i);
      ws.addRow([`s${i}`, `T${i % 3}`, pre, new Date(Date.UTC(2025, 0, 10 + (i % 5))), post]);
      ws.getCell(`D${i + 1}`).numFmt = 'm/d/yyyy';
    }
    await wb.xlsx.writeFile(file);
    const d = detectConfig(await wholeTables(file));
    const measures = d.config.students.flatMap((s) => s.measures);
    const used = JSON.stringify(measures);
    expect(used).not.toContain('Winter');
    expect(measures.length).toBeGreaterThan(0);
  });
});

describe('totals rows are not records (defect 10)', () => {
  it("an Excel Table's Total Row is skipped with an info note: n = 30, not 31", async () => {
    const file = path.join(dir, 'totals.xlsx');
    await totalsXlsx(file);
    const r = await readBothWays(file);
    expect(r.dataQuality.rowsRead).toBe(30);
    expect(r.datasets[0].size).toBe(30);
    const t = issuesOf(r, 'TOTALS_ROW');
    expect(t.map((i) => [i.row, i.severity, i.value])).toEqual([[32, 'info', 'Total']]);
    expect(paired(r.datasets[0]).pre.length).toBe(30);
  });

  for (const [label, column, what] of [
    ['Average', 'B', 'a blank ID and "Average" in Team'],
    ['Total', 'A', '"Total" in the ID column'],
    ['Grand Total:', 'A', '"Grand Total:" in the ID column'],
  ] as const)
    it(`a plain range's summary row (${what}) is skipped`, async () => {
      const file = path.join(dir, `summary-${column}-${label.length}.xlsx`);
      await summaryRowXlsx(file, label, column);
      const r = await readBothWays(file);
      expect(r.dataQuality.rowsRead).toBe(30);
      expect(r.datasets[0].size).toBe(30);
      expect(issuesOf(r, 'TOTALS_ROW').map((i) => i.row)).toEqual([32]);
      expect(issuesOf(r, 'MISSING_ID')).toEqual([]);
    });

  it('with no ID column, a last row "Average" and its means is skipped: n = 3, not 4', () => {
    // Records are rows here (no ID): the means row would have been a fourth "student".
    const table: RawTable = {
      sheet: 'Scores',
      firstRow: 1,
      firstColumn: 1,
      values: [
        ['Group', 'Pre', 'Post'],
        ['Basal', 40, 50],
        ['DRTA', 41, 52],
        ['Strat', 42, 54],
        ['Average', 41, 52],
      ],
    };
    const config: MappingConfig = {
      version: 1,
      students: [
        { sheet: 'Scores', id: '', measures: [{ name: 'M', pre: 'Pre', post: 'Post', max: 100 }] },
      ],
    };
    const r = readDatasets([table], config);
    expect(r.datasets[0].size).toBe(3);
    expect([r.dataQuality.rowsRead, r.dataQuality.rowsUsed]).toEqual([3, 3]);
    const t = issuesOf(r, 'TOTALS_ROW');
    expect(t.map((i) => [i.row, i.value])).toEqual([[5, 'Average']]);
    expect(t[0].message).toContain('an "Average" row');
    // A first cell that is a group's name, "Total" further right: still a record.
    const named = { ...table, values: [...table.values.slice(0, 4), ['Strat2', 43, 'Total']] };
    expect(readDatasets([named], config).datasets[0].size).toBe(4);
  });

  it('a row with a real ID is a record whatever its other cells say', () => {
    const table: RawTable = {
      sheet: 'Scores',
      firstRow: 1,
      firstColumn: 1,
      values: [
        ['ID', 'Team', 'Pre', 'Post'],
        ['s1', 'Total', 40, 50],
        ['s2', 'A', 41, 52],
        [null, 'A', 41, 52],
      ],
    };
    const r = readDatasets([table], CONFIG);
    expect(r.datasets[0].size).toBe(2);
    expect(issuesOf(r, 'TOTALS_ROW')).toEqual([]);
    expect(issuesOf(r, 'MISSING_ID').map((i) => i.row)).toEqual([4]);
  });
});

describe('merged cells are read as the value they show (defect 12)', () => {
  it('Team merged over blocks of ten: every student in a team, one info note', async () => {
    const file = path.join(dir, 'merged.xlsx');
    await mergedXlsx(file);
    const r = await readBothWays(file);
    const team = r.datasets[0].team!;
    const counts = new Map<string, number>();
    for (let k = 0; k < r.datasets[0].size; k++) {
      const label = team.labels[team.codes[k]];
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    expect([...counts].sort()).toEqual([
      ['T-A', 10],
      ['T-B', 10],
      ['T-C', 10],
    ]);
    expect(issuesOf(r, 'MISSING_TEAM')).toEqual([]);
    const notes = issuesOf(r, 'MERGED_CELLS');
    expect(notes.map((i) => [i.row, i.column, i.severity])).toEqual([[3, 'Team', 'info']]);
    expect(notes[0].message).toMatch(/27 cells \(rows 3–31\)/);
  });

  it('merged ID and score cells are reported, never given a copied ID or score', async () => {
    const file = path.join(dir, 'merged-scores.xlsx');
    // C5:C6 hides student 5's Pre (row 6); A8:A9 hides student 8's ID (row 9).
    await mergedXlsx(file, ['C5:C6', 'A8:A9']);
    const r = await readBothWays(file);
    expect(issuesOf(r, 'MERGED_VALUE').map((i) => [i.row, i.column])).toEqual([
      [6, 'Pre'],
      [9, 'ID'],
    ]);
    expect(issuesOf(r, 'MISSING_ID')).toEqual([]);
    expect(r.datasets[0].size).toBe(29);
    const p = paired(r.datasets[0]);
    // 29 records (student 8 has no ID of its own), student 5 without its Pre: 28 pairs.
    expect(p.pre.length).toBe(28);
    expect(issuesOf(r, 'UNPAIRED_POST').map((i) => i.row)).toEqual([6]);
  });
});
