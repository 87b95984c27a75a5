/**
 * Scores are held in 4 bytes each only when that loses nothing: every value read back is the
 * number written in the sheet.
 */
import { describe, expect, it } from '@jest/globals';
import { readDatasets } from '../../../src/core/intake';
import type { MappingConfig } from '../../../src/core/config';
import type { CellValue, RawTable } from '../../../src/core/types';

const config = {
  version: 1,
  students: [
    {
      sheet: 'S',
      id: 'ID',
      measures: [
        { name: 'Whole', pre: 'W1', post: 'W2' },
        { name: 'Tenths', pre: 'T1', post: 'T2' },
      ],
    },
  ],
} as MappingConfig;

function table(rows: CellValue[][]): RawTable {
  return {
    sheet: 'S',
    firstRow: 1,
    firstColumn: 1,
    values: [['ID', 'W1', 'W2', 'T1', 'T2'], ...rows],
  };
}

describe('score arrays', () => {
  it('whole numbers and halves: 32-bit; tenths: 64-bit; every value as written', () => {
    const ds = readDatasets(
      [
        table([
          ['a', 40, '52.5', '0.1', 3.7],
          ['b', 16_777_216, null, '2.3', 'NA'],
          ['c', '7', 8, 0.25, '1e-7'],
        ]),
      ],
      config,
    ).datasets[0];
    const [whole, tenths] = ds.measures;
    expect(whole.pre).toBeInstanceOf(Float32Array);
    expect(whole.post).toBeInstanceOf(Float32Array);
    expect([...whole.pre]).toEqual([40, 16_777_216, 7]);
    expect([...whole.post]).toEqual([52.5, NaN, 8]);
    expect(tenths.pre).toBeInstanceOf(Float64Array);
    expect(tenths.post).toBeInstanceOf(Float64Array);
    expect([...tenths.pre]).toEqual([0.1, 2.3, 0.25]);
    expect([...tenths.post]).toEqual([3.7, NaN, 1e-7]);
  });

  it('a column goes to 64 bits at its first score a 32-bit float would round, all kept exact', () => {
    const rows: CellValue[][] = [];
    for (let i = 0; i < 3000; i++) rows.push([`s${i}`, i, i + 0.5, i, i]);
    rows.push(['late', 16_777_217, 1, 0.1, -0]);
    const ds = readDatasets([table(rows)], config).datasets[0];
    const [whole, tenths] = ds.measures;
    expect(whole.pre).toBeInstanceOf(Float64Array);
    expect(whole.pre[3000]).toBe(16_777_217);
    expect(whole.pre[2999]).toBe(2999);
    expect(whole.post).toBeInstanceOf(Float32Array);
    expect(whole.post[2999]).toBe(2999.5);
    expect(tenths.pre).toBeInstanceOf(Float64Array);
    expect(tenths.pre[3000]).toBe(0.1);
    expect(tenths.post).toBeInstanceOf(Float32Array);
    expect(Object.is(tenths.post[3000], -0)).toBe(true);
  });

  it('percent cells read as fractions (85% → 0.85) take the column to 64 bits', () => {
    const ds = readDatasets(
      [
        table([
          ['a', 0.5, 0.25, 1, 2],
          ['b', '85%', 0.75, 1, 2],
        ]),
      ],
      config,
    ).datasets[0];
    expect(ds.measures[0].pre).toBeInstanceOf(Float64Array);
    expect([...ds.measures[0].pre]).toEqual([0.5, 0.85]);
    expect(ds.measures[0].post).toBeInstanceOf(Float32Array);
  });
});
