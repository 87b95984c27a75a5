/**
 * Windows that are not a column: visit logs (each educator's first and last visit by date, or
 * split at cutDate) and Y/N flag windows. Tables are hand-made; each expected pre/post is read
 * off the table by hand (written beside the rows). Also: detection proposes both shapes.
 */
import { describe, expect, it } from '@jest/globals';
import type { EducatorSheetConfig, MappingConfig } from '../../../src/core/config';
import { detectConfig, readDatasets, startStreamingIntake } from '../../../src/core/intake';
import type { CellValue, RawTable } from '../../../src/core/types';

const t = (sheet: string, values: CellValue[][]): RawTable => ({
  sheet,
  firstRow: 1,
  firstColumn: 1,
  values,
});

// Rows out of date order on purpose. Ratings: Not Yet 1, Somewhat 2, Mostly 3, Yes 4.
const visits = t('Walkthroughs', [
  ['Timestamp', 'Teacher Observed', 'Checks for understanding'], // row 1
  ['1/10/2024 9:00', 'Ms. A', 'Mostly'], // 2: A, Jan 10 (middle)
  ['9/12/2023 8:00', 'Ms. A', 'Not Yet'], // 3: A, Sep 12 (first)
  ['4/22/2024 10:00', 'Ms. A', 'Yes'], // 4: A, Apr 22 (last)
  ['9/20/2023 8:00', 'Mr. B', 'Somewhat'], // 5: B, Sep 20 (first)
  ['11/02/2023 8:00', 'Mr. B', 'Mostly'], // 6: B, Nov 2 (last)
  ['10/05/2023 8:00', 'Mx. C', 'Yes'], // 7: C, one visit only
  ['', 'Mx. C', 'Somewhat'], // 8: C, no date: no window
]);
const scale = { 'Not Yet': 1, Somewhat: 2, Mostly: 3, Yes: 4 };
const visitCfg = (extra: Partial<EducatorSheetConfig> = {}): MappingConfig => ({
  version: 2,
  students: [],
  educators: [
    {
      sheet: 'Walkthroughs',
      format: 'visits',
      id: 'Teacher Observed',
      dateColumn: 'Timestamp',
      scale,
      practice: [{ name: 'CFU', column: 'Checks for understanding', max: 4 }],
      ...extra,
    },
  ],
});

const prePost = (cfg: MappingConfig, tables: RawTable[]) => {
  const ds = readDatasets(tables, cfg).datasets[0];
  const m = ds.measures[0];
  return Object.fromEntries(ds.ids.map((id, r) => [id, [m.pre[r], m.post[r]]]));
};

