/**
 * Issue 20, the coach, worked by hand on the example district: one coach's teams (from the
 * Educators sheet's "Instructional Coach" column) with every figure computed here from the input
 * sheets' cells (read with exceljs, not through the engine), then compared with the report's
 * `views.coaches` and with the "Coach View" dashboard after LibreOffice recalculation, first as
 * written (the first coach) and then with the drop-down (B3) set to another coach.
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
import type { Views } from '../../../src/core/views';
import type { CellValue } from '../../../src/core/types';
import { SAMPLE } from '../../examples/workbook';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-coach-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const out = path.join(dir, 'district.xlsx');

type Row = CellValue[];
interface Sheet {
  header: string[];
  rows: Row[];
}
let students: Sheet;
let educators: Sheet;
let views: Views;

const COMPONENTS = ['Questioning', 'Discussion', 'Feedback', 'Classroom Environment'];
const MEASURES = ['Reading', 'Math'];

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(SAMPLE);
  const read = (name: string): Sheet => {
    const rows: Row[] = [];
    wb.getWorksheet(name)!.eachRow((row) =>
      rows.push((row.values as unknown[]).slice(1).map((v) => (v ?? null) as CellValue)),
    );
    return { header: rows[0].map(String), rows: rows.slice(1) };
  };
  students = read('Students');
  educators = read('Educators');
  const json = path.join(dir, 'r.json');
  const stderr = new Capture();
  const code = await main(['analyze', SAMPLE, '--out', out, '--json', json], {
    stdout: new Capture(),
    stderr,
  });
  expect(code, stderr.text).toBe(0);
  views = JSON.parse(readFileSync(json, 'utf8')).views;
}, 120_000);

const col = (s: Sheet, header: string) => {
  const i = s.header.indexOf(header);
  if (i < 0) throw new Error(`no column "${header}"`);
  return i;
};

/** A student score the engine keeps: a number from 0 to 100 (blank, "NA", "7O", 105 are not). */
const okScore = (v: CellValue): v is number => typeof v === 'number' && v >= 0 && v <= 100;

interface Hand {
  n: number;
  preMean: number;
  postMean: number;
  change: number;
}

/** Means over the rows with both scores, by hand. */
function hand(rows: Row[], pre: number, post: number, ok: (v: CellValue) => boolean): Hand {
  const pairs = rows.filter((r) => ok(r[pre]) && ok(r[post]));
  const sum = (k: number) => pairs.reduce((s, r) => s + (r[k] as number), 0);
  const preMean = sum(pre) / pairs.length;
  const postMean = sum(post) / pairs.length;
  return { n: pairs.length, preMean, postMean, change: postMean - preMean };
}

/** The coach's teams in the order her rows first name them, read off the Educators sheet. */
function coachTeams(coach: string): string[] {
  const [c, t] = [col(educators, 'Instructional Coach'), col(educators, 'Team')];
  return [...new Set(educators.rows.filter((r) => r[c] === coach).map((r) => String(r[t])))];
}

/** Every figure of a team by hand: students per measure (each ID once), practice per component. */
function teamByHand(team: string): Map<string, Hand> {
  const out = new Map<string, Hand>();
  const seen = new Set<CellValue>();
  // Row 403 repeats row 402's ID: the first is kept.
  const mine = students.rows.filter((r) => {
    if (seen.has(r[0])) return false;
    seen.add(r[0]);
    return r[col(students, 'Team')] === team;
  });
  for (const m of MEASURES)
    out.set(
      m,
      hand(mine, col(students, `${m} Fall (0-100)`), col(students, `${m} Spring (0-100)`), okScore),
    );
  const eds = educators.rows.filter((r) => r[col(educators, 'Team')] === team);
  for (const c of COMPONENTS)
    out.set(
      c,
      hand(
        eds,
        col(educators, `${c} Fall (out of 4)`),
        col(educators, `${c} Spring (out of 4)`),
        (v) => typeof v === 'number',
      ),
    );
  return out;
}

const close = (a: unknown, b: number) => typeof a === 'number' && Math.abs(a - b) <= 1e-9;

