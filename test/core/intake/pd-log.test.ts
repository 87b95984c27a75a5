/**
 * PD logs (config v2 `pd`): hours summed per educator and by focus, bad rows reported with
 * their Excel row, the sums feeding the PD hours of educator sheets that have no PD-hours
 * column; the same through the streaming intake; detection proposes the pd block.
 * Every expected sum is worked by hand from the table below (written out beside it).
 */
import { describe, expect, it } from '@jest/globals';
import type { MappingConfig, PdLogConfig } from '../../../src/core/config';
import {
  detectConfig,
  readDatasets,
  startStreamingIntake,
  validateConfig,
} from '../../../src/core/intake';
import { sumPdLog } from '../../../src/core/intake/pd-log';
import { explainEmptyRun } from '../../../src/core/never-silent';
import type { DataQualityIssue, Report } from '../../../src/core/report';
import type { CellValue, RawTable } from '../../../src/core/types';

const t = (sheet: string, values: CellValue[][]): RawTable => ({
  sheet,
  firstRow: 1,
  firstColumn: 1,
  values,
});

// Excel rows: header on row 1, data on rows 2–9.
const log = t('Sign-in', [
  ['Session Date', 'Employee ID', 'Session Title', 'Hours'], // row 1
  ['2023-09-12', 'E1', 'Reading', 2], // 2: E1 Reading +2
  ['2023-09-12', 'E2', 'Reading', 2], // 3: E2 Reading +2
  ['2023-10-03', 'E1', 'Math', 1.5], // 4: E1 Math +1.5
  ['2023-11-07', 'E1', 'Reading', '3'], // 5: E1 Reading +3 (text "3" is a number)
  ['2023-11-07', 'E3', 'Math', 'two'], // 6: not a number → NOT_A_NUMBER, not counted
  ['2023-11-07', null, 'Math', 1], // 7: no ID → MISSING_ID, not counted
  ['2023-12-05', 'E2', 'Math', -1], // 8: negative → NEGATIVE_SCORE, not counted
  ['2023-12-05', 'E2', null, 0.5], // 9: E2 (blank) +0.5
]);
// By hand: E1 = 2 + 1.5 + 3 = 6.5 (Reading 5, Math 1.5); E2 = 2 + 0.5 = 2.5 (Reading 2,
// (blank) 0.5); E3 has no counted row. Rows counted: 2, 3, 4, 5, 9 = 5.
const pdCfg: PdLogConfig = {
  sheet: 'Sign-in',
  id: 'Employee ID',
  hours: 'Hours',
  focus: 'Session Title',
  date: 'Session Date',
};

const staff = t('Staff', [
  ['Employee ID', 'Questioning Fall', 'Questioning Spring'],
  ['E1', 2, 3],
  ['E2', 1, 3],
  ['E4', 2, 2],
]);
const config = (): MappingConfig => ({
  version: 2,
  students: [],
  educators: [
    {
      sheet: 'Staff',
      id: 'Employee ID',
      practice: [{ name: 'Questioning', pre: 'Questioning Fall', post: 'Questioning Spring' }],
    },
  ],
  pd: [{ ...pdCfg }],
});

describe('PD log sums (worked by hand)', () => {
  it('sums hours per educator and per educator × focus', () => {
    const issues: DataQualityIssue[] = [];
    const s = sumPdLog(log, pdCfg, issues);
    expect(Object.fromEntries(s.hours)).toEqual({ E1: 6.5, E2: 2.5 });
    expect(Object.fromEntries(s.byFocus.get('E1')!)).toEqual({ Reading: 5, Math: 1.5 });
    expect(Object.fromEntries(s.byFocus.get('E2')!)).toEqual({ Reading: 2, '(blank)': 0.5 });
    expect(s.rowsUsed).toBe(5);
  });

  it.each([
    [6, 'NOT_A_NUMBER', 'Hours'],
    [7, 'MISSING_ID', 'Employee ID'],
    [8, 'NEGATIVE_SCORE', 'Hours'],
  ])('row %i is a %s issue on "%s" and adds nothing', (row, code, column) => {
    const issues: DataQualityIssue[] = [];
    sumPdLog(log, pdCfg, issues);
    const hit = issues.find((i) => i.row === row);
    expect(hit?.code).toBe(code);
    expect(hit?.column).toBe(column);
    expect(hit?.sheet).toBe('Sign-in');
  });
});

