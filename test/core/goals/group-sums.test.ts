/**
 * Group figures of the needs analysis (src/core/goals/group-stats.ts, on the grouped-statistics
 * cells): worked out by hand on a small district that has what the cells must get right (a
 * subgroup column of three values, so each value's "rest" is merged from the others' cells; a
 * record in no team; missing pre and post scores; a score above the maximum; a measure without
 * a cut; a tie for a team's school), then checked against a plain per-group computation (filter
 * the group's scores, meanOf / sdOf) on random districts and on columns whose cells come in more
 * than one block.
 */
import fc from 'fast-check';
import { describe, it } from '@jest/globals';
import { expect } from '../../support/expect';
import type { MappingConfig } from '../../../src/core/config';
import type { Categorical, Dataset, MeasureData } from '../../../src/core/dataset';
import { suggestGoals, type GoalsInput, type Need } from '../../../src/core/goals';
import { meanOf, percentile, sdOf } from '../../../src/core/goals/targets';

/** A category column from values (null = missing), labels in order of first appearance. */
const cat = (column: string, values: (string | null)[]): Categorical => {
  const labels = [...new Set(values.filter((v): v is string => v !== null))];
  return {
    column,
    labels,
    codes: Int32Array.from(values, (v) => (v === null ? -1 : labels.indexOf(v))),
  };
};
const scores = (v: (number | null)[]) => Float64Array.from(v, (x) => (x === null ? NaN : x));

function dataset(
  size: number,
  team: Categorical | null,
  school: Categorical | null,
  subgroups: Categorical[],
  measures: MeasureData[],
): Dataset {
  return {
    population: 'students',
    sheet: 'Students',
    headerRow: 1,
    size,
    rows: Int32Array.from({ length: size }, (_, i) => i + 2),
    ids: Array.from({ length: size }, (_, i) => `S${i + 1}`),
    idColumn: 'ID',
    team,
    school,
    teacher: null,
    subgroups,
    measures,
  };
}

const input = (ds: Dataset, minN: number): GoalsInput => ({
  datasets: [ds],
  impact: [],
  goalsTable: null,
  templateTable: null,
  config: { version: 1, students: [], minN, schoolYearEnd: '2027-06-15' } as MappingConfig,
  now: new Date('2026-11-27T00:00:00Z'),
  perStudent: false,
});

// record: team, Lang, school, Read pre → post (max 10, cut 6), Math pre → post (no max, no cut)
//  0  T1  A  X   4 →  5   10 → 12
//  1  T1  B  X   6 →  8   20 → 18
//  2  T1  C  Y   — →  7   30 → 33
//  3  T1  A  Y   2 →  3   40 → —
//  4  T1  —  X   5 →  6   50 → 55
//  5  T1  B  Y   8 → 12   —  → 60   (12 is above the maximum: in the mean, no half-gap target)
//  6  T2  A  Y   3 →  4   15 → 14
//  7  T2  A  Y   5 →  —   25 → 27
//  8  T2  C  Y   7 →  9   35 → 36
//  9  —   A  X   1 →  2    5 →  6   (no team: counted for the district and school X only)
const hand = dataset(
  10,
  cat('Team', ['T1', 'T1', 'T1', 'T1', 'T1', 'T1', 'T2', 'T2', 'T2', null]),
  cat('School', ['X', 'X', 'Y', 'Y', 'X', 'Y', 'Y', 'Y', 'Y', 'X']),
  [cat('Lang', ['A', 'B', 'C', 'A', null, 'B', 'A', 'A', 'C', 'A'])],
  [
    {
      name: 'Read',
      preColumn: 'R1',
      postColumn: 'R2',
      max: 10,
      proficient: 6,
      pre: scores([4, 6, null, 2, 5, 8, 3, 5, 7, 1]),
      post: scores([5, 8, 7, 3, 6, 12, 4, null, 9, 2]),
    },
    {
      name: 'Math',
      preColumn: 'M1',
      postColumn: 'M2',
      max: null,
      proficient: null,
      pre: scores([10, 20, 30, 40, 50, null, 15, 25, 35, 5]),
      post: scores([12, 18, 33, null, 55, 60, 14, 27, 36, 6]),
    },
  ],
);

