/**
 * A minimal zip reader and writer (deflate only) on Node's zlib.
 *
 * Why our own: the safety check must read only the central directory before any library
 * inflates the file (a zip bomb must be refused with bounded memory), and the .xlsx writer
 * adds parts that exceljs cannot write (tables, charts, internal hyperlinks) to its output.
 */
import type { PositionalFile } from './atomic-write';
import {
  type ZlibOptions,
  crc32,
  deflateRawSync,
  inflateRawSync,
  createInflateRaw,
  createDeflateRaw,
} from 'node:zlib';
import { InputFileError } from './errors';

export interface ZipEntryInfo {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  crc32: number;
}

const EOCD_SIG = 0x06054b50;
const CD_SIG = 0x02014b50;
export const LOCAL_SIG = 0x04034b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const MAX_U32 = 0xffffffff;

/** True when the bytes start with the zip local-file signature "PK\x03\x04". */
export function hasZipSignature(head: Uint8Array): boolean {
  return (
    head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04
  );
}

/**
 * Read the central directory of a zip held in a buffer. Sizes stored as 0xFFFFFFFF (zip64) are
 * reported as Infinity: the caller's limits then refuse them, which is what we want for a file
 * that claims more than 4 GB.
 */
export function readZipDirectory(buf: Buffer, fileLabel = 'the file'): ZipEntryInfo[] {
  const broken = () =>
    new InputFileError(
      'BROKEN_ZIP',
      `${fileLabel} is not a readable .xlsx workbook (its zip directory is missing or damaged). Open it in Excel and save it again as .xlsx.`,
    );
  const end = findEndOfDirectory(buf, Math.max(0, buf.length - 22 - 0xffff));
  if (!end) throw broken();
  let { count, cdSize, cdOffset } = end;
  if (end.zip64At !== null) {
    const z64 = end.zip64At;
    if (z64 + 56 > buf.length) throw broken();
    ({ count, cdSize, cdOffset } = zip64Record(buf.subarray(z64, z64 + 56)));
  }
  if (cdOffset + cdSize > buf.length) throw broken();
  return readCentralDirectory(buf, cdOffset, count, broken);
}

/** Where a zip's end-of-central-directory record says its directory is (zip64 not yet applied). */
export interface EndOfDirectory {
  count: number;
  cdSize: number;
  cdOffset: number;
  /** Offset in the file of the zip64 end record to read instead, when the record needs one. */
  zip64At: number | null;
}

/**
 * Find the end-of-central-directory record in the last bytes of a zip (searching back from the
 * end, not before `minStart`). Null when there is none.
 */
export function findEndOfDirectory(tail: Buffer, minStart = 0): EndOfDirectory | null {
  let eocd = -1;
  for (let i = tail.length - 22; i >= minStart; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  const zip64 =
    (count === 0xffff || cdSize === MAX_U32 || cdOffset === MAX_U32) &&
    eocd >= 20 &&
    tail.readUInt32LE(eocd - 20) === ZIP64_LOCATOR_SIG;
  return {
    count,
    cdSize,
    cdOffset,
    zip64At: zip64 ? Number(tail.readBigUInt64LE(eocd - 20 + 8)) : null,
  };
}

/** Entry count, size and offset of the central directory from a zip64 end record (56 bytes). */
export function zip64Record(rec: Buffer): { count: number; cdSize: number; cdOffset: number } {
  return {
    count: Number(rec.readBigUInt64LE(32)),
    cdSize: Number(rec.readBigUInt64LE(40)),
    cdOffset: Number(rec.readBigUInt64LE(48)),
  };
}

/**
 * The `count` entries of a central directory starting at `start` in `buf`. Sizes stored as
 * 0xFFFFFFFF are Infinity (see readZipDirectory); `broken` makes the error for a damaged one.
 */
export function readCentralDirectory(
  buf: Buffer,
  start: number,
  count: number,
  broken: () => Error,
): ZipEntryInfo[] {
  const entries: ZipEntryInfo[] = [];
  let p = start;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CD_SIG) throw broken();
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressed = buf.readUInt32LE(p + 20);
    const uncompressed = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    entries.push({
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      method,
      compressedSize: compressed === MAX_U32 ? Infinity : compressed,
      uncompressedSize: uncompressed === MAX_U32 ? Infinity : uncompressed,
      localHeaderOffset: offset === MAX_U32 ? Infinity : offset,
      crc32: crc,
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Start of an entry's compressed data, after its local header. */
function dataStart(buf: Buffer, e: ZipEntryInfo): number {
  const o = e.localHeaderOffset;
  if (!Number.isFinite(o) || o + 30 > buf.length || buf.readUInt32LE(o) !== LOCAL_SIG) {
    throw new InputFileError(
      'BROKEN_ZIP',
      `The zip entry ${e.name} is damaged. Open the file in Excel and save it again as .xlsx.`,
    );
  }
  return o + 30 + buf.readUInt16LE(o + 26) + buf.readUInt16LE(o + 28);
}

/** The compressed bytes of one entry (a view, no copy). */
export function entryData(buf: Buffer, e: ZipEntryInfo): Buffer {
  const start = dataStart(buf, e);
  return buf.subarray(start, start + e.compressedSize);
}

/**
 * Inflate an entry while counting, discarding the output, and fail as soon as it yields more
 * than `limit` bytes. Memory stays at zlib's window whatever the entry claims: this catches a
 * zip whose directory lies about its sizes.
 */
export function countInflated(data: Buffer, limit: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflater = createInflateRaw();
    let total = 0;
    let done = false;
    inflater.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit && !done) {
        done = true;
        inflater.destroy();
        resolve(total);
      }
    });
    inflater.on('end', () => {
      if (!done) {
        done = true;
        resolve(total);
      }
    });
    inflater.on('error', (err) => {
      if (!done) {
        done = true;
        reject(err);
      }
    });
    inflater.end(data);
  });
}

