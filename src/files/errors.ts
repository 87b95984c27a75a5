/**
 * An input or output file that cannot be used (defined once, with the other errors a person can
 * cause, in core/errors.ts): the command line prints its message without a stack trace and exits
 * with status 1 (or 2 for usage).
 */
export { InputFileError } from '../core/errors';
