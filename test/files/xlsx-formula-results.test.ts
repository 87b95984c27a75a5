/**
 * A formula cell reads as its cached result whatever that result is, as Office.js `values`
 * gives it: 0, FALSE and "" too. (exceljs's `cell.value` keeps only a truthy result, which made a
 * formula whose result is 0 read as an empty cell on the command line but 0 in the task pane.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, expect, it } from '@jest/globals';
import { openWorkbookFiles } from '../../src/files/source';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-formula-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('reads cached results 0, FALSE and "" as 0, FALSE and an empty cell', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('F');
  ws.addRow(['a', 'b', 'c', 'd']);
  ws.addRow([5, null, null, null]);
  ws.getCell('B2').value = { formula: 'A2-5', result: 0 };
  ws.getCell('C2').value = { formula: 'A2>9', result: false };
  ws.getCell('D2').value = { formula: 'IF(A2>9,"x","")', result: '' };
  const file = path.join(dir, 'f.xlsx');
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  const t = await (await openWorkbookFiles([file])).readSheet('F');
  expect(t.values).toEqual([
    ['a', 'b', 'c', 'd'],
    [5, 0, false, null],
  ]);
});
