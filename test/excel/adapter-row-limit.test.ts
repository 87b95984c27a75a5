/**
 * The task pane and the command line split a plan longer than a sheet the same way (the row
 * limit lowered to 10 so it runs here): same sheets, same cells and formulas; a later run that
 * needs fewer sheets removes the continued sheets it no longer writes, in both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { createExcelAdapter, type ExcelApi } from '../../src/excel';
import type { SheetPlan } from '../../src/core/plans/types';
import { openWorkbookFiles } from '../../src/files/source';
import { createXlsxWriter } from '../../src/files/xlsx/write/xlsx-write';
import { cellFormula, normaliseCellValue } from '../../src/files/xlsx/read/xlsx-read';
import { targetsPlan } from '../support/long-plan';
import { FIXED_NOW, STATE, newSim } from './fixtures';
import type { Simulator } from '../support/excel-simulator';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-rowlimit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pane = (sim: Simulator) =>
  createExcelAdapter(sim.Excel as unknown as ExcelApi, {
    now: FIXED_NOW,
    runId: () => 'r1',
    maxRows: 10,
  });

/** Each sheet's cells as the pane wrote them: formula text or value, A1 to the plan's width. */
function paneCells(sim: Simulator, sheet: string, rows: number, columns: number) {
  const out: unknown[][] = [];
  for (let r = 1; r <= rows; r++) {
    const row: unknown[] = [];
    for (let c = 1; c <= columns; c++) {
      const cell = sim.cell(sheet, `${String.fromCharCode(64 + c)}${r}`);
      row.push(cell?.f ?? cell?.v ?? null);
    }
    out.push(row);
  }
  return out;
}

async function fileCells(file: string, sheet: string, rows: number, columns: number) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet)!;
  const out: unknown[][] = [];
  for (let r = 1; r <= rows; r++) {
    const row: unknown[] = [];
    for (let c = 1; c <= columns; c++) {
      const cell = ws.getCell(r, c);
      row.push(cellFormula(cell) ?? normaliseCellValue(cell.value));
    }
    out.push(row);
  }
  return out;
}

async function writeFile(out: string, plans: SheetPlan[], previousFile?: string) {
  const source = previousFile ? await openWorkbookFiles([previousFile]) : null;
  await createXlsxWriter({
    outPath: out,
    inputs: source?.sheets ?? [],
    inputFiles: previousFile ? [previousFile] : [],
    previousState: source ? await source.readState() : null,
    now: FIXED_NOW,
    maxRows: 10,
  }).render(plans, { state: STATE });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  return wb.worksheets.map((w) => w.name);
}

describe('a plan longer than a sheet, in the pane and in a file', () => {
  it('is split into the same sheets with the same cells by both adapters', async () => {
    const sim = newSim();
    const result = await pane(sim).render([targetsPlan(23)], { state: STATE });
    expect(result.written).toEqual([
      'Student Targets',
      'Student Targets (2)',
      'Student Targets (3)',
    ]);
    const file = path.join(dir, 'split.xlsx');
    const names = await writeFile(file, [targetsPlan(23)]);
    expect(names.filter((n) => n.startsWith('Student Targets'))).toEqual(result.written);
    const rows = [10, 10, 6];
    for (const [i, sheet] of result.written.entries()) {
      const inPane = paneCells(sim, sheet, rows[i], 9);
      expect(await fileCells(file, sheet, rows[i], 9), sheet).toEqual(inPane);
    }
    // Worked out by hand: S12 is on "(2)" row 4; the first sheet counts all three sheets.
    expect(sim.cell('Student Targets (2)', 'A4')?.v).toBe('S12');
    expect(sim.cell('Student Targets (2)', 'E4')?.f).toBe('=IF(D4="","",IF(D4>=C4,"Y","N"))');
    expect(sim.cell('Student Targets', 'I2')?.f).toBe(
      "=(COUNTIFS($B$2:$B$10,H2,$E$2:$E$10,\"Y\")+COUNTIFS('Student Targets (2)'!$B$2:$B$10,H2,'Student Targets (2)'!$E$2:$E$10,\"Y\")+COUNTIFS('Student Targets (3)'!$B$2:$B$6,H2,'Student Targets (3)'!$E$2:$E$6,\"Y\"))",
    );
  });

  it('removes continued sheets a later, shorter run no longer writes (pane and file)', async () => {
    const sim = newSim();
    await pane(sim).render([targetsPlan(23)], { state: STATE });
    await pane(sim).render([targetsPlan(12)], { state: STATE });
    expect(sim.model.sheets.map((s) => s.name)).toEqual([
      'Data',
      'Impact',
      'Student Targets',
      'Student Targets (2)',
      'Throughline State',
    ]);
    await pane(sim).render([targetsPlan(5)], { state: STATE });
    expect(sim.model.sheets.map((s) => s.name)).toEqual([
      'Data',
      'Impact',
      'Student Targets',
      'Throughline State',
    ]);
    const first = path.join(dir, 'first.xlsx');
    await writeFile(first, [targetsPlan(23)]);
    const second = path.join(dir, 'second.xlsx');
    expect(await writeFile(second, [targetsPlan(12)], first)).toEqual([
      'Student Targets',
      'Student Targets (2)',
      'Throughline State',
    ]);
    const third = path.join(dir, 'third.xlsx');
    expect(await writeFile(third, [targetsPlan(5)], second)).toEqual([
      'Student Targets',
      'Throughline State',
    ]);
    // The summary of the 12-row plan on two sheets: rows 2–10 here, 11–13 on "(2)".
    const cells = await fileCells(second, 'Student Targets', 2, 9);
    expect(cells[1][8]).toBe(
      '=(COUNTIFS($B$2:$B$10,H2,$E$2:$E$10,"Y")+COUNTIFS(\'Student Targets (2)\'!$B$2:$B$4,H2,\'Student Targets (2)\'!$E$2:$E$4,"Y"))',
    );
  });
});
