/**
 * GroupedCells: records added to cells, cells merged into groups. Expected values are hand
 * calculations written beside each case, or a plain two-pass computation written here.
 */
import { describe, expect, it } from '@jest/globals';
import { GroupedCells } from '../../../src/core/stats';

const near = (got: number, want: number, tol = 1e-12) =>
  Math.abs(got - want) <= tol * Math.max(1, Math.abs(want));

/** A table of one measure with records (pre, post; null missing) added to the given cells. */
function table(
  records: [cell: number, pre: number | null, post: number | null][],
  options: { max?: number | null; proficient?: number | null } = {},
) {
  const cells = new GroupedCells([options]);
  const count = Math.max(...records.map((r) => r[0])) + 1;
  for (let c = 0; c < count; c++) cells.addCell();
  const cellOf = Int32Array.from(records, (r) => r[0]);
  const pre = Float64Array.from(records, (r) => r[1] ?? NaN);
  const post = Float64Array.from(records, (r) => r[2] ?? NaN);
  cells.addRecords(cellOf, 0, records.length, 0, pre, post);
  return cells;
}

/** Merge every cell of `from` into one group; the group's table. */
function mergeAll(from: GroupedCells, records: number) {
  const into = new GroupedCells([{ max: 10, proficient: 6 }]);
  into.addCell();
  const targets = new Int32Array(from.count); // every cell → group 0
  into.mergeFrom(from, 0, from.byFirstPair(0, records), targets, 1);
  return into;
}

