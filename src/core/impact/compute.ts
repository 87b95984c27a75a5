/**
 * computeImpact: ONE pass over each dataset's records (one per block of subgroup columns; one
 * block unless the teams and subgroup values make too many combinations), adding each record
 * once per measure to the accumulator (sums, sums of squares and cross products, counts,
 * proficiency counts, normalized-gain sums) of its cell, its team × subgroup values; every
 * reported group is then the merge of its cells. Memory grows with the number of groups and
 * cells, not with rows × groups.
 */
import type { MappingConfig } from '../config';
import type { Dataset } from '../dataset';
import { ConfigError } from '../intake/validate';
import type { ImpactRow, PairedFigures } from '../report';
import { benchmarkOf } from '../stats/benchmarks';
import { gradeOf, subjectOf } from '../stats/norms';
import type { PairedAccumulatorOptions } from '../stats/paired-accumulator';
import { blocksOf, fillCells, teamSchoolPairs } from '../stats/cell-blocks';
import { GroupedCells } from '../stats/grouped-cells';
import { pairedFigures } from '../stats/paired-figures';
import {
  crossedWithSchools,
  crossedWithTeams,
  groupRefs,
  groupSpecs,
  reportedSubgroups,
  type GroupSpec,
} from './groups';
import {
  changeReading,
  normComparison,
  relativeGrowth,
  relativeLabel,
  yearShareOf,
} from './reading';

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

/**
 * One dataset's groups: slots laid out as in `slotOf`; each slot with records has a row of
 * `groups` (all measures side by side), the overall slot always.
 */
interface DatasetAccumulators {
  teams: number;
  subSizes: number[];
  /** Offsets of the subgroup, school × subgroup and team × subgroup blocks among the slots. */
  subOffset: number[];
  schoolOffset: number[];
  crossOffset: number[];
  /** Whether the school is reported (as subgroup 0): crossed with the other subgroups, not teams. */
  school: boolean;
  slots: number;
  /** A slot's row of `groups`, -1 when it has none. */
  rowOf: Int32Array;
  groups: GroupedCells;
}

function layout(ds: Dataset, options: PairedAccumulatorOptions[]): DatasetAccumulators {
  const teams = ds.team?.labels.length ?? 0;
  const subs = reportedSubgroups(ds);
  const subSizes = subs.map((s) => s.labels.length);
  let slots = 1 + teams;
  const subOffset: number[] = [];
  for (const size of subSizes) {
    subOffset.push(slots);
    slots += size;
  }
  const school = subs.length > 0 && !crossedWithTeams(ds, 0);
  const schoolOffset: number[] = [];
  subSizes.forEach((size, j) => {
    schoolOffset.push(slots);
    if (crossedWithSchools(ds, j)) slots += subSizes[0] * size;
  });
  const crossOffset: number[] = [];
  for (const size of subSizes) {
    crossOffset.push(slots);
    slots += teams * size;
  }
  const rowOf = new Int32Array(slots).fill(-1);
  // Room for every group up to a few thousand (the table doubles past that).
  const groups = new GroupedCells(options, Math.min(slots, 4096));
  rowOf[0] = groups.addCell();
  return { teams, subSizes, subOffset, schoolOffset, crossOffset, school, slots, rowOf, groups };
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
    case 'schoolCross':
      return l.schoolOffset[spec.sub] + spec.school * l.subSizes[spec.sub] + spec.value;
  }
}

/**
 * Accumulate a dataset: each record once per measure into its cell of each block, then each
 * group as the merge of its cells (overall and teams from the first block, a subgroup column's
 * groups from its block), cells taken in the order of their first pairs so that every group
 * keeps its own first pair as its shift.
 */
function accumulate(ds: Dataset): DatasetAccumulators {
  const options = ds.measures.map((m) => ({ max: m.max, proficient: m.proficient }));
  const l = layout(ds, options);
  const subs = reportedSubgroups(ds);
  const row = (slot: number) =>
    l.rowOf[slot] < 0 ? (l.rowOf[slot] = l.groups.addCell()) : l.rowOf[slot];
  const keys = l.school ? teamSchoolPairs(ds, subs[0]) : l.teams + 1;
  blocksOf(keys, subs, l.school).forEach((block, b) => {
    // Keyed by the school too when it is reported and not one of the block's columns.
    const keyed = l.school && block[0] !== 0 ? [0, ...block] : block;
    const { cells, team, values } = fillCells(
      ds,
      keyed.map((j) => subs[j]),
      options,
    );
    const at = keyed.length - block.length; // values[at + i]: the block's column i
    // Each cell's groups: overall and team (first block), then per column: its value, team ×
    // value, school × value.
    const perCell = (b === 0 ? 2 : 0) + 3 * block.length;
    const targets = new Int32Array(cells.count * perCell).fill(-1);
    for (let c = 0; c < cells.count; c++) {
      let k = c * perCell;
      const t = team[c];
      if (b === 0) {
        targets[k++] = row(0);
        if (t >= 0) targets[k] = row(1 + t);
        k++;
      }
      const s = l.school ? values[0][c] : -1;
      block.forEach((j, i) => {
        const v = values[at + i][c];
        if (v >= 0) {
          targets[k] = row(l.subOffset[j] + v);
          if (t >= 0 && crossedWithTeams(ds, j)) {
            targets[k + 1] = row(l.crossOffset[j] + t * l.subSizes[j] + v);
          }
          if (s >= 0 && crossedWithSchools(ds, j)) {
            targets[k + 2] = row(l.schoolOffset[j] + s * l.subSizes[j] + v);
          }
        }
        k += 3;
      });
    }
    ds.measures.forEach((_, mi) =>
      l.groups.mergeFrom(cells, mi, cells.byFirstPair(mi, ds.size), targets, perCell),
    );
  });
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
  const b = benchmarkOf(config.benchmark);
  const benchmark = b.name;
  const minN = minNOf(config);
  const yearShare = yearShareOf(config);
  const out: ImpactRowSource[] = [];
  datasets.forEach((ds, di) => {
    const l = accumulate(ds);
    const specs = groupSpecs(ds);
    ds.measures.forEach((m, mi) => {
      let everyone: PairedFigures | null = null;
      for (const spec of specs) {
        const at = l.rowOf[slotOf(l, spec)];
        if (at < 0) continue;
        const acc = l.groups.accumulator(at, mi);
        if (spec.kind !== 'all' && acc.records === 0) continue;
        const figures = pairedFigures(acc);
        if (spec.kind === 'all') everyone = figures;
        const relative =
          spec.kind === 'team' && everyone ? relativeGrowth(figures, everyone, minN, b) : null;
        const teamLabel =
          spec.kind === 'team' || spec.kind === 'cross' ? ds.team!.labels[spec.team] : null;
        const row: ImpactRow = {
          population: ds.population,
          measure: m.name,
          groups: groupRefs(ds, spec),
          ...figures,
          interpretation: {
            benchmark,
            effect: 'relativeEffect',
            label: relativeLabel(relative, b),
            reading: changeReading(figures, minN),
          },
          relative,
          norm:
            ds.population === 'students'
              ? normComparison(figures, subjectOf(m.name), gradeOf(teamLabel), yearShare, minN)
              : null,
          note:
            figures.n < minN ? `fewer than ${minN} pairs (n = ${figures.n}): read with care` : null,
        };
        out.push({ row, dataset: di, measure: mi, spec });
      }
    });
  });
  return out;
}
