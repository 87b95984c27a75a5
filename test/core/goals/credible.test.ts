/**
 * Issue 17: the default target rules, the growth check and the focal-group rule, each worked by
 * hand on a few numbers (R's quantile type 7 where a percentile is taken).
 */
import { describe, expect, it } from '@jest/globals';
import { complementReason, isFlagColumn, namesGroup } from '../../../src/core/goals/focal';
import {
  annualShare,
  growthCheck,
  observedGrowth,
  rubricLevel,
  rubricShare,
} from '../../../src/core/goals/targets';

describe('observed growth (the default team target)', () => {
  it('baseline + the 75th percentile of comparable teams’ growth', () => {
    // R: quantile(c(1, 2, 3, 10), 0.75) = 4.75
    expect(observedGrowth(50, [1, 2, 3, 10], 75).value).toBeCloseTo(54.75, 12);
  });
  it('never more than the best team’s growth (a percentile above the median of two teams)', () => {
    // R: quantile(c(1, 4), 0.99) = 3.97 < 4; at p = 100 the best, 4, exactly
    expect(observedGrowth(10, [1, 4], 99).value).toBeCloseTo(13.97, 12);
    expect(observedGrowth(10, [4, 1], 100).value).toBe(14);
  });
  it('capped at the maximum, and no goal without two teams or a positive growth', () => {
    expect(observedGrowth(0.9, [0.1, 0.3], 75, 1).value).toBe(1);
    expect(observedGrowth(50, [3], 75).reason).toContain('fewer than two');
    expect(observedGrowth(50, [-2, -1], 75).reason).toContain('not positive');
  });
});

describe('growth check', () => {
  // teams grew 1, 2, 3, 4: median 2.5, 90th percentile 3.7 (R: quantile(1:4, c(.5, .9))), best 4
  const g = [1, 2, 3, 4];
  it.each([
    [2, 'timid'],
    [2.5, 'within range'],
    [3.7, 'within range'],
    [3.9, 'stretch'],
    [4, 'stretch'],
    [4.1, 'beyond reach'],
  ])('asking for +%s is %s', (asked, label) => {
    const c = growthCheck(10, 10 + asked, g);
    expect(c.label).toBe(label);
    expect(c.best).toBe(4);
  });
});

describe('half-gap over a horizon', () => {
  it('closes 1 − (1 − f)^(1/years) a year, which compounds to f', () => {
    expect(annualShare(0.5, 1)).toBe(0.5);
    expect(annualShare(0.5, 2)).toBeCloseTo(1 - Math.SQRT1_2, 15); // 0.2928932
    // three years of 20.6299% each leave (1 − 0.206299)^3 = 0.5 of the gap
    expect((1 - annualShare(0.5, 3)) ** 3).toBeCloseTo(0.5, 12);
  });
});

describe('rubric targets in observable steps', () => {
  it.each([
    [2, 5, 4 / 5], // 3 below: 2 more (ceil 1.5)
    [0, 5, 3 / 5], // 5 below: 3 more
    [4, 5, 1], // 1 below: 1 more
    [0, 1, 1],
  ])('%i of %i at level 3+ → %s', (at, n, share) => {
    expect(rubricShare(at, n).value).toBeCloseTo(share, 12);
  });
  it('no share goal when everyone is at the level; one whole level for an educator', () => {
    expect(rubricShare(5, 5).reason).toContain('already');
    expect(rubricLevel(1, 4).value).toBe(2);
    expect(rubricLevel(2.5, 4).value).toBe(3);
    expect(rubricLevel(4, 4).value).toBeNull();
  });
});

describe('focal groups', () => {
  const need = (value: string, gapEs: number | null, column = 'SWD') => ({
    groups: [{ column, value }],
    groupLabel: `${column}: ${value}`,
    gapEs,
  });
  it('a Y/N column: only the yes side gets a goal, whatever its gap', () => {
    expect(isFlagColumn(['N', 'Y'])).toBe(true);
    expect(isFlagColumn(['Yes', 'No'])).toBe(true);
    expect(isFlagColumn(['F', 'M'])).toBe(false);
    expect(isFlagColumn(['N'])).toBe(false);
    expect(complementReason(need('Y', -0.5), ['N', 'Y'])).toBeNull();
    expect(complementReason(need('N', 0.8), ['N', 'Y'])).toContain('complement group (SWD: N)');
  });
  it('another column: the lower group against the rest of its team', () => {
    expect(complementReason(need('F', 0.3, 'Gender'), ['F', 'M'])).toBeNull();
    expect(complementReason(need('M', -0.3, 'Gender'), ['F', 'M'])).toContain('not below');
    expect(complementReason(need('M', null, 'Gender'), ['M'])).toContain('not below');
  });
  it('a district priority names the yes side of a flag column, or a value by its own text', () => {
    const d2 = 'Raise math proficiency by 12 points for students with disabilities';
    expect(namesGroup(d2, 'SWD', 'Y', ['N', 'Y'])).toBe(true);
    expect(namesGroup(d2, 'SWD', 'N', ['N', 'Y'])).toBe(false);
    expect(namesGroup(d2, 'EL', 'Y', ['N', 'Y'])).toBe(false);
    expect(namesGroup('Close the gap for EL students', 'EL', 'Y', ['N', 'Y'])).toBe(true);
    expect(
      namesGroup('Raise reading for Hispanic students', 'Race', 'Hispanic', ['Hispanic', 'White']),
    ).toBe(true);
  });
});
