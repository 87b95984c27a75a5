/**
 * One workbook run, as policy: which sheets of a workbook are a person's data, which are ours
 * (written by an earlier run and listed in the very hidden state sheet), which of ours a person
 * edited (kept: theirs now, never replaced, new results get new names), which are read back for
 * "Adopt", and what a run's output does to the workbook (`planWrite`). Both adapters (the task
 * pane through excel/render.ts, the command line through files/xlsx/write/xlsx-write.ts) ask
 * here and execute the answer; neither decides ownership itself (a test greps for it:
 * test/core/workbook-run-policy.test.ts).
 *
 * The order of reading is also decided here: every sheet's first rows are read (a sample) and
 * the mapping chosen on them, then the mapped sheets stream into the intake (SAMPLE_ROWS,
 * core/sources.ts executes it).
 *
 * Pure: no Office, Node or DOM; the state's format lives in state.ts.
 */
import type { OwnedSheet, ThroughlineState } from './ports';
import { type PlanPart, splitForSheetLimit } from './plans/split';
import type { SheetPlan } from './plans/types';
import { STATE_SHEET, truncateSheetName } from './state';

export type SheetVisibility = 'visible' | 'hidden' | 'veryHidden';

/** A sheet of the workbook as the run sees it before reading it. */
export interface WorkbookSheet {
  name: string;
  visibility: SheetVisibility;
}

/** What each sheet of a workbook is to this run. */
export interface SheetRoles {
  /** Our state sheet (very hidden, named STATE_SHEET), when the workbook has one: read it. */
  stateSheet: string | null;
  /** The person's sheets, read as data, in workbook order. */
  data: string[];
  /** Every sheet an earlier run wrote, edited since or not (lower-case names): never data. */
  ours: ReadonlySet<string>;
  /** Our Suggested Goals sheets present in the workbook: read back for "Adopt". */
  adoptFrom: string[];
}

/**
 * Every sheet an earlier run wrote, edited by a person since or not (lower-case names): none of
 * them is ever read as data.
 */
function writtenSheets(state: ThroughlineState | null): Set<string> {
  return new Set(
    [...(state?.sheets ?? []), ...(state?.kept ?? [])].map((s) => s.name.toLowerCase()),
  );
}

/** Our state sheet: named STATE_SHEET and very hidden (a visible one is a person's, with our name). */
export function isOurStateSheet(sheet: WorkbookSheet): boolean {
  return sheet.name === STATE_SHEET && sheet.visibility === 'veryHidden';
}

/** The state sheet of a workbook, when it has ours. */
export function stateSheetOf(sheets: readonly WorkbookSheet[]): string | null {
  const s = sheets.find((x) => x.name === STATE_SHEET);
  return s && isOurStateSheet(s) ? s.name : null;
}

/**
 * Sheets of several input files read as one workbook: the first file's state sheet is the one
 * read; a later file's state sheet is left out (its sheets then count as a person's, and are
 * kept). True when a state sheet found after `before` is to be added.
 */
export function takesStateSheet(before: readonly WorkbookSheet[]): boolean {
  return !before.some((x) => x.name === STATE_SHEET);
}

/**
 * The roles of a workbook's sheets under `state` (the state as read, before `keepEdited`: an
 * edited sheet of ours is still not data, and its "Adopt" column is still read).
 */
export function sheetRoles(
  sheets: readonly WorkbookSheet[],
  state: ThroughlineState | null,
): SheetRoles {
  const ours = writtenSheets(state);
  const present = new Set(sheets.map((s) => s.name));
  return {
    stateSheet: stateSheetOf(sheets),
    // The state sheet (a person's sheet with its name included) and our outputs are not data.
    data: sheets
      .filter((s) => s.name !== STATE_SHEET && !ours.has(s.name.toLowerCase()))
      .map((s) => s.name),
    ours,
    adoptFrom: (state?.sheets ?? [])
      .filter((s) => s.key === 'suggested-goals' && present.has(s.name))
      .map((s) => s.name),
  };
}

/** True when a sheet named `name` is data under these roles (a CSV input, a sheet added later). */
export function isData(roles: SheetRoles, name: string): boolean {
  return name !== STATE_SHEET && !roles.ours.has(name.toLowerCase());
}

