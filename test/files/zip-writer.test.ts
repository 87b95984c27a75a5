/**
 * The command line's zip writer (src/files/zip/zip.ts `ZipStreamWriter`: fflate's container with
 * each part deflated by zlib, in a worker thread) writes each part, whole or streamed in pieces,
 * as raw deflate of its bytes at the given level, with its CRC-32 (computed here by the textbook
 * table, not by zlib), its sizes and the date 1980-01-01, in the order given. What it writes
 * reads back (yauzl, the system's unzip), a piece moved to the worker is not needed again, and a
 * failed write is reported, not hidden, with the worker stopped.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, it } from '@jest/globals';
import * as yauzl from 'yauzl';
import { expect } from '../support/expect';
import type { PositionalFile } from '../../src/files/atomic-write';
import { ZipStreamWriter, readZipEntries } from '../../src/files/zip/zip';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-zip-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A part added whole (bytes) or streamed (pieces of text or bytes). */
type Part = { name: string; bytes: Buffer } | { name: string; pieces: (string | Uint8Array)[] };

const LEVEL = 5;

const asBuffer = (x: string | Uint8Array) =>
  typeof x === 'string' ? Buffer.from(x) : Buffer.from(x.buffer, x.byteOffset, x.byteLength);

/** A part's bytes, whole. */
const partBytes = (p: Part) => ('bytes' in p ? p.bytes : Buffer.concat(p.pieces.map(asBuffer)));

/** CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) by the textbook table. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Each entry of a zip as its directory gives it, with its stored (still deflated) bytes. */
async function storedEntries(bytes: Buffer) {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  const out: { entry: yauzl.Entry; stored: Buffer }[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) =>
      zip.openReadStream(entry, { decompress: false }, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          out.push({ entry, stored: Buffer.concat(chunks) });
          zip.readEntry();
        });
      }),
    );
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}

/** A file in memory, written at positions (as the temporary file is); `fail` makes writes fail. */
function memoryFile(fail: Error | null = null): PositionalFile & { bytes(): Buffer } {
  let buf = Buffer.alloc(0);
  let size = 0;
  return {
    async write(b, offset, length, position) {
      if (fail) throw fail;
      if (position + length > buf.length) {
        const grown = Buffer.alloc(Math.max(2 * buf.length, position + length));
        buf.copy(grown);
        buf = grown;
      }
      b.copy(buf, position, offset, offset + length);
      size = Math.max(size, position + length);
      return { bytesWritten: length };
    },
    bytes: () => buf.subarray(0, size),
  };
}

/** The parts through the writer; the pieces are copied first, since the writer may move them. */
async function writerZip(parts: Part[], file = memoryFile()): Promise<Buffer> {
  const zip = new ZipStreamWriter(file, LEVEL);
  try {
    for (const p of parts) {
      if ('bytes' in p) await zip.add(p.name, p.bytes);
      else
        await zip.addStream(
          p.name,
          p.pieces.map((x) => (typeof x === 'string' ? x : x.slice())),
        );
    }
    await zip.finish();
  } finally {
    await zip.close();
  }
  return file.bytes();
}

/** Seeded text: XML-like rows with some non-ASCII, so deflate has work of every kind. */
function text(seed: number, rows: number): string {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31);
  let s = '';
  for (let r = 1; r <= rows; r++)
    s += `<row r="${r}"><c r="A${r}"><v>${next() % 1000}</v></c><c r="B${r}" t="s"><v>${next() % 50}</v></c><c><is><t>é ${next() % 7} ✓</t></is></c></row>`;
  return s;
}

