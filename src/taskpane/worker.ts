/**
 * The analysis worker: runs analyze() off the pane's main thread so the pane stays responsive.
 * Excel is read and written on the main thread (Office.js lives there); tables come in by
 * postMessage and the report and plans go back the same way. A slice request ("Share a slice")
 * gets the slice workbook's .xlsx bytes back, transferred rather than copied.
 */
import { errorToPayload } from '../core/errors';
import { runAnalysis } from './run-analysis';
import { buildSliceWorkbook } from './slice-workbook';
import type { AnalyzeRequest, SliceRequest, WorkerMessage } from './worker-protocol';

/** The part of a dedicated worker's global scope used here (the DOM lib has no worker types). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<AnalyzeRequest | SliceRequest>) => void) | null;
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;

const progress = (stage: string, done: number, total: number) =>
  scope.postMessage({ type: 'progress', stage, done, total });

/** A failure crosses the boundary with its code and kind (core/errors.ts). */
const fail = (error: unknown) => scope.postMessage({ type: 'error', ...errorToPayload(error) });

async function slice(request: SliceRequest): Promise<void> {
  const bytes = await buildSliceWorkbook(request, progress);
  const buffer =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : (bytes.slice().buffer as ArrayBuffer);
  scope.postMessage({ type: 'slice-result', bytes: buffer }, [buffer]);
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request?.type === 'slice') {
    slice(request).catch(fail);
    return;
  }
  if (request?.type !== 'analyze') return;
  try {
    scope.postMessage(runAnalysis(request, progress));
  } catch (error) {
    fail(error);
  }
};
