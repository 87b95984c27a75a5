/**
 * A roster beside the scores (a school information system's export of the same students with
 * their teacher and groups, apart from the test platform's scores) is said to be one, with how to
 * bring its columns over, instead of being proposed as a sheet of scores. Tables are hand-made;
 * the matching IDs are counted off them.
 */
import { describe, expect, it } from '@jest/globals';
import { detectConfig } from '../../../src/core/intake';
import { rawTable } from '../../support/raw-table';

const t = rawTable;

const scores = t('Scores', [
  ['Student ID', 'Reading Fall', 'Reading Spring'],
  ['S1', 40, 45],
  ['S2', 52, 58],
  ['S3', 47, 50],
  ['S4', 61, 66],
  ['S5', 38, 44],
]);

// S1, S2, S3 are on Scores; S9 is not: 3 of its 4 IDs match.
const roster = t('Roster', [
  ['Student ID', 'Teacher', 'Grade', 'EL'],
  ['S1', 'Ms. A', 3, 'N'],
  ['S2', 'Mr. B', 4, 'Y'],
  ['S3', 'Ms. A', 3, 'N'],
  ['S9', 'Mr. B', 4, 'N'],
]);

describe('a roster beside the scores', () => {
  it('is marked a roster, with one note saying what it is and how to use its columns', () => {
    const d = detectConfig([roster, scores]);
    expect(d.config.students.map((s) => s.sheet)).toEqual(['Scores']);
    const r = d.sheets.find((s) => s.sheet === 'Roster')!;
    expect(r.noMapping).toBe('roster');
    expect(r.unmapped).toBeUndefined();
    const notes = d.notes.filter((n) => n.sheet === 'Roster').map((n) => n.message);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('"Roster" looks like a roster for "Scores"');
    expect(notes[0]).toContain('3 of its 4 IDs in "Student ID"');
    expect(notes[0]).toContain('"Teacher", "Grade", "EL"');
    expect(notes[0]).toContain('XLOOKUP');
  });

  it('a sheet of other IDs keeps its not-mapped hint', () => {
    const other = t('Other class', [
      ['Student ID', 'Teacher', 'Grade'],
      ['T1', 'Ms. C', 5],
      ['T2', 'Ms. C', 5],
      ['T3', 'Ms. C', 5],
    ]);
    const d = detectConfig([other, scores]);
    const s = d.sheets.find((x) => x.sheet === 'Other class')!;
    expect(s.noMapping).toBeUndefined();
    expect(s.unmapped).toBeDefined();
  });

  it('a sheet of the same IDs with only a score (no window) is not called a roster', () => {
    const math = t('Math', [
      ['Student ID', 'Math'],
      ['S1', 50],
      ['S2', 61],
      ['S3', 47],
      ['S4', 55],
    ]);
    const d = detectConfig([math, scores]);
    const s = d.sheets.find((x) => x.sheet === 'Math')!;
    expect(s.noMapping).toBeUndefined();
    expect(s.unmapped?.missing).toContain('window');
  });

  it('two matching IDs are not enough to call a sheet a roster', () => {
    const two = t('Two', [
      ['Student ID', 'Teacher'],
      ['S1', 'Ms. A'],
      ['S2', 'Mr. B'],
    ]);
    const d = detectConfig([two, scores]);
    expect(d.sheets.find((x) => x.sheet === 'Two')!.noMapping).toBeUndefined();
  });
});
