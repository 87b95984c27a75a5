/**
 * Statistics for the impact figures of docs/statistics.md, one function a file. Distributions come
 * from @stdlib, two-pass summaries from simple-statistics.
 */
export { BENCHMARKS, benchmarkOf, type Benchmark, type BenchmarkBand } from './benchmarks';
export { cohensDav } from './cohens-dav';
export { cohensDrm } from './cohens-drm';
export { cohensDz } from './cohens-dz';
export { bandFormula, bandOf, BAND_DIGITS, GAIN_BANDS, roundForBand, type Band } from './bands';
export { gainBand, type GainBand } from './gain-band';
export { hedgesGav } from './hedges-gav';
export { interpretEffect, type EffectReading } from './interpret-effect';
export { isNegligible, NEGLIGIBLE } from './negligible';
export { normalizedGain } from './normalized-gain';
export {
  PairedAccumulator,
  type PairedAccumulatorOptions,
  type PairedMoments,
  type PairedSums,
} from './paired-accumulator';
export { GroupedCells } from './grouped-cells';
export { pairedFigures, REASONS } from './paired-figures';
export { pairedSummary, type PairedSummary } from './paired-summary';
export { pairedT, type PairedTResult } from './paired-t';
