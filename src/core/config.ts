/**
 * The mapping config (versions 1 and 2) of docs/contracts.md. The command line prints and
 * reads it; the task pane edits it and keeps it in the workbook. Names here are fixed.
 * Version 2 adds windows (every testing window of a measure, in order), long layouts without a
 * measure column or with subtests as columns, and PD logs; a version 1 config reads unchanged.
 */

/**
 * One testing window (v2). Wide sheets: `column` holds its scores. Long sheets: `value` is the
 * window column's cell text that means it.
 */
export interface WindowConfig {
  name: string;
  column?: string;
  value?: string;
  /** Long sheets: a Y/N column that marks the rows of this window (a row is in the first flagged). */
  flagColumn?: string;
}

export interface MeasureConfig {
  name: string;
  /**
   * Wide layout, v2: the measure's windows in order. With windows, pre/post name windows
   * (default: first → last); without, they are column headers (v1).
   */
  windows?: WindowConfig[];
  /** Wide layout: header of the pre (before) column, or (with windows) the pre window's name. */
  pre?: string;
  /** Wide layout: header of the post (after) column, or (with windows) the post window's name. */
  post?: string;
  /** Long layout without scoreColumn (a row per student × window, subtests as columns): its column. */
  column?: string;
  /** Highest possible score, when the scale is bounded. */
  max?: number | null;
  /** Cut score: a score ≥ this is proficient. */
  proficient?: number | null;
}

export interface StudentSheetConfig {
  sheet: string;
  /** "wide" (default): a row per student; "long": a row per student × measure × window. */
  format?: 'wide' | 'long';
  /** Excel row of the header when it is not the first row of the used range. */
  headerRow?: number;
  id: string;
  team?: string | null;
  school?: string | null;
  teacher?: string | null;
  subgroups?: string[];
  measures: MeasureConfig[];
  /**
   * Category values to read as one group, by column header: each list's spellings become one
   * group (labelled by its most frequent spelling). Without it, values merge only by case and
   * surrounding spaces (and the built-in synonyms: FRL, EL, SWD, gender words); e.g.
   * { "Team": [["Team A", "Team-A"]] }. Default: none.
   */
  categoryMerges?: Record<string, string[][]>;

  /** Long layout only. Without measureColumn: one measure per sheet (or one per column). */
  measureColumn?: string;
  windowColumn?: string;
  /** Long layout: the score column; absent when each measure names its own `column`. */
  scoreColumn?: string;
  /** Long layout, v2: the window column's values in order ({name, value}). */
  windows?: WindowConfig[];
  /** Long layout: the windows (v2: names; v1: window values) that mean pre and post. */
  pre?: string;
  post?: string;
}

export interface PracticeConfig {
  name: string;
  /** v2 wide: the practice's windows in order; pre/post then name windows. */
  windows?: WindowConfig[];
  pre?: string;
  post?: string;
  /** Long layouts (v2): the column holding this practice's rating on each row. */
  column?: string;
  max?: number | null;
  proficient?: number | null;
}

export interface EducatorSheetConfig {
  sheet: string;
  headerRow?: number;
  id: string;
  team?: string | null;
  school?: string | null;
  /**
   * The column naming each educator's coach (an instructional coach holds one or more teams;
   * a team has one coach: a team whose rows name two is a COACH_CONFLICT, the first is used).
   */
  coach?: string | null;
  pdHours?: string | null;
  practice: PracticeConfig[];
  /**
   * Category values to read as one group, by column header: each list's spellings become one
   * group (labelled by its most frequent spelling). Without it, values merge only by case and
   * surrounding spaces (and the built-in synonyms: FRL, EL, SWD, gender words); e.g.
   * { "Team": [["Team A", "Team-A"]] }. Default: none.
   */
  categoryMerges?: Record<string, string[][]>;

