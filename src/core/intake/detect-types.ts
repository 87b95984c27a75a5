/** What detection returns: a proposed config plus, per sheet and column, what it saw and why. */
import type { MappingConfig } from '../config';

export type SheetKind =
  'students-wide' | 'students-long' | 'educators' | 'goals' | 'template' | 'other' | 'empty';

export type ColumnRole =
  | 'id'
  | 'team'
  | 'school'
  | 'teacher'
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
