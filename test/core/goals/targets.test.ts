/**
 * Target methods on hand-worked cases (statistics.md, "Targets"). Each expected value is worked
 * out in the comment beside it; percentiles are checked against R's quantile() (type 7).
 */
import { describe, expect, it } from '@jest/globals';
import {
  defaultTiers,
  effectSize,
  growthCheck,
  halfGap,
  observedGrowth,
  percentile,
  percentileOfSorted,
  proficiencyGap,
  sdOf,
  sortedValues,
  tiered,
} from '../../../src/core/goals/targets';
import { dueDate, formatValue, longDate, PERCENT_FORMAT } from '../../../src/core/goals/format';
import { compareNeeds } from '../../../src/core/goals/needs';

describe('half-gap', () => {
  it.each([
    [60, 100, 0.5, 80], // 60 + 0.5·40
    [0, 100, 0.5, 50], // 0 + 0.5·100
    [90, 100, 0.25, 92.5], // 90 + 0.25·10
    [3, 4, 0.5, 3.5], // 3 + 0.5·1
    [100, 100, 0.5, 100], // pre = max: the gap is 0, the target stays at max
  ])('x = %d, max = %d, f = %d → %d', (x, max, f, want) => {
    expect(halfGap(x, max, f).value).toBeCloseTo(want, 12);
  });
  it('a missing or out-of-range baseline gives no target and says why', () => {
    expect(halfGap(NaN, 100)).toEqual({ value: null, reason: 'no baseline score' });
    expect(halfGap(105, 100).reason).toBe('the baseline 105 is above the maximum 100');
  });
});

describe('proficiency-gap', () => {
  it.each([
    [0.48, 0.25, 0.61], // 0.48 + 0.25·0.52 = 0.48 + 0.13
    [0.4, 0.5, 0.7], // 0.4 + 0.5·0.6
    [0, 0.5, 0.5],
    [0.5, 0.109, 0.5545], // 0.5 + 0.109·0.5
  ])('p0 = %d, f = %d → %d', (p0, f, want) => {
    expect(proficiencyGap(p0, f).value).toBeCloseTo(want, 12);
  });
  it('all proficient: no goal of that kind, and the reason', () => {
    expect(proficiencyGap(1, 0.5)).toEqual({
      value: null,
      reason: 'every student is already proficient: no proficiency-gap goal',
    });
  });
});

describe('percentile (R type 7)', () => {
  it.each([
    [[1, 2, 3, 4], 75, 3.25], // R: quantile(c(1,2,3,4), .75) → 3.25
    [[1, 2, 3, 4], 50, 2.5], // R: quantile(c(1,2,3,4), .5) → 2.5
    [[5, 1, 3], 90, 4.6], // R: quantile(c(5,1,3), .9) → 4.6
    [[2, 2, 2, 2], 75, 2], // ties: all equal
    [[0.1, -0.2, 0.4, 0.3, 0], 75, 0.3], // R: quantile(c(.1,-.2,.4,.3,0), .75) → 0.3
  ])('%j at %d → %d', (v, p, want) => {
    expect(percentile(v, p)).toBeCloseTo(want, 12);
  });
  it('empty → null', () => expect(percentile([], 50)).toBeNull());
});

describe('observed-growth', () => {
  it('baseline + the 75th percentile of team growth', () => {
    // growths 1,2,3,4: P75 = 3.25 (R above); 50 + 3.25
    expect(observedGrowth(50, [4, 1, 3, 2], 75).value).toBeCloseTo(53.25, 12);
    // capped at max
    expect(observedGrowth(98, [4, 1, 3, 2], 75, 100).value).toBe(100);
  });
  it('fewer than two comparable teams (groups under the minimum n are left out before) → no target', () => {
    expect(observedGrowth(50, [3], 75).reason).toMatch(/fewer than two comparable teams/);
    expect(observedGrowth(50, [], 75).value).toBeNull();
  });
  it('no positive growth to learn from → no target, with the value', () => {
    // P75 of -3,-2,-1 = -1.5 (R: quantile(c(-3,-2,-1), .75) → -1.5)
    expect(observedGrowth(50, [-3, -2, -1], 75).reason).toBe(
      'the 75th percentile of the growth comparable teams achieved is not positive (-1.5)',
    );
  });
});

describe('effect-size', () => {
  it('baseline mean + δ·SD', () => {
    // scores 2,3,3,4: mean 3, sd sqrt(((1+0+0+1)/3)) = 0.8164966; 3 + 0.2·0.8164966 = 3.1632993
    const sd = sdOf([2, 3, 3, 4]);
    expect(sd).toBeCloseTo(0.816496580927726, 12); // R: sd(c(2,3,3,4))
    expect(effectSize(3, sd, 0.2).value).toBeCloseTo(3.163299316185545, 12);
    expect(effectSize(3.9, 1, 0.2, 4).value).toBe(4); // capped at max
  });
  it.each([
    [null, 'the baseline has no spread'],
    [0, 'the baseline has no spread'],
  ])('sd %s → no target', (sd, why) => {
    expect(effectSize(3, sd, 0.2).reason).toContain(why);
  });
  it('baseline at max → no target', () =>
    expect(effectSize(4, 0.5, 0.2, 4).reason).toBe('the baseline mean is already at the maximum'));
});

