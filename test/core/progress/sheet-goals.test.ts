/**
 * Goals of a person's own Goals sheet tracked as adopted goals are (issue 19 item 1), with school
 * and district goals in plain numbers (item 5), through analyze() on a workbook written here.
 * Every figure is worked by hand from the data (docs/progress.md):
 *
 * 24 students S1…S24, odd i in team Blue, even i in team Gold, all at school Oak; Reading fall
 * 40 + i; winter 50 + i (Blue) or 38 + i (Gold). Two windows of three in the year: by winter half
 * the growth is expected; watch from baseline + ½ (expected − baseline).
 *   Blue   fall 40 + 12   = 52,   winter 62.
 *   Gold   fall 40 + 13   = 53,   winter 51.
 *   All    fall 40 + 12.5 = 52.5, winter (12 × 62 + 12 × 51) / 24 = 56.5.
 */
import { describe, expect, it } from '@jest/globals';
import { analyze } from '../../../src/core/analyze';
import type { GoalProgress } from '../../../src/core/progress';
import type { RawTable } from '../../../src/core/types';

function students(): RawTable {
  const values: (string | number)[][] = [
    ['Student ID', 'Team', 'School', 'Reading Fall', 'Reading Winter'],
  ];
  for (let i = 1; i <= 24; i++)
    values.push([`S${i}`, i % 2 ? 'Blue' : 'Gold', 'Oak', 40 + i, i % 2 ? 50 + i : 38 + i]);
  return { sheet: 'Students', values, firstRow: 1, firstColumn: 1 };
}

const HEAD = ['Goal ID', 'Level', 'School', 'Team', 'Goal', 'Focus', 'Student group', 'Target'];

function goals(rows: (string | number | null)[][], head = HEAD): RawTable {
  return { sheet: 'Goals', values: [head, ...rows], firstRow: 1, firstColumn: 1 };
}

const ROWS: (string | number | null)[][] = [
  ['D1', 'District', null, null, 'Reading up district-wide.', 'Reading', 'All students', 60],
  ['S1', 'School', 'Oak', null, 'Oak reads better.', 'Reading', 'All students', 70],
  ['T1', 'Team', 'Oak', 'Blue', 'Blue grows in reading.', 'Reading', 'All students', 69],
  ['T2', 'Team', 'Oak', 'Gold', 'Gold grows in reading.', 'Reading comprehension', null, 58],
  ['T3', 'Team', 'Oak', 'Blue', 'Blue literacy.', 'Literacy', 'All students', 70],
  ['T4', 'Team', 'Oak', 'Gold', 'Gold without a target.', 'Reading', 'All students', null],
  ['T5', 'Team', 'Oak', 'Gold', 'Gold EL.', 'Reading', 'English learners', 60],
];

function run(tables: RawTable[]): GoalProgress[] {
  const out = analyze({
    tables,
    now: new Date('2027-01-20T10:00:00Z'),
    existingSheets: tables.map((t) => t.sheet),
    state: null,
  });
  return out.report.progress ?? [];
}

const byId = (ps: GoalProgress[], id: string) => ps.find((p) => p.goal === id)!;

