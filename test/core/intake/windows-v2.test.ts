/**
 * Config v2: every window kept (BOY/MOY/EOY in the Dataset and the JSON report), pre/post =
 * chosen windows with figures checked by hand, v1 configs still read, long layouts without a
 * measure column and with subtests as columns.
 */
import { describe, expect, it } from '@jest/globals';
import { analyze } from '../../../src/core/analyze';
import type { MappingConfig } from '../../../src/core/config';
import { ConfigError, readDatasets, validateConfig } from '../../../src/core/intake';
import type { RawTable } from '../../../src/core/types';

const BOY = [10, 12, 14, 16, 18, 20];
const MOY: (number | null)[] = [13, 14, 15, 19, 20, null];
const EOY = [15, 14, 19, 20, 24, 26];

const wide: RawTable = {
  sheet: 'Benchmark',
  firstRow: 1,
  firstColumn: 1,
  values: [
    ['Student ID', 'Composite BOY', 'Composite MOY', 'Composite EOY'],
    ...BOY.map((b, i) => [`S${i + 1}`, b, MOY[i], EOY[i]]),
  ],
};

const v2 = (): MappingConfig => ({
  version: 2,
  students: [
    {
      sheet: 'Benchmark',
      id: 'Student ID',
      measures: [
        {
          name: 'Reading',
          windows: [
            { name: 'BOY', column: 'Composite BOY' },
            { name: 'MOY', column: 'Composite MOY' },
            { name: 'EOY', column: 'Composite EOY' },
          ],
          max: null,
          proficient: null,
        },
      ],
    },
  ],
});

const run = (tables: RawTable[], config: MappingConfig) =>
  analyze({
    tables,
    config,
    existingSheets: tables.map((t) => t.sheet),
    state: null,
    now: new Date('2026-01-15T00:00:00Z'),
    plans: false,
  });

/*
 * BOY → EOY by hand (no Rscript on this machine):
 * differences EOY − BOY = 5, 2, 5, 4, 6, 6; mean 28/6 = 4.666667.
 * deviations .333, −2.667, .333, −.667, 1.333, 1.333; squares sum to 11.333333;
 * sdDiff = √(11.333333/5) = 1.505545; se = sdDiff/√6 = 0.614636; t = 4.666667/0.614636 = 7.592566, df 5.
 * dz = 4.666667/1.505545 = 3.099652.
 * BOY: mean 15, SD √(70/5) = 3.741657. EOY: mean 118/6 = 19.666667, SD √(113.333333/5) = 4.760952.
 * dav = 4.666667 / ((3.741657 + 4.760952)/2) = 1.097702.
 * 95% CI: 4.666667 ± 2.570582 × 0.614636 (t.975 with 5 df, published table) = 3.086694 … 6.246640.
 * p: the published t table gives t.9995(5) = 6.869 and t.99975(5) = 7.976, so .0005 < p < .001.
 * MOY: 13, 14, 15, 19, 20 (one blank) → n 5, mean 81/5 = 16.2.
 */
function expectBoyEoy(row: Record<string, unknown>) {
  expect(row.n).toBe(6);
  expect(row.preMean as number).toBeCloseTo(15, 6);
  expect(row.postMean as number).toBeCloseTo(19.666667, 5);
  expect(row.preSd as number).toBeCloseTo(3.741657, 5);
  expect(row.postSd as number).toBeCloseTo(4.760952, 5);
  expect(row.meanDiff as number).toBeCloseTo(4.666667, 5);
  expect(row.sdDiff as number).toBeCloseTo(1.505545, 5);
  expect(row.t as number).toBeCloseTo(7.592566, 4);
  expect(row.df).toBe(5);
  expect(row.dz as number).toBeCloseTo(3.099652, 5);
  expect(row.dav as number).toBeCloseTo(1.097702, 5);
  expect(row.ciLow as number).toBeCloseTo(3.086694, 4);
  expect(row.ciHigh as number).toBeCloseTo(6.24664, 4);
  expect(row.p as number).toBeGreaterThan(0.0005);
  expect(row.p as number).toBeLessThan(0.001);
}

