/**
 * School carried through the analysis: with a School column mapped, Impact has a row per school
 * and measure (beside the team rows) and a row per school × value of each student group, in the
 * JSON report and on the Impact sheet. The figures of one school and of two school × group rows
 * of the example district are checked against R, computed from the Students sheet.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { main } from '../../../src/cli/main';
import type { ImpactRow, Report } from '../../../src/core/report';
import { Capture } from '../../support/capture';
import { SAMPLE } from '../../examples/workbook';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-school-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const OUT = path.join(dir, 'out.xlsx');
const JSON_OUT = path.join(dir, 'report.json');
const SCHOOLS = ['Cedar Ridge Elementary', 'Lakeside Elementary', 'Northview Middle School'];
const hasR = spawnSync('sh', ['-c', 'command -v Rscript']).status === 0;

let report: Report;
beforeAll(async () => {
  const stderr = new Capture();
  const code = await main(['analyze', SAMPLE, '--out', OUT, '--json', JSON_OUT], {
    stdout: new Capture(),
    stderr,
  });
  expect(code).toBe(0);
  report = JSON.parse(readFileSync(JSON_OUT, 'utf8')) as Report;
}, 120_000);

const schoolRows = () =>
  report.impact.filter((r) => r.groups.length === 1 && r.groups[0].column === 'School');

describe('school rows in Impact', () => {
  it('one per school and measure, none crossed with teams (a team is in one school)', () => {
    expect(schoolRows().map((r) => `${r.measure}|${r.groups[0].value}`)).toEqual([
      ...SCHOOLS.map((s) => `Reading|${s}`),
      ...SCHOOLS.map((s) => `Math|${s}`),
    ]);
    const teamSchool = report.impact.filter(
      (r) =>
        r.groups.some((g) => g.column === 'School') && r.groups.some((g) => g.column === 'Team'),
    );
    expect(teamSchool).toEqual([]);
  });

  it('school × student group: one per school and value of each subgroup, after the subgroup rows', () => {
    const rows = report.impact.filter(
      (r) => r.measure === 'Reading' && r.groups.length === 2 && r.groups[0].column === 'School',
    );
    // Every school has students of each value of the example's four subgroups (F/M, N/Y).
    const subgroups = ['Gender', 'EL', 'SWD', 'FRL'];
    expect(new Set(rows.map((r) => r.groups[1].column))).toEqual(new Set(subgroups));
    expect(rows).toHaveLength(SCHOOLS.length * subgroups.length * 2);
    const at = (r: ImpactRow) => report.impact.indexOf(r);
    const reading = report.impact.filter((r) => r.measure === 'Reading');
    const lastSubgroup = reading.filter(
      (r) => r.groups.length === 1 && subgroups.includes(r.groups[0].column),
    );
    const firstTeamCross = reading.find(
      (r) => r.groups.length === 2 && r.groups[0].column === 'Team',
    )!;
    expect(at(rows[0])).toBe(at(lastSubgroup[lastSubgroup.length - 1]) + 1);
    expect(at(rows[rows.length - 1])).toBe(at(firstTeamCross) - 1);
    // The values of a subgroup add up to the school (no student lacks Gender in the example).
    for (const school of SCHOOLS) {
      const whole = schoolRows().find(
        (r) => r.measure === 'Reading' && r.groups[0].value === school,
      )!;
      const parts = rows.filter(
        (r) => r.groups[0].value === school && r.groups[1].column === 'Gender',
      );
      expect(parts.reduce((n, r) => n + r.n, 0)).toBe(whole.n);
    }
  });

  it('on the Impact sheet with their group, between the team and the subgroup rows', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(OUT);
    const groups: string[] = [];
    wb.getWorksheet('Impact')!.eachRow((row) => groups.push(String(row.getCell(3).value)));
    const reading = groups.filter((g) => g.startsWith('School = ') && !g.includes(' × '));
    expect(reading).toEqual([...SCHOOLS, ...SCHOOLS].map((s) => `School = ${s}`));
    const first = groups.indexOf('School = Cedar Ridge Elementary');
    expect(groups[first - 1]).toMatch(/^Team = /);
    expect(groups[first + 3]).toMatch(/^Gender = /);
  });

  /**
   * R's figures for the students of one school (and one value of a subgroup column, if given),
   * Reading, computed from the Students sheet with the engine's data-quality rules: a repeated
   * ID's later rows are not used; scores outside 0..100 or not numbers are not scores.
   */
  async function rFigures(school: string, sub?: [string, string]): Promise<number[]> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(SAMPLE);
    const ws = wb.getWorksheet('Students')!;
    const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const cols = [
      'Student ID',
      'School',
      sub ? sub[0] : 'School',
      'Reading Fall (0-100)',
      'Reading Spring (0-100)',
    ].map((h) => header.indexOf(h));
    const lines = ['id\tschool\tsub\tpre\tpost'];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const cell = (c: number) => String(row.getCell(c).value ?? '').replace(/\t/g, ' ');
      lines.push(cols.map(cell).join('\t'));
    });
    const tsv = path.join(dir, 'students.tsv');
    writeFileSync(tsv, lines.join('\n'));
    const script = [
      `d <- read.delim("${tsv}", colClasses = "character")`,
      `d <- d[!duplicated(d$id), ]`,
      `d <- d[d$school == "${school}" & trimws(d$sub) == "${sub ? sub[1] : school}", ]`,
      `x <- suppressWarnings(as.numeric(d$pre)); y <- suppressWarnings(as.numeric(d$post))`,
      `x[!is.na(x) & (x < 0 | x > 100)] <- NA; y[!is.na(y) & (y < 0 | y > 100)] <- NA`,
      `ok <- !is.na(x) & !is.na(y); x <- x[ok]; y <- y[ok]`,
      `tt <- t.test(y, x, paired = TRUE)`,
      `g <- (y - x)[x < 100] / (100 - x[x < 100])`,
      `cat(sprintf("%.15g", c(length(x), mean(x), mean(y), mean(y - x), sd(y - x), tt$statistic, tt$p.value,`,
      `  tt$conf.int, mean(y - x) / ((sd(x) + sd(y)) / 2), mean(g), mean(x >= 70), mean(y >= 70))), sep = " ")`,
    ].join('\n');
    const r = spawnSync('Rscript', ['-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return r.stdout.trim().split(' ').map(Number);
  }

  function expectRow(row: ImpactRow, figures: number[]): void {
    const [n, preMean, postMean, meanDiff, sdDiff, t, p, ciLow, ciHigh, dav, gain, pp0, pp1] =
      figures;
    expect(row.n).toBe(n);
    const near = (a: number | null, b: number) => expect(Math.abs(a! - b)).toBeLessThan(1e-9);
    near(row.preMean, preMean);
    near(row.postMean, postMean);
    near(row.meanDiff, meanDiff);
    near(row.sdDiff, sdDiff);
    near(row.t, t);
    expect(Math.abs(row.p! / p - 1)).toBeLessThan(1e-6);
    near(row.ciLow, ciLow);
    near(row.ciHigh, ciHigh);
    near(row.dav, dav);
    near(row.avgNormalizedGain, gain);
    near(row.pctProficientPre, pp0);
    near(row.pctProficientPost, pp1);
  }

  (hasR ? it : it.skip)(
    'Cedar Ridge Elementary, Reading: the figures R computes from the Students sheet',
    async () => {
      const row = schoolRows().find(
        (x) => x.measure === 'Reading' && x.groups[0].value === 'Cedar Ridge Elementary',
      ) as ImpactRow;
      const figures = await rFigures('Cedar Ridge Elementary');
      expectRow(row, figures);
      // The summary's headline for the school: R's figures, each a formula on its Impact row.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(OUT);
      const summary = wb.getWorksheet('Throughline')!;
      let line: ExcelJS.Row | null = null;
      summary.eachRow((r) => {
        if (r.getCell(1).value === 'Cedar Ridge Elementary' && r.getCell(2).value === 'Reading')
          line = r;
      });
      expect(line).not.toBeNull();
      const cells = [3, 4, 5, 6, 7].map((c) => line!.getCell(c).value as ExcelJS.CellFormulaValue);
      const [n, , , meanDiff, , , , , , , gain, pp0, pp1] = figures;
      expect(cells[0].result).toBe(n);
      cells.slice(1).forEach((c, i) => {
        expect(Math.abs((c.result as number) - [meanDiff, gain, pp0, pp1][i])).toBeLessThan(1e-9);
      });
      const impact = wb.getWorksheet('Impact')!;
      for (const c of cells) {
        const [, col, at] = /^IF\(ISBLANK\('Impact'!\$([A-Z]+)\$(\d+)\)/.exec(c.formula)!;
        expect(impact.getCell(`C${at}`).value).toBe('School = Cedar Ridge Elementary');
        expect(impact.getCell(`${col}${at}`).value).toMatchObject({ result: c.result });
      }
    },
    60_000,
  );

  (hasR ? it : it.skip)(
    'Lakeside Elementary × EL = Y and Northview Middle School × SWD = Y, Reading: as R computes them',
    async () => {
      for (const [school, column, value] of [
        ['Lakeside Elementary', 'EL', 'Y'],
        ['Northview Middle School', 'SWD', 'Y'],
      ]) {
        const row = report.impact.find(
          (x) =>
            x.measure === 'Reading' &&
            JSON.stringify(x.groups) ===
              JSON.stringify([
                { column: 'School', value: school },
                { column, value },
              ]),
        ) as ImpactRow;
        expect(row).toBeDefined();
        expectRow(row, await rFigures(school, [column, value]));
      }
    },
    60_000,
  );
});
