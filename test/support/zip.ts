/**
 * A minimal zip reader and writer for tests (deflate only, on Node's zlib): the code under test
 * reads and writes zips with yauzl/yazl (src/files/zip/zip.ts); this one crafts the zips no
 * library will write (a directory that lies about its sizes: zip bombs), writes small test
 * workbooks synchronously, and reads written workbooks back independently of those libraries.
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { InputFileError } from '../../src/files/errors';

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
