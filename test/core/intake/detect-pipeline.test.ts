/**
 * Detection as a pipeline: it never writes into what it is given (tables or a person's config,
 * deep-frozen here), it keeps a given config's sheets, it says why a sheet with data was not
 * mapped, and the educator long-by-component shape (Ed-Fi evaluation) is proposed and read.
 * Tables are hand-made; expectations are read off them.
 */
import { describe, expect, it } from '@jest/globals';
import type { MappingConfig } from '../../../src/core/config';
import { detectConfig, readDatasets, validateConfig } from '../../../src/core/intake';
import { analyze } from '../../../src/core/analyze';
import { explainEmptyRun } from '../../../src/core/never-silent';
import type { CellValue, RawTable } from '../../../src/core/types';
import { rawTable } from '../../support/raw-table';

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object') {
    for (const v of Object.values(x as object)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

const t = rawTable;

const scores = t('Scores', [
  ['Student ID', 'Read BOY', 'Read MOY', 'Read EOY'],
  ['S1', 10, 12, 15],
  ['S2', 12, 13, 14],
  ['S3', 14, 15, 19],
  ['S4', 16, 19, 20],
  ['S5', 18, 20, 24],
]);

describe('detection never mutates its input', () => {
  it('deep-frozen tables and a deep-frozen given config: no throw, the given config unchanged', () => {
    const other = t('Other', [
      ['ID', 'Math Fall', 'Math Spring'],
      ['A', 1, 2],
      ['B', 2, 3],
    ]);
    const given: MappingConfig = {
      version: 1,
      students: [
        {
          sheet: 'Other',
          id: 'ID',
          measures: [{ name: 'Math', pre: 'Math Fall', post: 'Math Spring' }],
        },
      ],
    };
    const before = JSON.stringify(given);
    const d = detectConfig(deepFreeze([scores, other]), deepFreeze(given));
    expect(JSON.stringify(given)).toBe(before);
    // The given sheet is kept as the person wrote it; the other sheet is detected beside it.
    expect(d.config.students.map((s) => s.sheet)).toEqual(['Other', 'Scores']);
    expect(d.config.students[0]).toEqual(given.students[0]);
    expect(d.config.students[1].measures[0].windows?.map((w) => w.column)).toEqual([
      'Read BOY',
      'Read MOY',
      'Read EOY',
    ]);
  });
});

describe('detection emits config v2', () => {
  it('BOY/MOY/EOY in headers: one measure with three windows; it validates and reads', () => {
    const d = detectConfig([scores]);
    expect(d.config.version).toBe(2);
    expect(d.config.students[0].measures[0]).toMatchObject({
      windows: [
        { name: 'BOY', column: 'Read BOY' },
        { name: 'MOY', column: 'Read MOY' },
        { name: 'EOY', column: 'Read EOY' },
      ],
    });
    validateConfig(d.config, [scores]);
    const m = readDatasets([scores], d.config).datasets[0].measures[0];
    expect(Array.from(m.windows![1].scores)).toEqual([12, 13, 15, 19, 20]);
  });
});

describe('a sheet with data that is not mapped says why', () => {
  it('no window words: missing "window", with the smallest config that maps it', () => {
    const sheet = t('Roster', [
      ['Student ID', 'Reading', 'Math'],
      ['S1', 10, 20],
      ['S2', 11, 22],
      ['S3', 12, 25],
    ]);
    const d = detectConfig([sheet]);
    expect(d.config.students).toEqual([]);
    const u = d.sheets[0].unmapped!;
    expect(u.missing).toEqual(['window']);
    expect(u.saw).toContain('ID "Student ID"');
    expect(u.fix).toMatchObject({ sheet: 'Roster', id: 'Student ID' });
    expect(d.notes.some((n) => n.sheet === 'Roster' && n.message.includes('was not mapped'))).toBe(
      true,
    );
  });
});

describe('the hints name no two subjects as a pre and a post', () => {
  const run = (table: RawTable) => {
    const out = analyze({
      tables: [table],
      existingSheets: [table.sheet],
      state: null,
      now: new Date('2026-09-01T00:00:00Z'),
    });
    return explainEmptyRun({ report: out.report, detection: out.detection ?? null })!;
  };

  it('math, reading and writing scores with no window: placeholders, not "math" → "reading"', () => {
    const subjects = t('Exams', [
      ['gender', 'math score', 'reading score', 'writing score'],
      ['female', 72, 72, 74],
      ['female', 69, 90, 88],
      ['male', 47, 57, 44],
      ['male', 76, 78, 75],
    ]);
    const fix = detectConfig([subjects]).sheets[0].unmapped!.fix as {
      measures: { pre: string; post: string }[];
    };
    expect(fix.measures[0]).toMatchObject({
      pre: 'COLUMN OF THE FIRST WINDOW',
      post: 'COLUMN OF THE LAST WINDOW',
    });
    const why = run(subjects);
    expect(why).toContain('"pre":"<header of the first score>"');
    expect(why).not.toContain('"pre":"math score"');
  });

  it('a pre and a post detection found are named when their rows gave no pair', () => {
    // Each student has one of the two scores: the mapping is right, no row gives a pair.
    const noPair = t('Scores', [
      ['Student ID', 'Math Fall', 'Math Spring'],
      ['S1', 40, null],
      ['S2', null, 50],
      ['S3', 45, null],
      ['S4', null, 55],
    ]);
    const why = run(noPair);
    expect(why).toContain('"pre":"Math Fall"');
    expect(why).toContain('"post":"Math Spring"');
  });

  it("a window column with no score yet is the hint's post, not the pre named twice", () => {
    const blankPost = t('Scores', [
      ['Student ID', 'Math Fall', 'Math Spring'],
      ['S1', 40, null],
      ['S2', 45, null],
      ['S3', 50, null],
    ]);
    const fix = detectConfig([blankPost]).sheets[0].unmapped!.fix as {
      measures: { pre: string; post: string }[];
    };
    expect(fix.measures[0]).toMatchObject({ pre: 'Math Fall', post: 'Math Spring' });
  });
});

describe('an aggregated table is not mapped, nor is a mapping proposed for it', () => {
  // Counts of teachers by rating per district and year, with their total (Total = the sum of
  // the four ratings on every row, by hand: 10+20+5+1 = 36, 8+25+6+0 = 39, …).
  const counts = t('Ratings', [
    ['District', 'Year', 'Highly effective', 'Effective', 'Developing', 'Ineffective', 'Total'],
    ['North', 2021, 10, 20, 5, 1, 36],
    ['North', 2022, 8, 25, 6, 0, 39],
    ['South', 2021, 4, 30, 2, 2, 38],
    ['South', 2022, 6, 28, 3, 1, 38],
    ['East', 2021, 12, 18, 7, 3, 40],
    ['East', 2022, 9, 21, 4, 2, 36],
  ]);

  it('detection: no config, no smallest-config hint, and a note saying what is read instead', () => {
    const d = detectConfig([counts]);
    expect(d.config.students).toEqual([]);
    expect(d.config.educators ?? []).toEqual([]);
    expect(d.sheets[0].noMapping).toBe('aggregated');
    expect(d.sheets[0].unmapped).toBeUndefined();
    const notes = d.notes.filter((n) => n.sheet === 'Ratings').map((n) => n.message);
    expect(notes.some((m) => m.includes('"Total" is the sum of'))).toBe(true);
    expect(notes.some((m) => m.includes('one row per student or educator'))).toBe(true);
    expect(notes.some((m) => m.includes('smallest config'))).toBe(false);
  });

  it('the empty run says why, and proposes no config that would read counts as scores', () => {
    const out = analyze({
      tables: [counts],
      existingSheets: ['Ratings'],
      state: null,
      now: new Date('2026-09-01T00:00:00Z'),
    });
    expect(out.report.dataQuality.rowsUsed).toBe(0);
    const why = explainEmptyRun({ report: out.report, detection: out.detection ?? null })!;
    expect(why).toContain('Sheet "Ratings"');
    expect(why).toContain('aggregated table');
    // Said once: in its note, not again in the sheet's line.
    expect(why.split('is the sum of').length - 1).toBe(1);
    expect(why).not.toContain('smallest config');
    expect(why).not.toContain('Missing:');
  });

  it('a sheet of people beside it still gets its hint', () => {
    const roster = t('Roster', [
      ['Student ID', 'Reading', 'Math'],
      ['S1', 10, 20],
      ['S2', 11, 22],
      ['S3', 12, 25],
    ]);
    const d = detectConfig([counts, roster]);
    expect(d.sheets.find((s) => s.sheet === 'Roster')!.unmapped?.fix).toMatchObject({
      sheet: 'Roster',
    });
  });
});

describe('educator long by component (Ed-Fi evaluation shape)', () => {
  const fall = 'uri://ed-fi.org/TermDescriptor#Fall Semester';
  const spring = 'uri://ed-fi.org/TermDescriptor#Spring Semester';
  const rows: CellValue[][] = [['PersonId', 'TermDescriptor', 'EvaluationElementTitle', 'Rating']];
  // Educator E1: Questioning 2 → 3, Feedback 1 → 3; E2: Questioning 3 → 4, Feedback 2 → 2.
  const ratings: [string, string, number, number][] = [
    ['E1', 'Questioning', 2, 3],
    ['E1', 'Feedback', 1, 3],
    ['E2', 'Questioning', 3, 4],
    ['E2', 'Feedback', 2, 2],
  ];
  for (const [id, el, a, b] of ratings) rows.push([id, fall, el, a], [id, spring, el, b]);
  const table = t('EvaluationElementRating', rows);

  it('a config by component reads every rating into its practice and window', () => {
    const config: MappingConfig = {
      version: 2,
      students: [],
      educators: [
        {
          sheet: 'EvaluationElementRating',
          format: 'long',
          id: 'PersonId',
          windowColumn: 'TermDescriptor',
          componentColumn: 'EvaluationElementTitle',
          scoreColumn: 'Rating',
          windows: [
            { name: 'Fall', value: fall },
            { name: 'Spring', value: spring },
          ],
          practice: [
            { name: 'Questioning', max: 4 },
            { name: 'Feedback', max: 4 },
          ],
        },
      ],
    };
    validateConfig(config, [table]);
    const ds = readDatasets([table], config).datasets.find((d) => d.population === 'educators')!;
    expect(ds.ids).toEqual(['E1', 'E2']);
    const q = ds.measures[0];
    expect([Array.from(q.pre), Array.from(q.post)]).toEqual([
      [2, 3],
      [3, 4],
    ]);
    const f = ds.measures[1];
    expect([Array.from(f.pre), Array.from(f.post)]).toEqual([
      [1, 2],
      [3, 2],
    ]);
  });
});

describe('progress monitoring: the baseline is the first window of the PM series', () => {
  it('Baseline Score, PM 1 Score … PM 3 Score and Score (Most Recent): one measure, four windows', () => {
    const rows: CellValue[][] = [
      [
        'Student ID',
        'Baseline Score',
        'PM 1 Score',
        'PM 2 Score',
        'PM 3 Score',
        'Score (Most Recent)',
      ],
    ];
    for (let k = 1; k <= 5; k++) rows.push([`S${k}`, 20 + k, 22 + k, 25 + k, 27 + k, 27 + k]);
    const d = detectConfig([t('ORF', rows)]);
    const m = d.config.students[0].measures;
    expect(m).toHaveLength(1);
    expect(m[0].windows?.map((w) => w.column)).toEqual([
      'Baseline Score',
      'PM 1 Score',
      'PM 2 Score',
      'PM 3 Score',
    ]);
  });
});
