/**
 * Runs analyze() in a Web Worker (src/taskpane/worker.ts, bundled by webpack as its own file and
 * allowed by the CSP's worker-src 'self'). A fresh worker per run: cancelling terminates it, so
 * a cancelled analysis stops at once instead of finishing unseen.
 */
import { CancelledError, errorFromPayload } from '../core/errors';
import type { AnalyzeRequest, WorkerMessage } from './worker-protocol';

/** The worker's answer for a finished analysis. */
export type AnalysisResult = Extract<WorkerMessage, { type: 'result' }>;

/** A running analysis. */
export interface AnalysisRun {
  result: Promise<AnalysisResult>;
  /** Stops the worker; result rejects with a CancelledError. */
  cancel(): void;
}

/** Starts an analysis in a new worker, reporting progress as it goes. */
export function startAnalysis(
  request: Omit<AnalyzeRequest, 'type'>,
  onProgress: (stage: string, done: number, total: number) => void,
): AnalysisRun {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), {
    name: 'throughline-analysis',
  });
  let settle: { ok(r: AnalysisResult): void; fail(e: unknown): void } | null = null;
  const result = new Promise<AnalysisResult>((ok, fail) => {
    settle = { ok, fail };
  });
  const finish = (outcome: { result: AnalysisResult } | { error: unknown }) => {
    worker.terminate();
    const s = settle;
    settle = null;
    if (!s) return;
    if ('result' in outcome) s.ok(outcome.result);
    else s.fail(outcome.error);
  };
  worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
    const message = event.data;
    if (message.type === 'progress') onProgress(message.stage, message.done, message.total);
    else if (message.type === 'result') finish({ result: message });
    else finish({ error: errorFromPayload(message) });
  };
  worker.onerror = (event) => {
    event.preventDefault();
    finish({
      error: new Error(
        `The analysis stopped unexpectedly (${event.message || 'worker error'}). Reload the pane and run again`,
      ),
    });
  };
  const message: AnalyzeRequest = { type: 'analyze', ...request };
  worker.postMessage(message);
  return {
    result,
    cancel: () => {
      finish({ error: new CancelledError() });
    },
  };
}
