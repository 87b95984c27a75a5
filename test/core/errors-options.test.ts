import { describe, expect, it } from '@jest/globals';
import {
  CancelledError,
  ConfigError,
  InputFileError,
  NoDataError,
  SheetLimitError,
  ThroughlineError,
  errorFromPayload,
  errorToPayload,
  exitStatusOf,
} from '../../src/core/errors';
import { analyze } from '../../src/core/analyze';
import { explainEmptyRun } from '../../src/core/never-silent';
import { DEFAULTS, isRealDate, normalizeConfig } from '../../src/core/options';
import { CancelledError as PortsCancelled } from '../../src/core/ports';
import { SheetLimitError as SplitSheetLimit } from '../../src/core/plans/split';
import { ConfigError as IntakeConfigError } from '../../src/core/intake';
import type { RawTable } from '../../src/core/types';

describe('the error model (core/errors.ts)', () => {
  it('each error a person can cause is defined once and re-exported where it was', () => {
    expect(PortsCancelled).toBe(CancelledError);
    expect(SplitSheetLimit).toBe(SheetLimitError);
    expect(IntakeConfigError).toBe(ConfigError);
  });

  it.each([
    [new ConfigError('CONFIG_VALUE', 'config.minN must be …, got 0.'), 'config', 2],
    [new InputFileError('OUT_IS_INPUT', '--out x is the input x', true), 'usage', 2],
    [new InputFileError('FILE_NOT_FOUND', 'x was not found'), 'input-file', 1],
    [new NoDataError('No data was analysed'), 'no-data', 1],
    [new SheetLimitError('too long'), 'sheet-limit', 1],
    [new CancelledError(), 'cancelled', 1],
  ] as const)(
    '%s crosses the worker boundary with its class, code and kind',
    (err, kind, status) => {
      // structuredClone is what postMessage does to the payload.
      const back = errorFromPayload(structuredClone(errorToPayload(err)));
      expect(back).toBeInstanceOf(ThroughlineError);
      expect(back.constructor).toBe(err.constructor);
      expect((back as ThroughlineError).code).toBe(err.code);
      expect((back as ThroughlineError).kind).toBe(kind);
      expect(back.message).toBe(err.message);
      expect(exitStatusOf(back as ThroughlineError)).toBe(status);
    },
  );

  it('a programming error crosses as a plain Error with its name and message', () => {
    const back = errorFromPayload(structuredClone(errorToPayload(new TypeError('x is undefined'))));
    expect(back).not.toBeInstanceOf(ThroughlineError);
    expect(back.name).toBe('TypeError');
    expect(back.message).toBe('x is undefined');
  });
});

describe('options (core/options.ts)', () => {
  it('real dates only', () => {
    expect(isRealDate('2027-06-15')).toBe(true);
    expect(isRealDate('2028-02-29')).toBe(true); // a leap year
    expect(isRealDate('2027-02-29')).toBe(false);
    expect(isRealDate('2027-02-30')).toBe(false);
    expect(isRealDate('2027-13-01')).toBe(false);
    expect(isRealDate('15/06/2027')).toBe(false);
  });

  it('a good config passes unchanged (defaults are not written into it)', () => {
    const c = {
      version: 1,
      students: [{ sheet: 'S', id: 'id', measures: [{ name: 'R', pre: 'a', post: 'b' }] }],
    };
    const copy = JSON.parse(JSON.stringify(c));
    expect(normalizeConfig(c)).toBe(c);
    expect(c).toEqual(copy);
    expect(DEFAULTS.targets.fraction).toBe(0.5);
  });

  it('a ConfigError names the key, what it accepts and what it got', () => {
    let e: unknown;
    try {
      normalizeConfig({ version: 1, students: [], targets: { fraction: 2 } });
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).message).toBe(
      'config.targets.fraction must be a number above 0 and at most 1 (e.g. 0.5: close half the gap), got 2.',
    );
  });
});

describe('never silent (core/never-silent.ts)', () => {
  const table = (values: (string | number | null)[][]): RawTable => ({
    sheet: 'Scores',
    values,
    firstRow: 1,
    firstColumn: 1,
  });

  it('a sheet with IDs and one score column: exit-1 text per sheet, with a config to start from', () => {
    const t = table([['Student', 'Score'], ...Array.from({ length: 20 }, (_, i) => [`s${i}`, i])]);
    const out = analyze({
      tables: [t],
      existingSheets: ['Scores'],
      state: null,
      now: new Date(0),
      plans: false,
    });
    const text = explainEmptyRun({ report: out.report, detection: out.detection });
    expect(text).not.toBeNull();
    const lines = text!.split('\n');
    expect(lines[0]).toBe(
      'No data was analysed: no sheet gave a student or educator with a pre and a post score.',
    );
    expect(lines[1]).toMatch(/^- Sheet "Scores": 20 data rows under a header in row 1; /);
    expect(text).toMatch(/Missing: .*a pre and a post score column/);
    const config = JSON.parse(lines[lines.length - 1]) as { students: { sheet: string }[] };
    expect(config.students[0].sheet).toBe('Scores');
  });

  it('a run that used rows says nothing', () => {
    const t = table([
      ['id', 'pre', 'post'],
      ...Array.from({ length: 12 }, (_, i) => [`s${i}`, 40 + i, 50 + i + (i % 3)]),
    ]);
    const config = {
      version: 1 as const,
      students: [
        { sheet: 'Scores', id: 'id', measures: [{ name: 'R', pre: 'pre', post: 'post' }] },
      ],
    };
    const out = analyze({
      tables: [t],
      config,
      existingSheets: ['Scores'],
      state: null,
      now: new Date(0),
      plans: false,
    });
    expect(out.report.dataQuality.rowsUsed).toBe(12);
    expect(explainEmptyRun({ report: out.report, detection: out.detection })).toBeNull();
  });
});
