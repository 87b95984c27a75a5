/**
 * The analysis worker: runs analyze() off the pane's main thread so the pane stays responsive.
 * Excel is read and written on the main thread (Office.js lives there); tables come in by
 * postMessage and the report and plans go back the same way.
 */
import { errorToPayload } from '../core/errors';
import { runAnalysis } from './run-analysis';
import type { AnalyzeRequest, WorkerMessage } from './worker-protocol';

/** The part of a dedicated worker's global scope used here (the DOM lib has no worker types). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<AnalyzeRequest>) => void) | null;
  postMessage(message: WorkerMessage): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const request = event.data;
  if (request?.type !== 'analyze') return;
  try {
    scope.postMessage(
      runAnalysis(request, (stage, done, total) =>
        scope.postMessage({ type: 'progress', stage, done, total }),
      ),
    );
  } catch (error) {
    // The code and kind cross the boundary with the message (core/errors.ts).
    scope.postMessage({ type: 'error', ...errorToPayload(error) });
  }
};