describe('tiered', () => {
  const tiers = defaultTiers(100, 0, 0); // ≤50: +15; ≤75: +10; above: +5
  it.each([
    [40, 55], // 40 ≤ 50 → +15
    [50, 65], // boundary belongs to the lower band
    [60, 70], // ≤ 75 → +10
    [97, 100], // 97 + 5 = 102, capped at 100
    [100, 100], // pre = max
  ])('default tiers with max 100: %d → %d', (x, want) => {
    expect(tiered(x, tiers, 100).value).toBeCloseTo(want, 12);
  });
  it('an end score band and a configured band', () => {
    const t = [
      { upTo: 10, endScore: 12 },
      { upTo: null, growth: 1 },
    ];
    expect(tiered(8, t, null).value).toBe(12);
    expect(tiered(11, t, null).value).toBe(12);
    expect(tiered(13, t, null).value).toBe(14);
  });
  it('without max, bands at the district mean ± 0.5 SD grow 0.3, 0.2, 0.1 SD', () => {
    // mean 50, sd 10: ≤45 +3, ≤55 +2, else +1
    const d = defaultTiers(null, 50, 10);
    expect([44, 50, 60].map((x) => tiered(x, d, null).value)).toEqual([47, 52, 61]);
  });
});

describe('growth check', () => {
  // team growths 1..10: median 5.5, P90 = 1 + 0.9·9 = 9.1 (R: quantile(1:10, c(.5,.9)) → 5.5, 9.1)
  const g = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  it.each([
    [50, 60, 'stretch'], // asks for 10 > 9.1
    [50, 52, 'timid'], // 2 < 5.5
    [50, 55.5, 'within range'], // at the median
    [50, 59.1, 'within range'], // at P90: not above
  ])('%d → %d is %s', (b, t, label) => {
    const c = growthCheck(b, t, g);
    expect(c.label).toBe(label);
    expect(c.median).toBeCloseTo(5.5, 12);
    expect(c.p90).toBeCloseTo(9.1, 12);
  });
  it('no comparable teams → no label, a reason', () => {
    expect(growthCheck(1, 2, [3])).toMatchObject({
      label: null,
      reason: 'fewer than two comparable teams to check the growth against',
    });
  });
});

describe('ranking ties', () => {
  it('equal priority: students first, then team, measure and group in order', () => {
    const n = (
      team: string,
      measure: string,
      groupLabel: string,
      population: 'students' | 'educators' = 'students',
    ) => ({ priority: 5, population, team, measure, groupLabel });
    const list = [
      n('B', 'Math', 'All'),
      n('A', 'Reading', 'All'),
      n('A', 'Math', 'EL: Y'),
      n('A', 'Math', 'All'),
      n('A', 'Q', 'All', 'educators'),
      { ...n('Z', 'Z', 'Z'), priority: 6 },
    ];
    expect(list.sort(compareNeeds).map((x) => `${x.team}/${x.measure}/${x.groupLabel}`)).toEqual([
      'Z/Z/Z',
      'A/Math/All',
      'A/Math/EL: Y',
      'A/Reading/All',
      'B/Math/All',
      'A/Q/All',
    ]);
  });
});

describe('formats and dates', () => {
  it.each([
    [0.48, '48.0%'],
    [0.6125, '61.3%'], // half away from zero at the shown digit
    [0.00049, '0.0%'],
  ])('percent %d → %s', (v, s) => expect(formatValue(v, PERCENT_FORMAT)).toBe(s));
  it('no "-0.00"', () =>
    expect(formatValue(-0.001, { excel: '0.00', decimals: 2, percent: false })).toBe('0.00'));
  it.each([
    ['2026-11-23T10:00:00Z', '2027-06-15'],
    ['2027-06-14T23:59:00Z', '2027-06-15'],
    ['2027-06-15T00:00:00Z', '2028-06-15'],
  ])('now %s → due %s (next 15 June)', (now, due) =>
    expect(dueDate(undefined, new Date(now))).toBe(due),
  );
  it('config.schoolYearEnd wins; a bad one throws with what to write', () => {
    expect(dueDate('2027-05-31', new Date())).toBe('2027-05-31');
    expect(() => dueDate('31/05/2027', new Date())).toThrow(/YYYY-MM-DD/);
    expect(longDate('2027-06-15')).toBe('15 June 2027');
  });
});

describe('sorted once', () => {
  it('percentileOfSorted on sortedValues equals percentile; the input is not reordered', () => {
    const v = [4, 1, 3, 2];
    const s = sortedValues(v);
    expect([...s]).toEqual([1, 2, 3, 4]);
    expect(v).toEqual([4, 1, 3, 2]);
    // R: quantile(c(4, 1, 3, 2), c(.5, .9)) → 2.5, 3.7
    expect(percentileOfSorted(s, 50)).toBeCloseTo(2.5, 12);
    expect(percentileOfSorted(s, 90)).toBeCloseTo(3.7, 12);
    expect(percentileOfSorted(new Float64Array(0), 50)).toBeNull();
  });

  it('growthCheck with a presorted copy gives the same check', () => {
    const g = [5, -1, 3, 0, 2];
    expect(growthCheck(10, 14, g, sortedValues(g))).toEqual(growthCheck(10, 14, g));
  });
});

describe('formatValue', () => {
  it('formatValue shows a huge mean as a number, not "Infinity"', () => {
    // 5e307 · 10 overflows the rounding step; the value is a whole number, shown as is
    expect(formatValue(5e307, { excel: '0.0', decimals: 1, percent: false })).toBe('5e+307');
  });
});
