import { RowFormula } from '../core/plans/types';
import { fingerprintCellText } from '../core/state';
import { POWERS_OF_TEN, digitCount } from './xlsx/write/xml-bytes';

/**
 * `fingerprintGrid` (core/state.ts) computed row by row: the same hash of the same text, without
 * making the text of a whole sheet (two million rows would be one string of hundreds of MB).
 * The text is the rows, each its cells joined by U+0001 (trailing empty cells dropped), joined by
 * U+0002, trailing empty rows dropped; an empty row is held back until a later row has content.
 */
/** A cell whose text (fingerprintCellText) is empty. */
const blank = (c: unknown) =>
  c === null ||
  c === undefined ||
  c === '' ||
  (typeof c === 'object' && fingerprintCellText(c) === '');

/** Hex digits of a digest: 8 of the first hash, 6 of the second's 21 bits. */
const H1_DIGITS = 8;
const H2_DIGITS = 6;

// The two hashes are kept as 32-bit signed integers (what Math.imul gives), so they stay small
// integers in V8; digest() reads them unsigned, as the hash was first written (`>>> 0`).
export class GridFingerprint {
  private h1 = 0x811c9dc5 | 0;
  private h2 = 0x01000193;
  /** Rows seen so far, and the index of the last row with content (-1: none yet). */
  rows = 0;
  private lastEmitted = -1;

  private feed(text: string): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  /**
   * A cell's text (fingerprintCellText): an integer's digits fed without making its string, a
   * RowFormula made from its pattern by its pieces and row number without reading its text (one
   * whose text was given is read as any formula: one string is quicker than its pieces).
   */
  private feedCell(c: unknown): void {
    // A string is its own text (fingerprintCellText), the commonest cell: looked at first.
    if (typeof c === 'string') this.feed(c);
    else if (typeof c === 'number' && Number.isInteger(c) && c > -2147483648 && c < 2147483648)
      this.feedInteger(c);
    else if (c instanceof RowFormula && !c.textGiven) {
      const pieces = c.pattern.pieces;
      this.feed(pieces[0]);
      for (let k = 1; k < pieces.length; k++) {
        this.feedInteger(c.row);
        this.feed(pieces[k]);
      }
    } else this.feed(fingerprintCellText(c));
  }

  /** A 32-bit integer's digits, as String(n) gives them. */
  private feedInteger(c: number): void {
    let h1 = this.h1;
    let h2 = this.h2;
    let n = c | 0;
    if (n < 0) {
      h1 = Math.imul(h1 ^ 45, 0x01000193); // "-"; -0 is "0", as String(-0)
      h2 = Math.imul(h2 ^ 45, 0x5bd1e995);
      n = -n;
    }
    // Digits from the most significant, by a power of ten and integer division.
    for (let d = digitCount(n) - 1; d >= 0; d--) {
      const p = POWERS_OF_TEN[d];
      const digit = (n / p) | 0;
      h1 = Math.imul(h1 ^ (48 + digit), 0x01000193);
      h2 = Math.imul(h2 ^ (48 + digit), 0x5bd1e995);
      n -= digit * p;
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  /** One character, by its code (a separator). */
  private feedCode(c: number): void {
    this.h1 = Math.imul(this.h1 ^ c, 0x01000193);
    this.h2 = Math.imul(this.h2 ^ c, 0x5bd1e995);
  }

  /**
   * The next row, as fingerprintGrid reads cells (a FormulaCell counts as its formula): its text
   * fed cell by cell, the same characters as the row's joined text without making that string.
   */
  add(row: readonly unknown[]): void {
    const i = this.rows++;
    let end = row.length;
    while (end > 0 && blank(row[end - 1])) end--;
    if (end === 0) return;
    // Separators before this row (one per row since the last row with content; none before row 0).
    const separators = this.lastEmitted < 0 ? i : i - this.lastEmitted;
    for (let s = 0; s < separators; s++) this.feedCode(2);
    for (let j = 0; j < end - 1; j++) {
      this.feedCell(row[j]);
      this.feedCode(1);
    }
    this.feedCell(row[end - 1]);
    this.lastEmitted = i;
  }

  digest(): string {
    return `${(this.h1 >>> 0).toString(16).padStart(H1_DIGITS, '0')}${(this.h2 & 0x1fffff).toString(16).padStart(H2_DIGITS, '0')}`;
  }
}

/**
 * A stand-in for the k-th digest not taken yet: as long as a digest and hex like one (a state
 * sheet written with it has the same bytes but for the digits put in later).
 */
export const digestStandIn = (k: number): string =>
  (k + 1).toString(16).padStart(H1_DIGITS + H2_DIGITS, '0');
