/**
 * School carried through the analysis: with a School column mapped, Impact has a row per school
 * and measure (beside the team rows), in the JSON report and on the Impact sheet. The figures of
 * one school of the example district are checked against R, computed from the Students sheet.
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
    const crossed = report.impact.filter((r) => r.groups.some((g) => g.column === 'School'));
    expect(crossed).toHaveLength(6);
  });

  it('on the Impact sheet with their group, between the team and the subgroup rows', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(OUT);
    const groups: string[] = [];
    wb.getWorksheet('Impact')!.eachRow((row) => groups.push(String(row.getCell(3).value)));
    const reading = groups.filter((g) => g.startsWith('School = '));
    expect(reading).toEqual([...SCHOOLS, ...SCHOOLS].map((s) => `School = ${s}`));
    const first = groups.indexOf('School = Cedar Ridge Elementary');
    expect(groups[first - 1]).toMatch(/^Team = /);
    expect(groups[first + 3]).toMatch(/^Gender = /);
  });

  (hasR ? it : it.skip)(
    'Cedar Ridge Elementary, Reading: the figures R computes from the Students sheet',
    async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(SAMPLE);
      const ws = wb.getWorksheet('Students')!;
      const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
      const at = (h: string) => header.indexOf(h);
      const [ci, cs, cx, cy] = [
        'Student ID',
        'School',
        'Reading Fall (0-100)',
        'Reading Spring (0-100)',
      ].map(at);
      const lines = ['id\tschool\tpre\tpost'];
      ws.eachRow((row, n) => {
        if (n === 1) return;
        const cell = (c: number) => String(row.getCell(c).value ?? '').replace(/\t/g, ' ');
        lines.push([cell(ci), cell(cs), cell(cx), cell(cy)].join('\t'));
      });
      const tsv = path.join(dir, 'students.tsv');
      writeFileSync(tsv, lines.join('\n'));
      // As the engine's data-quality rules: a repeated ID's later rows are not used; scores
      // outside 0..100 or not numbers are not scores.
      const script = [
        `d <- read.delim("${tsv}", colClasses = "character")`,
        `d <- d[!duplicated(d$id), ]`,
        `d <- d[d$school == "Cedar Ridge Elementary", ]`,
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
      const [n, preMean, postMean, meanDiff, sdDiff, t, p, ciLow, ciHigh, dav, gain, pp0, pp1] =
        r.stdout.trim().split(' ').map(Number);
      const row = schoolRows().find(
        (x) => x.measure === 'Reading' && x.groups[0].value === 'Cedar Ridge Elementary',
      ) as ImpactRow;
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
    },
    60_000,
  );
});
