/**
 * Impact: pre/post figures (statistics.md) per measure × group, and the sheets that show them
 * as live formulas ("Impact Data", "Impact", "Impact Chain").
 * PLACEHOLDER until issue 4 lands: no figures, no sheets.
 */
import type { MappingConfig } from '../config';
import type { Dataset } from '../dataset';
import type { SheetPlan } from '../plans/types';
import type { SheetNames } from '../plans/names';
import type { ImpactRow } from '../report';

export function computeImpact(_datasets: Dataset[], _config: MappingConfig): ImpactRow[] {
  return [];
}

export function buildImpactPlans(
  _datasets: Dataset[],
  _rows: ImpactRow[],
  _config: MappingConfig,
  _names: SheetNames,
): SheetPlan[] {
  return [];
}
