/**
 * Adopted suggestions: a person types Y in the "Adopt" column of a "Suggested Goals" sheet an
 * earlier run wrote. The next run reads that sheet back (as a table among the workbook's sheets)
 * and marks the same goals adopted, so the alignment step takes them in as team goals.
 *
 * Suggestion IDs follow the ranking and can change when the data changes, so a goal is matched
 * by what it is about (level, team, measure, group), not by its ID. A statement the person
 * rewrote in the sheet is kept as theirs.
 */
import type { GoalSuggestion } from '../report';
import type { CellValue, RawTable } from '../types';
import { adoptionKey, suggestionKey, type AdoptionChoice } from './adoption-key';
import { SUGGESTED_GOALS_HEADERS } from './plans';

export { adoptionKey, suggestionKey, type AdoptionChoice };

export interface AdoptedGoal {
  sheet: string;
  row: number;
  key: string;
  statement: string | null;
  /** What the row says of the goal, for tracking its progress (progress/tracked.ts). */
  level: string;
  team: string | null;
  measure: string;
  group: string | null;
  baseline: number | null;
  target: number | null;
  metric: string;
}

const YES = /^(y|yes|x|✓|✔|true|1|adopt|adopted)$/i;

const text = (v: CellValue | undefined): string =>
  v === null || v === undefined ? '' : String(v).trim();

/**
 * Rows a Suggested Goals header may sit below: an instruction above it (this version), or
 * none (sheets written before it moved above the table).
 */
const HEADER_SEARCH_ROWS = 3;

/**
 * The index of a Suggested Goals table's header row ("Adopt", "ID", "Level", …) among a sheet's
 * first rows, or -1: the reader of "Adopt" and the pane's toggle find it by this one rule.
 */
export function suggestedGoalsHeaderRow(rows: readonly (readonly unknown[] | undefined)[]): number {
  const want = SUGGESTED_GOALS_HEADERS.slice(0, 6).map((h) => h.toLowerCase());
  return rows
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((row) => want.every((h, i) => text(row?.[i] as CellValue).toLowerCase() === h));
}

/** Rows marked adopted in any table laid out as our Suggested Goals sheet (header in its first rows). */
export function findAdoptedGoals(tables: RawTable[]): AdoptedGoal[] {
  const out: AdoptedGoal[] = [];
  for (const t of tables) {
    const at = suggestedGoalsHeaderRow(t.values);
    if (at < 0) continue;
    const header = (t.values[at] ?? []).map((v) => text(v).toLowerCase());
    const statementAt = header.indexOf('statement');
    for (let i = at + 1; i < t.values.length; i++) {
      const row = t.values[i] ?? [];
      // The table ends at its first row without an ID (the notes below it are not goals).
      if (!text(row[1])) break;
      if (!YES.test(text(row[0]))) continue;
      out.push({
        sheet: t.sheet,
        row: t.firstRow + i,
        key: adoptionKey(text(row[2]), text(row[3]) || null, text(row[4]), text(row[5]) || null),
        statement: statementAt >= 0 ? text(row[statementAt]) || null : null,
        level: text(row[2]),
        team: text(row[3]) || null,
        measure: text(row[4]),
        group: text(row[5]) || null,
        baseline: typeof row[6] === 'number' ? row[6] : null,
        target: typeof row[7] === 'number' ? row[7] : null,
        metric: text(row[8]),
      });
    }
  }
  return out;
}

/** Mark the suggestions a person adopted (and keep their wording); returns the same array. */
export function applyAdoption<T extends GoalSuggestion & { groupLabel?: string | null }>(
  suggestions: T[],
  adopted: AdoptedGoal[],
): T[] {
  return applyChoices(
    suggestions,
    adopted.map((a) => ({ key: a.key, adopted: true, statement: a.statement })),
  );
}

/** Apply the pane's choices after the sheets' adoptions; returns the same array. */
export function applyChoices<T extends GoalSuggestion & { groupLabel?: string | null }>(
  suggestions: T[],
  choices: AdoptionChoice[],
): T[] {
  if (choices.length === 0) return suggestions;
  const byKey = new Map(choices.map((c) => [c.key, c]));
  for (const s of suggestions) {
    const c = byKey.get(suggestionKey(s));
    if (!c) continue;
    if (c.adopted) s.adopted = true;
    else delete s.adopted;
    if (c.statement !== null && c.statement.trim()) s.statement = c.statement.trim();
  }
  return suggestions;
}
