import type { BenchmarkName } from '../config';
import { ConfigError } from '../intake/validate';
import type { EffectLabel } from '../report';

/** One band of a benchmark: |d_av| ≥ `min` (the first band that fits, highest first). */
export interface BenchmarkBand {
  min: number;
  label: EffectLabel;
  /** What the sheet says (Cohen's lowest band is "negligible", kept as label "small"). */
  words: string;
}

export interface Benchmark {
  name: BenchmarkName;
  /** How the sheet names it beside each interpretation. */
  title: string;
  /** Highest band first; the last band has min 0. */
  bands: BenchmarkBand[];
}

/**
 * The effect-size benchmarks of docs/statistics.md, applied to |d_av|.
 * Kraft (2020): below 0.05 small, 0.05 to below 0.20 medium, 0.20 and above large.
 * Cohen (1988): 0.2 small, 0.5 medium, 0.8 large (below 0.2 negligible).
 * Hattie (2009): the 0.40 hinge point; 0.15 to 0.40 the typical teacher effect.
 */
export const BENCHMARKS: Record<BenchmarkName, Benchmark> = {
  kraft2020: {
    name: 'kraft2020',
    title: 'Kraft 2020',
    bands: [
      { min: 0.2, label: 'large', words: 'large' },
      { min: 0.05, label: 'medium', words: 'medium' },
      { min: 0, label: 'small', words: 'small' },
    ],
  },
  cohen1988: {
    name: 'cohen1988',
    title: 'Cohen 1988',
    bands: [
      { min: 0.8, label: 'large', words: 'large' },
      { min: 0.5, label: 'medium', words: 'medium' },
      { min: 0.2, label: 'small', words: 'small' },
      { min: 0, label: 'small', words: 'negligible' },
    ],
  },
  hattie: {
    name: 'hattie',
    title: 'Hattie 0.40 hinge',
    bands: [
      { min: 0.4, label: 'large', words: 'hinge-level' },
      { min: 0.15, label: 'medium', words: 'below-hinge' },
      { min: 0, label: 'small', words: 'small' },
    ],
  },
};

/**
 * The benchmark of a name; an unknown name is a broken config.
 *
 * @param name config.benchmark (default kraft2020)
 * @returns its bands
 */
export function benchmarkOf(name: BenchmarkName | undefined): Benchmark {
  const b = BENCHMARKS[name ?? 'kraft2020'];
  if (!b) {
    throw new ConfigError(
      'CONFIG_TYPE',
      `Unknown benchmark "${String(name)}": set "benchmark" to one of ${Object.keys(BENCHMARKS).join(', ')}.`,
    );
  }
  return b;
}
