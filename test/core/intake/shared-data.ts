/**
 * Files of ../shared/data, parsed for tests with papaparse the way a sheet shows them: every cell
 * text, "" → null, delimiter sniffed, blank lines kept (so trailing blank rows reach intake, as
 * they do from a sheet whose used range was stretched by formatting).
 *
 * Read-only files are read from ../shared/data and never copied; a test that needs one checks
 * `hasShared` when it is collected and reads the file only in `beforeAll`/`it` (Jest runs the
 * body of a skipped `describe` too), so a clone without ../shared skips it with `skipMessage`.
 * Files the data README marks "copy" are in the project: `projectTable` reads them there.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import Papa from 'papaparse';
import type { CellValue, RawTable } from '../../../src/core/types';

export const SHARED_DATA = path.resolve(__dirname, '../../../../shared/data');

export function sharedFile(name: string): string {
  return path.join(SHARED_DATA, name);
}

export function hasShared(name: string): boolean {
  return existsSync(sharedFile(name));
}

/** The plain line printed when a read-only file is missing, e.g. in a clone without ../shared. */
export function skipMessage(name: string, what = `the ${name} tests`): string {
  return `SKIPPED ${what}: ../shared/data/${name} (read only, never copied into the project) is absent`;
}

/** Print `skipMessage` when `name` is absent; returns whether it is present. */
export function sharedOrSay(name: string, what?: string): boolean {
  const present = hasShared(name);
  if (!present) process.stderr.write(`${skipMessage(name, what)}\n`);
  return present;
}

export const PROJECT_ROOT = path.resolve(__dirname, '../../..');

/** Parse CSV text into a RawTable starting at A1; a final empty line (the file's last newline) is dropped. */
export function csvTable(sheet: string, text: string): RawTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const res = Papa.parse<string[]>(body, {
    delimitersToGuess: [',', ';', '\t'],
    skipEmptyLines: false,
  });
  const rows = res.data;
  if (rows.length && rows[rows.length - 1].length === 1 && rows[rows.length - 1][0] === '')
    rows.pop();
  const values: CellValue[][] = rows.map((r) => r.map((c) => (c === '' ? null : c)));
  return { sheet, values, firstRow: 1, firstColumn: 1 };
}

function fileTable(file: string): RawTable {
  return csvTable(path.basename(file, path.extname(file)), readFileSync(file, 'utf8'));
}

/** A read-only file of ../shared/data (call it inside beforeAll/it, never at collection). */
export function sharedTable(name: string): RawTable {
  return fileTable(sharedFile(name));
}

/** A file the data README marks "copy", from its place in the project (e.g. examples/exam/…). */
export function projectTable(relative: string): RawTable {
  return fileTable(path.join(PROJECT_ROOT, relative));
}