describe('ZipStreamWriter (fflate and zlib in a worker)', () => {
  const big = text(7, 60_000); // ~5 MB: more than the worker is let fall behind
  const parts: Part[] = [
    { name: '[Content_Types].xml', bytes: Buffer.from('<Types/>') },
    { name: 'xl/worksheets/sheet1.xml', pieces: ['<worksheet>', big, '</worksheet>'] },
    { name: 'xl/empty.xml', bytes: Buffer.alloc(0) },
    {
      name: 'xl/worksheets/sheet2.xml',
      // Byte pieces of 1 MB, as the sheet writer makes them, and a string piece between them.
      pieces: [
        new TextEncoder().encode(big.slice(0, 1 << 20)),
        'middle ✓',
        new TextEncoder().encode(big.slice(1 << 20)),
      ],
    },
    { name: 'xl/sharedStrings.xml', pieces: [] },
  ];

  it('writes each part as zlib deflates it, with its CRC-32, sizes and date, in order', async () => {
    const mine = await writerZip(parts);
    expect(mine.length).toBeGreaterThan(100_000);
    const entries = await storedEntries(mine);
    expect(entries.map((e) => e.entry.fileName)).toEqual(parts.map((p) => p.name));
    parts.forEach((p, k) => {
      const { entry, stored } = entries[k];
      const whole = partBytes(p);
      expect(entry.compressionMethod, p.name).toBe(8);
      expect(entry.crc32, p.name).toBe(crc32(whole));
      expect(entry.uncompressedSize, p.name).toBe(whole.length);
      expect(entry.compressedSize, p.name).toBe(stored.length);
      expect(stored.equals(deflateRawSync(whole, { level: LEVEL })), p.name).toBe(true);
      const d = entry.getLastModDate();
      expect([d.getFullYear(), d.getMonth(), d.getDate()], p.name).toEqual([1980, 0, 1]);
    });
    // The same parts give the same bytes.
    expect(mine.equals(await writerZip(parts))).toBe(true);
  });

  it('writes a zip that yauzl and unzip read back part for part', async () => {
    const bytes = await writerZip(parts);
    const entries = await readZipEntries(bytes);
    expect(entries.get('xl/worksheets/sheet1.xml')!.toString('utf8')).toBe(
      `<worksheet>${big}</worksheet>`,
    );
    expect(entries.get('xl/worksheets/sheet2.xml')!.toString('utf8')).toBe(
      `${big.slice(0, 1 << 20)}middle ✓${big.slice(1 << 20)}`,
    );
    expect(entries.get('xl/empty.xml')!.length).toBe(0);
    const file = path.join(dir, 'out.zip');
    writeFileSync(file, bytes);
    const listed = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toEqual(parts.map((p) => p.name));
    execFileSync('unzip', ['-tq', file]);
  });

  it('takes a byte piece without a copy: the producer gives it away', async () => {
    const piece = new TextEncoder().encode('<x/>'.repeat(1000));
    const zip = new ZipStreamWriter(memoryFile(), LEVEL);
    try {
      await zip.addStream('a.xml', [piece]);
      await zip.finish();
    } finally {
      await zip.close();
    }
    // Moved to the worker: this thread's view of it is empty now.
    expect(piece.byteLength).toBe(0);
  });

  it('a failed write is the error finish() gives, and the worker is stopped', async () => {
    const full = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    await expect(writerZip(parts, memoryFile(full))).rejects.toBe(full);
  });

  it('refuses a zip bigger than it may be (4 GB: fflate writes no ZIP64) with a message', async () => {
    // Bytes deflate cannot shrink: the zip outgrows 2,000 bytes on the second part.
    let x = 1;
    const noise = () =>
      Buffer.from(
        Array.from({ length: 1500 }, () => (x = (x * 1103515245 + 12345) % 2 ** 31) >> 23),
      );
    const zip = new ZipStreamWriter(memoryFile(), LEVEL, 2000);
    const run = async () => {
      try {
        await zip.add('a.bin', noise());
        await zip.addStream('b.bin', [noise()]);
        await zip.finish();
      } finally {
        await zip.close();
      }
    };
    await expect(run()).rejects.toMatchObject({
      code: 'WORKBOOK_TOO_BIG',
      message: expect.stringContaining('over 4 GB in all'),
    });
  });

  it('a run that stops half way stops the worker too (the process does not wait for it)', async () => {
    const zip = new ZipStreamWriter(memoryFile(), LEVEL);
    await zip.addStream('a.xml', ['<a>', big]);
    await zip.close();
    // Closed: the writer refuses more and the test process ends (Jest would report an open handle).
    await expect(zip.add('b.xml', Buffer.from('b'))).rejects.toThrow();
  });
});
