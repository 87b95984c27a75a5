/**
 * Issue 20, the coach: `views.coaches` lists a coach's teams in the order the coach column
 * first names them, each the team's own view, with the progress of the team's tracked goals
 * (the latest window with data against the target). A small hand-built analysis: two teams of
 * one coach, one of another; a progress record written here for one team goal.
 */
import { describe, expect, it } from '@jest/globals';
import type { Categorical, Dataset } from '../../../src/core/dataset';
import type { GoalProgress } from '../../../src/core/progress/types';
import { buildViews } from '../../../src/core/views';

const cat = (column: string, values: string[]): Categorical => {
  const labels = [...new Set(values)];
  return { column, labels, codes: Int16Array.from(values.map((v) => labels.indexOf(v))) };
};

// Educators: Ann and Bo in Blue (coach Kim), Cy in Red (coach Lee), Di in Green (coach Kim).
const educators: Dataset = {
  population: 'educators',
  sheet: 'Staff',
  headerRow: 1,
  size: 4,
  rows: Int32Array.from([2, 3, 4, 5]),
  ids: ['Ann', 'Bo', 'Cy', 'Di'],
  idColumn: 'Name',
  team: cat('Team', ['Blue', 'Blue', 'Red', 'Green']),
  school: null,
  teacher: null,
  coach: cat('Coach', ['Kim', 'Kim', 'Lee', 'Kim']),
  subgroups: [],
  measures: [
    {
      name: 'Questioning',
      preColumn: 'Q fall',
      postColumn: 'Q spring',
      max: 4,
      proficient: null,
      pre: Float64Array.from([2, 3, 1, 2]),
      post: Float64Array.from([3, 3, 2, 4]),
    },
  ],
};

const progress = (team: string, status: GoalProgress['status']): GoalProgress => ({
  goal: `G-${team}`,
  level: 'team',
  team,
  measure: 'Reading',
  population: 'students',
  sheet: 'Students',
  groups: [],
  groupLabel: 'All students',
  metric: 'mean',
  statement: 'Reading +6',
  baseline: 50,
  adoptedBaseline: null,
  target: 56,
  cut: null,
  windows: [
    {
      window: 'Fall',
      n: 20,
      value: 50,
      share: 0,
      expected: 50,
      status: 'baseline',
      undefinedReason: null,
    },
    {
      window: 'Winter',
      n: 20,
      value: 53.5,
      share: 0.5,
      expected: 53,
      status,
      undefinedReason: null,
    },
    {
      window: 'Spring',
      n: 0,
      value: null,
      share: 1,
      expected: 56,
      status: null,
      undefinedReason: 'no data yet',
    },
  ],
  status,
  final: false,
  rule: '',
  behind: [],
  behindCount: 0,
  behindGroups: [],
  adjust: [],
  undefinedReason: null,
});

const views = (withCoach: boolean) =>
  buildViews({
    datasets: [withCoach ? educators : { ...educators, coach: null }],
    impact: [],
    goals: { learning: { educators: [], teams: [] } },
    alignment: { report: null, issues: [], analysis: null },
    progress: [progress('Blue', 'on track')],
  });

describe('views.coaches', () => {
  it("each coach's teams, the team views themselves, with their goals' progress", () => {
    const v = views(true);
    expect(v.coaches!.map((c) => [c.coach, c.teams.map((t) => t.team)])).toEqual([
      ['Kim', ['Blue', 'Green']],
      ['Lee', ['Red']],
    ]);
    const blue = v.coaches![0].teams[0];
    // Blue's Questioning by hand: before (2 + 3) / 2 = 2.5, after (3 + 3) / 2 = 3.
    expect(blue.practice[0]).toMatchObject({ n: 2, preMean: 2.5, postMean: 3, meanDiff: 0.5 });
    const { progress: p, ...team } = blue;
    expect(team).toEqual(v.teams.find((t) => t.team === 'Blue'));
    // The latest window with data is Winter (Spring has none yet).
    expect(p).toEqual([
      {
        goal: 'G-Blue',
        measure: 'Reading',
        metric: 'mean',
        baseline: 50,
        target: 56,
        window: 'Winter',
        value: 53.5,
        status: 'on track',
        final: false,
      },
    ]);
    expect(v.coaches![0].teams[1].progress).toEqual([]);
  });

  it('absent when the data names no coach', () => {
    expect(views(false).coaches).toBeUndefined();
  });
});
