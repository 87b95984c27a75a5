/**
 * Bad-input catalog: each case is a small sheet (or an edge shape) with the issue codes and
 * Excel rows a person should see. Every case must not crash, and no NaN may reach the report
 * or the Data Quality plan. Expected rows are read off the case's own table (header = row 1
 * unless the case moves it).
 */
import { describe, expect, it } from '@jest/globals';
import { buildDataQualityPlan, readDatasets } from '../../../src/core/intake';
import type { MappingConfig } from '../../../src/core/config';
import type { CellValue, RawTable } from '../../../src/core/types';
import { isFormulaCell } from '../../../src/core/plans/types';
import { analyze } from '../../../src/core/analyze';
import { explainEmptyRun } from '../../../src/core/never-silent';

const H = ['ID', 'Pre', 'Post'];
const cfg = (
  extra: Partial<MappingConfig['students'][0]> = {},
  max: number | null = 100,
): MappingConfig => ({
  version: 1,
  students: [
    { sheet: 'S', id: 'ID', measures: [{ name: 'Math', pre: 'Pre', post: 'Post', max }], ...extra },
  ],
});
const t = (values: CellValue[][], firstRow = 1, firstColumn = 1): RawTable => ({
  sheet: 'S',
  values,
  firstRow,
  firstColumn,
});
/** One data row with a given post cell. */
const post = (cell: CellValue) => t([H, ['1', 50, cell]]);

interface Case {
  name: string;
  table: RawTable;
  config?: MappingConfig;
  /** "CODE@row" for every issue (row "-" for sheet-level issues). */
  issues: string[];
  check?: (r: ReturnType<typeof readDatasets>) => void;
}

const missingWords = [
  'NA',
  'N/A',
  'n/a',
  'absent',
  'abs',
  '-',
  '—',
  '–',
  'exempt',
  'not tested',
  'null',
  'none',
  '.',
];
const excelErrors = [
  '#N/A',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#NULL!',
  '#SPILL!',
  '#CALC!',
  '#GETTING_DATA',
];

/** 1,048,576 rows (Excel's last row), built lazily: row i holds ID i; the very last post is bad. */
function millionRows(): RawTable {
  const n = 1_048_576;
  const target: CellValue[][] = new Array(n);
  const values = new Proxy(target, {
    get(arr, key, recv) {
      if (typeof key === 'string' && /^\d+$/.test(key)) {
        const i = Number(key);
        if (i === 0) return H;
        return [String(i), 40, i === n - 1 ? 'abc' : 60];
      }
      return Reflect.get(arr, key, recv);
    },
  });
  return t(values);
}

/** 16,384 columns (A … XFD): ID in A, Pre in XFC, Post in XFD; XFD2 holds text. */
function wideColumns(): RawTable {
  const header: CellValue[] = new Array(16384).fill(null);
  header[0] = 'ID';
  for (let j = 1; j < 16382; j++) header[j] = `Q${j}`;
  header[16382] = 'Pre';
  header[16383] = 'Post';
  const row: CellValue[] = new Array(16384).fill(null);
  row[0] = '1';
  row[16382] = 10;
  row[16383] = 'oops';
  return t([header, row]);
}

