/**
 * One side (pre or post) of a measure being read: scores in a Float64Array (NaN = missing or
 * excluded) with a status per record, so every excluded value is reported exactly once.
 */
import { DEFAULTS } from '../options';
import type { DataQualityIssue } from '../report';
import type { CellValue } from '../types';
import { makeIssue } from '../quality/issues';
import {
  classifyNonNumber,
  displayText,
  numberFlags,
  parseDate,
  parseNumber,
  type NumberFlags,
} from './values';
import { ratingKey } from './scale';

export const UNSET = 0;
export const OK = 1;
export const MISSING = 2;
export const EXCLUDED = 3;

export class ScoreSide {
  /**
   * Scores: 32-bit floats while every score read is exactly one (whole numbers, halves, …: most
   * score columns, half the memory), 64-bit from the first score that is not (copied once).
   */
  values: Float32Array | Float64Array;
  /** `values` is a Float64Array. */
  private wide: boolean;
  status: Uint8Array;
  /** Excel row of each record's cell (long layouts: its own row). */
  rowOf: Int32Array;
  percentRecords: number[] = [];
  decimalCommas = 0;
  firstDecimalCommaRow = 0;
  plainCount = 0;
  plainMax = -Infinity;
  plainMin = Infinity;
  /** Streaming: the column's decimal-comma decision in progress (the sheet reader's). */
  decider: { decided: boolean } | null = null;
  /** What parsing the last cell read found (its percent, decimal comma, digits-only). */
  readonly parsed: NumberFlags = numberFlags();

  constructor(
    readonly header: string,
    readonly index: number,
    readonly excelColumn: number,
    capacity: number,
    readonly decimalComma: boolean,
    readonly scale: Map<string, number> | null,
    /** false: 64-bit from the start (PD hours, whose Dataset field is a Float64Array). */
    narrow = true,
  ) {
    this.wide = !narrow;
    this.values = (narrow ? new Float32Array(capacity) : new Float64Array(capacity)).fill(NaN);
    this.status = new Uint8Array(capacity);
    this.rowOf = new Int32Array(capacity);
  }

  /**
   * @param sharedRows the reader's Excel row per record, when every cell of a record is on its
   * record's row (wide layouts): used as `rowOf` instead of a copy of its own
   */
  grow(capacity: number, sharedRows?: Int32Array): void {
    const v = (this.wide ? new Float64Array(capacity) : new Float32Array(capacity)).fill(NaN);
    v.set(this.values);
    this.values = v;
    const s = new Uint8Array(capacity);
    s.set(this.status);
    this.status = s;
    if (sharedRows) {
      this.rowOf = sharedRows;
      return;
    }
    const r = new Int32Array(capacity);
    r.set(this.rowOf);
    this.rowOf = r;
  }

  /** Read record r's cell; issues go to `issues`. */
  read(
    r: number,
    cell: CellValue,
    excelRow: number,
    sheet: string,
    issues: DataQualityIssue[],
  ): void {
    this.rowOf[r] = excelRow;
    let v: number;
    if (typeof cell === 'number' && Number.isFinite(cell)) v = cell;
    else {
      v = parseNumber(cell, this.decimalComma, false, this.parsed);
      if (Number.isNaN(v)) {
        this.nonNumber(r, cell, excelRow, sheet, issues);
        return;
      }
      if (this.parsed.percent) this.percentRecords.push(r);
      else if (this.parsed.decimalComma && this.decimalCommas++ === 0)
        this.firstDecimalCommaRow = excelRow;
    }
    if (!(Math.abs(v) <= DEFAULTS.maxScore)) {
      this.beyondAnyScale(r, cell, excelRow, sheet, issues);
      return;
    }
    if (typeof cell === 'number' || !this.parsed.percent) {
      this.plainCount++;
      if (v > this.plainMax) this.plainMax = v;
      if (v < this.plainMin) this.plainMin = v;
    }
    this.put(r, v);
    this.status[r] = OK;
  }

  /**
   * Record r's cell is a date (a number the sheet shows as a date, or date text such as
   * "2024-09-15"): a date, not a score, whatever the measure's maximum; excluded.
   */
  dateCell(
    r: number,
    cell: CellValue,
    excelRow: number,
    sheet: string,
    issues: DataQualityIssue[],
  ): void {
    this.rowOf[r] = excelRow;
    this.values[r] = NaN;
    this.status[r] = EXCLUDED;
    const text = displayText(cell);
    const shown = typeof cell === 'number' ? `${isoDate(cell)} (Excel date ${text})` : `"${text}"`;
    issues.push(
      makeIssue(
        'DATE_NOT_SCORE',
        sheet,
        excelRow,
        this.header,
        text,
        `${shown} in "${this.header}" is a date, not a score; excluded.`,
        this.excelColumn,
      ),
    );
  }

  /** Record r's score is v: the scores go to 64 bits first if a 32-bit float would round v. */
  put(r: number, v: number): void {
    if (!this.wide && Math.fround(v) !== v && v === v) {
      this.values = Float64Array.from(this.values);
      this.wide = true;
    }
    this.values[r] = v;
  }

  /**
   * A score beyond any school scale (over DEFAULTS.maxScore in size, or beyond a double): an
   * out-of-range issue, never a figure (1e200 squared overflows every statistic).
   */
  private beyondAnyScale(
    r: number,
    cell: CellValue,
    excelRow: number,
    sheet: string,
    issues: DataQualityIssue[],
  ): void {
    this.values[r] = NaN;
    this.status[r] = EXCLUDED;
    const text = typeof cell === 'number' ? String(cell) : String(cell).trim().slice(0, 40);
    issues.push(
      makeIssue(
        'OUT_OF_RANGE',
        sheet,
        excelRow,
        this.header,
        text,
        `Score ${text} is beyond any score scale (more than ${DEFAULTS.maxScore.toLocaleString('en-US')} in size); excluded.`,
        this.excelColumn,
      ),
    );
  }

