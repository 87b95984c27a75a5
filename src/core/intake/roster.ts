/**
 * A roster beside the scores: a sheet of the same students (their IDs) with their teacher, grade
 * or groups but no scores, as a school's information system exports it apart from the test
 * platform's scores. Throughline reads teams, schools and student groups from the scores' own
 * sheet, so such a sheet is not read; detection says so and how to bring its columns over,
 * instead of proposing it as a sheet of scores (its "Grade" as a score, a window missing).
 */
import type { MappingConfig } from '../config';
import type { RawTable } from '../types';
import type { ColumnDetection, DetectionNote, SheetDetection } from './detect-types';
import { displayText } from './values';

/** At least this many of a roster's IDs are on the scores' sheet, and at least half of the fewer. */
const MIN_MATCHES = 3;

const isId = (c: ColumnDetection) => c.role === 'id';

/** Roles of a roster's columns: who teaches, coaches or groups a student (not a score). */
const ROSTER_ROLES = new Set(['team', 'school', 'teacher', 'coach', 'subgroup', 'category']);

/** The IDs under a detected sheet's ID column (text, trimmed), or null without one. */
function idsOf(table: RawTable, s: SheetDetection): Set<string> | null {
  const id = s.columns.find(isId);
  if (!id || s.headerRow < table.firstRow) return null;
  const ci = id.column - table.firstColumn;
  const out = new Set<string>();
  for (let r = s.headerRow - table.firstRow + 1; r < table.values.length; r++) {
    const text = displayText(table.values[r]?.[ci] ?? null).trim();
    if (text) out.add(text);
  }
  return out;
}

/** How many of `a` are in `b`. */
function shared(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n;
}

/**
 * Sheets that were not mapped but whose IDs are those of a mapped sheet of people: marked
 * `noMapping: 'roster'`, their not-mapped notes replaced by one saying what they are.
 */
export function markRosters(
  tables: readonly RawTable[],
  sheets: SheetDetection[],
  config: MappingConfig,
  notes: DetectionNote[],
): void {
  const mapped = [...config.students, ...(config.educators ?? [])].map((c) => c.sheet);
  const candidates = sheets.filter(
    (s) =>
      !mapped.includes(s.sheet) &&
      !s.noMapping &&
      s.unmapped &&
      s.columns.some(isId) &&
      s.columns.some((c) => ROSTER_ROLES.has(c.role)),
  );
  if (!candidates.length) return; // the mapped sheets' IDs are not gone through for nothing
  const people = sheets.flatMap((s) => {
    const table = tables.find((t) => t.sheet === s.sheet);
    const ids = mapped.includes(s.sheet) && table ? idsOf(table, s) : null;
    return ids ? [{ sheet: s.sheet, ids }] : [];
  });
  for (const s of candidates) {
    const table = tables.find((t) => t.sheet === s.sheet);
    const ids = table ? idsOf(table, s) : null;
    if (!ids) continue;
    const match = people
      .map((p) => ({ sheet: p.sheet, n: shared(ids, p.ids), of: Math.min(ids.size, p.ids.size) }))
      .find((m) => m.n >= MIN_MATCHES && m.n >= m.of / 2);
    if (!match) continue;
    s.noMapping = 'roster';
    delete s.unmapped;
    for (let i = notes.length - 1; i >= 0; i--) if (notes[i].sheet === s.sheet) notes.splice(i, 1);
    notes.push({
      sheet: s.sheet,
      column: null,
      level: 'unsure',
      message: rosterNote(s, ids, match),
    });
  }
}

function rosterNote(
  s: SheetDetection,
  ids: Set<string>,
  match: { sheet: string; n: number },
): string {
  const id = s.columns.find((c) => c.role === 'id')!.header;
  const others = s.columns.filter((c) => c.role !== 'id').map((c) => `"${c.header}"`);
  const shown = others.length > 4 ? [...others.slice(0, 4), '…'] : others;
  return `"${s.sheet}" looks like a roster for "${match.sheet}": ${match.n} of its ${ids.size} IDs in "${id}" are there too, with ${shown.join(', ')}. Throughline reads teams, schools and student groups from "${match.sheet}" itself, so this sheet is not read: to compare by these columns, copy them into "${match.sheet}" by ID (in Excel, XLOOKUP on "${id}") and run again.`;
}
