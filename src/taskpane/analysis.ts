/**
 * Runs analyze() in a Web Worker (src/taskpane/worker.ts, bundled by webpack as its own file and
 * allowed by the CSP's worker-src 'self'). A fresh worker per run: cancelling terminates it, so
 * a cancelled analysis stops at once instead of finishing unseen.
 */
import { CancelledError, errorFromPayload } from '../core/errors';
import type { AnalyzeRequest, SliceRequest, WorkerMessage } from './worker-protocol';

/** The worker's answer for a finished analysis. */
export type AnalysisResult = Extract<WorkerMessage, { type: 'result' }>;

/** Work running in the worker. */
export interface WorkerRun<T> {
  result: Promise<T>;
  /** Stops the worker; result rejects with a CancelledError. */
  cancel(): void;
}

/** A running analysis. */
export type AnalysisRun = WorkerRun<AnalysisResult>;

type Answer = Extract<WorkerMessage, { type: 'result' } | { type: 'slice-result' }>;

/** Starts a new worker on one request, reporting progress as it goes, until its answer. */
function inWorker<T>(
  message: AnalyzeRequest | SliceRequest,
  onProgress: (stage: string, done: number, total: number) => void,
  take: (answer: Answer) => T,
): WorkerRun<T> {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), {
    name: 'throughline-analysis',
  });
  let settle: { ok(r: T): void; fail(e: unknown): void } | null = null;
  const result = new Promise<T>((ok, fail) => {
    settle = { ok, fail };
  });
  const finish = (outcome: { answer: Answer } | { error: unknown }) => {
    worker.terminate();
    const s = settle;
    settle = null;
    if (!s) return;
    if ('answer' in outcome) s.ok(take(outcome.answer));
    else s.fail(outcome.error);
  };
  worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
    const m = event.data;
    if (m.type === 'progress') onProgress(m.stage, m.done, m.total);
    else if (m.type === 'error') finish({ error: errorFromPayload(m) });
    else finish({ answer: m });
  };
  worker.onerror = (event) => {
    event.preventDefault();
    finish({
      error: new Error(
        `The analysis stopped unexpectedly (${event.message || 'worker error'}). Reload the pane and run again`,
      ),
    });
  };
  worker.postMessage(message);
  return {
    result,
    cancel: () => {
      finish({ error: new CancelledError() });
    },
  };
}

/** Starts an analysis in a new worker, reporting progress as it goes. */
export function startAnalysis(
  request: Omit<AnalyzeRequest, 'type'>,
  onProgress: (stage: string, done: number, total: number) => void,
): AnalysisRun {
  return inWorker({ type: 'analyze', ...request }, onProgress, (a) => a as AnalysisResult);
}

/** Builds a slice workbook in a new worker: its .xlsx bytes. */
export function startSlice(
  request: Omit<SliceRequest, 'type'>,
  onProgress: (stage: string, done: number, total: number) => void,
): WorkerRun<Uint8Array> {
  return inWorker({ type: 'slice', ...request }, onProgress, (a) =>
    a.type === 'slice-result' ? new Uint8Array(a.bytes) : new Uint8Array(0),
  );
}
