/**
 * Zip reading and writing on kept libraries: yauzl reads (the central directory first, then any
 * part as a stream of its own, in the order the caller wants) and fflate's `Zip` writes the
 * container, in a worker thread, each part deflated by Node's zlib as its pieces come (measured
 * against yazl and fflate's own deflate in docs/performance.md).
 *
 * What stays ours: the limits a zip bomb must pass (inspect.ts: total size, ratio, and each part
 * inflated into a counter that stops past what its directory says, `ZipFile.chunks`), and the
 * refusal of a workbook too big for an .xlsx (`ZipStreamWriter`).
 */
import { Worker } from 'node:worker_threads';
import * as yauzl from 'yauzl';
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

/** Bytes handed to the zip worker and not yet taken by deflate before a part waits for it. */
const MAX_QUEUED = 4 << 20;

/** The zip's bytes not yet written to the file before a part waits for the writes. */
const MAX_UNWRITTEN = 8 << 20;

/**
 * The zip's container on fflate (`Zip`), in a worker thread (plain JavaScript: it runs the same
 * from the bundle, from dist and from the tests' TypeScript); each part deflated by Node's zlib
 * and its CRC-32 taken by zlib as its pieces come (fflate takes a part whose size and CRC it is
 * given, `ZipInputFile`). Both are native: yazl's CRC-32 in JavaScript was ~6 s of this worker at
 * a million rows, on the two cores the main thread shares (docs/performance.md). Here they run
 * beside the main thread, which goes on making the next sheet's XML. Messages in: `buffer` (a
 * part whole), `open`/`piece`/`close` (a part in pieces, each acknowledged with `took` once
 * deflated), `finish`. Out: `out` (the zip's bytes, in order), `took`, `end`.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
const { Zip } = require(workerData.fflate);
// Dates in the zip: 1980-01-01, so the same workbook gives the same bytes.
const MTIME = new Date(1980, 0, 1);
const EMPTY = new Uint8Array(0);
const asBuffer = (u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
const zip = new Zip((err, data, final) => {
  if (err) throw err;
  if (data && data.length) {
    const bytes = new Uint8Array(data); // a copy: zlib's chunks share their memory
    parentPort.postMessage({ t: 'out', bytes }, [bytes.buffer]);
  }
  if (final) parentPort.postMessage({ t: 'end' });
});
function openPart(name) {
  const deflate = zlib.createDeflateRaw({ level: workerData.level, chunkSize: 1 << 16 });
  const file = {
    filename: name, compression: 8, flag: 0, mtime: MTIME, size: 0, crc: 0,
    terminate: () => deflate.destroy(),
  };
  zip.add(file); // sets file.ondata
  deflate.on('data', (chunk) => file.ondata(null, chunk, false));
  deflate.on('end', () => file.ondata(null, EMPTY, true));
  deflate.on('error', (err) => { throw err; });
  return {
    piece(b, took) {
      file.size += b.length;
      file.crc = zlib.crc32(b, file.crc);
      deflate.write(b, took);
    },
    close() { deflate.end(); },
  };
}
let part = null;
parentPort.on('message', (m) => {
  if (m.t === 'buffer') {
    const whole = openPart(m.name);
    whole.piece(asBuffer(m.bytes));
    whole.close();
  } else if (m.t === 'open') part = openPart(m.name);
  else if (m.t === 'piece') {
    const n = m.bytes.byteLength;
    part.piece(asBuffer(m.bytes), () => parentPort.postMessage({ t: 'took', n }));
  } else if (m.t === 'close') { part.close(); part = null; }
  else if (m.t === 'finish') zip.end();
});
`;

/**
 * A streamed piece's bytes for the worker: a piece the sheet writer made and let go of (a view at
 * the start of its own buffer, not a Node Buffer, which may share a pool) moves as it is, without
 * a copy; any other is copied first. A piece is not read after it is yielded (ZipSink.addStream).
 */
function movable(bytes: Uint8Array): Uint8Array {
  return !Buffer.isBuffer(bytes) && bytes.byteOffset === 0 && bytes.buffer instanceof ArrayBuffer
    ? bytes
    : new Uint8Array(bytes); // a copy in memory of its own (a Buffer's slice() would not be)
}

type FromWorker = { t: 'out'; bytes: Uint8Array } | { t: 'took'; n: number } | { t: 'end' };

/**
 * A zip written to an open file part by part, never held whole (fflate and zlib, in a worker
 * thread): a part's text is deflated as it is produced, and the zip's bytes are written to the
 * file here, in order, as they come. A part over 4 GB, a zip over 4 GB or over 65,535 parts is
 * refused with a message (an Excel workbook that size would not open anyway). `close()` stops
 * the worker (after a failure; `finish` stops it too).
 */
export class ZipStreamWriter implements ZipSink {
  private readonly worker: Worker;
  private offset = 0;
  /** The zip's bytes from the worker so far. */
  private total = 0;
  private count = 0;
  /** Pieces handed over and not yet taken by deflate (bytes), and who waits for room. */
  private queued = 0;
  private roomMade: (() => void) | null = null;
  /**
   * The zip's bytes not yet written, and how many: the file's writes are in order, one at a time
   * (`writing`, while `draining`). Pieces wait while too many are unwritten, so that a main
   * thread busy making XML cannot let the zip's bytes pile up in memory (at 1M rows they had
   * reached ~185 MB).
   */
  private unwritten: Buffer[] = [];
  private unwrittenBytes = 0;
  private draining = false;
  private writing: Promise<void> = Promise.resolve();
  /** The first failure (the worker's or a write's). */
  private failure: Error | null = null;
  private readonly ended: Promise<void>;
  private closed = false;

