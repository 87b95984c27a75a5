/**
 * Acceptance (a) of the layout corpus (test/fixtures/layouts/): every layout has one data file,
 * a SOURCE.md naming a public source, and an expected.json that is well-formed and consistent
 * with its own data — every column it names is a header of the sheet, every window value and
 * measure/component name occurs in its column, and the sheet holds 20–60 data rows. The corpus
 * has at least 25 layouts from at least 15 distinct public sources.
 *
 * These checks keep the expected mappings honest (no typo'd header that no detection could ever
 * match); they say nothing about detection, which `npm run detect:layouts` and
 * cli.test.ts measure.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import type { CellValue, RawTable } from '../../src/core/types';
import { csvSheetName } from '../../src/files/csv/csv-read';
import { openWorkbookFiles } from '../../src/files/source';
import {
  expectedBlocks,
  listLayouts,
  type ExpectedSheet,
  type Layout,
} from '../../scripts/layouts-compare.cjs';

const layouts = listLayouts();
const text = (v: CellValue) => (v === null ? '' : String(v).trim());
type Spec = Record<string, unknown>;
const strings = (x: unknown): string[] =>
  typeof x === 'string' ? [x] : Array.isArray(x) ? x.flatMap(strings) : [];
const objects = (x: unknown): Spec[] => (Array.isArray(x) ? (x as Spec[]) : []);

/** Every header a block of expected.json names (roles, windows, measures, practice, accepted alternatives). */
function namedColumns(spec: ExpectedSheet, accept: Spec): string[] {
  const roles = ['id', 'school', 'team', 'windowColumn', 'scoreColumn', 'measureColumn'];
  roles.push('componentColumn', 'dateColumn', 'hours', 'focus', 'date');
  const out = roles.flatMap((r) => strings(spec[r]));
  for (const w of objects(spec.windows)) out.push(...strings(w.column), ...strings(w.flagColumn));
  for (const m of [...objects(spec.measures), ...objects(spec.practice)]) {
    out.push(...strings(m.column), ...strings(m.pre), ...strings(m.post));
    for (const w of objects(m.windows)) out.push(...strings(w.column));
  }
  for (const key of ['id', 'school', 'team', 'measureColumn', 'extraMeasures']) {
    out.push(...strings(accept[key]));
  }
  return out;
}

/** The header row: the first of the top 30 rows that holds the expected ID header. */
function headerIndex(table: RawTable, id: string): number {
  return table.values.slice(0, 30).findIndex((row) => row.map(text).includes(id));
}

function columnValues(table: RawTable, header: number, column: string): string[] {
  const at = table.values[header].map(text).indexOf(column);
  return table.values.slice(header + 1).map((r) => text(r[at] ?? null));
}

describe('the layout corpus', () => {
  it('has at least 25 layouts from at least 15 distinct public sources', () => {
    expect(layouts.length).toBeGreaterThanOrEqual(25);
    // A source is the first address of a SOURCE.md's "Source" item, counted by publisher: the
    // host, or the owner/repository on GitHub (so the Ed-Fi bundles repository counts once for
    // the seven vendor layouts it documents). Layouts marked "Not counted" are left out.
    const publishers = new Set<string>();
    for (const l of layouts) {
      const md = readFileSync(l.sourcePath, 'utf8');
      if (/\*\*Not counted\*\*/.test(md)) continue;
      const first = /\*\*Source\*\*[^]*?(https?:\/\/[^\s)]+)/.exec(md)?.[1];
      if (!first) continue;
      const u = new URL(first);
      const host = u.hostname.replace(/^www\./, '');
      const github = host === 'github.com' || host === 'raw.githubusercontent.com';
      publishers.add(github ? u.pathname.split('/').slice(1, 3).join('/') : host);
    }
    expect(publishers.size).toBeGreaterThanOrEqual(15);
  });
});

