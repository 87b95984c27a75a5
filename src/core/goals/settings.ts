/** The target settings of a run: the config's, defaults filled in (core/options.ts). */
import { DEFAULTS, checkTargetOptions } from '../options';
import type { MappingConfig } from '../config';
import type { TargetMethod } from '../report';
import { annualShare, type Tier } from './targets';

export interface Settings {
  minN: number;
  /** The annual share of the gap a half-gap target closes (config fraction over the horizon). */
  fraction: number;
  /** config.targets.fraction and horizonYears as given (for the words). */
  gapFraction: number;
  horizonYears: number;
  percentile: number;
  delta: number;
  method: TargetMethod | undefined;
  tiers: Tier[] | undefined;
}

/** The target settings of the config, defaults filled; a nonsensical setting throws ConfigError. */
export function settingsOf(config: MappingConfig): Settings {
  checkTargetOptions(config); // ConfigError naming the key (core/options.ts)
  const t = config.targets ?? {};
  const d = DEFAULTS.targets;
  const fraction = t.fraction ?? d.fraction;
  const horizonYears = t.horizonYears ?? d.horizonYears;
  return {
    minN: config.minN ?? DEFAULTS.minN,
    fraction: annualShare(fraction, horizonYears),
    gapFraction: fraction,
    horizonYears,
    percentile: t.percentile ?? d.percentile,
    delta: t.delta ?? d.delta,
    method: t.method,
    tiers: t.tiers,
  };
}
