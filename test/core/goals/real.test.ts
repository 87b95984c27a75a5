/**
 * Acceptance on real inputs: mlmRev Exam (schools as teams, standLRT → normexam, no max, no cut:
 * observed-growth targets) and the example district. The ranked goals are recomputed here by a
 * separate, plain computation over the intake's Datasets (not by the goal module), and every
 * statement must quote its baseline and target exactly as the sheet formats them.
 * Files are read in beforeAll, never while Jest collects the tests. Exam is the project's copy
 * (examples/exam/mlmRev_Exam.csv; the data README marks it "copy"), so it always runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, it } from '@jest/globals';
import { expect } from '../../support/expect';
import type { MappingConfig } from '../../../src/core/config';
import type { Dataset } from '../../../src/core/dataset';
import { buildGoalPlans, suggestGoals, type GoalsResult } from '../../../src/core/goals';
import { detectConfig, readDatasets } from '../../../src/core/intake';
import { OUTPUT_SHEETS, type SheetNames } from '../../../src/core/plans/names';
import { openWorkbookFiles } from '../../../src/files/source';
import { projectTable } from '../intake/shared-data';

const now = new Date('2026-11-23T10:00:00Z');

// Plain helpers, written again here on purpose.
const avg = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: number[]) =>
  Math.sqrt(v.reduce((a, b) => a + (b - avg(v)) ** 2, 0) / (v.length - 1));
const q7 = (v: number[], p: number) => {
  const s = [...v].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[lo + 1] ?? s[lo]) - s[lo]);
};
/** What a cell with this Excel format shows (0.0%, 0.0 or 0.00). */
const shown = (v: number, excel: string) =>
  excel === '0.0%'
    ? `${(Math.round(v * 1000 + 1e-9) / 10).toFixed(1)}%`
    : (Math.round(v * 10 ** (excel.length - 2)) / 10 ** (excel.length - 2))
        .toFixed(excel.length - 2)
        .replace(/^-(0\.0+)$/, '$1');

interface Plain {
  team: string;
  group: string;
  post: number[];
  priority: number;
  /** Whether a goal may go to the group: everyone, the yes side of a Y/N column, else a group below the rest of its team. */
  focal: boolean;
}

const YES = /^(y|yes|true|1)$/i;
const isFlag = (labels: string[]) =>
  labels.some((l) => YES.test(l)) &&
  labels.every((l) => YES.test(l) || /^(n|no|false|0)$/i.test(l));

/** Every team × group need of one student measure, by the documented rule, computed plainly. */
/** Records of a goal's group ("SWD: Y"; "All students" is everyone). */
function inGroup(ds: Dataset, label: string): (i: number) => boolean {
  if (label === 'All students') return () => true;
  const at = label.indexOf(': ');
  const sg = ds.subgroups.find((x) => x.column === label.slice(0, at))!;
  const c = sg.labels.indexOf(label.slice(at + 2));
  return (i) => sg.codes[i] === c;
}

function plainNeeds(ds: Dataset, m: number, bar: number | null): Plain[] {
  const all: number[] = [];
  for (let i = 0; i < ds.size; i++)
    if (Number.isFinite(ds.measures[m].post[i])) all.push(ds.measures[m].post[i]);
  const dm = avg(all);
  const dsd = sd(all);
  const cut = bar ?? dm;
  const out: Plain[] = [];
  ds.team!.labels.forEach((team, k) => {
    type Focal = (post: number[], postOf: (member: (i: number) => boolean) => number[]) => boolean;
    const groups: [string, (i: number) => boolean, Focal][] = [
      ['All students', () => true, () => true],
    ];
    for (const sg of ds.subgroups)
      sg.labels.forEach((l, c) =>
        groups.push([
          `${sg.column}: ${l}`,
          (i) => sg.codes[i] === c,
          (post, postOf) => {
            if (isFlag(sg.labels)) return YES.test(l);
            const rest = postOf((i) => sg.codes[i] >= 0 && sg.codes[i] !== c);
            const ss = (v: number[]) => v.reduce((a, x) => a + (x - avg(v)) ** 2, 0);
            const pooled = Math.sqrt((ss(post) + ss(rest)) / (post.length + rest.length - 2));
            return rest.length > 0 && pooled > 0 && avg(post) < avg(rest);
          },
        ]),
      );
    const postOf = (member: (i: number) => boolean) => {
      const post: number[] = [];
      for (let i = 0; i < ds.size; i++)
        if (ds.team!.codes[i] === k && member(i) && Number.isFinite(ds.measures[m].post[i]))
          post.push(ds.measures[m].post[i]);
      return post;
    };
    for (const [group, member, focal] of groups) {
      const post = postOf(member);
      if (post.length === 0) continue;
      const reach = post.filter((x) => x < cut).length;
      out.push({
        team,
        group,
        post,
        priority: reach * (reach / post.length + Math.max(0, -(avg(post) - dm) / dsd)),
        focal: focal(post, postOf),
      });
    }
  });
  return out;
}

