/**
 * A zip read from its file without holding it: the central directory is read from the end of
 * the file, and each entry is inflated as a stream of its own. This lets the streaming .xlsx
 * reader take a workbook's parts in the order it needs them (workbook, styles, shared strings,
 * then each sheet as often as it likes) with memory bounded by what it keeps, not by the file.
 */
import { createReadStream, promises as fs } from 'node:fs';
import { createInflateRaw } from 'node:zlib';
import { InputFileError } from './errors';
import {
  findEndOfDirectory,
  LOCAL_SIG,
  readCentralDirectory,
  zip64Record,
  type ZipEntryInfo,
} from './zip';

/** Raised when an entry inflates to more than its directory says (a zip bomb that lies). */
export class EntryTooLargeError extends Error {
  constructor(readonly entry: string) {
    super(`the part ${entry} expands to more than its directory says`);
    this.name = 'EntryTooLargeError';
  }
}

export interface ZipFile {
  readonly path: string;
  readonly size: number;
  readonly entries: ZipEntryInfo[];
  /** The entry of that name (a leading "/" ignored, as exceljs does), or undefined. */
  entry(name: string): ZipEntryInfo | undefined;
  /**
   * The entry's uncompressed bytes in chunks. Inflating stops with EntryTooLargeError past the
   * size the directory gives; breaking out of the loop closes the file stream.
   */
  chunks(entry: ZipEntryInfo, options?: { highWaterMark?: number }): AsyncIterable<Buffer>;
  close(): Promise<void>;
}

function broken(label: string): InputFileError {
  return new InputFileError(
    'BROKEN_ZIP',
    `${label} is not a readable .xlsx workbook (its zip directory is missing or damaged). Open it in Excel and save it again as .xlsx.`,
  );
}

async function readAt(fh: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === length ? buf : buf.subarray(0, got);
}

/**
 * Open a zip file and read its central directory (zip64 included). Sizes stored as 0xFFFFFFFF
 * without a zip64 record are Infinity, as `readZipDirectory` reports them.
 */
export async function openZipFile(file: string, label = file): Promise<ZipFile> {
  const fh = await fs.open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const tailLen = Math.min(size, 22 + 0xffff + 20);
    const tailStart = size - tailLen;
    const tail = await readAt(fh, tailStart, tailLen);
    const end = findEndOfDirectory(tail);
    if (!end) throw broken(label);
    let { count, cdSize, cdOffset } = end;
    if (end.zip64At !== null) {
      const z64 = end.zip64At;
      if (z64 + 56 > size) throw broken(label);
      const rec = await readAt(fh, z64, 56);
      if (rec.length < 56) throw broken(label);
      ({ count, cdSize, cdOffset } = zip64Record(rec));
    }
    if (cdOffset + cdSize > size) throw broken(label);
    const cd = await readAt(fh, cdOffset, cdSize);
    const entries = readCentralDirectory(cd, 0, count, () => broken(label));
    const byName = new Map<string, ZipEntryInfo>();
    for (const e of entries) byName.set(e.name.replace(/^\//, ''), e);
    return {
      path: file,
      size,
      entries,
      entry: (name) => byName.get(name.replace(/^\//, '')),
      chunks: (e, options) => entryChunks(fh, file, e, options?.highWaterMark ?? 1 << 16),
      close: () => fh.close(),
    };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

async function* entryChunks(
  fh: fs.FileHandle,
  file: string,
  e: ZipEntryInfo,
  highWaterMark: number,
): AsyncGenerator<Buffer> {
  const damaged = () =>
    new InputFileError(
      'BROKEN_ZIP',
      `${file}: the part ${e.name} is damaged. Open the file in Excel and save it again as .xlsx.`,
    );
  if (!Number.isFinite(e.localHeaderOffset) || !Number.isFinite(e.compressedSize)) throw damaged();
  const local = await readAt(fh, e.localHeaderOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_SIG) throw damaged();
  const start = e.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (e.compressedSize === 0) return;
  const raw = createReadStream(file, {
    start,
    end: start + e.compressedSize - 1,
    highWaterMark,
  });
  if (e.method === 0) {
    try {
      for await (const chunk of raw) yield chunk as Buffer;
    } finally {
      raw.destroy();
    }
    return;
  }
  if (e.method !== 8) throw damaged();
  const inflater = createInflateRaw({ chunkSize: highWaterMark });
  raw.on('error', (err) => inflater.destroy(err));
  raw.pipe(inflater);
  let total = 0;
  try {
    for await (const chunk of inflater) {
      total += (chunk as Buffer).length;
      if (total > e.uncompressedSize) throw new EntryTooLargeError(e.name);
      yield chunk as Buffer;
    }
  } catch (err) {
    if (err instanceof EntryTooLargeError || err instanceof InputFileError) throw err;
    throw damaged();
  } finally {
    raw.unpipe(inflater);
    raw.destroy();
    inflater.destroy();
  }
}
