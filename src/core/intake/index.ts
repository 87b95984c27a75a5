/** Data intake: detect a mapping, check it, read sheets into Datasets, report data quality. */
export { detectConfig, headerMax, practiceName } from './detect';
export type {
  ColumnDetection,
  ColumnRole,
  DetectionNote,
  DetectionResult,
  SheetDetection,
  SheetKind,
  UnmappedReason,
} from './detect-types';
export { validateConfig, ConfigError, type ConfigErrorCode } from './validate';
export { readDatasets, type IntakeResult } from './read';
export { buildDataQualityPlan, DATA_QUALITY_ISSUE_CAP } from '../quality/plan';
export { DEFAULT_RATING_SCALE, DEFAULT_RATING_MAX } from './scale';
export { ISSUE_CODES, type IssueCode } from '../quality/issues';
export { startStreamingIntake, type StreamingIntake } from './stream';
