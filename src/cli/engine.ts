/**
 * The engine's one use case as the command line calls it (docs/engine.md); the types live with
 * the use case in src/core/analyze.ts. The command line needs only the report and the plans,
 * so tests may pass a smaller engine.
 */
import type { AnalyzeInput, AnalyzeOutput } from '../core/analyze';

export type { AnalyzeInput, AnalyzeOutput } from '../core/analyze';

type CliOutput = Pick<AnalyzeOutput, 'report' | 'plans'>;

export type AnalyzeFn = (input: AnalyzeInput) => CliOutput | Promise<CliOutput>;
