/**
 * The error model: every failure a person can cause is a ThroughlineError with a stable `code`
 * and a `kind`, and a message of one plain sentence that names the file, sheet, cell, option or
 * value and says what to change. Anything else that is thrown is a programming error.
 *
 * Kinds (docs/contracts.md, "Exit status"):
 * - `config`: the mapping config or an option is wrong (exit 2);
 * - `usage`: the command line itself is wrong (exit 2);
 * - `input-file`: an input or output file cannot be used (exit 1);
 * - `no-data`: the run read nothing it could use (exit 1);
 * - `sheet-limit`: the results do not fit Excel's sheets (exit 1);
 * - `cancelled`: the person stopped the run (exit 1).
 *
 * An error crosses the task pane's worker boundary as a plain object (`errorToPayload`) and is
 * made again on the other side (`errorFromPayload`) with its code and kind.
 */

export type ErrorKind = 'config' | 'usage' | 'input-file' | 'no-data' | 'sheet-limit' | 'cancelled';

/** The base of every error a person can cause. */
export class ThroughlineError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, code: string, message: string) {
    super(message);
    this.name = 'ThroughlineError';
    this.kind = kind;
    this.code = code;
  }
}

/** A broken mapping config or option: `code` is stable; the message says what to change. */
export class ConfigError extends ThroughlineError {
  constructor(code: string, message: string) {
    super('config', code, message);
    this.name = 'ConfigError';
  }
}

/**
 * An input or output file that cannot be used: missing, not a spreadsheet, too big, a zip bomb,
 * an output path that would overwrite an input. `usage` marks a mistake in the command line
 * itself (exit 2).
 */
export class InputFileError extends ThroughlineError {
  readonly usage: boolean;
  constructor(code: string, message: string, usage = false) {
    super(usage ? 'usage' : 'input-file', code, message);
    this.name = 'InputFileError';
    this.usage = usage;
  }
}

/** A run that used nothing: every sheet yielded no record. The message says why, per sheet. */
export class NoDataError extends ThroughlineError {
  constructor(message: string) {
    super('no-data', 'NO_USABLE_DATA', message);
    this.name = 'NoDataError';
  }
}

/** A plan (or the workbook) that does not fit Excel's sheets and cannot be split. */
export class SheetLimitError extends ThroughlineError {
  constructor(message: string) {
    super('sheet-limit', 'SHEET_LIMIT', message);
    this.name = 'SheetLimitError';
  }
}

/** Thrown (or rejected) when a run is cancelled; adapters undo everything before rethrowing. */
export class CancelledError extends ThroughlineError {
  constructor() {
    super('cancelled', 'CANCELLED', 'The run was cancelled; the workbook was left as it was.');
    this.name = 'CancelledError';
  }
}

/** What crosses a worker boundary (structured clone keeps no class). */
export interface ErrorPayload {
  name: string;
  message: string;
  code?: string;
  kind?: ErrorKind;
}

export function errorToPayload(error: unknown): ErrorPayload {
  if (error instanceof ThroughlineError)
    return { name: error.name, message: error.message, code: error.code, kind: error.kind };
  const e = error as Error | undefined;
  return { name: e?.name ?? 'Error', message: e?.message ?? String(error) };
}

/** The error again, of its own class where it had one. */
export function errorFromPayload(p: ErrorPayload): Error {
  if (!p.kind || !p.code) return Object.assign(new Error(p.message), { name: p.name });
  let e: ThroughlineError;
  if (p.kind === 'cancelled') e = new CancelledError();
  else if (p.kind === 'config') e = new ConfigError(p.code, p.message);
  else if (p.kind === 'sheet-limit') e = new SheetLimitError(p.message);
  else if (p.kind === 'no-data') e = new NoDataError(p.message);
  else e = new InputFileError(p.code, p.message, p.kind === 'usage');
  e.message = p.message;
  return e;
}

/** True for an error whose message is for the person (printed as it is, no stack). */
export function isPersonError(error: unknown): error is ThroughlineError {
  return error instanceof ThroughlineError;
}

/** The command line's exit status for an error a person caused: 2 for usage and config, else 1. */
export function exitStatusOf(error: ThroughlineError): 1 | 2 {
  return error.kind === 'usage' || error.kind === 'config' ? 2 : 1;
}
