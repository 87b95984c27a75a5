/**
 * Detection on real export layouts it was not tuned on: four vendor/standard layouts, each
 * written down above its describe with its source (also in test/fixtures/intake/README.md). The
 * headers are reconstructed from the exports' field names and may differ in detail; every value
 * is invented. Where detection is wrong, an `it.fails` states what it should do, so the gap is
 * visible and the test flips when it is fixed. The mistakes are listed in docs/detection-notes.md.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { detectConfig, readDatasets } from '../../../src/core/intake';
import { csvTable } from './shared-data';

const fixture = (name: string) =>
  csvTable(
    name,
    readFileSync(path.resolve(__dirname, '../../fixtures/intake', `${name}.csv`), 'utf8'),
  );
const codes = (r: ReturnType<typeof readDatasets>) =>
  r.dataQuality.issues.map((i) => `${i.code}@${i.row ?? '-'}`).sort();

// Layout source: state student-level results files such as California's CAASPP student score
// files (title block, SSID, prior- and current-year scale scores, achievement levels);
// reconstructed, values invented.
describe('state assessment file (title block, two years wide, performance levels)', () => {
  const t = fixture('state-assessment-two-years');
  const d = detectConfig([t]);
  it('finds the header on row 4, SSID, the 2023 → 2024 pair, subgroups and a proficiency cut', () => {
    const s = d.config.students[0];
    expect(s.headerRow).toBe(4);
    expect(s.id).toBe('SSID');
    expect(s.measures[0]).toMatchObject({
      pre: '2023 ELA Scale Score',
      post: '2024 ELA Scale Score',
      max: null,
    });
    expect(s.subgroups).toEqual(['EL Status', 'SWD', 'Econ Disadv']);
    // Levels "Met"/"Exceeded" are proficient; "Nearly Met"/"Not Met" are not. 2023: Met at 2436 (Diaz)
    // and 2480 (Cruz) → 2436; 2024: Met 2455 (Ames), Exceeded 2530 → 2455; the smaller, 2436, is proposed.
    expect(s.measures[0].proficient).toBe(2436);
  });
  it('reads 5 students, keeps leading zeros, reports the title block and the "NT" score', () => {
    const r = readDatasets([t], d.config);
    expect(r.datasets[0].ids[0]).toBe('0001234567');
    // Rows 5–9 are students; Eng (row 9) has 2024 "NT" (not tested) → UNPAIRED_PRE; 4 complete pairs.
    expect([r.dataQuality.rowsRead, r.dataQuality.rowsUsed]).toEqual([5, 4]);
    expect(codes(r)).toEqual(['TITLE_ROWS@1', 'UNPAIRED_PRE@9']);
  });
});

// Layout source: the Ed-Fi Data Standard v4/v5 StudentAssessment entity flattened to one row per
// student × assessment × period (StudentUniqueId, AssessmentTitle, AssessmentPeriodDescriptor,
// ReportingMethodDescriptor, Result); values invented.
describe('Ed-Fi StudentAssessment, flattened long', () => {
  const t = fixture('edfi-student-assessment-long');
  const d = detectConfig([t]);
  it('detects the long layout: StudentUniqueId, AssessmentTitle, AssessmentPeriodDescriptor BOY → EOY, Result', () => {
    expect(d.sheets[0].kind).toBe('students-long');
    expect(d.config.students[0]).toMatchObject({
      format: 'long',
      id: 'StudentUniqueId',
      measureColumn: 'AssessmentTitle',
      windowColumn: 'AssessmentPeriodDescriptor',
      scoreColumn: 'Result',
      pre: 'BOY',
      post: 'EOY',
    });
    expect(d.config.students[0].measures.map((m) => m.name)).toEqual([
      'Reading Benchmark',
      'Math Benchmark',
    ]);
  });
  it('pairs BOY with EOY per student and measure', () => {
    const r = readDatasets([t], d.config);
    // 604822: reading 182 → 201, math 175 → 188; 604823: reading 160 → 171, math BOY only (row 9);
    // 604824: reading EOY blank (row 11). Students with a pair: 2. MOY (row 3) is a window kept
    // (issue 14: every window), no longer an OTHER_WINDOW row. Rows used are the rows of those
    // two students, as rowsRead counts rows: 604822's rows 2–6 (5) and 604823's rows 7–9 (3) = 8.
    expect([r.dataQuality.rowsRead, r.dataQuality.rowsUsed]).toEqual([10, 8]);
    expect(r.datasets[0].ids.length).toBe(3);
    expect(codes(r)).toEqual(['UNPAIRED_PRE@11', 'UNPAIRED_PRE@9']);
    const reading = r.datasets[0].measures[0];
    expect(reading.windows?.map((w) => w.name)).toEqual(['BOY', 'MOY', 'EOY']);
    // 604822's reading MOY is 190 (row 3); the others have no MOY row.
    expect(Array.from(reading.windows![1].scores)).toEqual([190, NaN, NaN]);
    const ds = r.datasets[0];
    expect(ds.ids).toEqual(['604822', '604823', '604824']);
    expect([
      ds.measures[0].pre[0],
      ds.measures[0].post[0],
      ds.measures[1].pre[0],
      ds.measures[1].post[0],
    ]).toEqual([182, 201, 175, 188]);
  });
});

// Layout source: Renaissance Star Assessments data export field names (StudentRenaissanceID,
// StudentIdentifier, ScaledScore, PercentileRank, ScreeningPeriodWindowName, …); reconstructed
// (a subset of the export's columns), values invented.
describe('Renaissance Star Reading export (a row per test, one assessment, no subject column)', () => {
  const t = fixture('star-reading-export');
  const d = detectConfig([t]);
  it('does not mistake it for educator data and does not invent a pair', () => {
    expect(d.sheets[0].kind).toBe('students-long');
    expect(d.config.educators).toBeUndefined();
  });
  // Was a known mistake (it.fails) until issue 14: a long layout without a measure column (the
  // file is one assessment) is now read as one measure over ScaledScore; PercentileRank restates
  // it on a norm and is not a second measure.
  it('maps ScreeningPeriodWindowName Fall → Winter → Spring over ScaledScore per StudentRenaissanceID', () => {
    expect(d.config.students[0]).toMatchObject({
      format: 'long',
      id: 'StudentRenaissanceID',
      windowColumn: 'ScreeningPeriodWindowName',
      scoreColumn: 'ScaledScore',
      windows: [
        { name: 'Fall', value: 'Fall' },
        { name: 'Winter', value: 'Winter' },
        { name: 'Spring', value: 'Spring' },
      ],
    });
    expect(d.config.students[0].measureColumn).toBeUndefined();
    expect(d.config.students[0].measures).toHaveLength(1);
    // Ava (10001): Fall 412 → Spring 498 (rows 2 and 4 of the fixture).
    const r = readDatasets([t], d.config);
    const m = r.datasets[0].measures[0];
    expect([m.pre[0], m.post[0]]).toEqual([412, 498]);
  });
});

// Layout source: Curriculum Associates i-Ready "Diagnostic Results" CSV export column names
// (Student ID, Baseline Diagnostic (Y/N), Most Recent Diagnostic YTD (Y/N), Overall Scale
// Score, …); reconstructed (the real export has more columns, e.g. Report Group(s), Rush Flag),
// values invented.
describe('i-Ready diagnostic results (a row per diagnostic, window only as Y/N flags)', () => {
  const t = fixture('iready-diagnostic-results');
  const d = detectConfig([t]);
  it('finds the subgroup flags and reads the two Y/N flag columns as the windows', () => {
    const roles = Object.fromEntries(d.sheets[0].columns.map((c) => [c.header, c.role]));
    expect(roles).toMatchObject({
      'English Language Learner': 'subgroup',
      'Special Education': 'subgroup',
      'Economically Disadvantaged': 'subgroup',
      Sex: 'subgroup',
      'Baseline Diagnostic (Y/N)': 'window',
      'Most Recent Diagnostic YTD (Y/N)': 'window',
    });
  });
  it('pairs the baseline diagnostic with the most recent one on Overall Scale Score', () => {
    expect(d.config.students[0]).toMatchObject({
      format: 'long',
      id: 'Student ID',
      scoreColumn: 'Overall Scale Score',
      windows: [
        { flagColumn: 'Baseline Diagnostic (Y/N)' },
        { flagColumn: 'Most Recent Diagnostic YTD (Y/N)' },
      ],
    });
    expect(d.config.students[0].windowColumn).toBeUndefined();
  });
});

// A benchmark export with the gain beside the two scores (NWEA MAP's "Fall to Spring growth" is
// a span; many district exports just say "Gain"): Spring = Fall + Gain on every row is one
// student's arithmetic, not a total of counts (found by the 200,000-row --out test, where the
// whole export was refused as "an aggregated table").
describe('a student export with a Gain column (Spring = Fall + Gain)', () => {
  const rows = ['Student ID,School,Reading Fall,Reading Spring,Gain'];
  for (let i = 1; i <= 40; i++) {
    const fall = 150 + ((i * 37) % 90);
    const spring = fall + ((i * 13) % 21) - 5;
    rows.push(`S${1000 + i},School ${1 + (i % 3)},${fall},${spring},${spring - fall}`);
  }
  const d = detectConfig([csvTable('Students', rows.join('\n'))]);
  it('is read as students with a Fall → Spring pair, not as an aggregated table', () => {
    expect(d.notes.some((n) => n.message.includes('aggregated table'))).toBe(false);
    expect(d.config.students[0]).toMatchObject({
      id: 'Student ID',
      measures: [{ pre: 'Reading Fall', post: 'Reading Spring' }],
    });
  });
});
