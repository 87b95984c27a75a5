/**
 * Alignment: the goal graph (district → school → team → individual), links, orphans,
 * unsupported priorities, duplicated efforts, coherence; the matrix and the map sheets.
 * PLACEHOLDER until issue 6 lands.
 */
import type { MappingConfig } from '../config';
import type { SheetPlan } from '../plans/types';
import type { SheetNames } from '../plans/names';
import type { AlignmentReport, DataQualityIssue, GoalSuggestion, ImpactRow } from '../report';
import type { RawTable } from '../types';

export interface AlignmentInput {
  goalsTable: RawTable | null;
  suggestions: GoalSuggestion[];
  impact: ImpactRow[];
  config: MappingConfig;
}

export interface AlignmentResult {
  /** null when there is no goals sheet and nothing was adopted. */
  report: AlignmentReport | null;
  issues: DataQualityIssue[];
}

export function analyzeAlignment(_input: AlignmentInput): AlignmentResult {
  return { report: null, issues: [] };
}

export function buildAlignmentPlans(
  _result: AlignmentResult,
  _input: AlignmentInput,
  _names: SheetNames,
): SheetPlan[] {
  return [];
}