const cases: Case[] = [
  { name: 'empty sheet', table: t([]), issues: ['EMPTY_SHEET@-'] },
  {
    name: 'sheet of blank cells',
    table: t([
      [null, null],
      [null, '  '],
    ]),
    issues: ['EMPTY_SHEET@-'],
  },
  {
    name: 'numbers only, no header',
    table: t([
      [1, 2, 3],
      [4, 5, 6],
    ]),
    issues: ['NO_HEADER@-'],
  },
  { name: 'header only', table: t([H]), issues: ['HEADER_ONLY@1'] },
  {
    name: 'title block above the header (header on row 3)',
    table: t([['Spring report'], [null], H, ['1', 50, 60]]),
    issues: ['TITLE_ROWS@1'],
    check: (r) => expect(Array.from(r.datasets[0].rows)).toEqual([4]),
  },
  {
    name: 'merged title over the table (A1 only filled) with the used range starting at B2',
    table: t([['Grade 5 scores', null, null], H, ['1', 50, 60]], 2, 2),
    issues: ['TITLE_ROWS@2'],
    check: (r) => expect(Array.from(r.datasets[0].rows)).toEqual([4]),
  },
  {
    name: 'duplicate headers',
    table: t([
      [...H, 'Post'],
      ['1', 50, 60, 70],
    ]),
    issues: ['DUPLICATE_HEADER@1'],
  },
  {
    name: 'blank header over data',
    table: t([
      [...H, null],
      ['1', 50, 60, 'x'],
    ]),
    issues: ['BLANK_HEADER@1'],
  },
  {
    name: 'blank column at the right edge is ignored',
    table: t([
      [...H, null],
      ['1', 50, 60, null],
    ]),
    issues: [],
  },
  {
    name: 'blank row inside the table',
    table: t([H, ['1', 50, 60], [null, null, null], ['2', 50, 60]]),
    issues: ['BLANK_ROWS@3'],
  },
  {
    name: 'empty trailing rows',
    table: t([H, ['1', 50, 60], [null, null, null], [null, null, null]]),
    issues: ['BLANK_ROWS@3'],
  },
  { name: 'ragged short row (post missing)', table: t([H, ['1', 50]]), issues: ['UNPAIRED_PRE@2'] },
  { name: 'missing ID (blank)', table: t([H, [null, 50, 60]]), issues: ['MISSING_ID@2'] },
  { name: 'missing ID ("NA")', table: t([H, ['NA', 50, 60]]), issues: ['MISSING_ID@2'] },
  { name: 'ID is an Excel error', table: t([H, ['#REF!', 50, 60]]), issues: ['MISSING_ID@2'] },
  {
    name: 'duplicate ID: the later row excluded, the first kept',
    table: t([H, ['7', 50, 60], ['8', 50, 60], ['7', 10, 20]]),
    issues: ['DUPLICATE_ID@4'],
    check: (r) => expect(r.datasets[0].ids).toEqual(['7', '8']),
  },
  {
    name: 'duplicate ID: number 1 and text "1"',
    table: t([H, [1, 50, 60], ['1', 50, 60]]),
    issues: ['DUPLICATE_ID@3'],
  },
  {
    name: 'duplicate ID: " 7 " and "7" (trimmed)',
    table: t([H, [' 7 ', 50, 60], ['7', 50, 60]]),
    issues: ['DUPLICATE_ID@3'],
  },
  {
    name: 'leading zeros kept: "00123" and "123" differ',
    table: t([H, ['00123', 50, 60], ['123', 50, 60]]),
    issues: [],
    check: (r) => expect(r.datasets[0].ids).toEqual(['00123', '123']),
  },
  {
    name: 'numeric ID shown as Excel shows it',
    table: t([H, [1, 50, 60]]),
    issues: [],
    check: (r) => expect(r.datasets[0].ids).toEqual(['1']),
  },
  { name: 'pre blank', table: t([H, ['1', null, 60]]), issues: ['UNPAIRED_POST@2'] },
  { name: 'post blank', table: post(null), issues: ['UNPAIRED_PRE@2'] },
  { name: 'both blank', table: t([H, ['1', null, '']]), issues: ['MISSING_SCORE@2'] },
  ...missingWords.map((w) => ({
    name: `missing word ${JSON.stringify(w)}`,
    table: post(w),
    issues: ['UNPAIRED_PRE@2'],
  })),
  ...excelErrors.map((e) => ({
    name: `Excel error ${e}`,
    table: post(e),
    issues: ['EXCEL_ERROR@2', 'UNPAIRED_PRE@2'],
  })),
  {
    name: 'text in a score cell',
    table: post('abc'),
    issues: ['NOT_A_NUMBER@2', 'UNPAIRED_PRE@2'],
  },
  { name: 'TRUE in a score cell', table: post(true), issues: ['NOT_A_NUMBER@2', 'UNPAIRED_PRE@2'] },
  {
    name: 'a date typed in a score cell',
    table: post('9/12/17'),
    issues: ['DATE_NOT_SCORE@2', 'UNPAIRED_PRE@2'],
  },
  {
    // A date cell reaches intake as its Excel serial: 2023-09-14 is 45183 (days since 1899-12-30;
    // Python: (date(2023, 9, 14) - date(1899, 12, 30)).days = 45183), far above the max of 100.
    name: 'a date serial (45183 = 2023-09-14) in a score cell',
    table: post(45183),
    issues: ['OUT_OF_RANGE@2', 'UNPAIRED_PRE@2'],
  },
  {
    name: 'an ISO date text "2023-09-14" in a score cell',
    table: post('2023-09-14'),
    issues: ['DATE_NOT_SCORE@2', 'UNPAIRED_PRE@2'],
  },
  {
    name: 'NaN from a faulty adapter',
    table: post(NaN),
    issues: ['NOT_A_NUMBER@2', 'UNPAIRED_PRE@2'],
  },
  { name: 'score above max', table: post(101), issues: ['OUT_OF_RANGE@2', 'UNPAIRED_PRE@2'] },
  { name: 'score equal to max is fine', table: post(100), issues: [] },
  {
    name: 'negative score on a 0–100 scale',
    table: post(-5),
    issues: ['NEGATIVE_SCORE@2', 'UNPAIRED_PRE@2'],
  },
  {
    name: 'one stray negative among many non-negative scores with no max',
    config: cfg({}, null),
    table: t([
      H,
      ...Array.from(
        { length: 30 },
        (_, i) => [String(i + 1), 50, i === 29 ? -3 : 60] as CellValue[],
      ),
    ]),
    // 30 post scores, 1 negative = 3.3% < 5% → a stray: row 31 (the 30th data row).
    issues: ['NEGATIVE_SCORE@31', 'UNPAIRED_PRE@31'],
  },
  {
    name: 'standardised scores (many negatives, no max) are kept',
    config: cfg({}, null),
    table: t([H, ['1', -1.2, 0.3], ['2', 0.8, -0.4], ['3', -0.1, 0.2]]),
    issues: [],
  },
  {
    name: '"85%" among plain 0–100 numbers → 85',
    table: t([H, ['1', 50, '85%'], ['2', 50, 70]]),
    issues: ['PERCENT_TEXT@2'],
    check: (r) => expect(r.datasets[0].measures[0].post[0]).toBe(85),
  },
  {
    name: '"85%" among proportions (0–1) → 0.85',
    config: cfg({}, null),
    table: t([H, ['1', 0.5, '85%'], ['2', 0.5, 0.7]]),
    issues: ['PERCENT_TEXT@2'],
    check: (r) => expect(r.datasets[0].measures[0].post[0]).toBe(0.85),
  },
  {
    name: 'thousands separator "1,234"',
    config: cfg({}, null),
    table: post('1,234'),
    issues: [],
    check: (r) => expect(r.datasets[0].measures[0].post[0]).toBe(1234),
  },
  {
    name: 'decimal comma "3,5" where the column uses them',
    config: cfg({}, 4),
    table: t([H, ['1', 2, '3,5'], ['2', 2, '2,25']]),
    issues: ['DECIMAL_COMMA@2'],
    check: (r) => expect(Array.from(r.datasets[0].measures[0].post)).toEqual([3.5, 2.25]),
  },
  {
    name: 'numeric text with spaces and a non-breaking space',
    table: t([H, ['1', ' 42 ', '\u00a055']]),
    issues: [],
    check: (r) =>
      expect([r.datasets[0].measures[0].pre[0], r.datasets[0].measures[0].post[0]]).toEqual([
        42, 55,
      ]),
  },
  {
    name: 'team missing',
    config: cfg({ team: 'Team' }),
    table: t([
      [...H, 'Team'],
      ['1', 50, 60, null],
      ['2', 50, 60, 'A'],
    ]),
    issues: ['MISSING_TEAM@2'],
  },
  {
    name: 'inconsistent category spellings merge into the most frequent one',
    config: cfg({ subgroups: ['Lunch'] }),
    table: t([
      [...H, 'Lunch'],
      ...['FRL', 'frl ', 'Free/Reduced', 'F/R', 'Free', 'Reduced', 'FRL', 'Paid'].map(
        (v, i) => [String(i), 50, 60, v] as CellValue[],
      ),
    ]),
    issues: ['CATEGORY_MERGED@1'],
    // FRL appears twice, every other spelling once → "FRL" is the label; Paid stays its own group.
    check: (r) => expect(r.datasets[0].subgroups[0].labels).toEqual(['FRL', 'Paid']),
  },
  {
    name: 'a Y/N column that names its own group: "FRL", "frl ", "Free/Reduced" in FRL read as "Y"',
    config: cfg({ subgroups: ['FRL'] }),
    table: t([
      [...H, 'FRL'],
      ...['Y', 'N', 'FRL', 'frl ', 'Free/Reduced', 'N'].map(
        (v, i) => [String(i), 50, 60, v] as CellValue[],
      ),
    ]),
    // One merge note for the Y group (4 spellings); N is spelled one way.
    issues: ['CATEGORY_MERGED@1'],
    check: (r) => {
      expect(r.datasets[0].subgroups[0].labels).toEqual(['Y', 'N']);
      expect(Array.from(r.datasets[0].subgroups[0].codes)).toEqual([0, 1, 0, 0, 0, 1]);
    },
  },
  {
    name: 'a group name in a Y/N column with another header stays its own group',
    config: cfg({ subgroups: ['Lunch'] }),
    table: t([
      [...H, 'Lunch'],
      ...['Y', 'N', 'FRL'].map((v, i) => [String(i), 50, 60, v] as CellValue[]),
    ]),
    issues: [],
    check: (r) => expect(r.datasets[0].subgroups[0].labels).toEqual(['Y', 'N', 'FRL']),
  },
  {
    name: 'Y/N/1/0/Yes/No/True/False flags → "Y" and "N"',
    config: cfg({ subgroups: ['EL'] }),
    table: t([
      [...H, 'EL'],
      ...['Y', 'N', 1, 0, 'Yes', 'No', true, 'False'].map(
        (v, i) => [String(i), 50, 60, v] as CellValue[],
      ),
    ]),
    issues: ['CATEGORY_MERGED@1', 'CATEGORY_MERGED@1'],
    check: (r) => {
      expect(r.datasets[0].subgroups[0].labels).toEqual(['Y', 'N']);
      expect(Array.from(r.datasets[0].subgroups[0].codes)).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
    },
  },
  {
    name: 'blank subgroup cells form "(blank)"',
    config: cfg({ subgroups: ['Lunch'] }),
    table: t([
      [...H, 'Lunch'],
      ['1', 50, 60, 'FR'],
      ['2', 50, 60, null],
    ]),
    issues: ['BLANK_CATEGORY@3'],
  },
  {
    name: 'hostile header text used as a column name',
    config: {
      version: 1,
      students: [
        {
          sheet: 'S',
          id: 'ID',
          measures: [
            {
              name: 'X',
              pre: '<img src=x onerror=alert(1)>',
              post: '=HYPERLINK("http://evil","click")',
            },
          ],
        },
      ],
    },
    table: t([
      ['ID', '<img src=x onerror=alert(1)>', '=HYPERLINK("http://evil","click")'],
      ['1', 1, '=1+1'],
    ]),
    issues: ['NOT_A_NUMBER@2', 'UNPAIRED_PRE@2'],
    check: (r) => {
      const plan = buildDataQualityPlan(r.dataQuality, 'Data Quality');
      const cells = plan.cells.flat();
      expect(cells.some(isFormulaCell)).toBe(false);
      expect(cells).toContain('=HYPERLINK("http://evil","click")');
      expect(cells).toContain('=1+1');
    },
  },
  {
    name: 'table not at A1: rows as the person sees them',
    table: t([H, [null, 50, 60]], 5, 3),
    issues: ['MISSING_ID@6'],
  },
  {
    name: '1,048,576 rows (the last Excel row holds text)',
    table: millionRows(),
    issues: ['NOT_A_NUMBER@1048576', 'UNPAIRED_PRE@1048576'],
    check: (r) => {
      expect(r.dataQuality.rowsRead).toBe(1_048_575);
      expect(r.datasets[0].rows[r.datasets[0].size - 1]).toBe(1_048_576);
    },
  },
  {
    name: '16,384 columns (Post in XFD)',
    table: wideColumns(),
    issues: ['NOT_A_NUMBER@2', 'UNPAIRED_PRE@2'],
    check: (r) => {
      const plan = buildDataQualityPlan(r.dataQuality, 'Data Quality');
      expect(plan.links?.find((l) => l.targetColumn === 16384)).toBeTruthy();
      expect(plan.cells.flat()).toContain('S!XFD2');
    },
  },
];