describe("a coach's teams in the JSON report (views.coaches)", () => {
  it('Renata Sokolova: the four Cedar teams, each figure as worked by hand', () => {
    const teams = coachTeams('Renata Sokolova');
    expect(teams).toEqual(['Cedar Grade 2', 'Cedar Grade 3', 'Cedar Grade 4', 'Cedar Grade 5']);
    const v = views.coaches!.find((c) => c.coach === 'Renata Sokolova')!;
    expect(v.schools).toEqual(['Cedar Ridge Elementary']);
    expect(v.teams.map((t) => t.team)).toEqual(teams);
    for (const t of v.teams) {
      const h = teamByHand(t.team);
      for (const s of t.students) {
        const e = h.get(s.measure)!;
        expect(s.n, `${t.team} ${s.measure}`).toBe(e.n);
        expect(close(s.preMean, e.preMean) && close(s.postMean, e.postMean)).toBe(true);
        expect(close(s.meanDiff, e.change), `${t.team} ${s.measure}`).toBe(true);
      }
      for (const p of t.practice) {
        const e = h.get(p.component)!;
        expect([p.n, p.preMean, p.postMean], `${t.team} ${p.component}`).toEqual([
          e.n,
          e.preMean,
          e.postMean,
        ]);
      }
      expect(t.educators).toBe(5);
      // The goals sheet by design (generator header): T1..T4 are the Cedar teams' goals.
      expect(t.goals).toEqual([`T${teams.indexOf(t.team) + 1}`]);
      expect(t.progress).toEqual([]); // no goal adopted, no Target column: nothing tracked
    }
    // The generator's designed needs: Cedar Grade 3 shares weak Questioning, Cedar Grade 4 Discussion.
    const shared = new Map(v.teams.map((t) => [t.team, t.sharedNeeds]));
    expect(shared.get('Cedar Grade 3')).toContain('Questioning');
    expect(shared.get('Cedar Grade 4')).toContain('Discussion');
    // A coach's team is the team view itself, not a second computation.
    for (const t of v.teams) {
      const { progress, ...rest } = t;
      expect(progress).toEqual([]);
      expect(rest).toEqual(views.teams.find((x) => x.team === t.team));
    }
  });

  it('three coaches; Theo Lindqvist holds five teams across two schools', () => {
    expect(views.coaches!.map((c) => [c.coach, c.teams.length])).toEqual([
      ['Renata Sokolova', 4],
      ['Theo Lindqvist', 5],
      ['Mirela Achebe', 3],
    ]);
    const theo = views.coaches!.find((c) => c.coach === 'Theo Lindqvist')!;
    expect(theo.teams.map((t) => t.team)).toEqual(coachTeams('Theo Lindqvist'));
    expect(theo.schools).toEqual(['Lakeside Elementary', 'Northview Middle School']);
  });
});

type Grid = CellValue[][];

/** The Coach View against the hand figures of the coach chosen in B3; mismatches in words. */
function checkCoachView(grid: Grid, coach: string): string[] {
  const bad: string[] = [];
  expect(grid[2][1]).toBe(coach);
  const header = grid[5].slice(0, 7);
  expect(header).toEqual(['Team', ...MEASURES, ...COMPONENTS]);
  const teams = coachTeams(coach);
  for (let s = 0; s < 5; s++) {
    const row = grid[6 + s] ?? [];
    const team = teams[s];
    if (team === undefined) {
      // An empty slot: no team, no figure.
      if (row.slice(0, 7).some((v) => v !== null && v !== ''))
        bad.push(`slot ${s + 1}: ${JSON.stringify(row)}`);
      continue;
    }
    if (row[0] !== team) bad.push(`slot ${s + 1}: ${String(row[0])} ≠ ${team}`);
    const h = teamByHand(team);
    [...MEASURES, ...COMPONENTS].forEach((m, k) => {
      if (!close(row[1 + k], h.get(m)!.change))
        bad.push(`${team} ${m} change: ${String(row[1 + k])} ≠ ${h.get(m)!.change}`);
    });
    // The team's block: its name, then its students' and practice tables (n, before, after, change).
    const top = grid.findIndex((r, i) => i > 11 && r?.[0] === team);
    if (top < 0) {
      bad.push(`${team}: no block`);
      continue;
    }
    for (const [title, names] of [
      ["Students' scores", MEASURES],
      ['Practice (rating)', COMPONENTS],
    ] as const) {
      const t = grid.findIndex((r, i) => i > top && r?.[0] === title);
      names.forEach((m, k) => {
        const r = grid[t + 1 + k];
        const e = h.get(m)!;
        const ok =
          r?.[0] === m &&
          r[1] === e.n &&
          close(r[2], e.preMean) &&
          close(r[3], e.postMean) &&
          close(r[4], e.change);
        if (!ok) bad.push(`${team} ${title} ${m}: ${JSON.stringify(r)} ≠ ${JSON.stringify(e)}`);
      });
    }
    const goalsRow = grid.findIndex((r, i) => i > top && r?.[0] === 'Team goals');
    const want = `T${['Cedar Grade 2', 'Cedar Grade 3', 'Cedar Grade 4', 'Cedar Grade 5', 'Lakeside Grade 2', 'Lakeside Grade 3', 'Lakeside Grade 4', 'Lakeside Grade 5', 'Northview Grade 6', 'Northview Grade 7', 'Northview Grade 8', 'Northview Literacy Lab'].indexOf(team) + 1}`;
    if (grid[goalsRow]?.[1] !== want)
      bad.push(`${team} goals: ${String(grid[goalsRow]?.[1])} ≠ ${want}`);
  }
  return bad;
}

(noLibreOffice() ? describe.skip : describe)('the Coach View recalculated by LibreOffice', () => {
  it('shows the first coach’s teams as worked by hand', async () => {
    const book = await recalculateXlsx(out);
    const grid = book.get('Coach View')!;
    expect(checkCoachView(grid, 'Renata Sokolova')).toEqual([]);
    // The front sheet lists it.
    expect(book.get('Throughline')!.some((r) => r?.[0] === 'Coach View')).toBe(true);
  }, 300_000);

  it('follows the drop-down: B3 set to Mirela Achebe (three teams, two empty slots)', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    wb.getWorksheet('Coach View')!.getCell('B3').value = 'Mirela Achebe';
    const changed = path.join(dir, 'changed.xlsx');
    await wb.xlsx.writeFile(changed);
    const grid = (await recalculateXlsx(changed)).get('Coach View')!;
    expect(checkCoachView(grid, 'Mirela Achebe')).toEqual([]);
  }, 300_000);
});
