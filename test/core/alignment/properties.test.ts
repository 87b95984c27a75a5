/** Any goals sheet: alignment never throws, and every number it writes is finite. */
import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { analyzeAlignment, buildAlignmentPlans } from '../../../src/core/alignment';
import { outputSheetNames } from '../../../src/core/analyze';
import { isFormulaCell } from '../../../src/core/plans/types';
import type { CellValue } from '../../../src/core/types';

const HEADER = [
  'Goal ID',
  'Level',
  'School',
  'Team',
  'Goal',
  'Focus',
  'Student group',
  'Parent goal',
  'PD hours',
  'Cost',
];
const id = fc.constantFrom('D1', 'D2', 'S1', 'S2', 'T1', 'T2', 'T3', 'I1', '', null, 7);
const cell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const row = fc.tuple(
  id,
  fc.oneof(fc.constantFrom('District', 'School', 'Team', 'Individual', 'Region', '', null), cell),
  fc.constantFrom('Lincoln', 'Washington', null),
  fc.constantFrom('G3', 'G4', null),
  fc.oneof(fc.constantFrom('Read more', null), cell),
  fc.constantFrom('Reading', 'literacy', 'ELA', 'Math', 'numeracy', 'Attendance', null),
  fc.constantFrom('All students', 'EL', 'FRL', 'SWD; EL', null),
  fc.oneof(id, fc.constantFrom('S1, D1', 'T1;T2')),
  cell,
  cell,
);

describe('alignment on any goals sheet', () => {
  it('never throws; no NaN or Infinity in the report or the plans', () => {
    const names = outputSheetNames([], null);
    fc.assert(
      fc.property(fc.array(row, { maxLength: 14 }), (rows) => {
        const input = {
          goalsTable: {
            sheet: 'Goals',
            values: [HEADER, ...rows] as CellValue[][],
            firstRow: 1,
            firstColumn: 1,
          },
          suggestions: [],
          impact: [],
          config: { version: 1 as const, students: [], goals: { sheet: 'Goals' } },
        };
        const result = analyzeAlignment(input);
        const plans = buildAlignmentPlans(result, input, names);
        expect(JSON.stringify(result.report)).not.toMatch(/NaN|Infinity/);
        for (const p of plans) {
          const width = p.cells[0].length;
          for (const r of p.cells) {
            expect(r.length).toBe(width);
            for (const c of r) {
              const v = isFormulaCell(c) ? c.value : c;
              if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
            }
          }
        }
        const c = result.report!.coherence;
        if (c !== null) expect(c >= 0 && c <= 1).toBe(true);
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });
});
