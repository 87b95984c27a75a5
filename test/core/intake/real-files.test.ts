/**
 * One test per file of ../shared/data: the detected mapping and the data-quality counts.
 * Expected numbers were worked out from the files themselves with independent tools (Python's
 * csv module, awk, the README), written next to each value — never from this code's output.
 *
 * Read-only files are read from ../shared/data inside beforeAll, so where ../shared is absent
 * their suites are skipped with a plain "SKIPPED … absent" line instead of failing to load.
 * The two files the data README marks "copy" are read from the project's copies (byte-equal,
 * test/examples/run.test.ts checks it), so their tests always run.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { detectConfig, readDatasets, type DetectionResult } from '../../../src/core/intake';
import type { DataQuality } from '../../../src/core/report';
import type { RawTable } from '../../../src/core/types';
import { projectTable, sharedOrSay, sharedTable } from './shared-data';

function counts(dq: DataQuality): Record<string, number> {
  const c: Record<string, number> = {};
  for (const i of dq.issues) c[i.code] = (c[i.code] ?? 0) + 1;
  return c;
}

function noNaNAnywhere(value: unknown): void {
  expect(
    JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? 'NaN!' : v)),
  ).not.toContain('NaN!');
}

/** The file's table and its detection, filled in beforeAll (never while Jest collects). */
interface Loaded {
  t: RawTable;
  d: DetectionResult;
}

function suite(title: string, present: boolean, read: () => RawTable, body: (f: Loaded) => void) {
  (!present ? describe.skip : describe)(title, () => {
    const f = {} as Loaded;
    beforeAll(() => {
      f.t = read();
      f.d = detectConfig([f.t]);
    });
    body(f);
  });
}

/** A read-only file: read from ../shared/data, skipped (and said so) where it is absent. */
function fileSuite(file: string, body: (f: Loaded) => void) {
  suite(`${file} (read from ../shared/data)`, sharedOrSay(file), () => sharedTable(file), body);
}

/** A "copy" file: read from the project's copy, so it always runs. */
function copySuite(file: string, copy: string, body: (f: Loaded) => void) {
  suite(`${file} (the project's copy, ${copy})`, true, () => projectTable(copy), body);
}

fileSuite('student-mat.csv', (f) => {
  it('semicolons and quoted numbers: G1 → G3, max 20, school as team, sex as subgroup, no ID', () => {
    expect(f.d.sheets[0].kind).toBe('students-wide');
    const s = f.d.config.students[0];
    expect(s.id).toBe(''); // UCI has no student ID column
    expect(s.team).toBe('school');
    expect(s.subgroups).toEqual(['sex']);
    // README: G1..G3 are period grades 0..20; awk over columns 31 and 33 gives a largest value of 20.
    expect(s.measures).toEqual([
      // Every window kept (issue 14): G1, G2, G3 in order; pre/post default to G1 → G3.
      {
        name: 'G1 → G3',
        windows: [
          { name: 'G1', column: 'G1' },
          { name: 'G2', column: 'G2' },
          { name: 'G3', column: 'G3' },
        ],
        max: 20,
        proficient: null,
      },
    ]);
    expect(f.d.notes.some((n) => n.column === 'G2' && n.message.includes('3 windows kept'))).toBe(
      true,
    );
  });
  it('reads 395 students, all paired, no issues', () => {
    // `wc -l` = 396 lines = header + 395 students (README: 395 × 33); no blank or NA cell in G1/G3.
    const r = readDatasets([f.t], f.d.config);
    expect(r.dataQuality.rowsRead).toBe(395);
    expect(r.dataQuality.rowsUsed).toBe(395);
    expect(counts(r.dataQuality)).toEqual({});
    // First data line: …;"5";"6";6 → G1 = 5 (quoted text), G3 = 6.
    expect(r.datasets[0].measures[0].pre[0]).toBe(5);
    expect(r.datasets[0].measures[0].post[0]).toBe(6);
    expect(r.datasets[0].ids[0]).toBe('row 2');
    noNaNAnywhere(r.dataQuality);
  });
});

