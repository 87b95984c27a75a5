import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from '@jest/globals';
import { readCheckedFile } from '../../src/files/inspect';
import { readZipDirectory, writeZip } from '../support/zip';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, bytes: Buffer | string) => {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
};
const CT = Buffer.from(
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
);

/** A zip whose one sheet part is `size` zero bytes: deflate packs it about 1000 to 1. */
function bomb(size: number): Buffer {
  return writeZip(
    new Map([
      ['[Content_Types].xml', CT],
      ['xl/worksheets/sheet1.xml', Buffer.alloc(size)],
    ]),
  );
}

describe('readCheckedFile refuses what is not a usable spreadsheet', () => {
  it.each([
    [
      'a text file named .xlsx',
      'notes.xlsx',
      'student,score\n1,2\n',
      'NOT_A_SPREADSHEET',
      /not an \.xlsx workbook/,
    ],
    [
      'a PNG named .csv',
      'image.csv',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      'NOT_A_SPREADSHEET',
      /not a text CSV file.*CSV UTF-8/,
    ],
    [
      'UTF-16 text named .csv',
      'utf16.csv',
      Buffer.from('\uFEFFa,b\n1,2\n', 'utf16le'),
      'NOT_A_SPREADSHEET',
      /binary data/,
    ],
    [
      'an .xlsx renamed .csv',
      'book.csv',
      bomb(10),
      'NOT_A_SPREADSHEET',
      /zip file.*Rename it to \.xlsx/,
    ],
    [
      'a zip that is not a workbook',
      'other.xlsx',
      writeZip(new Map([['readme.txt', Buffer.from('hi')]])),
      'NOT_A_SPREADSHEET',
      /zip file but not an Excel workbook/,
    ],
    ['a truncated zip', 'cut.xlsx', bomb(1000).subarray(0, 60), 'BROKEN_ZIP', /damaged/],
    ['an .xls', 'old.xls', 'x', 'UNSUPPORTED_TYPE', /save it as \.xlsx/],
    ['a .txt', 'data.txt', 'x', 'UNSUPPORTED_TYPE', /reads \.xlsx workbooks and \.csv files/],
  ])('%s', async (_label, name, bytes, code, message) => {
    const p = file(name, bytes);
    await expect(readCheckedFile(p)).rejects.toMatchObject({
      name: 'InputFileError',
      code,
      message: expect.stringMatching(message),
    });
  });

  it('a missing file', async () => {
    await expect(readCheckedFile(path.join(dir, 'nope.csv'))).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: expect.stringMatching(/was not found/),
    });
  });

  it('a file over the size limit, saying how to raise it', async () => {
    const p = file('big.csv', 'a\n'.repeat(2 * 1024 * 1024));
    await expect(readCheckedFile(p, { maxBytes: 1024 * 1024 })).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
      message: expect.stringMatching(/4\.0 MB, over the limit of 1\.0 MB.*--max-size 4/),
    });
    await expect(readCheckedFile(p, { maxBytes: 5 * 1024 * 1024 })).resolves.toMatchObject({
      kind: 'csv',
    });
  });

  it('a zip bomb by compression ratio: a 64 MB part packed into about 64 KB', async () => {
    const b = bomb(64 * 1024 * 1024);
    expect(b.length).toBeLessThan(200 * 1024);
    const p = file('bomb.xlsx', b);
    await expect(readCheckedFile(p)).rejects.toMatchObject({
      code: 'ZIP_BOMB',
      message: expect.stringMatching(/expands \d+ times \(limit 100\).*zip bomb/),
    });
  });

  it('a zip bomb by total size: a directory that claims 4 GB', async () => {
    const b = Buffer.from(bomb(1000));
    const entries = readZipDirectory(b);
    expect(entries).toHaveLength(2);
    // Patch the central directory's uncompressed size of the sheet part to 0xFFFFFFF0.
    const cdOffset = b.readUInt32LE(b.length - 22 + 16);
    const secondEntry = cdOffset + 46 + Buffer.byteLength('[Content_Types].xml');
    b.writeUInt32LE(0xfffffff0, secondEntry + 24);
    await expect(readCheckedFile(file('claims.xlsx', b))).rejects.toMatchObject({
      code: 'ZIP_BOMB',
      message: expect.stringMatching(/more than 1024 MB/),
    });
  });

  it('a zip bomb that lies: its directory says 1 KB but the part inflates to 8 MB', async () => {
    const b = Buffer.from(bomb(8 * 1024 * 1024));
    const cdOffset = b.readUInt32LE(b.length - 22 + 16);
    const secondEntry = cdOffset + 46 + Buffer.byteLength('[Content_Types].xml');
    b.writeUInt32LE(1024, secondEntry + 24);
    await expect(readCheckedFile(file('liar.xlsx', b))).rejects.toMatchObject({
      code: 'ZIP_BOMB',
      message: expect.stringMatching(/more than its directory says/),
    });
  });

  it('accepts a real workbook', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').getCell('A1').value = 'ok';
    const p = file('ok.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    await expect(readCheckedFile(p)).resolves.toMatchObject({ kind: 'xlsx' });
  });
});
