/**
 * Issue 17: relative growth (Welch) against R, the rest-of-everyone figures by hand, and the
 * norm-based reading of a change (Bloom, Hill, Black & Lipsey 2008, Tables 1–2).
 */
import { describe, expect, it } from '@jest/globals';
import { relativeGrowth, normComparison, changeReading } from '../../../src/core/impact/reading';
import type { PairedFigures } from '../../../src/core/report';
import { benchmarkOf } from '../../../src/core/stats/benchmarks';
import { annualNorm, gradeOf, normReading, subjectOf } from '../../../src/core/stats/norms';
import { restOf, welch } from '../../../src/core/stats/welch';

const close = (got: number | null | undefined, want: number, tol = 1e-12) =>
  expect(Math.abs((got ?? NaN) - want)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want)));

// x = c(3,5,4,6,7,2,5); y = c(1,2,2,3,1,0,2,4,1,2,3)
// R: t.test(x, y, var.equal = FALSE): difference 2.66233766233766, df 9.36829390029092,
//    95% CI 1.01124788002921 4.31342744464612
// mean(x) 4.57142857142857, sd(x) 1.71824938596845; mean(y) 1.90909090909091, sd(y) 1.13618180363404
// everyone (x and y): mean 2.94444444444444, sd 1.89340099299156
describe('Welch relative growth', () => {
  it('matches R t.test(x, y, var.equal = FALSE)', () => {
    const w = welch(7, 4.57142857142857, 1.71824938596845, 11, 1.90909090909091, 1.13618180363404)!;
    close(w.difference, 2.66233766233766, 1e-13);
    close(w.df, 9.36829390029092, 1e-12);
    close(w.ciLow, 1.01124788002921, 1e-12);
    close(w.ciHigh, 4.31342744464612, 1e-12);
  });
  it('the rest of everyone from everyone minus the part (parallel sums of squares)', () => {
    const r = restOf(
      18,
      2.94444444444444,
      1.89340099299156,
      7,
      4.57142857142857,
      1.71824938596845,
    )!;
    expect(r.n).toBe(11);
    close(r.mean, 1.90909090909091, 1e-12);
    close(r.sd, 1.13618180363404, 1e-11);
  });
  it('a team against everyone else, from the two rows the report has', () => {
    const fig = (n: number, meanDiff: number, sdDiff: number, preSd: number, postSd: number) =>
      ({ n, meanDiff, sdDiff, preSd, postSd, dav: meanDiff }) as unknown as PairedFigures;
    // x is the team (n 7), x and y everyone; pre and post SDs of everyone 2 and 4 → scale 3
    const r = relativeGrowth(
      fig(7, 4.57142857142857, 1.71824938596845, 1, 1),
      fig(18, 2.94444444444444, 1.89340099299156, 2, 4),
      5,
      benchmarkOf('kraft2020'),
    );
    expect(r.othersN).toBe(11);
    close(r.difference, 2.66233766233766, 1e-11);
    close(r.ciLow, 1.01124788002921, 1e-10);
    close(r.effect, 2.66233766233766 / 3, 1e-11);
    expect(r.reading).toBe('above other teams (large)');
    // under the minimum n on either side: too few to tell
    expect(
      relativeGrowth(
        fig(7, 4.57142857142857, 1.71824938596845, 1, 1),
        fig(18, 2.94444444444444, 1.89340099299156, 2, 4),
        10,
        benchmarkOf('kraft2020'),
      ).reading,
    ).toBe('too few to tell');
  });
  it('a CI that includes 0 is no clear difference', () => {
    // R: t.test(c(1,2,3), c(2,3,1,2), var.equal = FALSE)$conf.int spans 0
    const w = welch(3, 2, 1, 4, 2, Math.sqrt(2 / 3))!;
    expect(w.ciLow).toBeLessThan(0);
    expect(w.ciHigh).toBeGreaterThan(0);
  });
  it('no comparison with fewer than two on a side or no spread at all', () => {
    expect(welch(1, 3, 0, 5, 2, 1)).toBeNull();
    expect(welch(3, 3, 0, 5, 2, 0)).toBeNull();
  });
});

describe('ordinary growth (Bloom et al. 2008)', () => {
  it('reads the grade and subject from labels', () => {
    expect(gradeOf('Lakeside Grade 4')).toBe(4);
    expect(gradeOf('Gr 7 team')).toBe(7);
    expect(gradeOf('Grade K')).toBe(0);
    expect(gradeOf('Northview Literacy Lab')).toBeNull();
    expect(subjectOf('Reading')).toBe('reading');
    expect(subjectOf('ELA Spring')).toBe('reading');
    expect(subjectOf('Math')).toBe('math');
    expect(subjectOf('Science')).toBeNull();
  });
  it('the growth into a grade: grade 4 reading is the 3–4 row (0.36), grade 1 math K–1 (1.14)', () => {
    expect(annualNorm('reading', 4)).toBe(0.36);
    expect(annualNorm('math', 1)).toBe(1.14);
    expect(annualNorm('math', 12)).toBe(0.01);
    expect(annualNorm('reading', 0)).toBeNull();
  });
  it.each([
    // grade 4 reading, a full year: 0.36; 1.25 × 0.36 = 0.45, 0.75 × 0.36 = 0.27
    [0.45, 'above ordinary growth'],
    [0.4499, 'about ordinary growth'],
    [0.27, 'about ordinary growth'],
    [0.2699, 'below ordinary growth'],
  ])('dav %s against 0.36 is %s', (dav, words) => {
    expect(normReading(dav, 0.36)).toBe(words);
  });
  it('part of a year is compared with the same share of the annual gain', () => {
    const f = { n: 30, dav: 0.19 } as PairedFigures;
    // fall to winter (0.5 of a year), grade 4 math (the 3–4 row): 0.52 × 0.5 = 0.26;
    // 0.19 / 0.26 = 0.731 → below
    const c = normComparison(f, 'math', 4, 0.5, 10)!;
    close(c.expected, 0.26, 1e-15);
    expect(c.reading).toBe('below ordinary growth');
    expect(normComparison({ n: 5, dav: 0.2 } as PairedFigures, 'math', 4, 1, 10)!.reading).toBe(
      'too few to tell',
    );
  });
  it('a pre/post change alone is a direction that includes ordinary growth; small groups too few', () => {
    expect(changeReading({ n: 30, dav: 0.9 } as PairedFigures, 10)).toBe(
      'gain (includes ordinary growth)',
    );
    expect(changeReading({ n: 30, dav: -0.9 } as PairedFigures, 10)).toBe('decline');
    expect(changeReading({ n: 5, dav: -0.9 } as PairedFigures, 10)).toBe('too few to tell');
  });
});
