/**
 * Messages between the pane and its analysis worker. Everything crosses by structured clone:
 * plain data only (tables in, report and plans out), no functions or class instances.
 */
import type { MappingConfig } from '../core/config';
import type { ErrorPayload } from '../core/errors';
import type { SheetDetection, DetectionNote } from '../core/intake';
import type { AdoptionChoice } from '../core/goals/adoption-key';
import type { SheetPlan } from '../core/plans/types';
import type { ThroughlineState } from '../core/ports';
import type { Report } from '../core/report';
import type { Slice } from '../core/slice';
import type { RawTable } from '../core/types';

/** Pane → worker: analyse these tables. */
export interface AnalyzeRequest {
  type: 'analyze';
  tables: RawTable[];
  config?: MappingConfig;
  /** The config is the mapping kept from an earlier run: windows added since are taken in. */
  configKept?: boolean;
  existingSheets: string[];
  state: ThroughlineState | null;
  /** ISO time: the worker reads no clock of its own. */
  now: string;
  /** Our earlier Suggested Goals sheets: read for "Adopt", never as data. */
  previousOutputs?: RawTable[];
  /** Adopt / edit choices made in the pane. */
  adoptions?: AdoptionChoice[];
}

/**
 * Pane → worker: the same analysis cut to one team, school or educator (as `--slice` does), and
 * its workbook built as .xlsx bytes ("Share a slice"). The slice is a new workbook: its sheet
 * names are resolved against no other sheet (existingSheets [] and state null).
 */
export interface SliceRequest extends Omit<AnalyzeRequest, 'type'> {
  type: 'slice';
  slice: Slice;
}

/** Worker → pane. */
export type WorkerMessage =
  | { type: 'progress'; stage: string; done: number; total: number }
  | {
      type: 'result';
      report: Report;
      plans: SheetPlan[];
      /** What detection sees in the tables (always computed, for the Data step). */
      sheets: SheetDetection[];
      notes: DetectionNote[];
      /** True when the mapping was detected rather than given. */
      detected: boolean;
    }
  | {
      type: 'slice-result';
      /** The slice workbook's .xlsx bytes (transferred, not copied). */
      bytes: ArrayBuffer;
    }
  | ({ type: 'error' } & ErrorPayload);
