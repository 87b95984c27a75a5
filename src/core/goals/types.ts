/** Shapes of the goal-suggestion step (GoalsResult and its parts). All fields are JSON-safe. */
import type { GoalLevel, GoalSuggestion, GroupRef, TargetMethod } from '../report';
import type { GrowthCheck } from './targets';
import type { ValueFormat } from './format';

export type GoalPurpose = 'individual growth' | 'team or school goal' | 'program implementation';

/** One row of the needs analysis: a team (or the school) × measure × student group. */
export interface Need {
  population: 'students' | 'educators';
  sheet: string;
  level: GoalLevel;
  team: string | null;
  school: string | null;
  measure: string;
  /** Student group within the team ([] = everyone in the team). */
  groups: GroupRef[];
  groupLabel: string;
  /** Baseline scores (this year's latest, i.e. post) in the group. */
  n: number;
  mean: number | null;
  sd: number | null;
  max: number | null;
  proficient: number | null;
  /** Share proficient at baseline (0..1), when the measure has a cut. */
  pctProficient: number | null;
  notProficient: number | null;
  /** The bar that defines reach: the cut score, or the district mean when there is no cut. */
  bar: number | null;
  barKind: 'proficient' | 'district mean';
  /** Students (or educators) below the bar. */
  reach: number;
  shareBelow: number | null;
  districtMean: number | null;
  districtSd: number | null;
  /** (mean − district mean) / district SD. */
  zDistrict: number | null;
  schoolMean: number | null;
  /** (mean − school mean) / district SD. */
  zSchool: number | null;
  /** Share proficient of the rest of the team minus the group's, in percentage points. */
  gapPp: number | null;
  /** (mean of the rest − group mean) / pooled SD. */
  gapEs: number | null;
  pairs: number;
  /** Mean of post − pre over the group's pairs. */
  growth: number | null;
  /** Median growth of comparable teams (teams with at least minN pairs). */
  teamGrowthMedian: number | null;
  comparableTeams: number;
  /** Weakest observed practice component of the team's educators (lowest team mean). */
  weakestPractice: string | null;
  /** shareBelow + max(0, −zDistrict). */
  severity: number;
  /** reach × severity, doubled when a district priority on the measure names the group. */
  priority: number;
  /** The district priority that names this group (and so raised its priority), if any. */
  namedBy?: string | null;
  smallGroup: boolean;
  flags: string[];
}

/** A suggested goal: the report's GoalSuggestion plus what the sheet shows. */
export interface SuggestedGoal extends GoalSuggestion {
  population: 'students' | 'educators';
  sheet: string;
  groupLabel: string;
  purpose: GoalPurpose;
  learningFocus: string | null;
  /** The district priority this goal serves (from the goals sheet), when one matches. */
  districtPriority: { id: string; text: string } | null;
  growthCheck: GrowthCheck;
  /** Excel number format and decimals of baseline and target (the statement uses the same). */
  format: ValueFormat;
  baselineText: string;
  targetText: string;
  /** n of the group at baseline. */
  n: number;
  flags: string[];
  /** Due date (ISO). */
  due: string;
  /** The team's school (its most frequent school in the data); null when the data names none. */
  school: string | null;
}

/** A need for which no goal of the chosen kind is suggested, and why. */
export interface SkippedGoal {
  team: string | null;
  measure: string;
  groups: GroupRef[];
  groupLabel: string;
  method: TargetMethod;
  reason: string;
}

/** Per-student target (half-gap and tiered methods). */
export interface StudentTarget {
  sheet: string;
  row: number;
  id: string;
  team: string | null;
  /** Subgroup column → the student's value ("" when missing). */
  groups: Record<string, string>;
  measure: string;
  method: TargetMethod;
  baseline: number;
  target: number;
  atMax: boolean;
}

/** One educator's learning need: their weakest observed components. */
export interface EducatorLearningNeed {
  sheet: string;
  row: number;
  educator: string;
  team: string | null;
  school: string | null;
  /** Components tied at the educator's lowest (post, else pre) score. */
  weakest: string[];
  needs: {
    component: string;
    /** true: a majority of the team's educators share it → team learning in the PLC. */
    shared: boolean;
    kind: 'team learning' | 'individual learning';
    /** Educators beyond the school (other school, else other team) with the same need. */
    peers: string[];
    /** In a slice: how many more such peers there are, not named (they are not the slice's). */
    unnamedPeers?: number;
  }[];
}

export interface TeamLearning {
  sheet: string;
  team: string | null;
  educators: number;
  /** Lowest team mean (relative to max when known). */
  weakestComponent: string | null;
  /** Components a majority of the team has among their weakest. */
  shared: { component: string; count: number }[];
}

export type TemplateField =
  | 'goal'
  | 'baseline'
  | 'target'
  | 'measure'
  | 'timeline'
  | 'strategies'
  | 'learning'
  | 'evidence'
  | 'owner'
  | 'school'
  | 'team';

export interface TemplateFieldReport {
  field: TemplateField;
  /** The label as written in the template (null when not found). */
  label: string | null;
  /** Excel row and column of the label and of the value cell. */
  labelRow: number | null;
  labelColumn: number | null;
  valueRow: number | null;
  valueColumn: number | null;
  status: 'filled' | 'kept (already filled)' | 'left empty (no value)' | 'not found';
  value: string | null;
}

export interface TemplateReport {
  /** Template sheet name ("(default template)" when none was given). */
  sheet: string;
  isDefault: boolean;
  goalId: string | null;
  fields: TemplateFieldReport[];
  found: TemplateField[];
  missing: TemplateField[];
  /** The filled copy: values from A1 (the template's cells at their own addresses). */
  cells: (string | number | boolean | null)[][];
}
