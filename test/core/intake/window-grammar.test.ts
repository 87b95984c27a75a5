/**
 * The window grammar (src/core/intake/windows.ts), table-tested: each header or cell text with
 * the stem, family and order (or, for dated windows, the calendar month year·100 + month) a
 * person reads in it. Orders matter only within a family: smaller is earlier.
 */
import { describe, expect, it } from '@jest/globals';
import { isFlagHeader, parseWindow } from '../../../src/core/intake/windows';

describe('window grammar: family words', () => {
  it.each([
    // seasons
    ['Reading Fall', 'reading', 'season', 1],
    ['Reading Winter', 'reading', 'season', 2],
    ['Spring Reading', 'reading', 'season', 3],
    ['Autumn', '', 'season', 1],
    // BOY/MOY/EOY and their words
    ['Composite BOY', 'composite', 'year', 1],
    ['Composite MOY', 'composite', 'year', 2],
    ['Composite EOY', 'composite', 'year', 3],
    ['Beginning of Year', '', 'year', 1],
    ['Middle of the Year', '', 'year', 2],
    ['End of Year', '', 'year', 3],
    ['Beginning', '', 'year', 1],
    ['Middle', '', 'year', 2],
    ['ORF Beginning of Year Score', 'orf score', 'year', 1],
    // pre/post and their words
    ['Pre', '', 'prepost', 1],
    ['Post', '', 'prepost', 2],
    ['pretest.1', 'test 1', 'prepost', 1],
    ['post.test.1', 'test 1', 'prepost', 2],
    ['Baseline', '', 'prepost', 1],
    ['Start', '', 'prepost', 1],
    ['End', '', 'prepost', 2],
    ['Start Score', 'score', 'prepost', 1],
    ['End Score', 'score', 'prepost', 2],
    ['Initial Rating', 'rating', 'prepost', 1],
    ['Final Rating', 'rating', 'prepost', 2],
    // "(Most Recent)", latest
    ['Scale Score (Most Recent)', 'scale score', 'prepost', 3],
    ['Latest Scale Score', 'scale score', 'prepost', 3],
    ['Most Recent Diagnostic YTD (Y/N)', 'diagnostic', 'prepost', 3],
    ['Baseline Diagnostic (Y/N)', 'diagnostic', 'prepost', 1],
    // numbered windows: T, PM, Q, test numbers, test events
    ['T1 Reading', 'reading', 'numbered:t', 1],
    ['PM1', '', 'numbered:pm', 1],
    ['PM 3 Score', 'score', 'numbered:pm', 3],
    ['Q2', '', 'numbered:q', 2],
    ['Test 1', '', 'numbered:test', 1],
    ['Test Event 2', 'test', 'numbered:event', 2],
    ['Benchmark 3 RIT', 'rit', 'numbered:benchmark', 3],
    ['S1', '', 'numbered:s', 1],
    ['S2', '', 'numbered:s', 2],
    ['G3', '', 'numbered:g', 3],
    // ordinals
    ['1st Administration', 'administration', 'ordinal', 1],
    ['Second Administration', 'administration', 'ordinal', 2],
    ['3rd Test', 'test', 'ordinal', 3],
    ['First', '', 'ordinal', 1],
    // a month alone: ordered within a school year, August first
    ['September_SCORE', 'score', 'month', 2],
    ['May_SCORE', 'score', 'month', 10],
    ['August', '', 'month', 1],
    // grade-as-year: a cohort's grade 3 and grade 4 scores
    ['Grade 3 Scale Score', 'scale score', 'grade', 3],
    ['Grade 4 Scale Score', 'scale score', 'grade', 4],
    ['Gr 5 Math', 'math', 'grade', 5],
    ['3rd Grade Reading', 'reading', 'grade', 3],
  ] as const)('%j → stem %j, %s, order %s', (text, stem, family, order) => {
    const w = parseWindow(text);
    expect(w).not.toBeNull();
    expect([w!.stem.join(' '), w!.family, w!.order]).toEqual([stem, family, order]);
  });
});

