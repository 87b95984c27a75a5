/**
 * computeImpact: ONE pass over each dataset's records, feeding per-group accumulators (sums,
 * sums of squares and cross products, counts, proficiency counts, normalized-gain sums), so
 * memory grows with the number of groups and not with rows × groups.
 */
import type { MappingConfig } from '../config';
import type { Dataset } from '../dataset';
import { ConfigError } from '../intake/validate';
import type { ImpactRow } from '../report';
import { benchmarkOf } from '../stats/benchmarks';
import { interpretEffect } from '../stats/interpret-effect';
import { PairedAccumulator } from '../stats/paired-accumulator';
import { pairedFigures } from '../stats/paired-figures';
import { groupRefs, groupSpecs, reportedSubgroups, type GroupSpec } from './groups';

export const DEFAULT_MIN_N = 10;

/** config.minN, checked: a broken value is a config error that says what to change. */
export function minNOf(config: MappingConfig): number {
  const minN = config.minN ?? DEFAULT_MIN_N;
  if (!Number.isInteger(minN) || minN < 1) {
    throw new ConfigError(
      'CONFIG_TYPE',
      `"minN" must be a whole number of at least 1 (got ${JSON.stringify(config.minN)}).`,
    );
  }
  return minN;
}

/** One dataset's accumulators: [measure][slot], slots laid out as in `slotOf`. */
interface DatasetAccumulators {
  teams: number;
  subSizes: number[];
  /** Offsets of the subgroup and cross blocks among the slots. */
  subOffset: number[];
  crossOffset: number[];
  slots: number;
  acc: (PairedAccumulator | undefined)[][];
}

function layout(ds: Dataset): DatasetAccumulators {
  const teams = ds.team?.labels.length ?? 0;
  const subs = reportedSubgroups(ds);
  const subSizes = subs.map((s) => s.labels.length);
  let slots = 1 + teams;
  const subOffset: number[] = [];
  for (const size of subSizes) {
    subOffset.push(slots);
    slots += size;
  }
  const crossOffset: number[] = [];
  for (const size of subSizes) {
    crossOffset.push(slots);
    slots += teams * size;
  }
  return { teams, subSizes, subOffset, crossOffset, slots, acc: ds.measures.map(() => []) };
}

function slotOf(l: DatasetAccumulators, spec: GroupSpec): number {
  switch (spec.kind) {
    case 'all':
      return 0;
    case 'team':
      return 1 + spec.team;
    case 'subgroup':
      return l.subOffset[spec.sub] + spec.value;
    case 'cross':
      return l.crossOffset[spec.sub] + spec.team * l.subSizes[spec.sub] + spec.value;
  }
}

/** Accumulate every record of a dataset once. */
function accumulate(ds: Dataset): DatasetAccumulators {
  const l = layout(ds);
  const subs = reportedSubgroups(ds);
  const teamCodes = ds.team?.codes ?? null;
  // Slots touched by the current record (overall, team, each subgroup, each cross).
  const touched = new Int32Array(2 + 2 * subs.length);
  const options = ds.measures.map((m) => ({ max: m.max, proficient: m.proficient }));
  ds.measures.forEach((_, mi) => (l.acc[mi][0] = new PairedAccumulator(options[mi])));
  for (let r = 0; r < ds.size; r++) {
    let k = 0;
    touched[k++] = 0;
    const team = teamCodes ? teamCodes[r] : -1;
    if (team >= 0) touched[k++] = 1 + team;
    for (let j = 0; j < subs.length; j++) {
      const v = subs[j].codes[r];
      if (v < 0) continue;
      touched[k++] = l.subOffset[j] + v;
      if (team >= 0) touched[k++] = l.crossOffset[j] + team * l.subSizes[j] + v;
    }
    for (let mi = 0; mi < ds.measures.length; mi++) {
      const x = ds.measures[mi].pre[r];
      const y = ds.measures[mi].post[r];
      if (x !== x && y !== y) continue;
      const accs = l.acc[mi];
      for (let i = 0; i < k; i++) {
        (accs[touched[i]] ??= new PairedAccumulator(options[mi])).add(x, y);
      }
    }
  }
  return l;
}

/** A report row's source: its dataset, measure and group (for the sheet builders). */
export interface ImpactRowSource {
  row: ImpactRow;
  dataset: number;
  measure: number;
  spec: GroupSpec;
}

/**
 * The impact rows with where each came from. Groups without any record are left out; a
 * measure's overall row is always there (n = 0 says that nothing was paired).
 *
 * @param datasets intake's datasets
 * @param config the mapping (benchmark, minN)
 * @returns rows in report order with their sources
 */
export function computeImpactSources(
  datasets: Dataset[],
  config: MappingConfig,
): ImpactRowSource[] {
  const benchmark = benchmarkOf(config.benchmark).name;
  const minN = minNOf(config);
  const out: ImpactRowSource[] = [];
  datasets.forEach((ds, di) => {
    const l = accumulate(ds);
    const specs = groupSpecs(ds);
    ds.measures.forEach((m, mi) => {
      for (const spec of specs) {
        const acc = l.acc[mi][slotOf(l, spec)];
        if (!acc || (spec.kind !== 'all' && acc.records === 0)) continue;
        const figures = pairedFigures(acc);
        const row: ImpactRow = {
          population: ds.population,
          measure: m.name,
          groups: groupRefs(ds, spec),
          ...figures,
          interpretation: {
            benchmark,
            effect: 'dav',
            label: figures.dav === null ? null : interpretEffect(figures.dav, benchmark).label,
          },
          note:
            figures.n < minN ? `fewer than ${minN} pairs (n = ${figures.n}): read with care` : null,
        };
        out.push({ row, dataset: di, measure: mi, spec });
      }
    });
  });
  return out;
}