/**
 * An entry to write: its uncompressed bytes, or (for an entry copied from another zip
 * unchanged) its already compressed bytes, so a big sheet is not inflated and deflated again.
 */
export type ZipEntry = Buffer | { method: number; compressed: Buffer; crc32: number; size: number };

/** The entries of a zip we trust (our own output), each kept compressed until `inflateEntry`. */
export function readZipRaw(buf: Buffer): Map<string, ZipEntry> {
  const out = new Map<string, ZipEntry>();
  for (const e of readZipDirectory(buf)) {
    out.set(e.name, {
      method: e.method,
      compressed: entryData(buf, e),
      crc32: e.crc32,
      size: e.uncompressedSize,
    });
  }
  return out;
}

/** The uncompressed bytes of an entry. */
export function inflateEntry(entry: ZipEntry): Buffer {
  if (Buffer.isBuffer(entry)) return entry;
  return entry.method === 0 ? Buffer.from(entry.compressed) : inflateRawSync(entry.compressed);
}

/** Read every entry of a zip we trust (our own output): name → uncompressed bytes. */
export function readZipEntries(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [name, entry] of readZipRaw(buf)) out.set(name, inflateEntry(entry));
  return out;
}

/** Write a zip from name → entry, in the given order; new data is deflated. */
export function writeZip(entries: Map<string, ZipEntry>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, entry] of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const fresh = Buffer.isBuffer(entry);
    const method = fresh ? 8 : entry.method;
    const compressed = fresh ? deflateRawSync(entry) : entry.compressed;
    const crc = fresh ? crc32(entry) >>> 0 : entry.crc32;
    const size = fresh ? entry.length : entry.size;
    const entryHead = { nameBuf, method, crc, csize: compressed.length, size };
    locals.push(localHeader(entryHead), nameBuf, compressed);
    central.push(centralRecord(entryHead, offset), nameBuf);
    offset += 30 + nameBuf.length + compressed.length;
  }
  const cdBuf = Buffer.concat(central);
  return Buffer.concat([...locals, cdBuf, endOfDirectory(entries.size, cdBuf.length, offset)]);
}

/** What an entry's headers say of it: its name, method, CRC-32, compressed and plain sizes. */
interface EntryHead {
  nameBuf: Buffer;
  method: number;
  crc: number;
  csize: number;
  size: number;
}

