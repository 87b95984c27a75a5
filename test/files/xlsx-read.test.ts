import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from '@jest/globals';
import { openWorkbookFiles } from '../../src/files/source';
import { dateToSerial, normaliseCellValue } from '../../src/files/xlsx/read/xlsx-read';
import { STATE_SHEET, fingerprintGrid, stateToCells } from '../../src/core/state';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function save(wb: ExcelJS.Workbook, name: string): Promise<string> {
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return file;
}

describe('normaliseCellValue (what Office.js `values` gives)', () => {
  it.each([
    ['empty', null, null],
    ['empty string', '', null],
    ['number', 85, 85],
    ['text', 'abc', 'abc'],
    ['boolean', true, true],
    ['formula → cached result', { formula: '1+1', result: 2 }, 2],
    ['formula without cached result', { formula: 'A1' }, null],
    ['formula with text result', { formula: 'A1&"x"', result: 'ax' }, 'ax'],
    ['formula with error result', { formula: '1/0', result: { error: '#DIV/0!' } }, '#DIV/0!'],
    ['shared formula', { sharedFormula: 'A1', result: 7 }, 7],
    ['error', { error: '#N/A' }, '#N/A'],
    [
      'rich text',
      { richText: [{ text: 'Ms. ' }, { font: { bold: true }, text: 'Lopez' }] },
      'Ms. Lopez',
    ],
    ['hyperlink', { text: 'district site', hyperlink: 'https://example.org' }, 'district site'],
    // 2024-09-01 is Excel serial 45536: R as.numeric(as.Date("2024-09-01") - as.Date("1899-12-30")) = 45536
    ['date', new Date(Date.UTC(2024, 8, 1)), 45536],
    // noon adds half a day
    ['date and time', new Date(Date.UTC(2024, 8, 1, 12)), 45536.5],
  ])('%s', (_label, input, expected) => {
    expect(normaliseCellValue(input as ExcelJS.CellValue)).toBe(expected);
  });

  it('uses the 1904 date system when the workbook does (1462 days fewer)', () => {
    // 45536 − 1462 = 44074
    expect(dateToSerial(new Date(Date.UTC(2024, 8, 1)), true)).toBe(44074);
  });
});

describe('openWorkbookFiles on .xlsx', () => {
  it('reads the used range with its offset, every kind of cell normalised, and visibility', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Scores');
    // Used range starts at B3, as when a title block sits above an export.
    ws.getCell('B3').value = 'Name';
    ws.getCell('C3').value = 'Tested';
    ws.getCell('D3').value = 'Fall';
    ws.getCell('E3').value = 'Double';
    ws.getCell('F3').value = 'Flag';
    ws.getCell('B4').value = {
      richText: [{ text: 'Ana ' }, { font: { italic: true }, text: 'Ruiz' }],
    };
    ws.getCell('C4').value = new Date(Date.UTC(2024, 8, 1));
    ws.getCell('D4').value = 12;
    ws.getCell('E4').value = {
      formula: 'D4*2',
      result: 24,
      shareType: 'shared',
      ref: 'E4:E5',
    } as ExcelJS.CellValue;
    ws.getCell('F4').value = true;
    ws.getCell('B5').value = { text: 'Ben', hyperlink: 'mailto:ben@example.org' };
    ws.getCell('C5').value = { error: '#N/A' } as ExcelJS.CellValue;
    ws.getCell('D5').value = 15;
    ws.getCell('E5').value = { sharedFormula: 'E4', result: 30 } as ExcelJS.CellValue;
    const hidden = wb.addWorksheet('Lists', { state: 'hidden' });
    hidden.getCell('A1').value = 'x';
    const file = await save(wb, 'scores.xlsx');

    const source = await openWorkbookFiles([file]);
    expect(await source.listSheets()).toEqual([
      { name: 'Scores', visible: true, rowCount: 3, columnCount: 5 },
      { name: 'Lists', visible: false, rowCount: 1, columnCount: 1 },
    ]);
    const t = await source.readSheet('Scores');
    expect(t.firstRow).toBe(3);
    expect(t.firstColumn).toBe(2);
    expect(t.values).toEqual([
      ['Name', 'Tested', 'Fall', 'Double', 'Flag'],
      ['Ana Ruiz', 45536, 12, 24, true],
      ['Ben', '#N/A', 15, 30, null],
    ]);
    expect(await source.readState()).toBeNull();
  });

  it('reads a merged range as Office.js does: the value in its top-left cell only', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('M');
    ws.getCell('A1').value = 'Fall 2025 scores';
    ws.mergeCells('A1:C1');
    ws.getCell('A2').value = 'id';
    ws.getCell('B2').value = 'pre';
    ws.getCell('C2').value = 'post';
    const source = await openWorkbookFiles([await save(wb, 'merged.xlsx')]);
    expect((await source.readSheet('M')).values).toEqual([
      ['Fall 2025 scores', null, null],
      ['id', 'pre', 'post'],
    ]);
  });

  it('reads dates in a 1904 workbook as 1904 serial numbers', async () => {
    const wb = new ExcelJS.Workbook();
    (wb.properties as { date1904?: boolean }).date1904 = true;
    wb.addWorksheet('D').getCell('A1').value = new Date(Date.UTC(2024, 8, 1));
    const source = await openWorkbookFiles([await save(wb, 'd1904.xlsx')]);
    expect((await source.readSheet('D')).values).toEqual([[44074]]);
  });

  it('reads the state from the very hidden state sheet and tells edited owned sheets', async () => {
    const wb = new ExcelJS.Workbook();
    const impact = wb.addWorksheet('Impact');
    impact.getCell('A1').value = 'Measure';
    impact.getCell('B1').value = {
      formula: '_xlfn.STDEV.S(C1:C3)',
      result: 1,
    } as ExcelJS.CellValue;
    const mine = wb.addWorksheet('Notes');
    mine.getCell('A1').value = 'changed by a person';
    // The fingerprint of what Throughline wrote, from the plan cells (formula text without _xlfn).
    const state = {
      version: 1 as const,
      sheets: [
        {
          key: 'impact',
          name: 'Impact',
          fingerprint: fingerprintGrid([['Measure', { formula: '=STDEV.S(C1:C3)' }]]),
          writtenAt: '2026-01-01T00:00:00Z',
        },
        {
          key: 'notes',
          name: 'Notes',
          fingerprint: fingerprintGrid([['as written']]),
          writtenAt: '2026-01-01T00:00:00Z',
        },
      ],
    };
    const st = wb.addWorksheet(STATE_SHEET, { state: 'veryHidden' });
    stateToCells(state).forEach((row, i) => (st.getCell(i + 1, 1).value = row[0]));
    const source = await openWorkbookFiles([await save(wb, 'state.xlsx')]);
    expect(await source.readState()).toEqual(state);
    expect(await source.editedOwnedSheets(state)).toEqual(['Notes']);
  });

  it('refuses two inputs with the same sheet name', async () => {
    const a = new ExcelJS.Workbook();
    a.addWorksheet('star').getCell('A1').value = 1;
    const fa = await save(a, 'a.xlsx');
    const csv = path.join(dir, 'STAR.csv');
    writeFileSync(csv, 'x\n1\n');
    await expect(openWorkbookFiles([fa, csv])).rejects.toThrow(
      /Two inputs have a sheet named "STAR".*rename/,
    );
  });
});
