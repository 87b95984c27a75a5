/**
 * Save a WorkbookSnapshot (the Excel simulator's workbook) as .xlsx, so a test can open what
 * the Office.js adapter built in LibreOffice just like the file adapter's output.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type ExcelJS from 'exceljs';
import { excelJs } from '../../exceljs';
import type { WorkbookSnapshot } from '../../../core/snapshot';
import { addXlfnPrefixes } from '../xlfn';
import { encodeCellText } from './xlsx-write';

/** Build the exceljs workbook of a snapshot: formulas get `_xlfn.` prefixes and cached values. */
export function snapshotToWorkbook(snapshot: WorkbookSnapshot): ExcelJS.Workbook {
  const wb = new (excelJs().Workbook)();
  wb.calcProperties.fullCalcOnLoad = true;
  for (const sheet of snapshot.sheets) {
    const ws = wb.addWorksheet(sheet.name, { state: sheet.visibility });
    sheet.cells.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!cell) return;
        const target = ws.getCell(r + 1, c + 1);
        const value =
          typeof cell.value === 'number' && !Number.isFinite(cell.value) ? null : cell.value;
        if (cell.formula) {
          target.value = {
            formula: addXlfnPrefixes(cell.formula.replace(/^=/, '')),
            result: value ?? undefined,
          } as ExcelJS.CellFormulaValue;
        } else if (value !== null) {
          target.value = typeof value === 'string' ? encodeCellText(value) : value;
        }
        if (cell.numberFormat && cell.numberFormat !== 'General') target.numFmt = cell.numberFormat;
      }),
    );
  }
  return wb;
}

/** Write a snapshot to `file` as .xlsx. */
export async function saveSnapshotXlsx(snapshot: WorkbookSnapshot, file: string): Promise<void> {
  const bytes = await snapshotToWorkbook(snapshot).xlsx.writeBuffer();
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await fs.writeFile(file, Buffer.from(bytes));
}
