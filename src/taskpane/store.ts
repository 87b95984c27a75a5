/**
 * The pane's state store: one plain object, replaced part by part with `set`, and listeners told
 * of each change. No DOM here: handlers (handlers.ts) change the state, views (app.ts, steps/)
 * draw it.
 */
import type { MappingConfig } from '../core/config';
import type { AdoptionChoice } from '../core/goals/adoption-key';
import type { RawTable } from '../core/types';
import type { AnalysisResult, WorkerRun } from './analysis';
import { DEFAULT_ROLE, type PaneRole } from './scope';

/** A finished analysis, with the tables it read and each sheet's header row. */
export interface Analysis extends AnalysisResult {
  tables: RawTable[];
  headerRows: Record<string, number>;
}

/** The run in progress: cancelled by the person, and the worker to stop. */
export interface RunSignal {
  cancelled: boolean;
  worker: WorkerRun<unknown> | null;
}

export interface PaneState {
  /** The step shown (a step module's id, steps/index.ts). */
  step: string;
  busy: boolean;
  cancel: RunSignal | null;
  analysis: Analysis | null;
  /** The working mapping: the last run's, with the person's edits. */
  config: MappingConfig | null;
  edited: boolean;
  forceDetect: boolean;
  /** Output sheet key → name, of sheets this session wrote (or found written). */
  sheetNames: ReadonlyMap<string, string>;
  /** What the last run wrote, in words. */
  summary: string | null;
  /**
   * Adopt / edit choices made in this pane, by goal (suggestionKey: level, team, measure, group;
   * IDs follow the ranking and can change). Sent with every run; the run writes Y in "Adopt"
   * for each adopted goal, so the choice lasts in the workbook.
   */
  choices: ReadonlyMap<string, AdoptionChoice>;
  /** Whose view the steps show (scope.ts): a role, and the educator, team or school chosen. */
  role: PaneRole;
  /** The name chosen for the role (null: none yet; the steps then show the role's first name). */
  scopeName: string | null;
  /** The live status line (read out by screen readers). */
  status: string;
  /** An error the person should see (role="alert"); empty when none. */
  alert: string;
  /** The running work: its stage and percent done; null when idle. */
  progress: { stage: string; percent: number } | null;
}

export type Listener = (state: PaneState, previous: PaneState) => void;

export interface Store {
  get(): PaneState;
  /** Replaces the given parts (a new object each time) and tells every listener. */
  set(patch: Partial<PaneState>): void;
  /** Listens to changes; returns the function that stops listening. */
  subscribe(listener: Listener): () => void;
}

/** The state of a pane just opened. */
export function initialState(): PaneState {
  return {
    step: 'data',
    busy: false,
    cancel: null,
    analysis: null,
    config: null,
    edited: false,
    forceDetect: false,
    sheetNames: new Map(),
    summary: null,
    choices: new Map(),
    role: DEFAULT_ROLE,
    scopeName: null,
    status: 'Ready. Choose "Analyse workbook" to read the workbook and write the results.',
    alert: '',
    progress: null,
  };
}

export function createStore(state: PaneState = initialState()): Store {
  const listeners = new Set<Listener>();
  return {
    get: () => state,
    set(patch) {
      const previous = state;
      state = { ...state, ...patch };
      for (const listener of [...listeners]) listener(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