describe('visit logs: windows from dates', () => {
  it('first and last visit of each educator (by date, not row order)', () => {
    // A: Sep 12 Not Yet (1) → Apr 22 Yes (4); B: Sep 20 Somewhat (2) → Nov 2 Mostly (3);
    // C: one dated visit, so no post (NaN).
    const got = prePost(visitCfg(), [visits]);
    expect(got['Ms. A']).toEqual([1, 4]);
    expect(got['Mr. B']).toEqual([2, 3]);
    expect(got['Mx. C'][0]).toBe(4);
    expect(got['Mx. C'][1]).toBeNaN();
  });

  it('with cutDate: the first visit before it and the last visit on or after it', () => {
    // Cut 2023-11-01. A: before = Sep 12 (1); on/after = Jan 10, Apr 22 → last Apr 22 (4).
    // B: before = Sep 20 (2); after = Nov 2 (3). C: Oct 5 before (4), nothing after.
    const got = prePost(visitCfg({ cutDate: '2023-11-01' }), [visits]);
    expect(got['Ms. A']).toEqual([1, 4]);
    expect(got['Mr. B']).toEqual([2, 3]);
    expect(got['Mx. C'][1]).toBeNaN();
    // Cut 2024-02-01. A: first before = Sep 12 (1), last after = Apr 22 (4); B: no visit after.
    const late = prePost(visitCfg({ cutDate: '2024-02-01' }), [visits]);
    expect(late['Ms. A']).toEqual([1, 4]);
    expect(late['Mr. B'][1]).toBeNaN();
  });

  it('visits between first and last are one OTHER_WINDOW note; the sheet is not changed', () => {
    const before = JSON.stringify(visits.values);
    const { dataQuality } = readDatasets([visits], visitCfg());
    const other = dataQuality.issues.find((i) => i.code === 'OTHER_WINDOW');
    expect(other?.row).toBe(2); // A's Jan 10 visit, the first row of another visit
    expect(JSON.stringify(visits.values)).toBe(before);
  });

  it('a streamed visit log reads the same as the whole table', () => {
    const head = t('Walkthroughs', visits.values.slice(0, 3));
    const intake = startStreamingIntake([head], visitCfg(), ['Walkthroughs']);
    intake.push('Walkthroughs', visits.values.slice(3), 4);
    const ds = intake.finish().datasets[0];
    const whole = readDatasets([visits], visitCfg()).datasets[0];
    expect(ds.ids).toEqual(whole.ids);
    expect([...ds.measures[0].pre]).toEqual([...whole.measures[0].pre]);
    expect([...ds.measures[0].post]).toEqual([...whole.measures[0].post]);
  });

  it('detection proposes a visit log: repeated teacher, a date, text ratings', () => {
    // Educator data without an educator-ID header needs two rating columns (a form's items);
    // a second item is added to the dated rows here.
    const second = ['Yes', 'Somewhat', 'Mostly', 'Not Yet', 'Yes', 'Mostly'];
    const clean = t(
      'Walkthroughs',
      visits.values
        .slice(0, 7)
        .map((r, i) => [...r, i === 0 ? 'Learning target posted' : second[i - 1]]),
    );
    const e = detectConfig([clean]).config.educators?.[0];
    expect(e?.format).toBe('visits');
    expect(e?.id).toBe('Teacher Observed');
    expect(e?.dateColumn).toBe('Timestamp');
    expect(e?.practice.map((p) => p.column)).toEqual([
      'Checks for understanding',
      'Learning target posted',
    ]);
  });
});

describe('flag windows', () => {
  // A row is in the first window it flags Y; N/N rows are in no window.
  const diag = t('Diagnostic', [
    ['Student ID', 'Baseline (Y/N)', 'Most Recent (Y/N)', 'Scale Score'], // 1
    ['S1', 'Y', 'N', 400], // 2: S1 baseline 400
    ['S1', 'N', 'N', 420], // 3: S1 middle test: no window
    ['S1', 'N', 'Y', 450], // 4: S1 most recent 450
    ['S2', 'Y', 'N', 380], // 5: S2 baseline 380
    ['S2', 'N', 'Y', 390], // 6: S2 most recent 390
    ['S3', 'N', 'Y', 500], // 7: S3 most recent only
    ['S4', 'Y', 'N', 410], // 8
    ['S4', 'N', 'Y', 430], // 9
  ]);
  const cfg: MappingConfig = {
    version: 2,
    students: [
      {
        sheet: 'Diagnostic',
        format: 'long',
        id: 'Student ID',
        windows: [
          { name: 'Baseline', flagColumn: 'Baseline (Y/N)' },
          { name: 'Most Recent', flagColumn: 'Most Recent (Y/N)' },
        ],
        scoreColumn: 'Scale Score',
        measures: [{ name: 'Diagnostic' }],
      },
    ],
  };

  it('pre is the baseline-flagged row, post the most-recent-flagged row', () => {
    const got = prePost(cfg, [diag]);
    expect(got.S1).toEqual([400, 450]);
    expect(got.S2).toEqual([380, 390]);
    expect(got.S3[0]).toBeNaN();
    expect(got.S3[1]).toBe(500);
  });

  it('detection proposes the flag columns as windows', () => {
    const s = detectConfig([diag]).config.students[0];
    expect(s.windows).toEqual([
      { name: 'Baseline', flagColumn: 'Baseline (Y/N)' },
      { name: 'Most Recent', flagColumn: 'Most Recent (Y/N)' },
    ]);
    expect(s.scoreColumn).toBe('Scale Score');
    expect(s.windowColumn).toBeUndefined();
  });
});
