/**
 * Zip reading and writing on kept libraries: yauzl reads (the central directory first, then any
 * part as a stream of its own, in the order the caller wants) and yazl writes (each part deflated
 * by Node's zlib as its pieces come). Measured against fflate in docs/performance.md.
 *
 * What stays ours: the limits a zip bomb must pass (inspect.ts: total size, ratio, and each part
 * inflated into a counter that stops past what its directory says, `ZipFile.chunks`), and the
 * refusal of a workbook too big for an .xlsx (`ZipStreamWriter`).
 */
import { Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import * as yazl from 'yazl';
import type { PositionalFile } from '../atomic-write';
import { InputFileError } from '../errors';
import type { ZipSink } from './sink';

export interface ZipEntryInfo {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
}

/** Raised when an entry inflates to more than its directory says (a zip bomb that lies). */
export class EntryTooLargeError extends Error {
  constructor(readonly entry: string) {
    super(`the part ${entry} expands to more than its directory says`);
    this.name = 'EntryTooLargeError';
  }
}

/** True when the bytes start with the zip local-file signature "PK\x03\x04". */
export function hasZipSignature(head: Uint8Array): boolean {
  return (
    head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04
  );
}

export interface ZipFile {
  readonly entries: ZipEntryInfo[];
  /** The entry of that name (a leading "/" ignored, as exceljs does), or undefined. */
  entry(name: string): ZipEntryInfo | undefined;
  /**
   * The entry's uncompressed bytes in chunks. Inflating stops with EntryTooLargeError past the
   * size the directory gives; breaking out of the loop closes the entry's stream.
   */
  chunks(entry: ZipEntryInfo): AsyncIterable<Buffer>;
  close(): Promise<void>;
}

function broken(label: string): InputFileError {
  return new InputFileError(
    'BROKEN_ZIP',
    `${label} is not a readable .xlsx workbook (its zip directory is missing or damaged). Open it in Excel and save it again as .xlsx.`,
  );
}

const READ_OPTIONS: yauzl.Options = {
  lazyEntries: true,
  autoClose: false,
  decodeStrings: true,
  // Our own count (chunks) refuses a part that inflates past its directory's size.
  validateEntrySizes: false,
  strictFileNames: false,
};

/**
 * Open a zip (a file's path, or its bytes) and read its whole central directory (zip64
 * included). A missing or damaged directory is an InputFileError BROKEN_ZIP naming `label`.
 */
export async function openZip(source: string | Buffer, label: string): Promise<ZipFile> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    const done = (err: Error | null, z?: yauzl.ZipFile) => (err || !z ? reject(err) : resolve(z));
    if (typeof source === 'string') yauzl.open(source, READ_OPTIONS, done);
    else yauzl.fromBuffer(source, READ_OPTIONS, done);
  }).catch(() => {
    throw broken(label);
  });
  const raw = await readEntries(zip).catch(() => {
    zip.close();
    throw broken(label);
  });
  const byName = new Map<string, { info: ZipEntryInfo; entry: yauzl.Entry }>();
  const entries = raw.map((entry) => {
    const info: ZipEntryInfo = {
      name: entry.fileName,
      method: entry.compressionMethod,
      compressedSize: entry.compressedSize,
      uncompressedSize: entry.uncompressedSize,
      crc32: entry.crc32,
    };
    byName.set(info.name.replace(/^\//, ''), { info, entry });
    return info;
  });
  const find = (name: string) => byName.get(name.replace(/^\//, ''));
  return {
    entries,
    entry: (name) => find(name)?.info,
    chunks: (info) => entryChunks(zip, find(info.name)!.entry, label),
    close: async () => zip.close(),
  };
}

function readEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const out: yauzl.Entry[] = [];
    zip.on('entry', (e: yauzl.Entry) => {
      out.push(e);
      zip.readEntry();
    });
    zip.once('end', () => resolve(out));
    zip.once('error', reject);
    zip.readEntry();
  });
}

