/**
 * Adoption read-back: a person types Y in "Adopt" on an earlier run's Suggested Goals sheet; the
 * next run marks the same goals adopted (matched by level, team, measure and group, since IDs
 * follow the ranking) and keeps a statement the person rewrote.
 */
import { describe, expect, it } from '@jest/globals';
import {
  adoptionKey,
  applyAdoption,
  applyChoices,
  findAdoptedGoals,
  suggestionKey,
} from '../../../src/core/goals/adopted';
import { SUGGESTED_GOALS_HEADERS } from '../../../src/core/goals/plans';
import type { GoalSuggestion } from '../../../src/core/report';
import type { CellValue, RawTable } from '../../../src/core/types';

const width = SUGGESTED_GOALS_HEADERS.length;
const statementAt = SUGGESTED_GOALS_HEADERS.indexOf('Statement');

function row(
  adopt: CellValue,
  id: string,
  level: string,
  team: string | null,
  measure: string,
  group: string,
  statement: string,
): CellValue[] {
  const r: CellValue[] = new Array<CellValue>(width).fill(null);
  r[0] = adopt;
  r[1] = id;
  r[2] = level;
  r[3] = team;
  r[4] = measure;
  r[5] = group;
  r[statementAt] = statement;
  return r;
}

const sheet: RawTable = {
  sheet: 'Suggested Goals (2)',
  firstRow: 1,
  firstColumn: 1,
  values: [
    [...SUGGESTED_GOALS_HEADERS],
    row('Y', 'S1', 'team', 'Cedar Grade 3', 'Reading', 'All students', 'Our own words for S1'),
    row(null, 'S2', 'team', 'Cedar Grade 3', 'Math', 'All students', 'not adopted'),
    row(' yes ', 'S3', 'team', '1', 'Math', 'EL: Y', ''),
    row('n', 'S4', 'team', 'Oak', 'Math', 'All students', 'declined'),
    new Array<CellValue>(width).fill(null),
    // below the table: a note that mentions Y in column A must not count
    ['Y', null, ...new Array<CellValue>(width - 2).fill(null)],
  ],
};

function suggestion(
  id: string,
  team: string,
  measure: string,
  groupLabel: string,
): GoalSuggestion & { groupLabel: string } {
  return {
    id,
    level: 'team',
    team,
    measure,
    groups: [],
    groupLabel,
    baseline: { metric: 'mean', value: 50 },
    target: { value: 60, method: 'half-gap' },
    statement: `engine statement ${id}`,
    rationale: '',
    priority: 1,
  };
}

describe('adopted suggestions', () => {
  it('finds the rows marked Y/yes in a table laid out as Suggested Goals, with their Excel rows', () => {
    const found = findAdoptedGoals([
      sheet,
      { sheet: 'Students', firstRow: 1, firstColumn: 1, values: [['Adopt', 'Name']] },
    ]);
    expect(found.map((f) => [f.row, f.key, f.statement])).toEqual([
      [2, adoptionKey('team', 'Cedar Grade 3', 'Reading', 'All students'), 'Our own words for S1'],
      [4, adoptionKey('team', '1', 'Math', 'EL: Y'), null],
    ]);
  });

  it('finds the header below the instruction row (this layout), with the rows as Excel numbers them', () => {
    const withInstruction: RawTable = {
      ...sheet,
      values: [['Pick Y in "Adopt" for the goals you keep.'], ...sheet.values],
    };
    const found = findAdoptedGoals([withInstruction]);
    // One row lower than in the old layout: S1 on Excel row 3, S3 on row 5.
    expect(found.map((f) => [f.row, f.key])).toEqual([
      [3, adoptionKey('team', 'Cedar Grade 3', 'Reading', 'All students')],
      [5, adoptionKey('team', '1', 'Math', 'EL: Y')],
    ]);
    // A header further down (row 4 or later) is not ours.
    const tooLow: RawTable = { ...sheet, values: [[], [], [], ...sheet.values] };
    expect(findAdoptedGoals([tooLow])).toEqual([]);
  });

  it('marks matching suggestions adopted whatever their new ID, and keeps the person’s statement', () => {
    const now = [
      suggestion('S1', 'Cedar Grade 3', 'Math', 'All students'),
      suggestion('S2', 'Cedar Grade 3', 'Reading', 'All students'), // was S1 last run
      suggestion('S3', '1', 'Math', 'EL: Y'),
      suggestion('S4', 'Oak', 'Math', 'All students'),
    ];
    applyAdoption(now, findAdoptedGoals([sheet]));
    expect(now.map((s) => [s.id, s.adopted ?? false, s.statement])).toEqual([
      ['S1', false, 'engine statement S1'],
      ['S2', true, 'Our own words for S1'],
      ['S3', true, 'engine statement S3'],
      ['S4', false, 'engine statement S4'],
    ]);
  });

  it('the pane’s choices override the sheet: un-adopt, adopt, reword; blank wording keeps the old', () => {
    const now = [
      suggestion('S1', 'Cedar Grade 3', 'Math', 'All students'),
      suggestion('S2', 'Cedar Grade 3', 'Reading', 'All students'), // Y in the sheet
      suggestion('S3', '1', 'Math', 'EL: Y'), // Y in the sheet
      suggestion('S4', 'Oak', 'Math', 'All students'),
    ];
    applyAdoption(now, findAdoptedGoals([sheet]));
    applyChoices(now, [
      { key: suggestionKey(now[0]), adopted: true, statement: '  Pane words for S1 ' },
      { key: suggestionKey(now[1]), adopted: false, statement: null },
      { key: suggestionKey(now[2]), adopted: true, statement: '   ' },
      { key: adoptionKey('team', 'Elm', 'Math', 'All students'), adopted: true, statement: null },
    ]);
    expect(now.map((s) => [s.id, s.adopted ?? false, s.statement])).toEqual([
      ['S1', true, 'Pane words for S1'],
      ['S2', false, 'Our own words for S1'],
      ['S3', true, 'engine statement S3'],
      ['S4', false, 'engine statement S4'],
    ]);
    // Not adopted is "missing" in the report, as before any adoption.
    expect('adopted' in now[1]).toBe(false);
  });
});
