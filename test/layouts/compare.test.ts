/**
 * The comparison behind `npm run detect:layouts` (scripts/layouts-compare.cjs), on hand-written
 * configs: a right v1 and a right v2 config pass; each kind of mistake the corpus is meant to catch
 * is named. If this comparison were lenient, the "N of M fully detected" score would mean nothing.
 */
import { describe, expect, it } from '@jest/globals';
import {
  compareExpectedIssue,
  compareLayout,
  messageLines,
  normalizeConfig,
  type Expected,
} from '../../scripts/layouts-compare.cjs';

const wide: Expected = {
  version: 2,
  students: [
    {
      sheet: 'Scores',
      id: 'Student ID',
      school: 'School',
      measures: [
        {
          name: 'Reading',
          windows: [
            { name: 'BOY', column: 'Reading BOY' },
            { name: 'MOY', column: 'Reading MOY' },
            { name: 'EOY', column: 'Reading EOY' },
          ],
        },
      ],
    },
  ],
  accept: { extraMeasures: [['Pctl BOY', 'Pctl EOY']] },
};

const v2Wide = (windows: string[], extra: object[] = [], more: object = {}) => ({
  version: 2,
  students: [
    {
      sheet: 'Scores',
      id: 'Student ID',
      school: 'School',
      measures: [{ name: 'R', windows: windows.map((c) => ({ name: c, column: c })) }, ...extra],
      ...more,
    },
  ],
});

describe('compareLayout on a wide layout', () => {
  it('accepts the right v2 config, with another measure name and a tolerated extra pair', () => {
    const extra = { name: 'P', pre: 'Pctl BOY', post: 'Pctl EOY' };
    expect(
      compareLayout(wide, v2Wide(['Reading BOY', 'Reading MOY', 'Reading EOY'], [extra])),
    ).toEqual([]);
  });

  it('reads a v1 {pre, post} measure as windows [pre, post], so a v1 BOY→EOY pair misses MOY', () => {
    const v1 = {
      version: 1,
      students: [
        {
          sheet: 'Scores',
          id: 'Student ID',
          team: 'School',
          measures: [{ name: 'Reading', pre: 'Reading BOY', post: 'Reading EOY' }],
        },
      ],
    };
    expect(compareLayout(wide, v1)).toEqual([
      'measure Reading: windows [Reading BOY, Reading EOY] instead of [Reading BOY, Reading MOY, Reading EOY]',
    ]);
  });

  it('names wrong order, an invented pair, a wrong id and "School Year" taken as the school', () => {
    const got = v2Wide(
      ['Reading MOY', 'Reading BOY', 'Reading EOY'],
      [{ name: 'X', pre: 'PRE_SCHOOL_ID', post: 'POST_SCHOOL_ID' }],
      { id: 'Staff ID', school: 'School Year' },
    );
    expect(compareLayout(wide, got)).toEqual([
      'id "Staff ID", expected "Student ID"',
      'school "School Year", expected "School"',
      'measure Reading: windows [Reading MOY, Reading BOY, Reading EOY] instead of [Reading BOY, Reading MOY, Reading EOY]',
      'invented measure [PRE_SCHOOL_ID, POST_SCHOOL_ID]',
    ]);
  });

  it('says when nothing is mapped, or the sheet is taken for educators, or another sheet is invented', () => {
    expect(compareLayout(wide, { version: 1, students: [] })).toEqual([
      'nothing mapped on sheet "Scores" (expected students)',
    ]);
    expect(
      compareLayout(wide, {
        version: 1,
        students: [],
        educators: [{ sheet: 'Scores', id: 'Student ID', practice: [] }],
      }),
    ).toEqual(['sheet "Scores" read as educators, expected students']);
    const other = v2Wide(['Reading BOY', 'Reading MOY', 'Reading EOY']);
    other.students.push({ sheet: 'Notes', id: 'x', school: 'y', measures: [] });
    expect(compareLayout(wide, other)).toEqual(['invented students sheet "Notes"']);
  });
});