async function* entryChunks(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  label: string,
): AsyncGenerator<Buffer> {
  const damaged = () =>
    new InputFileError(
      'BROKEN_ZIP',
      `${label}: the part ${entry.fileName} is damaged. Open the file in Excel and save it again as .xlsx.`,
    );
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw damaged();
  const stream = await zip.openReadStreamPromise(entry).catch(() => {
    throw damaged();
  });
  let total = 0;
  try {
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > entry.uncompressedSize) throw new EntryTooLargeError(entry.fileName);
      yield chunk as Buffer;
    }
  } catch (err) {
    if (err instanceof EntryTooLargeError) throw err;
    throw damaged();
  } finally {
    stream.destroy();
  }
}

/** Every part of a zip we trust (exceljs's output): name → uncompressed bytes. */
export async function readZipEntries(bytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await openZip(bytes, 'the workbook');
  try {
    const out = new Map<string, Buffer>();
    for (const e of zip.entries) {
      if (e.name.endsWith('/')) continue;
      const parts: Buffer[] = [];
      for await (const chunk of zip.chunks(e)) parts.push(chunk);
      out.set(e.name, Buffer.concat(parts));
    }
    return out;
  } finally {
    await zip.close();
  }
}

const MAX_U32 = 0xffffffff;

/** yazl takes Buffers: bytes made without Node (TextEncoder) are wrapped, not copied. */
const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
/** Dates in the written zip: 1980-01-01, so the same workbook gives the same bytes. */
const ZIP_DATE = new Date(1980, 0, 1);

/**
 * A zip written to an open file part by part, never held whole (yazl): a part's text is deflated
 * as it is produced and written at once. A part over 4 GB or over 65,535 parts is refused with a
 * message (an Excel workbook that size would not open anyway).
 */
export class ZipStreamWriter implements ZipSink {
  private readonly zip = new yazl.ZipFile();
  private readonly written: Promise<void>;
  private offset = 0;
  private count = 0;

  constructor(
    private readonly file: PositionalFile,
    private readonly level = 6,
  ) {
    this.written = this.drain();
  }

  /** yazl's output written to the file in order, as it comes. */
  private async drain(): Promise<void> {
    for await (const chunk of this.zip.outputStream as AsyncIterable<Buffer>) {
      let done = 0;
      while (done < chunk.length) {
        const { bytesWritten } = await this.file.write(
          chunk,
          done,
          chunk.length - done,
          this.offset,
        );
        done += bytesWritten;
        this.offset += bytesWritten;
      }
    }
  }

  private tooBig(size: number): InputFileError {
    return new InputFileError(
      'WORKBOOK_TOO_BIG',
      `The workbook would be too big for an .xlsx file (${this.count >= 0xffff ? 'over 65,535 parts' : `a part of ${Math.round(size / 2 ** 20)} MB, or over 4 GB in all`}). Write the JSON report instead (--json), or analyse the data in parts (per school).`,
    );
  }

  private counted(): void {
    if (++this.count >= 0xffff) throw this.tooBig(0);
  }

  /** A part from its bytes (deflated here). */
  async add(name: string, bytes: Uint8Array): Promise<void> {
    this.counted();
    if (bytes.length > MAX_U32) throw this.tooBig(bytes.length);
    this.zip.addBuffer(asBuffer(bytes), name, {
      mtime: ZIP_DATE,
      forceDosTimestamp: true,
      compressionLevel: this.level,
    });
  }

  /**
   * A part whose text comes in pieces (strings or bytes, any size): the pieces are pulled as
   * deflate takes them, so the part is never held whole. Resolves when the last piece is taken.
   */
  async addStream(
    name: string,
    pieces: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  ): Promise<void> {
    this.counted();
    let size = 0;
    const tooBig = (n: number) => this.tooBig(n);
    async function* bytes(): AsyncGenerator<Buffer> {
      for await (const piece of pieces) {
        const buf = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : asBuffer(piece);
        if (!buf.length) continue;
        size += buf.length;
        if (size > MAX_U32) throw tooBig(size);
        yield buf;
      }
    }
    const input = Readable.from(bytes(), { objectMode: false });
    const ended = new Promise<void>((resolve, reject) => {
      input.once('end', resolve);
      input.once('error', reject);
    });
    this.zip.addReadStream(input, name, {
      mtime: ZIP_DATE,
      forceDosTimestamp: true,
      compressionLevel: this.level,
    });
    await Promise.race([ended, this.written.then(() => ended)]);
  }

  /** Write the central directory; the zip is complete. */
  async finish(): Promise<void> {
    this.zip.end();
    await this.written;
  }
}
