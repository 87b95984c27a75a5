/**
 * The JSON report (version 1) of docs/contracts.md and the figures of
 * docs/statistics.md. Field names are fixed: add, never rename.
 */
import type { Views } from './views/types';
import type { BenchmarkName, MappingConfig } from './config';
import type { GoalProgress } from './progress/types';

export type Severity = 'error' | 'warning' | 'info';

export interface DataQualityIssue {
  /** Stable machine code, e.g. "DUPLICATE_ID", "SCORE_OUT_OF_RANGE". */
  code: string;
  severity: Severity;
  sheet: string;
  /** Excel row number a person sees (null for sheet-level issues). */
  row: number | null;
  /** Column header text (null for row- or sheet-level issues). */
  column: string | null;
  /** The offending value as text (null when there is none). */
  value: string | null;
  message: string;
}

export interface DataQuality {
  rowsRead: number;
  rowsUsed: number;
  issues: DataQualityIssue[];
}

export interface GroupRef {
  column: string;
  value: string;
}

export type EffectLabel = 'small' | 'medium' | 'large';

export interface Interpretation {
  benchmark: BenchmarkName;
  /**
   * The effect the benchmark's label is for: the relative effect (a team against the other
   * teams). A pre/post gain alone is never labelled: it includes a year's ordinary growth.
   */
  effect: 'dav' | 'relativeEffect';
  /** The benchmark's band of the relative effect; null without a clear comparison. */
  label: EffectLabel | null;
  /** What the Impact sheet's interpretation column says of the pre/post change. */
  reading?: string | null;
}

/** A team's mean change against the other teams' (pooled) mean change: Welch, 95% CI. */
export interface RelativeGrowth {
  comparison: 'other teams';
  othersN: number;
  othersMeanDiff: number | null;
  othersSdDiff: number | null;
  /** team meanDiff − othersMeanDiff */
  difference: number | null;
  se: number | null;
  df: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** difference ÷ the average of the pre and post SDs of everyone (dav's denominator). */
  effect: number | null;
  /** What the sheet says, e.g. "above other teams (large)", "no clear difference", "too few to tell". */
  reading: string | null;
}

/** A group's dav against ordinary annual growth for its grade and subject (Bloom et al. 2008). */
export interface NormComparison {
  source: 'Bloom, Hill, Black & Lipsey 2008';
  subject: 'reading' | 'math';
  grade: number;
  /** Ordinary growth in a year, in effect-size units. */
  annualGain: number;
  /** config.normYearShare: the share of a year the pre/post period covers. */
  yearShare: number;
  /** annualGain × yearShare */
  expected: number;
  reading: string | null;
}

/** Every figure of docs/statistics.md; null when undefined, with `undefinedReason` set. */
export interface PairedFigures {
  n: number;
  unpairedPre: number;
  unpairedPost: number;
  preMean: number | null;
  postMean: number | null;
  preSd: number | null;
  postSd: number | null;
  meanDiff: number | null;
  sdDiff: number | null;
  r: number | null;
  t: number | null;
  df: number | null;
  p: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  dz: number | null;
  dav: number | null;
  drm: number | null;
  gav: number | null;
  normalizedGain: number | null;
  avgNormalizedGain: number | null;
  gainExcluded: number;
  pctProficientPre: number | null;
  pctProficientPost: number | null;
  ppChange: number | null;
  undefinedReason: string | null;
}

export interface ImpactRow extends PairedFigures {
  population: 'students' | 'educators';
  measure: string;
  /** [] overall; one entry for a team or subgroup; two for team × subgroup. */
  groups: GroupRef[];
  interpretation: Interpretation;
  /** Team rows: the team against the other teams of the sheet (null elsewhere). */
  relative?: RelativeGrowth | null;
  /** Rows of one grade on a reading or math measure: the change against ordinary growth. */
  norm?: NormComparison | null;
  /** Why to read the row with care although its figures are defined (e.g. n below minN). */
  note?: string | null;
}

export type GoalLevel = 'team' | 'school' | 'district' | 'individual';
export type TargetMethod =
  | 'half-gap'
  | 'tiered'
  | 'proficiency-gap'
  | 'observed-growth'
  | 'effect-size'
  | 'rubric-share'
  | 'rubric-level';

export interface GoalSuggestion {
  id: string;
  level: GoalLevel;
  team: string | null;
  measure: string;
  groups: GroupRef[];
  baseline: { metric: 'pctProficient' | 'mean'; value: number };
  target: { value: number; method: TargetMethod };
  statement: string;
  rationale: string;
  priority: number;
  /** True once a person adopted it ("Adopt" in "Suggested Goals"); missing = not adopted. */
  adopted?: boolean;
}

export interface AlignmentGoal {
  id: string;
  level: GoalLevel;
  statement: string;
  parent: string | null;
}

export interface AlignmentLink {
  from: string;
  to: string;
  /** 2 = explicit parent reference, 1 = inferred. */
  strength: 1 | 2;
  reason: string;
}

export interface AlignmentReport {
  goals: AlignmentGoal[];
  links: AlignmentLink[];
  orphans: string[];
  unsupported: string[];
  coherence: number | null;
  /** Extra (not in contracts.md): teams on the same focus with no shared parent goal. */
  duplicates?: AlignmentDuplicate[];
}

/** Goals at one level with the same focus and no shared parent (duplicated effort). */
export interface AlignmentDuplicate {
  goals: string[];
  focus: string;
  reason: string;
}

/** One window of a measure: its scores' n, mean and SD (every record read, paired or not). */
export interface WindowSummary {
  name: string;
  /** Header of the source column (long layouts: "Score (Fall)"). */
  column: string;
  n: number;
  mean: number | null;
  sd: number | null;
  undefinedReason: string | null;
}

/** A measure's windows in order, and the two the impact rows compare. */
export interface MeasureWindows {
  population: 'students' | 'educators';
  sheet: string;
  measure: string;
  pre: string;
  post: string;
  windows: WindowSummary[];
}

export interface Report {
  version: 1;
  config: MappingConfig;
  dataQuality: DataQuality;
  impact: ImpactRow[];
  /** Every window of every measure (config v2 lists them; v1 measures have pre and post). */
  windows: MeasureWindows[];
  goals: GoalSuggestion[];
  alignment: AlignmentReport | null;
  /** Progress of every adopted goal over every window (docs/progress.md); absent when none is adopted. */
  progress?: GoalProgress[];
  /** Each role's figures (educator, team for the coach, school, district): src/core/views. */
  views?: Views;
  /** Present when the run was sliced (`--slice`): what it holds; every other figure is the slice's. */
  slice?: {
    kind: 'team' | 'school' | 'educator' | 'coach';
    /** The name as the data spells it. */
    name: string;
    teams: string[];
    schools: string[];
  };
}
