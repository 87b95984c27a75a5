/**
 * Monitor and adjust (docs/progress.md): progress toward every adopted goal over every window,
 * its status by one rule (rule.ts), who is behind the path, and what to change.
 */
import type { GoalRecord } from '../alignment/goals-sheet';
import type { MappingConfig } from '../config';
import type { Dataset } from '../dataset';
import { DEFAULTS } from '../options';
import { adjustSentences } from './adjust';
import { adoptionKey } from '../goals/adoption-key';
import { goalProgress } from './compute';
import { sheetGoalsToTrack } from './sheet-goals';
import type { GoalProgress, TrackedGoal } from './types';

export { keepAdoptedFigures, trackedGoals } from './tracked';
export type { GoalProgress, TrackedGoal } from './types';

/**
 * Progress of every tracked goal, with the adjust sentences of those off track: the adopted
 * goals, then the goals of the person's Goals sheet when it has a Target column (sheet-goals.ts).
 */
export function computeProgress(
  goals: TrackedGoal[],
  datasets: Dataset[],
  config: MappingConfig,
  sheetGoals: GoalRecord[] = [],
): GoalProgress[] {
  const options = {
    windowsInYear:
      config.progress?.windowsInYear ??
      (config.progress?.shares ? config.progress.shares.length + 1 : undefined) ??
      DEFAULTS.progress.windowsInYear,
    shares: config.progress?.shares,
  };
  const taken = new Set(goals.map((g) => adoptionKey(g.level, g.team, g.measure, g.groupLabel)));
  const all = [...goals, ...sheetGoalsToTrack(sheetGoals, datasets, taken)];
  return all.map((g) => {
    const p = goalProgress(g, datasets, options);
    p.adjust = adjustSentences(p, g.learningFocus, datasets, sheetGoals);
    return p;
  });
}
