/**
 * The analysis worker: runs analyze() off the pane's main thread so the pane stays responsive.
 * Excel is read and written on the main thread (Office.js lives there); tables come in by
 * postMessage and the report and plans go back the same way.
 */
import { analyze } from '../core/analyze';
import { errorToPayload } from '../core/errors';
import { detectConfig } from '../core/intake';
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
    const out = analyze({
      tables: request.tables,
      config: request.config,
      configKept: request.configKept,
      existingSheets: request.existingSheets,
      state: request.state,
      now: new Date(request.now),
      previousOutputs: request.previousOutputs,
      adoptions: request.adoptions,
      progress: (stage, done, total) => scope.postMessage({ type: 'progress', stage, done, total }),
    });
    // With a saved mapping analyze() does not detect; the Data step still shows what detection
    // sees (sheet kinds, confidence), so detect here too.
    const detection = out.detection ?? detectConfig(request.tables);
    scope.postMessage({
      type: 'result',
      report: out.report,
      plans: out.plans,
      sheets: detection.sheets,
      notes: out.detection ? detection.notes : [],
      detected: out.detection !== null,
    });
  } catch (error) {
    // The code and kind cross the boundary with the message (core/errors.ts).
    scope.postMessage({ type: 'error', ...errorToPayload(error) });
  }
};
