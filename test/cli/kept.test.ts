/**
 * A sheet of ours that a person edits is theirs from then on: kept, never replaced, and never
 * read as data, however many runs later. Round 1 writes the outputs; a person types a note on
 * "Impact Data"; round 2 keeps that sheet and writes "Impact Data (2)"; round 3, detecting the
 * mapping afresh (--print-config), must not take the kept "Impact Data" (a row per student with
 * before/after scores) for student data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { main } from '../../src/cli/main';
import type { MappingConfig } from '../../src/core/config';
import { STATE_SHEET, stateFromTable } from '../../src/core/state';
import type { CellValue } from '../../src/core/types';
import { Capture } from '../support/capture';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-kept-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const example = path.join(__dirname, '../../examples/district-sample.xlsx');
const config = path.join(__dirname, '../../examples/district-sample.config.json');
const now = () => new Date('2026-11-23T10:00:00Z');

async function cli(args: string[]): Promise<Capture> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(['analyze', ...args], { stdout, stderr, now });
  expect(code, stderr.text).toBe(0);
  return stdout;
}

async function stateOf(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(STATE_SHEET)!;
  const values: CellValue[][] = [];
  ws.eachRow((row) => values.push([row.getCell(1).value as CellValue]));
  return { wb, state: stateFromTable({ sheet: STATE_SHEET, values, firstRow: 1, firstColumn: 1 }) };
}

describe('an output sheet a person edited', () => {
  it('stays kept and is never read as data, also two runs later', async () => {
    const first = path.join(dir, 'first.xlsx');
    await cli([example, '--config', config, '--out', first]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(first);
    wb.getWorksheet('Impact Data')!.getCell('Z1').value = 'checked by Ms. Diaz';
    const edited = path.join(dir, 'edited.xlsx');
    await wb.xlsx.writeFile(edited);

    const second = path.join(dir, 'second.xlsx');
    await cli([edited, '--config', config, '--out', second]);
    const { wb: out, state } = await stateOf(second);
    expect(out.getWorksheet('Impact Data')!.getCell('Z1').value).toBe('checked by Ms. Diaz');
    expect(out.getWorksheet('Impact Data (2)')).toBeDefined();
    expect(state!.kept).toEqual([{ key: 'impact-data', name: 'Impact Data' }]);
    expect(state!.sheets.map((s) => s.name)).toContain('Impact Data (2)');
    expect(state!.sheets.map((s) => s.name)).not.toContain('Impact Data');

    // Round 3: the mapping detected afresh maps only the person's data sheets.
    const printed = await cli([second, '--print-config']);
    const detected = JSON.parse(printed.text) as MappingConfig;
    expect(detected.students.map((s) => s.sheet)).toEqual(['Students']);
    expect((detected.educators ?? []).map((s) => s.sheet)).toEqual(['Educators']);

    // And a run on it still keeps the sheet (listed as kept again, not forgotten).
    const third = path.join(dir, 'third.xlsx');
    await cli([second, '--config', config, '--out', third]);
    const round3 = await stateOf(third);
    expect(round3.state!.kept).toEqual([{ key: 'impact-data', name: 'Impact Data' }]);
    expect(round3.wb.getWorksheet('Impact Data')!.getCell('Z1').value).toBe('checked by Ms. Diaz');
  });
});
