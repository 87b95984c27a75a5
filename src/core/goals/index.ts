/**
 * Goal suggestions: needs analysis, targets, SMART statements, the principal's template.
 * PLACEHOLDER until issue 5 lands.
 */
import type { MappingConfig } from '../config';
import type { Dataset } from '../dataset';
import type { SheetPlan } from '../plans/types';
import type { SheetNames } from '../plans/names';
import type { DataQualityIssue, GoalSuggestion, ImpactRow } from '../report';
import type { RawTable } from '../types';

export interface GoalsInput {
  datasets: Dataset[];
  impact: ImpactRow[];
  goalsTable: RawTable | null;
  templateTable: RawTable | null;
  config: MappingConfig;
  now: Date;
}

export interface GoalsResult {
  suggestions: GoalSuggestion[];
  /** Data problems found on the way (reported in Data Quality). */
  issues: DataQualityIssue[];
}

export function suggestGoals(_input: GoalsInput): GoalsResult {
  return { suggestions: [], issues: [] };
}

export function buildGoalPlans(
  _result: GoalsResult,
  _input: GoalsInput,
  _names: SheetNames,
): SheetPlan[] {
  return [];
}