describe('group figures worked out by hand', () => {
  const result = suggestGoals(input(hand, 2));
  const need = (team: string, measure: string, group: string) =>
    result.needs.find((n) => n.team === team && n.measure === measure && n.groupLabel === group)!;
  // District Read: 5,8,7,3,6,12,4,9,2 → mean 56/9 = 6.222222; Σ y² = 428, Σ (y − mean)² =
  // 428 − 56²/9 = 79.5556, SD sqrt(79.5556/8) = 3.153481
  const dSd = 3.153481321;

  it('the groups of each team: everyone, then each Lang value present; no need for an empty group', () => {
    const groups = (team: string) =>
      result.needs
        .filter((n) => n.team === team && n.measure === 'Read')
        .map((n) => n.groupLabel)
        .sort();
    expect(groups('T1')).toEqual(['All students', 'Lang: A', 'Lang: B', 'Lang: C']);
    // T2's Lang A has one Read score (record 7 has none): still a group of n = 1
    expect(groups('T2')).toEqual(['All students', 'Lang: A', 'Lang: C']);
    expect(result.needs.some((n) => n.team === null)).toBe(false);
  });

  it('T1, everyone, Read: n, mean, SD, proficiency, reach, growth over the pairs, z', () => {
    const n = need('T1', 'Read', 'All students');
    // posts 5,8,7,3,6,12: Σ 41, mean 6.833333; SD sqrt(Σ (y − 41/6)² / 5) = 3.060501
    expect(n.n).toBe(6);
    expect(n.mean).toBeCloseTo(41 / 6, 12);
    expect(n.sd).toBeCloseTo(3.0605010483, 9);
    // at least 6: 8, 7, 6, 12
    expect([n.pctProficient, n.notProficient, n.reach]).toEqual([4 / 6, 2, 2]);
    // pairs: records 0,1,3,4,5 (record 2 has no pre): gains 1,2,1,1,4 → 9 / 5
    expect([n.pairs, n.growth]).toEqual([5, 1.8]);
    expect(n.districtMean).toBeCloseTo(56 / 9, 12);
    expect(n.districtSd).toBeCloseTo(dSd, 8);
    expect(n.zDistrict).toBeCloseTo((41 / 6 - 56 / 9) / dSd, 8); // 0.193789
    // T1's schools: X 3 records (0,1,4), Y 3 (2,3,5): a tie, X is met first
    expect(n.school).toBe('X');
    // school X's Read: records 0,1,4,9 → 5,8,6,2: mean 5.25 (the record in no team counts)
    expect(n.schoolMean).toBe(5.25);
    expect(n.zSchool).toBeCloseTo((41 / 6 - 5.25) / dSd, 8); // 0.502091
    // comparable teams (≥ 2 pairs): T1 1.8, T2 (records 6, 8: gains 1, 2) 1.5 → median 1.65
    expect([n.comparableTeams, n.teamGrowthMedian]).toEqual([2, 1.65]);
  });

  it('T1, Lang A: the rest of the team is B and C (three values), not one other group', () => {
    const n = need('T1', 'Read', 'Lang: A');
    // A: records 0, 3 → 5, 3: mean 4, SD sqrt(2)
    expect([n.n, n.mean, n.reach, n.pctProficient]).toEqual([2, 4, 2, 0]);
    expect(n.sd).toBeCloseTo(Math.SQRT2, 12);
    // rest: records 1, 2, 5 (record 4 has no Lang value) → 8, 7, 12: mean 9, SD sqrt(14/2)
    // all three at least 6 → (3/3 − 0) · 100
    expect(n.gapPp).toBe(100);
    // pooled SD sqrt((1·2 + 2·7) / 3) = 2.309401; (9 − 4) / 2.309401 = 2.165064
    expect(n.gapEs).toBeCloseTo(2.165063509, 8);
    // severity: share below 2/2 + (6.222222 − 4) / 3.153481 = 1.704689; priority 2 × that
    expect(n.severity).toBeCloseTo(1 + (56 / 9 - 4) / dSd, 8);
    expect(n.priority).toBeCloseTo(2 * (1 + (56 / 9 - 4) / dSd), 8);
    // one pair gain each: 5 − 4, 3 − 2
    expect([n.pairs, n.growth]).toEqual([2, 1]);
  });

  it('T1, Lang B and C: their own rests', () => {
    const b = need('T1', 'Read', 'Lang: B');
    // B: 8, 12 → mean 10, SD sqrt(8); rest A and C: 5, 7, 3 → mean 5, SD 2, one at least 6
    expect([b.n, b.mean, b.reach]).toEqual([2, 10, 0]);
    expect(b.sd).toBeCloseTo(Math.sqrt(8), 12);
    expect(b.gapPp).toBeCloseTo((1 / 3 - 1) * 100, 12);
    expect(b.gapEs).toBeCloseTo(-2.165063509, 8); // (5 − 10) / sqrt((8 + 2·4)/3)
    const c = need('T1', 'Read', 'Lang: C');
    // C: 7 alone (no SD, no effect size); rest 5, 8, 3, 12: two of four at least 6
    expect([c.n, c.mean, c.sd, c.gapEs]).toEqual([1, 7, null, null]);
    expect(c.gapPp).toBe(-50);
  });

  it('T2: two Lang values, each the rest of the other (A has one score of two records)', () => {
    const a = need('T2', 'Read', 'Lang: A');
    const c = need('T2', 'Read', 'Lang: C');
    expect([a.n, a.mean, a.pctProficient, a.gapPp, a.gapEs]).toEqual([1, 4, 0, 100, null]);
    expect([c.n, c.mean, c.pctProficient, c.gapPp]).toEqual([1, 9, 1, -100]);
    const all = need('T2', 'Read', 'All students');
    expect([all.n, all.mean, all.reach, all.pairs, all.growth]).toEqual([2, 6.5, 1, 2, 1.5]);
    expect(all.school).toBe('Y');
    expect(all.schoolMean).toBe(7); // school Y: 7, 3, 12, 4, 9
  });

  it('a measure without a cut: reach is the scores below the district mean', () => {
    // District Math: 12,18,33,55,60,14,27,36,6 → 261 / 9 = 29
    const t1 = need('T1', 'Math', 'All students');
    // T1: 12, 18, 33, 55, 60 (record 3 has none) → 35.6; below 29: 12, 18
    expect([t1.n, t1.mean, t1.reach, t1.bar, t1.barKind]).toEqual([
      5,
      35.6,
      2,
      29,
      'district mean',
    ]);
    expect(t1.sd).toBeCloseTo(21.4778956139, 9);
    expect(t1.districtSd).toBeCloseTo(18.9406969249, 9);
    expect([t1.pctProficient, t1.gapPp]).toEqual([null, null]);
    // pairs 0, 1, 2, 4 (record 5 has no pre): 2 − 2 + 3 + 5 = 8 → 2
    expect([t1.pairs, t1.growth]).toEqual([4, 2]);
    const t2 = need('T2', 'Math', 'All students');
    // 14, 27, 36: mean 77/3; below 29: 14, 27; gains −1, 2, 1 → 2/3
    expect(t2.mean).toBeCloseTo(77 / 3, 12);
    expect([t2.reach, t2.pairs]).toEqual([2, 3]);
    expect(t2.growth).toBeCloseTo(2 / 3, 12);
    // comparable teams: T1 2, T2 0.666667 → median 1.333333
    expect(t2.teamGrowthMedian).toBeCloseTo(4 / 3, 12);
  });

  it('half-gap targets: the mean of x + 0.5·(10 − x), a score above the maximum left out', () => {
    // half-gap is an option now (observed growth is the default with two comparable teams)
    const base = input(hand, 2);
    const halfGap = suggestGoals({
      ...base,
      config: { ...base.config, targets: { method: 'half-gap' } },
    });
    const goal = (group: string) =>
      halfGap.suggestions.find(
        (g) => g.team === 'T1' && g.measure === 'Read' && g.groupLabel === group,
      )!;
    // 5 → 7.5, 8 → 9, 7 → 8.5, 3 → 6.5, 6 → 8 (12 has none): 39.5 / 5
    expect(goal('All students').target).toEqual({ value: 7.9, method: 'half-gap' });
    // 5 → 7.5, 3 → 6.5
    expect(goal('Lang: A').target).toEqual({ value: 7, method: 'half-gap' });
  });
});