function statementsQuoteTheSheet(result: GoalsResult) {
  const [plan] = buildGoalPlans(result, null as never, { ...OUTPUT_SHEETS } as SheetNames);
  result.suggestions.forEach((g, k) => {
    // Instruction on row 1, header on row 2: goal k on row k + 3.
    const row = plan.cells[k + 2];
    const fmt = plan.numberFormats!.find(
      (f) => f.rect.row === k + 3 && f.rect.column === 7,
    )!.format;
    const b = shown(row[6] as number, fmt);
    const t = shown(row[7] as number, fmt);
    // "from 49.1 to 52.3", or for a rubric share "from 0 of 5 (0.0%) to 3 of 5 (60.0%)"
    const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(g.statement, g.id).toMatch(
      new RegExp(
        `from (${esc(b)}|\\d+ of \\d+ \\(${esc(b)}\\)) to (${esc(t)}|\\d+ of \\d+ \\(${esc(t)}\\))`,
      ),
    );
  });
}

describe('mlmRev Exam by school (examples/exam/mlmRev_Exam.csv)', () => {
  let result: GoalsResult;
  let ds: Dataset;
  let m: Dataset['measures'][number];
  beforeAll(() => {
    const t = projectTable('examples/exam/mlmRev_Exam.csv');
    const config = detectConfig([t]).config;
    const { datasets } = readDatasets([t], config);
    result = suggestGoals({
      datasets,
      impact: [],
      goalsTable: null,
      templateTable: null,
      config,
      now,
    });
    ds = datasets[0];
    m = ds.measures[0];
  });

  it('ranks the needs as a plain recomputation does (reach below the district mean × severity)', () => {
    const plain = plainNeeds(ds, 0, null).filter((p) => p.priority > 0 && p.focal);
    plain.sort((a, b) => b.priority - a.priority);
    const top = result.suggestions.slice(0, 10);
    expect(top.map((g) => g.priority)).toEqual(
      plain.slice(0, 10).map((p) => expect.closeTo(p.priority, 9)),
    );
    expect(top.map((g) => `${g.team}/${g.groupLabel}`)).toEqual(
      plain.slice(0, 10).map((p) => `${p.team}/${p.group}`),
    );
  });
  it('targets by observed growth: baseline + the 75th percentile of the growth of schools with ≥ 10 pairs', () => {
    // A group's goal compares with the same group's growth in each school that has ≥ 10 pairs
    // of it (when two schools do), a whole school's with the schools' growth.
    const growthsOf = (member: (i: number) => boolean) => {
      const growths: number[] = [];
      ds.team!.labels.forEach((_, k) => {
        const d: number[] = [];
        for (let i = 0; i < ds.size; i++)
          if (ds.team!.codes[i] === k && member(i)) d.push(m.post[i] - m.pre[i]);
        if (d.length >= 10) growths.push(avg(d));
      });
      return growths;
    };
    const schools = growthsOf(() => true);
    for (const g of result.suggestions.filter((x) => x.population === 'students')) {
      const plain = plainNeeds(ds, 0, null).find(
        (p) => p.team === g.team && p.group === g.groupLabel,
      )!;
      const own = growthsOf(inGroup(ds, g.groupLabel));
      const growths = own.length >= 2 ? own : schools;
      expect(g.target.method).toBe('observed-growth');
      expect(g.baseline.value).toBeCloseTo(avg(plain.post), 12);
      expect(g.target.value).toBeCloseTo(avg(plain.post) + q7(growths, 0.75), 12);
      expect(growths.length).toBe(g.growthCheck.teams);
    }
  });
  it('each statement contains its baseline and target as formatted on the sheet', () =>
    statementsQuoteTheSheet(result));
  it('no per-student targets (no max): the Student Targets sheet says why', () => {
    expect(result.studentTargets.length).toBe(0);
    const plans = buildGoalPlans(result, null as never, { ...OUTPUT_SHEETS } as SheetNames);
    expect(String(plans[1].cells[1][0])).toContain('no measure uses the half-gap or tiered method');
  });
});

