/**
 * The examples run end to end through the command line's main(): the district workbook with
 * detection (what `npm run demo` does) and with its shipped config, and the two real data sets
 * with theirs. Expected issue rows are the planted flaws documented in
 * scripts/generate-district.mjs; expected row counts of the real files come from R.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { main } from '../../src/cli/main';
import type { MappingConfig } from '../../src/core/config';
import type { Report } from '../../src/core/report';
import { readValues, ROOT, SAMPLE } from './workbook';
import { Capture } from '../support/capture';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-examples-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(argv, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
const ex = (p: string) => path.join(ROOT, 'examples', p);
const readJson = <T>(p: string) => JSON.parse(readFileSync(p, 'utf8')) as T;

const sharedData = (name: string): string => path.join(ROOT, '../shared/data', name);

describe('examples/district-sample.xlsx: detection', () => {
  it('detects every mapping the example is built for', async () => {
    const r = await run(['analyze', SAMPLE, '--print-config']);
    expect(r.code, r.stderr).toBe(0);
    const cfg = JSON.parse(r.stdout) as MappingConfig;
    expect(cfg.students).toHaveLength(1);
    const st = cfg.students[0];
    expect(st).toMatchObject({
      sheet: 'Students',
      id: 'Student ID',
      team: 'Team',
      school: 'School',
      teacher: 'Teacher',
    });
    expect(st.subgroups).toEqual(['Gender', 'EL', 'SWD', 'FRL']);
    // Three windows (the winter one added for progress monitoring); impact compares the first
    // and the last (no pre/post: the default).
    expect(
      st.measures.map(({ windows, pre, post, max, proficient }) => ({
        windows: windows?.map((w) => [w.name, w.column]),
        pre,
        post,
        max,
        proficient,
      })),
    ).toEqual(
      ['Reading', 'Math'].map((m) => ({
        windows: ['Fall', 'Winter', 'Spring'].map((w) => [w, `${m} ${w} (0-100)`]),
        pre: undefined,
        post: undefined,
        max: 100,
        proficient: 70,
      })),
    );
    expect(cfg.educators).toHaveLength(1);
    const ed = cfg.educators![0];
    expect(ed).toMatchObject({
      sheet: 'Educators',
      id: 'Educator Name',
      team: 'Team',
      coach: 'Instructional Coach',
      pdHours: 'PD Hours',
    });
    expect(ed.practice.map(({ pre, post, max }) => ({ pre, post, max }))).toEqual(
      ['Questioning', 'Discussion', 'Feedback', 'Classroom Environment'].map((c) => ({
        pre: `${c} Fall (out of 4)`,
        post: `${c} Spring (out of 4)`,
        max: 4,
      })),
    );
    expect(cfg.goals).toEqual({ sheet: 'Goals' });
    expect(cfg.template).toEqual({ sheet: 'SMART Goal Form' });
  });

  it('the shipped config is the detected one with short names (plus the school year end and educator school)', async () => {
    const detected = JSON.parse(
      (await run(['analyze', SAMPLE, '--print-config'])).stdout,
    ) as MappingConfig;
    const shipped = readJson<MappingConfig>(ex('district-sample.config.json'));
    // Detection writes version 2 (issue 14); the shipped config stays version 1, which reads
    // unchanged, and every field of this two-window example means the same in both versions.
    expect(detected.version).toBe(2);
    const strip = (c: MappingConfig) => ({
      ...c,
      version: undefined,
      schoolYearEnd: undefined,
      students: c.students.map((s) => ({
        ...s,
        measures: s.measures.map((m) => ({ ...m, name: '' })),
      })),
      educators: c.educators?.map((e) => ({
        ...e,
        school: undefined,
        practice: e.practice.map((p) => ({ ...p, name: '' })),
      })),
    });
    expect(JSON.parse(JSON.stringify(strip(shipped)))).toEqual(
      JSON.parse(JSON.stringify(strip(detected))),
    );
    expect(shipped.students[0].measures.map((m) => m.name)).toEqual(['Reading', 'Math']);
  });
});

describe('examples/district-sample.xlsx: end to end (what npm run demo does)', () => {
  const out = path.join(dir, 'district-throughline.xlsx');
  const json = path.join(dir, 'district-report.json');

  it('exits 0, keeps every input sheet unchanged and adds "Data Quality"', async () => {
    const r = await run(['analyze', SAMPLE, '--out', out, '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    const input = await readValues(SAMPLE);
    const output = await readValues(out);
    for (const [name, sheet] of input) expect(output.get(name)?.values, name).toEqual(sheet.values);
    expect(output.has('Data Quality')).toBe(true);
  });

  it('the report lists each planted flaw at its Excel row', () => {
    const report = readJson<Report>(json);
    const students = report.dataQuality.issues.filter(
      (i) => i.sheet === 'Students' && i.severity !== 'info',
    );
    const got = students
      .map((i) => `${i.code} ${i.row} ${i.column} ${JSON.stringify(i.value)}`)
      .sort();
    // One line per planted flaw (scripts/generate-district.mjs header); an excluded score also leaves its pair unpaired.
    const expected = [
      'DUPLICATE_ID 403 Student ID "001488"',
      'OUT_OF_RANGE 1088 Reading Spring (0-100) "105"',
      'NOT_A_NUMBER 1240 Math Fall (0-100) "7O"',
      'UNPAIRED_PRE 57 Reading Spring (0-100) null',
      'UNPAIRED_PRE 57 Math Spring (0-100) null',
      'UNPAIRED_POST 130 Reading Fall (0-100) null',
      'UNPAIRED_POST 130 Math Fall (0-100) null',
      'UNPAIRED_PRE 611 Reading Spring (0-100) "NA"',
      'UNPAIRED_POST 777 Math Fall (0-100) "NA"',
      'UNPAIRED_PRE 905 Math Spring (0-100) "absent"',
      'UNPAIRED_PRE 1088 Reading Spring (0-100) "105"',
      'UNPAIRED_POST 1240 Math Fall (0-100) "7O"',
      'UNPAIRED_POST 1420 Reading Fall (0-100) null',
    ].sort();
    expect(got).toEqual(expected);
    const infos = report.dataQuality.issues.filter(
      (i) => i.sheet === 'Students' && i.severity === 'info',
    );
    expect(infos).toContainEqual(
      expect.objectContaining({ code: 'MISSING_SCORE', row: 1333, column: 'Reading Fall (0-100)' }),
    );
    expect(infos).toContainEqual(
      expect.objectContaining({
        code: 'CATEGORY_MERGED',
        column: 'FRL',
        // The generator plants "FRL" (rows 214, 1399), "frl " (688) and "Free/Reduced" (1012)
        // in the Y/N FRL column as spellings of Y; "Y" itself is met first (row 2 or so).
        value: '"Y", "FRL", "frl ", "Free/Reduced"',
      }),
    );
  });

  it('rows read and used: 1,501 student rows + 60 educators; used = all but the duplicate and rows 57 and 130 (no pair at all)', () => {
    const { dataQuality } = readJson<Report>(json);
    expect(dataQuality.rowsRead).toBe(1501 + 60);
    expect(dataQuality.rowsUsed).toBe(1501 - 3 + 60);
  });

  it('runs with the shipped config too (exit 0)', async () => {
    const r = await run([
      'analyze',
      SAMPLE,
      '--config',
      ex('district-sample.config.json'),
      '--out',
      path.join(dir, 'cfg.xlsx'),
    ]);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('real data examples run with their configs', () => {
  it.each([
    // R: b <- read.csv("examples/baumann/carData_Baumann.csv"); nrow(b); sum(complete.cases(b))  → 66, 66
    ['baumann/carData_Baumann.csv', 'baumann/baumann.config.json', 66],
    // R: e <- read.csv("examples/exam/mlmRev_Exam.csv"); nrow(e); sum(complete.cases(e[, c("standLRT","normexam")]))  → 4059, 4059
    ['exam/mlmRev_Exam.csv', 'exam/exam.config.json', 4059],
  ])('%s with %s exits 0 and uses all %i rows', async (csv, config, rows) => {
    const json = path.join(dir, `${path.basename(csv)}.json`);
    const r = await run([
      'analyze',
      ex(csv),
      '--config',
      ex(config),
      '--out',
      path.join(dir, `${path.basename(csv)}.xlsx`),
      '--json',
      json,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const { dataQuality } = readJson<Report>(json);
    expect(dataQuality.rowsRead).toBe(rows);
    expect(dataQuality.rowsUsed).toBe(rows);
  });

  // Where ../shared is absent the check is reported as skipped (with a plain line), not as passed.
  const copies: [string, string][] = [
    ['baumann/carData_Baumann.csv', 'carData_Baumann.csv'],
    ['exam/mlmRev_Exam.csv', 'mlmRev_Exam.csv'],
  ];
  const sharedAbsent = copies.filter(([, original]) => !existsSync(sharedData(original)));
  for (const [copy, original] of sharedAbsent)
    process.stderr.write(
      `SKIPPED the copy check of ${copy}: ../shared/data/${original} is absent\n`,
    );
  (sharedAbsent.length > 0 ? it.skip : it).each(copies)(
    '%s is a byte copy of ../shared/data/%s',
    (copy, original) => {
      expect(readFileSync(ex(copy)).equals(readFileSync(sharedData(original)))).toBe(true);
    },
  );
});
