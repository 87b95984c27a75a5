/**
 * Monitor and adjust on the command line (issue 19), as a team would use it over a year:
 *  1. mid-year, the workbook has the fall (BOY) and winter (MOY) windows only: the run suggests
 *     goals from fall → winter growth;
 *  2. a person types Y in "Adopt" on three goals; the next run reports their progress at winter
 *     (on track / watch / off track, nothing final yet), with the adopted targets;
 *  3. the spring (EOY) columns are pasted into the data sheet and the workbook is run again: the
 *     adoptions are kept and every goal is final (met / not met) with the Impact rows' figures.
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
import { Capture } from '../support/capture';
import { cellFormula, cellValue } from '../../src/files/xlsx/read/xlsx-read';
import { noLibreOffice, recalculateXlsxDetailed } from '../support/libreoffice';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const example = path.join(__dirname, '../../examples/district-sample.xlsx');
const fullConfig = path.join(__dirname, '../../examples/district-sample.config.json');
const now = () => new Date('2027-01-20T10:00:00Z');
/** Students sheet columns of the spring window (1-based): Reading Spring + Level, Math Spring + Level. */
const SPRING = [13, 14, 18, 19];

/** A run with a config file, or (null) with the mapping the workbook's state kept. */
async function run(args: string[], config: string | null): Promise<Report> {
  const stderr = new Capture();
  const json = path.join(dir, `r${Math.random().toString(36).slice(2)}.json`);
  const withConfig = config === null ? [] : ['--config', config];
  const code = await main(['analyze', ...args, ...withConfig, '--json', json], {
    stdout: new Capture(),
    stderr,
    now,
  });
  expect(code, stderr.text).toBe(0);
  return JSON.parse(readFileSync(json, 'utf8')) as Report;
}

const mid = path.join(dir, 'mid.xlsx');
const midConfig = path.join(dir, 'mid.config.json');

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(example);
  const ws = wb.getWorksheet('Students')!;
  for (const c of [...SPRING].reverse()) ws.spliceColumns(c, 1);
  await wb.xlsx.writeFile(mid);
  const cfg = JSON.parse(readFileSync(fullConfig, 'utf8')) as MappingConfig;
  for (const m of cfg.students[0].measures) m.windows = m.windows!.slice(0, 2);
  writeFileSync(midConfig, JSON.stringify(cfg));
});

