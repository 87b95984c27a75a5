import { IdStore } from './id-store';

/**
 * IdIndex: ID text → record index, for a million IDs without a Map. An open-addressing hash
 * table (double hashing) of (hash, record) pairs in one Int32Array over the reader's own list of
 * IDs (an IdStore, or an array of strings): each ID is held once (in that list), a slot costs 8
 * bytes, and a probe compares the stored hash before it touches an ID. A `Map<string, number>`
 * of a million new keys took several times the time and memory (measured with `npm run bench`).
 * The written workbook's shared strings are found through one too (SharedStrings).
 */
export class IdIndex {
  /** Slot k: table[2k] the ID's hash, table[2k + 1] its record + 1 (0: empty). */
  private table: Int32Array;
  private mask: number;
  private count = 0;

  /**
   * @param ids the ID of each record: `ids[r]` is record r's ID (the caller appends to it)
   * @param expected how many IDs are expected (sizes the table once; it grows past that)
   */
  constructor(
    private readonly ids: readonly string[] | IdStore,
    expected = 0,
  ) {
    let slots = 1024;
    while (slots < 2 * expected) slots *= 2;
    this.table = empty(slots);
    this.mask = slots - 1;
  }

  /** The record whose ID is `id`, or -1. */
  get(id: string): number {
    return this.table[2 * this.find(id, hash(id)) + 1] - 1;
  }

  /**
   * The record whose ID is `id`; when there is none, record `r` gets it and -1 is returned
   * (get then add, hashing once).
   */
  getOrAdd(id: string, r: number): number {
    if (2 * (this.count + 1) > this.mask + 1) this.rehash(2 * (this.mask + 1));
    const h = hash(id);
    const slot = this.find(id, h);
    const t = this.table;
    if (t[2 * slot + 1] !== 0) return t[2 * slot + 1] - 1;
    t[2 * slot] = h;
    t[2 * slot + 1] = r + 1;
    this.count++;
    return -1;
  }

  /** The slot holding `id` (hash h), or the empty slot where it would go. */
  private find(id: string, h: number): number {
    const t = this.table;
    const mask = this.mask;
    const step = stepOf(h, mask);
    let slot = h & mask;
    for (;;) {
      const r = t[2 * slot + 1] - 1;
      if (r < 0 || (t[2 * slot] === h && this.same(r, id))) return slot;
      slot = (slot + step) & mask;
    }
  }

  private same(r: number, id: string): boolean {
    const ids = this.ids;
    return ids instanceof IdStore ? ids.equals(r, id) : ids[r] === id;
  }

  /** Record `r` has ID `id` (not yet in the index). */
  add(id: string, r: number): void {
    if (2 * (this.count + 1) > this.mask + 1) this.rehash(2 * (this.mask + 1));
    this.put(hash(id), r);
    this.count++;
  }

  /** Drop the table (the reader is done). */
  clear(): void {
    this.table = empty(1024);
    this.mask = 1023;
    this.count = 0;
  }

  private put(h: number, r: number): void {
    const t = this.table;
    const mask = this.mask;
    let slot = h & mask;
    const step = stepOf(h, mask);
    while (t[2 * slot + 1] !== 0) slot = (slot + step) & mask;
    t[2 * slot] = h;
    t[2 * slot + 1] = r + 1;
  }

  private rehash(slots: number): void {
    const old = this.table;
    this.table = empty(slots);
    this.mask = slots - 1;
    for (let k = 1; k < old.length; k += 2) if (old[k] !== 0) this.put(old[k - 1], old[k] - 1);
  }
}

/** A table of `slots` empty slots (a zero record field is an empty slot: records are kept + 1). */
function empty(slots: number): Int32Array {
  return new Int32Array(2 * slots);
}

/**
 * How far a probe moves on from a taken slot: odd (so it reaches every slot of a power-of-two
 * table) and drawn from the whole hash (double hashing). Linear probing (a step of 1) let runs of
 * consecutive hashes merge into long clusters: IDs "A1"…"A500000" beside "B1"…"B500000" took
 * tens of thousands of probes each, a team column's "Team 1"…"Team 400" ~60 (measured).
 */
function stepOf(h: number, mask: number): number {
  return (Math.imul(h, 0x9e3779b1) | 1) & mask;
}

/**
 * A string hash that reads digits as a decimal number (h·10 + digit) and other characters
 * polynomially (h·31 + code), without a final mix. IDs that count up ("S0000001",
 * "S0000002", …, the usual export) get consecutive hashes, so they fill consecutive slots: the
 * table is walked in order (no cache miss per ID) and never probes past a taken slot. The
 * plain polynomial hash (31 for every character) folded the digit positions onto each other
 * modulo the table size: a million counting IDs averaged 28 probes each (measured), most of an
 * intake's ID time. Random and text IDs spread as well as with it (1.5 probes at half full).
 */
function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h = c >= 48 && c <= 57 ? (Math.imul(h, 10) + (c - 48)) | 0 : (Math.imul(h, 31) + c) | 0;
  }
  return h;
}
