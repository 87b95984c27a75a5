/**
 * Impact: pre/post figures (docs/statistics.md) per measure × group, and the sheets that show them
 * as live formulas ("Impact Data", "Impact", "Impact Chain").
 */
import type { MappingConfig } from '../config';
import type { Dataset } from '../dataset';
import type { SheetPlan } from '../plans/types';
import type { SheetNames } from '../plans/names';
import type { ImpactRow } from '../report';
import { buildImpactView } from './view-sheet';
import { buildChainSheet } from './chain-sheet';
import { computeImpactSources, minNOf, type ImpactRowSource } from './compute';
import { buildDataSheet, type DataLayout } from './data-sheet';
import { rowKey } from './groups';
import { buildImpactSheet, type ImpactColumn } from './impact-sheet';

export { computeImpactSources, DEFAULT_MIN_N, type ImpactRowSource } from './compute';
export { IMPACT_COLUMNS, IMPACT_HEADER_ROW, type ImpactColumn } from './impact-sheet';

/**
 * Every figure of docs/statistics.md for each measure: overall, by team, by each subgroup value and
 * team × subgroup (students); overall and by team for educators' practice measures. One pass
 * over the records per dataset. Groups under config.minN pairs are reported with a `note`.
 *
 * @param datasets intake's datasets
 * @param config the mapping (benchmark, minN)
 * @returns the report's impact rows
 * @example computeImpact(intake.datasets, config).filter((r) => r.groups.length === 0)
 */
export function computeImpact(datasets: Dataset[], config: MappingConfig): ImpactRow[] {
  return computeImpactSources(datasets, config).map((s) => {
    sourceOf.set(s.row, s);
    return s.row;
  });
}

/**
 * Where each row computeImpact returned came from, so buildImpactPlans need not read the
 * records a second time. Weak: it holds no row alive.
 */
const sourceOf = new WeakMap<ImpactRow, ImpactRowSource>();

/** The sources of `rows`: remembered when they came from computeImpact, else recomputed. */
function sourcesOf(
  datasets: Dataset[],
  rows: ImpactRow[],
  config: MappingConfig,
): ImpactRowSource[] {
  const known = rows.map((r) => sourceOf.get(r));
  if (known.every((s) => s !== undefined && s.dataset < datasets.length)) {
    return known as ImpactRowSource[];
  }
  // Rows from elsewhere (e.g. a saved report): match them to the groups by their identity.
  const queue = new Map<string, ImpactRow[]>();
  for (const row of rows) {
    const key = rowKey(row.population, row.measure, row.groups);
    const list = queue.get(key);
    if (list) list.push(row);
    else queue.set(key, [row]);
  }
  const sources: ImpactRowSource[] = [];
  for (const s of computeImpactSources(datasets, config)) {
    const row = queue.get(rowKey(s.row.population, s.row.measure, s.row.groups))?.shift();
    if (row) sources.push({ ...s, row });
  }
  return sources;
}

/**
 * The three impact sheets. `rows` are the report's rows (from computeImpact); each sheet row is
 * matched to them by population, measure and groups, so the formulas' cached values are the
 * very numbers of the report.
 *
 * @param datasets intake's datasets
 * @param rows computeImpact's rows
 * @param config the mapping
 * @param names final sheet names (cross-sheet references use them)
 * @returns plans for "Impact Data", "Impact" and "Impact Chain"
 */
export function buildImpactPlans(
  datasets: Dataset[],
  rows: ImpactRow[],
  config: MappingConfig,
  names: SheetNames,
): SheetPlan[] {
  return impactPlansAndLayout(datasets, rows, config, names).plans;
}

/** Where each report row is on the Impact sheet (other sheets link to its cells). */
export interface ImpactCells {
  sheet: string;
  /** Excel row of each report row. */
  rowOf: Map<ImpactRow, number>;
  column: Record<ImpactColumn, number>;
}

/**
 * buildImpactPlans, where Impact Data put every column (the Progress sheet reads it too) and
 * where Impact put every row (the summary links to it).
 */
export function impactPlansAndLayout(
  datasets: Dataset[],
  rows: ImpactRow[],
  config: MappingConfig,
  names: SheetNames,
): { plans: SheetPlan[]; layout: DataLayout; cells: ImpactCells } {
  const minN = minNOf(config);
  const sources = sourcesOf(datasets, rows, config);
  const data = buildDataSheet(datasets, names['impact-data']);
  const impact = buildImpactSheet(datasets, sources, data.layout, config, minN, names.impact);
  const chain = buildChainSheet(
    datasets,
    sources,
    data.layout,
    { sheet: names.impact, rowOf: impact.rowOf, column: impact.column },
    names['impact-chain'],
  );
  const view = buildImpactView(
    sources,
    { sheet: names.impact, rowOf: impact.rowOf, column: impact.column, cells: impact.plan.cells },
    names['impact-view'],
  );
  const rowOf = new Map<ImpactRow, number>();
  for (const [s, R] of impact.rowOf) rowOf.set(s.row, R);
  return {
    plans: [data.plan, view, impact.plan, chain],
    layout: data.layout,
    cells: { sheet: names.impact, rowOf, column: impact.column },
  };
}
