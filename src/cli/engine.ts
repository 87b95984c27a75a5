/**
 * The engine's one use case as the command line calls it (docs/engine.md):
 * analyze({ tables, config?, existingSheets, state, now }) → { report, plans, detection }.
 */
import type { MappingConfig } from '../core/config';
import type { ThroughlineState } from '../core/ports';
import type { SheetPlan } from '../core/plans/types';
import type { Report } from '../core/report';
import type { RawTable } from '../core/types';

export interface AnalyzeInput {
  tables: RawTable[];
  config?: MappingConfig;
  existingSheets: string[];
  state: ThroughlineState | null;
  now: Date;
}

export interface AnalyzeOutput {
  report: Report;
  plans: SheetPlan[];
  detection?: unknown;
}

export type AnalyzeFn = (input: AnalyzeInput) => AnalyzeOutput | Promise<AnalyzeOutput>;
