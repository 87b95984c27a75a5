/**
 * A sheet whose rows are each one cell of delimited text ("school;sex;age;…" in column A): a CSV
 * file opened with another separator than its own (a semicolon file in a comma locale), then
 * saved as a workbook. Nothing in it can be mapped as it stands; detection says so and how to
 * split it, instead of reading the one column as a score or its header as a window.
 */
import type { CellValue } from '../types';
import { displayText } from './values';

/** Separators such a cell may hold, with the name Excel's Text to Columns gives each. */
const SEPARATORS: readonly { char: string; name: string }[] = [
  { char: ';', name: 'Semicolon' },
  { char: ',', name: 'Comma' },
  { char: '\t', name: 'Tab' },
  { char: '|', name: 'Other: |' },
];

/** The header's fields at least (two separators): a header cell with one ";" is only a header. */
const MIN_FIELDS = 3;

/** The share of sampled rows whose first used cell has as many fields as the header. */
const MIN_SHARE = 0.9;

/** The number of fields `text` splits into at `sep`, separators inside double quotes not counted. */
export function fieldCount(text: string, sep: string): number {
  return splitFields(text, sep).length;
}

export interface DelimitedText {
  /** Index (into a row of values) of the column holding the rows. */
  column: number;
  separator: { char: string; name: string };
  /** The header cell's fields, as text. */
  fields: string[];
}

/**
 * The sheet's rows as delimited text in one column, or null: the header's first used cell splits
 * into MIN_FIELDS or more at a separator, and so does the same cell of nearly every sampled row,
 * into as many fields.
 */
export function delimitedText(
  values: readonly (readonly CellValue[])[],
  headerIndex: number,
  column: number,
  rows: readonly number[],
): DelimitedText | null {
  const header = displayText(values[headerIndex]?.[column] ?? null);
  if (!header || rows.length === 0) return null;
  for (const separator of SEPARATORS) {
    const n = fieldCount(header, separator.char);
    if (n < MIN_FIELDS) continue;
    let same = 0;
    for (const r of rows)
      if (fieldCount(displayText(values[r]?.[column] ?? null), separator.char) === n) same++;
    if (same >= MIN_SHARE * rows.length)
      return { column, separator, fields: splitFields(header, separator.char) };
  }
  return null;
}

/** `text`'s fields at `sep` (trimmed), a separator inside double quotes not splitting. */
function splitFields(text: string, sep: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (c === sep && !quoted) {
      out.push(field.trim());
      field = '';
    } else field += c;
  }
  out.push(field.trim());
  return out;
}

/** The separator as a sentence names it: "tabs", or the character quoted. */
export function separatorWords(d: DelimitedText): string {
  return d.separator.char === '\t' ? 'tabs' : `"${d.separator.char}"`;
}

/** What detection says of such a sheet: what it holds, and the two ways to read it. */
export function delimitedTextNote(sheet: string, letters: string, d: DelimitedText): string {
  const shown = d.fields.slice(0, 4).map((f) => `"${f}"`);
  return `"${sheet}" holds each row in one cell of column ${letters}, its values separated by ${separatorWords(d)} (${d.fields.length} in the header: ${shown.join(', ')}${d.fields.length > 4 ? ', …' : ''}): a CSV file opened with another separator, then saved. Not mapped: split the column (Excel: Data → Text to Columns → Delimited → ${d.separator.name}) or give Throughline the CSV file itself.`;
}
