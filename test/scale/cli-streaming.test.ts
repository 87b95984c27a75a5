/**
 * The command line's streaming path end to end: `throughline analyze big.csv --json out.json`
 * (a CSV longer than the 5,000-row sample, so it streams) writes the same report as the
 * whole-table analysis of the same file, and no workbook.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, it } from '@jest/globals';
import { expect } from '../support/expect';
import { generateBenchCsv } from '../../bench/generate.cjs';
import { main } from '../../src/cli/main';
import { analyze } from '../../src/core/analyze';
import { decodeCsvBytes, parseCsvText } from '../../src/files/csv/csv-read';

const dir = mkdtempSync(path.join(tmpdir(), 'tl-cli-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = new Date('2026-06-01T00:00:00Z');

it('writes the report of the whole-table path for a 7,000-row CSV, and no workbook', async () => {
  const file = path.join(dir, 'students.csv');
  await generateBenchCsv(7000, file, 11);
  const out = path.join(dir, 'report.json');
  const sink = {
    text: '',
    write(s: string) {
      this.text += s;
      return true;
    },
  };
  const err = {
    text: '',
    write(s: string) {
      this.text += s;
      return true;
    },
  };
  const code = await main(['analyze', file, '--json', out], {
    stdout: sink,
    stderr: err,
    analyze,
    now: () => NOW,
  });
  expect(code, err.text).toBe(0);
  expect(existsSync(path.join(dir, 'students-throughline.xlsx'))).toBe(false);
  const streamed = JSON.parse(readFileSync(out, 'utf8'));
  const table = parseCsvText('students', decodeCsvBytes(readFileSync(file)).text);
  const whole = analyze({
    tables: [table],
    existingSheets: ['students'],
    state: null,
    now: NOW,
    plans: false,
  }).report;
  expect(streamed).toEqual(JSON.parse(JSON.stringify(whole)));
  expect(streamed.dataQuality.rowsRead).toBe(7000);
  expect(sink.text).toContain(`${whole.dataQuality.rowsUsed} of 7000 rows used`);
}, 300_000);