describe('goals of the Goals sheet', () => {
  const progress = run([students(), goals(ROWS)]);

  it('lists every goal of a sheet with a Target column, tracked or not, with nothing adopted', () => {
    expect(progress.map((p) => p.goal).sort()).toEqual(['D1', 'S1', 'T1', 'T2', 'T3', 'T4', 'T5']);
  });

  it("tracks a team's goal: Blue on track, Gold off track (its focus names the measure as a word)", () => {
    // Blue: expected 52 + ½ (69 − 52) = 60.5; 62 ≥ 60.5.
    const t1 = byId(progress, 'T1');
    expect([t1.level, t1.team, t1.measure, t1.metric, t1.target]).toEqual([
      'team',
      'Blue',
      'Reading',
      'mean',
      69,
    ]);
    expect(t1.windows.map((w) => [w.n, w.value])).toEqual([
      [12, 52],
      [12, 62],
    ]);
    expect(t1.windows[1].expected).toBeCloseTo(60.5, 12);
    expect(t1.status).toBe('on track');
    // Gold: 51 is below its own baseline 53: off track.
    const t2 = byId(progress, 'T2');
    expect([t2.measure, t2.groupLabel, t2.status]).toEqual([
      'Reading',
      'All students',
      'off track',
    ]);
    expect(t2.windows[1].expected).toBeCloseTo(53 + 0.5 * (58 - 53), 12);
  });

  it('gives a school and the district their figures in plain numbers over all their students', () => {
    // District: expected 52.5 + ½ (60 − 52.5) = 56.25; 56.5 ≥ 56.25: on track.
    const d1 = byId(progress, 'D1');
    expect([d1.level, d1.team]).toEqual(['district', null]);
    expect(d1.windows.map((w) => [w.n, w.value])).toEqual([
      [24, 52.5],
      [24, 56.5],
    ]);
    expect(d1.windows[1].expected).toBeCloseTo(56.25, 12);
    expect(d1.status).toBe('on track');
    // School Oak: expected 52.5 + ½ (70 − 52.5) = 61.25; watch from 52.5 + ½ (61.25 − 52.5)
    // = 56.875; 56.5 is below: off track.
    const s1 = byId(progress, 'S1');
    expect([s1.level, s1.team]).toEqual(['school', 'Oak']);
    expect(s1.windows.map((w) => [w.n, w.value])).toEqual([
      [24, 52.5],
      [24, 56.5],
    ]);
    expect(s1.windows[1].expected).toBeCloseTo(61.25, 12);
    expect(s1.status).toBe('off track');
  });

  it('lists a goal it cannot track as not tracked, with the reason', () => {
    const why = (id: string) => {
      const p = byId(progress, id);
      return [p.notTracked, p.status, p.windows.length, p.undefinedReason];
    };
    expect(why('T4')).toEqual([true, null, 0, 'no target']);
    expect(why('T3')).toEqual([true, null, 0, 'its focus "Literacy" names no measure of the data']);
    expect(why('T5')).toEqual([
      true,
      null,
      0,
      'its student group "English learners" is not written as column: value (e.g. "EL: Y")',
    ]);
  });

  it('the Progress sheet: the school goal in plain numbers, a not-tracked goal with its reason', () => {
    const out = analyze({
      tables: [students(), goals(ROWS)],
      now: new Date('2027-01-20T10:00:00Z'),
      existingSheets: ['Students', 'Goals'],
      state: null,
    });
    const plan = out.plans.find((x) => x.key === 'progress')!;
    const at = (title: string) => plan.cells.findIndex((r) => String(r[0]).startsWith(title));
    const s1 = at('S1 · Oak · Reading');
    // Title, header, then fall and winter: Impact Data has no school column, so the engine's
    // numbers are written, not formulas.
    expect(plan.cells[s1 + 3].slice(0, 7)).toEqual([
      'Reading Winter',
      24,
      56.5,
      0.5,
      61.25,
      70,
      'off track',
    ]);
    expect(plan.cells[at('T4 · ') + 1][0]).toBe('Not tracked: no target.');
    expect(plan.charts!.length).toBe(4); // D1, S1, T1, T2: the goals with figures
  });

  it('reads a target written as a percent as a share proficient', () => {
    const [p] = run([
      students(),
      goals([['T9', 'Team', 'Oak', 'Blue', 'Share.', 'Reading', 'All students', '60%']]),
    ]);
    expect([p.metric, p.target]).toEqual(['pctProficient', 0.6]);
  });

  it('tracks nothing from a Goals sheet without a Target column', () => {
    const head = HEAD.slice(0, 7);
    expect(
      run([
        students(),
        goals(
          ROWS.map((r) => r.slice(0, 7)),
          head,
        ),
      ]),
    ).toEqual([]);
  });
});
