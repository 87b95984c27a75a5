/**
 * Issue 17: a normalized gain exactly on a Hake edge (0.30, 0.70 as decimals) is in the same band
 * in the engine and in the sheet's formula after LibreOffice recalculates it; and every formula
 * of the relative-growth and reading columns equals the engine.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { main } from '../../src/cli/main';
import type { MappingConfig } from '../../src/core/config';
import type { Report } from '../../src/core/report';
import { gainBand } from '../../src/core/stats/gain-band';
import {
  noLibreOffice,
  recalculateXlsxDetailed,
  type RecalculatedSheet,
} from '../support/libreoffice';
import { Capture } from '../support/capture';

// Team means: E30 pre 30.1 → post 51.07: (51.07 − 30.1) / (100 − 30.1) = 20.97 / 69.9 = 0.3
//             E70 pre 40.3 → post 82.09: 41.79 / 59.7 = 0.7
//             B29 pre 30.1 → post 51.02: 20.92 / 69.9 = 0.29928… (low)
const CSV = [
  'Student,Team,Fall,Spring',
  's1,E30,30,51',
  's2,E30,30.2,51.14',
  's3,E70,40.2,82',
  's4,E70,40.4,82.18',
  's5,B29,30,50.9',
  's6,B29,30.2,51.14',
].join('\n');

const CONFIG: MappingConfig = {
  version: 1,
  students: [
    {
      sheet: 'edges',
      id: 'Student',
      team: 'Team',
      subgroups: [],
      measures: [{ name: 'Score', pre: 'Fall', post: 'Spring', max: 100 }],
    },
  ],
};

(noLibreOffice() ? describe.skip : describe)('band edges after LibreOffice recalculation', () => {
  let dir: string;
  let report: Report;
  let impact: RecalculatedSheet;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tl-band-edges-'));
    const csv = path.join(dir, 'edges.csv');
    writeFileSync(csv, CSV);
    const config = path.join(dir, 'config.json');
    writeFileSync(config, JSON.stringify(CONFIG));
    const out = path.join(dir, 'edges.xlsx');
    const json = path.join(dir, 'edges.json');
    const stderr = new Capture();
    const code = await main(['analyze', csv, '--config', config, '--out', out, '--json', json], {
      stdout: new Capture(),
      stderr,
    });
    expect(code, stderr.text).toBe(0);
    report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    impact = (await recalculateXlsxDetailed(out)).get('Impact')!;
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['E30', 0.3, 'medium'],
    ['E70', 0.7, 'high'],
    ['B29', 20.92 / 69.9, 'low'],
  ])('team %s: normalized gain %s is %s in the engine and in the sheet', (team, g, band) => {
    const row = report.impact.find((r) => r.groups[0]?.value === team)!;
    expect(row.normalizedGain).toBeCloseTo(g, 12);
    expect(gainBand(row.normalizedGain!)).toBe(band);
    const header = impact.values.find((r) => r.includes('Gain band (Hake)'))!;
    const line = impact.values.find((r) => r[header.indexOf('Team')] === team)!;
    expect(line[header.indexOf('Gain band (Hake)')]).toBe(band);
  });
});
