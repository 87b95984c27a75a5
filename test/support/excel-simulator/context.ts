/**
 * The request context: proxies queue operations; `sync()` sends them as one request, applies
 * them in order, and hands loaded properties back — with the limits of Excel on the web (5 MB
 * request and response) and optional fault injection.
 */
import type { Evaluate } from './cells';
import { SimulatedExcelError, ErrorCodes } from './errors';
import type { WorkbookModel } from './model';

export interface SimulatorOptions {
  /** Largest request and response in bytes (Excel on the web: 5 MB). Default 5,000,000. */
  payloadLimitBytes?: number;
  /** Most cells one range may read (Excel: 5,000,000). */
  maxReadCells?: number;
  /** Make the Nth sync (1-based, counted over the simulator's life) fail. */
  failAtSync?: number;
  /** Operations of the failing sync applied before it fails (default 0). */
  failAfterOps?: number;
  /** Workbook structure protected: adding, deleting, renaming, hiding sheets fails. */
  protectedWorkbook?: boolean;
  /** Cached value of a formula written through the API (the simulator computes nothing). */
  evaluate?: Evaluate;
  /**
   * The highest ExcelApi requirement set this "Excel" supports (Office.context.requirements).
   * Default "1.8": Excel.createWorkbook is there; "1.7" is an Excel without it.
   */
  excelApi?: string;
}

export interface SimulatorStats {
  syncs: number;
  /** UTF-8 bytes of each sync's request (the JSON of its queued operations). */
  requestBytes: number[];
  /** UTF-8 bytes of each sync's response (the JSON of the loaded properties). */
  responseBytes: number[];
  largestRequest: number;
  largestResponse: number;
  /** Operations applied, all syncs together. */
  operations: number;
  /** Calls of application.suspendApiCalculationUntilNextSync(). */
  suspendCalculation: number;
}

export interface Engine {
  model: WorkbookModel;
  options: SimulatorOptions;
  stats: SimulatorStats;
}

/** One queued operation: its JSON (for the request size), what it does, what it returns. */
export interface Operation {
  json: unknown;
  run(): void;
  /** The loaded data this operation puts in the response. */
  response?(): unknown;
  /** Hand the loaded data to the proxy, after the whole sync succeeded. */
  after?(): void;
}

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function newStats(): SimulatorStats {
  return {
    syncs: 0,
    requestBytes: [],
    responseBytes: [],
    largestRequest: 0,
    largestResponse: 0,
    operations: 0,
    suspendCalculation: 0,
  };
}

export class ContextCore {
  private queue: Operation[] = [];
  constructor(readonly engine: Engine) {}

  enqueue(op: Operation): void {
    this.queue.push(op);
  }

  get pending(): number {
    return this.queue.length;
  }

  async sync(): Promise<void> {
    const ops = this.queue;
    this.queue = [];
    const { stats, options } = this.engine;
    // Like the real API, the request leaves after the caller's synchronous code.
    await Promise.resolve();
    stats.syncs++;
    const n = stats.syncs;
    const limit = options.payloadLimitBytes ?? 5_000_000;
    const request = utf8Length(JSON.stringify(ops.map((o) => o.json)));
    stats.requestBytes.push(request);
    stats.largestRequest = Math.max(stats.largestRequest, request);
    if (request > limit) {
      stats.responseBytes.push(0);
      throw new SimulatedExcelError(
        ErrorCodes.requestPayloadSizeLimitExceeded,
        `The request payload size has exceeded the limit. (${request} bytes; the limit is ${limit})`,
      );
    }
    if (options.failAtSync === n) {
      const applied = Math.min(options.failAfterOps ?? 0, ops.length);
      for (let i = 0; i < applied; i++) {
        ops[i].run();
        stats.operations++;
      }
      stats.responseBytes.push(0);
      throw new SimulatedExcelError(
        ErrorCodes.generalException,
        `An internal error has occurred. (injected at sync ${n} after ${applied} of ${ops.length} operations)`,
      );
    }
    try {
      for (const op of ops) {
        op.run();
        stats.operations++;
      }
    } catch (err) {
      stats.responseBytes.push(0);
      throw err;
    }
    const response = utf8Length(JSON.stringify(ops.map((o) => (o.response ? o.response() : null))));
    stats.responseBytes.push(response);
    stats.largestResponse = Math.max(stats.largestResponse, response);
    if (response > limit) {
      throw new SimulatedExcelError(
        ErrorCodes.responsePayloadSizeLimitExceeded,
        `The response payload size has exceeded the limit. (${response} bytes; the limit is ${limit})`,
      );
    }
    for (const op of ops) op.after?.();
  }
}
