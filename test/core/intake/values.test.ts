/** Value parsing, header synonyms, window words, closest names: table-driven, expected values by hand. */
import { describe, expect, it } from '@jest/globals';
import {
  classifyNonNumber,
  dateSerial,
  flagValue,
  idText,
  parseDate,
  parseNumber,
  usesDecimalComma,
} from '../../../src/core/intake/values';
import { headerHint } from '../../../src/core/intake/lexicon';
import { closestNames, editDistance } from '../../../src/core/intake/names';
import { parseWindow } from '../../../src/core/intake/windows';
import { headerMax, practiceName } from '../../../src/core/intake/detect';

describe('parseNumber', () => {
  it.each([
    [85, false, 85],
    ['85', false, 85],
    [' 85 ', false, 85],
    ['-3.5', false, -3.5],
    ['.5', false, 0.5],
    ['1e3', false, 1000],
    ['1,234', false, 1234],
    ['1,234,567.5', false, 1234567.5],
    ['85%', false, 85],
    ['3,5', true, 3.5],
    ['1.234,5', true, 1234.5],
    ['3,5', false, NaN], // without decimal-comma mode "3,5" is not a number
    ['abc', false, NaN],
    ['', false, NaN],
    [null, false, NaN],
    [true, false, NaN],
    [Infinity, false, NaN],
  ] as const)('%j (decimal comma %s) → %s', (cell, dc, want) => {
    expect(parseNumber(cell, dc)).toBe(want);
  });
  it('"85%" as a fraction when asked', () => expect(parseNumber('85%', false, true)).toBe(0.85));
});

describe('classifyNonNumber', () => {
  it.each([
    [null, 'blank'],
    ['  ', 'blank'],
    ['NA', 'missing'],
    ['n/a', 'missing'],
    ['Absent', 'missing'],
    ['—', 'missing'],
    ['not tested', 'missing'],
    ['#N/A', 'error'],
    ['#div/0!', 'error'],
    ['#GETTING_DATA', 'error'],
    ['abc', 'text'],
    [false, 'text'],
  ] as const)('%j → %s', (cell, kind) => expect(classifyNonNumber(cell)).toBe(kind));
});

describe('idText', () => {
  it.each([
    [1, '1'],
    [1.5, '1.5'],
    ['00123', '00123'],
    [' 42 ', '42'],
    ['A 7', 'A 7'],
    ['NA', ''],
    ['#REF!', ''],
    [null, ''],
    [true, 'TRUE'],
    [1234567890123, '1234567890123'],
  ] as const)('%j → %j', (cell, want) => expect(idText(cell)).toBe(want));
});

describe('flagValue', () => {
  it.each([
    ['Y', 'Y'],
    ['yes', 'Y'],
    ['TRUE', 'Y'],
    [1, 'Y'],
    [true, 'Y'],
    ['x', 'Y'],
    ['N', 'N'],
    ['No', 'N'],
    ['false', 'N'],
    [0, 'N'],
    [false, 'N'],
    ['maybe', null],
    [2, null],
    [null, null],
  ] as const)('%j → %j', (cell, want) => expect(flagValue(cell)).toBe(want));
});

describe('parseDate (Excel 1900 serials)', () => {
  // Excel serial = days since 1899-12-30. R: as.numeric(as.Date("2017-09-12") - as.Date("1899-12-30")) = 42990
  it.each([
    ['9/12/17', 42990],
    ['9/12/2017', 42990],
    ['2017-09-12', 42990],
    ['6/6/2022 14:59:32', 44718],
    [42990, 42990],
    ['2/30/2021', NaN],
    ['13/1/2021', NaN],
    ['hello', NaN],
  ] as const)('%j → %s', (cell, want) => expect(parseDate(cell)).toBe(want));
  // R: as.numeric(as.Date("2022-06-06") - as.Date("1899-12-30")) = 44718
  it('dateSerial(2022, 6, 6) = 44718', () => expect(dateSerial(2022, 6, 6)).toBe(44718));
});

describe('usesDecimalComma', () => {
  it.each([
    [['3,5', '2,25'], true],
    [['1,234', '2,500'], false], // three digits after the comma: thousands
    [['0,500'], true], // a leading 0 cannot be a thousands group
    [['1,234.5', '3,5'], false], // "1,234.5" shows commas are thousands here
    [['12', 'abc'], false],
  ] as const)('%j → %s', (cells, want) => expect(usesDecimalComma(cells)).toBe(want));
});

