/**
 * Issue 4 acceptance: the impact sheets written by the file adapter, recalculated by
 * LibreOffice (an independent spreadsheet engine), give every formula the engine's value
 * (relative difference ≤ 1e-9), and no cell shows an error value, NaN or Infinity.
 * Data: Baumann (copied fixture), a hand-made educators table, and a hand-made students table
 * whose subgroup values look like COUNTIFS wildcards and criteria.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { main } from '../../src/cli/main';
import type { MappingConfig } from '../../src/core/config';
import type { Report } from '../../src/core/report';
import { cellFormula, cellValue } from '../../src/files/xlsx/read/xlsx-read';
import { IMPACT_TEST_CONFIG } from '../fixtures/impact/config';
import {
  noLibreOffice,
  recalculateXlsxDetailed,
  type RecalculatedSheet,
} from '../support/libreoffice';
import { Capture } from '../support/capture';

const fixtures = path.join(__dirname, '../fixtures/impact');

const ERROR_TEXT = /^#(DIV\/0!|NAME\?|VALUE!|N\/A|REF!|NUM!|NULL!)|\bNaN\b|\bInfinity\b/;
const IMPACT_SHEETS = ['Impact Data', 'Impact', 'Impact Chain'];

/** Formula cells whose LibreOffice value differs from the engine's (first 20). */
function formulaMismatches(
  written: ExcelJS.Workbook,
  recalculated: Map<string, RecalculatedSheet>,
  atLeast: number,
  sheets = IMPACT_SHEETS,
): string[] {
  let formulas = 0;
  const mismatches: string[] = [];
  for (const name of sheets) {
    const ws = written.getWorksheet(name)!;
    const lo = recalculated.get(name)!;
    ws.eachRow({ includeEmpty: false }, (row, r) =>
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const formula = cellFormula(cell);
        if (!formula) return;
        formulas++;
        const engine = cellValue(cell);
        const got = lo.values[r - 1]?.[c - 1] ?? null;
        const same =
          typeof engine === 'number' && typeof got === 'number'
            ? Math.abs(got - engine) <= 1e-9 * Math.max(Math.abs(engine), 1e-6)
            : (engine ?? '') === (got ?? '');
        if (!same) {
          mismatches.push(
            `${name}!${cell.address} ${formula}: engine ${JSON.stringify(engine)}, LibreOffice ${JSON.stringify(got)}`,
          );
        }
      }),
    );
  }
  if (formulas < atLeast) mismatches.push(`only ${formulas} formulas`);
  return mismatches.slice(0, 20);
}

/** Cells that show an error value, NaN or Infinity after recalculation. */
function badCells(recalculated: Map<string, RecalculatedSheet>, sheets = IMPACT_SHEETS): string[] {
  const bad: string[] = [];
  for (const name of sheets) {
    recalculated.get(name)!.values.forEach((row, r) =>
      row.forEach((v, c) => {
        if (typeof v === 'string' && ERROR_TEXT.test(v))
          bad.push(`${name} r${r + 1} c${c + 1}: ${v}`);
        if (typeof v === 'number' && !Number.isFinite(v))
          bad.push(`${name} r${r + 1} c${c + 1}: ${v}`);
      }),
    );
  }
  return bad;
}

/** Run the command line on the fixtures with a config; the written and recalculated books. */
async function runCase(dir: string, config: MappingConfig, files: string[]) {
  const configFile = path.join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify(config));
  const out = path.join(dir, 'impact.xlsx');
  const json = path.join(dir, 'report.json');
  const stderr = new Capture();
  const inputs = files.map((f) => path.join(fixtures, f));
  const code = await main(
    ['analyze', ...inputs, '--config', configFile, '--out', out, '--json', json],
    {
      stdout: new Capture(),
      stderr,
    },
  );
  expect(code, stderr.text).toBe(0);
  const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
  const written = new ExcelJS.Workbook();
  await written.xlsx.readFile(out);
  return { report, written, recalculated: await recalculateXlsxDetailed(out) };
}

(noLibreOffice() ? describe.skip : describe)('impact sheets recalculated by LibreOffice', () => {
  let dir: string;
  let written: ExcelJS.Workbook;
  let recalculated: Map<string, RecalculatedSheet>;
  let report: Report;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tl-impact-recalc-'));
    ({ report, written, recalculated } = await runCase(dir, IMPACT_TEST_CONFIG, [
      'baumann.csv',
      'subgroups.csv',
      'educators.csv',
    ]));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the three sheets with live formulas on Impact and Impact Chain', () => {
    for (const name of IMPACT_SHEETS) expect(written.getWorksheet(name), name).toBeDefined();
    let impactFormulas = 0;
    written
      .getWorksheet('Impact')!
      .eachRow((row) => row.eachCell((cell) => void (cellFormula(cell) && impactFormulas++)));
    // 1 + 3 teams per Baumann measure (×2), 1 + 2 + 4 + 2·4 groups of Score (minus empty
    // crosses), 1 + 3 teams per practice (×2): at least 20 columns of formulas on each row.
    expect(report.impact.length).toBeGreaterThanOrEqual(16);
    expect(impactFormulas).toBeGreaterThanOrEqual(report.impact.length * 20);
  });

  it('every formula computes the engine value (relative difference ≤ 1e-9)', () => {
    expect(formulaMismatches(written, recalculated, 500)).toEqual([]);
  });

  it('no cell shows an error value, NaN or Infinity', () => {
    const bad: string[] = [];
    for (const name of IMPACT_SHEETS) {
      recalculated.get(name)!.values.forEach((row, r) =>
        row.forEach((v, c) => {
          if (typeof v === 'string' && ERROR_TEXT.test(v))
            bad.push(`${name} r${r + 1} c${c + 1}: ${v}`);
          if (typeof v === 'number' && !Number.isFinite(v))
            bad.push(`${name} r${r + 1} c${c + 1}: ${v}`);
        }),
      );
    }
    expect(bad).toEqual([]);
  });

  it('groups whose values look like criteria are counted exactly (EL*, <3 yrs, =Gifted, ~tilde?)', () => {
    // Hand count from subgroups.csv: pairs per Program value over both teams.
    const n = (value: string) =>
      report.impact.find(
        (r) => r.measure === 'Score' && r.groups.length === 1 && r.groups[0].value === value,
      )?.n;
    expect(n('EL*')).toBe(5); // S01 S02 S07 S08 S15
    expect(n('<3 yrs')).toBe(3); // S03 S04 S09 (S10 has no spring)
    expect(n('=Gifted')).toBe(4); // S05 S06 S11 S12
    expect(n('~tilde?')).toBe(1); // S13 (S14 has no fall)
  });
});

