/**
 * A goal for a group (students with disabilities in one team) is set from the growth the same
 * group showed in the teams that have enough of it, not from whole teams' growth: whole teams
 * hold the students nearest the cut, so their growth in share proficient overstates what the
 * group can do. Worked by hand (R's quantile type 7).
 */
import { describe, expect, it } from '@jest/globals';
import type { Categorical, Dataset } from '../../../src/core/dataset';
import { suggestGoals } from '../../../src/core/goals';
import { config } from './fixture';

const cat = (column: string, values: string[]): Categorical => {
  const labels = [...new Set(values)];
  return { column, labels, codes: Int32Array.from(values.map((v) => labels.indexOf(v))) };
};

// Cut 6, max 10. Students in team order A, A, A, A, B, …, C; SWD Y, Y, N, N in each team.
// A: SWD 2,3 → 3,4; others 6,7 → 8,9.   Team share ≥ 6: 2/4 → 2/4 (+0);    SWD 0/2 → 0/2 (+0)
// B: SWD 5,4 → 6,5; others 5,5 → 7,8.   Team share ≥ 6: 0/4 → 3/4 (+0.75); SWD 0/2 → 1/2 (+0.5)
// C: SWD 1,2 → 1,2; others 5,9 → 6,9.   Team share ≥ 6: 1/4 → 2/4 (+0.25); SWD 0/2 → 0/2 (+0)
const pre = [2, 3, 6, 7, 5, 4, 5, 5, 1, 2, 5, 9];
const post = [3, 4, 8, 9, 6, 5, 7, 8, 1, 2, 6, 9];
const students: Dataset = {
  population: 'students',
  sheet: 'Students',
  headerRow: 1,
  size: 12,
  rows: Int32Array.from(pre.map((_, i) => i + 2)),
  ids: pre.map((_, i) => `s${i + 1}`),
  idColumn: 'ID',
  team: cat(
    'Team',
    ['A', 'B', 'C'].flatMap((t) => [t, t, t, t]),
  ),
  school: null,
  teacher: null,
  subgroups: [
    cat(
      'SWD',
      ['A', 'B', 'C'].flatMap(() => ['Y', 'Y', 'N', 'N']),
    ),
  ],
  measures: [
    {
      name: 'Reading',
      preColumn: 'R1',
      postColumn: 'R2',
      max: 10,
      proficient: 6,
      pre: Float64Array.from(pre),
      post: Float64Array.from(post),
    },
  ],
};

describe('observed-growth targets for a group', () => {
  const r = suggestGoals({
    datasets: [students],
    impact: [],
    goalsTable: null,
    templateTable: null,
    config: { ...config, minN: 2 },
    now: new Date('2026-11-23T10:00:00Z'),
  });
  const growth = (g: (typeof r.suggestions)[number]) => g.target.value! - g.baseline.value!;
  it('a whole team is asked for the 75th percentile of the teams’ growth', () => {
    // R: quantile(c(0, 0.75, 0.25), 0.75) = 0.5, a share capped at 1 (team B: 0.75 → 1)
    const teams = r.suggestions.filter((g) => g.groupLabel === 'All students');
    expect(teams.length).toBeGreaterThan(0);
    for (const g of teams)
      expect(g.target.value).toBeCloseTo(Math.min(g.baseline.value! + 0.5, 1), 12);
  });
  it('the SWD: Y group is asked for the 75th percentile of the SWD groups’ growth', () => {
    // R: quantile(c(0, 0.5, 0), 0.75) = 0.25 (the teams' 0.5 would be beyond what any SWD group but B did)
    const swd = r.suggestions.filter((g) => g.groupLabel === 'SWD: Y');
    expect(swd.length).toBeGreaterThan(0);
    for (const g of swd) {
      expect(g.target.method).toBe('observed-growth');
      expect(growth(g)).toBeCloseTo(0.25, 12);
      expect(g.rationale).toContain("3 teams' SWD: Y students");
    }
  });
});
