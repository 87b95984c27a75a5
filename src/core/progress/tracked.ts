/**
 * The goals whose progress is tracked: every adopted suggestion of this run, with the target it
 * was adopted with (read back from the earlier Suggested Goals sheet), and every row adopted in
 * an earlier sheet that this run no longer suggests (the data moved, the adoption stays).
 */
import type { AdoptedGoal } from '../goals/adopted';
import { adoptionKey, suggestionKey } from '../goals/adoption-key';
import type { GoalLevel, GoalSuggestion, GroupRef } from '../report';
import type { TrackedGoal } from './types';

type Suggestion = GoalSuggestion & { groupLabel?: string | null; learningFocus?: string | null };

const LEVELS: readonly string[] = ['team', 'school', 'district', 'individual'];

/**
 * A Suggested Goals "Group" cell back as groups: "All students" → none, "EL: Y; FRL: Y" →
 * two, an individual goal's educator name → that educator.
 */
export function groupsFromLabel(label: string | null, level: string): GroupRef[] | null {
  const text = (label ?? '').trim();
  if (!text || /^all\b/i.test(text)) return [];
  if (level === 'individual') return null; // the educator: matched on the ID column (below)
  const parts = text.split(';').map((p) => p.split(':').map((x) => x.trim()));
  if (parts.some((p) => p.length !== 2 || !p[0] || !p[1])) return [];
  return parts.map(([column, value]) => ({ column, value }));
}

function fromSuggestion(s: Suggestion, back: AdoptedGoal | undefined): TrackedGoal {
  return {
    id: s.id,
    level: s.level,
    team: s.team,
    measure: s.measure,
    groups: s.groups,
    groupLabel: s.groupLabel ?? 'All',
    metric: s.baseline.metric,
    adoptedBaseline: back?.baseline ?? s.baseline.value,
    target: back?.target ?? s.target.value,
    statement: s.statement,
    learningFocus: s.learningFocus ?? null,
  };
}

function fromRow(a: AdoptedGoal, k: number, idColumns: string[]): TrackedGoal | null {
  if (!LEVELS.includes(a.level.toLowerCase()) || !a.measure || a.target === null) return null;
  const level = a.level.toLowerCase() as GoalLevel;
  const groups = groupsFromLabel(a.group, level) ?? [
    { column: idColumns[0] ?? 'ID', value: a.group ?? '' },
  ];
  return {
    id: `A${k + 1}`,
    level,
    team: a.team,
    measure: a.measure,
    groups,
    groupLabel: a.group ?? 'All',
    metric: /share|proficient/i.test(a.metric) ? 'pctProficient' : 'mean',
    adoptedBaseline: a.baseline,
    target: a.target,
    statement: a.statement ?? `${a.measure}: ${a.team ?? 'all'} (${a.group ?? 'all'})`,
    learningFocus: null,
  };
}

/**
 * @param suggestions this run's suggestions, adoptions applied
 * @param readBack the rows adopted in earlier Suggested Goals sheets
 * @param educatorIdColumns ID column headers of the educator sheets (an individual goal's group)
 */
export function trackedGoals(
  suggestions: Suggestion[],
  readBack: AdoptedGoal[],
  educatorIdColumns: string[],
): TrackedGoal[] {
  const back = new Map(readBack.map((a) => [a.key, a]));
  const out = suggestions
    .filter((s) => s.adopted)
    .map((s) => fromSuggestion(s, back.get(suggestionKey(s))));
  // A goal still suggested follows its suggestion (adopted or, in the pane, un-adopted).
  const taken = new Set(suggestions.map((s) => suggestionKey(s)));
  readBack.forEach((a, k) => {
    const key = adoptionKey(a.level, a.team, a.measure, a.group);
    if (taken.has(key)) return;
    taken.add(key);
    const t = fromRow(a, k, educatorIdColumns);
    if (t) out.push(t);
  });
  return out;
}

/**
 * An adopted goal keeps the baseline and target it was adopted with: a re-run on new data
 * suggests the same goal with figures of the new data, but the team's goal has not changed.
 * Sets them on the adopted suggestions (so Suggested Goals writes them back); returns the same array.
 */
export function keepAdoptedFigures<T extends Suggestion>(
  suggestions: T[],
  readBack: AdoptedGoal[],
): T[] {
  const back = new Map(readBack.map((a) => [a.key, a]));
  for (const s of suggestions) {
    const a = s.adopted ? back.get(suggestionKey(s)) : undefined;
    if (!a || a.target === null) continue;
    s.target = { ...s.target, value: a.target };
    if (a.baseline !== null) s.baseline = { ...s.baseline, value: a.baseline };
  }
  return suggestions;
}
