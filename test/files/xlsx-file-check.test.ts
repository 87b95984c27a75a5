/**
 * The streaming path checks an .xlsx without reading it whole (`checkXlsxFile`) and refuses
 * exactly what the whole-file check (`readCheckedFile`) refuses, with the same code and message:
 * not a zip, not a workbook, a directory claiming too much, a part packed too tightly, a part
 * inflating beyond what the directory says, a damaged part, a file over the size limit. A
 * `--json` run (streaming) stops on such a file as a workbook run does.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { main } from '../../src/cli/main';
import { InputFileError } from '../../src/files/errors';
import { checkXlsxFile, readCheckedFile } from '../../src/files/inspect';
import { writeZip } from '../support/zip';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-xlsx-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CT = Buffer.from(
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
);

function zipOf(parts: [string, Buffer][]): Buffer {
  return writeZip(new Map(parts));
}

/** Set the uncompressed size the central directory gives for `name`. */
function lieAboutSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let p = 0; p + 46 < out.length; p++) {
    if (out.readUInt32LE(p) !== 0x02014b50) continue;
    const n = out.readUInt16LE(p + 28);
    if (out.toString('utf8', p + 46, p + 46 + n) === name) out.writeUInt32LE(size, p + 24);
  }
  return out;
}

/** A zip bomb that lies: its directory says 1 KB of a part that inflates to 3 MB. */
function lyingBomb(): Buffer {
  return lieAboutSize(
    zipOf([
      ['[Content_Types].xml', CT],
      ['xl/worksheets/sheet1.xml', Buffer.alloc(3 * 1024 * 1024, 'a')],
    ]),
    'xl/worksheets/sheet1.xml',
    1024,
  );
}

/** Flip bytes in the middle of the first deflated part's data. */
function damage(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  const nameLen = out.readUInt16LE(26);
  const start = 30 + nameLen;
  const size = out.readUInt32LE(18);
  for (let i = start + Math.floor(size / 3); i < start + Math.floor(size / 3) + 16; i++)
    out[i] ^= 0xff;
  return out;
}

const sheet = Buffer.from(
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'.repeat(
    200,
  ),
);

const cases: [string, Buffer, { maxBytes?: number }][] = [
  ['a text file', Buffer.from('student,score\n1,2\n'), {}],
  ['a zip that is not a workbook', zipOf([['notes.txt', Buffer.from('hello')]]), {}],
  [
    'a sound workbook-like zip',
    zipOf([
      ['[Content_Types].xml', CT],
      ['xl/worksheets/sheet1.xml', sheet],
    ]),
    {},
  ],
  [
    'a part packed 1,000 to 1 (64 MB of zeros)',
    zipOf([
      ['[Content_Types].xml', CT],
      ['xl/worksheets/sheet1.xml', Buffer.alloc(64 * 1024 * 1024)],
    ]),
    {},
  ],
  [
    'a directory claiming 2 GB',
    lieAboutSize(
      zipOf([
        ['[Content_Types].xml', CT],
        ['xl/worksheets/sheet1.xml', sheet],
      ]),
      'xl/worksheets/sheet1.xml',
      2 ** 31,
    ),
    {},
  ],
  ['a directory that says 1 KB of a part that inflates to 3 MB', lyingBomb(), {}],
  [
    'a damaged part',
    damage(
      zipOf([
        ['xl/worksheets/sheet1.xml', sheet],
        ['[Content_Types].xml', CT],
      ]),
    ),
    {},
  ],
  [
    'a file over --max-size',
    zipOf([
      ['[Content_Types].xml', CT],
      ['xl/worksheets/sheet1.xml', sheet],
    ]),
    { maxBytes: 100 },
  ],
];

async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'accepted';
  } catch (err) {
    if (err instanceof InputFileError) return `${err.code}: ${err.message}`;
    throw err;
  }
}

describe('checkXlsxFile refuses what readCheckedFile refuses', () => {
  it.each(cases)('%s', async (label, bytes, limits) => {
    const file = path.join(dir, `${label.replace(/\W+/g, '-')}.xlsx`);
    writeFileSync(file, bytes);
    const whole = await outcome(() => readCheckedFile(file, limits));
    const streamed = await outcome(async () => (await checkXlsxFile(file, limits)).close());
    expect(streamed).toBe(whole);
    if (label.startsWith('a sound')) expect(streamed).toBe('accepted');
    else expect(streamed).not.toBe('accepted');
  });
});

it('a --json run stops on a zip bomb as a workbook run does (exit 1, the same message)', async () => {
  const file = path.join(dir, 'bomb.xlsx');
  writeFileSync(file, lyingBomb());
  const run = async (args: string[]) => {
    const err = { text: '', write: (s: string) => ((err.text += s), true) };
    const out = { text: '', write: (s: string) => ((out.text += s), true) };
    const code = await main(['analyze', file, ...args], { stdout: out, stderr: err });
    return { code, message: err.text.slice(err.text.indexOf('throughline:')) };
  };
  const streamed = await run(['--json', path.join(dir, 'r.json')]);
  const whole = await run(['--json', path.join(dir, 'r2.json'), '--out', path.join(dir, 'o.xlsx')]);
  expect(streamed.code).toBe(1);
  expect(streamed.message).toMatch(/zip bomb/);
  expect(streamed).toEqual(whole);
});
