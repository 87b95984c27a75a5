/**
 * GridFingerprint (the writer's row-by-row fingerprint) gives fingerprintGrid's value for the
 * same grid: the state compares them across runs and across the two adapters.
 */
import fc from 'fast-check';
import { describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { fingerprintGrid } from '../../src/core/state';
import { GridFingerprint } from '../../src/files/fingerprint';

const cell = fc.oneof(
  fc.constant(null),
  fc.constant(''),
  fc.string({ maxLength: 4 }),
  fc.integer({ min: -5, max: 5 }),
  fc.integer(),
  fc.constantFrom(-0, 2147483647, -2147483647, 2147483648, -2147483648, 1e21, -1e21, 0.1),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.record({ formula: fc.string({ maxLength: 6 }), value: fc.constant(null) }),
);

function streamed(grid: unknown[][]): string {
  const f = new GridFingerprint();
  for (const row of grid) f.add(row);
  return f.digest();
}

describe('GridFingerprint', () => {
  it('equals fingerprintGrid on hand-picked shapes', () => {
    const grids: unknown[][][] = [
      [],
      [[]],
      [[null, ''], []],
      [['a']],
      [[], [], ['a', null, ''], [], [null]],
      [['a', 1, true], [{ formula: '=A1', value: 2 }, false, ''], [], ['x'], [], []],
      [
        [-0, 0, 10, 100, 999, -1000, 2147483647, -2147483647],
        [1e9, 1234567890, -2147483648],
      ],
      [['a', { formula: '', value: null }], [{ formula: '', value: 1 }]],
    ];
    for (const g of grids) expect(streamed(g), JSON.stringify(g)).toBe(fingerprintGrid(g));
  });

  it('equals fingerprintGrid on any grid', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 8 }), (grid) => {
        expect(streamed(grid)).toBe(fingerprintGrid(grid));
      }),
      { numRuns: 500 },
    );
  });
});