// ---- A plain per-group computation, to compare on random districts ----

const fin = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);

/** The groups' figures the needs analysis reports, computed group by group from the definitions. */
function plainNeeds(ds: Dataset, minN: number): Map<string, Partial<Need>> {
  const out = new Map<string, Partial<Need>>();
  const all = Array.from({ length: ds.size }, (_, i) => i);
  const teamCodes = ds.team
    ? [...new Set(all.map((i) => ds.team!.codes[i]))].filter((c) => c >= 0)
    : [-1];
  const unitRecords = (c: number) => (ds.team ? all.filter((i) => ds.team!.codes[i] === c) : all);
  const finite = (m: ArrayLike<number>, recs: number[]) =>
    recs.map((i) => m[i]).filter((v) => Number.isFinite(v));
  for (const m of ds.measures) {
    const district = finite(m.post, all);
    const dMean = meanOf(district);
    const dSd = sdOf(district);
    const cut = m.proficient;
    const bar = cut ?? dMean;
    // Comparable teams: at least minN pairs, a finite mean of post − pre.
    const growths: number[] = [];
    if (ds.team) {
      for (const c of teamCodes) {
        const pairs = unitRecords(c).filter(
          (i) => Number.isFinite(m.post[i]) && Number.isFinite(m.pre[i]),
        );
        if (pairs.length < minN) continue;
        const g = meanOf(pairs.map((i) => m.post[i] - m.pre[i]))!;
        if (Number.isFinite(g)) growths.push(g);
      }
    }
    const median = percentile(growths, 50);
    for (const c of teamCodes) {
      const recs = unitRecords(c);
      const team = c >= 0 ? ds.team!.labels[c] : null;
      // The team's most frequent school, ties to the first met; without teams, the one school.
      let school: string | null = null;
      if (ds.school) {
        if (!ds.team) school = ds.school.labels.length === 1 ? ds.school.labels[0] : null;
        else {
          const count = new Map<number, number>();
          for (const i of recs)
            if (ds.school.codes[i] >= 0)
              count.set(ds.school.codes[i], (count.get(ds.school.codes[i]) ?? 0) + 1);
          let best = -1;
          let n = 0;
          for (const [k, v] of count) if (v > n) [best, n] = [k, v];
          school = best >= 0 ? ds.school.labels[best] : null;
        }
      }
      const own = ds.school && ds.school.column !== ds.team?.column;
      // The school's mean is its sum over its count (no second try when the sum overflows).
      const schoolScores =
        own && school !== null
          ? finite(
              m.post,
              all.filter((i) => ds.school!.labels[ds.school!.codes[i]] === school),
            )
          : [];
      const sMean = schoolScores.length
        ? schoolScores.reduce((a, b) => a + b, 0) / schoolScores.length
        : null;
      const groups: { label: string; recs: number[]; rest: number[] | null }[] = [
        { label: 'All students', recs, rest: null },
      ];
      for (const sg of ds.subgroups)
        for (const [k, v] of sg.labels.entries()) {
          const g = recs.filter((i) => sg.codes[i] === k);
          if (g.length === 0) continue;
          const rest = recs.filter((i) => sg.codes[i] >= 0 && sg.codes[i] !== k);
          groups.push({ label: `${sg.column}: ${v}`, recs: g, rest });
        }
      for (const g of groups) {
        const ys = finite(m.post, g.recs);
        const n = ys.length;
        if (n === 0) continue;
        const mean = meanOf(ys)!;
        const sd = sdOf(ys);
        const at = ys.filter((y) => cut !== null && y >= cut).length;
        const pct = cut !== null ? at / n : null;
        const pairs = g.recs.filter((i) => Number.isFinite(m.post[i]) && Number.isFinite(m.pre[i]));
        let gain = 0;
        for (const i of pairs) gain += m.post[i] - m.pre[i];
        let gapPp: number | null = null;
        let gapEs: number | null = null;
        if (g.rest) {
          const rs = finite(m.post, g.rest);
          const rn = rs.length;
          if (cut !== null && rn > 0) gapPp = (rs.filter((y) => y >= cut).length / rn - pct!) * 100;
          const rsd = sdOf(rs);
          if (n >= 2 && rn >= 2 && sd !== null && rsd !== null) {
            const v = ((n - 1) * sd * sd + (rn - 1) * rsd * rsd) / (n + rn - 2);
            const pooled = v > 0 ? fin(Math.sqrt(v)) : null;
            if (pooled !== null) gapEs = fin((meanOf(rs)! - mean) / pooled);
          }
        }
        const z = (ref: number | null) =>
          ref !== null && dSd !== null && dSd > 0 ? fin((mean - ref) / dSd) : null;
        out.set(`${team}|${m.name}|${g.label}`, {
          n,
          mean,
          sd,
          pctProficient: pct,
          notProficient: cut !== null ? n - at : null,
          reach: ys.filter((y) => bar !== null && y < bar).length,
          pairs: pairs.length,
          growth: pairs.length ? fin(gain / pairs.length) : null,
          gapPp,
          gapEs,
          districtMean: dMean,
          districtSd: dSd,
          zDistrict: z(dMean),
          school,
          schoolMean: sMean,
          zSchool: z(sMean),
          teamGrowthMedian: median,
          comparableTeams: growths.length,
        });
      }
    }
  }
  return out;
}

