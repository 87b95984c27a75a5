/**
 * The shared-string table's shortcut for a column met in the order its strings were added
 * (followedBy): it gives the index indexOf gives, or says no; hand-worked on a small table.
 */
import { describe, expect, it } from '@jest/globals';
import { ColumnStrings, SharedStrings } from '../../src/files/xlsx/write/shared-strings';

describe('SharedStrings.followedBy', () => {
  it('gives the next index when the string there is the one asked for, else -1', () => {
    // Two strings exceljs wrote (indexes 0 and 1), then ours: a → 2, b → 3, c → 4.
    const sst = new SharedStrings(2);
    expect(['a', 'b', 'c', 'a'].map((t) => sst.indexOf(t))).toEqual([2, 3, 4, 2]);
    expect(sst.followedBy(2, 'b')).toBe(3);
    expect(sst.followedBy(3, 'c')).toBe(4);
    expect(sst.followedBy(1, 'a')).toBe(2); // after exceljs's last string comes our first
    expect(sst.followedBy(3, 'b')).toBe(-1); // b is at 3, not after it
    expect(sst.followedBy(4, 'd')).toBe(-1); // nothing after the last
    expect(sst.followedBy(0, 'x')).toBe(-1); // exceljs's own strings are not ours to name
    // A string equal in text (not the same object) is found as indexOf finds it.
    const b = ['b'].join('');
    expect(sst.followedBy(2, b)).toBe(sst.indexOf(b));
  });

  it('counts no reference itself: indexAgain does, as indexOf would have', () => {
    const one = new SharedStrings(0);
    const two = new SharedStrings(0);
    for (const t of ['S1', 'S2', 'S3']) {
      one.indexOf(t);
      two.indexOf(t);
    }
    // Second pass over the same IDs: one by indexOf, two by the shortcut.
    let at = -1;
    for (const t of ['S1', 'S2', 'S3']) {
      one.indexOf(t);
      const next = at < 0 ? -1 : two.followedBy(at, t);
      at = next >= 0 ? two.indexAgain(next) : two.indexOf(t);
    }
    expect(two.xml(undefined)).toBe(one.xml(undefined));
    expect(one.xml(undefined)).toContain('count="6" uniqueCount="3"');
  });
});

describe('SharedStrings.indexOf', () => {
  it('numbers each distinct string once, in the order first met, as a Map would', () => {
    // 60,000 lookups of ~20,000 strings (the index grows past its first 1,024 slots several
    // times): IDs counting up, teams, texts differing only in case or spaces, accents, "".
    let seed = 12345;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const pool = [
      '',
      ' ',
      'Team 1',
      'team 1',
      'Team 1 ',
      'Zoë',
      'Zoe\u0308',
      '😀',
      ...Array.from({ length: 400 }, (_, i) => `Team ${i}`),
      ...Array.from({ length: 20000 }, (_, i) => `S${String(i).padStart(7, '0')}`),
    ];
    const sst = new SharedStrings(3);
    const expected = new Map<string, number>();
    const got: number[] = [];
    const want: number[] = [];
    for (let k = 0; k < 60000; k++) {
      // A fresh string each time (as the writer's cells are), equal in text to the pool's.
      const text = [pool[rand(pool.length)]].join('');
      if (!expected.has(text)) expected.set(text, 3 + expected.size);
      want.push(expected.get(text)!);
      got.push(sst.indexOf(text));
    }
    expect(got).toEqual(want);
    expect(sst.xml(undefined)).toContain(`count="60000" uniqueCount="${3 + expected.size}"`);
  });
});

describe('ColumnStrings', () => {
  it('gives, column by column, the indexes and the table that indexOf alone gives', () => {
    // Hand-worked first: column 1 repeats a sheet name, column 2 alternates two teams, column 3
    // has IDs met again in order.
    const sst = new SharedStrings(1); // one string exceljs wrote: ours start at 1
    const cols = new ColumnStrings(sst);
    const rows = [
      ['Sheet', 'T1', 'S1'],
      ['Sheet', 'T2', 'S2'],
      ['Sheet', 'T1', 'S1'],
      ['Sheet', 'T2', 'S2'],
    ];
    const got = rows.map((r) => r.map((t, c) => cols.indexOf(c + 1, t)));
    expect(got).toEqual([
      [1, 2, 3],
      [1, 4, 5],
      [1, 2, 3],
      [1, 4, 5],
    ]);
    // Twelve cells; exceljs's one string and our five.
    expect(sst.xml(undefined)).toContain('count="12" uniqueCount="6"');
  });

  it('stays equal to indexOf past its few remembered strings (a column of 3,000 IDs)', () => {
    const plain = new SharedStrings(0);
    const sst = new SharedStrings(0);
    const cols = new ColumnStrings(sst);
    const ids = Array.from({ length: 3000 }, (_, i) => `S${i}`);
    const teams = (i: number) => `Team ${(i * 7) % 13}`;
    // The IDs in order, then shuffled by a stride (no shortcut holds), teams throughout.
    const order = [...ids.keys(), ...ids.map((_, i) => (i * 1237) % 3000)];
    for (const i of order) {
      expect([i, cols.indexOf(1, ids[i])]).toEqual([i, plain.indexOf(ids[i])]);
      expect([i, cols.indexOf(2, teams(i))]).toEqual([i, plain.indexOf(teams(i))]);
    }
    expect(sst.xml(undefined)).toBe(plain.xml(undefined));
  });
});