/** No team anywhere (one "All" row in the chain) and Cohen's four bands in the Effect formula. */
const NO_TEAMS: MappingConfig = {
  version: 1,
  students: [
    {
      sheet: 'subgroups',
      id: 'Student',
      subgroups: ['Program'],
      measures: [{ name: 'Score', pre: 'Fall', post: 'Spring', max: 100, proficient: 60 }],
    },
  ],
  educators: [
    {
      sheet: 'educators',
      id: 'Educator',
      pdHours: 'PD hours',
      practice: [{ name: 'Feedback', pre: 'Feedback fall', post: 'Feedback spring', max: 4 }],
    },
  ],
  benchmark: 'cohen1988',
};

(noLibreOffice() ? describe.skip : describe)(
  'impact sheets without teams, Cohen (1988), recalculated',
  () => {
    let dir: string;
    let run: Awaited<ReturnType<typeof runCase>>;
    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'tl-impact-recalc2-'));
      run = await runCase(dir, NO_TEAMS, ['subgroups.csv', 'educators.csv']);
    }, 120_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('every formula computes the engine value, and nothing shows an error', () => {
      expect(formulaMismatches(run.written, run.recalculated, 100)).toEqual([]);
      expect(badCells(run.recalculated)).toEqual([]);
    });

    it('the chain has one "All" row with the PD hours of every educator', () => {
      const chain = run.recalculated.get('Impact Chain')!.values;
      // educators.csv: 8 of 9 have PD hours, total 6+10+12+8+15+20+4.5+9 = 84.5, mean 10.5625.
      expect(chain[4].slice(0, 4)).toEqual(['All', 8, 84.5, 10.5625]);
    });
  },
);

/** A School column: school rows and school × Program rows, a school named like a criterion. */
const SCHOOLS: MappingConfig = {
  version: 1,
  students: [
    {
      sheet: 'schools',
      id: 'Student',
      team: 'Team',
      school: 'School',
      subgroups: ['Program'],
      measures: [{ name: 'Score', pre: 'Fall', post: 'Spring', max: 100, proficient: 60 }],
    },
  ],
  minN: 1,
};

(noLibreOffice() ? describe.skip : describe)(
  'school and school × subgroup rows, recalculated (Impact, its compact view, the summary headline)',
  () => {
    let dir: string;
    let run: Awaited<ReturnType<typeof runCase>>;
    const sheets = [...IMPACT_SHEETS, 'Impact Summary', 'Throughline'];
    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'tl-impact-recalc3-'));
      run = await runCase(dir, SCHOOLS, ['schools.csv']);
    }, 120_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('has the school × Program rows, by hand from schools.csv', () => {
      const row = (...groups: string[]) =>
        run.report.impact.find(
          (r) => r.groups.map((g) => `${g.column}=${g.value}`).join(' ') === groups.join(' '),
        );
      // South × EL*: S09 52→61, S14 39→50 (S12 has no spring): means 45.5 → 55.5.
      const south = row('School=South', 'Program=EL*')!;
      expect([south.n, south.unpairedPre, south.preMean, south.postMean]).toEqual([
        2, 1, 45.5, 55.5,
      ]);
      // =North* × N: S02 62→70, S04 70→81, S06 35→47 (S07 has no spring): changes 8, 11, 12.
      const north = row('School==North*', 'Program=N')!;
      expect([north.n, north.unpairedPre]).toEqual([3, 1]);
      expect(Math.abs(north.meanDiff! - 31 / 3)).toBeLessThan(1e-12);
      // South × N: S10, S11 (100 → 100), S13 paired; S16 has no fall. S15 has no school: it is
      // in Program = N (7 pairs: S02 S04 S06 S10 S11 S13 S15) and in no school row.
      const sn = row('School=South', 'Program=N')!;
      expect([sn.n, sn.unpairedPost]).toEqual([3, 1]);
      expect(row('Program=N')!.n).toBe(7);
    });

    it('every formula computes the engine value, and nothing shows an error', () => {
      expect(formulaMismatches(run.written, run.recalculated, 300, sheets)).toEqual([]);
      // The summary's headline per school: formulas on Impact (all schools, =North*, South).
      const links: string[] = [];
      run.written.getWorksheet('Throughline')!.eachRow((row) =>
        row.eachCell((cell) => {
          const f = cellFormula(cell);
          if (f) links.push(f);
        }),
      );
      expect(links).toHaveLength(3 * 5);
      for (const f of links) expect(f).toMatch(/^=IF\(ISBLANK\('Impact'!\$[A-Z]+\$\d+\)/);
      expect(badCells(run.recalculated, sheets)).toEqual([]);
    });
  },
);