  private nonNumber(
    r: number,
    cell: CellValue,
    excelRow: number,
    sheet: string,
    issues: DataQualityIssue[],
  ): void {
    const kind = classifyNonNumber(cell);
    this.values[r] = NaN;
    if (this.scale && typeof cell === 'string' && kind !== 'blank') {
      const s = this.scale.get(ratingKey(cell));
      if (s !== undefined) {
        this.put(r, s);
        this.status[r] = OK;
        return;
      }
    }
    if (kind === 'blank' || kind === 'missing') {
      this.status[r] = MISSING;
      return;
    }
    this.status[r] = EXCLUDED;
    const text = displayText(cell);
    if (kind === 'error') {
      issues.push(
        makeIssue(
          'EXCEL_ERROR',
          sheet,
          excelRow,
          this.header,
          text,
          `Excel error ${text} in "${this.header}": read as missing.`,
          this.excelColumn,
        ),
      );
    } else if (kind === 'text' && !this.scale && !Number.isNaN(parseDate(text))) {
      this.dateCell(r, cell, excelRow, sheet, issues);
    } else if (this.scale) {
      issues.push(
        makeIssue(
          'UNKNOWN_RATING',
          sheet,
          excelRow,
          this.header,
          text,
          `Rating "${text}" is not in the scale (${[...this.scale.keys()].join(', ')}); excluded. Add it to "scale" to use it.`,
          this.excelColumn,
        ),
      );
    } else {
      issues.push(
        makeIssue(
          'NOT_A_NUMBER',
          sheet,
          excelRow,
          this.header,
          text,
          `"${text}" in "${this.header}" is not a number; excluded.`,
          this.excelColumn,
        ),
      );
    }
  }

  /**
   * After the pass: settle percent cells (0–100 points, or a fraction when the column's other
   * numbers are proportions or the maximum is 1), report decimal commas, and exclude scores
   * outside 0..max (or, with no max, a few stray negatives among non-negative scores).
   */
  finish(
    size: number,
    max: number | null,
    sheet: string,
    cellText: (r: number) => string,
    issues: DataQualityIssue[],
  ): void {
    const pc = this.percentRecords;
    if (pc.length) {
      const fraction =
        max === 1 || (this.plainCount > 0 && this.plainMin >= 0 && this.plainMax <= 1);
      if (fraction) for (const r of pc) this.put(r, this.values[r] / 100);
      const r0 = pc[0];
      issues.push(
        makeIssue(
          'PERCENT_TEXT',
          sheet,
          this.rowOf[r0],
          this.header,
          cellText(r0),
          `${pc.length} cell${pc.length === 1 ? '' : 's'} in "${this.header}" written as percent (first on row ${this.rowOf[r0]}) read as ${fraction ? 'a fraction ("85%" → 0.85) because the other scores are proportions (0–1)' : 'points out of 100 ("85%" → 85)'}.`,
          this.excelColumn,
        ),
      );
    }
    if (this.decimalCommas) {
      issues.push(
        makeIssue(
          'DECIMAL_COMMA',
          sheet,
          this.firstDecimalCommaRow,
          this.header,
          null,
          `${this.decimalCommas} number${this.decimalCommas === 1 ? '' : 's'} in "${this.header}" written with a decimal comma ("3,5" → 3.5; first on row ${this.firstDecimalCommaRow}).`,
          this.excelColumn,
        ),
      );
    }
    let negatives = 0;
    let present = 0;
    for (let r = 0; r < size; r++) {
      if (this.status[r] !== OK) continue;
      present++;
      if (this.values[r] < 0) negatives++;
    }
    // With no max, negatives are standardised scores unless they are rare strays (< 5%).
    const strayNegatives = max === null && negatives > 0 && negatives < 0.05 * present;
    for (let r = 0; r < size; r++) {
      if (this.status[r] !== OK) continue;
      const v = this.values[r];
      if (v < 0 && (max !== null || strayNegatives)) {
        this.exclude(r);
        issues.push(
          makeIssue(
            'NEGATIVE_SCORE',
            sheet,
            this.rowOf[r],
            this.header,
            cellText(r),
            max !== null
              ? `Score ${cellText(r)} is below 0 on a 0–${max} scale; excluded.`
              : `Score ${cellText(r)} is negative while ${present - negatives} of ${present} scores in "${this.header}" are not; excluded.`,
            this.excelColumn,
          ),
        );
      } else if (max !== null && v > max) {
        this.exclude(r);
        issues.push(
          makeIssue(
            'OUT_OF_RANGE',
            sheet,
            this.rowOf[r],
            this.header,
            cellText(r),
            `Score ${cellText(r)} is above the maximum ${max}; excluded.`,
            this.excelColumn,
          ),
        );
      }
    }
  }

  private exclude(r: number): void {
    this.values[r] = NaN;
    this.status[r] = EXCLUDED;
  }
}

/**
 * An array cut to `size`: a view when the spare room is small (no copy of a million-row column
 * at the end of a read), a copy when it is large (so the spare room is not kept alive).
 */
export function fitted<
  T extends Float64Array | Float32Array | Int32Array | Int16Array | Uint16Array | Uint8Array,
>(a: T, size: number): T {
  if (a.length === size) return a;
  return (a.length <= size + (size >> 3) + 1024 ? a.subarray(0, size) : a.slice(0, size)) as T;
}

/** An Excel serial (1900 system) as its date, "2024-09-15". */
function isoDate(serial: number): string {
  const ms = Math.round((Math.floor(serial) - 25569) * 86400000);
  return new Date(ms).toISOString().slice(0, 10);
}