describe('GroupedCells', () => {
  // Records by index: cell, pre, post. Cell 0 is made first, by record 0, which has no pre
  // score; its first pair is record 2. Cell 1's first pair is record 1: the group's first.
  // Cell 2 holds only an unpaired pre score (record 5).
  const records: [number, number | null, number | null][] = [
    [0, null, 5],
    [1, 2, 4],
    [0, 4, 7],
    [1, 6, 6],
    [0, 3, null],
    [2, 7, null],
    [1, 5, 9],
    [0, 8, 9],
  ];
  const cells = table(records, { max: 10, proficient: 6 });

  it("keeps each cell's first pair and orders cells by it, pairless cells last", () => {
    expect([0, 1, 2].map((c) => cells.firstPair(c, 0))).toEqual([2, 1, -1]);
    expect([...cells.byFirstPair(0, records.length)]).toEqual([1, 0, 2]);
    // Past 2⁵³ the sort keys would not be exact: the same order by comparison.
    expect([...cells.byFirstPair(0, 2 ** 53)]).toEqual([1, 0, 2]);
  });

  it('a cell alone: its own pairs and counts', () => {
    // Cell 0: pairs (4, 7), (8, 9); unpaired post (record 0) and pre (record 4).
    // Means 6 and 8, diff 3 and 1 → 2. SS: pre (−2)² + 2² = 8, post 1 + 1 = 2, diff 1 + 1 = 2,
    // cross (−2)(−1) + (2)(1) = 4. Proficient (≥ 6): pre 1, post 2. Gains (10 − x): 3/6, 1/2.
    const acc = cells.accumulator(0, 0);
    expect(acc.moments()).toEqual({
      n: 2,
      preMean: 6,
      postMean: 8,
      diffMean: 2,
      preSS: 8,
      postSS: 2,
      diffSS: 2,
      crossSS: 4,
    });
    expect([acc.unpairedPre, acc.unpairedPost, acc.proficientPre, acc.proficientPost]).toEqual([
      1, 1, 1, 2,
    ]);
    expect([acc.gainSum, acc.gainCount, acc.gainExcluded]).toEqual([1, 2, 0]);
    // Cell 2: one unpaired pre score, nothing else.
    const lone = cells.accumulator(2, 0);
    expect([lone.n, lone.unpairedPre, lone.unpairedPost, lone.records]).toEqual([0, 1, 0, 1]);
  });

  it('merged: the sums of all records, shifted by the earliest pair (record 1, in cell 1)', () => {
    // Pairs (2,4) (4,7) (6,6) (5,9) (8,9): n 5, means 5 and 7, diffs 2 3 0 4 1 → mean 2.
    // preSS 9+1+1+0+9 = 20, postSS 9+0+1+4+4 = 18, diffSS 0+1+4+4+1 = 10,
    // cross (−3)(−3) + (−1)(0) + (1)(−1) + (0)(2) + (3)(2) = 14. Unpaired pre: records 4, 5;
    // post: record 0. Proficient (≥ 6): pre 6, 8 → 2; post 7, 6, 9, 9 → 4.
    // Gains d / (10 − x): 2/8 + 3/6 + 0/4 + 4/5 + 1/2 = 0.25 + 0.5 + 0 + 0.8 + 0.5 = 2.05.
    const group = mergeAll(cells, records.length);
    expect(group.firstPair(0, 0)).toBe(1);
    const acc = group.accumulator(0, 0);
    expect(acc.moments()).toEqual({
      n: 5,
      preMean: 5,
      postMean: 7,
      diffMean: 2,
      preSS: 20,
      postSS: 18,
      diffSS: 10,
      crossSS: 14,
    });
    expect([acc.unpairedPre, acc.unpairedPost, acc.proficientPre, acc.proficientPost]).toEqual([
      2, 1, 2, 4,
    ]);
    expect(near(acc.gainSum, 2.05, 1e-15)).toBe(true);
    expect([acc.gainCount, acc.gainExcluded]).toEqual([5, 0]);
  });

  it('merging an unpaired-only cell first gives counts, and the shift still comes from a pair', () => {
    const into = new GroupedCells([{}]);
    into.addCell();
    // Order 2, 0, 1 on purpose: the pairless cell first, then the later-starting cell 0.
    into.mergeFrom(cells, 0, Int32Array.from([2, 0, 1]), new Int32Array(3), 1);
    // The target takes cell 0's first pair (record 2) as its shift; the sums are the same.
    expect(into.firstPair(0, 0)).toBe(2);
    const m = into.accumulator(0, 0).moments();
    expect([m.n, m.preMean, m.postMean, m.preSS, m.postSS, m.diffSS, m.crossSS]).toEqual([
      5, 5, 7, 20, 18, 10, 14,
    ]);
  });

  it('cells without a target (-1) are left out; a group of no records stays empty', () => {
    const into = new GroupedCells([{}]);
    into.addCell();
    into.addCell();
    // Cell 0 → group 0 only, cell 1 → group 0 only, cell 2 → nowhere; group 1 gets nothing.
    const targets = Int32Array.from([0, -1, 0, -1, -1, -1]);
    into.mergeFrom(cells, 0, cells.byFirstPair(0, records.length), targets, 2);
    const g0 = into.accumulator(0, 0);
    expect([g0.n, g0.unpairedPre, g0.unpairedPost]).toEqual([5, 1, 1]);
    expect(into.accumulator(1, 0).records).toBe(0);
    expect(into.firstPair(1, 0)).toBe(-1);
  });

  it('two measures side by side do not mix; the table grows past its first capacity', () => {
    const two = new GroupedCells([{ max: 4 }, { proficient: 1 }], 1);
    for (let c = 0; c < 3; c++) two.addCell();
    const cellOf = Int32Array.from([2, 0, 2]);
    two.addRecords(cellOf, 0, 3, 0, Float64Array.from([1, 2, 3]), Float64Array.from([2, 2, 4]));
    two.addRecords(cellOf, 0, 3, 1, Float64Array.from([0, NaN, 5]), Float64Array.from([1, 1, 5]));
    // Measure 0, cell 2: pairs (1,2), (3,4): means 2, 3; gains 1/3 + 1/1; cell 0: (2,2).
    const a = two.accumulator(2, 0);
    expect([a.n, a.moments().preMean, a.moments().postMean, a.gainCount]).toEqual([2, 2, 3, 2]);
    expect(near(a.gainSum, 4 / 3, 1e-15)).toBe(true);
    // Measure 1, cell 2: (0,1), (5,5): proficient (≥ 1) pre 1, post 2; cell 0: unpaired post.
    const b = two.accumulator(2, 1);
    expect([b.n, b.proficientPre, b.proficientPost, b.gainCount]).toEqual([2, 1, 2, 0]);
    expect([two.accumulator(0, 1).unpairedPost, two.accumulator(0, 0).n]).toEqual([1, 1]);
    expect(() => two.mergeFrom(cells, 0, new Int32Array(0), new Int32Array(0), 1)).toThrow(
      /other measures/,
    );
  });

  it('keeps the precision of a large offset across cells (1e9 + fractional scores)', () => {
    // Two cells far apart in value: a merge that did not re-centre exactly on one shift would
    // lose the spread to cancellation. Reference: two-pass mean and sums of squares.
    const base = 1e9;
    const pre = [0.125, 0.5, 0.375, 0.875, 3.25, 3.5, 3.625, 3.125];
    const post = [0.25, 0.75, 0.625, 1.5, 3.75, 3.5, 4.125, 3.5];
    const recs: [number, number, number][] = pre.map((x, i) => [
      i < 4 ? 1 : 0,
      base + x,
      base + post[i],
    ]);
    const group = mergeAll(table(recs), recs.length);
    const m = group.accumulator(0, 0).moments();
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const mx = mean(pre);
    const my = mean(post);
    const ss = (a: number[], b: number[], ma: number, mb: number) =>
      a.reduce((s, v, i) => s + (v - ma) * (b[i] - mb), 0);
    const d = post.map((y, i) => y - pre[i]);
    expect(near(m.preMean - base, mx, 1e-15)).toBe(true);
    expect(near(m.postMean - base, my, 1e-15)).toBe(true);
    expect(near(m.preSS, ss(pre, pre, mx, mx), 1e-12)).toBe(true);
    expect(near(m.postSS, ss(post, post, my, my), 1e-12)).toBe(true);
    expect(near(m.diffSS, ss(d, d, mean(d), mean(d)), 1e-12)).toBe(true);
    expect(near(m.crossSS, ss(pre, post, mx, my), 1e-12)).toBe(true);
  });
});