const score = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 12 }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 120 }).map((x) => x / 10) },
  // The largest scores intake lets through (DEFAULTS.maxScore: 1e9 in size).
  { weight: 1, arbitrary: fc.constantFrom(1e9, 999_999_999.5, -1e9) },
);
const district = fc
  .record({
    size: fc.integer({ min: 0, max: 30 }),
    teams: fc.integer({ min: 0, max: 4 }),
    schools: fc.integer({ min: 0, max: 3 }),
    subgroups: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }),
    measures: fc.array(
      fc.record({ max: fc.constantFrom(null, 10, 1e6), cut: fc.constantFrom(null, 6) }),
      { minLength: 1, maxLength: 2 },
    ),
    minN: fc.integer({ min: 1, max: 3 }),
  })
  .chain((d) =>
    fc.record({
      d: fc.constant(d),
      team: fc.array(fc.integer({ min: -1, max: d.teams - 1 }), {
        minLength: d.size,
        maxLength: d.size,
      }),
      school: fc.array(fc.integer({ min: -1, max: d.schools - 1 }), {
        minLength: d.size,
        maxLength: d.size,
      }),
      subs: fc.tuple(
        ...d.subgroups.map((L) =>
          fc.array(fc.integer({ min: -1, max: L - 1 }), { minLength: d.size, maxLength: d.size }),
        ),
      ),
      scores: fc.array(fc.array(score, { minLength: 2 * d.size, maxLength: 2 * d.size }), {
        minLength: d.measures.length,
        maxLength: d.measures.length,
      }),
    }),
  )
  .map(({ d, team, school, subs, scores: sc }): { ds: Dataset; minN: number } => {
    const col = (name: string, codes: number[], prefix: string) =>
      cat(
        name,
        codes.map((c) => (c < 0 ? null : `${prefix}${c + 1}`)),
      );
    const ds = dataset(
      d.size,
      d.teams ? col('Team', team, 'T') : null,
      d.schools ? col('School', school, 'Sch') : null,
      (subs as number[][]).map((codes, j) => col(`G${j + 1}`, codes, 'v')),
      d.measures.map((m, k) => ({
        name: `M${k + 1}`,
        preColumn: `P${k}`,
        postColumn: `Q${k}`,
        max: m.max,
        proficient: m.cut,
        pre: scores(sc[k].slice(0, d.size)),
        post: scores(sc[k].slice(d.size)),
      })),
    );
    return { ds, minN: d.minN };
  });