  /** `maxZipBytes`: the most the zip may hold (4 GB; smaller in a test of the refusal). */
  constructor(
    private readonly file: PositionalFile,
    level = 6,
    private readonly maxZipBytes = MAX_U32,
  ) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { fflate: require.resolve('fflate'), level },
    });
    this.ended = new Promise((resolve, reject) => {
      this.worker.on('message', (m: FromWorker) => {
        if (m.t === 'out') this.write(m.bytes);
        else if (m.t === 'took') this.took(m.n);
        else resolve();
      });
      this.worker.on('error', (err) => {
        this.fail(err);
        reject(err);
      });
    });
    // A failure is read where it matters (add, addStream, finish), not as an unhandled rejection.
    this.ended.catch(() => undefined);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.took(this.queued);
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  private took(n: number): void {
    this.queued -= n;
    this.wake();
  }

  /** Room for another piece: deflate is not too far behind, nor the file's writes. */
  private hasRoom(): boolean {
    return this.queued < MAX_QUEUED && this.unwrittenBytes < MAX_UNWRITTEN;
  }

  private wake(): void {
    if ((this.hasRoom() || this.failure) && this.roomMade) {
      const wake = this.roomMade;
      this.roomMade = null;
      wake();
    }
  }

  /**
   * The zip's bytes, written to the file after those before them. Bytes that come while a write is
   * under way wait and go in the next write, together (one write for many of the worker's small
   * chunks).
   */
  private write(bytes: Uint8Array): void {
    // fflate writes no ZIP64: offsets past 4 GB would not fit its directory.
    this.total += bytes.byteLength;
    if (this.total > this.maxZipBytes) this.fail(this.tooBig(this.total));
    if (this.failure) return;
    this.unwritten.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.unwrittenBytes += bytes.byteLength;
    if (!this.draining) this.writing = this.drain();
  }

  /** Write what waits, until nothing does (or a write fails). */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.unwritten.length && !this.failure) {
        const chunk =
          this.unwritten.length === 1 ? this.unwritten[0] : Buffer.concat(this.unwritten);
        this.unwritten = [];
        for (let done = 0; done < chunk.length;) {
          const { bytesWritten } = await this.file.write(
            chunk,
            done,
            chunk.length - done,
            this.offset,
          );
          done += bytesWritten;
          this.offset += bytesWritten;
        }
        this.unwrittenBytes -= chunk.length;
        this.wake();
      }
    } catch (err) {
      this.fail(err as Error);
    } finally {
      this.draining = false;
    }
  }

  private tooBig(size: number): InputFileError {
    return new InputFileError(
      'WORKBOOK_TOO_BIG',
      `The workbook would be too big for an .xlsx file (${this.count >= 0xffff ? 'over 65,535 parts' : `a part of ${Math.round(size / 2 ** 20)} MB, or over 4 GB in all`}). Write the JSON report instead (--json), or analyse the data in parts (per school).`,
    );
  }

  private counted(): void {
    this.check();
    if (++this.count >= 0xffff) throw this.tooBig(0);
  }

  /** Hand bytes to the worker (copied), waiting while deflate or the writes are too far behind. */
  private async hand(bytes: Uint8Array): Promise<void> {
    while (!this.hasRoom() && !this.failure)
      await new Promise<void>((resolve) => (this.roomMade = resolve));
    this.check();
    this.queued += bytes.length;
    const own = movable(bytes);
    this.worker.postMessage({ t: 'piece', bytes: own }, [own.buffer as ArrayBuffer]);
  }

  /** A part from its bytes (deflated in the worker). */
  async add(name: string, bytes: Uint8Array): Promise<void> {
    this.counted();
    if (bytes.length > MAX_U32) throw this.tooBig(bytes.length);
    // Copied (a Buffer's slice() would share its memory): the caller may read them again.
    const copy = new Uint8Array(bytes);
    this.worker.postMessage({ t: 'buffer', name, bytes: copy }, [copy.buffer]);
  }

  /**
   * A part whose text comes in pieces (strings or bytes, any size): each piece goes to deflate
   * as it is made, so the part is never held whole. Resolves when the last piece is handed over.
   */
  async addStream(
    name: string,
    pieces: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  ): Promise<void> {
    this.counted();
    this.worker.postMessage({ t: 'open', name });
    let size = 0;
    for await (const piece of pieces) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      if (!bytes.length) continue;
      size += bytes.length;
      if (size > MAX_U32) throw this.tooBig(size);
      await this.hand(bytes);
    }
    this.worker.postMessage({ t: 'close' });
  }

  /** Write the central directory; the zip is complete and the worker stopped. */
  async finish(): Promise<void> {
    this.check();
    this.worker.postMessage({ t: 'finish' });
    try {
      await this.ended;
      await this.writing;
      this.check();
    } finally {
      await this.close();
    }
  }

  /** Stop the worker (what it has not written is dropped): after a failure, or once finished. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failure ??= new Error('the zip writer is closed');
    await this.worker.terminate();
  }
}
