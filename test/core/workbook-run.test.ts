/**
 * The workbook-run policy on hand-made workbooks: which sheets are data, ours, kept, read back
 * for "Adopt", and what a write adds, replaces, drops or refuses. Every expected value is
 * written out by hand from the rules in src/core/workbook-run.ts' comments.
 */
import { describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import type { OwnedSheet, ThroughlineState } from '../../src/core/ports';
import type { SheetPlan } from '../../src/core/plans/types';
import { STATE_SHEET } from '../../src/core/state';
import {
  editedSheets,
  isUnedited,
  keepEdited,
  keptNote,
  planWrite,
  sheetRoles,
  type WorkbookSheet,
} from '../../src/core/workbook-run';

const owned = (key: string, name: string, fingerprint = 'fp-' + key): OwnedSheet => ({
  key,
  name,
  fingerprint,
  writtenAt: '2026-01-01T00:00:00.000Z',
});
const visible = (name: string): WorkbookSheet => ({ name, visibility: 'visible' });
const stateSheet: WorkbookSheet = { name: STATE_SHEET, visibility: 'veryHidden' };
const plan = (key: string, name: string, rows = 2): SheetPlan => ({
  key,
  name,
  cells: Array.from({ length: rows }, (_, i) => [i === 0 ? 'Header' : i]),
});

const earlier: ThroughlineState = {
  version: 1,
  sheets: [
    owned('impact', 'Impact'),
    owned('suggested-goals', 'Suggested Goals'),
    owned('student-targets', 'Student Targets'),
    owned('student-targets:2', 'Student Targets (2)'),
  ],
  kept: [{ key: 'alignment-map', name: 'Alignment Map' }],
};

describe('sheetRoles', () => {
  const sheets = [
    visible('Students'),
    visible('Impact'),
    visible('suggested goals'), // another letter case: still ours (Excel folds case)
    visible('Alignment Map'), // kept (edited by a person): still not data
    visible('Notes'),
    stateSheet,
  ];

  it('reads only the person sheets as data, in order', () => {
    const roles = sheetRoles(sheets, earlier);
    expect(roles.data).toEqual(['Students', 'Notes']);
    expect(roles.stateSheet).toBe(STATE_SHEET);
    expect([...roles.ours].sort()).toEqual([
      'alignment map',
      'impact',
      'student targets',
      'student targets (2)',
      'suggested goals',
    ]);
  });

  it('reads "Adopt" back only from a Suggested Goals sheet that is there under its own name', () => {
    // The state says "Suggested Goals"; the workbook holds "suggested goals": not read back.
    expect(sheetRoles(sheets, earlier).adoptFrom).toEqual([]);
    expect(sheetRoles([visible('Suggested Goals')], earlier).adoptFrom).toEqual([
      'Suggested Goals',
    ]);
  });

  it('without a state every sheet but one named as the state sheet is data', () => {
    const person = { name: STATE_SHEET, visibility: 'visible' as const };
    const roles = sheetRoles([visible('Impact'), person], null);
    expect(roles.data).toEqual(['Impact']);
    // Visible: a person's sheet with our name, not our state.
    expect(roles.stateSheet).toBe(null);
    expect(roles.adoptFrom).toEqual([]);
  });
});

describe('edited sheets are kept', () => {
  it('finds the sheets whose fingerprint changed, ignoring those no longer there', () => {
    const now = new Map([
      ['Impact', 'fp-impact'], // as written
      ['Suggested Goals', 'changed'], // a person typed in it
    ]);
    expect(editedSheets(earlier, now)).toEqual(['Suggested Goals']);
    expect(isUnedited(earlier.sheets[0], 'fp-impact')).toBe(true);
    expect(isUnedited(earlier.sheets[0], 'other')).toBe(false);
    expect(isUnedited(undefined, 'fp-impact')).toBe(false);
  });

  it('moves an edited sheet from ours to kept and forgets kept sheets that are gone', () => {
    const next = keepEdited(earlier, ['Suggested Goals'], ['Impact', 'Suggested Goals']);
    expect(next.sheets.map((s) => s.name)).toEqual([
      'Impact',
      'Student Targets',
      'Student Targets (2)',
    ]);
    // "Alignment Map" is no longer in the workbook: forgotten.
    expect(next.kept).toEqual([{ key: 'suggested-goals', name: 'Suggested Goals' }]);
    const none = keepEdited({ version: 1, sheets: [] }, [], []);
    expect('kept' in none).toBe(false);
  });

  it('tells the person which sheets were kept', () => {
    expect(keptNote(['Impact', 'Goals'])).toBe(
      'Kept "Impact", "Goals" as edited by hand; the new results go to new sheets.',
    );
    expect(keptNote([])).toBe(null);
  });
});

describe('planWrite', () => {
  const existing = [
    visible('Students'),
    visible('Impact'),
    visible('Student Targets'),
    visible('Student Targets (2)'),
    stateSheet,
  ];
  const previous: ThroughlineState = {
    version: 1,
    sheets: [
      owned('impact', 'Impact'),
      owned('student-targets', 'Student Targets'),
      owned('student-targets:2', 'Student Targets (2)'),
      owned('alignment-map', 'Alignment Map'), // ours, but deleted by a person since
    ],
  };

  it('replaces ours in place, adds new sheets, drops a stale continued sheet and the old state', () => {
    const w = planWrite(
      [plan('impact', 'Impact'), plan('student-targets', 'Student Targets'), plan('x', 'New')],
      existing,
      previous,
    );
    expect(w.refuse).toEqual([]);
    expect(w.replace).toEqual(['Impact', 'Student Targets']);
    expect(w.add).toEqual(['New']);
    // Student Targets fits one sheet this time: its old continuation would hold old rows.
    expect(w.dropStale).toEqual(['Student Targets (2)']);
    expect(w.stateSheet).toBe(STATE_SHEET);
  });

  it('keeps in the new state the sheets of ours it did not write, if still there and current', () => {
    const w = planWrite([plan('x', 'New')], existing, previous);
    const written = [owned('x', 'New', 'fp-new')];
    const base: ThroughlineState = { version: 1, sheets: [], config: { version: 1 } };
    const next = w.newState(base, written);
    // Impact and Student Targets stay ours; "Student Targets (2)" is dropped (stale);
    // "Alignment Map" is gone from the workbook.
    expect(next.sheets.map((s) => s.name)).toEqual(['New', 'Impact', 'Student Targets']);
    expect(next.config).toEqual({ version: 1 });
  });

  it('continues a plan longer than a sheet on a name that is not a person sheet', () => {
    const w = planWrite(
      [plan('student-targets', 'Student Targets', 5)],
      [visible('Students'), visible('Student Targets (2)')], // a person's sheet, not ours
      null,
      { maxRows: 3 },
    );
    // 5 rows with a header: part 1 holds rows 1–3, the header + rows 4–5 go to part 2, which
    // skips the person's "Student Targets (2)".
    expect(w.parts.map((p) => [p.plan.name, p.rows])).toEqual([
      ['Student Targets', 3],
      ['Student Targets (3)', 3],
    ]);
    expect(w.add).toEqual(['Student Targets', 'Student Targets (3)']);
    expect(w.replace).toEqual([]);
  });

  it('refuses a person sheet that holds the state sheet name', () => {
    const w = planWrite(
      [plan('impact', 'Impact')],
      [visible('Students'), { name: 'throughline state', visibility: 'hidden' }],
      null,
    );
    expect(w.refuse).toEqual([{ kind: 'state-sheet-taken', sheet: 'throughline state' }]);
    expect(w.stateSheet).toBe(null);
  });

  it('refuses a plan over a sheet that is not ours, and bad plan names', () => {
    const notOurs = planWrite([plan('impact', 'Students')], existing, previous);
    expect(notOurs.refuse).toEqual([{ kind: 'not-ours', sheet: 'Students' }]);
    expect(notOurs.parts).toEqual([]);
    const bad = planWrite([plan('a', STATE_SHEET), plan('b', 'X'), plan('c', 'x')], [], null);
    expect(bad.refuse).toEqual([
      { kind: 'bad-plan-name', sheet: STATE_SHEET },
      { kind: 'bad-plan-name', sheet: 'x' },
    ]);
  });

  it('an edited sheet (kept, so no longer in the state) is never replaced: a plan over it is refused', () => {
    const kept = keepEdited(
      previous,
      ['Impact'],
      existing.map((s) => s.name),
    );
    const w = planWrite([plan('impact', 'Impact')], existing, kept);
    expect(w.refuse).toEqual([{ kind: 'not-ours', sheet: 'Impact' }]);
  });
});
