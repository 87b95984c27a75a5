/**
 * The whole command line on the example district: the goal sheets it writes, recalculated by
 * LibreOffice, compute the engine's values (relative difference ≤ 1e-9).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, it } from '@jest/globals';
import { expect } from '../../support/expect';
import { main } from '../../../src/cli/main';
import { cellFormula, cellValue } from '../../../src/files/xlsx/read/xlsx-read';
import { noLibreOffice, recalculateXlsxDetailed } from '../../support/libreoffice';
import { Capture } from '../../support/capture';

const example = path.resolve(__dirname, '../../../examples/district-sample.xlsx');
const config = path.resolve(__dirname, '../../../examples/district-sample.config.json');
const ready = existsSync(example) && existsSync(config) && !noLibreOffice();
if (!ready)
  console.warn(
    'example district or LibreOffice absent: the district recalculation test was SKIPPED',
  );

(!ready ? describe.skip : describe)('the example district analysed and recalculated', () => {
  it('Suggested Goals, Student Targets and Goal Template: formulas give the engine values', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-goals-district-'));
    const out = path.join(dir, 'district.xlsx');
    const stderr = new Capture();
    const code = await main(['analyze', example, '--config', config, '--out', out], {
      stdout: new Capture(),
      stderr,
    });
    expect(code, stderr.text).toBe(0);
    const written = new ExcelJS.Workbook();
    await written.xlsx.readFile(out);
    const lo = await recalculateXlsxDetailed(out);
    rmSync(dir, { recursive: true, force: true });
    const mine = ['Suggested Goals', 'Student Targets', 'Goal Template'];
    expect(written.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(mine));
    let formulas = 0;
    const bad: string[] = [];
    for (const name of mine) {
      const ws = written.getWorksheet(name)!;
      ws.eachRow({ includeEmpty: false }, (row, r) =>
        row.eachCell({ includeEmpty: false }, (cell, c) => {
          if (!cellFormula(cell)) return;
          formulas++;
          const engine = cellValue(cell);
          const got = lo.get(name)!.values[r - 1]?.[c - 1] ?? null;
          const same =
            typeof engine === 'number' && typeof got === 'number'
              ? Math.abs(got - engine) <= 1e-9 * Math.max(Math.abs(engine), 1e-6)
              : (engine ?? '') === (got ?? '');
          if (!same)
            bad.push(
              `${name}!${cell.address}: engine ${JSON.stringify(engine)}, LibreOffice ${JSON.stringify(got)}`,
            );
        }),
      );
    }
    expect(formulas).toBeGreaterThan(0);
    expect(bad.slice(0, 10)).toEqual([]);
  }, 180_000);
});