describe('PD logs feed educator PD hours', () => {
  it('an educator sheet without a PD-hours column takes the summed hours (0 for one in no log)', () => {
    const { datasets } = readDatasets([staff, log], config());
    const ds = datasets.find((d) => d.sheet === 'Staff')!;
    expect(ds.ids).toEqual(['E1', 'E2', 'E4']);
    expect([...ds.pdHours!]).toEqual([6.5, 2.5, 0]);
    expect(ds.pdHoursColumn).toBe('Sign-in: Hours (summed)');
  });

  it("an educator sheet's own PD-hours column is kept", () => {
    const own = t('Staff', [
      ['Employee ID', 'Questioning Fall', 'Questioning Spring', 'PD Hours'],
      ['E1', 2, 3, 10],
      ['E2', 1, 3, 12],
    ]);
    const cfg = config();
    cfg.educators![0].pdHours = 'PD Hours';
    const ds = readDatasets([own, log], cfg).datasets[0];
    expect([...ds.pdHours!]).toEqual([10, 12]);
  });

  it('the streaming intake sums the same when the log comes in blocks', () => {
    const head = t('Sign-in', log.values.slice(0, 4)); // header + rows 2–4
    const intake = startStreamingIntake([staff, head], config(), ['Sign-in']);
    expect(intake.streamedSheets).toEqual(['Sign-in']);
    intake.push('Sign-in', log.values.slice(4, 6), 5); // rows 5–6
    intake.push('Sign-in', log.values.slice(6), 7); // rows 7–9
    const { datasets, dataQuality } = intake.finish();
    expect([...datasets[0].pdHours!]).toEqual([6.5, 2.5, 0]);
    const rows = dataQuality.issues.filter((i) => i.sheet === 'Sign-in').map((i) => i.row);
    expect(rows.sort()).toEqual([6, 7, 8]);
  });

  it('a pd block naming a column the sheet does not have is a config error that names it', () => {
    const cfg = config();
    cfg.pd![0].hours = 'Credit Hours';
    expect(() => validateConfig(cfg, [staff, log])).toThrow(/pd\[0\]\.hours.*"Credit Hours"/);
  });
});

describe('PD log detection', () => {
  it('a row per educator × session with hours is proposed as a pd block', () => {
    const clean = t(
      'Sign-in',
      log.values.filter((r, i) => i === 0 || (typeof r[3] === 'number' && r[3] >= 0 && r[1])),
    );
    const { config: c } = detectConfig([clean]);
    expect(c.pd).toEqual([pdCfg]);
    expect(c.educators).toBeUndefined();
    expect(c.students).toEqual([]);
  });

  it('an educator sheet with one row per educator (ID unique) is not a PD log', () => {
    const { config: c } = detectConfig([staff]);
    expect(c.pd).toBeUndefined();
  });

  it('a run with only a PD log is not silent: it asks for the educator sheet', () => {
    const clean = t(
      'Sign-in',
      log.values.filter((r, i) => i === 0 || (typeof r[3] === 'number' && r[3] >= 0 && r[1])),
    );
    const detection = detectConfig([clean]);
    const report = {
      config: detection.config,
      dataQuality: { rowsRead: 0, rowsUsed: 0, issues: [] },
    } as unknown as Report;
    const msg = explainEmptyRun({ report, detection });
    expect(msg).toMatch(/PD log's hours are added to the educators of an educator sheet/);
    expect(msg).not.toMatch(/Missing:/);
  });
});
