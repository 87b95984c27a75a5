/** Progress toward adopted goals over every window (the report's `progress` section). */
import type { GoalLevel, GroupRef } from '../report';
import type { ProgressStatus } from './rule';

/** A goal being tracked: adopted in Suggested Goals (this run or read back from an earlier one). */
export interface TrackedGoal {
  id: string;
  level: GoalLevel;
  team: string | null;
  measure: string;
  groups: GroupRef[];
  groupLabel: string;
  metric: 'pctProficient' | 'mean';
  /** The baseline as adopted (the Suggested Goals sheet's), shown beside this year's. */
  adoptedBaseline: number | null;
  target: number;
  statement: string;
  /** The practice the goal's team learns on (Suggested Goals' "Learning focus"), if any. */
  learningFocus: string | null;
  /** A goal of the Goals sheet that cannot be tracked: why ("no target"). */
  notTracked?: string;
}

/** A record (student or educator) behind the path at the latest window. */
export interface BehindRecord {
  id: string;
  /** Excel row of the record in its source sheet. */
  row: number;
  baselineScore: number;
  score: number;
  expected: number;
  /** expected − score (> 0). */
  shortfall: number;
}

/** A subgroup of the goal's records whose records are, on average, behind their path. */
export interface BehindGroup {
  column: string;
  value: string;
  n: number;
  /** The mean of its records' shortfalls (expected − score). */
  meanShortfall: number;
}

export interface ProgressWindow {
  window: string;
  /** Records in the goal's group with a score at the baseline window and at this one. */
  n: number;
  value: number | null;
  /** The share of the year's growth expected by this window (0 at the baseline). */
  share: number;
  expected: number | null;
  status: ProgressStatus | null;
  undefinedReason: string | null;
}

export interface GoalProgress {
  goal: string;
  level: GoalLevel;
  team: string | null;
  measure: string;
  population: 'students' | 'educators';
  sheet: string;
  groups: GroupRef[];
  groupLabel: string;
  metric: 'pctProficient' | 'mean';
  statement: string;
  /** The value at the baseline window (this year's data); the path starts here. */
  baseline: number | null;
  adoptedBaseline: number | null;
  target: number;
  /** A student's own target for a share goal: the score counted proficient (rubric: level). */
  cut: number | null;
  windows: ProgressWindow[];
  /** The status at the latest window with data. */
  status: ProgressStatus | null;
  /** True when the last window of the year is in: status is met / not met. */
  final: boolean;
  rule: string;
  /** Records furthest behind their own path at the latest window (at most BEHIND_LIST). */
  behind: BehindRecord[];
  /** How many records are behind their path at the latest window. */
  behindCount: number;
  behindGroups: BehindGroup[];
  /** For a goal off track (or not met): what the data suggests, in plain sentences. */
  adjust: string[];
  undefinedReason: string | null;
  /** A goal of the Goals sheet listed but not tracked (undefinedReason says why); target null. */
  notTracked?: true;
}
