/**
 * Goals of the person's own Goals sheet that are tracked as adopted goals are (issue 19 item 1):
 * a row whose Focus names a measure of the data, whose Student group is "All students" (or blank)
 * or written as column: value ("EL: Y"), and whose Target column holds a number. Only a sheet
 * with a Target column is read for this (docs/goals-sheet.md); every one of its goals is listed,
 * tracked or "not tracked" with the reason, never dropped in silence.
 *
 * The target says the metric: written as a percent ("50%", or a number from 0 to 1, as Excel
 * stores a cell formatted 50%) it is a share proficient; any other number is a mean score.
 */
import type { GoalRecord } from '../alignment/goals-sheet';
import type { Dataset } from '../dataset';
import { parseNumber } from '../intake/values';
import { adoptionKey } from '../goals/adoption-key';
import type { CellValue } from '../types';
import { groupsFromLabel } from './tracked';
import type { TrackedGoal } from './types';

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The measure a goal's focus names: a measure of that name, else one named as a word in it. */
function measureOf(focus: string, datasets: Dataset[]): string | null {
  const names = datasets.flatMap((d) => d.measures.map((m) => m.name));
  const exact = names.find((n) => same(n, focus));
  if (exact) return exact;
  const words = focus.toLowerCase();
  return (
    names.find((n) =>
      new RegExp(
        `(^|[^\\p{L}\\p{N}])${n.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`,
        'u',
      ).test(words),
    ) ?? null
  );
}

/** A target cell as a number and its metric, or why it is none. */
function targetOf(cell: CellValue | undefined): { value: number; share: boolean } | string {
  if (cell === null || cell === undefined || (typeof cell === 'string' && !cell.trim()))
    return 'no target';
  const value = parseNumber(cell, false, true);
  if (!Number.isFinite(value)) return `the target "${String(cell)}" is not a number`;
  const percentText = typeof cell === 'string' && cell.trim().endsWith('%');
  return { value, share: percentText || (value >= 0 && value <= 1) };
}

/** Who the goal is about: a team's goal its team, a school's its school; null for the district. */
function whoOf(g: GoalRecord): string | null | undefined {
  if (g.level === 'team') return g.team ?? undefined;
  if (g.level === 'school') return g.school ?? undefined;
  return g.level === 'district' ? null : undefined;
}

function trackedOf(g: GoalRecord, datasets: Dataset[]): TrackedGoal {
  const base = {
    id: g.id,
    level: g.level,
    team: g.level === 'school' ? g.school : g.team,
    measure: g.focus ?? '',
    groups: [],
    groupLabel: g.group ?? 'All students',
    metric: 'mean' as const,
    adoptedBaseline: null,
    target: NaN,
    statement: g.statement || `${g.id} (goals sheet row ${g.row ?? '?'})`,
    learningFocus: null,
  };
  const not = (reason: string): TrackedGoal => ({ ...base, notTracked: reason });
  const target = targetOf(g.target);
  if (typeof target === 'string') return not(target);
  const who = whoOf(g);
  if (who === undefined)
    return not(
      g.level === 'individual'
        ? "an individual goal's educator is not matched to the data (adopt it from Suggested Goals)"
        : `a ${g.level} goal names no ${g.level}`,
    );
  const measure = g.focus ? measureOf(g.focus, datasets) : null;
  if (!measure) return not(`its focus "${g.focus ?? ''}" names no measure of the data`);
  const groups = groupsFromLabel(g.group, g.level);
  if (!groups || (g.group && !/^all\b/i.test(g.group.trim()) && !groups.length))
    return not(`its student group "${g.group}" is not written as column: value (e.g. "EL: Y")`);
  return {
    ...base,
    team: who,
    measure,
    groups,
    metric: target.share ? 'pctProficient' : 'mean',
    target: target.value,
  };
}

/**
 * The goals of the person's Goals sheet to track, each with its reason when it cannot be; none
 * when the sheet has no Target column. A goal the same as a tracked adopted one (level, team,
 * measure, group) is left to that one.
 * @param goals the alignment's goal records (sheet rows and adopted suggestions)
 * @param taken adoption keys of the goals already tracked
 */
export function sheetGoalsToTrack(
  goals: GoalRecord[],
  datasets: Dataset[],
  taken: ReadonlySet<string>,
): TrackedGoal[] {
  const rows = goals.filter((g) => g.source === 'sheet' && g.target !== undefined);
  return rows
    .map((g) => trackedOf(g, datasets))
    .filter(
      (t) =>
        t.notTracked !== undefined ||
        !taken.has(adoptionKey(t.level, t.team, t.measure, t.groupLabel)),
    );
}