describe('window grammar: dates, month-year and term codes, school years', () => {
  it.each([
    // dates: year·100 + month + day/100
    ['09/15/2023', '', 202309.15],
    ['1/20/24', '', 202401.2],
    ['2024-05-03', '', 202405.03],
    // month-year and term codes
    ['0923', '', 202309],
    ['0124', '', 202401],
    // YYMM administration codes (Aeries): 2309 cannot be MMYY (no month 23) nor a year
    ['2309', '', 202309],
    ['2405', '', 202405],
    ['SEP23', '', 202309],
    ['Sept 2023', '', 202309],
    ['January 2024', '', 202401],
    ['2023-09', '', 202309],
    ['RIT 2024-01', 'rit', 202401],
    ['FA23', '', 202309],
    ['SP24', '', 202403],
    ['WI24', '', 202401],
    // seasons of a school year: fall in September of its first year, spring in March of its second
    ['Fall 2023-24', '', 202309],
    ['Winter 2023-24', '', 202312],
    ['Spring 2023-24', '', 202403],
    ['Spring 2023-2024', '', 202403],
    // a season with one year is that calendar year's season
    ['Fall 2023', '', 202309],
    ['Spring 2024', '', 202403],
    // school years alone
    ['2023-2024', '', 202300],
    ['2022-23', '', 202200],
    ['SY24', '', 202300],
    ['SY 2023-24', '', 202300],
    ['2023', '', 202300],
    // progress monitoring with a school year
    ['PM1 2023-2024', '', 202308.1],
    ['PM2 2023-2024', '', 202308.2],
  ] as const)('%j → stem %j, dated, order %s', (text, stem, order) => {
    const w = parseWindow(text);
    expect(w).not.toBeNull();
    expect(w!.family.startsWith('dated')).toBe(true);
    expect(w!.stem.join(' ')).toBe(stem);
    expect(w!.order).toBeCloseTo(order, 6);
  });

  it('orders the windows of a year the way the calendar does', () => {
    const texts = ['Spring 2024', 'Fall 2023', 'Winter 2023-24', 'SEP23', 'JAN24', '05/01/2024'];
    const sorted = [...texts].sort((a, b) => parseWindow(a)!.order - parseWindow(b)!.order);
    expect(sorted).toEqual([
      'Fall 2023',
      'SEP23',
      'Winter 2023-24',
      'JAN24',
      'Spring 2024',
      '05/01/2024',
    ]);
  });
});

describe('window grammar: spans and non-windows', () => {
  it('"Growth … from Fall to Spring" is a span, not a window, and differs from Winter → Spring', () => {
    const a = parseWindow('Growth in Scale Score from Fall to Spring')!;
    const b = parseWindow('Growth in Scale Score from Winter to Spring')!;
    expect(a.span).toBe(true);
    expect(b.span).toBe(true);
    expect(a.stem).toEqual(b.stem);
    expect(a.family).not.toBe(b.family);
  });
  it.each([
    'Fall to Spring Growth',
    'Fall-Spring Change',
    'RIT Growth Fall to Winter',
    // Every word detection takes for a difference (DIFFERENCE_HEADER), after two windows.
    'Fall Spring Delta',
    'BOY EOY Improvement',
    'Fall Spring Gains',
  ])('%j is a span', (text) => expect(parseWindow(text)?.span).toBe(true));
  it.each([
    'math score',
    'standLRT',
    'e4',
    'When did the observation occur?',
    'First Name',
    'Last Name',
    'Student Last Name',
    'End Date Time',
    'Number of Items',
    'Grade',
    'Teacher',
    'School Year Start',
  ])('%j names no window', (text) => expect(parseWindow(text)).toBeNull());
});

describe('window grammar: flag columns', () => {
  it.each([
    ['Fall Test (Y/N)', true],
    ['Baseline Diagnostic (Y/N)', true],
    ['Tested in Winter?', true],
    ['Fall Score', false],
  ] as const)('%j is a flag header: %s', (h, want) => expect(isFlagHeader(h)).toBe(want));
  it('a flag header still names its window', () => {
    expect(parseWindow('Fall Test (Y/N)')).toMatchObject({
      family: 'season',
      order: 1,
      stem: ['test'],
    });
  });
});
