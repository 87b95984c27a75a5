/**
 * Column profiles for detection: what the values of a column look like (numeric share,
 * uniqueness, cardinality, flags, ratings, dates), from a sample of rows so detection stays
 * quick on a million-row sheet.
 */
import type { CellValue, DateCells, RawTable } from '../types';
import type { SheetLayout } from './layout';
import { isBlankRow } from './layout';
import { ratingKey, DEFAULT_RATING_SCALE } from './scale';
import {
  classifyNonNumber,
  cleanText,
  displayText,
  flagValue,
  parseDate,
  parseNumber,
  numberFlags,
  usesDecimalComma,
} from './values';

export interface ColumnProfile {
  header: string;
  /** Index into a row of the table's values. */
  index: number;
  excelColumn: number;
  nonEmpty: number;
  numeric: number;
  integer: number;
  negative: number;
  percent: number;
  missingWords: number;
  errors: number;
  dates: number;
  flags: number;
  ratings: number;
  min: number;
  max: number;
  /** Distinct display texts (up to 5,000 kept) with counts. */
  distinct: Map<string, number>;
  /** True when more distinct values existed than were kept. */
  distinctOverflow: boolean;
  /** Average length of text values. */
  textLength: number;
}

export interface SheetSample {
  /** Row indices (into values) of the sampled non-blank data rows. */
  rows: number[];
  /** Non-blank data rows in the whole sheet (counted, not sampled). */
  dataRows: number;
  profiles: ColumnProfile[];
}

const SAMPLE = 5000;
const MAX_DISTINCT = 5000;
const RATING_WORDS = new Set(Object.keys(DEFAULT_RATING_SCALE));

/** Sample rows (first 2,500 plus an even spread of the rest) and profile every column. */
export function profileSheet(table: RawTable, layout: SheetLayout): SheetSample {
  const { values } = table;
  const start = layout.headerIndex + 1;
  const total = values.length - start;
  const rows: number[] = [];
  let dataRows = 0;
  if (total <= SAMPLE) {
    for (let i = start; i < values.length; i++) if (!isBlankRow(values[i])) rows.push(i);
    dataRows = rows.length;
  } else {
    const head = SAMPLE / 2;
    for (let i = start; i < start + head; i++) if (!isBlankRow(values[i])) rows.push(i);
    const step = (total - head) / (SAMPLE / 2);
    for (let k = 0; k < SAMPLE / 2; k++) {
      const i = start + head + Math.floor(k * step);
      if (i < values.length && !isBlankRow(values[i])) rows.push(i);
    }
    // Counting non-blank rows is one cheap pass; the estimate would mislead the notes.
    for (let i = start; i < values.length; i++) if (!isBlankRow(values[i])) dataRows++;
  }
  const profiles = layout.columns.map((index, k) =>
    profileColumn(values, rows, index, layout.headers[k], layout.excelColumns[k], table.dates),
  );
  return { rows, dataRows, profiles };
}

function profileColumn(
  values: CellValue[][],
  rows: number[],
  index: number,
  header: string,
  excelColumn: number,
  dates?: DateCells,
): ColumnProfile {
  const p: ColumnProfile = {
    header,
    index,
    excelColumn,
    nonEmpty: 0,
    numeric: 0,
    integer: 0,
    negative: 0,
    percent: 0,
    missingWords: 0,
    errors: 0,
    dates: 0,
    flags: 0,
    ratings: 0,
    min: Infinity,
    max: -Infinity,
    distinct: new Map(),
    distinctOverflow: false,
    textLength: 0,
  };
  let textCount = 0;
  const parsed = numberFlags();
  // A column written with decimal commas ("41,5") is numeric, as the intake reads it.
  const comma = usesDecimalComma(rows.map((i) => values[i]?.[index] ?? null));
  for (const i of rows) {
    const c = values[i]?.[index] ?? null;
    if (c === null) continue;
    const v = parseNumber(c, comma, false, parsed);
    const kind = Number.isNaN(v) ? classifyNonNumber(c) : null;
    if (kind === 'blank') continue;
    p.nonEmpty++;
    const text = typeof c === 'string' ? cleanText(c) : displayText(c);
    if (p.distinct.has(text)) p.distinct.set(text, (p.distinct.get(text) ?? 0) + 1);
    else if (p.distinct.size < MAX_DISTINCT) p.distinct.set(text, 1);
    else p.distinctOverflow = true;
    if (flagValue(c) !== null) p.flags++;
    if (kind === 'missing') {
      p.missingWords++;
      continue;
    }
    if (kind === 'error') {
      p.errors++;
      continue;
    }
    if (kind === null) {
      // A number the sheet shows as a date is a date (a score column is never made of them).
      if (dates?.get(i)?.includes(index)) p.dates++;
      if (parsed.percent) p.percent++;
      p.numeric++;
      if (Number.isInteger(v)) p.integer++;
      if (v < 0) p.negative++;
      if (v < p.min) p.min = v;
      if (v > p.max) p.max = v;
      continue;
    }
    if (typeof c === 'string') {
      textCount++;
      p.textLength += text.length;
      if (!Number.isNaN(parseDate(text))) p.dates++;
      if (RATING_WORDS.has(ratingKey(text))) p.ratings++;
    }
  }
  if (textCount) p.textLength /= textCount;
  if (p.min === Infinity) {
    p.min = NaN;
    p.max = NaN;
  }
  return p;
}

/** Share of non-empty, non-missing values that are numbers. */
export function numericShare(p: ColumnProfile): number {
  const present = p.nonEmpty - p.missingWords - p.errors;
  return present > 0 ? p.numeric / present : 0;
}

/** Distinct values over non-empty values (1 = all different). */
export function uniqueness(p: ColumnProfile): number {
  const present = p.nonEmpty - p.missingWords - p.errors;
  return present > 0 ? p.distinct.size / present : 0;
}
