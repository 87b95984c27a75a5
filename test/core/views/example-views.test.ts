/**
 * Issue 20, the views in the JSON report, worked by hand on the example district: every
 * expected figure is computed here from the input sheets' cells (read with exceljs, not through
 * the engine) or taken from the goals the generator plants by design (its header).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { expect } from '../../support/expect';
import { Capture } from '../../support/capture';
import { main } from '../../../src/cli/main';
import type { Views } from '../../../src/core/views';
import { SAMPLE } from '../../examples/workbook';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-views-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Row = (string | number | null)[];
let students: Row[] = [];
let educators: Row[] = [];
let studentHeader: Row = [];
let views: Views;

const cell = (v: unknown): string | number | null =>
  v === null || v === undefined ? null : typeof v === 'number' ? v : String(v);

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(SAMPLE);
  const rows = (sheet: string) => {
    const out: Row[] = [];
    wb.getWorksheet(sheet)!.eachRow((row, r) => {
      if (r > 1) out.push((row.values as unknown[]).slice(1).map(cell));
    });
    return out;
  };
  studentHeader = (wb.getWorksheet('Students')!.getRow(1).values as unknown[]).slice(1).map(cell);
  students = rows('Students');
  educators = rows('Educators');
  const json = path.join(dir, 'r.json');
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(['analyze', SAMPLE, '--json', json], { stdout, stderr });
  expect(code, stderr.text).toBe(0);
  views = JSON.parse(readFileSync(json, 'utf8')).views;
}, 120_000);

// Students: A ID, B School, C Team, D Teacher, … then the score columns, found by their headers.
const column = (name: string): number => {
  const i = studentHeader.indexOf(name);
  if (i < 0) throw new Error(`no column ${name} on Students`);
  return i;
};
let READ: number[] = [];
beforeAll(() => {
  READ = [column('Reading Fall (0-100)'), column('Reading Spring (0-100)')];
});
/** A score the engine keeps: a number from 0 to 100 (blank, "NA", "7O", 105 are not). */
const ok = (v: string | number | null): v is number => typeof v === 'number' && v >= 0 && v <= 100;
/** Students of `keep`, each ID once (row 403 repeats row 402's ID: the first is kept). */
function studentsWhere(keep: (r: Row) => boolean): Row[] {
  const seen = new Set<string | number | null>();
  return students.filter((r) => {
    if (seen.has(r[0])) return false;
    seen.add(r[0]);
    return keep(r);
  });
}
/** Mean pre, post and change over the rows with both scores, by hand. */
function means(rows: Row[], [pre, post]: number[]) {
  const pairs = rows.filter((r) => ok(r[pre]) && ok(r[post]));
  const sum = (k: number) => pairs.reduce((s, r) => s + (r[k] as number), 0);
  return { n: pairs.length, preMean: sum(pre) / pairs.length, postMean: sum(post) / pairs.length };
}

