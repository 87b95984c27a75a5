import type { BenchmarkName } from '../config';
import type { EffectLabel } from '../report';
import { roundForBand } from './bands';
import { benchmarkOf } from './benchmarks';

export interface EffectReading {
  label: EffectLabel;
  /** What the sheet shows, e.g. "large gain", "negligible decline", "no change". */
  text: string;
}

/**
 * Interpret a d_av on a benchmark: the band is chosen by |d_av| and the text says whether it
 * is a gain or a decline, so a negative effect is never read as an improvement.
 *
 * @param dav Cohen's d_av (finite)
 * @param benchmark config.benchmark (default kraft2020)
 * @returns label and text
 * @example interpretEffect(-0.3, 'kraft2020') // { label: 'large', text: 'large decline' }
 */
export function interpretEffect(dav: number, benchmark?: BenchmarkName): EffectReading {
  if (!Number.isFinite(dav))
    throw new RangeError(`interpretEffect requires a finite d_av, got ${dav}`);
  const size = roundForBand(Math.abs(dav));
  const band = benchmarkOf(benchmark).bands.find((b) => size >= b.min)!;
  if (dav === 0) return { label: band.label, text: 'no change' };
  return { label: band.label, text: `${band.words} ${dav < 0 ? 'decline' : 'gain'}` };
}