describe('bad-input catalog', () => {
  it('has at least 50 cases', () => expect(cases.length).toBeGreaterThanOrEqual(50));
  it.each(cases)('$name', (c) => {
    const r = readDatasets([c.table], c.config ?? cfg());
    const got = r.dataQuality.issues.map((i) => `${i.code}@${i.row ?? '-'}`).sort();
    expect(got).toEqual([...c.issues].sort());
    const plan = buildDataQualityPlan(r.dataQuality, 'Data Quality');
    const json = JSON.stringify({ dq: r.dataQuality, cells: plan.cells });
    expect(json).not.toMatch(/NaN|Infinity|null,"message":null/);
    for (const cell of plan.cells.flat())
      if (typeof cell === 'number') expect(Number.isFinite(cell)).toBe(true);
    c.check?.(r);
  });
});

/** Every number reachable from `value` (arrays, plain objects), with its path, that is not finite. */
function nonFinite(value: unknown, path = '$', out: string[] = []): string[] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push(`${path} = ${value}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, k) => nonFinite(v, `${path}[${k}]`, out));
  } else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const [k, v] of Object.entries(value)) nonFinite(v, `${path}.${k}`, out);
  }
  return out;
}

describe('bad-input catalog through the whole engine (impact, goals, alignment, every sheet plan)', () => {
  it('the check itself finds a NaN or an Infinity deep inside', () =>
    expect(nonFinite({ a: [1, { b: NaN }], c: -Infinity, d: 'NaN' })).toEqual([
      '$.a[1].b = NaN',
      '$.c = -Infinity',
    ]));
  it.each(cases)('$name', (c) => {
    const out = analyze({
      tables: [c.table],
      config: c.config ?? cfg(),
      existingSheets: [c.table.sheet],
      state: null,
      now: new Date('2026-09-01T00:00:00Z'),
    });
    // The same issues reach the report as intake found (the engine adds none for these sheets).
    const got = out.report.dataQuality.issues.map((i) => `${i.code}@${i.row ?? '-'}`).sort();
    expect(got).toEqual([...c.issues].sort());
    expect(nonFinite(out.report)).toEqual([]);
    expect(nonFinite(out.plans)).toEqual([]);
  });
});

// Issue 14: no input ends with zero records used and no word why. The command line exits 1 with
// explainEmptyRun's message and the pane opens the mapping step with it, so every catalog case,
// mapped by its config or by detection, either uses rows or has a message naming its sheet.
describe('bad-input catalog: never silent', () => {
  const run = (c: Case, config: MappingConfig | undefined) =>
    analyze({
      tables: [c.table],
      config,
      existingSheets: [c.table.sheet],
      state: null,
      now: new Date('2026-09-01T00:00:00Z'),
    });
  it('holds cases that use no row at all, so the message is exercised', () => {
    const empty = cases.filter((c) => run(c, c.config ?? cfg()).report.dataQuality.rowsUsed === 0);
    expect(empty.length).toBeGreaterThan(0);
  });
  it.each(cases)('$name', (c) => {
    for (const config of [c.config ?? cfg(), undefined]) {
      const out = run(c, config);
      const why = explainEmptyRun({ report: out.report, detection: out.detection ?? null });
      if (out.report.dataQuality.rowsUsed > 0) expect(why).toBeNull();
      else {
        expect(why).toMatch(/^No data was analysed/);
        expect(why).toContain(`Sheet "${c.table.sheet}"`);
      }
    }
  });
});
