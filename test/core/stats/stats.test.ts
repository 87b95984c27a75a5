/** The one-function-a-file statistics, against R and hand calculations. */
import { describe, expect, it } from '@jest/globals';
import {
  benchmarkOf,
  cohensDav,
  cohensDrm,
  cohensDz,
  gainBand,
  hedgesGav,
  interpretEffect,
  normalizedGain,
  PairedAccumulator,
  pairedFigures,
  pairedSummary,
  pairedT,
} from '../../../src/core/stats';

const near = (a: number, b: number, tol = 1e-12) =>
  Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

describe('pairedT', () => {
  it('matches R: t.test(c(3,5,9,4,10), c(1,2,4,3,5), paired = TRUE)', () => {
    // d = (2, 3, 5, 1, 5): mean 3.2, sd 1.7888543819998317 (R: sd(d))
    const r = pairedT(3.2, 1.7888543819998317, 5);
    expect(near(r.t, 4)).toBe(true); // R: 4
    expect(r.df).toBe(4);
    expect(near(r.p, 0.016130089900092539, 1e-10)).toBe(true); // R: tt$p.value
    expect(near(r.ciLow, 0.978843915841765333)).toBe(true); // R: tt$conf.int
    expect(near(r.ciHigh, 5.421156084158234911)).toBe(true);
  });
  it.each([
    [1, 1, 1, /at least two pairs/],
    [1, 0, 5, /positive sdDiff/],
  ])('pairedT(%s, %s, %s) throws', (m, s, n, msg) => {
    expect(() => pairedT(m, s, n)).toThrow(msg);
  });
});

describe('effect sizes (Lakens 2013) by hand', () => {
  it('dz = meanDiff / sdDiff', () => expect(cohensDz(1, 2)).toBe(0.5));
  it('dav = meanDiff / ((preSd + postSd) / 2)', () => expect(cohensDav(2, 3, 5)).toBe(0.5));
  it('drm = meanDiff / sdDiff · √(2(1 − r))', () => expect(cohensDrm(1, 2, 0.5)).toBe(0.5));
  it('gav = dav · (1 − 3/(8n − 9))', () =>
    expect(hedgesGav(0.5, 10)).toBeCloseTo(0.5 * (68 / 71), 15));
  it('normalizedGain = (post − pre)/(max − pre)', () =>
    expect(normalizedGain(40, 70, 100)).toBe(0.5));
  it.each([
    [() => cohensDz(1, 0)],
    [() => cohensDav(1, 0, 0)],
    [() => cohensDrm(1, 1, 1.5)],
    [() => hedgesGav(1, 1)],
    [() => normalizedGain(100, 90, 100)],
  ])('rejects degenerate input (%#)', (f) => expect(f).toThrow(RangeError));
});

describe('interpretEffect: by |dav|, "decline" for negative effects, benchmark bands', () => {
  it.each([
    ['kraft2020', 0.049, 'small', 'small gain'],
    ['kraft2020', 0.05, 'medium', 'medium gain'],
    ['kraft2020', 0.19, 'medium', 'medium gain'],
    ['kraft2020', 0.2, 'large', 'large gain'],
    ['kraft2020', -0.25, 'large', 'large decline'],
    ['kraft2020', 0, 'small', 'no change'],
    ['cohen1988', 0.1, 'small', 'negligible gain'],
    ['cohen1988', 0.2, 'small', 'small gain'],
    ['cohen1988', -0.5, 'medium', 'medium decline'],
    ['cohen1988', 0.8, 'large', 'large gain'],
    ['hattie', 0.39, 'medium', 'below-hinge gain'],
    ['hattie', 0.4, 'large', 'hinge-level gain'],
    ['hattie', 0.1, 'small', 'small gain'],
  ] as const)('%s %s → %s (%s)', (b, dav, label, text) => {
    expect(interpretEffect(dav, b)).toEqual({ label, text });
  });
  it('names the benchmark; an unknown one is a config error', () => {
    expect(benchmarkOf(undefined).name).toBe('kraft2020');
    expect(() => benchmarkOf('what' as never)).toThrow(
      /Unknown benchmark "what": set "benchmark" to one of/,
    );
  });
});

describe('gainBand (Hake 1998)', () => {
  it.each([
    [-0.1, 'low'],
    [0.29, 'low'],
    [0.3, 'medium'],
    [0.69, 'medium'],
    [0.7, 'high'],
  ] as const)('%s → %s', (g, band) => expect(gainBand(g)).toBe(band));
});

describe('pairedSummary (simple-statistics) and the accumulator agree with R', () => {
  // R: x <- c(1,2,4,3,5); y <- c(3,5,9,4,10); c(sd(x), sd(y), cor(x, y))
  //    1.58113883008418976 3.11448230047948726 0.91381154862025704 (print(..., digits = 17))
  const x = [1, 2, 4, 3, 5];
  const y = [3, 5, 9, 4, 10];
  it('pairedSummary', () => {
    const s = pairedSummary(x, y);
    expect(near(s.preSd, 1.5811388300841898)).toBe(true);
    expect(near(s.postSd, 3.11448230047948726)).toBe(true);
    expect(near(s.r, 0.91381154862025704)).toBe(true);
    expect(() => pairedSummary([1], [2])).toThrow('pairedSummary requires at least two pairs');
  });
  it('accumulator with a large offset (1e9 + x) keeps the precision (shifted sums)', () => {
    const acc = new PairedAccumulator();
    x.forEach((v, i) => acc.add(1e9 + v, 1e9 + y[i]));
    acc.add(NaN, 1);
    const f = pairedFigures(acc);
    expect(near(f.preSd!, 1.5811388300841898, 1e-9)).toBe(true);
    expect(near(f.r!, 0.91381154862025704, 1e-9)).toBe(true);
    expect(f.unpairedPost).toBe(1);
  });
});
