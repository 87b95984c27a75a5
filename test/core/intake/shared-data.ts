/**
 * Read-only files of ../shared/data, parsed for tests with papaparse the way a sheet shows them:
 * every cell text, "" → null, delimiter sniffed, blank lines kept (so trailing blank rows reach
 * intake, as they do from a sheet whose used range was stretched by formatting).
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

export function skipMessage(name: string): string {
  return `${name} (read only, ../shared/data) is absent here: these tests were SKIPPED`;
}

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

export function sharedTable(name: string): RawTable {
  return csvTable(path.basename(name, path.extname(name)), readFileSync(sharedFile(name), 'utf8'));
}