/**
 * Our sheets a person edited since we wrote them: their fingerprint now (computed by the adapter
 * from what the sheet holds) differs from the one written. A sheet of ours no longer in the
 * workbook is not in `fingerprints` and is not edited.
 */
export function editedSheets(
  state: ThroughlineState,
  fingerprints: ReadonlyMap<string, string>,
): string[] {
  const edited: string[] = [];
  for (const owned of state.sheets) {
    const now = fingerprints.get(owned.name);
    if (now !== undefined && now !== owned.fingerprint) edited.push(owned.name);
  }
  return edited;
}

/** Whether a sheet of ours, fingerprinted `now`, is as we wrote it (still ours to update). */
export function isUnedited(owned: OwnedSheet | undefined, now: string): owned is OwnedSheet {
  return owned !== undefined && owned.fingerprint === now;
}

/** What a person is told about the sheets of ours kept as edited (null when none). */
export function keptNote(edited: readonly string[]): string | null {
  return edited.length
    ? `Kept ${edited.map((s) => `"${s}"`).join(', ')} as edited by hand; the new results go to new sheets.`
    : null;
}

/**
 * The state for this run: the sheets a person edited leave `sheets` (they are not ours to
 * replace) and join `kept`; kept sheets the workbook no longer has are forgotten.
 * @param edited names of our sheets whose content changed since we wrote them
 * @param existing every sheet name in the workbook now
 */
export function keepEdited(
  state: ThroughlineState,
  edited: readonly string[],
  existing: readonly string[],
): ThroughlineState {
  const gone = (name: string) => !existing.some((e) => e.toLowerCase() === name.toLowerCase());
  const editedSet = new Set(edited);
  const kept = [
    ...(state.kept ?? []).filter((k) => !gone(k.name)),
    ...state.sheets.filter((s) => editedSet.has(s.name)).map((s) => ({ key: s.key, name: s.name })),
  ];
  const next: ThroughlineState = {
    ...state,
    sheets: state.sheets.filter((s) => !editedSet.has(s.name)),
  };
  if (kept.length) next.kept = kept;
  else delete next.kept;
  return next;
}

export interface SheetNameRequest {
  key: string;
  name: string;
}

export interface ResolvedSheetName {
  key: string;
  name: string;
  /** True when a sheet of ours with this key exists and will be replaced. */
  replaces: boolean;
}

/**
 * Decide the final name of each output sheet. A sheet we own under the same key is reused
 * (replaced); a person's sheet that happens to hold the wanted name is left alone and ours
 * becomes "Name (2)", "Name (3)", …. Excel compares sheet names without regard to case.
 */
export function resolveSheetNames(
  wanted: SheetNameRequest[],
  existingSheets: string[],
  state: ThroughlineState | null,
): ResolvedSheetName[] {
  const owned = new Map<string, OwnedSheet>();
  const existing = new Set(existingSheets.map((s) => s.toLowerCase()));
  for (const sheet of state?.sheets ?? []) {
    if (existing.has(sheet.name.toLowerCase())) owned.set(sheet.key, sheet);
  }
  const ownedNames = new Set([...owned.values()].map((s) => s.name.toLowerCase()));
  const taken = new Set<string>();
  for (const name of existing) if (!ownedNames.has(name)) taken.add(name);
  taken.add(STATE_SHEET.toLowerCase());

  const out: ResolvedSheetName[] = [];
  // First keep the names of sheets we own, so another output cannot take them.
  const reserved = new Map<string, string>();
  for (const w of wanted) {
    const mine = owned.get(w.key);
    if (mine) {
      reserved.set(w.key, mine.name);
      taken.add(mine.name.toLowerCase());
    }
  }
  for (const w of wanted) {
    const mine = reserved.get(w.key);
    if (mine) {
      out.push({ key: w.key, name: mine, replaces: true });
      continue;
    }
    let name = truncateSheetName(w.name);
    for (let i = 2; taken.has(name.toLowerCase()); i++) {
      const suffix = ` (${i})`;
      name = truncateSheetName(w.name, 31 - suffix.length) + suffix;
    }
    taken.add(name.toLowerCase());
    out.push({ key: w.key, name, replaces: false });
  }
  return out;
}

