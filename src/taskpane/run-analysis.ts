/**
 * One analysis of the pane's request: what the worker (worker.ts) runs off the main thread, and
 * what tests run in process. With a saved mapping analyze() does not detect; the Data step still
 * shows what detection sees (sheet kinds, confidence), so it detects here too.
 */
import { analyze, type AnalyzeInput } from '../core/analyze';
import { detectConfig } from '../core/intake';
import type { ProgressListener } from '../core/ports';
import { heldPlan } from '../core/plans/types';
import type { AnalysisResult } from './analysis';
import type { AnalyzeRequest } from './worker-protocol';

/** analyze()'s input for a pane request (a slice request adds its slice). */
export function analyzeInput(
  request: Omit<AnalyzeRequest, 'type'>,
  progress?: ProgressListener,
): AnalyzeInput {
  return {
    tables: request.tables,
    config: request.config,
    configKept: request.configKept,
    existingSheets: request.existingSheets,
    state: request.state,
    now: new Date(request.now),
    previousOutputs: request.previousOutputs,
    adoptions: request.adoptions,
    progress,
  };
}

export function runAnalysis(
  request: Omit<AnalyzeRequest, 'type'>,
  progress?: ProgressListener,
): AnalysisResult {
  const out = analyze(analyzeInput(request, progress));
  const detection = out.detection ?? detectConfig(request.tables);
  return {
    type: 'result',
    report: out.report,
    // Rows made on demand cannot cross to the pane: held as cells (the pane writes whole plans).
    plans: out.plans.map(heldPlan),
    sheets: detection.sheets,
    notes: out.detection ? detection.notes : [],
    detected: out.detection !== null,
  };
}
