/** validateConfig errors, detection of goal/template sheets, and the Data Quality plan. */
import { describe, expect, it } from '@jest/globals';
import {
  buildDataQualityPlan,
  ConfigError,
  detectConfig,
  readDatasets,
  validateConfig,
} from '../../../src/core/intake';
import type { MappingConfig } from '../../../src/core/config';
import type { DataQuality } from '../../../src/core/report';
import type { RawTable } from '../../../src/core/types';
import { makeIssue } from '../../../src/core/quality/issues';

const table: RawTable = {
  sheet: 'Scores',
  firstRow: 1,
  firstColumn: 1,
  values: [
    ['Student ID', 'Read Fall', 'Read Spring', 'Team'],
    ['1', 10, 12, 'A'],
  ],
};
const good = (): MappingConfig => ({
  version: 1,
  students: [
    {
      sheet: 'Scores',
      id: 'Student ID',
      team: 'Team',
      measures: [{ name: 'Read', pre: 'Read Fall', post: 'Read Spring' }],
    },
  ],
});

function err(fn: () => void): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('validateConfig', () => {
  it('accepts a good config, and header names that differ only in case and spacing', () => {
    expect(() => validateConfig(good(), [table])).not.toThrow();
    const c = good();
    c.students[0].id = 'student id';
    expect(() => validateConfig(c, [table])).not.toThrow();
  });
  it('a missing sheet: named, with the closest sheet', () => {
    const c = good();
    c.students[0].sheet = 'Score';
    const e = err(() => validateConfig(c, [table]));
    expect(e.code).toBe('UNKNOWN_SHEET');
    expect(e.message).toContain('no sheet named "Score"');
    expect(e.message).toContain('Closest: "Scores"');
  });
  it('a missing column: named, with the closest headers', () => {
    const c = good();
    c.students[0].measures[0].post = 'Read Sprng';
    const e = err(() => validateConfig(c, [table]));
    expect(e.code).toBe('UNKNOWN_COLUMN');
    expect(e.message).toBe(
      'students[0].measures[0].post: sheet "Scores" has no column "Read Sprng" (header row 1). Closest: "Read Spring", "Read Fall".',
    );
  });
  it.each([
    [
      (c: MappingConfig) => ((c as unknown as { version: number }).version = 3),
      'config.version must be the number 1 or 2, got 3.',
      'CONFIG_TYPE',
    ],
    [
      (c: MappingConfig) => ((c.students[0] as unknown as { id: number }).id = 5),
      'config.students[0].id must be a header (or "" for none), got 5.',
      'CONFIG_VALUE',
    ],
    [
      (c: MappingConfig) => (c.students[0].measures[0].max = -1),
      'config.students[0].measures[0].max must be a number above 0 and at most 1,000,000, or null (no maximum), got -1.',
      'CONFIG_VALUE',
    ],
    [
      (c: MappingConfig) => ((c.students[0] as unknown as { subgroups: string }).subgroups = 'EL'),
      'config.students[0].subgroups must be a list of headers, got "EL".',
      'CONFIG_VALUE',
    ],
    [
      (c: MappingConfig) => (c.students[0].format = 'tall' as 'long'),
      'config.students[0].format must be "wide" or "long", got "tall".',
      'CONFIG_VALUE',
    ],
  ])('wrong type %#', (edit, message, code) => {
    const c = good();
    edit(c);
    const e = err(() => validateConfig(c, [table]));
    expect(e.code).toBe(code);
    expect(e.message).toBe(message);
  });
  it('readDatasets throws the same ConfigError', () => {
    const c = good();
    c.students[0].team = 'Teem';
    expect(() => readDatasets([table], c)).toThrow(ConfigError);
  });
});