describe('headerHint: synonyms, case, spacing, punctuation', () => {
  it.each([
    ['Student ID', 'id'],
    ['student_id', 'id'],
    ['StudentID', 'id'],
    ['ID#', 'id'],
    ['Stu Id', 'id'],
    ['SSID', 'id'],
    ['StudentUniqueId', 'id'],
    ['Team', 'team'],
    ['PLC', 'team'],
    ['School', 'school'],
    ['schoolid', 'school'],
    ['Teacher', 'teacher'],
    ['Homeroom', 'teacher'],
    ['Class', 'teacher'],
    ['Section', 'teacher'],
    ['group', 'teacher'],
    ['EL', 'subgroup'],
    ['ELL', 'subgroup'],
    ['LEP', 'subgroup'],
    ['SWD', 'subgroup'],
    ['IEP', 'subgroup'],
    ['SPED', 'subgroup'],
    ['504', 'subgroup'],
    ['FRL', 'subgroup'],
    ['FRPL', 'subgroup'],
    ['lunch', 'subgroup'],
    ['Economically Disadvantaged', 'subgroup'],
    ['gender', 'subgroup'],
    ['Sex', 'subgroup'],
    ['race/ethnicity', 'subgroup'],
    ['Ethnicity', 'subgroup'],
    ['Performance Level', 'level'],
    ['Proficient?', 'level'],
    ['Level', 'level'],
    ['PD hours', 'pd-hours'],
    ['Teacher Name', 'educator-id'],
    ['Test Date', 'date'],
    ['Subject', 'measure-name'],
    ['Window', 'window'],
    ['Scale Score', 'score'],
    ['math score', 'score'],
    ['age', null],
  ] as const)('%j → %s', (h, want) => expect(headerHint(h)).toBe(want));
});

describe('parseWindow: stems and windows', () => {
  it.each([
    ['Read Fall', 'read', 'season', 1],
    ['Read Spring', 'read', 'season', 3],
    ['BOY Math', 'math', 'year', 1],
    ['EOY Math', 'math', 'year', 3],
    ['Pre', '', 'prepost', 1],
    ['Post', '', 'prepost', 2],
    ['Before', '', 'prepost', 1],
    ['Baseline', '', 'prepost', 1],
    ['Endline', '', 'prepost', 2],
    ['pretest.1', 'test 1', 'prepost', 1],
    ['post.test.1', 'test 1', 'prepost', 2],
    ['T1 Reading', 'reading', 'numbered:t', 1],
    ['G3', '', 'numbered:g', 3],
    // Dated windows are ordered by calendar month: "Fall 2017-2018" = September 2017 → 201709,
    // as "2017-09 RIT" (the window grammar's orders are months since it reads month-year codes).
    ['RIT.Fall 2017-2018', 'rit', 'dated', 201709],
    ['2017-09 RIT', 'rit', 'dated', 201709],
    ['Fall 2017', '', 'dated', 201709],
  ] as const)('%j → stem %j, %s, order %s', (h, stem, family, order) => {
    const w = parseWindow(h)!;
    expect([w.stem.join(' '), w.family, w.order]).toEqual([stem, family, order]);
  });
  it.each(['math score', 'standLRT', 'e4', 'When did the observation occur?'])(
    '%j names no window',
    (h) => expect(parseWindow(h)).toBeNull(),
  );
});

describe('header max and practice names', () => {
  it.each([
    ['Quiz (0-20)', 20],
    ['Rubric score out of 4', 4],
    ['Score /100', 100],
    ['Essay (max 6)', 6],
    ['Score', null],
  ] as const)('%j → %s', (h, m) => expect(headerMax(h)).toBe(m));
  it.each([
    ['Based on … [The teacher … (2a)]', '2a'],
    ['Core Action 1 Overall: Does the lesson reflect…?', 'Core Action 1 Overall'],
    ['Questioning', 'Questioning'],
  ])('%j → %j', (h, n) => expect(practiceName(h)).toBe(n));
});

describe('closest names', () => {
  // kitten → sitting: 3 edits (k→s, e→i, +g); R: adist("kitten", "sitting") = 3
  it('edit distance', () => expect(editDistance('kitten', 'sitting')).toBe(3));
  it('after folding case, spaces and punctuation', () => {
    expect(closestNames('student id', ['Student_ID', 'School', 'Score'])).toEqual(['Student_ID']);
    expect(closestNames('Reed Fall', ['Read Fall', 'Read Spring', 'Math Fall'])[0]).toBe(
      'Read Fall',
    );
  });
});
