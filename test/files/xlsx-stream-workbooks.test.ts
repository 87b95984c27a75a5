/**
 * Which sheets a workbook has, their names, order and visibility, as the streaming reader
 * (xlsx-stream.ts) finds them, against exceljs's whole reader on the same bytes (the reference):
 * seeded random workbook.xml and relationships with the odd forms corrupt or hand-made files
 * have — sheets listed in another order than their parts, two sheets with one sheetId, sheetId 0,
 * "x" or -1, a missing or empty name, names with entities or over 31 characters, states other
 * than hidden and veryHidden, relationships pointing to a missing part, to the same part, or
 * with "/xl/" before the target, a sheet part no sheet points to. Each workbook is read the same
 * by both, or refused by both.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { openWorkbookFiles } from '../../src/files/source';
import { XlsxBook } from '../../src/files/xlsx/read/xlsx-stream';
import { writeZip } from '../support/zip';
import { mulberry32 as seeded } from '../../bench/seeded.cjs';

const dir = mkdtempSync(path.join(tmpdir(), 'tl-xlsx-workbooks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function randomWorkbook(seed: number): Map<string, Buffer> {
  const rnd = seeded(seed * 31);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const n = 1 + Math.floor(rnd() * 4);
  const names = ['S', 'Data', 'data', 'R&amp;amp;D', 'a &amp;lt; b', "'q'", 'x'.repeat(35), ''];
  const sheets = Array.from({ length: n }, (_, i) => {
    const name = rnd() < 0.08 ? '' : ` name="${pick([...names, `S${i}`])}"`;
    const id = pick<string | number>([i + 1, i + 1, 1, 7, 0, 'x', -1, 3]);
    const state = pick(['', ' state="hidden"', ' state="veryHidden"', ' state="x"', ' state=""']);
    const rid = pick([`rId${i + 1}`, `rId${i + 1}`, 'rId9']);
    return `<sheet${name} sheetId="${id}"${state} r:id="${rid}"/>`;
  });
  const before = pick([
    '',
    '<workbookPr date1904="1"/>',
    '<fileVersion appName="xl"/>',
    '<bookViews><workbookView/></bookViews>',
    '<definedNames><definedName name="x">S!$A$1</definedName></definedNames>',
  ]);
  const after = pick(['', '<calcPr calcId="1"/>', '<extLst><ext uri="u"/></extLst>']);
  const targets = (i: number) => [
    `worksheets/sheet${i + 1}.xml`,
    `/xl/worksheets/sheet${i + 1}.xml`,
    'worksheets/sheet9.xml',
    'worksheets/sheet1.xml',
    'worksheets/sheet5.xml',
  ];
  const rels = Array.from(
    { length: n },
    (_, i) =>
      `<Relationship Id="rId${i + 1}" Type="${RNS}/worksheet" Target="${pick(targets(i))}"/>`,
  ).join('');
  const parts = new Map<string, Buffer>();
  const add = (name: string, text: string) => parts.set(name, Buffer.from(text));
  add(
    '[Content_Types].xml',
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
  );
  add(
    'xl/workbook.xml',
    `<workbook xmlns="${NS}" xmlns:r="${RNS}">${before}<sheets>${sheets.join('')}</sheets>${after}</workbook>`,
  );
  add(
    'xl/_rels/workbook.xml.rels',
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`,
  );
  const sheet = (r: number, v: number) =>
    `<worksheet xmlns="${NS}"><sheetData><row r="${r}"><c r="A${r}"><v>${v}</v></c></row></sheetData></worksheet>`;
  if (rnd() < 0.4) add('xl/worksheets/sheet5.xml', sheet(2, 5)); // no sheet may point to it
  for (let i = n - 1; i >= 0; i--) add(`xl/worksheets/sheet${i + 1}.xml`, sheet(1, i)); // zip order ≠ workbook order
  return parts;
}

type Read =
  { ok: true; sheets: { name: string; visibility: string; table: unknown }[] } | { ok: false };

async function whole(file: string): Promise<Read> {
  try {
    const source = await openWorkbookFiles([file]);
    const sheets = [];
    for (const s of source.sheets)
      sheets.push({
        name: s.name,
        visibility: s.visibility,
        table: await source.readSheet(s.name),
      });
    return { ok: true, sheets };
  } catch {
    return { ok: false };
  }
}

async function streamed(file: string): Promise<Read> {
  let book: XlsxBook;
  try {
    book = await XlsxBook.open(file);
  } catch (err) {
    expect((err as Error).message).toMatch(/could not be read as an \.xlsx workbook/);
    return { ok: false };
  }
  try {
    const sheets = [];
    for (const p of book.sheets)
      sheets.push({ name: p.name, visibility: p.visibility, table: await book.readTable(p) });
    return { ok: true, sheets };
  } finally {
    await book.close();
  }
}

describe('which sheets a workbook has: the streaming reader and the whole reader agree', () => {
  it('250 seeded random workbooks: the same sheets, names, order, visibility and cells, or both refuse', async () => {
    const outcomes = { read: 0, refused: 0 };
    const warn = console.warn; // exceljs warns of each name it cuts to 31 characters
    console.warn = () => {};
    try {
      for (let seed = 1; seed <= 250; seed++) {
        const file = path.join(dir, `wb${seed}.xlsx`);
        writeFileSync(file, writeZip(randomWorkbook(seed)));
        const expected = await whole(file);
        expect({ seed, read: await streamed(file) }).toEqual({ seed, read: expected });
        outcomes[expected.ok ? 'read' : 'refused']++;
      }
    } finally {
      console.warn = warn;
    }
    // Not vacuous: both outcomes occur often.
    expect(outcomes.read).toBeGreaterThan(80);
    expect(outcomes.refused).toBeGreaterThan(50);
  });
});
