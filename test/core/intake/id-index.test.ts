/**
 * IdIndex against a Map as the oracle: the same answers for the same IDs, through growth,
 * near-identical IDs, empty and non-ASCII text.
 */
import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { IdIndex } from '../../../src/core/intake/id-index';
import { IdStore } from '../../../src/core/intake/id-store';

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

/** The sheet reader's way: one getOrAdd per row over an IdStore; the first of each ID is kept. */
function buildStore(ids: string[], expected = 0, expectedLength = 8) {
  const store = new IdStore(expected, expectedLength);
  const index = new IdIndex(store, expected);
  const firstOf = new Map<string, number>();
  const duplicates: number[] = [];
  ids.forEach((id, k) => {
    const seen = index.getOrAdd(id, store.length);
    expect(seen).toBe(firstOf.get(id) ?? -1);
    if (seen >= 0) {
      duplicates.push(k);
      return;
    }
    firstOf.set(id, store.length);
    store.push(id);
  });
  return { store, index, firstOf, duplicates };
}

describe('IdStore with IdIndex.getOrAdd', () => {
  it('keeps each first ID once, in order, and finds the later copies', () => {
    // Rows: A, B, A, C, B, A → records A=0, B=1, C=2; positions 2, 4, 5 are duplicates.
    const { store, duplicates } = buildStore(['A', 'B', 'A', 'C', 'B', 'A']);
    expect(duplicates).toEqual([2, 4, 5]);
    expect(store.toArray()).toEqual(['A', 'B', 'C']);
    expect(store.length).toBe(3);
  });

  it('holds text of any script: Latin-1, then wider characters from the first one on', () => {
    const ids = ['Zoë', 'S001', '学生-7', 'Ω', '😀x', '', 'Zoë2'];
    const { store, duplicates } = buildStore(ids, 2, 2);
    expect(duplicates).toEqual([]);
    expect(store.toArray()).toEqual(ids);
    expect(store.equals(0, 'Zoë')).toBe(true);
    expect(store.equals(0, 'Zoe')).toBe(false);
    expect(store.equals(5, '')).toBe(true);
    expect(store.at(4)).toBe('😀x');
  });

  it('reads back an ID longer than one fromCharCode call takes', () => {
    const long = 'x'.repeat(5000) + 'é'.repeat(3) + 'y';
    const { store } = buildStore(['a', long, 'b']);
    expect(store.at(1)).toBe(long);
    expect(store.at(2)).toBe('b');
    expect(() => store.at(3)).toThrow(RangeError);
  });

  it('agrees with a Map on arbitrary text through growth and trimming', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 6 }),
            fc.string({ unit: 'binary', maxLength: 4 }),
            fc.constantFrom('', ' ', 'é', '00123', '123'),
          ),
          { maxLength: 2000 },
        ),
        (ids) => {
          const { store, index, firstOf } = buildStore(ids);
          store.trim();
          expect(store.toArray()).toEqual([...firstOf.keys()]);
          for (const [id, r] of firstOf) {
            expect(index.get(id)).toBe(r);
            expect(store.at(r)).toBe(id);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('finds 200,000 sequential IDs after the store and the index grew', () => {
    const n = 200_000;
    const ids = Array.from({ length: n }, (_, i) => `S${String(i + 1).padStart(7, '0')}`);
    const { store, index } = buildStore(ids, n, 8);
    for (let i = 0; i < n; i += 997) expect(index.get(ids[i])).toBe(i);
    expect(index.get('S0200001')).toBe(-1);
    expect(store.at(n - 1)).toBe('S0200000');
  });
});

describe('IdIndex on ID patterns that defeat linear probing', () => {
  it('two counting series side by side (A1…, B1…) and a team column: every ID found, none twice', () => {
    const ids: string[] = [];
    for (let i = 1; i <= 60_000; i++) ids.push(`A${i}`, `B${i}`);
    for (let i = 1; i <= 400; i++) ids.push(`Team ${i}`);
    ids.push('A17', 'Team 400', 'B60000'); // three repeats at the end
    const { store, duplicates, firstOf } = buildStore(ids);
    expect(duplicates).toEqual([ids.length - 3, ids.length - 2, ids.length - 1]);
    expect(store.length).toBe(120_400);
    expect(firstOf.get('B60000')).toBe(119_999);
    expect(firstOf.get('Team 1')).toBe(120_000);
  });
});
