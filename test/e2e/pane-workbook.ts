/**
 * The workbook the pane's browser tests load into the simulator: examples/district-sample.xlsx
 * (read in Node with src/files) when it exists, plus two hostile names; else a small one built
 * here. Either way the tables travel into the page as JSON (page.addInitScript).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbookFiles } from '../../src/files';
import type { RawTable } from '../../src/core/types';

const root = join(__dirname, '..', '..');
export const EXAMPLE = join(root, 'examples', 'district-sample.xlsx');

/** Markup a workbook may hold; it must show as text. Also a legal sheet name (no : \ / ? * [ ]). */
export const HOSTILE = '<img src=x onerror=alert(1)>';

/** A sheet a person owns, which no run may change. */
export const NOTES_SHEET: RawTable = {
  sheet: 'Notes',
  values: [['My own notes'], ['Do not touch']],
  firstRow: 1,
  firstColumn: 1,
};

/** A sheet named with markup, holding markup in its header. */
export const HOSTILE_SHEET: RawTable = {
  sheet: HOSTILE,
  values: [
    [HOSTILE, 'Comment'],
    ['x', 'y'],
  ],
  firstRow: 1,
  firstColumn: 1,
};

/**
 * The small workbook: 24 students with Reading before/after in two teams, one ID repeated on
 * Excel row 26 (the header is row 1, students S1…S24 are rows 2…25), and a column headed with
 * markup.
 */
export function smallStudents(): RawTable {
  const values: (string | number | null)[][] = [
    ['Student ID', 'Team', 'School', 'Reading Pre', 'Reading Post', HOSTILE],
  ];
  for (let i = 1; i <= 24; i++) {
    values.push([`S${i}`, i % 2 ? 'Blue' : 'Gold', 'Oak', 40 + i, 45 + i + (i % 3), i]);
  }
  values.push(['S3', 'Blue', 'Oak', 41, 50, 25]);
  return { sheet: 'Students', values, firstRow: 1, firstColumn: 1 };
}

/** The tables for the page, and whether they are the example district. */
export async function paneWorkbook(): Promise<{ tables: RawTable[]; example: boolean }> {
  if (existsSync(EXAMPLE)) {
    const source = await openWorkbookFiles([EXAMPLE]);
    const tables: RawTable[] = [];
    for (const s of source.sheets) {
      if (s.visibility === 'visible') tables.push(await source.readSheet(s.name));
    }
    return { tables: [...tables, NOTES_SHEET, HOSTILE_SHEET], example: true };
  }
  console.info(`pane e2e: ${EXAMPLE} is not there yet; using the small built-in workbook`);
  return { tables: [smallStudents(), NOTES_SHEET, HOSTILE_SHEET], example: false };
}