fileSuite('student-por.csv', (f) => {
  it('the Portuguese-class file: same layout as student-mat; G1 → G3, max 20 guessed from 19', () => {
    const s = f.d.config.students[0];
    expect(f.d.sheets[0].kind).toBe('students-wide');
    expect(s.id).toBe('');
    expect(s.team).toBe('school');
    expect(s.subgroups).toEqual(['sex']);
    // Python csv (delimiter ";"): the largest G1 and G3 are both 19, so nothing in the data
    // says 20 (README: grades 0..20); 20 is the guess and detection must mark it unsure.
    expect(s.measures).toEqual([
      // Every window kept (issue 14): G1, G2, G3 in order; pre/post default to G1 → G3.
      {
        name: 'G1 → G3',
        windows: [
          { name: 'G1', column: 'G1' },
          { name: 'G2', column: 'G2' },
          { name: 'G3', column: 'G3' },
        ],
        max: 20,
        proficient: null,
      },
    ]);
    expect(
      f.d.notes.some((n) => n.level === 'unsure' && n.message.includes('maximum 20 is a guess')),
    ).toBe(true);
  });
  it('reads 649 students (423 GP, 226 MS), all paired; grades of 0 are kept, not missing', () => {
    // Python csv: 649 data rows (README 649 × 33), no blank or non-numeric G1/G3 cell, smallest 0.
    const r = readDatasets([f.t], f.d.config);
    expect(r.dataQuality.rowsRead).toBe(649);
    expect(r.dataQuality.rowsUsed).toBe(649);
    expect(counts(r.dataQuality)).toEqual({});
    const ds = r.datasets[0];
    // First data line: "GP";"F";18;…;"0";"11";11 → G1 = 0 (quoted text), G3 = 11.
    expect([ds.measures[0].pre[0], ds.measures[0].post[0]]).toEqual([0, 11]);
    const team = ds.team!;
    expect(team.labels).toEqual(['GP', 'MS']);
    expect([0, 1].map((k) => team.codes.filter((c) => c === k).length)).toEqual([423, 226]);
    noNaNAnywhere(r.dataQuality);
  });
});

fileSuite('StudentsPerformance.csv', (f) => {
  it('says there is no pre/post pair (three subjects, not two windows) and maps nothing', () => {
    expect(f.d.config.students).toEqual([]);
    expect(f.d.sheets[0].kind).toBe('students-wide');
    const msg =
      f.d.notes.find((n) => n.level === 'unsure' && n.message.includes('no pre/post pair'))
        ?.message ?? '';
    expect(msg).toContain(
      'math, reading and writing are different subjects, not two windows of one measure',
    );
    const roles = Object.fromEntries(f.d.sheets[0].columns.map((c) => [c.header, c.role]));
    // The quoting quirk (first column unquoted, numbers quoted) still gives numeric score columns.
    expect(roles).toMatchObject({
      gender: 'subgroup',
      'race/ethnicity': 'subgroup',
      lunch: 'subgroup',
      'math score': 'score',
    });
  });
});

copySuite('carData_Baumann.csv', 'examples/baumann/carData_Baumann.csv', (f) => {
  it('group as team, pretest.N → post.test.N pairs, post.test.3 left alone, no ID', () => {
    const s = f.d.config.students[0];
    expect(s.team).toBe('group');
    expect(s.id).toBe('');
    expect(s.measures.map((m) => [m.pre, m.post])).toEqual([
      ['pretest.1', 'post.test.1'],
      ['pretest.2', 'post.test.2'],
    ]);
    const post3 = f.d.sheets[0].columns.find((c) => c.header === 'post.test.3');
    expect(post3?.role).toBe('score');
    // Max guessed (largest pretest.1 is 16 → the 0–20 scale) and flagged as a guess.
    expect(s.measures[0].max).toBe(20);
    expect(
      f.d.notes.some(
        (n) => n.level === 'unsure' && n.message.startsWith('Test 1: maximum 20 is a guess'),
      ),
    ).toBe(true);
  });
  it('reads 66 students in 3 groups, none lost', () => {
    // 67 lines = header + 66 (README 66 × 6); groups Basal, DRTA, Strat (22 each per carData docs).
    const r = readDatasets([f.t], f.d.config);
    expect(r.dataQuality.rowsRead).toBe(66);
    expect(r.dataQuality.rowsUsed).toBe(66);
    expect(counts(r.dataQuality)).toEqual({});
    const team = r.datasets[0].team!;
    expect(team.labels).toEqual(['Basal', 'DRTA', 'Strat']);
    expect([0, 1, 2].map((k) => team.codes.filter((c) => c === k).length)).toEqual([22, 22, 22]);
  });
});

