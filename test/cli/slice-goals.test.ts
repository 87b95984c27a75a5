/**
 * Issue 20 (brief B, item 1): a slice's goals are the full run's. Goals are suggested on every
 * record (district baselines, tiers, growth references, ranking), then the slice keeps its own:
 * each goal in a team's, a school's or an educator's slice has the same ID, baseline, target and
 * statement as the goal of that ID in the full run, and the slice holds every goal of the full
 * run that is its own (its teams' team goals, its educators' individual goals). IDs are not
 * renumbered: S3 in a slice is S3 in the full workbook.
 *
 * Who is in which team and school is read from the input sheets (exceljs), not through the
 * engine; the slice's goals are compared with the full run's, so no figure here is copied.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { Capture } from '../support/capture';
import { main } from '../../src/cli/main';
import { SAMPLE } from '../examples/workbook';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-slice-goals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Goal {
  id: string;
  level: string;
  team: string | null;
  groups: { column: string; value: string }[];
  groupLabel: string;
  baseline: { metric: string; value: number };
  target: { value: number; method: string };
  statement: string;
  baselineText: string;
  targetText: string;
  school: string | null;
}

async function goalsOf(label: string, extra: string[]): Promise<Goal[]> {
  const json = path.join(dir, `${label}.json`);
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(['analyze', SAMPLE, '--json', json, ...extra], { stdout, stderr });
  expect(code, stderr.text).toBe(0);
  return JSON.parse(readFileSync(json, 'utf8')).goals;
}

let educators: { name: string; team: string; school: string }[] = [];
let full: Goal[] = [];

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(SAMPLE);
  educators = (wb.getWorksheet('Educators')!.getSheetValues() as unknown[][])
    .slice(2)
    .filter(Boolean)
    .map((r) => ({ name: String(r[1]), team: String(r[2]), school: String(r[3]) }));
  full = await goalsOf('full', []);
}, 120_000);

/** What a goal shows a person: its figures and words, not where it ranks. */
const figures = (g: Goal) => ({
  id: g.id,
  level: g.level,
  team: g.team,
  groups: g.groups,
  baseline: g.baseline,
  target: g.target,
  statement: g.statement,
  baselineText: g.baselineText,
  targetText: g.targetText,
});

async function check(label: string, slice: string, own: (g: Goal) => boolean) {
  const sliced = await goalsOf(label, ['--slice', slice]);
  const expected = full.filter(own).map(figures);
  expect(sliced.map(figures)).toEqual(expected);
  return sliced;
}

describe('a slice keeps the full run’s goals, figure for figure', () => {
  it('a team: Lakeside Grade 4 (its team goals and its educators’ individual goals)', async () => {
    const team = 'Lakeside Grade 4';
    const members = educators.filter((e) => e.team === team).map((e) => e.name);
    const sliced = await check('team', `team="${team}"`, (g) =>
      g.level === 'team'
        ? g.team === team
        : g.level === 'individual' && members.includes(g.groupLabel),
    );
    expect(sliced.filter((g) => g.level === 'team').length).toBeGreaterThanOrEqual(2);
    expect(sliced.some((g) => g.level === 'individual')).toBe(true);
  }, 120_000);

  it('a school: Northview Middle School (its teams’ goals and its educators’)', async () => {
    const school = 'Northview Middle School';
    const teams = new Set(educators.filter((e) => e.school === school).map((e) => e.team));
    const members = educators.filter((e) => e.school === school).map((e) => e.name);
    const sliced = await check('school', `school=${school}`, (g) =>
      g.level === 'individual' ? members.includes(g.groupLabel) : teams.has(g.team ?? ''),
    );
    expect(new Set(sliced.map((g) => g.team)).size).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('an educator: a Lakeside Grade 4 teacher with an individual goal', async () => {
    const team = educators.filter((e) => e.team === 'Lakeside Grade 4').map((e) => e.name);
    const name = full.find(
      (g) => g.level === 'individual' && team.includes(g.groupLabel),
    )!.groupLabel;
    const sliced = await check(
      'educator',
      `educator=${name}`,
      (g) => g.level === 'individual' && g.groupLabel === name,
    );
    expect(sliced.length).toBe(1);
  }, 120_000);
});