describe.each(layouts.map((l) => [l.slug, l] as [string, Layout]))('layout %s', (_slug, layout) => {
  let tables: RawTable[] = [];
  // A CSV's sheet is its file's name made a legal Excel sheet name (csvSheetName): an expected
  // sheet named after the file is that sheet.
  const sheetNamed = (sheet: string) =>
    tables.find((t) => t.sheet === sheet) ??
    (layout.dataFile &&
    /\.csv$/i.test(layout.dataFile) &&
    sheet === path.basename(layout.dataFile, '.csv')
      ? tables.find((t) => t.sheet === csvSheetName(layout.dataFile!))
      : undefined);
  beforeAll(async () => {
    if (layout.dataFile)
      tables = (await openWorkbookFiles([layout.dataFile])).sheets.map((s) => s.table);
  });

  it('has one data file and a SOURCE.md with a source, a layout and what was assumed', () => {
    expect(layout.dataFiles).toHaveLength(1);
    const md = readFileSync(layout.sourcePath, 'utf8');
    expect(md).toMatch(/^# \S/);
    expect(md).toMatch(/\*\*Source\*\*: [^]*?(https?:\/\/|no single public file)/);
    expect(md).toMatch(/\*\*Layout\*\*: /);
    expect(md).toMatch(/\*\*(Assumed|Not counted)\*\*/);
  });

  it('has a version 2 expected.json whose sheets exist and whose named columns are headers', () => {
    const expected = layout.expected!;
    expect(expected.version).toBe(2);
    const blocks = expectedBlocks(expected);
    expect(blocks.length).toBeGreaterThan(0);
    const accept = (expected.accept ?? {}) as Spec;
    for (const { sheet, spec } of blocks) {
      const table = sheetNamed(sheet);
      expect(table, `sheet "${sheet}" in ${path.basename(layout.dataFile!)}`).toBeDefined();
      const h = headerIndex(table!, spec.id);
      expect(h, `header row with "${spec.id}"`).toBeGreaterThanOrEqual(0);
      const headers = table!.values[h].map(text);
      for (const c of namedColumns(spec, accept)) expect(headers, `header "${c}"`).toContain(c);
    }
  });

  it('names window values and measure/component names that occur in their columns', () => {
    for (const { sheet, spec } of expectedBlocks(layout.expected!)) {
      const table = sheetNamed(sheet)!;
      const h = headerIndex(table, spec.id);
      const windowColumn = strings(spec.windowColumn)[0];
      if (windowColumn) {
        const seen = new Set(columnValues(table, h, windowColumn));
        for (const w of objects(spec.windows)) expect(seen).toContain(String(w.value));
      }
      const label = strings(spec.measureColumn ?? spec.componentColumn)[0];
      if (label) {
        const seen = new Set(columnValues(table, h, label));
        const items = [...objects(spec.measures), ...objects(spec.practice)];
        for (const m of items) expect(seen).toContain(String(m.name));
      }
    }
  });

  it('expects a school only where the column holds at least two schools', () => {
    for (const { sheet, spec } of expectedBlocks(layout.expected!)) {
      const school = strings(spec.school)[0];
      if (!school) continue;
      const table = sheetNamed(sheet)!;
      const values = columnValues(table, headerIndex(table, spec.id), school).filter((v) => v);
      expect(new Set(values).size, `distinct values of "${school}"`).toBeGreaterThanOrEqual(2);
    }
  });

  it('holds 20–60 data rows under the header (a broken CSV may hold fewer)', () => {
    for (const { sheet, spec } of expectedBlocks(layout.expected!)) {
      const table = sheetNamed(sheet)!;
      const h = headerIndex(table, spec.id);
      const rows = table.values.slice(h + 1).filter((r) => r.some((v) => text(v) !== '')).length;
      if (layout.expected!.expectIssue) expect(rows).toBeGreaterThan(0);
      else expect([rows >= 20, rows <= 60]).toEqual([true, true]);
    }
  });
});
