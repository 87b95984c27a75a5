/**
 * Which column identifies the person: two detection mistakes of the known-mistakes list, fixed
 * ("Educator" alone was not an educator ID; one duplicated ID on a tiny sheet dropped the ID
 * column), and what must not change with them. Tables are hand-made; expectations are read off
 * them.
 */
import { describe, expect, it } from '@jest/globals';
import { detectConfig, readDatasets } from '../../../src/core/intake';
import type { CellValue, RawTable } from '../../../src/core/types';

const t = (sheet: string, values: CellValue[][]): RawTable => ({
  sheet,
  values,
  firstRow: 1,
  firstColumn: 1,
});

const ratings = (k: number): CellValue[] => [1 + (k % 3), 2 + (k % 3), 2 + ((k + 1) % 3), 3];

describe('educator ID', () => {
  it('"Educator" alone is the educator ID on observation data', () => {
    const values: CellValue[][] = [
      [
        'Educator',
        'Team',
        'Questioning Fall',
        'Questioning Spring',
        'Feedback Fall',
        'Feedback Spring',
      ],
      ...['Ana Ruiz', 'Ben Cole', 'Cy Park', 'Dee Hart', 'Eli Moss'].map((n, k) => [
        n,
        k < 3 ? 'Grade 3' : 'Grade 4',
        ...ratings(k),
      ]),
    ];
    const d = detectConfig([t('Observations', values)]);
    expect(d.config.educators?.[0]).toMatchObject({
      sheet: 'Observations',
      id: 'Educator',
      team: 'Team',
    });
  });

  it('on student data "Teacher" stays the students\' teacher, not an ID', () => {
    const values: CellValue[][] = [
      ['Student ID', 'Teacher', 'Reading Fall', 'Reading Spring'],
      ...Array.from({ length: 12 }, (_, k) => [
        `S${100 + k}`,
        k % 2 ? 'Ms. Lee' : 'Mr. Roe',
        40 + k,
        45 + k,
      ]),
    ];
    const s = detectConfig([t('Students', values)]).config.students[0];
    expect(s.id).toBe('Student ID');
    // With no team column the teacher's class is the team.
    expect(s.team).toBe('Teacher');
  });
});

describe('a duplicated ID on a small sheet', () => {
  // Six rows, S3 twice (rows 4 and 6): 5 different values in 6 (83%). The ID column is kept and
  // the second S3 is reported, not silently dropped with the whole column.
  const values: CellValue[][] = [
    ['Student ID', 'Math Pre', 'Math Post'],
    ['S1', 50, 60],
    ['S2', 55, 58],
    ['S3', 61, 66],
    ['S4', 47, 52],
    ['S3', 70, 71],
    ['S5', 58, 63],
  ];
  const table = t('Class', values);
  const d = detectConfig([table]);
  it('keeps "Student ID" as the ID', () => expect(d.config.students[0].id).toBe('Student ID'));
  it('reports the repeat on row 6 and keeps the first S3 (row 4)', () => {
    const r = readDatasets([table], d.config);
    const dup = r.dataQuality.issues.filter((i) => i.code === 'DUPLICATE_ID');
    expect(dup.map((i) => [i.row, i.value])).toEqual([[6, 'S3']]);
    expect(r.datasets[0].ids).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
  });
  it('a column that repeats a lot is still not an ID (3 values in 6 rows)', () => {
    const many = values.map((row, k) => (k === 0 ? row : [`S${1 + (k % 3)}`, ...row.slice(1)]));
    expect(detectConfig([t('Class', many)]).config.students[0].id).not.toBe('Student ID');
  });
});