describe('config v2: every window kept', () => {
  it('keeps BOY, MOY and EOY in the Dataset; pre/post default to first → last', () => {
    const config = v2();
    validateConfig(config, [wide]);
    const { datasets } = readDatasets([wide], config);
    const m = datasets[0].measures[0];
    expect(m.windows?.map((w) => w.name)).toEqual(['BOY', 'MOY', 'EOY']);
    expect(Array.from(m.windows![1].scores)).toEqual([13, 14, 15, 19, 20, NaN]);
    expect(Array.from(m.pre)).toEqual(BOY);
    expect(Array.from(m.post)).toEqual(EOY);
    expect(m.preColumn).toBe('Composite BOY');
    expect(m.postColumn).toBe('Composite EOY');
  });

  it('reports every window (n, mean) and BOY → EOY figures equal the hand calculation', () => {
    const { report } = run([wide], v2());
    const w = report.windows.find((x) => x.measure === 'Reading')!;
    expect(w.pre).toBe('BOY');
    expect(w.post).toBe('EOY');
    expect(w.windows.map((x) => [x.name, x.n])).toEqual([
      ['BOY', 6],
      ['MOY', 5],
      ['EOY', 6],
    ]);
    expect(w.windows[0].mean as number).toBeCloseTo(15, 6);
    expect(w.windows[1].mean as number).toBeCloseTo(16.2, 6);
    expect(w.windows[2].mean as number).toBeCloseTo(19.666667, 5);
    const overall = report.impact.find((r) => r.measure === 'Reading' && r.groups.length === 0)!;
    expectBoyEoy(overall as unknown as Record<string, unknown>);
  });

  it('pre/post may name other windows: BOY → MOY pairs the five with both', () => {
    const config = v2();
    config.students[0].measures[0].post = 'MOY';
    const { report } = run([wide], config);
    const overall = report.impact.find((r) => r.groups.length === 0)!;
    // differences MOY − BOY over the five: 3, 2, 1, 3, 2 → mean 11/5 = 2.2
    expect(overall.n).toBe(5);
    expect(overall.meanDiff as number).toBeCloseTo(2.2, 6);
    expect(report.windows[0].post).toBe('MOY');
  });

  it('a pre/post that names no window is a config error that lists the windows', () => {
    const config = v2();
    config.students[0].measures[0].pre = 'Fall';
    expect(() => validateConfig(config, [wide])).toThrow(ConfigError);
    expect(() => validateConfig(config, [wide])).toThrow(/"BOY", "MOY", "EOY"/);
  });

  it('a v1 config on the same sheet still reads: two windows, the same BOY → EOY figures', () => {
    const v1: MappingConfig = {
      version: 1,
      students: [
        {
          sheet: 'Benchmark',
          id: 'Student ID',
          measures: [{ name: 'Reading', pre: 'Composite BOY', post: 'Composite EOY' }],
        },
      ],
    };
    validateConfig(v1, [wide]);
    const { report } = run([wide], v1);
    expect(report.windows[0].windows.map((x) => x.name)).toEqual([
      'Composite BOY',
      'Composite EOY',
    ]);
    expectBoyEoy(report.impact.find((r) => r.groups.length === 0) as never);
  });
});

describe('config v2: long layouts', () => {
  const labels = ['Beginning of Year', 'Middle of Year', 'End of Year'];
  const longRows = (withSubtest: boolean) => {
    const rows: (string | number | null)[][] = [];
    BOY.forEach((_, i) => {
      [BOY[i], MOY[i], EOY[i]].forEach((score, k) => {
        if (score === null) return;
        rows.push(
          withSubtest
            ? [`S${i + 1}`, labels[k], score, score * 2]
            : [`S${i + 1}`, labels[k], 'DIBELS Composite', score],
        );
      });
    });
    return rows;
  };
  const windows = labels.map((value, k) => ({ name: ['BOY', 'MOY', 'EOY'][k], value }));

  it('no measure column: one measure per sheet, every window kept, BOY → EOY as by hand', () => {
    const table: RawTable = {
      sheet: 'dibels',
      firstRow: 1,
      firstColumn: 1,
      values: [['Student ID', 'Period', 'Assessment', 'Score'], ...longRows(false)],
    };
    const config: MappingConfig = {
      version: 2,
      students: [
        {
          sheet: 'dibels',
          format: 'long',
          id: 'Student ID',
          windowColumn: 'Period',
          scoreColumn: 'Score',
          windows,
          measures: [{ name: 'DIBELS Composite' }],
        },
      ],
    };
    validateConfig(config, [table]);
    const { report } = run([table], config);
    expect(report.windows[0].windows.map((w) => [w.name, w.n, w.column])).toEqual([
      ['BOY', 6, 'Score (BOY)'],
      ['MOY', 5, 'Score (MOY)'],
      ['EOY', 6, 'Score (EOY)'],
    ]);
    expectBoyEoy(report.impact.find((r) => r.groups.length === 0) as never);
    // No row of another window, so no OTHER_WINDOW note.
    expect(report.dataQuality.issues.some((i) => i.code === 'OTHER_WINDOW')).toBe(false);
  });

  it('subtests as columns: each measure reads its own column on every window row', () => {
    const table: RawTable = {
      sheet: 'subtests',
      firstRow: 1,
      firstColumn: 1,
      values: [['Student ID', 'Period', 'ORF', 'Maze'], ...longRows(true)],
    };
    const config: MappingConfig = {
      version: 2,
      students: [
        {
          sheet: 'subtests',
          format: 'long',
          id: 'Student ID',
          windowColumn: 'Period',
          windows,
          measures: [
            { name: 'ORF', column: 'ORF' },
            { name: 'Maze', column: 'Maze' },
          ],
        },
      ],
    };
    validateConfig(config, [table]);
    const { report } = run([table], config);
    expectBoyEoy(report.impact.find((r) => r.measure === 'ORF' && r.groups.length === 0) as never);
    const maze = report.impact.find((r) => r.measure === 'Maze' && r.groups.length === 0)!;
    // Maze = 2 × ORF: the mean difference doubles (2 × 4.666667), t does not change.
    expect(maze.meanDiff as number).toBeCloseTo(9.333333, 5);
    expect(maze.t as number).toBeCloseTo(7.592566, 4);
  });

  it('a long sheet without a measure column needs exactly one measure', () => {
    const config: MappingConfig = {
      version: 2,
      students: [
        {
          sheet: 'dibels',
          format: 'long',
          id: 'Student ID',
          windowColumn: 'Period',
          scoreColumn: 'Score',
          windows,
          measures: [{ name: 'A' }, { name: 'B' }],
        },
      ],
    };
    const table: RawTable = {
      sheet: 'dibels',
      firstRow: 1,
      firstColumn: 1,
      values: [['Student ID', 'Period', 'Assessment', 'Score'], ...longRows(false)],
    };
    expect(() => validateConfig(config, [table])).toThrow(
      /one measure when there is no measureColumn/,
    );
  });
});