describe('detectConfig: goal and template sheets', () => {
  const goals: RawTable = {
    sheet: 'Goals',
    firstRow: 1,
    firstColumn: 1,
    values: [
      ['Goal ID', 'Level', 'Parent', 'Statement', 'Focus'],
      ['D1', 'District', null, 'Raise reading', 'Reading'],
    ],
  };
  const template: RawTable = {
    sheet: 'Goal Template',
    firstRow: 1,
    firstColumn: 1,
    values: [
      ['Team goal template'],
      ['Goal:', null],
      ['Baseline', null],
      ['Target', null],
      ['Timeline', null],
      ['Strategies', null],
      ['Evidence of impact', null],
      ['Owner', null],
    ],
  };
  it('goal sheet → config.goals, template → config.template', () => {
    const d = detectConfig([table, goals, template]);
    expect(d.config.goals).toEqual({ sheet: 'Goals' });
    expect(d.config.template).toEqual({ sheet: 'Goal Template' });
    expect(d.sheets.map((s) => s.kind)).toEqual(['students-wide', 'goals', 'template']);
    const r = readDatasets([table, goals, template], d.config);
    expect(r.goalsTable?.sheet).toBe('Goals');
    expect(r.templateTable?.sheet).toBe('Goal Template');
  });
  it('every column gets a role, a confidence in 0..1 and a reason', () => {
    const d = detectConfig([table]);
    for (const c of d.sheets[0].columns) {
      expect(c.confidence).toBeGreaterThanOrEqual(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
      expect(c.reason.length).toBeGreaterThan(0);
    }
    expect(d.sheets[0].columns.map((c) => c.role)).toEqual(['id', 'pre', 'post', 'team']);
  });
});

describe('buildDataQualityPlan', () => {
  const issues = [
    makeIssue('PERCENT_TEXT', 'Scores', 3, 'Read Spring', '85%', 'info', 3),
    makeIssue('NOT_A_NUMBER', 'Scores', 7, 'Read Fall', '=HYPERLINK("x")', 'bad', 2),
    makeIssue('UNPAIRED_PRE', 'Scores', 5, 'Read Spring', null, 'w', 3),
    makeIssue('EMPTY_SHEET', 'Other', null, null, null, 'empty'),
  ];
  const dq: DataQuality = { rowsRead: 10, rowsUsed: 8, issues };
  const plan = buildDataQualityPlan(dq, 'Data Quality');
  it('lists issues worst first with a Go-to link to the source cell', () => {
    expect(plan.cells[0].slice(0, 8)).toEqual([
      'Severity',
      'Code',
      'Sheet',
      'Row',
      'Column',
      'Value',
      'Message',
      'Go to',
    ]);
    expect(plan.cells.slice(1, 5).map((r) => r[1])).toEqual([
      'NOT_A_NUMBER',
      'EMPTY_SHEET',
      'UNPAIRED_PRE',
      'PERCENT_TEXT',
    ]);
    // NOT_A_NUMBER at Scores row 7, column 2 = B7.
    expect(plan.cells[1][7]).toBe('Scores!B7');
    expect(plan.links).toContainEqual({
      row: 2,
      column: 8,
      sheet: 'Scores',
      targetRow: 7,
      targetColumn: 2,
    });
    // The sheet-level issue has no row and no link.
    expect(plan.cells[2][7]).toBeNull();
    expect(plan.links?.length).toBe(3);
    expect(plan.freeze).toEqual({ rows: 1, columns: 0 });
    expect(plan.tables?.[0].rect).toEqual({ row: 1, column: 1, rowCount: 5, columnCount: 8 });
  });
  it('summary: rows read/used and counts by code', () => {
    const summary = plan.cells.map((r) => r.slice(9, 12));
    expect(summary).toContainEqual(['Rows read', 10, null]);
    expect(summary).toContainEqual([
      'Rows used',
      8,
      'rows with at least one complete pre/post pair',
    ]);
    expect(summary).toContainEqual(['error', 'NOT_A_NUMBER', 1]);
    expect(summary).toContainEqual(['warning', 'EMPTY_SHEET', 1]);
  });
  it('caps the listed issues and says how many more there are; counts stay complete', () => {
    const many: DataQuality = {
      rowsRead: 5,
      rowsUsed: 0,
      issues: Array.from({ length: 7 }, (_, i) =>
        makeIssue('MISSING_ID', 'S', i + 2, 'ID', null, 'm', 1),
      ),
    };
    const p = buildDataQualityPlan(many, 'DQ', 3);
    expect(p.cells.filter((r) => r[1] === 'MISSING_ID').length).toBe(3);
    const flat = p.cells.flat();
    expect(flat).toContain(
      'Listed: the first 3 issues (worst first); 4 more are counted above and listed in the JSON report.',
    );
    expect(p.cells.map((r) => r.slice(9, 12))).toContainEqual(['warning', 'MISSING_ID', 7]);
  });
  it('JSON of an issue is exactly the contract fields (the source column stays hidden)', () => {
    expect(Object.keys(JSON.parse(JSON.stringify(issues[1])))).toEqual([
      'code',
      'severity',
      'sheet',
      'row',
      'column',
      'value',
      'message',
    ]);
  });
});
