/**
 * The JSON report as text in pieces: exactly `JSON.stringify(report, null, 2) + "\n"`, but its
 * two long arrays — the data-quality issues (79,000 in a million-row file) and the impact rows
 * (5,600 there) — are stringified a block at a time, so the report never sits in memory as one
 * string (31 MB for that file), nor does the rest of it (6 MB of impact rows).
 */
import type { Report } from '../core/report';

/** Stands for a long array in the rest of the report; a text no value can clash with unseen. */
const SENTINEL = (name: string) => `\u0000throughline:${name}\u0000`;
/** Elements stringified together: a piece stays small enough for the young generation. */
const PER_PIECE = 200;

/** One long array: where it sits, and how deep (root › impact is 1, root › dataQuality › issues 2). */
interface LongArray {
  name: string;
  items: readonly unknown[];
  depth: number;
}

/**
 * The text JSON.stringify(…, null, 2) writes around an array's elements when the array sits
 * at `depth` inside wrapper objects { a: { a: … } }: the same indentation as in the report.
 */
function wrapper(depth: number): {
  wrap: (items: unknown[]) => unknown;
  head: string;
  tail: string;
} {
  const wrap = (items: unknown[]) => {
    let v: unknown = items;
    for (let d = 0; d < depth; d++) v = { a: v };
    return v;
  };
  const text = JSON.stringify(wrap([0]), null, 2);
  const at = text.indexOf('0');
  // The head ends with the array's "[\n", the tail starts with the "\n" after its last element.
  return { wrap, head: text.slice(0, text.lastIndexOf('\n', at) + 1), tail: text.slice(at + 1) };
}

/** An array's elements as the report writes them, PER_PIECE at a time, joined by ",\n". */
function* elements(a: LongArray): Generator<string> {
  const { wrap, head, tail } = wrapper(a.depth);
  for (let k = 0; k < a.items.length; k += PER_PIECE) {
    const text = JSON.stringify(wrap(a.items.slice(k, k + PER_PIECE)), null, 2);
    const last = k + PER_PIECE >= a.items.length;
    yield `${text.slice(head.length, text.length - tail.length)}${last ? '\n' : ',\n'}`;
  }
}

/**
 * The report's text, piece by piece; joined, the pieces are `JSON.stringify(report, null, 2)`
 * followed by a newline.
 */
export function* reportJsonPieces(report: Report): Generator<string> {
  const long: LongArray[] = [
    { name: 'issues', items: report.dataQuality.issues, depth: 2 },
    { name: 'impact', items: report.impact, depth: 1 },
  ].filter((a) => Array.isArray(a.items) && a.items.length > 0);
  const placeholders: Record<string, string> = {};
  for (const a of long) placeholders[a.name] = SENTINEL(a.name);
  const shell = JSON.stringify(
    {
      ...report,
      dataQuality: { ...report.dataQuality, issues: placeholders.issues ?? [] },
      impact: placeholders.impact ?? report.impact,
    },
    null,
    2,
  );
  // Where each placeholder sits; a value equal to one (it would have to be in the data) or an
  // array found elsewhere than expected: the plain way.
  const spots = long.map((a) => {
    const marker = JSON.stringify(SENTINEL(a.name));
    const at = shell.indexOf(marker);
    return { a, at, end: at + marker.length, once: at >= 0 && shell.indexOf(marker, at + 1) < 0 };
  });
  if (long.length === 0) {
    yield `${shell}\n`;
    return;
  }
  if (spots.some((s) => !s.once)) {
    yield `${JSON.stringify(report, null, 2)}\n`;
    return;
  }
  spots.sort((x, y) => x.at - y.at);
  let from = 0;
  for (const s of spots) {
    yield `${shell.slice(from, s.at)}[\n`;
    yield* elements(s.a);
    yield `${' '.repeat(2 * s.a.depth)}]`;
    from = s.end;
  }
  yield `${shell.slice(from)}\n`;
}
