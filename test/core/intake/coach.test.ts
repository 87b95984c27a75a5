/**
 * Issue 20, the coach: an educator sheet's coach column (config `educators[].coach`) is
 * detected from its header, read as a category, and a team whose rows name two coaches is one
 * COACH_CONFLICT (sheet, row, column, value) with the first coach used; the same through the
 * streaming intake. Every expected value is read off the table below.
 */
import { describe, expect, it } from '@jest/globals';
import type { MappingConfig } from '../../../src/core/config';
import { coachTeams, teamCoaches } from '../../../src/core/coaches';
import { detectConfig, readDatasets, startStreamingIntake } from '../../../src/core/intake';
import type { CellValue, RawTable } from '../../../src/core/types';

const t = (sheet: string, values: CellValue[][]): RawTable => ({
  sheet,
  firstRow: 1,
  firstColumn: 1,
  values,
});

// Excel rows: header on row 1, data on rows 2–7.
const staff = t('Staff', [
  ['Educator Name', 'Team', 'Instructional Coach', 'Questioning Fall', 'Questioning Spring'],
  ['Ann', 'Blue', 'Kim Ode', 2, 3], // 2: Blue's coach is Kim Ode (first named)
  ['Bo', 'Blue', 'Kim Ode', 3, 3], // 3
  ['Cy', 'Red', 'Lee Pham', 1, 2], // 4: Red's coach is Lee Pham
  ['Di', 'Blue', 'Lee Pham', 2, 2], // 5: Blue names a second coach → COACH_CONFLICT on row 5
  ['Ed', 'Blue', 'Lee Pham', 2, 4], // 6: the same conflict again: no second issue
  ['Fay', 'Green', 'Kim Ode', 3, 4], // 7: Kim Ode also coaches Green
]);

const config = (): MappingConfig => ({
  version: 1,
  students: [],
  educators: [
    {
      sheet: 'Staff',
      id: 'Educator Name',
      team: 'Team',
      coach: 'Instructional Coach',
      practice: [{ name: 'Questioning', pre: 'Questioning Fall', post: 'Questioning Spring' }],
    },
  ],
});

describe('the coach column', () => {
  it('is detected from a header naming a coach', () => {
    const cfg = detectConfig([staff]).config;
    expect(cfg.educators?.[0]).toMatchObject({ team: 'Team', coach: 'Instructional Coach' });
    const plain = t(
      'Staff',
      staff.values.map((r, k) =>
        k === 0 ? r.map((h) => (h === 'Instructional Coach' ? 'Coach' : h)) : r,
      ),
    );
    expect(detectConfig([plain]).config.educators?.[0].coach).toBe('Coach');
  });

  it('gives each team one coach, the first named; a second is one COACH_CONFLICT', () => {
    const { datasets, dataQuality } = readDatasets([staff], config());
    expect([...teamCoaches(datasets)]).toEqual([
      ['Blue', 'Kim Ode'],
      ['Red', 'Lee Pham'],
      ['Green', 'Kim Ode'],
    ]);
    expect([...coachTeams(datasets)]).toEqual([
      ['Kim Ode', ['Blue', 'Green']],
      ['Lee Pham', ['Red']],
    ]);
    const conflicts = dataQuality.issues.filter((i) => i.code === 'COACH_CONFLICT');
    expect(
      conflicts.map(({ sheet, row, column, value, severity }) => ({
        sheet,
        row,
        column,
        value,
        severity,
      })),
    ).toEqual([
      {
        sheet: 'Staff',
        row: 5,
        column: 'Instructional Coach',
        value: 'Lee Pham',
        severity: 'warning',
      },
    ]);
    expect(conflicts[0].message).toBe(
      'Team "Blue" has coach "Kim Ode" on row 2 of "Staff" and "Lee Pham" on row 5: a team has one coach, so "Kim Ode" is used.',
    );
  });

  it('reads the same through the streaming intake', () => {
    const head = t('Staff', staff.values.slice(0, 3));
    const intake = startStreamingIntake([head], config(), ['Staff']);
    intake.push('Staff', staff.values.slice(3), 4);
    const { datasets, dataQuality } = intake.finish();
    expect([...teamCoaches(datasets)]).toEqual([
      ['Blue', 'Kim Ode'],
      ['Red', 'Lee Pham'],
      ['Green', 'Kim Ode'],
    ]);
    expect(dataQuality.issues.filter((i) => i.code === 'COACH_CONFLICT').map((i) => i.row)).toEqual(
      [5],
    );
  });

  it('without a coach column no team has a coach', () => {
    const cfg = config();
    delete cfg.educators![0].coach;
    expect(teamCoaches(readDatasets([staff], cfg).datasets).size).toBe(0);
  });
});
