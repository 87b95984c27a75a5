/**
 * analyze() as a whole over random messy workbooks (detect → intake → impact → goals →
 * alignment → plans): it never throws on data, and no number anywhere in the report or the
 * sheet plans is NaN or Infinity (a degenerate statistic is null with a reason instead).
 */
import fc from 'fast-check';
import { describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { analyze } from '../../src/core/analyze';
import type { CellValue, RawTable } from '../../src/core/types';
import { HOSTILE } from './hostile';
import { GOALS_HEADER } from './workbooks';

const HEADERS = [
  'Student ID',
  'ID',
  'Name',
  'Student name',
  'Team',
  'Teacher',
  'School',
  'ELL',
  'SPED',
  'Gender',
  'Grade',
  'Reading pre',
  'Reading post',
  'Fall Math',
  'Spring Math',
  'Pre',
  'Post',
  'Score',
  'Window',
  'Measure',
  'pretest.1',
  'post.test.1',
  'Observation 1',
  'Observation 2',
  'Educator',
  'PD hours',
  '',
  'Notes',
];
const SHEETS = ['Students', 'Educators', 'Goals', 'Scores', 'Sheet1', 'Data (2)'];

const messyString = fc.constantFrom(
  '',
  ' ',
  '12',
  ' 7 ',
  '1,234',
  '5%',
  '1e400',
  '-1e400',
  '1e-400',
  '0123',
  'NaN',
  'Infinity',
  '-Infinity',
  '#N/A',
  '#DIV/0!',
  'TRUE',
  'n/a',
  'absent',
  '—',
  '3/4/2025',
  '2025-09-01',
  'Fall',
  'Spring',
  'Pre',
  'Post',
  'BOY',
  'EOY',
  'Reading',
  'Math',
  'Y',
  'N',
  'District',
  'School',
  'Team',
  'Individual',
  'Level 3',
  'Proficient',
  ...HOSTILE.filter((h) => h.length < 100),
);
const messyValue: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 4, arbitrary: fc.integer({ min: -5, max: 120 }) },
  { weight: 2, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e-300, 5e-324, 99999999, 0.1 + 0.2, 1e15) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 3, arbitrary: messyString },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const table = (sheet: string): fc.Arbitrary<RawTable> =>
  fc
    .record({
      width: fc.integer({ min: 1, max: 8 }),
      headers: fc.array(fc.oneof(fc.constantFrom(...HEADERS), messyString), {
        minLength: 8,
        maxLength: 8,
      }),
      rows: fc.array(fc.array(messyValue, { minLength: 0, maxLength: 9 }), {
        minLength: 0,
        maxLength: 25,
      }),
      firstRow: fc.integer({ min: 1, max: 4 }),
      firstColumn: fc.integer({ min: 1, max: 3 }),
      goals: fc.boolean(),
    })
    .map(({ width, headers, rows, firstRow, firstColumn, goals }) => ({
      sheet,
      firstRow,
      firstColumn,
      values: [
        (goals && sheet === 'Goals' ? GOALS_HEADER : headers.slice(0, width)) as CellValue[],
        ...rows,
      ],
    }));

const workbook: fc.Arbitrary<RawTable[]> = fc
  .uniqueArray(fc.constantFrom(...SHEETS), { minLength: 1, maxLength: 4 })
  .chain((names) => fc.tuple(...names.map((n) => table(n))));

/** Paths of every number that is NaN or ±Infinity in a value (objects, arrays, typed arrays). */
function badNumbers(
  value: unknown,
  at = '$',
  out: string[] = [],
  seen = new Set<object>(),
): string[] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push(`${at} = ${value}`);
  } else if (value && typeof value === 'object') {
    if (seen.has(value)) return out;
    seen.add(value);
    if (ArrayBuffer.isView(value)) return out; // Dataset columns use NaN for missing by design; not in report or plans
    for (const [k, v] of Object.entries(value)) badNumbers(v, `${at}.${k}`, out, seen);
  }
  return out;
}

describe('analyze() over random messy workbooks', () => {
  it('the walker finds NaN and Infinity wherever they hide', () => {
    expect(badNumbers({ a: [1, { b: NaN }], c: { d: Infinity, e: null } })).toEqual([
      '$.a.1.b = NaN',
      '$.c.d = Infinity',
    ]);
  });

  it('never throws on data, and emits no NaN or Infinity in the report or the plans', () => {
    fc.assert(
      fc.property(workbook, (tables) => {
        const out = analyze({
          tables,
          existingSheets: tables.map((t) => t.sheet),
          state: null,
          now: new Date('2026-03-02T09:00:00Z'),
        });
        expect(badNumbers(out.report, 'report')).toEqual([]);
        expect(badNumbers(out.plans, 'plans')).toEqual([]);
        expect(out.plans.length).toBeGreaterThan(0);
        for (const p of out.plans) {
          const width = p.cells[0]?.length ?? 0;
          expect(
            p.cells.every((r) => r.length === width),
            `${p.name} is rectangular`,
          ).toBe(true);
        }
      }),
      { numRuns: 300, seed: 20260302 },
    );
  });

  // Formerly a defect: a score near Number.MAX_VALUE (a cell holding 1e308) made a goal's target
  // and required growth Infinity. The goals module now computes mean and SD without overflow and
  // leaves out any target that still overflows.
  it('extreme magnitudes (a score of 1e308) also give no Infinity', () => {
    const tables: RawTable[] = [
      {
        sheet: 'Students',
        firstRow: 1,
        firstColumn: 1,
        values: [
          ['Student ID', '', 'Student ID', 'Student ID', 'Student ID', 'pretest.1', 'post.test.1'],
          [0, '', 0, '', 0, ' 7 ', 0],
          ['Math', null, '', '', 0, null, 1e308],
        ],
      },
      { sheet: 'Sheet1', firstRow: 1, firstColumn: 1, values: [['Student ID']] },
    ];
    const out = analyze({
      tables,
      existingSheets: ['Students', 'Sheet1'],
      state: null,
      now: new Date('2026-03-02T09:00:00Z'),
    });
    expect([...badNumbers(out.report, 'report'), ...badNumbers(out.plans, 'plans')]).toEqual([]);
  });
});
