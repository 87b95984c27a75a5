import { createWriteStream, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { csvSheetName, parseCsvText, streamCsvRows } from '../../src/files/csv/csv-read';
import { openWorkbookFiles } from '../../src/files/source';
import type { CellValue } from '../../src/core/types';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const expected = [
  ['student_id', 'name', 'read1', 'read2'],
  ['001', 'Lopez, Ana', '85', null],
  ['002', 'Ben "B" Oak', '-3.5', '90'],
];

describe('CSV input', () => {
  it.each([
    [
      'comma',
      'student_id,name,read1,read2\r\n001,"Lopez, Ana",85,\r\n002,"Ben ""B"" Oak",-3.5,90\r\n',
    ],
    ['semicolon', 'student_id;name;read1;read2\n001;Lopez, Ana;85;\n002;"Ben ""B"" Oak";-3.5;90\n'],
    [
      'tab',
      'student_id\tname\tread1\tread2\n001\tLopez, Ana\t85\t\n002\t"Ben ""B"" Oak"\t-3.5\t90\n',
    ],
    [
      'comma with UTF-8 BOM',
      '\uFEFFstudent_id,name,read1,read2\n001,"Lopez, Ana",85,\n002,"Ben ""B"" Oak",-3.5,90',
    ],
  ])(
    'sniffs the %s delimiter and reads raw strings ("" → null, numbers stay text)',
    async (label, text) => {
      const file = path.join(dir, `star-${label.replace(/\W+/g, '_')}.csv`);
      writeFileSync(file, text, 'utf8');
      const source = await openWorkbookFiles([file]);
      const [info] = await source.listSheets();
      expect(info.name).toBe(csvSheetName(file));
      const t = await source.readSheet(info.name);
      expect(t).toEqual({ sheet: info.name, values: expected, firstRow: 1, firstColumn: 1 });
    },
  );

  it('reads a CSV that is not UTF-8 as Windows-1252 (Excel\'s plain "CSV" on Windows)', async () => {
    // "López" in Windows-1252: L=0x4C ó=0xF3 p=0x70 e=0x65 z=0x7A
    const file = path.join(dir, 'ansi.csv');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('name,score\n'),
        Buffer.from([0x4c, 0xf3, 0x70, 0x65, 0x7a]),
        Buffer.from(',85\n'),
      ]),
    );
    const t = await (await openWorkbookFiles([file])).readSheet('ansi');
    expect(t.values).toEqual([
      ['name', 'score'],
      ['López', '85'],
    ]);
  });

  it('names the sheet after the file base name', () => {
    expect(csvSheetName('data/star.csv')).toBe('star');
    expect(csvSheetName('/x/Scores long.CSV')).toBe('Scores long');
  });

  it('keeps a blank line inside the file as an empty row (Excel row numbers) and drops trailing ones', () => {
    const t = parseCsvText('s', 'a,b\n1,2\n\n3,4\n\n\n');
    expect(t.values).toEqual([
      ['a', 'b'],
      ['1', '2'],
      [null, null],
      ['3', '4'],
    ]);
  });

  it('pads ragged rows to the widest row', () => {
    expect(parseCsvText('s', 'a,b,c\n1\n').values).toEqual([
      ['a', 'b', 'c'],
      ['1', null, null],
    ]);
  });
});

describe('streamCsvRows', () => {
  it('reads a decoded file ahead in pieces without splitting a character or a row', async () => {
    // Chunks of 7 bytes (the file is read 28 at a time, then handed on 7 at a time) cut through
    // every two- and three-byte character somewhere: each row must still come back whole.
    const lines = ['id,name,team'];
    for (let i = 1; i <= 300; i++) lines.push(`${i},Zoë Núñez ${i} — “x”,Équipe ${i % 7}`);
    const text = `${lines.join('\n')}\n`;
    const file = path.join(dir, 'pieces.csv');
    writeFileSync(file, text, 'utf8');
    const want = parseCsvText('pieces', text).values;
    for (const encoding of ['utf-8', undefined] as const) {
      const got: CellValue[][] = [];
      const total = await streamCsvRows(file, (rows) => void got.push(...rows), {
        chunkSize: 7,
        encoding,
      });
      expect(total).toBe(301);
      expect(got).toEqual(want);
      expect(got[300]).toEqual(['300', 'Zoë Núñez 300 — “x”', 'Équipe 6']);
    }
  });

  it('delivers every row of a 200,000-row CSV exactly once with its Excel row number', async () => {
    const n = 200_000;
    const file = path.join(dir, 'big.csv');
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(file);
      out.on('error', reject);
      out.write('\uFEFFid;team;score\n');
      let i = 1;
      const pump = () => {
        let ok = true;
        while (i <= n && ok) {
          // Quoted fields with the delimiter inside cross chunk boundaries somewhere.
          ok = out.write(`${i};"T;${i % 400}";${i % 97 === 0 ? '' : (i * 7) % 101}\n`);
          i++;
        }
        if (i > n) out.end(resolve);
        else out.once('drain', pump);
      };
      pump();
    });
    const seen = new Uint8Array(n + 1);
    const wrong: { got: unknown[]; want: unknown[] }[] = [];
    let header: CellValue[] | null = null;
    let chunks = 0;
    const total = await streamCsvRows(
      file,
      async (rows, firstExcelRow) => {
        chunks++;
        rows.forEach((row, k) => {
          const excelRow = firstExcelRow + k;
          if (excelRow === 1) {
            header = row;
            return;
          }
          const id = Number(row[0]);
          // The header is Excel row 1, so student i sits on row i + 1. Mismatches are collected
          // and asserted once (600,000 expect calls would take minutes).
          const want = [id + 1, `T;${id % 400}`, id % 97 === 0 ? null : String((id * 7) % 101)];
          const got = [excelRow, row[1], row[2]];
          if (got.some((v, j) => v !== want[j]) && wrong.length < 10) wrong.push({ got, want });
          seen[id]++;
        });
        if (chunks % 3 === 0) await new Promise((r) => setTimeout(r, 1));
      },
      { chunkSize: 256 * 1024 },
    );
    expect(header).toEqual(['id', 'team', 'score']);
    expect(total).toBe(n + 1);
    expect(wrong).toEqual([]);
    expect(chunks).toBeGreaterThan(5);
    let missingOrRepeated = 0;
    for (let i = 1; i <= n; i++) if (seen[i] !== 1) missingOrRepeated++;
    expect(missingOrRepeated).toBe(0);
  });
});