copySuite('mlmRev_Exam.csv', 'examples/exam/mlmRev_Exam.csv', (f) => {
  it('school as team, standLRT → normexam (known pair), no max (standardised), student not an ID', () => {
    const s = f.d.config.students[0];
    expect(s.team).toBe('school');
    expect(s.measures).toEqual([
      { name: 'normexam', pre: 'standLRT', post: 'normexam', max: null, proficient: null },
    ]);
    // `cut -d, -f10 | sort -u | wc -l` → 650 different student numbers in 4,059 rows: numbered within school.
    expect(s.id).toBe('');
    expect(
      f.d.notes.some((n) => n.column === 'student' && n.message.includes('650 different values')),
    ).toBe(true);
    expect(s.subgroups).toEqual(['sex']);
  });
  it('reads 4,059 students in 65 schools; negative standardised scores are kept', () => {
    const r = readDatasets([f.t], f.d.config);
    expect(r.dataQuality.rowsRead).toBe(4059);
    expect(r.dataQuality.rowsUsed).toBe(4059);
    expect(counts(r.dataQuality)).toEqual({});
    expect(r.datasets[0].team!.labels.length).toBe(65);
    // Row 4: "1",-1.723882,…,-1.364576 → pre −1.364576, post −1.723882.
    expect(r.datasets[0].measures[0].pre[2]).toBe(-1.364576);
    expect(r.datasets[0].measures[0].post[2]).toBe(-1.723882);
  });
});

fileSuite('classroom_observations.csv', (f) => {
  it('a Google Forms educator export: window column, text ratings on the default 1–4 scale', () => {
    expect(f.d.sheets[0].kind).toBe('educators');
    const e = f.d.config.educators![0];
    expect(e.format).toBe('long');
    expect(e.windowColumn).toBe('When did the observation occur?');
    expect([e.pre, e.post]).toEqual(['Pre Training', 'Post Training']);
    expect(e.id).toBe("Teacher's First Name");
    expect(e.scale).toEqual({ 'Not Yet': 1, Somewhat: 2, Mostly: 3, Yes: 4 });
    // Counted from the header (Python csv): 3 + 6 + 6 component ratings ((1a)–(1c), (2a)–(2f),
    // (3a)–(3f)), 3 "Core Action N Overall" items and "Are all students engaged…" = 19. The 29th
    // column, "Overall, did this lesson reflect the demands…", is answered in sentences ("Yes, but
    // only in some areas.") that are not rating words, so it is not a practice item.
    expect(e.practice.length).toBe(19);
    expect(e.practice.slice(0, 4).map((p) => p.name)).toEqual([
      '1a',
      '1b',
      '1c',
      'Core Action 1 Overall',
    ]);
  });
  it('reads 7 teachers, pre from the 7 Pre rows and post from the 7 Post rows', () => {
    const r = readDatasets([f.t], f.d.config);
    // 14 observations: 7 "Pre Training" + 7 "Post Training" (README: 7 before, 7 after).
    expect(r.dataQuality.rowsRead).toBe(14);
    // Rows, as rowsRead counts them: each teacher's Pre and Post rows gave a pair, 7 × 2 = 14.
    expect(r.dataQuality.rowsUsed).toBe(14);
    expect(counts(r.dataQuality)).toEqual({});
    const ds = r.datasets[0];
    expect(ds.ids).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    // Teacher d, pre, (1a)–(1c) = Not Yet, Not Yet, Not Yet → 1, 1, 1 on the default scale.
    expect([0, 1, 2].map((k) => ds.measures[k].pre[3])).toEqual([1, 1, 1]);
  });
  it('the scale is config-changeable: a 0–2 scale gives other numbers', () => {
    const cfg = structuredClone(f.d.config);
    cfg.educators![0].scale = { 'Not Yet': 0, Somewhat: 1, Mostly: 1.5, Yes: 2 };
    const r = readDatasets([f.t], cfg);
    // Teacher a, pre, 1a = Yes → 2; 1c = Not Yet → 0.
    expect(r.datasets[0].measures[0].pre[0]).toBe(2);
    expect(r.datasets[0].measures[2].pre[0]).toBe(0);
  });
  it('a scale without "Somewhat" reports every Somewhat as UNKNOWN_RATING', () => {
    const cfg = structuredClone(f.d.config);
    cfg.educators![0].scale = { 'Not Yet': 1, Mostly: 3, Yes: 4 };
    cfg.educators![0].practice = cfg.educators![0].practice.filter((p) => p.name === '2a');
    const r = readDatasets([f.t], cfg);
    // Column (2a) (Python csv, field 12): Somewhat for a, d (pre and post) → 4 cells, Excel rows 2, 5, 9, 12.
    const unknown = r.dataQuality.issues.filter((i) => i.code === 'UNKNOWN_RATING');
    expect(unknown.map((i) => i.row)).toEqual([2, 5, 9, 12]);
  });
});

