/**
 * What intake hands to the analyses: typed columns, one entry per record used, with the Excel
 * row each record came from. Columnar and compact so a million rows fit in little memory.
 */

/** Category codes: Int16Array while every code fits (the usual case), else Int32Array. */
export type CodeArray = Int16Array | Int32Array;

/** A category column (team, school, subgroup), interned: codes index into labels. */
export interface Categorical {
  /** Header text of the source column (for a long layout, of the column it came from). */
  column: string;
  /** Canonical display label of each category (the most frequent spelling). */
  labels: string[];
  /**
   * One code per record; -1 = missing. Two bytes a record (a million-row column in 2 MB) unless
   * a column has more than 32,767 categories.
   */
  codes: CodeArray;
}

/**
 * Scores: Float32Array when every score of the column is exactly a 32-bit float (whole numbers
 * and halves, quarters… up to 16,777,216: most score columns), so reading one gives exactly the
 * number read from the sheet in half the memory; Float64Array otherwise.
 */
export type ScoreArray = Float64Array | Float32Array;

/** A pre/post measure (student outcome or educator practice component). */
export interface MeasureData {
  name: string;
  preColumn: string;
  postColumn: string;
  max: number | null;
  proficient: number | null;
  /** One score per record; NaN where the score is missing or was excluded (and reported). */
  pre: ScoreArray;
  post: ScoreArray;
  /**
   * Every window of the measure, in order (config v2 lists them; a v1 config has two: pre and
   * post). `pre` and `post` are the scores of windows[preWindow] and windows[postWindow].
   * Absent on a Dataset built by hand with only pre and post.
   */
  windows?: WindowData[];
  preWindow?: number;
  postWindow?: number;
}

/** One window's scores of a measure (NaN = missing or excluded). */
export interface WindowData {
  name: string;
  /** Header of the source column (long layouts: "Score (Fall)"). */
  column: string;
  scores: ScoreArray;
}

export interface Dataset {
  population: 'students' | 'educators';
  sheet: string;
  /** Excel row of the header in the source sheet. */
  headerRow: number;
  size: number;
  /** Excel row of each record in its source sheet (long layout: the row of its first score). */
  rows: Int32Array;
  ids: string[];
  idColumn: string;
  team: Categorical | null;
  school: Categorical | null;
  teacher: Categorical | null;
  /** Educators only: each educator's coach (config `coach`); absent or null without one. */
  coach?: Categorical | null;
  subgroups: Categorical[];
  measures: MeasureData[];
  /** Educators only: professional learning hours per record (NaN = missing). */
  pdHours?: Float64Array;
  pdHoursColumn?: string;
}
