/**
 * Excel's limit on the text of one cell. A plan string longer than that (a 40,000-character
 * comment in a CSV, say) cannot be written whole; the adapters write its beginning and end the
 * cell with a visible note, so nothing is cut silently. The full text stays in the source
 * sheet and the JSON report.
 */

/** Most characters one cell can hold (Excel's specifications and limits). */
export const CELL_TEXT_LIMIT = 32_767;

/**
 * The text an adapter writes for a plan string: the string itself when it fits in `limit`
 * characters, else its beginning and a note saying how long it was.
 * @param text a plan string
 * @param limit most characters the cell may hold (default 32,767)
 * @returns text of at most `limit` characters
 * @example
 *   clipCellText('x'.repeat(40_000)).endsWith('[cut: 40,000 characters in all; a cell holds 32,767]') // true
 */
export function clipCellText(text: string, limit = CELL_TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  const note = `… [cut: ${thousands(text.length)} characters in all; a cell holds ${thousands(CELL_TEXT_LIMIT)}]`;
  let head = text.slice(0, Math.max(0, limit - note.length));
  // Do not leave half of a surrogate pair before the note.
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return head + note;
}

/** 40000 → "40,000" (no locale data needed). */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