/** Why a run cannot write into this workbook (the adapter says it in its words). */
export type WriteRefusal =
  /** A person's sheet (not very hidden) holds the state sheet's name. */
  | { kind: 'state-sheet-taken'; sheet: string }
  /** A plan would replace a sheet that is not ours (names not resolved: a programming error). */
  | { kind: 'not-ours'; sheet: string }
  /** A plan takes the state sheet's name, or two plans one name (a programming error). */
  | { kind: 'bad-plan-name'; sheet: string };

/** What one run's output does to the workbook; both adapters execute it as it is. */
export interface WritePlan {
  /** Every output sheet: a plan as it is, or a part of a plan longer than a sheet. */
  parts: PlanPart[];
  /** New sheets (after the existing ones), in this order. */
  add: string[];
  /** Existing sheets of ours that a part replaces in place (the part has the sheet's name). */
  replace: string[];
  /** Continued sheets of an earlier run ("… (2)") that this run does not write: removed. */
  dropStale: string[];
  /** Our old state sheet, replaced by the new one (null when there is none). */
  stateSheet: string | null;
  /** Why the run must stop before writing anything (empty: go ahead). */
  refuse: WriteRefusal[];
  /** The state to store: the sheets written (in the adapter's order), then ours left as they were. */
  newState(base: ThroughlineState, written: OwnedSheet[]): ThroughlineState;
}

/** A continued sheet of an earlier run (key "student-targets:2"): replaced or dropped, never kept stale. */
const CONTINUED_KEY = /:\d+$/;

/**
 * The write of `plans` into a workbook that holds `existing` sheets (in order), under the state
 * an earlier run left (`previousState`, as read: keepEdited already applied). Only a sheet listed
 * in that state is replaced; a plan longer than a sheet is continued on more sheets (never over
 * a name that is not ours); continued sheets no longer needed go; the old state sheet goes.
 */
export function planWrite(
  plans: SheetPlan[],
  existing: readonly WorkbookSheet[],
  previousState: ThroughlineState | null,
  options: { maxRows?: number } = {},
): WritePlan {
  const previous = previousState?.sheets ?? [];
  const ownedBefore = new Set(previous.map((s) => s.name.toLowerCase()));
  const byName = new Map(existing.map((s) => [s.name.toLowerCase(), s]));
  const refuse: WriteRefusal[] = [];
  const state = byName.get(STATE_SHEET.toLowerCase());
  if (state && state.visibility !== 'veryHidden')
    refuse.push({ kind: 'state-sheet-taken', sheet: state.name });
  const planNames = new Set<string>();
  for (const p of plans) {
    const n = p.name.toLowerCase();
    if (n === STATE_SHEET.toLowerCase() || planNames.has(n))
      refuse.push({ kind: 'bad-plan-name', sheet: p.name });
    else if (byName.has(n) && !ownedBefore.has(n)) refuse.push({ kind: 'not-ours', sheet: p.name });
    planNames.add(n);
  }
  const parts = refuse.length
    ? []
    : splitForSheetLimit(plans, {
        takenNames: [...existing.map((s) => s.name), STATE_SHEET].filter(
          (n) => !ownedBefore.has(n.toLowerCase()),
        ),
        maxRows: options.maxRows,
      });
  const partNames = new Set(parts.map((p) => p.plan.name.toLowerCase()));
  const dropStale = previous
    .filter(
      (s) =>
        CONTINUED_KEY.test(s.key) &&
        !partNames.has(s.name.toLowerCase()) &&
        byName.has(s.name.toLowerCase()),
    )
    .map((s) => byName.get(s.name.toLowerCase())!.name);
  const stale = new Set(dropStale.map((n) => n.toLowerCase()));
  const replace = parts
    .filter((p) => byName.has(p.plan.name.toLowerCase()))
    .map((p) => p.plan.name);
  const add = parts.filter((p) => !byName.has(p.plan.name.toLowerCase())).map((p) => p.plan.name);
  return {
    parts,
    add,
    replace,
    dropStale,
    stateSheet: state && state.visibility === 'veryHidden' ? state.name : null,
    refuse,
    newState(base, written) {
      // Sheets we owned before and did not write this time stay ours, if still there and current.
      const rewritten = new Set(written.map((s) => s.name.toLowerCase()));
      const kept = previous.filter((s) => {
        const n = s.name.toLowerCase();
        return !rewritten.has(n) && byName.has(n) && !stale.has(n);
      });
      return { ...base, version: 1, sheets: [...written, ...kept] };
    },
  };
}
