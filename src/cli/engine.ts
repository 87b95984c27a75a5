/**
 * The engine's one use case as the command line calls it (docs/engine.md); the types live with
 * the use case in src/core/analyze.ts. The command line needs the report and the plans (and
 * detection's findings, to say why a run used nothing), so tests may pass a smaller engine.
 */
import type { AnalyzeInput, AnalyzeOutput } from '../core/analyze';

export type { AnalyzeInput, AnalyzeOutput } from '../core/analyze';

type CliOutput = Pick<AnalyzeOutput, 'report' | 'plans'> &
  Partial<Pick<AnalyzeOutput, 'detection'>>;

export type AnalyzeFn = (input: AnalyzeInput) => CliOutput | Promise<CliOutput>;
