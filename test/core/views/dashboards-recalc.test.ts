/**
 * Issue 20, the role dashboards: after LibreOffice recalculates the example district's workbook,
 * every dashboard figure equals the engine's (the report's `views`, whose figures
 * example-views.test.ts works by hand); with the drop-down cell (B3) set to another name and
 * the workbook recalculated again, every figure is the other name's.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { expect } from '../../support/expect';
import { Capture } from '../../support/capture';
import { noLibreOffice, recalculateXlsx } from '../../support/libreoffice';
import { main } from '../../../src/cli/main';
import type { PairedMeans, Views } from '../../../src/core/views';
import type { CellValue } from '../../../src/core/types';
import { SAMPLE } from '../../examples/workbook';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-dash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const out = path.join(dir, 'district.xlsx');
let views: Views;

type Grid = CellValue[][];
/** Rows of a dashboard table: its label in column A → [n, before, after, change]. */
function table(grid: Grid, title: string): Map<string, CellValue[]> {
  const top = grid.findIndex((r) => r?.[0] === title);
  const rows = new Map<string, CellValue[]>();
  for (let i = top + 1; i < grid.length && grid[i]?.[0]; i++)
    rows.set(String(grid[i][0]), grid[i].slice(1, 5));
  return rows;
}

/** Mismatches between a dashboard row and the engine's means (null shows as a blank). */
function compare(where: string, shown: CellValue[] | undefined, want: PairedMeans): string[] {
  const expected = [want.n, want.preMean, want.postMean, want.meanDiff];
  if (!shown) return [`${where}: no row`];
  return expected.flatMap((e, k) => {
    const got = shown[k];
    const same =
      e === null
        ? got === null || got === ''
        : typeof got === 'number' && Math.abs(got - e) <= 1e-9 * Math.max(1, Math.abs(e));
    return same ? [] : [`${where} column ${k + 2}: ${String(got)} ≠ ${String(e)}`];
  });
}

/** Every figure of the three dashboards against the views of the names shown in B3. */
function check(book: Map<string, Grid>): { names: string[]; mismatches: string[] } {
  const bad: string[] = [];
  const ed = book.get('Educator View')!;
  const e = views.educators.find((x) => x.educator === ed[2][1])!;
  for (const s of e.students.filter((x) => x.group === null))
    bad.push(
      ...compare(
        `Educator ${e.educator} ${s.measure}`,
        table(ed, "Students' scores").get(s.measure),
        s,
      ),
    );
  for (const p of e.practice) {
    const both = p.pre !== null && p.post !== null;
    const want = {
      n: both ? 1 : 0,
      preMean: both ? p.pre : null,
      postMean: both ? p.post : null,
      meanDiff: both ? p.change : null,
    };
    bad.push(
      ...compare(
        `Educator ${e.educator} ${p.component}`,
        table(ed, 'Practice (rating)').get(p.component),
        want,
      ),
    );
  }
  const tm = book.get('Team View')!;
  const t = views.teams.find((x) => x.team === tm[2][1])!;
  for (const s of t.students)
    bad.push(
      ...compare(`Team ${t.team} ${s.measure}`, table(tm, "Students' scores").get(s.measure), s),
    );
  for (const p of t.practice)
    bad.push(
      ...compare(
        `Team ${t.team} ${p.component}`,
        table(tm, 'Practice (rating)').get(p.component),
        p,
      ),
    );
  const sc = book.get('School View')!;
  const s = views.schools.find((x) => x.school === sc[2][1])!;
  for (const m of s.students)
    bad.push(
      ...compare(
        `School ${s.school} ${m.measure}`,
        table(sc, "Students' scores").get(m.measure),
        m,
      ),
    );
  return { names: [String(ed[2][1]), String(tm[2][1]), String(sc[2][1])], mismatches: bad };
}

(noLibreOffice() ? describe.skip : describe)('role dashboards recalculated by LibreOffice', () => {
  beforeAll(async () => {
    const json = path.join(dir, 'r.json');
    const code = await main(['analyze', SAMPLE, '--out', out, '--json', json], {
      stdout: new Capture(),
      stderr: new Capture(),
    });
    expect(code).toBe(0);
    views = JSON.parse(readFileSync(json, 'utf8')).views;
  }, 120_000);

  it('show the engine figures of the first names', async () => {
    const book = await recalculateXlsx(out);
    const { names, mismatches } = check(book);
    expect(names).toEqual([
      views.educators[0].educator,
      views.teams[0].team,
      views.schools[0].school,
    ]);
    expect(mismatches).toEqual([]);
    // The district view: each school's and all schools' Reading as the engine has them.
    const dv = table(book.get('District View')!, 'Reading');
    const bad = views.schools.flatMap((sc) =>
      compare(
        `District ${sc.school}`,
        dv.get(sc.school),
        sc.students.find((m) => m.measure === 'Reading')!,
      ),
    );
    expect(bad).toEqual([]);
    expect(dv.get('All schools')?.[0]).toBe(
      views.schools.reduce((n, sc) => n + sc.students[0].n, 0),
    );
  }, 300_000);

  it('follow the drop-down: B3 set to another name, recalculated', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const chosen = ['Samuel Brooks', 'Lakeside Grade 4', 'Northview Middle School'];
    ['Educator View', 'Team View', 'School View'].forEach(
      (s, k) => (wb.getWorksheet(s)!.getCell('B3').value = chosen[k]),
    );
    const changed = path.join(dir, 'changed.xlsx');
    await wb.xlsx.writeFile(changed);
    const { names, mismatches } = check(await recalculateXlsx(changed));
    expect(names).toEqual(chosen);
    expect(mismatches).toEqual([]);
  }, 300_000);
});
