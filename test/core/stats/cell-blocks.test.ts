/**
 * Blocks of subgroup columns (cell-blocks.ts): how many passes over the records a dataset
 * takes. Expected blocks are counted by hand from BLOCK_CODES = 16,384 cells a block.
 */
import { describe, expect, it } from '@jest/globals';
import type { Categorical, Dataset } from '../../../src/core/dataset';
import { blocksOf, teamSchoolPairs } from '../../../src/core/stats/cell-blocks';

const column = (name: string, values: number, codes: number[]): Categorical => ({
  column: name,
  labels: Array.from({ length: values }, (_, i) => `${name} ${i}`),
  codes: Int16Array.from(codes),
});

describe('blocksOf', () => {
  const yesNo = (name: string) => column(name, 2, []);

  it('a school keyed by its team-school pairs: 400 teams in 40 schools and three yes/no columns make one block', () => {
    // Cells at most 400 pairs × 3 × 3 × 3 = 10,800 ≤ 16,384: one pass over the records.
    const school = column('School', 40, []);
    expect(blocksOf(400, [school, yesNo('EL'), yesNo('SWD'), yesNo('FRL')], true)).toEqual([
      [0, 1, 2, 3],
    ]);
  });

  it('without the school, teams + 1 keys; a column joins while the cells stay within the bound', () => {
    // 401 × 3 × 3 × 3 = 10,827; × 3 = 32,481 > 16,384: the fourth column starts a block.
    const cols = ['A', 'B', 'C', 'D'].map(yesNo);
    expect(blocksOf(401, cols, false)).toEqual([[0, 1, 2], [3]]);
  });

  it('a column alone may exceed the bound, and no columns is one block', () => {
    expect(blocksOf(10, [column('Big', 5000, [])], false)).toEqual([[0]]);
    expect(blocksOf(10, [], false)).toEqual([[]]);
  });

  it('many team-school pairs split the school-keyed columns', () => {
    // 6,000 pairs × 3 = 18,000 > 16,384: each yes/no column in a block of its own.
    const school = column('School', 40, []);
    expect(blocksOf(6000, [school, yesNo('EL'), yesNo('SWD')], true)).toEqual([[0], [1], [2]]);
  });
});

describe('teamSchoolPairs', () => {
  const dataset = (teams: number[], schools: number[]): Dataset =>
    ({
      size: teams.length,
      team: column('Team', 3, teams),
      school: column('School', 2, schools),
    }) as unknown as Dataset;

  it('counts the pairs held, a missing team or school as a value of its own', () => {
    // Pairs: (0,0) ×2, (1,0), (2,1), (−1,1), (2,−1) → 5.
    const ds = dataset([0, 0, 1, 2, -1, 2], [0, 0, 0, 1, 1, -1]);
    expect(teamSchoolPairs(ds, ds.school!)).toBe(5);
  });

  it('a team in two schools is two pairs', () => {
    const ds = dataset([0, 0, 0], [0, 1, 0]);
    expect(teamSchoolPairs(ds, ds.school!)).toBe(2);
  });
});