describe('views on the example district', () => {
  it('an educator: Samuel Brooks (owner of I3, Northview Grade 6)', () => {
    const v = views.educators.find((e) => e.educator === 'Samuel Brooks')!;
    const row = educators.find((r) => r[0] === 'Samuel Brooks')!;
    // Educators: A name, B team, C school, D role, E coach, F PD hours, then fall/spring per
    // component.
    expect([v.team, v.school, v.pdHours]).toEqual([row[1], row[2], row[5]]);
    const components = ['Questioning', 'Discussion', 'Feedback', 'Classroom Environment'];
    expect(v.practice).toEqual(
      components.map((component, k) => ({
        component,
        pre: row[6 + 2 * k],
        post: row[7 + 2 * k],
        change: (row[7 + 2 * k] as number) - (row[6 + 2 * k] as number),
      })),
    );
    const mine = studentsWhere((r) => r[3] === 'Samuel Brooks');
    const hand = means(mine, READ);
    const reading = v.students.find((s) => s.measure === 'Reading' && s.group === null)!;
    expect(reading.n).toBe(hand.n);
    expect(reading.preMean).toBeCloseTo(hand.preMean, 10);
    expect(reading.postMean).toBeCloseTo(hand.postMean, 10);
    expect(reading.meanDiff).toBeCloseTo(hand.postMean - hand.preMean, 10);
    const girls = v.students.find((s) => s.measure === 'Reading' && s.group?.value === 'F')!;
    expect(girls.n).toBe(
      means(
        mine.filter((r) => r[5] === 'F'),
        READ,
      ).n,
    );
    // By design: I3 → T9 (Northview Grade 6); Northview's school goals are S4 and S5.
    expect(v.goals).toEqual({ own: ['I3'], team: ['T9'], school: ['S4', 'S5'] });
    // Northview Grade 6 shares a weak Questioning score (generator: collective need).
    expect(v.needs.find((n) => n.component === 'Questioning')?.kind).toBe('team learning');
  });

  it("a coach's team: Lakeside Grade 4, practice and student change side by side", () => {
    const v = views.teams.find((t) => t.team === 'Lakeside Grade 4')!;
    const team = educators.filter((r) => r[1] === 'Lakeside Grade 4');
    expect(v.educators).toBe(5);
    const q = v.practice.find((p) => p.component === 'Questioning')!;
    // Questioning Fall and Spring are G and H (after the coach in E and the PD hours in F).
    const qPre = team.reduce((s, r) => s + (r[6] as number), 0) / 5;
    const qPost = team.reduce((s, r) => s + (r[7] as number), 0) / 5;
    expect([q.n, q.preMean, q.postMean]).toEqual([5, qPre, qPost]);
    const hand = means(
      studentsWhere((r) => r[2] === 'Lakeside Grade 4'),
      READ,
    );
    const reading = v.students.find((s) => s.measure === 'Reading')!;
    expect(reading.n).toBe(hand.n);
    expect(reading.meanDiff).toBeCloseTo(hand.postMean - hand.preMean, 10);
    expect(v.sharedNeeds).toContain('Questioning');
    expect(v.goals).toEqual(['T7']);
    expect(v.school).toBe('Lakeside Elementary');
  });

  it('a school: Northview Middle School', () => {
    const v = views.schools.find((s) => s.school === 'Northview Middle School')!;
    const rows = studentsWhere((r) => r[1] === 'Northview Middle School');
    const hand = means(rows, READ);
    const reading = v.students.find((s) => s.measure === 'Reading')!;
    expect(reading.n).toBe(hand.n);
    expect(reading.meanDiff).toBeCloseTo(hand.postMean - hand.preMean, 10);
    const [pre, post] = READ;
    const pairs = rows.filter((r) => ok(r[pre]) && ok(r[post]));
    const proficient = pairs.filter((r) => (r[post] as number) >= 70).length / pairs.length;
    expect(reading.pctProficientPost).toBeCloseTo(proficient, 10);
    expect([...v.teams].sort()).toEqual([
      'Northview Grade 6',
      'Northview Grade 7',
      'Northview Grade 8',
      'Northview Literacy Lab',
    ]);
    expect(v.goals).toEqual(['S4', 'S5']);
  });

  it('the district: unsupported D3, four orphans, two duplicated efforts, coherence 17/21', () => {
    const d = views.district;
    expect(d.schools.length).toBe(3);
    expect(d.unsupported).toEqual(['D3']);
    expect([...d.orphans].sort()).toEqual(['T10', 'T3', 'T4', 'T7']);
    const dup = d.duplicates.map((x) =>
      [...x.goals].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).join('+'),
    );
    expect(dup.sort()).toEqual(['T7+T8', 'T9+T11']);
    // Below district: 5 school + 12 team + 4 individual goals = 21; 4 orphans → 17 connected.
    expect(d.coherence).toBeCloseTo(17 / 21, 12);
  });
});
