/**
 * Robust files through the command line itself (main(), exit 1, a message saying what to do, no
 * stack trace, no workbook written, inputs untouched — runWithFiles checks their bytes): the
 * refusals test/cli/main.test.ts does not already cover, and memory that stays bounded when a
 * file is refused by its size or as a zip bomb whose directory lies.
 */
import { mkdtempSync, rmSync, statSync, truncateSync, writeFileSync, existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDeflateRaw } from 'node:zlib';
import { afterAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { writeZip, type ZipEntry } from '../support/zip';
import { runWithFiles } from '../support/full-run';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-trust-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, bytes: string | Buffer) => {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const CT = Buffer.from(
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
);
const MB = 1024 * 1024;

/** `mb` megabytes of zeros, deflated a megabyte at a time (never held whole). */
async function deflatedZeros(mb: number): Promise<Buffer> {
  const z = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  z.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise((resolve) => z.on('end', resolve));
  const chunk = Buffer.alloc(MB);
  for (let i = 0; i < mb; i++) if (!z.write(chunk)) await new Promise((r) => z.once('drain', r));
  z.end();
  await done;
  return Buffer.concat(parts);
}

/** A zip with a content-types part and one sheet part whose directory states `claimed` bytes. */
function zipClaiming(compressed: Buffer, claimed: number): Buffer {
  return writeZip(
    new Map<string, ZipEntry>([
      ['[Content_Types].xml', CT],
      ['xl/worksheets/sheet1.xml', { method: 8, compressed, crc32: 0, size: claimed }],
    ]),
  );
}

/** Run the command line while sampling the resident memory; returns the run and the peak growth. */
async function runMeasured(paths: string[], args: string[] = []) {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 1);
  try {
    const r = await runWithFiles(paths, { args: ['--out', path.join(dir, 'never.xlsx'), ...args] });
    peak = Math.max(peak, process.memoryUsage().rss);
    return { r, growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

function expectRefused(r: Awaited<ReturnType<typeof runWithFiles>>, message: RegExp) {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(r.stdout).toBe('');
  expect(r.out).toBeNull();
  expect(existsSync(path.join(dir, 'never.xlsx'))).toBe(false);
}

describe('throughline analyze refuses what it cannot read safely (exit 1 and a message)', () => {
  it.each([
    [
      'a zip that is not a workbook',
      () => write('other.xlsx', writeZip(new Map([['readme.txt', Buffer.from('hi')]]))),
      /zip file but not an Excel workbook.*save it as \.xlsx/,
    ],
    [
      'a truncated workbook',
      () => write('cut.xlsx', zipClaiming(Buffer.from([1, 2, 3]), 10).subarray(0, 40)),
      /not a readable \.xlsx workbook.*save it again as \.xlsx/,
    ],
    [
      'a damaged part',
      () => write('damaged.xlsx', zipClaiming(Buffer.from([0xff, 0xff, 0xff, 0xff]), 10)),
      /the part xl\/worksheets\/sheet1\.xml is damaged/,
    ],
    [
      'an .xlsx renamed .csv',
      () => write('book.csv', zipClaiming(Buffer.from([3, 0]), 0)),
      /named \.csv but is a zip file.*Rename it to \.xlsx/,
    ],
    [
      'UTF-16 text named .csv',
      () => write('utf16.csv', Buffer.from('\uFEFFid,score\n1,2\n', 'utf16le')),
      /not a text CSV file.*CSV UTF-8/,
    ],
    [
      'a PNG named .csv',
      () =>
        write(
          'image.csv',
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
        ),
      /not a text CSV file/,
    ],
    [
      'a folder named .csv',
      () => mkdtempSync(path.join(dir, 'folder-')) + '.csv',
      /was not found|is not a file/,
    ],
    ['a .txt file', () => write('data.txt', 'a,b\n'), /reads \.xlsx workbooks and \.csv files/],
  ])('%s', async (_label, make, message) => {
    const { r } = await runMeasured([make()]);
    expectRefused(r, message);
  });

  it('a zip bomb whose directory claims 4 GB, refused from the directory alone', async () => {
    const { r, growth } = await runMeasured([
      write('claims.xlsx', zipClaiming(await deflatedZeros(1), 0xfffffff0)),
    ]);
    expectRefused(r, /refused: it would expand to more than 1024 MB.*zip bomb/);
    expect(growth).toBeLessThan(64 * MB);
  });

  it('a zip bomb whose directory lies (says 1 KB, inflates to 300 MB): refused with bounded memory', async () => {
    const compressed = await deflatedZeros(300);
    expect(compressed.length).toBeLessThan(2 * MB);
    const { r, growth } = await runMeasured([write('liar.xlsx', zipClaiming(compressed, 1024))]);
    expectRefused(
      r,
      /refused: its part xl\/worksheets\/sheet1\.xml expands to more than its directory says.*zip bomb/,
    );
    // Inflating into a counter: far below the 300 MB the part holds.
    expect(growth).toBeLessThan(100 * MB);
  });

  it('a file over the default limit (500 MB) is refused by its size, without reading it', async () => {
    const big = path.join(dir, 'huge.csv');
    writeFileSync(big, 'id,pre,post\n');
    truncateSync(big, 501 * MB); // sparse: no disk used
    const { r, growth } = await runMeasured([big], []);
    expectRefused(
      r,
      /huge\.csv is 501 MB, over the limit of 500 MB\. Raise the limit with --max-size 501/,
    );
    expect(growth).toBeLessThan(64 * MB);
  });

  it('the limit is configurable: --max-size 0.5 refuses a 0.6 MB workbook-sized CSV, --max-size 1 reads it', async () => {
    // 60,000 students with their own IDs (one ID on every row is no data: a run that used
    // nothing exits 1), about 0.7 MB.
    const rows = Array.from(
      { length: 60_000 },
      (_, i) => `S${i},${i % 90},${(i % 90) + (i % 7)}\n`,
    );
    const csv = write('mid.csv', 'id,pre,post\n' + rows.join(''));
    expect(statSync(csv).size).toBeGreaterThan(0.6 * MB);
    expect(statSync(csv).size).toBeLessThan(MB);
    expectRefused(
      (await runMeasured([csv], ['--max-size', '0.5'])).r,
      /over the limit of 0\.5 MB\. Raise the limit with --max-size 1/,
    );
    const ok = await runWithFiles([csv], {
      args: ['--max-size', '1', '--json', path.join(dir, 'mid.json')],
    });
    expect(ok.code, ok.stderr).toBe(0);
  });
});
