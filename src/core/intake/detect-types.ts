/** What detection returns: a proposed config plus, per sheet and column, what it saw and why. */
import type { MappingConfig } from '../config';

export type SheetKind =
  'students-wide' | 'students-long' | 'educators' | 'pd' | 'goals' | 'template' | 'other' | 'empty';

export type ColumnRole =
  | 'id'
  | 'team'
  | 'school'
  | 'teacher'
  | 'coach'
  | 'subgroup'
  | 'category'
  | 'pre'
  | 'post'
  | 'score'
  | 'level'
  | 'pd-hours'
  | 'measure-name'
  | 'window'
  | 'rating'
  | 'date'
  | 'text'
  | 'goal-field'
  | 'count'
  | 'ignored';

export interface ColumnDetection {
  header: string;
  /** Excel column number in the sheet. */
  column: number;
  role: ColumnRole;
  /** 0..1: how sure detection is of this role. */
  confidence: number;
  /** Why, in words a person can check. */
  reason: string;
  /** For pre/post/score/rating/level columns: the measure or practice it belongs to. */
  measure?: string;
}

export interface SheetDetection {
  sheet: string;
  kind: SheetKind;
  /** Excel row of the header (0 when there is none). */
  headerRow: number;
  /** Non-blank rows under the header. */
  dataRows: number;
  confidence: number;
  reason: string;
  columns: ColumnDetection[];
  /** A sheet with data that was not mapped: what was seen, what is missing, the smallest fix. */
  unmapped?: UnmappedReason;
  /**
   * Why no mapping is proposed for it, not even as a hint: its rows are groups (counts with their
   * total, percentages by group), not people; or each row is one cell of delimited text (a CSV
   * opened with another separator, then saved); or it is a roster of a mapped sheet's people
   * (their IDs with a teacher or groups, no scores: intake/roster.ts).
   */
  noMapping?: 'aggregated' | 'delimited-text' | 'roster';
}

/** Why a sheet with data yielded no config entry, and the smallest entry that would map it. */
export interface UnmappedReason {
  /** What detection saw, in words ("120 data rows; ID "SSID"; scores …; no window words"). */
  saw: string;
  /** What is missing: an ID column, two windows, a score column on a scale. */
  missing: ('id' | 'window' | 'score')[];
  /** A config entry for "students" (or "educators") that would map it; CAPITALS are to fill in. */
  fix: Record<string, unknown>;
}

export interface DetectionNote {
  sheet: string | null;
  column: string | null;
  /** "unsure": detection did not decide and says what a person should check. */
  level: 'unsure' | 'info';
  message: string;
}

export interface DetectionResult {
  config: MappingConfig;
  notes: DetectionNote[];
  sheets: SheetDetection[];
}
