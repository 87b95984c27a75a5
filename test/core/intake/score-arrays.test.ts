/**
 * Scores are held in 4 bytes each only when that loses nothing: every value read back is the
 * number written in the sheet.
 */
import { describe, expect, it } from 'vitest';
import { readDatasets } from '../../../src/core/intake';
import { narrowScores } from '../../../src/core/intake/scores';
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

  it('narrowScores keeps 64 bits for 2^24 + 1 and for a value 32 bits would round', () => {
    expect(narrowScores(Float64Array.of(1, 16_777_217))).toBeInstanceOf(Float64Array);
    expect(narrowScores(Float64Array.of(0.5, 1 / 3))).toBeInstanceOf(Float64Array);
    const narrowed = narrowScores(Float64Array.of(-0, 0.125, NaN, 3));
    expect(narrowed).toBeInstanceOf(Float32Array);
    expect(Object.is(narrowed[0], -0)).toBe(true);
    expect([...narrowed].slice(1)).toEqual([0.125, NaN, 3]);
  });
});
