/**
 * A team's school is one rule (src/core/team-schools.ts): the school most of its records name,
 * a tie to the one met first, null when none names one. The goals' units and the role views
 * show it alike: a team whose records span two schools (Blue below: first met in A, mostly in B)
 * was shown under B by the goals and under A by the views.
 */
import { describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import type { Categorical, Dataset } from '../../src/core/dataset';
import { teamSchools } from '../../src/core/team-schools';
import { layoutOf } from '../../src/core/goals/layout';
import { buildViews } from '../../src/core/views';

/** A category column from labels and one label (or null) per record. */
function cat(column: string, labels: string[], values: (string | null)[]): Categorical {
  return {
    column,
    labels,
    codes: Int16Array.from(values.map((v) => (v === null ? -1 : labels.indexOf(v)))),
  };
}

// record:  0     1     2     3     4     5    6    7      8      9
// team:    Blue  Blue  Red   Blue  Blue  Red  Blue Green  Green  White
// school:  A     B     D     A     B     C    B    —      E      —
const TEAMS = ['Blue', 'Blue', 'Red', 'Blue', 'Blue', 'Red', 'Blue', 'Green', 'Green', 'White'];
const SCHOOLS = ['A', 'B', 'D', 'A', 'B', 'C', 'B', null, 'E', null];

function dataset(teamLabels: string[], schoolLabels: string[]): Dataset {
  const n = TEAMS.length;
  return {
    population: 'students',
    sheet: 'Students',
    headerRow: 1,
    size: n,
    rows: Int32Array.from({ length: n }, (_, i) => i + 2),
    ids: Array.from({ length: n }, (_, i) => `S${i}`),
    idColumn: 'ID',
    team: cat('Team', teamLabels, TEAMS),
    school: cat('School', schoolLabels, SCHOOLS),
    teacher: null,
    subgroups: [],
    measures: [
      {
        name: 'Reading',
        preColumn: 'Fall',
        postColumn: 'Spring',
        max: 100,
        proficient: null,
        pre: Float64Array.from({ length: n }, (_, i) => 40 + i),
        post: Float64Array.from({ length: n }, (_, i) => 45 + i),
      },
    ],
  };
}

// By hand: Blue A 2, B 3 → B; Red D 1, C 1, D met first → D; Green E; White none.
const EXPECTED: Record<string, string | null> = { Blue: 'B', Red: 'D', Green: 'E', White: null };

describe('teamSchools', () => {
  it('gives each team its most frequent school, a tie to the first met, null for none', () => {
    const ds = dataset(['Blue', 'Red', 'Green', 'White'], ['A', 'B', 'C', 'D', 'E']);
    expect(teamSchools(ds)).toEqual(['B', 'D', 'E', null]);
  });

  it('gives the same with more team × school pairs than one table holds (a Map of pairs)', () => {
    // 3,000 teams × 1,500 schools: 4.5 million pairs, past the table's 4.2 million.
    const teams = [
      'Blue',
      'Red',
      'Green',
      'White',
      ...Array.from({ length: 2996 }, (_, k) => `T${k}`),
    ];
    const schools = ['A', 'B', 'C', 'D', 'E', ...Array.from({ length: 1495 }, (_, k) => `X${k}`)];
    const out = teamSchools(dataset(teams, schools));
    expect(out.slice(0, 4)).toEqual(['B', 'D', 'E', null]);
    expect(out.slice(4).every((s) => s === null)).toBe(true);
  });

  it('is the school the goals and the role views show a team under', () => {
    const ds = dataset(['Blue', 'Red', 'Green', 'White'], ['A', 'B', 'C', 'D', 'E']);
    const units = layoutOf(ds, []).units;
    expect(Object.fromEntries(units.map((u) => [u.team, u.school]))).toEqual(EXPECTED);
    const views = buildViews({
      datasets: [ds],
      impact: [],
      goals: { learning: { educators: [], teams: [] } },
      alignment: { report: null, issues: [], analysis: null },
      progress: [],
    });
    expect(Object.fromEntries(views.teams.map((t) => [t.team, t.school]))).toEqual(EXPECTED);
  });
});
