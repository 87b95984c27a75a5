/**
 * A suggestion's identity across runs, and a person's choice about it: small on purpose, so the
 * task pane's main bundle can use it without the goal-planning code.
 *
 * Suggestion IDs follow the ranking and can change when the data changes, so a goal is matched
 * by what it is about (level, team, measure, group), not by its ID.
 */
import type { GoalSuggestion } from '../report';

/** The identity of a suggestion across runs. */
export function adoptionKey(
  level: string,
  team: string | null,
  measure: string,
  group: string | null,
): string {
  return [level, team ?? '', measure, group ?? '']
    .map((s) => s.trim().toLowerCase())
    .join('\u0001');
}

/** A suggestion's identity across runs (see adoptionKey). */
export function suggestionKey(s: GoalSuggestion & { groupLabel?: string | null }): string {
  return adoptionKey(s.level, s.team, s.measure, s.groupLabel ?? null);
}

/**
 * A choice a person made in the task pane about one suggestion: adopt it or not, and (when they
 * edited it) its wording. It overrides what an earlier Suggested Goals sheet said.
 */
export interface AdoptionChoice {
  /** suggestionKey of the goal. */
  key: string;
  adopted: boolean;
  /** The person's wording; null keeps the suggested (or earlier adopted) statement. */
  statement: string | null;
}
