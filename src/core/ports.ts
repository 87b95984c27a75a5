/**
 * The interfaces the adapters implement. The core asks for a workbook's sheets as RawTables
 * and hands back SheetPlans; it never touches Office.js, the file system or the DOM.
 */
import type { RawTable } from './types';
import type { SheetPlan } from './plans/types';

export interface SheetInfo {
  name: string;
  visible: boolean;
  /** Size of the used range (0 × 0 for an empty sheet). */
  rowCount: number;
  columnCount: number;
}

/** Reads a workbook. Implemented by src/excel (Office.js) and src/files (Node). */
export interface WorkbookSource {
  listSheets(): Promise<SheetInfo[]>;
  /** The used range of one sheet, exactly as the person sees it. */
  readSheet(name: string, options?: ReadOptions): Promise<RawTable>;
  /** Throughline's own state kept in the workbook (null when there is none). */
  readState(): Promise<ThroughlineState | null>;
  /**
   * Names of sheets listed in `state` whose content (formulas grid, see fingerprintGrid) no
   * longer matches what Throughline wrote: a person edited them, so they are not replaced.
   */
  editedOwnedSheets?(state: ThroughlineState): Promise<string[]>;
}

export interface ReadOptions {
  progress?: ProgressListener;
  cancel?: CancelSignal;
}

/** Writes output sheets. Never changes a sheet that Throughline does not own. */
export interface WorkbookTarget {
  render(plans: SheetPlan[], options: RenderOptions): Promise<RenderResult>;
}

export interface RenderOptions {
  /** The state to store with the outputs (ownership of each sheet, the config used). */
  state: ThroughlineState;
  progress?: ProgressListener;
  cancel?: CancelSignal;
}

export interface RenderResult {
  /** Sheets created for the first time. */
  written: string[];
  /** Sheets of ours that were replaced. */
  replaced: string[];
}

export type ProgressListener = (stage: string, done: number, total: number) => void;

export interface CancelSignal {
  readonly cancelled: boolean;
}

/** Thrown (or rejected) when a run is cancelled (defined once, in errors.ts). */
export { CancelledError } from './errors';

/** One output sheet that Throughline wrote, so a re-run replaces only its own sheets. */
export interface OwnedSheet {
  key: string;
  name: string;
  /** Fingerprint of the content as written, to tell whether a person has edited it. */
  fingerprint: string;
  writtenAt: string;
}

/** What Throughline keeps in the workbook (a very hidden sheet; see src/core/state.ts). */
export interface ThroughlineState {
  version: 1;
  sheets: OwnedSheet[];
  /**
   * Sheets an earlier run wrote that a person has edited since: theirs now, so never replaced,
   * and never read as data (an edited "Impact Data" is still our output, not students).
   */
  kept?: { key: string; name: string }[];
  /** The mapping config a person confirmed, reused by the next run. */
  config?: unknown;
}