describe('compareLayout on long layouts', () => {
  const long: Expected = {
    version: 2,
    students: [
      {
        sheet: 'star',
        format: 'long',
        id: 'SID',
        windowColumn: 'Window',
        windows: [
          { name: 'Fall', value: 'Fall' },
          { name: 'Winter', value: 'Winter' },
          { name: 'Spring', value: 'Spring' },
        ],
        scoreColumn: 'Score',
        measures: [{ name: 'Star Reading' }],
      },
    ],
  };
  const detected = (over: object) => ({
    version: 2,
    students: [
      {
        sheet: 'star',
        format: 'long',
        id: 'SID',
        windowColumn: 'Window',
        windows: ['Fall', 'Winter', 'Spring'].map((v) => ({ name: v, value: v })),
        scoreColumn: 'Score',
        measures: [{ name: 'star' }],
        ...over,
      },
    ],
  });

  it('accepts one measure without a measure column (named from the file), windows by value in order', () => {
    expect(compareLayout(long, detected({}))).toEqual([]);
  });

  it('rejects a test-type label taken as the measure column, and v1 pre/post dropping Winter', () => {
    expect(compareLayout(long, detected({ measureColumn: 'TEST CODE' }))).toEqual([
      'measureColumn "TEST CODE", expected none',
    ]);
    const v1 = detected({ windows: undefined, pre: 'Fall', post: 'Spring' });
    expect(compareLayout(long, v1)).toEqual([
      'windows [Fall, Spring], expected [Fall, Winter, Spring]',
    ]);
  });

  it('compares flag windows, subtest columns and measure names', () => {
    const flags: Expected = {
      version: 2,
      students: [
        {
          sheet: 'iready',
          format: 'long',
          id: 'Student ID',
          windows: [
            { name: 'Baseline', flagColumn: 'Baseline (Y/N)' },
            { name: 'Recent', flagColumn: 'Recent (Y/N)' },
          ],
          scoreColumn: 'Overall',
          measures: [{ name: 'Dx' }],
        },
      ],
    };
    const got = {
      version: 2,
      students: [
        {
          ...flags.students![0],
          windows: [
            { name: 'b', flagColumn: 'Baseline (Y/N)' },
            { name: 'r', flagColumn: 'Recent (Y/N)' },
          ],
        },
      ],
    };
    expect(compareLayout(flags, got)).toEqual([]);
    const subtests: Expected = {
      version: 2,
      students: [
        {
          sheet: 'dibels',
          format: 'long',
          id: 'ID',
          windowColumn: 'Period',
          windows: [{ name: 'BOY', value: 'BOY' }],
          measures: [
            { name: 'A', column: 'A Score' },
            { name: 'B', column: 'B Score' },
          ],
        },
      ],
    };
    const oneMissing = {
      version: 2,
      students: [{ ...subtests.students![0], measures: [{ name: 'a', column: 'A Score' }] }],
    };
    expect(compareLayout(subtests, oneMissing)).toEqual(['measure B [B Score] not found']);
    const byLabel = {
      version: 1,
      students: [
        {
          ...subtests.students![0],
          windows: undefined,
          pre: 'BOY',
          post: 'BOY',
          measureColumn: 'Assessment',
          scoreColumn: 'A Score',
          measures: [{ name: 'mCLASS' }],
        },
      ],
    };
    expect(compareLayout(subtests, byLabel)).toEqual([
      'windows [BOY, BOY], expected [BOY]',
      'score column "A Score", expected none',
      'measureColumn "Assessment", expected none',
      'measures not read one column each: expected [A Score, B Score]',
    ]);
  });
});

describe('compareLayout on educator and PD layouts', () => {
  it('compares visit logs by date column and rating columns, PD logs by id/hours/focus/date', () => {
    const visits: Expected = {
      version: 2,
      educators: [
        {
          sheet: 'Form',
          format: 'visits',
          id: 'Teacher',
          dateColumn: 'Timestamp',
          practice: [{ name: 'Q1', column: 'Q1 text' }],
        },
      ],
    };
    expect(compareLayout(visits, visits)).toEqual([]);
    // v1 long educators (windowColumn + pre/post values) is not a visit log.
    const v1 = {
      version: 1,
      students: [],
      educators: [
        {
          sheet: 'Form',
          format: 'long',
          id: 'Teacher',
          windowColumn: 'Term',
          pre: 'Fall',
          post: 'Spring',
          practice: [{ name: 'Q1', pre: 'Q1 text', post: 'Q1 text' }],
        },
      ],
    };
    expect(compareLayout(visits, v1)).toEqual([
      'format "long", expected "visits"',
      'date column none, expected "Timestamp"',
    ]);
    const pd: Expected = {
      version: 2,
      pd: [{ sheet: 'Log', id: 'Employee ID', hours: 'Hours', focus: 'Title', date: null }],
    };
    expect(compareLayout(pd, { version: 2, students: [], pd: pd.pd })).toEqual([]);
    expect(
      compareLayout(pd, {
        version: 2,
        students: [],
        pd: [{ sheet: 'Log', id: 'Employee ID', hours: 'Sign Out', focus: null, date: null }],
      }),
    ).toEqual(['hours "Sign Out", expected "Hours"', 'focus none, expected "Title"']);
  });

  it('normalises v1 long educators to one rating column per practice', () => {
    const blocks = normalizeConfig({
      version: 1,
      students: [],
      educators: [
        {
          sheet: 'Obs',
          format: 'long',
          id: 'T',
          windowColumn: 'W',
          pre: 'Pre',
          post: 'Post',
          practice: [{ name: 'Q', pre: 'Q col', post: 'Q col' }],
        },
      ],
    });
    expect(blocks[0]).toMatchObject({
      population: 'educators',
      windows: ['Pre', 'Post'],
      items: [{ name: 'Q', columns: ['Q col'] }],
    });
  });
});

describe('compareExpectedIssue and messageLines', () => {
  const exp: Expected = { version: 2, students: [], expectIssue: { row: 18 } };
  it('wants a coded issue on the row, or a failed run with a message', () => {
    const issue = { code: 'CSV_UNCLOSED_QUOTE', row: 18 };
    const report = { dataQuality: { issues: [issue] } };
    expect(compareExpectedIssue(exp, { status: 0, reason: null, report })).toEqual([]);
    const elsewhere = { dataQuality: { issues: [{ code: 'X', row: 3 }] } };
    expect(compareExpectedIssue(exp, { status: 0, reason: null, report: elsewhere })).toEqual([
      'no data-quality issue on row 18 (issues: X@3)',
    ]);
    expect(
      compareExpectedIssue(exp, { status: 1, reason: 'Row 18: a quote…', report: null }),
    ).toEqual([]);
    expect(compareExpectedIssue(exp, { status: 1, reason: null, report: null })).toEqual([
      'the run failed without a message',
    ]);
  });
  it('keeps what is not a progress line', () => {
    const stderr =
      'Reading a.csv…\nRead…\nAnalysing…\nNo ID column on sheet "a".\n0 of 0 rows used; 0 data-quality notes.\n';
    expect(messageLines(stderr)).toEqual(['No ID column on sheet "a".']);
  });
});
