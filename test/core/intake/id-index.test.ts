/**
 * IdIndex against a Map as the oracle: the same answers for the same IDs, through growth,
 * near-identical IDs, empty and non-ASCII text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdIndex } from '../../../src/core/intake/id-index';

/** Add IDs in order as the sheet reader does: the first of each ID becomes a record. */
function build(ids: string[], expected = 0) {
  const list: string[] = [];
  const index = new IdIndex(list, expected);
  const oracle = new Map<string, number>();
  const duplicates: number[] = [];
  ids.forEach((id, k) => {
    const seen = index.get(id);
    expect(seen).toBe(oracle.get(id) ?? -1);
    if (seen >= 0) {
      duplicates.push(k);
      return;
    }
    const r = list.length;
    list.push(id);
    index.add(id, r);
    oracle.set(id, r);
  });
  return { index, oracle, duplicates, list };
}

describe('IdIndex', () => {
  it('finds each of 50,000 sequential IDs after growing from 1,024 slots, and no others', () => {
    const ids = Array.from({ length: 50000 }, (_, i) => `S${String(i + 1).padStart(7, '0')}`);
    const { index } = build(ids);
    for (let i = 0; i < ids.length; i += 97) expect(index.get(ids[i])).toBe(i);
    expect(index.get('S0050001')).toBe(-1);
    expect(index.get('s0000001')).toBe(-1); // case matters, as in the Map it replaces
    expect(index.get('')).toBe(-1);
  });

  it('reports the second and later copies of an ID as duplicates of the first record', () => {
    // Rows: A, B, A, C, B, A → records A=0, B=1, C=2; positions 2, 4, 5 are duplicates.
    const { duplicates, index } = build(['A', 'B', 'A', 'C', 'B', 'A'], 4);
    expect(duplicates).toEqual([2, 4, 5]);
    expect([index.get('A'), index.get('B'), index.get('C')]).toEqual([0, 1, 2]);
  });

  it('agrees with a Map on arbitrary text, repeated IDs included', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('', ' ', 'é', '00123', '123')),
          {
            maxLength: 3000,
          },
        ),
        (ids) => {
          const { index, oracle } = build(ids);
          for (const [id, r] of oracle) expect(index.get(id)).toBe(r);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('clear() forgets every ID', () => {
    const { index } = build(['x', 'y']);
    index.clear();
    expect(index.get('x')).toBe(-1);
  });
});
