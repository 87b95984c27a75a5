/**
 * The JSON report as text in pieces: exactly `JSON.stringify(report, null, 2) + "\n"`, but the
 * data-quality issues (79,000 of them in a million-row file) are stringified a block at a time,
 * so the whole report never sits in memory as one string (31 MB for that file).
 */
import type { Report } from '../core/report';

/** Stands for the issues array in the rest of the report; a text no value can clash with unseen. */
const SENTINEL = '\u0000throughline:issues\u0000';
const ISSUES_PER_PIECE = 2000;
/** What JSON.stringify({ a: { b: [...] } }, null, 2) writes around the array's elements. */
const WRAP_HEAD = '{\n  "a": {\n    "b": [\n';
const WRAP_TAIL = '\n    ]\n  }\n}';

/**
 * The report's text, piece by piece; joined, the pieces are `JSON.stringify(report, null, 2)`
 * followed by a newline.
 */
export function* reportJsonPieces(report: Report): Generator<string> {
  const issues = report.dataQuality.issues;
  const shell = JSON.stringify(
    { ...report, dataQuality: { ...report.dataQuality, issues: SENTINEL } },
    null,
    2,
  );
  const marker = JSON.stringify(SENTINEL);
  const at = shell.indexOf(marker);
  // A value equal to the sentinel (it would have to be in the data) or no issues: the plain way.
  if (at < 0 || shell.indexOf(marker, at + 1) >= 0 || issues.length === 0) {
    yield `${JSON.stringify(report, null, 2)}\n`;
    return;
  }
  // The issues array sits at depth 2 (root › dataQuality › issues): elements at 6 spaces. A
  // block stringified inside two wrapper objects sits at that same depth, so cutting off the
  // wrappers' fixed text leaves exactly its elements as the whole report would indent them.
  yield `${shell.slice(0, at)}[\n`;
  for (let k = 0; k < issues.length; k += ISSUES_PER_PIECE) {
    const text = JSON.stringify({ a: { b: issues.slice(k, k + ISSUES_PER_PIECE) } }, null, 2);
    const last = k + ISSUES_PER_PIECE >= issues.length;
    yield `${text.slice(WRAP_HEAD.length, text.length - WRAP_TAIL.length)}${last ? '\n' : ',\n'}`;
  }
  yield `    ]${shell.slice(at + marker.length)}\n`;
}
