/**
 * XML written straight into UTF-8 bytes, for the sheets of hundreds of thousands of rows we write
 * ourselves (plan-sheet.ts). Made as strings, a sheet's cells were many small strings joined and
 * then encoded: most of a workbook run's garbage and a tenth of its time. Here ASCII text (tags,
 * cell references, numbers, most formulas) is copied byte by byte into a buffer, integers are
 * written as digits without a string, and only text beyond ASCII goes through TextEncoder.
 * No Node: the pane's worker uses it too.
 */
import { xmlText } from './text';

const encoder = new TextEncoder();

/** Characters XML 1.0 forbids (text.ts drops them), and the markup xmlText escapes. */
const DROP = 1;
const ESCAPE = 2;
const ASCII_KIND = new Uint8Array(128);
for (let c = 0; c < 32; c++) if (c !== 9 && c !== 10 && c !== 13) ASCII_KIND[c] = DROP;
for (const c of '&<>"') ASCII_KIND[c.charCodeAt(0)] = ESCAPE;
/** ASCII text as its bytes (tags and the like, made once and copied with `put`). */
export const asciiBytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** The entity of each escaped ASCII character, as bytes (an array, not an object: read per character). */
const ENTITY: Uint8Array[] = [];
for (const [c, e] of [
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['"', '&quot;'],
])
  ENTITY[c.charCodeAt(0)] = asciiBytes(e);

/** 10^k for k = 0…9 (a 32-bit integer has at most 10 digits): digits counted by comparisons. */
export const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** The digits of a non-negative 32-bit integer, counted by comparisons, not divisions. */
export function digitCount(k: number): number {
  let digits = 1;
  while (digits < 10 && k >= POWERS_OF_TEN[digits]) digits++;
  return digits;
}

/**
 * From this many bytes an array is copied by `set` (a call costing as much as ~16 bytes copied
 * one by one; 64 bytes one by one cost six times a `set`, measured on Node 20).
 */
const SET_FROM = 16;

/** `bytes` copied into `buf` at `at`; where they end. */
function copyInto(buf: Uint8Array, at: number, bytes: Uint8Array): number {
  const n = bytes.length;
  if (n >= SET_FROM) buf.set(bytes, at);
  else for (let i = 0; i < n; i++) buf[at + i] = bytes[i];
  return at + n;
}

export class XmlBytes {
  private buf: Uint8Array;
  /** Bytes written into `buf`. */
  at = 0;
  /** Where the last markedNumber's digits are in `buf`, and how many. */
  private mark = 0;
  private markLength = 0;

  constructor(private readonly size: number) {
    this.buf = new Uint8Array(size);
  }

  /** Room for `n` more bytes. */
  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(2 * this.buf.length, this.at + n));
    grown.set(this.buf.subarray(0, this.at));
    this.buf = grown;
  }

  /** Text known to be ASCII with nothing to escape (tags, attribute names, cell references). */
  ascii(s: string): void {
    this.room(s.length);
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
    this.at = at;
  }

  /** Bytes made once (asciiBytes): copied from an array, not read from a string each time. */
  put(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.at = copyInto(this.buf, this.at, bytes);
  }

  /** A number as JavaScript writes it (`${n}`), integers without making a string. */
  number(n: number): void {
    if (!Number.isInteger(n) || n > 0x7fffffff || n < -0x7fffffff) {
      this.ascii(String(n));
      return;
    }
    this.room(11);
    const buf = this.buf;
    // A 32-bit integer from here on, so `%` and `/` are integer operations (on a double, `%` is
    // a call to fmod: a fifth of the writer's time once).
    let k = n | 0;
    if (k < 0) {
      buf[this.at++] = 45; // '-'
      k = -k;
    }
    // Counted by comparisons, not divisions: cell references past row 100,000 are most of a big
    // sheet's numbers.
    let at = this.at + digitCount(k);
    this.at = at;
    do {
      buf[--at] = 48 + (k % 10);
      k = (k / 10) | 0;
    } while (k > 0);
  }

  /** A number (as `number` writes it) whose digits are written again by markedAgain. */
  markedNumber(n: number): void {
    this.mark = this.at;
    this.number(n);
    this.markLength = this.at - this.mark;
  }

  /** The last markedNumber's digits again (since the last take): a row's number in a cell's reference. */
  markedAgain(): void {
    this.again(this.mark, this.markLength);
  }

  /**
   * `pieces` with the last markedNumber's digits between each two (a RowFormula at its own row:
   * its pattern's pieces around the row's number), in one call: room made once, no digit worked
   * out again.
   */
  aroundMarked(pieces: readonly Uint8Array[]): void {
    const mark = this.mark;
    const digits = this.markLength;
    let n = digits * (pieces.length - 1);
    for (let k = 0; k < pieces.length; k++) n += pieces[k].length;
    this.room(n);
    const buf = this.buf;
    let at = this.at;
    for (let k = 0; k < pieces.length; k++) {
      if (k > 0) for (let i = mark; i < mark + digits; i++) buf[at++] = buf[i];
      at = copyInto(buf, at, pieces[k]);
    }
    this.at = at;
  }

  /**
   * The `n` bytes written at `from` (since the last take), again: a row's number in each of its
   * cells' references, copied instead of worked out digit by digit for every cell.
   */
  again(from: number, n: number): void {
    this.room(n);
    const buf = this.buf;
    let at = this.at;
    for (let i = from; i < from + n; i++) buf[at++] = buf[i];
    this.at = at;
  }

  /**
   * Text as xmlText gives it (markup escaped, characters XML forbids dropped), in UTF-8; from
   * `from` on when given.
   */
  text(s: string, from = 0): void {
    this.room(6 * s.length); // "&quot;": the most an ASCII character becomes
    const buf = this.buf;
    let at = this.at;
    for (let i = from; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128) {
        // Beyond ASCII: the rest through xmlText and TextEncoder (up to 3 bytes a UTF-16 unit).
        this.at = at;
        const rest = xmlText(s.slice(i));
        this.room(3 * rest.length);
        this.at += encoder.encodeInto(rest, this.buf.subarray(this.at)).written;
        return;
      }
      const kind = ASCII_KIND[c];
      if (kind === 0) buf[at++] = c;
      else if (kind === ESCAPE) {
        const entity = ENTITY[c];
        for (let k = 0; k < entity.length; k++) buf[at++] = entity[k];
      }
    }
    this.at = at;
  }

  /** The bytes written so far (a new buffer is started for what comes next). */
  take(): Uint8Array {
    const out = this.buf.subarray(0, this.at);
    this.buf = new Uint8Array(this.size);
    this.at = 0;
    return out;
  }
}

/** Text as XmlBytes.text writes it, as bytes of its own (pieces made once and copied with `put`). */
export function textBytes(s: string): Uint8Array {
  const out = new XmlBytes(6 * s.length);
  out.text(s);
  return out.take().slice();
}
