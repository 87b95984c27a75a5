/**
 * The command line's zip writer (src/files/zip/zip.ts `ZipStreamWriter`: yazl in a worker
 * thread) writes the bytes yazl writes on the main thread for the same parts, added the same way
 * (whole, or streamed in pieces): yazl used directly is the reference. What it writes reads back
 * (yauzl, the system's unzip), a piece moved to the worker is not needed again, and a failed
 * write is reported, not hidden, with the worker stopped.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, it } from '@jest/globals';
import * as yazl from 'yazl';
import { expect } from '../support/expect';
import type { PositionalFile } from '../../src/files/atomic-write';
import { ZipStreamWriter, readZipEntries } from '../../src/files/zip/zip';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-zip-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A part added whole (bytes) or streamed (pieces of text or bytes). */
type Part = { name: string; bytes: Buffer } | { name: string; pieces: (string | Uint8Array)[] };

const LEVEL = 5;
const OPTIONS = { mtime: new Date(1980, 0, 1), forceDosTimestamp: true, compressionLevel: LEVEL };

const asBuffer = (x: string | Uint8Array) =>
  typeof x === 'string' ? Buffer.from(x) : Buffer.from(x.buffer, x.byteOffset, x.byteLength);

/** The zip yazl writes for the parts on this thread. */
async function yazlZip(parts: Part[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const chunks: Buffer[] = [];
  zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => zip.outputStream.on('end', resolve));
  for (const p of parts) {
    if ('bytes' in p) zip.addBuffer(p.bytes, p.name, OPTIONS);
    else zip.addReadStream(Readable.from(p.pieces.map(asBuffer)), p.name, OPTIONS);
  }
  zip.end();
  await ended;
  return Buffer.concat(chunks);
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

describe('ZipStreamWriter (yazl in a worker)', () => {
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

  it('writes the bytes yazl writes on the main thread', async () => {
    const [mine, reference] = await Promise.all([writerZip(parts), yazlZip(parts)]);
    expect(mine.length).toBeGreaterThan(100_000);
    expect(mine.equals(reference)).toBe(true);
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

  it('a run that stops half way stops the worker too (the process does not wait for it)', async () => {
    const zip = new ZipStreamWriter(memoryFile(), LEVEL);
    await zip.addStream('a.xml', ['<a>', big]);
    await zip.close();
    // Closed: the writer refuses more and the test process ends (Jest would report an open handle).
    await expect(zip.add('b.xml', Buffer.from('b'))).rejects.toThrow();
  });
});