const districtFile = path.resolve(__dirname, '../../../examples/district-sample.xlsx');
const districtConfig = path.resolve(__dirname, '../../../examples/district-sample.config.json');
const haveDistrict = existsSync(districtFile) && existsSync(districtConfig);
if (!haveDistrict)
  console.warn('examples/district-sample.xlsx is absent: the district tests were SKIPPED');
(!haveDistrict ? describe.skip : describe)('the example district', () => {
  let intake: ReturnType<typeof readDatasets>;
  let result: GoalsResult;
  beforeAll(async () => {
    const source = await openWorkbookFiles([districtFile]);
    const tables = source.sheets.map((s) => s.table);
    const config = JSON.parse(readFileSync(districtConfig, 'utf8')) as MappingConfig;
    intake = readDatasets(tables, config);
    result = suggestGoals({
      datasets: intake.datasets,
      impact: [],
      goalsTable: intake.goalsTable,
      templateTable: intake.templateTable,
      config,
      now,
    });
  });

  it('student goals: observed growth in share proficient, priorities recomputed plainly (cut 70)', () => {
    const ds = intake.datasets.find((d) => d.population === 'students')!;
    const students = result.suggestions.filter((g) => g.population === 'students');
    expect(students.length).toBeGreaterThan(0);
    // D2 ("… by 12 points for students with disabilities") names SWD: Y on Math: priority × 2.
    const boost = (measure: string, group: string) =>
      measure === 'Math' && group === 'SWD: Y' ? 2 : 1;
    const share = (v: number[]) => v.filter((x) => x >= 70).length / v.length;
    // Each team's change in share proficient over its pairs (teams with ≥ 10 pairs).
    // A group's goal compares with the same group's change in each team with ≥ 10 pairs of it
    // (when two teams have that many), a whole team's with the teams' change.
    const teamPp = (m: number, member: (i: number) => boolean = () => true) =>
      ds.team!.labels.flatMap((_, k) => {
        const pre: number[] = [];
        const post: number[] = [];
        for (let i = 0; i < ds.size; i++) {
          const [x, y] = [ds.measures[m].pre[i], ds.measures[m].post[i]];
          if (ds.team!.codes[i] !== k || !member(i)) continue;
          if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
          pre.push(x);
          post.push(y);
        }
        return post.length >= 10 ? [share(post) - share(pre)] : [];
      });
    for (const g of students) {
      const m = ds.measures.findIndex((x) => x.name === g.measure);
      const plain = plainNeeds(ds, m, 70).find(
        (p) => p.team === g.team && p.group === g.groupLabel,
      )!;
      expect(plain.focal, g.id).toBe(true);
      expect(g.priority, g.id).toBeCloseTo(plain.priority * boost(g.measure, g.groupLabel), 9);
      expect(g.baseline.value).toBeCloseTo(share(plain.post), 12);
      const own = teamPp(m, inGroup(ds, g.groupLabel));
      const pp = own.length >= 2 ? own : teamPp(m);
      const grow = Math.min(q7(pp, 0.75), Math.max(...pp));
      expect(g.target).toEqual({
        value: expect.closeTo(share(plain.post) + grow, 12),
        method: 'observed-growth',
      });
      expect(g.due).toBe('2027-06-15');
    }
    // The student goals are the top of the plain ranking over both measures.
    const plain = [
      ...plainNeeds(ds, 0, 70).map((p) => ({ ...p, measure: ds.measures[0].name })),
      ...plainNeeds(ds, 1, 70).map((p) => ({ ...p, measure: ds.measures[1].name })),
    ]
      .map((p) => ({ ...p, priority: p.priority * boost(p.measure, p.group) }))
      .filter((p) => p.priority > 0 && p.focal)
      .sort((a, b) => b.priority - a.priority);
    expect(students.slice(0, 5).map((g) => `${g.team}/${g.measure}/${g.groupLabel}`)).toEqual(
      plain.slice(0, 5).map((p) => `${p.team}/${p.measure}/${p.group}`),
    );
  });
  it('issue 17 acceptance: no goal beyond reach, a goal for every school, SWD math in the top ten, no complement group', () => {
    expect(result.suggestions.filter((g) => g.growthCheck.label === 'beyond reach')).toEqual([]);
    const ds = intake.datasets.find((d) => d.population === 'students')!;
    const schools = new Set(result.suggestions.map((g) => g.school));
    for (const school of ds.school!.labels) expect(schools, school).toContain(school);
    const top10 = result.suggestions.slice(0, 10);
    expect(top10.some((g) => g.measure === 'Math' && g.groupLabel === 'SWD: Y')).toBe(true);
    // The "N" side of a flag column is a complement: never a goal.
    expect(result.suggestions.filter((g) => / N$/.test(g.groupLabel))).toEqual([]);
  });
  it('each statement contains its baseline and target as formatted on the sheet', () =>
    statementsQuoteTheSheet(result));
  it('relevance from the Goals sheet: reading → D1, math → D2, questioning practice → D3', () => {
    for (const g of result.suggestions.filter((x) => x.level !== 'individual')) {
      const want =
        g.measure === 'Reading'
          ? 'D1'
          : g.measure === 'Math'
            ? 'D2'
            : g.measure === 'Questioning' || g.measure === 'Discussion'
              ? 'D3'
              : null;
      expect(g.districtPriority?.id ?? null, g.id).toBe(want);
    }
  });
  it('shared and individual needs, worked out by hand from the Educators sheet', () => {
    const by = Object.fromEntries(result.learning.educators.map((e) => [e.educator, e]));
    // Cedar Grade 2, spring Q/D/F/CE: Ana 3,4,4,3; Ben 3,2,4,3; Carla 4,4,3,3; David 1,3,2,2;
    // Elena 4,3,3,3 → weakest: Ana Q+CE, Ben D, Carla F+CE, David Q, Elena D+F+CE.
    // CE is in 3 of 5 (> 2.5): shared; Q, D, F are in 2 of 5: individual.
    expect(result.learning.teams.find((t) => t.team === 'Cedar Grade 2')).toMatchObject({
      educators: 5,
      weakestComponent: 'Classroom Environment',
      shared: [{ component: 'Classroom Environment', count: 3 }],
    });
    expect(by['David Vargas'].needs).toMatchObject([
      { component: 'Questioning', shared: false, kind: 'individual learning' },
    ]);
    // Zoe Ford (Lakeside Grade 3: 1,3,2,3 → Q) is at another school with the same need.
    expect(by['David Vargas'].needs[0].peers).toContain('Zoe Ford');
    expect(by['David Vargas'].needs[0].peers).not.toContain('Farid Jones'); // same school
    // Cedar Grade 3: Farid 1,4,3,3 → Q; Grace 2,3,3,3 → Q; Hector 2,2,2,3 → Q+D+F; Irene 2,3,2,3 → Q+F;
    // Jamal 2,3,2,3 → Q+F. Q 5 of 5 and F 3 of 5 shared; Hector's D (1 of 5) individual.
    expect(result.learning.teams.find((t) => t.team === 'Cedar Grade 3')!.shared).toEqual([
      { component: 'Questioning', count: 5 },
      { component: 'Feedback', count: 3 },
    ]);
    expect(by['Hector Zhou'].needs.map((n) => [n.component, n.shared])).toEqual([
      ['Questioning', true],
      ['Discussion', false],
      ['Feedback', true],
    ]);
    // Northview Grade 6: Oscar 1,3,3,3 → Q; Paula 2,3,1,3 → F; Ruth 1,3,3,3 → Q; Samuel 2,2,3,3 → Q+D;
    // Tanya 2,3,3,3 → Q. Q 4 of 5 shared; Paula's F and Samuel's D individual.
    expect(by['Paula Ward'].needs).toMatchObject([{ component: 'Feedback', shared: false }]);
    expect(by['Samuel Brooks'].needs.map((n) => [n.component, n.shared])).toEqual([
      ['Questioning', true],
      ['Discussion', false],
    ]);
    // Team goals on these teams name the team's weakest component as the learning focus:
    // Cedar Grade 3 team means Q 1.8, D 2.8, F 2.2, CE 3 → Questioning.
    const g3 = result.suggestions.find(
      (g) => g.team === 'Cedar Grade 3' && g.population === 'students',
    );
    if (g3) expect(g3.learningFocus).toBe('Questioning');
  });
  it('the SMART Goal Form is filled in a copy for S1 (labels down A, values in B)', () => {
    expect(result.template.sheet).toBe('SMART Goal Form');
    expect(result.template.missing).toEqual([]);
    const goal = result.template.fields.find((f) => f.field === 'goal')!;
    expect([goal.labelRow, goal.labelColumn, goal.valueColumn, goal.status]).toEqual([
      5,
      1,
      2,
      'filled',
    ]);
    expect(result.template.cells[4][1]).toBe(result.suggestions[0].statement);
    expect(intake.templateTable!.values[4][1] ?? null).toBeNull(); // the user's sheet is untouched
  });
});
