import { fitted } from './scores';

/**
 * IdStore: the ID of each record, as characters in one typed array with an end offset per
 * record, instead of a million strings. A million IDs such as "S0012345" take ~12 MB here
 * (8 bytes of text and a 4-byte offset each) against ~35 MB as strings in an array, and the
 * strings the CSV parser made die young instead of being kept (and copied) by the garbage
 * collector. IDs are text in any script: characters are held one byte each while every
 * character seen fits in one (Latin-1), two bytes each from the first one that does not.
 */
export class IdStore {
  private chars: Uint8Array | Uint16Array;
  private ends: Int32Array;
  private used = 0;
  private count = 0;

  /**
   * @param expected how many IDs are expected (sizes the arrays once; they grow past that)
   * @param expectedLength characters an ID is expected to have, on average
   */
  constructor(expected = 0, expectedLength = 8) {
    this.ends = new Int32Array(Math.max(16, expected));
    this.chars = new Uint8Array(Math.max(64, Math.ceil(expected * expectedLength)));
  }

  /** How many IDs it holds. */
  get length(): number {
    return this.count;
  }

  /** Append `id` as the next record's ID. */
  push(id: string): void {
    const n = id.length;
    if (this.count === this.ends.length) {
      const e = new Int32Array(this.ends.length * 2);
      e.set(this.ends);
      this.ends = e;
    }
    let chars = this.chars;
    if (this.used + n > chars.length) {
      chars = this.widened(chars, Math.max(chars.length * 2, this.used + n), false, this.used);
    }
    let at = this.used;
    for (let i = 0; i < n; i++) {
      const c = id.charCodeAt(i);
      if (c > 255 && chars instanceof Uint8Array)
        chars = this.widened(chars, chars.length, true, at);
      chars[at++] = c;
    }
    this.used = at;
    this.ends[this.count++] = at;
  }

  /** True when record r's ID is `id`. */
  equals(r: number, id: string): boolean {
    const start = r === 0 ? 0 : this.ends[r - 1];
    const end = this.ends[r];
    if (end - start !== id.length) return false;
    const chars = this.chars;
    for (let i = start, j = 0; i < end; i++, j++) if (chars[i] !== id.charCodeAt(j)) return false;
    return true;
  }

  /** Record r's ID. */
  at(r: number): string {
    if (r < 0 || r >= this.count) throw new RangeError(`IdStore.at: no record ${r}`);
    const start = r === 0 ? 0 : this.ends[r - 1];
    const end = this.ends[r];
    // Short IDs (the usual kind) in one call; long ones in pieces (argument count limits).
    if (end - start <= 1024)
      return String.fromCharCode.apply(null, this.chars.subarray(start, end) as never);
    let s = '';
    for (let i = start; i < end; i += 1024)
      s += String.fromCharCode.apply(
        null,
        this.chars.subarray(i, Math.min(end, i + 1024)) as never,
      );
    return s;
  }

  /** Every ID in record order, as strings. */
  toArray(): string[] {
    const out = new Array<string>(this.count);
    for (let r = 0; r < this.count; r++) out[r] = this.at(r);
    return out;
  }

  /** Give back spare room once every ID is in (a view when little is spare, else a copy). */
  trim(): void {
    this.chars = fitted(this.chars, this.used);
    this.ends = fitted(this.ends, this.count);
  }

  /** The first `keep` characters moved to a new array of `size` (two bytes each when `wide`). */
  private widened(
    from: Uint8Array | Uint16Array,
    size: number,
    wide: boolean,
    keep: number,
  ): Uint8Array | Uint16Array {
    const to = wide || from instanceof Uint16Array ? new Uint16Array(size) : new Uint8Array(size);
    to.set(from.subarray(0, keep));
    this.chars = to;
    return to;
  }
}
