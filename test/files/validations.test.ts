/**
 * Drop-downs on the file path: a plan's `validations` are written as list data validations,
 * read back by exceljs from the file, and kept by LibreOffice when it opens and saves the file
 * (so it understood them: a part it could not read would be dropped or repaired).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SheetPlan } from '../../src/core/plans/types';
import { createXlsxWriter } from '../../src/files/xlsx/write/xlsx-write';
import { libreOfficeRoundTrip, noLibreOffice } from '../support/libreoffice';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-validations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = path.join(dir, 'out.xlsx');

const plan: SheetPlan = {
  key: 'suggested-goals',
  name: 'Suggested Goals',
  cells: [
    ['Pick Y in "Adopt" for the goals you keep.', null],
    ['Adopt', 'ID'],
    ['Y', 'S1'],
    [null, 'S2'],
    [null, 'S3'],
  ],
  validations: [
    {
      rect: { row: 3, column: 1, rowCount: 3, columnCount: 1 },
      values: ['Y', 'N'],
      prompt: { title: 'Adopt this goal?', message: 'Y keeps it.' },
    },
  ],
};

type Validations = Record<string, ExcelJS.DataValidation | undefined>;

async function validationsOf(source: string | Buffer, sheet: string): Promise<Validations> {
  const wb = new ExcelJS.Workbook();
  if (typeof source === 'string') await wb.xlsx.readFile(source);
  else await wb.xlsx.load(source as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(sheet)!;
  return (ws as unknown as { dataValidations: { model: Validations } }).dataValidations.model;
}

beforeAll(async () => {
  await createXlsxWriter({ outPath: file, inputs: [], inputFiles: [], previousState: null }).render(
    [plan],
    { state: { version: 1, sheets: [], config: { version: 1, students: [] } } },
  );
});

describe('a plan’s drop-downs in the written file', () => {
  it('are list validations on exactly the planned cells, blank allowed, others refused', async () => {
    const model = await validationsOf(file, 'Suggested Goals');
    // exceljs reads a validation over a range back per cell.
    const cells = Object.keys(model).filter((k) => model[k]);
    expect(cells.sort()).toEqual(['A3', 'A4', 'A5']);
    const v = model.A3!;
    expect(v.type).toBe('list');
    expect(v.formulae).toEqual(['"Y,N"']);
    expect(v.allowBlank).toBe(true);
    expect(v.showErrorMessage).toBe(true);
    expect(v.error).toBe('Choose Y or N, or leave the cell empty.');
    expect(v.prompt).toBe('Y keeps it.');
  });

  (noLibreOffice() ? it.skip : it)(
    'survive LibreOffice opening and saving the file',
    async () => {
      const saved = await libreOfficeRoundTrip(file);
      writeFileSync(path.join(dir, 'lo.xlsx'), saved);
      const model = await validationsOf(saved, 'Suggested Goals');
      const cells = Object.keys(model).filter((k) => model[k]);
      expect(cells.sort()).toEqual(['A3', 'A4', 'A5']);
      expect(model.A3!.type).toBe('list');
      // LibreOffice adds an empty second formula; the list is the first.
      expect(model.A3!.formulae?.[0]).toBe('"Y,N"');
    },
    120_000,
  );
});
