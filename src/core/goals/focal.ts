/**
 * Which group of a gap a goal is for (issue 17, "Needs ranked for equity"), and which district
 * priorities name a group. docs/goals.md, "Focal groups".
 *
 * - A flag column (every value a yes or a no: Y/N, Yes/No, True/False, 1/0) is focal on its yes
 *   side only: "SWD: Y" gets a goal, "SWD: N" (its complement) never does.
 * - Any other category (Gender, Race, …) is focal where the group is the lower one against the
 *   rest of its team (its mean below theirs).
 */
import type { Need } from './types';

const YES = /^(y|yes|true|1)$/i;
const NO = /^(n|no|false|0)$/i;

/** How much a district priority that names a group raises that group's need. */
export const NAMED_GROUP_BOOST = 2;

/** Whether a column's values are a yes/no flag (at least one yes, nothing else but no's). */
export function isFlagColumn(labels: readonly string[]): boolean {
  const t = labels.map((l) => l.trim()).filter((l) => l !== '');
  return t.some((l) => YES.test(l)) && t.every((l) => YES.test(l) || NO.test(l));
}

/**
 * Null when the need's group is focal (or it is everyone in the unit); else why no goal goes to
 * it.
 * @param need a student need
 * @param labels the values of the need's subgroup column in its dataset
 */
export function complementReason(
  need: Pick<Need, 'groups' | 'groupLabel' | 'gapEs'>,
  labels: readonly string[],
): string | null {
  if (need.groups.length === 0) return null;
  const value = need.groups[0].value.trim();
  if (isFlagColumn(labels)) {
    return YES.test(value)
      ? null
      : `complement group (${need.groupLabel}): goals go to the "yes" side of a flag column`;
  }
  if (need.gapEs !== null && need.gapEs > 0) return null;
  return `complement group (${need.groupLabel}): its mean is not below the rest of the team`;
}

/** Words a district priority uses for a group, by the folded name of the flag column. */
const GROUP_WORDS: Record<string, string[]> = {
  swd: ['disability', 'disabilities', 'special education', 'iep', 'swd', 'sped'],
  iep: ['disability', 'disabilities', 'special education', 'iep', 'swd', 'sped'],
  sped: ['disability', 'disabilities', 'special education', 'iep', 'swd', 'sped'],
  el: ['english learner', 'english learners', 'english language', 'ell', 'ells', 'multilingual'],
  ell: ['english learner', 'english learners', 'english language', 'ell', 'ells', 'multilingual'],
  frl: ['free or reduced', 'free and reduced', 'frl', 'low-income', 'low income', 'economically'],
};

const fold = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/**
 * Whether a priority's text names the need's group. The yes side of a flag column is named by
 * the column's own name as a word ("SWD") or one of the usual phrases for it ("students with
 * disabilities"); its no side never is. A value of any other column is named by its own text
 * as a word ("Hispanic").
 * @param text the priority's goal text and focus
 * @param column the subgroup column (e.g. "SWD")
 * @param value the group's value in it (e.g. "Y")
 * @param labels every value of the column
 */
export function namesGroup(
  text: string,
  column: string,
  value: string,
  labels: readonly string[],
): boolean {
  const lower = ` ${text.toLowerCase().replace(/[^a-z0-9-]+/g, ' ')} `;
  const has = (p: string) => p.trim() !== '' && lower.includes(` ${p.trim().toLowerCase()} `);
  if (!isFlagColumn(labels)) return has(value);
  if (!YES.test(value.trim())) return false;
  const key = fold(column);
  return [...(GROUP_WORDS[key] ?? []), key].some(has);
}