describe('GroupedCells with baseline figures (goal suggestion)', () => {
  // Records by index: cell, pre, post (max 10, cut 6, half-gap f = 0.5). The same records as
  // above; every present post is a baseline score, paired or not.
  const records: [number, number | null, number | null][] = [
    [0, null, 5],
    [1, 2, 4],
    [0, 4, 7],
    [1, 6, 6],
    [0, 3, null],
    [2, 7, null],
    [1, 5, 9],
    [0, 8, 9],
  ];
  /** A baseline table of one measure, records added, with the given bar. */
  function baselineTable(bar: number | null) {
    const cells = new GroupedCells([{ max: 10, proficient: 6 }], 4, [{ bar, gapShare: 0.5 }]);
    for (let c = 0; c < 3; c++) cells.addCell();
    const cellOf = Int32Array.from(records, (r) => r[0]);
    const pre = Float64Array.from(records, (r) => r[1] ?? NaN);
    const post = Float64Array.from(records, (r) => r[2] ?? NaN);
    cells.addBaseline(cellOf, 0, records.length, 0, pre, post);
    return cells;
  }
  const cells = baselineTable(7);

  it('a cell alone: its baseline scores and its pairs', () => {
    // Cell 0: posts 5, 7, 9 (record 4 has none): n 3, Σ 21; shifted by 5: Σ 0+2+4 = 6,
    // Σ² 0+4+16 = 20. At least 6: 7, 9. Below 7: 5. Half-gap y + 0.5(10 − y): 7.5, 8.5, 9.5 → 25.5.
    expect(cells.baseline(0, 0)).toEqual({
      n: 3,
      sum: 21,
      k: 5,
      s: 6,
      ss: 20,
      atLeastCut: 2,
      below: 1,
      halfGapN: 3,
      halfGapSum: 25.5,
    });
    // Pairs (4,7), (8,9): 2 of them, Σ d = 3 + 1 = 4; pre ≥ 6: 8; post ≥ 6: 7, 9.
    expect(cells.pairSums(0, 0)).toEqual({ n: 2, diffSum: 4, proficientPre: 1, proficientPost: 2 });
    // Cell 2: one pre score, no baseline score.
    expect(cells.baseline(2, 0).n).toBe(0);
    expect(cells.pairSums(2, 0).n).toBe(0);
  });

  it('merged: every baseline score, re-centred on the first merged cell', () => {
    const into = new GroupedCells([{ max: 10, proficient: 6 }], 1, [{ bar: 7, gapShare: 0.5 }]);
    into.addCell();
    into.mergeFrom(cells, 0, cells.byFirstPair(0, records.length), new Int32Array(3), 1);
    // Posts 5, 4, 7, 6, 9, 9: n 6, Σ 40, mean 20/3; Σ y² = 25+16+49+36+81+81 = 288, so
    // Σ(y − mean)² = 288 − 1600/6 = 64/3. At least 6: 7, 6, 9, 9; below 7: 5, 4, 6.
    const b = into.baseline(0, 0);
    expect([b.n, b.sum, b.atLeastCut, b.below, b.halfGapN]).toEqual([6, 40, 4, 3, 6]);
    // Half-gap targets 7.5, 7, 8.5, 8, 9.5, 9.5 → 50.
    expect(b.halfGapSum).toBe(50);
    // Whatever the shift, Σ(y − k)² − (Σ(y − k))² / n is the centred sum of squares.
    expect(near(b.ss - (b.s * b.s) / b.n, 64 / 3)).toBe(true);
    expect(near(b.k + b.s / b.n, 20 / 3)).toBe(true);
    // Pairs (2,4) (4,7) (6,6) (5,9) (8,9): Σ d = 2 + 3 + 0 + 4 + 1 = 10; pre ≥ 6: 6, 8; post ≥ 6: 4.
    expect(into.pairSums(0, 0)).toEqual({
      n: 5,
      diffSum: 10,
      proficientPre: 2,
      proficientPost: 4,
    });
  });

  it('a score above the maximum has no half-gap target; no bar counts nothing below it', () => {
    const t = new GroupedCells([{ max: 10, proficient: null }], 1, [{ bar: null, gapShare: 0.5 }]);
    t.addCell();
    t.addBaseline(
      new Int32Array(2),
      0,
      2,
      0,
      Float64Array.from([NaN, 1]),
      Float64Array.from([12, 4]),
    );
    // 12 > 10: no target; 4 → 7. No cut: none at least it. No bar: none below.
    const b = t.baseline(0, 0);
    expect([b.n, b.halfGapN, b.halfGapSum, b.atLeastCut, b.below]).toEqual([2, 1, 7, 0, 0]);
    expect(t.pairSums(0, 0)).toEqual({ n: 1, diffSum: 3, proficientPre: 0, proficientPost: 0 });
    // A baseline table keeps no paired moments: asking for them is an error, not zeros.
    expect(() => t.accumulator(0, 0)).toThrow(RangeError);
  });
});