/**
 * Two figures agree: the same when not both numbers; else equal to 12 significant digits of the
 * larger of the figure and `scale`, the largest score in the data. The needs analysis sums each
 * cell in record order and then merges cells, and takes an SD from sums shifted by a group's
 * first score: a sum that cancels (1e9 − 1e9 + 0.1) keeps the rounding of its largest terms, so
 * two orders of summing agree to the digits of the largest score, not of the small result.
 */
function agree(got: unknown, want: unknown, scale: number): boolean {
  if (typeof got !== 'number' || typeof want !== 'number') return Object.is(got, want);
  if (Object.is(got, want)) return true;
  return Math.abs(got - want) <= 1e-12 * Math.max(Math.abs(want), scale, Number.MIN_VALUE);
}

/** The largest score of a dataset in size (0 when it has none). */
function largestScore(ds: Dataset): number {
  let big = 0;
  for (const m of ds.measures)
    for (const side of [m.pre, m.post])
      for (const x of side) if (Number.isFinite(x)) big = Math.max(big, Math.abs(x));
  return big;
}

/** The needs equal the plain computation's. */
function check(ds: Dataset, minN: number): void {
  const want = plainNeeds(ds, minN);
  const got = suggestGoals(input(ds, minN));
  const scale = largestScore(ds);
  expect(got.needs.length).toBe(want.size);
  for (const n of got.needs) {
    const key = `${n.team}|${n.measure}|${n.groupLabel}`;
    const w = want.get(key);
    expect(w, key).toBeDefined();
    for (const [k, v] of Object.entries(w!)) {
      const g = n[k as keyof Need];
      if (!agree(g, v, scale)) expect(g, `${key} ${k}`).toBe(v);
    }
  }
}