describe('a year of progress on the command line', () => {
  let first: Report;
  let second: Report;
  let third: Report;
  // The first three goals of the table (rows found under its "Adopt" header, below the instruction).
  let adoptedRows: number[] = [];
  let headerRow = 0;

  it('mid-year (fall + winter only): suggests goals from fall → winter, nothing tracked yet', async () => {
    first = await run([mid, '--out', path.join(dir, 'a.xlsx')], midConfig);
    const reading = first.windows.find((w) => w.measure === 'Reading')!;
    expect(reading.windows.map((w) => w.name)).toEqual(['Fall', 'Winter']);
    expect([reading.pre, reading.post]).toEqual(['Fall', 'Winter']);
    expect(first.goals.length).toBeGreaterThan(3);
    expect(first.progress).toBeUndefined();
  }, 120_000);

  it('reports progress at winter for the goals adopted in the earlier run', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'a.xlsx'));
    const ws = wb.getWorksheet('Suggested Goals')!;
    for (let r = 1; r <= 5 && !headerRow; r++)
      if (ws.getCell(r, 1).value === 'Adopt') headerRow = r;
    expect(headerRow).toBeGreaterThan(0);
    adoptedRows = [1, 2, 3].map((i) => headerRow + i);
    for (const r of adoptedRows) ws.getCell(r, 1).value = 'Y';
    const edited = path.join(dir, 'a-adopted.xlsx');
    await wb.xlsx.writeFile(edited);

    second = await run([edited, '--out', path.join(dir, 'b.xlsx')], midConfig);
    const want = adoptedRows.map((r) => first.goals[r - headerRow - 1]);
    expect(second.progress!.map((p) => [p.team, p.measure, p.groupLabel, p.target])).toEqual(
      want.map((g) => [
        g.team,
        g.measure,
        (g as unknown as { groupLabel: string }).groupLabel,
        g.target.value,
      ]),
    );
    for (const p of second.progress!) {
      expect(p.windows.map((w) => w.window)).toEqual(['Fall', 'Winter']);
      expect(p.final).toBe(false);
      expect(['on track', 'watch', 'off track']).toContain(p.status);
      // Half the growth by winter (three windows in the year, linear): worked from the figures.
      const [boy, moy] = p.windows;
      expect(moy.share).toBe(0.5);
      expect(moy.expected).toBeCloseTo(boy.value! + 0.5 * (p.target - boy.value!), 12);
    }
  }, 120_000);

  it('after the spring window is pasted in, keeps the adoptions and ends every goal met / not met', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'b.xlsx'));
    const orig = new ExcelJS.Workbook();
    await orig.xlsx.readFile(example);
    const from = orig.getWorksheet('Students')!;
    const to = wb.getWorksheet('Students')!;
    for (const c of SPRING) {
      to.spliceColumns(c, 0, []);
      for (let r = 1; r <= from.rowCount; r++) to.getCell(r, c).value = from.getCell(r, c).value;
    }
    const withSpring = path.join(dir, 'b-spring.xlsx');
    await wb.xlsx.writeFile(withSpring);

    // No config file: the mapping the winter run kept (fall → winter) takes in the spring
    // columns pasted since, one NEW_WINDOW note each (Reading and Math).
    third = await run([withSpring, '--out', path.join(dir, 'c.xlsx')], null);
    const added = third.dataQuality.issues.filter((i) => i.code === 'NEW_WINDOW');
    expect(added.map((i) => i.column)).toEqual(
      SPRING.filter((_, k) => k % 2 === 0).map((c) => from.getCell(1, c).text),
    );
    const keys = (r: Report) => r.progress!.map((p) => [p.team, p.measure, p.groupLabel, p.target]);
    expect(keys(third)).toEqual(keys(second));
    for (const p of third.progress!) {
      expect(p.windows.map((w) => w.window)).toEqual(['Fall', 'Winter', 'Spring']);
      expect(p.final).toBe(true);
      const last = p.windows[2];
      expect(p.status).toBe(last.value! >= p.target ? 'met' : 'not met');
      // The final figure is the Impact row's (fall → spring pairs of the same group).
      const row = third.impact.find(
        (i) =>
          i.population === p.population &&
          i.measure === p.measure &&
          JSON.stringify(i.groups) ===
            JSON.stringify([{ column: 'Team', value: p.team }, ...p.groups]),
      )!;
      expect(row, `${p.team} ${p.measure} ${p.groupLabel}`).toBeDefined();
      expect(last.n).toBe(row.n);
      expect(last.value).toBe(p.metric === 'pctProficient' ? row.pctProficientPost : row.postMean);
    }
  }, 120_000);

  (noLibreOffice() ? it.skip : it)(
    'the Progress sheet: its formulas equal the engine after LibreOffice recalculates (winter and spring runs)',
    async () => {
      for (const [file, report] of [
        ['b.xlsx', second],
        ['c.xlsx', third],
      ] as const) {
        // LibreOffice recalculates only what the Progress formulas read (Impact Data) and the
        // Progress sheet, copied cell by cell (formulas with the engine's cached values): the
        // whole district workbook takes minutes to recalculate on a loaded machine.
        const full = new ExcelJS.Workbook();
        await full.xlsx.readFile(path.join(dir, file));
        const written = new ExcelJS.Workbook();
        for (const name of ['Impact Data', 'Progress']) {
          const to = written.addWorksheet(name);
          full.getWorksheet(name)!.eachRow({ includeEmpty: false }, (row, r) =>
            row.eachCell({ includeEmpty: false }, (cell, c) => {
              to.getCell(r, c).value = cell.value;
            }),
          );
        }
        const out = path.join(dir, `progress-${file}`);
        await written.xlsx.writeFile(out);
        const ws = written.getWorksheet('Progress')!;
        expect(ws, file).toBeDefined();
        const lo = (await recalculateXlsxDetailed(out)).get('Progress')!;
        let formulas = 0;
        const statuses: string[] = [];
        const mismatches: string[] = [];
        ws.eachRow({ includeEmpty: false }, (row, r) =>
          row.eachCell({ includeEmpty: false }, (cell, c) => {
            if (!cellFormula(cell)) return;
            formulas++;
            // The engine's value as the command line wrote it (a copy may drop a cached 0).
            const engine = cellValue(full.getWorksheet('Progress')!.getCell(r, c));
            const got = lo.values[r - 1]?.[c - 1] ?? null;
            if (c === 7 && typeof got === 'string' && got !== 'baseline') statuses.push(got);
            const same =
              typeof engine === 'number' && typeof got === 'number'
                ? Math.abs(got - engine) <= 1e-9 * Math.max(Math.abs(engine), 1e-6)
                : (engine ?? '') === (got ?? '');
            if (!same)
              mismatches.push(
                `${file} ${cell.address} ${cellFormula(cell)}: engine ${JSON.stringify(engine)}, LibreOffice ${JSON.stringify(got)}`,
              );
          }),
        );
        expect(mismatches).toEqual([]);
        // n, value, expected and status of every window of every goal are formulas.
        const windows = report.progress!.reduce((a, p) => a + p.windows.length, 0);
        expect(formulas).toBe(4 * windows);
        // The statuses LibreOffice computes are the report's, goal by goal.
        expect(statuses).toEqual(
          report.progress!.flatMap((p) => p.windows.slice(1).map((w) => w.status)),
        );
      }
    },
    300_000,
  );
});
