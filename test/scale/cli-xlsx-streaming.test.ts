/**
 * The command line on .xlsx inputs with `--json` alone (the streaming path) writes, byte for
 * byte, the report of the whole-workbook path: on the example district (detected and with its
 * config), on the district's analysed workbook with a suggested goal adopted (Throughline's
 * state sheet, its earlier output sheets, "Adopt" read back), on a 20,500-row export full of
 * awkward cells, and on a CSV and a workbook given together. No workbook is written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { generateBenchCsv } from '../../bench/generate.cjs';
import { main } from '../../src/cli/main';
import { analyze } from '../../src/core/analyze';
import { AWKWARD_CONFIG, writeAwkwardWorkbook } from './awkward-xlsx';

const dir = mkdtempSync(path.join(tmpdir(), 'tl-cli-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = new Date('2026-06-01T00:00:00Z');
const DISTRICT = path.join(__dirname, '../../examples/district-sample.xlsx');
const DISTRICT_CONFIG = path.join(__dirname, '../../examples/district-sample.config.json');

class Capture {
  text = '';
  write(s: string) {
    this.text += s;
    return true;
  }
}

/** Run the command line; the JSON report's text. `--out` makes it write a workbook too. */
async function report(args: string[], out?: string): Promise<{ json: string; stderr: string }> {
  const json = path.join(dir, `r${Math.random().toString(36).slice(2)}.json`);
  const stderr = new Capture();
  const code = await main(['analyze', ...args, '--json', json, ...(out ? ['--out', out] : [])], {
    stdout: new Capture(),
    stderr,
    analyze,
    now: () => NOW,
  });
  expect(code, stderr.text).toBe(0);
  return { json: readFileSync(json, 'utf8'), stderr: stderr.text };
}

/**
 * The same run as --json alone and as a workbook run (--out): the same bytes. One pipeline reads
 * both (src/cli/pipeline.ts): a workbook run streams its .xlsx and CSV inputs as --json does, and
 * copies the sheets into its output besides. (The streamed reader against the whole reader, cell
 * for cell and Dataset for Dataset, is test/scale/xlsx-streaming.test.ts.)
 */
async function expectSameReport(args: string[]) {
  const streamed = await report(args);
  // The sheets' first rows were read to choose the mapping (not the whole workbook at once).
  expect(streamed.stderr).toContain('Reading the first rows of');
  const wholeOut = path.join(dir, `w${Math.random().toString(36).slice(2)}.xlsx`);
  const whole = await report(args, wholeOut);
  expect(whole.stderr).toMatch(/Reading the first rows of [^\n]*\.xlsx/);
  expect(whole.stderr).toContain('Writing the workbook');
  expect(streamed.json).toBe(whole.json);
  return streamed.json;
}

describe('the example district', () => {
  it('detected mapping: the same report', async () => {
    await expectSameReport([DISTRICT]);
  });

  it('its config: the same report, and no workbook written', async () => {
    const json = await expectSameReport([DISTRICT, '--config', DISTRICT_CONFIG]);
    expect(JSON.parse(json).dataQuality.rowsRead).toBeGreaterThan(1500);
    expect(existsSync(path.join(path.dirname(DISTRICT), 'district-sample-throughline.xlsx'))).toBe(
      false,
    );
  });

  it('its analysed workbook, a suggested goal adopted: state, earlier outputs and Adopt', async () => {
    const first = path.join(dir, 'first.xlsx');
    await report([DISTRICT], first);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(first);
    const ws = wb.getWorksheet('Suggested Goals')!;
    // The first goal: the row under the "Adopt" header (the instruction sits above the table).
    const header = [1, 2, 3, 4, 5].find((r) => ws.getCell(r, 1).value === 'Adopt')!;
    expect(header).toBeGreaterThan(0);
    ws.getCell(header + 1, 1).value = 'Y';
    const edited = path.join(dir, 'edited.xlsx');
    await wb.xlsx.writeFile(edited);
    const json = await expectSameReport([edited]);
    const r = JSON.parse(json) as { goals: { adopted?: boolean }[] };
    expect(r.goals.filter((g) => g.adopted).length).toBe(1);
  });
});

describe('a 20,500-row export with awkward cells', () => {
  const file = path.join(dir, 'awkward.xlsx');
  const cfg = path.join(dir, 'awkward.config.json');
  beforeAll(async () => {
    await writeAwkwardWorkbook(file, { rows: 20500, seed: 3, writer: 'whole' });
    writeFileSync(cfg, JSON.stringify(AWKWARD_CONFIG));
  }, 120_000);

  it('with its config: the same report', async () => {
    const json = await expectSameReport([file, '--config', cfg]);
    expect(JSON.parse(json).dataQuality.rowsRead).toBe(20500 + 60);
  }, 180_000);

  it('detected on the first 5,000 rows, as on the whole sheet: the same report', async () => {
    await expectSameReport([file]);
  }, 180_000);
});

it('a CSV and a workbook given together: the same report', async () => {
  const csv = path.join(dir, 'students.csv');
  await generateBenchCsv(7000, csv, 5);
  const book = path.join(dir, 'goals.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(DISTRICT);
  for (const name of ['Students', 'Educators']) wb.removeWorksheet(wb.getWorksheet(name)!.id);
  await wb.xlsx.writeFile(book);
  await expectSameReport([csv, book]);
}, 180_000);
