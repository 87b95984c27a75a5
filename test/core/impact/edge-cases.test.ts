/**
 * Degenerate groups: every undefined figure is null with a reason, never NaN or Infinity.
 * Expected values are hand calculations written out beside each case.
 */
import { describe, it } from '@jest/globals';
import { expect } from '../../support/expect';
import type { MappingConfig } from '../../../src/core/config';
import { computeImpact } from '../../../src/core/impact';
import type { ImpactRow } from '../../../src/core/report';
import { close, dataset, type MeasureInput } from './helpers';

const CONFIG: MappingConfig = { version: 1, students: [] };
const overall = (m: MeasureInput): ImpactRow =>
  computeImpact([dataset({ measures: [m] })], CONFIG).find((r) => r.groups.length === 0)!;

function noNaN(row: ImpactRow) {
  for (const [k, v] of Object.entries(row)) {
    if (typeof v === 'number') expect(Number.isFinite(v), k).toBe(true);
  }
}

describe('edge cases', () => {
  it('n = 0 (only unpaired scores): counts them, everything else null, "no pairs"', () => {
    const row = overall({ name: 'M', pre: [1, null, 3], post: [null, 2, null] });
    expect(row).toMatchObject({
      n: 0,
      unpairedPre: 2,
      unpairedPost: 1,
      preMean: null,
      meanDiff: null,
      t: null,
      dav: null,
    });
    expect(row.undefinedReason).toBe('no pairs');
    noNaN(row);
  });

  it('n = 1: means and change defined; SDs, t, p, CI, effect sizes null with "insufficient pairs"', () => {
    // pre 5, post 7: means 5 and 7, change 2; nothing spreads with one pair.
    const row = overall({ name: 'M', pre: [5], post: [7], max: 10, proficient: 6 });
    expect(row).toMatchObject({
      n: 1,
      preMean: 5,
      postMean: 7,
      meanDiff: 2,
      preSd: null,
      sdDiff: null,
      r: null,
      t: null,
      df: null,
      p: null,
      ciLow: null,
      dz: null,
      dav: null,
      drm: null,
      gav: null,
    });
    // normalized gain (7 − 5)/(10 − 5) = 0.4; proficient (≥ 6): 0 → 1.
    expect(row).toMatchObject({
      normalizedGain: 0.4,
      avgNormalizedGain: 0.4,
      pctProficientPre: 0,
      pctProficientPost: 1,
      ppChange: 1,
    });
    expect(row.undefinedReason).toMatch(/^insufficient pairs \(n = 1/);
    expect(row.interpretation.label).toBeNull();
    noNaN(row);
  });

  it('n = 2: every figure by hand', () => {
    // pre (1, 3), post (2, 6): d = (1, 3), mean d 2, sdDiff √2, preSd √2, postSd √8, r = 1 (two points).
    const row = overall({ name: 'M', pre: [1, 3], post: [2, 6] });
    const s2 = Math.SQRT2;
    expect(row.n).toBe(2);
    expect(close(row.sdDiff, s2)).toBe(true);
    expect(close(row.preSd, s2)).toBe(true);
    expect(close(row.postSd, Math.sqrt(8))).toBe(true);
    expect(row.r).toBe(1);
    expect(close(row.t, 2)).toBe(true); // 2 / (√2 / √2)
    expect(row.df).toBe(1);
    expect(close(row.p, 0.29516723530086642)).toBe(true); // R: 2*pt(-2, 1)
    expect(close(row.ciLow, -10.706204736174694)).toBe(true); // R: t.test(c(2,6), c(1,3), paired = TRUE)$conf.int
    expect(close(row.ciHigh, 14.706204736174694)).toBe(true);
    expect(close(row.dz, s2)).toBe(true); // 2 / √2
    expect(close(row.dav, 4 / (3 * s2))).toBe(true); // 2 / ((√2 + 2√2) / 2)
    expect(row.drm).toBe(0); // dz · √(2 (1 − 1))
    expect(close(row.gav, (4 / (3 * s2)) * (4 / 7))).toBe(true); // dav · (1 − 3/(16 − 9))
    expect(row.undefinedReason).toBeNull();
    expect(row.note).toMatch(/fewer than 10 pairs/);
  });

  it('zero variance of the differences: t, p, CI, dz, drm null; dav still defined', () => {
    // pre (1, 2, 3), post (3, 4, 5): d = 2 always; preSd = postSd = 1 → dav = 2 / 1 = 2.
    const row = overall({ name: 'M', pre: [1, 2, 3], post: [3, 4, 5] });
    expect(row).toMatchObject({
      n: 3,
      meanDiff: 2,
      sdDiff: 0,
      t: null,
      p: null,
      ciLow: null,
      ciHigh: null,
      dz: null,
      drm: null,
      df: 2,
    });
    expect(close(row.dav, 2)).toBe(true);
    expect(row.undefinedReason).toMatch(/differences have zero variance/);
    noNaN(row);
  });

  it('zero variance of differences with non-integer scores (0.1 steps) is still caught', () => {
    const row = overall({
      name: 'M',
      pre: [0.1, 0.2, 0.7],
      post: [0.2, 0.30000000000000004, 0.7999999999999999],
    });
    expect(row.t).toBeNull();
    noNaN(row);
  });

  it('pre = max for every pair: normalized gains null, pairs counted as excluded, r null', () => {
    // max 10, pre (10, 10, 10), post (8, 9, 10): preSd 0, postSd 1, mean d −1 → dav = −1 / 0.5 = −2.
    const row = overall({ name: 'M', pre: [10, 10, 10], post: [8, 9, 10], max: 10 });
    expect(row).toMatchObject({
      normalizedGain: null,
      avgNormalizedGain: null,
      gainExcluded: 3,
      r: null,
      drm: null,
    });
    expect(close(row.dav, -2)).toBe(true);
    // Issue 17: the overall row has no comparison, so no benchmark size; a plain decline.
    expect(row.interpretation.label).toBeNull();
    expect(row.interpretation.reading).toBe('too few to tell'); // n = 3 < minN 10
    expect(row.undefinedReason).toMatch(/pre mean is at the maximum/);
    expect(row.undefinedReason).toMatch(/every pre score is at the maximum/);
    expect(row.undefinedReason).toMatch(/pre or post scores have zero variance/);
    noNaN(row);
  });

  it('some pre = max: those pairs are excluded from the average gain only', () => {
    // max 10: pairs (10→9) excluded; (5→7): 2/5 = 0.4, (8→9): 1/2 = 0.5 → mean 0.45.
    // class gain: pre mean 23/3, post mean 25/3 → (2/3) / (7/3) = 2/7.
    const row = overall({ name: 'M', pre: [10, 5, 8], post: [9, 7, 9], max: 10 });
    expect(row.gainExcluded).toBe(1);
    expect(close(row.avgNormalizedGain, 0.45)).toBe(true);
    expect(close(row.normalizedGain, 2 / 7)).toBe(true);
  });

  it('all proficient: 100% before and after, change 0', () => {
    const row = overall({ name: 'M', pre: [6, 7, 8], post: [9, 7, 10], proficient: 5 });
    expect(row).toMatchObject({ pctProficientPre: 1, pctProficientPost: 1, ppChange: 0 });
  });

  it('pre and post both constant: dav and gav null as well', () => {
    const row = overall({ name: 'M', pre: [4, 4], post: [4, 4] });
    expect(row).toMatchObject({ sdDiff: 0, dav: null, gav: null, r: null, t: null });
    expect(row.undefinedReason).toMatch(/pre and post scores have zero variance/);
    noNaN(row);
  });
});

describe('groups', () => {
  const ds = dataset({
    team: ['A', 'A', 'B', 'B', null],
    subgroups: { EL: ['Y', 'N', 'Y', null, 'Y'] },
    measures: [{ name: 'M', pre: [1, 2, 3, 4, 5], post: [2, 4, 3, null, 9] }],
  });
  const rows = computeImpact([ds], { version: 1, students: [], minN: 2 });
  const keys = rows.map((r) => r.groups.map((g) => `${g.column}=${g.value}`).join('×') || 'all');

  it('overall, teams, subgroup values, then team × subgroup, empty crosses left out', () => {
    expect(keys).toEqual([
      'all',
      'Team=A',
      'Team=B',
      'EL=N',
      'EL=Y',
      'Team=A×EL=N',
      'Team=A×EL=Y',
      'Team=B×EL=Y',
    ]);
  });

  it('counts pairs and unpaired per group; a record without a team counts overall only', () => {
    const by = (k: string) => rows[keys.indexOf(k)];
    expect(by('all')).toMatchObject({ n: 4, unpairedPre: 1 });
    expect(by('Team=B')).toMatchObject({ n: 1, unpairedPre: 1 });
    expect(by('EL=Y').n).toBe(3);
    expect(close(by('EL=Y').meanDiff, (1 + 0 + 4) / 3)).toBe(true);
  });

  it('minN from config: groups under it carry a note, not an undefinedReason', () => {
    expect(rows[keys.indexOf('Team=A')]).toMatchObject({ n: 2, note: null, undefinedReason: null });
    expect(rows[keys.indexOf('Team=B')].note).toMatch(/fewer than 2 pairs/);
  });

  it('educators: overall and by team only', () => {
    const ed = dataset({
      population: 'educators',
      team: ['A', 'B'],
      subgroups: { X: ['1', '2'] },
      measures: [{ name: 'Q', pre: [1, 2], post: [2, 3] }],
    });
    const r = computeImpact([ed], CONFIG);
    expect(r.map((x) => x.groups.length)).toEqual([0, 1, 1]);
    expect(r.every((x) => x.population === 'educators')).toBe(true);
  });

  it.each([[0], [1.5], [-3]])('minN %s is a config error that says what to change', (minN) => {
    expect(() => computeImpact([ds], { version: 1, students: [], minN })).toThrow(
      /"minN" must be a whole number/,
    );
  });
});