describe('group figures on random districts', () => {
  it('equal a plain per-group computation', () => {
    fc.assert(
      fc.property(district, ({ ds, minN }) => check(ds, minN)),
      { numRuns: 300, seed: 20261127 },
    );
  });
});

describe('group figures from cells in more than one block', () => {
  it('three subgroup columns of 30 values (a second block of cells): the plain figures', () => {
    // (3 teams + 1) × 31 × 31 codes fit a block; × 31 more do not: the third column's groups
    // come from cells of a second block. Each value's rest merges 29 other values' cells.
    let seed = 20261206;
    const next = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % k;
    };
    const size = 600;
    const pick = (k: number) => Array.from({ length: size }, () => next(k));
    const named = (name: string, codes: number[], prefix: string) =>
      cat(
        name,
        codes.map((c) => (c === 0 ? null : `${prefix}${c}`)),
      );
    const score = () =>
      Array.from({ length: size }, () => (next(10) === 0 ? null : next(1001) / 10));
    const ds = dataset(
      size,
      named('Team', pick(4), 'T'),
      named('School', pick(3), 'S'),
      [named('A', pick(31), 'a'), named('B', pick(31), 'b'), named('C', pick(31), 'c')],
      [
        {
          name: 'Score',
          preColumn: 'P',
          postColumn: 'Q',
          max: 100,
          proficient: 60,
          pre: scores(score()),
          post: scores(score()),
        },
      ],
    );
    check(ds, 2);
  });
});

describe("a team's school past a table of every team × school", () => {
  it('2,100 teams × 2,000 schools: counted team by team, a tie to the school met first', () => {
    // 2,100 × 2,000 = 4.2M pairs, over the one-table limit (2²²). Team t has records t and
    // t + 2,100, in schools t mod 2,000 and (t + 1) mod 2,000: one record each, a tie, so the
    // school of record t. Team 7 has a third record (8,400 + 1 → index 4,200) in school 8.
    const teams = 2100;
    const size = 2 * teams + 1;
    const team = Array.from({ length: size }, (_, i) => `T${i < 2 * teams ? i % teams : 7}`);
    const school = Array.from({ length: size }, (_, i) =>
      i < teams ? `S${i % 2000}` : i < 2 * teams ? `S${(i - teams + 1) % 2000}` : 'S8',
    );
    const post = Array.from({ length: size }, (_, i) => i % 10);
    const ds = dataset(
      size,
      cat('Team', team),
      cat('School', school),
      [],
      [
        {
          name: 'Read',
          preColumn: 'R1',
          postColumn: 'R2',
          max: 10,
          proficient: 6,
          pre: scores(post.map(() => null)),
          post: scores(post),
        },
      ],
    );
    const needs = suggestGoals(input(ds, 1)).needs;
    const schoolOf = (t: string) => needs.find((n) => n.team === t)!.school;
    expect([schoolOf('T5'), schoolOf('T1999'), schoolOf('T2050')]).toEqual(['S5', 'S1999', 'S50']);
    // Team 7: S7 once, S8 twice.
    expect(schoolOf('T7')).toBe('S8');
  });
});

describe('many needs', () => {
  it('150,000 one-student teams: 150,000 needs, ranked (no argument list of every need)', () => {
    const size = 150_000;
    const labels = Array.from({ length: size }, (_, i) => `T${i + 1}`);
    const ds = dataset(
      size,
      { column: 'Team', labels, codes: Int32Array.from({ length: size }, (_, i) => i) },
      null,
      [],
      [
        {
          name: 'Score',
          preColumn: 'P',
          postColumn: 'Q',
          max: 10,
          proficient: 6,
          pre: Float64Array.from({ length: size }, (_, i) => i % 10),
          post: Float64Array.from({ length: size }, (_, i) => (i + 1) % 11),
        },
      ],
    );
    const r = suggestGoals(input(ds, 1));
    expect(r.needs.length).toBe(size);
    // One score each: a need below the cut of 6 has reach 1; the first ranked is one of them.
    expect(r.needs[0].reach).toBe(1);
  });
});
