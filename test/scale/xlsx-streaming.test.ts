/**
 * The streaming .xlsx reader (issue 9): the same workbook read whole (exceljs's workbook reader,
 * xlsx-read.ts) and read by streaming (xlsx-stream.ts) gives the same sheets, cell for cell,
 * and, streamed into the intake after a mapping chosen on the first rows, the same Datasets and
 * the same data-quality issues (codes, rows, values, messages) as readDatasets on the whole
 * tables. On the example district and on generated 20,000-row exports full of awkward cells.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MappingConfig } from '../../src/core/config';
import { readDatasets, validateConfig } from '../../src/core/intake';
import { STATE_SHEET } from '../../src/core/state';
import type { RawTable } from '../../src/core/types';
import { openWorkbookFiles } from '../../src/files/source';
import { readStreaming } from '../../src/core/sources';
import { XlsxBook } from '../../src/files/xlsx/read/xlsx-stream';
import { XlsxSheetStream } from '../../src/files/xlsx/read/xlsx-stream-intake';
import { AWKWARD_CONFIG, writeAwkwardWorkbook, type AwkwardOptions } from './awkward-xlsx';
import { plain } from '../support/plain';

const dir = mkdtempSync(path.join(tmpdir(), 'tl-xlsx-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DISTRICT = path.join(__dirname, '../../examples/district-sample.xlsx');
const DISTRICT_CONFIG = JSON.parse(
  readFileSync(path.join(__dirname, '../../examples/district-sample.config.json'), 'utf8'),
) as MappingConfig;

/** The whole-workbook path: every sheet as exceljs's reader gives it. */
async function wholeSheets(file: string) {
  const source = await openWorkbookFiles([file]);
  return Promise.all(
    source.sheets.map(async (s) => ({
      name: s.name,
      visibility: s.visibility,
      table: await source.readSheet(s.name),
    })),
  );
}

/** Every sheet read whole by the streaming reader. */
async function streamedSheets(file: string) {
  const book = await XlsxBook.open(file);
  try {
    const out: { name: string; visibility: string; table: RawTable }[] = [];
    for (const part of book.sheets)
      out.push({
        name: part.name,
        visibility: part.visibility,
        table: await book.readTable(part),
      });
    return out;
  } finally {
    await book.close();
  }
}

/** The streaming intake of every data sheet, with the config checked on the first rows. */
async function streamedIntake(file: string, config: MappingConfig, sampleRows?: number) {
  const book = await XlsxBook.open(file);
  const stages: string[] = [];
  try {
    const read = await readStreaming(
      book.sheets.filter((p) => p.name !== STATE_SHEET).map((p) => new XlsxSheetStream(book, p)),
      (tables) => {
        validateConfig(config, tables);
        return { config, detection: null };
      },
      { sampleRows, progress: (stage) => stages.push(stage) },
    );
    return { ...read, stages };
  } finally {
    await book.close();
  }
}

async function expectSameIntake(file: string, config: MappingConfig, sampleRows?: number) {
  const whole = (await wholeSheets(file)).filter((s) => s.name !== STATE_SHEET);
  const expected = readDatasets(
    whole.map((s) => s.table),
    config,
  );
  const streamed = await streamedIntake(file, config, sampleRows);
  expect(plain(streamed.intake.datasets)).toEqual(plain(expected.datasets));
  expect(streamed.intake.dataQuality).toEqual(expected.dataQuality);
  expect(streamed.intake.goalsTable).toEqual(expected.goalsTable);
  expect(streamed.intake.templateTable).toEqual(expected.templateTable);
  return { whole, expected, streamed };
}

describe('the example district', () => {
  it('every sheet, cell for cell, as the whole reader reads it', async () => {
    expect(await streamedSheets(DISTRICT)).toEqual(await wholeSheets(DISTRICT));
  });

  it('the same Datasets and issues with the 5,000-row sample (every sheet fits in it)', async () => {
    await expectSameIntake(DISTRICT, DISTRICT_CONFIG);
  });

  it('the same Datasets and issues when every sheet is longer than the sample (10 rows)', async () => {
    const { whole, streamed } = await expectSameIntake(DISTRICT, DISTRICT_CONFIG, 10);
    // Students and Educators were read as 10-row heads and streamed; Goals and the template,
    // longer than 10 rows, were read whole as the goals and template tables.
    const rows = (name: string, t: RawTable[]) => t.find((x) => x.sheet === name)!.values.length;
    const wholeTables = whole.map((s) => s.table);
    expect(rows('Students', streamed.tables)).toBeLessThanOrEqual(10);
    expect(rows('Students', wholeTables)).toBeGreaterThan(1000);
    expect(rows('Goals', wholeTables)).toBeGreaterThan(10);
    expect(rows('Goals', streamed.tables)).toBe(rows('Goals', wholeTables));
    expect(streamed.stages).toContain('Reading ' + DISTRICT + ' (sheet "Goals")');
  });
});

describe.each<[string, AwkwardOptions]>([
  ['shared strings (whole writer)', { rows: 20500, seed: 7, writer: 'whole' }],
  [
    'inline strings (streaming writer), a note left of the table on row 15,000',
    { rows: 20500, seed: 8, writer: 'stream', noteLeftAt: 15000 },
  ],
  ['the 1904 date system', { rows: 6000, seed: 9, writer: 'whole', date1904: true }],
])('a generated export: %s', (_label, options) => {
  const file = path.join(dir, `awkward-${options.seed}.xlsx`);
  beforeAll(async () => {
    await writeAwkwardWorkbook(file, options);
  }, 120_000);

  it('every sheet, cell for cell, as the whole reader reads it', async () => {
    const whole = await wholeSheets(file);
    expect(await streamedSheets(file)).toEqual(whole);
    // Independent of either reader: what the generator wrote.
    const students = whole.find((s) => s.name === 'Students')!.table;
    expect(students.firstRow).toBe(1);
    expect(students.firstColumn).toBe(options.noteLeftAt ? 2 : 3);
    expect(students.values[2 - 1][0 + (options.noteLeftAt ? 1 : 0)]).toBe('Exported 2026-05-01');
    expect(whole.map((s) => [s.name, s.visibility])).toEqual([
      ['Read me', 'visible'],
      ['Students', 'visible'],
      ['Educators', 'visible'],
      ['Lists', 'hidden'],
      ['Archive', 'veryHidden'],
    ]);
  }, 120_000);

  it('the same Datasets and data-quality issues, streamed after a 5,001-row sample', async () => {
    const { expected, streamed } = await expectSameIntake(file, AWKWARD_CONFIG);
    // Every student row and every educator row was read (the generator wrote them).
    expect(expected.dataQuality.rowsRead).toBe(options.rows + 60);
    expect(streamed.tables.find((t) => t.sheet === 'Students')!.values.length).toBeLessThan(5002);
    // The awkward cells were met: bad scores, percent text, errors, the duplicate ID.
    const codes = new Set(expected.dataQuality.issues.map((i) => i.code));
    expect(codes.size).toBeGreaterThan(4);
    // The sheet is read again from the top, once, when it must be: merges are written after
    // the rows (the merged Notes cells deep in the table: a merged range reads as the value it
    // shows from the first data row on) and, in one variant, a value left of the table (column B
    // on row 15,000) is met after the head. Both are learnt in the same first pass.
    const heads = streamed.stages.filter((x) => x.includes('first rows') && x.includes('Students'));
    expect(heads.length).toBe(2);
  }, 120_000);

  it('the same with a 1,000-row sample (blocks and boundaries elsewhere)', async () => {
    await expectSameIntake(file, AWKWARD_CONFIG, 1000);
  }, 120_000);
});
