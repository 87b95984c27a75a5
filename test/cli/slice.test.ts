/**
 * Issue 20, "share a slice": a sliced workbook holds no name outside its slice. The written
 * .xlsx is unzipped and every part searched — every cell (shared and inline strings), every
 * sheet name and defined name (workbook.xml), charts' caches, drawing text and the document
 * properties — for any student ID, educator name, team name or school name outside the slice.
 * What is inside the slice must be found there (else the search could not fail).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { Capture } from '../support/capture';
import { main } from '../../src/cli/main';
import { SAMPLE } from '../examples/workbook';
import {
  districtPeople,
  found,
  leaksIn,
  partsText,
  split as splitPeople,
  type Case as PeopleCase,
  type People,
} from '../support/slice-search';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-slice-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(argv, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

let people: People;
beforeAll(async () => {
  people = await districtPeople(SAMPLE);
});

interface Case extends PeopleCase {
  slice: () => string;
}
const split = (c: Case) => splitPeople(people, c);

async function checkSlice(label: string, c: Case) {
  const out = path.join(dir, `${label}.xlsx`);
  const json = path.join(dir, `${label}.json`);
  const r = await run(['analyze', SAMPLE, '--slice', c.slice(), '--out', out, '--json', json]);
  expect(r.code, r.stderr).toBe(0);
  const texts = partsText(out, dir);
  texts.set('(the JSON report)', readFileSync(json, 'utf8'));
  const { inside, outside } = split(c);
  expect(leaksIn(texts, outside), 'names outside the slice').toEqual([]);
  // The search sees cell text: the slice's own people are there.
  const all = [...inside.ids, ...inside.educators, ...inside.teams, ...inside.coaches];
  const seen = found(texts, all);
  const missing = all.filter((n) => !seen.has(n));
  expect(missing, 'names of the slice not found in the workbook').toEqual([]);
  return { texts, inside, report: JSON.parse(readFileSync(json, 'utf8')) };
}

describe('--slice writes a workbook with no name outside the slice', () => {
  it('(the search finds them in an unsliced workbook: it can fail)', async () => {
    const out = path.join(dir, 'whole.xlsx');
    const r = await run(['analyze', SAMPLE, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const team = 'Lakeside Grade 4';
    const { outside } = split({
      slice: () => '',
      inStudent: (s) => s.team === team,
      inEducator: (e) => e.team === team,
    });
    const leaks = leaksIn(partsText(out, dir), outside);
    const n =
      new Set(outside.ids).size +
      new Set(outside.educators).size +
      new Set(outside.teams).size +
      new Set(outside.coaches).size;
    expect(new Set(outside.coaches).size).toBe(2);
    expect(leaks.length).toBe(n);
  }, 120_000);

  it('a team: Lakeside Grade 4', async () => {
    const team = 'Lakeside Grade 4';
    const { inside, report } = await checkSlice('team', {
      slice: () => `team="${team}"`,
      inStudent: (s) => s.team === team,
      inEducator: (e) => e.team === team,
    });
    expect(inside.educators.length).toBe(5);
    expect(report.slice).toEqual({
      kind: 'team',
      name: team,
      teams: [team],
      schools: ['Lakeside Elementary'],
    });
    // District goals, Lakeside's school goals, the team's own goal: D1–D3, S2, S3, T7.
    const ids = report.alignment.goals
      .map((g: { id: string }) => g.id)
      .filter((id: string) => !id.startsWith('Suggested'));
    expect(ids).toEqual(['D1', 'D2', 'D3', 'S2', 'S3', 'T7']);
  }, 120_000);

  it('a school: Northview Middle School', async () => {
    const school = 'Northview Middle School';
    const { inside } = await checkSlice('school', {
      slice: () => `school=${school}`,
      inStudent: (s) => s.school === school,
      inEducator: (e) => e.school === school,
    });
    expect(inside.teams.length).toBe(4);
  }, 120_000);

  it('an educator: the owner of individual goal I3 (not her team lead)', async () => {
    const name = () => people.goals.find((g) => g.id === 'I3')!.owner;
    const { inside, report } = await checkSlice('educator', {
      slice: () => `educator=${name()}`,
      inStudent: (s) => s.teacher === name(),
      inEducator: (e) => e.name === name(),
    });
    expect(inside.ids.length).toBe(25);
    // Her goal, her team's (owned by the team lead: shown without the owner), her school's.
    const ids = report.alignment.goals
      .map((g: { id: string }) => g.id)
      .filter((id: string) => !id.startsWith('Suggested'));
    expect(ids).toEqual(['D1', 'D2', 'D3', 'S4', 'S5', 'T9', 'I3']);
  }, 120_000);
});

describe("--slice coach=: a coach's teams", () => {
  it('a coach: Theo Lindqvist (five teams in two schools)', async () => {
    const coach = 'Theo Lindqvist';
    const teams = () =>
      new Set(people.educators.filter((e) => e.coach === coach).map((e) => e.team));
    const { inside, report } = await checkSlice('coach', {
      slice: () => `coach="${coach}"`,
      inStudent: (s) => teams().has(s.team),
      inEducator: (e) => e.coach === coach,
    });
    expect(inside.educators.length).toBe(25);
    const sorted = (xs: string[]) => [...xs].sort();
    expect({
      ...report.slice,
      teams: sorted(report.slice.teams),
      schools: sorted(report.slice.schools),
    }).toEqual({
      kind: 'coach',
      name: coach,
      teams: sorted([...teams()]),
      schools: ['Lakeside Elementary', 'Northview Middle School'],
    });
    // The generator's goals: the district's, her teams' schools' (S2, S3; S4, S5), her teams'
    // (T5–T8 Lakeside, T12 the Literacy Lab) and their members' individual goals (I2 → T6, I4 → T12).
    const ids = report.alignment.goals
      .map((g: { id: string }) => g.id)
      .filter((id: string) => !id.startsWith('Suggested'));
    expect([...ids].sort()).toEqual(
      ['D1', 'D2', 'D3', 'S2', 'S3', 'S4', 'S5', 'T5', 'T6', 'T7', 'T8', 'T12', 'I2', 'I4'].sort(),
    );
    // Her view in the slice: her five teams, and no other coach.
    expect(report.views.coaches.map((c: { coach: string }) => c.coach)).toEqual([coach]);
  }, 120_000);

  it('an unknown coach stops with the closest names', async () => {
    const r = await run([
      'analyze',
      SAMPLE,
      '--slice',
      'coach=Theo Lindkvist',
      '--json',
      path.join(dir, 'c.json'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /No coach in the data is called "Theo Lindkvist"; the closest names are "Theo Lindqvist"/,
    );
  });
});

describe('--slice of a name the data does not hold stops (exit 2) with the closest names', () => {
  it('a team', async () => {
    const r = await run([
      'analyze',
      SAMPLE,
      '--slice',
      'team=Lakeside Grade 9',
      '--json',
      path.join(dir, 'x.json'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').pop()).toBe(
      'throughline: No team in the data is called "Lakeside Grade 9"; the closest names are "Lakeside Grade 4", "Lakeside Grade 2", "Lakeside Grade 3", "Lakeside Grade 5".',
    );
  });
  it('an educator, misspelt', async () => {
    const r = await run([
      'analyze',
      SAMPLE,
      '--slice',
      'educator=Ana Alvares',
      '--json',
      path.join(dir, 'y.json'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /No educator in the data is called "Ana Alvares"; the closest names are "Ana Alvarez"/,
    );
  });
  it('a slice that is not KIND=NAME', async () => {
    const r = await run([
      'analyze',
      SAMPLE,
      '--slice',
      'grade=4',
      '--json',
      path.join(dir, 'z.json'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--slice must be team="NAME", school="NAME", educator="NAME" or coach="NAME", got "grade=4"/,
    );
  });
});
