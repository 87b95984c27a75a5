/**
 * An input or output file that cannot be used: missing, not a spreadsheet, too big, a zip bomb,
 * an output path that would overwrite an input. The message says what is wrong and what to do;
 * the command line prints it without a stack trace and exits with status 1 (or 2 for usage).
 */
export class InputFileError extends Error {
  /** Stable code for tests and scripts, e.g. "NOT_A_SPREADSHEET". */
  readonly code: string;
  /** True when the mistake is in the command line itself (exit status 2). */
  readonly usage: boolean;
  constructor(code: string, message: string, usage = false) {
    super(message);
    this.name = 'InputFileError';
    this.code = code;
    this.usage = usage;
  }
}