  /**
   * "wide" (default): a row per educator, practice pre/post in separate columns. "long": a row
   * per observation (e.g. a Google Forms export) with the window in `windowColumn`; then each
   * practice's `pre` and `post` name the rating column read from the pre rows and post rows
   * (usually the same column).
   */
  format?: 'wide' | 'long' | 'visits';
  windowColumn?: string;
  /**
   * Visit logs (v2 "visits": a row per classroom visit, each practice a rating `column`): the
   * column dating each visit. Windows are each educator's first and last visit; with `cutDate`
   * (YYYY-MM-DD), the first visit before it and the last on or after it.
   */
  dateColumn?: string;
  cutDate?: string;
  /**
   * Long layout by component (v2, the Ed-Fi evaluation shape: a row per educator × component ×
   * window): the column naming the component (`practice[].name` matches its values) and the
   * column holding the rating.
   */
  componentColumn?: string;
  scoreColumn?: string;
  /** Long layout, v2: the window column's values in order ({name, value}). */
  windows?: WindowConfig[];
  /** Long layout only: the windows (v2: names; v1: values, e.g. "Pre Training") that mean pre and post. */
  pre?: string;
  post?: string;
  /**
   * Ordinal scale for text ratings (e.g. a Google Forms export): rating text → number.
   * Matching ignores case and surrounding spaces.
   */
  scale?: Record<string, number>;
}

export interface GoalsConfig {
  sheet: string;
  headerRow?: number;
  /** Optional overrides of detected columns: role → header. */
  columns?: Record<string, string>;
}

export interface TargetsConfig {
  method?: 'half-gap' | 'tiered' | 'proficiency-gap' | 'observed-growth' | 'effect-size';
  fraction?: number;
  /**
   * Half-gap: years over which `fraction` of the gap is to be closed (default 1); the per-student
   * target closes the annual share 1 − (1 − fraction)^(1/years) of it.
   */
  horizonYears?: number;
  percentile?: number;
  /** Effect-size method: δ in baseline SD units. */
  delta?: number;
  /** Tiered method: baseline bands (upper bounds, ascending) and the growth for each band. */
  tiers?: { upTo: number | null; growth?: number; endScore?: number }[];
}

export type BenchmarkName = 'kraft2020' | 'cohen1988' | 'hattie';

/** v2: a PD sign-in log, a row per educator × PD event; hours are summed per educator. */
export interface PdLogConfig {
  sheet: string;
  headerRow?: number;
  id: string;
  hours: string;
  focus?: string | null;
  date?: string | null;
}

/** How much of a goal's growth is expected by each window (docs/progress.md). */
export interface ProgressConfig {
  /** Windows in the school year, the first being the baseline (default 3: BOY, MOY, EOY). */
  windowsInYear?: number;
  /**
   * The share of the goal's growth expected by each window after the first, rising to 1 at the
   * last (e.g. [0.6, 1]: 60% by MOY); default linear (k / (windowsInYear − 1)).
   */
  shares?: number[];
}

export interface MappingConfig {
  version: 1 | 2;
  /** ISO date (YYYY-MM-DD) that goals are due by. */
  schoolYearEnd?: string;
  students: StudentSheetConfig[];
  educators?: EducatorSheetConfig[];
  goals?: GoalsConfig;
  targets?: TargetsConfig;
  benchmark?: BenchmarkName;
  /** Smallest group for which figures are reported as reliable (default 10). */
  minN?: number;
  /**
   * The share of a school year between the pre and post windows (default 1: fall to spring is
   * read as a year's growth; 0.5 for fall to winter). Ordinary growth (docs/statistics.md) is
   * scaled by it.
   */
  normYearShare?: number;
  /** Editable synonym groups for matching goal focus words (alignment). */
  synonyms?: string[][];
  /** Progress toward adopted goals (docs/progress.md): the path from baseline to target. */
  progress?: ProgressConfig;
  /** v2: PD logs (hours summed per educator, feeding educators' PD hours). */
  pd?: PdLogConfig[];
  /** Template sheet to fill for the top (or chosen) goal. */
  template?: { sheet: string; goalId?: string; overwrite?: boolean };
}