/** An entry's local header (UTF-8 name, dated 1980-01-01); the name follows it. */
function localHeader(e: EntryHead): Buffer {
  const local = Buffer.alloc(30);
  local.writeUInt32LE(LOCAL_SIG, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(0x0800, 6); // UTF-8 names
  local.writeUInt16LE(e.method, 8);
  local.writeUInt16LE(0, 10);
  local.writeUInt16LE(0x21, 12); // 1980-01-01
  local.writeUInt32LE(e.crc, 14);
  local.writeUInt32LE(e.csize, 18);
  local.writeUInt32LE(e.size, 22);
  local.writeUInt16LE(e.nameBuf.length, 26);
  local.writeUInt16LE(0, 28);
  return local;
}

/** An entry's central-directory record, its local header at `at`; the name follows it. */
function centralRecord(e: EntryHead, at: number): Buffer {
  const cd = Buffer.alloc(46);
  cd.writeUInt32LE(CD_SIG, 0);
  cd.writeUInt16LE(20, 4);
  cd.writeUInt16LE(20, 6);
  cd.writeUInt16LE(0x0800, 8);
  cd.writeUInt16LE(e.method, 10);
  cd.writeUInt16LE(0, 12);
  cd.writeUInt16LE(0x21, 14);
  cd.writeUInt32LE(e.crc, 16);
  cd.writeUInt32LE(e.csize, 20);
  cd.writeUInt32LE(e.size, 24);
  cd.writeUInt16LE(e.nameBuf.length, 28);
  cd.writeUInt32LE(at, 42);
  return cd;
}

/** The end-of-central-directory record: `count` entries, the directory's size and offset. */
function endOfDirectory(count: number, cdLength: number, cdOffset: number): Buffer {
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(EOCD_SIG, 0);
  eocd.writeUInt16LE(count, 8);
  eocd.writeUInt16LE(count, 10);
  eocd.writeUInt32LE(cdLength, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return eocd;
}

/**
 * A zip written to an open file entry by entry, never held whole: an entry's text is deflated
 * as it is produced (one kept deflate stream per entry) and written at once; its local header is
 * written first with sizes 0 and filled in when the entry ends. No zip64: an entry or a file over
 * 4 GB is refused with a message (an Excel workbook that size would not open anyway).
 */
export class ZipStreamWriter {
  private offset = 0;
  private readonly central: Buffer[] = [];
  private count = 0;

  constructor(
    private readonly file: PositionalFile,
    private readonly level = 6,
  ) {}

  private async put(buf: Buffer): Promise<void> {
    let done = 0;
    while (done < buf.length) {
      const { bytesWritten } = await this.file.write(buf, done, buf.length - done, this.offset);
      done += bytesWritten;
      this.offset += bytesWritten;
    }
  }

  private record(e: EntryHead, at: number) {
    const { size, csize } = e;
    if (size > MAX_U32 || csize > MAX_U32 || at > MAX_U32 || this.count >= 0xffff) {
      throw new InputFileError(
        'WORKBOOK_TOO_BIG',
        `The workbook would be too big for an .xlsx file (${this.count >= 0xffff ? 'over 65,535 parts' : `a part of ${Math.round(size / 2 ** 20)} MB, or over 4 GB in all`}). Write the JSON report instead (--json), or analyse the data in parts (per school).`,
      );
    }
    this.central.push(centralRecord(e, at), e.nameBuf);
    this.count++;
  }

  /** An entry from bytes (deflated here) or copied compressed from another zip. */
  async add(name: string, entry: ZipEntry): Promise<void> {
    const nameBuf = Buffer.from(name, 'utf8');
    const fresh = Buffer.isBuffer(entry);
    const method = fresh ? 8 : entry.method;
    const compressed = fresh ? deflateRawSync(entry, { level: this.level }) : entry.compressed;
    const crc = fresh ? crc32(entry) >>> 0 : entry.crc32;
    const size = fresh ? entry.length : entry.size;
    const at = this.offset;
    const head = { nameBuf, method, crc, csize: compressed.length, size };
    this.record(head, at);
    await this.put(localHeader(head));
    await this.put(nameBuf);
    await this.put(compressed);
  }

  /**
   * An entry whose text comes in pieces (strings or bytes, any size): each piece is deflated and
   * written as it comes, so the entry is never held whole.
   */
  async addStream(
    name: string,
    pieces: Iterable<string | Buffer> | AsyncIterable<string | Buffer>,
  ): Promise<void> {
    const nameBuf = Buffer.from(name, 'utf8');
    const at = this.offset;
    await this.put(localHeader({ nameBuf, method: 8, crc: 0, csize: 0, size: 0 }));
    await this.put(nameBuf);
    const start = this.offset;
    // Deflate runs on libuv's threads: with room for a few MB of input the next pieces are made
    // while the last ones are compressed (two cores: both busy), and the file is written in turn.
    // (zlib streams take the stream options too; Node's types list only zlib's own.)
    const deflate = createDeflateRaw({
      level: this.level,
      writableHighWaterMark: 4 << 20,
    } as ZlibOptions);
    let writing: Promise<void> = Promise.resolve();
    let queued = 0;
    let failed: unknown = null;
    deflate.on('data', (chunk: Buffer) => {
      queued += chunk.length;
      writing = writing.then(async () => {
        await this.put(chunk);
        queued -= chunk.length;
      });
      writing.catch((err: unknown) => (failed ??= err));
    });
    deflate.on('error', (err) => (failed ??= err));
    let crc = 0;
    let size = 0;
    for await (const piece of pieces) {
      const buf = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      if (!buf.length) continue;
      crc = crc32(buf, crc);
      size += buf.length;
      if (!deflate.write(buf)) await new Promise((resolve) => deflate.once('drain', resolve));
      if (queued > 8 << 20) await writing;
      if (failed) throw failed;
    }
    await new Promise<void>((resolve, reject) => {
      deflate.once('end', resolve);
      deflate.once('error', reject);
      deflate.end();
    });
    await writing;
    if (failed) throw failed;
    const csize = this.offset - start;
    crc >>>= 0;
    const head = { nameBuf, method: 8, crc, csize, size };
    this.record(head, at);
    const header = localHeader(head);
    await this.file.write(header, 0, header.length, at);
  }

  /** Write the central directory; the zip is complete. */
  async finish(): Promise<void> {
    const cdBuf = Buffer.concat(this.central);
    const eocd = endOfDirectory(this.count, cdBuf.length, this.offset);
    await this.put(cdBuf);
    await this.put(eocd);
  }
}