fileSuite('sdp_percent_proficient.csv', (f) => {
  it('an aggregated table (percent by grade and year): not mapped, and detection says why', () => {
    expect(f.d.config.students).toEqual([]);
    expect(f.d.sheets[0].kind).toBe('other');
    expect(f.d.notes.some((n) => n.message.includes('aggregated table'))).toBe(true);
    // Not even as a hint: "2013-2014" → "2014-2015" would read one group's percentages as scores.
    expect(f.d.sheets[0].unmapped).toBeUndefined();
  });
  it('"74%" and "56" in one row read on one 0–100 scale when a person maps it', () => {
    const r = readDatasets([f.t], {
      version: 1,
      students: [
        {
          sheet: 'sdp_percent_proficient',
          id: '',
          team: 'Column B',
          measures: [{ name: 'Reading', pre: '2013-2014', post: '2016-2017', max: 100 }],
        },
      ],
    });
    const m = r.datasets[0].measures[0];
    // Row 2: 56 (2013-14) and "74%" (2016-17) → 56 and 74 points.
    expect([m.pre[0], m.post[0]]).toEqual([56, 74]);
    // 6 data rows, all percent in 2016-2017 → one PERCENT_TEXT note; the blank B1 header → BLANK_HEADER.
    // Both 6th-grade rows (reading and math) are written "6th grade  " (`od -c` shows two trailing
    // spaces on both), so there is one spelling per grade: nothing merged, labels trimmed.
    expect(counts(r.dataQuality)).toEqual({ PERCENT_TEXT: 1, BLANK_HEADER: 1 });
    expect(r.dataQuality.rowsUsed).toBe(6);
    expect(r.datasets[0].team!.labels).toEqual(['6th grade', '7th grade', '8th grade']);
  });
});

fileSuite('nwea_map_fall_winter.csv', (f) => {
  it('dated windows RIT.Fall 2017-2018 → RIT.Winter 2017-2018, student_id, three subgroups, no max', () => {
    const s = f.d.config.students[0];
    expect(s.id).toBe('student_id');
    expect(s.measures).toEqual([
      {
        name: 'RIT',
        pre: 'RIT.Fall 2017-2018',
        post: 'RIT.Winter 2017-2018',
        max: null,
        proficient: null,
      },
    ]);
    expect(s.subgroups).toEqual(['ethnicity', 'gender', 'lunch']);
    const roles = Object.fromEntries(f.d.sheets[0].columns.map((c) => [c.header, c.role]));
    expect(roles['Fall 2017-2018 Test Date']).toBe('date');
    expect(roles['grade_level.Fall 2016-2017']).toBe('category');
  });
  it('736 students, 687 complete pairs, 49 "NA" winter scores, 446 empty trailing rows, 360 blank lunch cells', () => {
    // Python csv over the file: 1,183 lines (the last has no newline) = header + 736 students
    // (Excel rows 2–737) + 446 rows of empty cells (rows 738–1183). Winter RIT "NA" on 49 rows;
    // no blank or NA fall RIT; lunch is "FR" on 376 rows and blank on 360. README: 687 complete pairs = 736 − 49.
    const r = readDatasets([f.t], f.d.config);
    expect(r.dataQuality.rowsRead).toBe(736);
    expect(r.dataQuality.rowsUsed).toBe(687);
    expect(counts(r.dataQuality)).toEqual({ UNPAIRED_PRE: 49, BLANK_ROWS: 1, BLANK_CATEGORY: 1 });
    const blank = r.dataQuality.issues.find((i) => i.code === 'BLANK_ROWS')!;
    expect(blank.message).toContain('446 blank rows skipped (rows 738–1183)');
    // First NA: line 18 of the file (`grep -n NA` → 18:216,7,181,NA,…).
    const first = r.dataQuality.issues[0];
    expect(first).toMatchObject({
      code: 'UNPAIRED_PRE',
      row: 18,
      column: 'RIT.Winter 2017-2018',
      value: 'NA',
    });
    const lunch = r.datasets[0].subgroups[2];
    expect(lunch.labels).toEqual(['FR', '(blank)']);
    expect(lunch.codes.filter((c) => c === 1).length).toBe(360);
    noNaNAnywhere(r.dataQuality);
  });
});

fileSuite('RhodeIslandEval.csv', (f) => {
  it('counts of teachers by rating, not people: no pre/post invented, detection says why', () => {
    expect(f.d.config.students).toEqual([]);
    expect(f.d.config.educators).toBeUndefined();
    expect(f.d.sheets[0].kind).toBe('other');
    // Row 2: 212 + 41 + 2 + NA(0) + 29 = 284 = et.
    const note = f.d.notes.find((n) => n.message.includes('aggregated table'))!;
    expect(note.message).toContain('"et" is the sum of e4, e3, e2, e1, es');
    expect(f.d.sheets[0].columns.find((c) => c.header === 'et')?.role).toBe('count');
    // No hint either ("e4" → "e3" would be two rating counts read as one person's scores).
    expect(f.d.sheets[0].unmapped).toBeUndefined();
    expect(f.d.notes.some((n) => n.message.includes('smallest config'))).toBe(false);
  });
});
