import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { lazyPlan, type PlanCell, type SheetPlan } from '../../src/core/plans/types';
import { STATE_SHEET, fingerprintGrid } from '../../src/core/state';
import { openWorkbookFiles } from '../../src/files/source';
import { createXlsxWriter, csvCellForWorkbook } from '../../src/files/xlsx/write/xlsx-write';
import { readZipEntries } from '../support/zip';
import { sheetParts } from '../../src/files/xlsx/write/xlsx-parts';
import { saveSnapshotXlsx } from '../../src/files/xlsx/write/snapshot-xlsx';
import { hashCsvGrid, hashSnapshotSheets, hashXlsxSheets } from '../support/hash';
import {
  libreOfficeRoundTrip,
  noLibreOffice,
  recalculateXlsxDetailed,
} from '../support/libreoffice';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOSTILE = [
  '=1+1',
  '+1',
  '-2+3',
  '@SUM(1)',
  '0123',
  '=HYPERLINK("http://example.org","x")',
  '\t=1+1',
  "=cmd|' /C calc'!A0",
  '85',
];

// Paired data: pre = 1..5, post = 2,4,5,4,6.
const pre = [1, 2, 3, 4, 5];
const post = [2, 4, 5, 4, 6];
// R: t.test(c(2,4,5,4,6), c(1,2,3,4,5), paired=TRUE)$p.value = 0.032677923336802972
const P_VALUE = 0.032677923336802972;
// R: sd(c(2,4,5,4,6) - c(1,2,3,4,5)) = 0.83666002653407556
const SD_DIFF = 0.83666002653407556;

/** Write `plans` into `out` beside the sheets of `source`, under no earlier state. */
async function writeBeside(
  source: Awaited<ReturnType<typeof openWorkbookFiles>>,
  plans: SheetPlan[],
  out: string,
): Promise<void> {
  await createXlsxWriter({
    outPath: out,
    inputs: source.sheets,
    inputFiles: source.files,
    previousState: null,
  }).render(plans, { state: { version: 1, sheets: [] } });
}

function impactPlan(name = 'Impact'): SheetPlan {
  const cells: SheetPlan['cells'] = [['Student', 'Pre', 'Post', 'Diff', 'p', 'sdDiff', 'Label']];
  for (let i = 0; i < 5; i++) {
    const r = i + 2;
    cells.push([
      `S${i + 1}`,
      pre[i],
      post[i],
      { formula: `=C${r}-B${r}`, value: post[i] - pre[i] },
      null,
      null,
      HOSTILE[i],
    ]);
  }
  cells[1][4] = { formula: '=T.TEST(B2:B6,C2:C6,2,1)', value: P_VALUE };
  cells[1][5] = { formula: '=STDEV.S(D2:D6)', value: SD_DIFF };
  for (const h of HOSTILE.slice(5)) cells.push([null, null, null, null, null, null, h]);
  return {
    key: 'impact',
    name,
    cells,
    numberFormats: [{ rect: { row: 2, column: 5, rowCount: 1, columnCount: 2 }, format: '0.000' }],
    columnWidths: [12, 8, 8, 8, 10, 10, 40],
    tables: [{ name: 'tlImpact', rect: { row: 1, column: 1, rowCount: 6, columnCount: 4 } }],
    conditionalFormats: [
      {
        type: 'dataBar',
        rect: { row: 2, column: 4, rowCount: 5, columnCount: 1 },
        color: '#638EC6',
      },
      {
        type: 'colorScale',
        rect: { row: 2, column: 3, rowCount: 5, columnCount: 1 },
        min: '#F8696B',
        mid: { value: 4, color: '#FFEB84' },
        max: '#63BE7B',
      },
      {
        type: 'textEquals',
        rect: { row: 2, column: 7, rowCount: 8, columnCount: 1 },
        text: 'say "hi"',
        fill: '#FFC7CE',
      },
    ],
    charts: [
      {
        type: 'columnClustered',
        title: 'Pre and post',
        axes: { x: 'Group', y: 'Mean score' },
        categories: { row: 2, column: 1, rowCount: 5, columnCount: 1 },
        series: [
          { name: 'Pre', values: { row: 2, column: 2, rowCount: 5, columnCount: 1 } },
          { name: 'Post', values: { row: 2, column: 3, rowCount: 5, columnCount: 1 } },
        ],
        anchor: { row: 2, column: 9, width: 480, height: 288 },
      },
    ],
    freeze: { rows: 1, columns: 1 },
    styles: [
      { rect: { row: 1, column: 1, rowCount: 1, columnCount: 7 }, bold: true, fill: '#DDEBF7' },
    ],
    links: [{ row: 2, column: 1, sheet: 'Scores', targetRow: 3, targetColumn: 1 }],
  };
}

let xlsxIn: string;
let csvIn: string;
let out: string;

function sheetXml(file: string, sheet: string): { xml: string; entries: Map<string, Buffer> } {
  const entries = readZipEntries(readFileSync(file));
  const part = sheetParts(entries).get(sheet)!;
  return { xml: entries.get(part)!.toString('utf8'), entries };
}

/** The <c> element of one cell in sheet XML. */
function cellXml(xml: string, ref: string): string {
  const m = xml.match(new RegExp(`<c r="${ref}"[^>]*?(/>|>.*?</c>)`));
  return m ? m[0] : '';
}

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Scores');
  ws.addRow(['id', 'fall', 'spring', 'gain', 'when']);
  ws.addRow(['a1', 10, 12, { formula: 'C2-B2', result: 2 }, new Date(Date.UTC(2024, 8, 1))]);
  ws.addRow(['a2', 11, 15, { formula: 'C3-B3', result: 4 }, new Date(Date.UTC(2025, 4, 30))]);
  ws.getCell('E2').numFmt = 'yyyy-mm-dd';
  ws.getColumn(1).width = 20;
  wb.addWorksheet('Lists', { state: 'hidden' }).getCell('B2').value = '=not a formula';
  xlsxIn = path.join(dir, 'district.xlsx');
  writeFileSync(xlsxIn, Buffer.from(await wb.xlsx.writeBuffer()));
  csvIn = path.join(dir, 'star.csv');
  writeFileSync(csvIn, 'id;score;note\n001;85;=1+1\n002;-3.5;0123\n003;1e3;12345678901234567\n');

  const source = await openWorkbookFiles([xlsxIn, csvIn]);
  out = path.join(dir, 'district-throughline.xlsx');
  const writer = createXlsxWriter({
    outPath: out,
    inputs: source.sheets,
    inputFiles: source.files,
    previousState: null,
    now: () => new Date('2026-03-01T10:00:00Z'),
  });
  const result = await writer.render([impactPlan()], {
    state: { version: 1, sheets: [], config: { version: 1, students: [] } },
  });
  expect(result).toEqual({ written: ['Impact'], replaced: [] });
});

describe('createXlsxWriter', () => {
  it('keeps every input sheet unchanged, in order, with its visibility', async () => {
    const before = await hashXlsxSheets(xlsxIn);
    const after = await hashXlsxSheets(out);
    expect(after.get('Scores')).toBe(before.get('Scores'));
    expect(after.get('Lists')).toBe(before.get('Lists'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['Scores', 'visible'],
      ['Lists', 'hidden'],
      ['star', 'visible'],
      ['Impact', 'visible'],
      [STATE_SHEET, 'veryHidden'],
    ]);
    expect(wb.getWorksheet('Scores')!.getCell('E2').numFmt).toBe('yyyy-mm-dd');
    expect(wb.getWorksheet('Scores')!.getColumn(1).width).toBe(20);
  });

  it('writes a CSV sheet as Excel opens it: plain decimals as numbers, everything else as the text read', async () => {
    const { xml } = sheetXml(out, 'star');
    expect(cellXml(xml, 'B2')).toMatch(/<v>85<\/v>/);
    expect(cellXml(xml, 'B2')).not.toMatch(/t="/);
    expect(cellXml(xml, 'B3')).toMatch(/<v>-3.5<\/v>/);
    for (const ref of ['A2', 'B4', 'C2', 'C3', 'C4']) {
      expect(cellXml(xml, ref), ref).toMatch(/t="s"/);
      expect(cellXml(xml, ref), ref).not.toMatch(/<f>/);
    }
    const source = await openWorkbookFiles([out]);
    expect((await source.readSheet('star')).values).toEqual([
      ['id', 'score', 'note'],
      ['001', 85, '=1+1'],
      ['002', -3.5, '0123'],
      ['003', '1e3', '12345678901234567'],
    ]);
    // Only the number-like cells differ from the CSV's strings.
    expect(csvCellForWorkbook('0123')).toBe('0123');
    expect(csvCellForWorkbook('1e3')).toBe('1e3');
    expect(csvCellForWorkbook('12345678901234567')).toBe('12345678901234567');
    expect(csvCellForWorkbook('0.5')).toBe(0.5);
  });

  it('turns a CSV cell into a number exactly as the rule written as regular expressions says', () => {
    // The rule as first written: a plain decimal number of at most 15 significant digits.
    const byRegex = (s: string): string | number =>
      !/^-?(0|[1-9]\d*)(\.\d+)?$/.test(s) || s.replace(/[-.]/g, '').replace(/^0+/, '').length > 15
        ? s
        : Number(s);
    const hand = [
      '',
      '-',
      '.',
      '0',
      '-0',
      '00',
      '0.',
      '.5',
      '0.0',
      '-0.000',
      '1.',
      '1..2',
      '+1',
      '1e3',
      ' 1',
      '1 ',
      '007',
      '0.007',
      '100',
      '999999999999999',
      '1000000000000000',
      '0.000000000000000123',
      '-123456789012345.6',
      '12345678901234.5',
      '１２',
      '1,5',
      '--1',
    ];
    for (const s of hand) expect([s, csvCellForWorkbook(s)]).toEqual([s, byRegex(s)]);
    const piece = fc.constantFrom('-', '.', '0', '1', '5', '9', 'e', ' ', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (parts) => {
        const s = parts.join('');
        expect(csvCellForWorkbook(s)).toEqual(byRegex(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('writes plan strings as text, whatever they start with (no <f> in the sheet XML)', () => {
    const { xml } = sheetXml(out, 'Impact');
    const plan = impactPlan();
    plan.cells.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (typeof cell !== 'string') return;
        const ref = `${String.fromCharCode(65 + c)}${r + 1}`;
        expect(cellXml(xml, ref), `${ref} ${cell}`).toMatch(/t="s"/);
        expect(cellXml(xml, ref), `${ref} ${cell}`).not.toMatch(/<f>/);
      }),
    );
    expect((xml.match(/<f>/g) ?? []).length).toBe(7); // 5 Diff + T.TEST + STDEV.S
  });

  it('writes formulas with _xlfn prefixes and the engine value as cached result', () => {
    const { xml } = sheetXml(out, 'Impact');
    expect(cellXml(xml, 'E2')).toContain(
      '<f>_xlfn.T.TEST(B2:B6,C2:C6,2,1)</f><v>0.032677923336803</v>'.slice(0, 44),
    );
    expect(cellXml(xml, 'E2')).toMatch(/<v>0\.03267792333680\d*<\/v>/);
    expect(cellXml(xml, 'F2')).toContain('<f>_xlfn.STDEV.S(D2:D6)</f>');
    expect(cellXml(xml, 'D3')).toMatch(/<f>C3-B3<\/f><v>2<\/v>/);
  });

  it('gives each plan cell its number format and style, empty styled cells included', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('Impact')!;
    expect(ws.getCell('E2').numFmt).toBe('0.000');
    expect(ws.getCell('F2').numFmt).toBe('0.000');
    expect(ws.getCell('D2').numFmt).toBeUndefined();
    for (const ref of ['A1', 'D1', 'G1']) {
      expect(ws.getCell(ref).font?.bold, ref).toBe(true);
      expect(ws.getCell(ref).fill, ref).toMatchObject({
        type: 'pattern',
        pattern: 'solid',
        fgColor: { argb: 'FFDDEBF7' },
      });
    }
    expect(ws.getCell('A2').font).toMatchObject({ underline: true, color: { argb: 'FF0563C1' } });
    expect(ws.getCell('A3').font?.underline).toBeUndefined();
    expect(ws.getCell('B2').font?.bold).toBeUndefined();
    expect(ws.getColumn(7).width).toBe(40);
    // A style over an empty cell still styles it.
    const file = path.join(dir, 'empty-styled.xlsx');
    await createXlsxWriter({
      outPath: file,
      inputs: [],
      inputFiles: [],
      previousState: null,
    }).render(
      [
        {
          key: 'e',
          name: 'E',
          cells: [['x', null]],
          styles: [
            {
              rect: { row: 1, column: 1, rowCount: 3, columnCount: 3 },
              fill: '#FF0000',
              italic: true,
              wrap: true,
              horizontalAlignment: 'center',
            },
          ],
        },
      ],
      { state: { version: 1, sheets: [] } },
    );
    const e = new ExcelJS.Workbook();
    await e.xlsx.readFile(file);
    const c3 = e.getWorksheet('E')!.getCell('C3');
    expect(c3.value).toBeNull();
    expect(c3.fill).toMatchObject({ fgColor: { argb: 'FFFF0000' } });
    expect(c3.font?.italic).toBe(true);
    expect(c3.alignment).toMatchObject({ wrapText: true, horizontal: 'center' });
  });

  it('adds the table, the internal hyperlink, the chart and frozen panes', () => {
    const { xml, entries } = sheetXml(out, 'Impact');
    const table = entries.get('xl/tables/table1.xml')!.toString('utf8');
    expect(table).toContain('ref="A1:D6"');
    expect(table).toContain('<tableColumn id="1" name="Student"/>');
    expect(xml).toMatch(/<tableParts count="1"><tablePart r:id="rId\d+"\/><\/tableParts>/);
    expect(xml).toContain(`<hyperlink ref="A2" location="'Scores'!A3" display="S1"/>`);
    expect(xml).toMatch(/<drawing r:id="rId\d+"\/>/);
    const chart = entries.get('xl/charts/chart1.xml')!.toString('utf8');
    expect(chart).toContain('<c:barDir val="col"/><c:grouping val="clustered"/>');
    expect(chart).toContain("<c:f>'Impact'!$B$2:$B$6</c:f>");
    expect(entries.get('[Content_Types].xml')!.toString('utf8')).toContain('/xl/charts/chart1.xml');
    expect(xml).toContain('state="frozen"');
    expect(xml).toContain('type="dataBar"');
    // The data bar's x14 twin: one fixed id, not exceljs's random GUID (same bytes every run),
    // named alike by the rule and its extension.
    const id = '{00000000-0000-4000-8000-000000000001}';
    expect(xml).toContain(`<x14:id>${id}</x14:id>`);
    expect(xml).toContain(`<x14:cfRule type="dataBar" id="${id}">`);
    expect([...xml.matchAll(/(?:<x14:id>|\bid=")(\{[^}]+\})/g)].map((m) => m[1])).toEqual([id, id]);
    expect(xml).toContain('type="colorScale"');
    expect(xml).toContain('<formula>&quot;say &quot;&quot;hi&quot;&quot;&quot;</formula>');
    // Each added element is a direct child of <worksheet>, in the schema's order.
    const tail = xml.slice(xml.lastIndexOf('</conditionalFormatting>'));
    expect(tail).toMatch(
      /^<\/conditionalFormatting><hyperlinks>.*<\/hyperlinks><pageMargins .*<pageSetup [^>]*\/><drawing r:id="rId\d+"\/><tableParts count="1">.*<\/tableParts><extLst>/,
    );
  });

  it('stores the state very hidden with a fingerprint of each written sheet; a re-run replaces only its own sheet', async () => {
    const source = await openWorkbookFiles([out]);
    const state = await source.readState();
    expect(state).toEqual({
      version: 1,
      config: { version: 1, students: [] },
      sheets: [
        {
          key: 'impact',
          name: 'Impact',
          fingerprint: fingerprintGrid(impactPlan().cells),
          writtenAt: '2026-03-01T10:00:00.000Z',
        },
      ],
    });
    expect(await source.editedOwnedSheets(state!)).toEqual([]);

    const again = path.join(dir, 'again.xlsx');
    const writer = createXlsxWriter({
      outPath: again,
      inputs: source.sheets,
      inputFiles: source.files,
      previousState: state,
    });
    const result = await writer.render([impactPlan()], { state: { version: 1, sheets: [] } });
    expect(result).toEqual({ written: [], replaced: ['Impact'] });
    const h1 = await hashXlsxSheets(out);
    const h2 = await hashXlsxSheets(again);
    for (const name of ['Scores', 'Lists', 'star', 'Impact'])
      expect(h2.get(name), name).toBe(h1.get(name));
  });

  it('fingerprints a long sheet made row by row as it writes it: the state holds its fingerprint, and it reads back unedited', async () => {
    // 50,000 rows and more are fingerprinted while written (the frame is then made again).
    const n = 60_000;
    const cellsOf = (i: number): PlanCell[] =>
      i === 0 ? ['ID', 'Score', 'Twice'] : [`S${i}`, i, { formula: `=B${i + 1}*2`, value: 2 * i }];
    const plan = lazyPlan(
      { key: 'student-targets', name: 'Targets' },
      { count: n + 1, row: cellsOf },
    );
    const source = await openWorkbookFiles([xlsxIn]);
    const file = path.join(dir, 'long-made.xlsx');
    await writeBeside(source, [plan], file);
    const back = await openWorkbookFiles([file]);
    const state = await back.readState();
    const rows = Array.from({ length: n + 1 }, (_, i) => cellsOf(i));
    expect(state!.sheets).toEqual([
      expect.objectContaining({ name: 'Targets', fingerprint: fingerprintGrid(rows) }),
    ]);
    expect(await back.editedOwnedSheets(state!)).toEqual([]);
    // The input sheets' strings are unchanged beside the state's.
    const h1 = await hashXlsxSheets(xlsxIn);
    const h2 = await hashXlsxSheets(file);
    for (const name of ['Scores', 'Lists']) expect(h2.get(name), name).toBe(h1.get(name));
  });

  it('a held sheet of 1,000 rows and more beside a long made one is fingerprinted as it is written, to the same fingerprint', async () => {
    // With a made sheet of 50,000 rows the frame is made again, and a held sheet of 1,000 rows
    // and more (a cell over Excel's limit among them, cut when written) is fingerprinted while
    // written too; a shorter one before. Each must hold the fingerprint it gets written alone.
    const long = 'x'.repeat(40_000);
    const held = (name: string, key: string, n: number): SheetPlan => ({
      key,
      name,
      cells: Array.from({ length: n }, (_, i) =>
        i === 0
          ? ['Team', 'Note', 'n']
          : [`T${i}`, i === 7 ? long : null, { formula: `=LEN(A${i + 1})`, value: 1 }],
      ),
    });
    const made = lazyPlan(
      { key: 'student-targets', name: 'Targets' },
      { count: 50_001, row: (i) => (i === 0 ? ['ID'] : [`S${i}`]) },
    );
    const source = await openWorkbookFiles([xlsxIn]);
    const fingerprintsOf = async (plans: SheetPlan[], file: string) => {
      await writeBeside(source, plans, file);
      const back = await openWorkbookFiles([file]);
      const state = await back.readState();
      expect(await back.editedOwnedSheets(state!)).toEqual([]);
      return new Map(state!.sheets.map((x) => [x.name, x.fingerprint]));
    };
    const alone = await fingerprintsOf(
      [held('Big', 'impact', 1_500), held('Small', 'impact-view', 10)],
      path.join(dir, 'held-alone.xlsx'),
    );
    const beside = await fingerprintsOf(
      [held('Big', 'impact', 1_500), held('Small', 'impact-view', 10), made],
      path.join(dir, 'held-beside.xlsx'),
    );
    expect(beside.get('Big')).toBe(alone.get('Big'));
    expect(beside.get('Small')).toBe(alone.get('Small'));
    expect(new Set(beside.values()).size).toBe(3);
  });

  it('refuses to replace a sheet it does not own, and to write over an input', async () => {
    const source = await openWorkbookFiles([xlsxIn]);
    const writer = createXlsxWriter({
      outPath: path.join(dir, 'x.xlsx'),
      inputs: source.sheets,
      inputFiles: source.files,
      previousState: null,
    });
    await expect(
      writer.render([impactPlan('Scores')], { state: { version: 1, sheets: [] } }),
    ).rejects.toThrow(/does not own/);
    expect(() =>
      createXlsxWriter({
        outPath: xlsxIn,
        inputs: source.sheets,
        inputFiles: [xlsxIn],
        previousState: null,
      }),
    ).toThrow(/never writes its inputs/);
  });

  it('the CSV input sheet hashes as its strings would (strings that are not plain numbers)', async () => {
    const source = await openWorkbookFiles([csvIn]);
    const t = await source.readSheet('star');
    expect(hashCsvGrid(t.values)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('createXlsxWriter cell kinds', () => {
  it('writes booleans as booleans, formula results of every kind, and no cached value when there is none', async () => {
    const file = path.join(dir, 'kinds.xlsx');
    const plan: SheetPlan = {
      key: 'kinds',
      name: 'Kinds',
      cells: [
        [
          true,
          false,
          Number.NaN,
          { formula: '=A1&""', value: 'TRUE' },
          { formula: '=1>0', value: true },
          { formula: '=NA()', value: null },
          { formula: '=1/0', value: Number.POSITIVE_INFINITY },
        ],
      ],
    };
    await createXlsxWriter({
      outPath: file,
      inputs: [],
      inputFiles: [],
      previousState: null,
    }).render([plan], { state: { version: 1, sheets: [] } });
    const { xml } = sheetXml(file, 'Kinds');
    expect(cellXml(xml, 'A1')).toMatch(/t="b"><v>1<\/v>/);
    expect(cellXml(xml, 'B1')).toMatch(/t="b"><v>0<\/v>/);
    expect(cellXml(xml, 'C1')).toBe(''); // NaN is not a value: the cell stays empty
    expect(cellXml(xml, 'D1')).toMatch(/t="str"><f>A1&amp;&quot;&quot;<\/f><v>TRUE<\/v>/);
    expect(cellXml(xml, 'E1')).toMatch(/t="b"><f>1&gt;0<\/f><v>1<\/v>/);
    expect(cellXml(xml, 'F1')).not.toContain('<v>');
    expect(cellXml(xml, 'G1')).not.toContain('<v>');
    const source = await openWorkbookFiles([file]);
    expect((await source.readSheet('Kinds')).values).toEqual([[true, false, null, 'TRUE', true]]);
  });
});

describe('saveSnapshotXlsx', () => {
  it('saves a snapshot with prefixed formulas and cached values that hash the same as the snapshot', async () => {
    const snapshot = {
      sheets: [
        {
          name: 'Data',
          visibility: 'visible' as const,
          cells: [
            [{ value: 'x' }, { value: '=1+1' }],
            [{ value: 3 }, { value: 0.5, formula: '=T.DIST.2T(1,4)', numberFormat: '0.00' }],
          ],
        },
        { name: 'Hidden', visibility: 'veryHidden' as const, cells: [[null, { value: true }]] },
      ],
    };
    const file = path.join(dir, 'snap.xlsx');
    await saveSnapshotXlsx(snapshot, file);
    expect(await hashXlsxSheets(file)).toEqual(hashSnapshotSheets(snapshot));
    const { xml } = sheetXml(file, 'Data');
    expect(cellXml(xml, 'B2')).toContain('<f>_xlfn.T.DIST.2T(1,4)</f>');
    expect(cellXml(xml, 'B1')).not.toContain('<f>');
  });
});

(noLibreOffice() ? describe.skip : describe)('LibreOffice recalculation', () => {
  it('really recalculates: a formula =1+1 with cached value 5 reads back 2', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').getCell('A1').value = { formula: '1+1', result: 5 };
    const file = path.join(dir, 'five.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    const recalc = await recalculateXlsxDetailed(file);
    expect(recalc.get('S')!.values[0][0]).toBe(2);
  });

  it('recomputes every formula of the written workbook to the engine value, and keeps hostile strings as text', async () => {
    const recalc = (await recalculateXlsxDetailed(out)).get('Impact')!;
    const plan = impactPlan();
    let formulas = 0;
    plan.cells.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (cell && typeof cell === 'object') {
          formulas++;
          const got = recalc.values[r][c] as number;
          const want = cell.value as number;
          expect(
            Math.abs(got - want) / Math.max(Math.abs(want), 1e-6),
            `${cell.formula}`,
          ).toBeLessThanOrEqual(1e-9);
        } else if (typeof cell === 'string') {
          expect(recalc.values[r][c]).toBe(cell.replace(/\r/g, '\n'));
          expect(recalc.formulas[r][c]).toBeNull();
        }
      }),
    );
    expect(formulas).toBe(7);
    const star = (await recalculateXlsxDetailed(out)).get('star')!;
    expect(star.values).toEqual([
      ['id', 'score', 'note'],
      ['001', 85, '=1+1'],
      ['002', -3.5, '0123'],
      ['003', '1e3', '12345678901234567'],
    ]);
    expect(star.formulas.flat().every((f) => f === null)).toBe(true);
    // The p-value against R directly.
    expect(Math.abs((recalc.values[1][4] as number) - P_VALUE)).toBeLessThan(1e-12);
  });

  it('opens the table and the chart: LibreOffice keeps both when it saves the workbook again', async () => {
    const entries = readZipEntries(await libreOfficeRoundTrip(out));
    const names = [...entries.keys()];
    const table = names.find((n) => /^xl\/tables\/table\d+\.xml$/.test(n));
    expect(table).toBeDefined();
    expect(entries.get(table!)!.toString('utf8')).toMatch(/ref="A1:D6"/);
    const chart = names.find((n) => /^xl\/charts\/chart\d+\.xml$/.test(n));
    expect(chart).toBeDefined();
    expect(entries.get(chart!)!.toString('utf8')).toContain('barDir val="col"');
  });
});

describe('input workbooks keep what their formulas rely on', () => {
  let file: string;
  let input: string;
  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('D');
    ws.addTable({
      name: 'Scores',
      ref: 'A1',
      headerRow: true,
      style: { theme: 'TableStyleLight9', showRowStripes: true },
      columns: [{ name: 'id' }, { name: 'score' }],
      rows: [
        ['a', 1],
        ['b', 2],
      ],
    });
    wb.definedNames.add('D!$B$2:$B$3', 'scoreRange');
    ws.getCell('D1').value = { formula: 'SUM(scoreRange)', result: 3 };
    ws.getCell('D2').value = { formula: 'SUM(Scores[score])', result: 3 };
    ws.addConditionalFormatting({
      ref: 'B2:B3',
      rules: [
        {
          type: 'dataBar',
          priority: 1,
          cfvo: [{ type: 'min' }, { type: 'max' }],
          color: { argb: 'FF638EC6' },
        } as unknown as ExcelJS.ConditionalFormattingRule,
      ],
    });
    ws.getCell('E1').dataValidation = { type: 'list', formulae: ['"a,b"'] };
    input = path.join(dir, 'named.xlsx');
    writeFileSync(input, Buffer.from(await wb.xlsx.writeBuffer()));
    const source = await openWorkbookFiles([input]);
    file = path.join(dir, 'named-out.xlsx');
    const plan: SheetPlan = {
      key: 'x',
      name: 'Out',
      cells: [
        ['id', 'n'],
        ['a', 1],
      ],
      tables: [{ name: 'Scores', rect: { row: 1, column: 1, rowCount: 2, columnCount: 2 } }],
    };
    await writeBeside(source, [plan], file);
  });

  it('copies defined names, the table, conditional formats and validations; an output table with a taken name is renamed', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect((wb.definedNames as unknown as { model: unknown }).model).toEqual([
      { name: 'scoreRange', ranges: ['D!$B$2:$B$3'] },
    ]);
    const d = wb.getWorksheet('D')!;
    expect(Object.keys((d as unknown as { tables: Record<string, unknown> }).tables)).toEqual([
      'Scores',
    ]);
    expect(
      (d as unknown as { conditionalFormattings: { ref: string }[] }).conditionalFormattings.map(
        (c) => c.ref,
      ),
    ).toEqual(['B2:B3']);
    expect(d.getCell('E1').dataValidation).toMatchObject({ type: 'list', formulae: ['"a,b"'] });
    expect(
      Object.keys(
        (wb.getWorksheet('Out') as unknown as { tables: Record<string, unknown> }).tables,
      ),
    ).toEqual(['Scores_2']);
    expect((await hashXlsxSheets(file)).get('D')).toBe((await hashXlsxSheets(input)).get('D'));
  });

  (noLibreOffice() ? it.skip : it)(
    'LibreOffice recalculates the name and the structured reference (no #NAME?)',
    async () => {
      const d = (await recalculateXlsxDetailed(file)).get('D')!;
      // 1 + 2 = 3 both ways.
      expect(d.values[0][3]).toBe(3);
      expect(d.values[1][3]).toBe(3);
    },
  );
});

describe('the state sheet name and notes', () => {
  it("refuses to drop a person's own visible sheet named like the state sheet", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet(STATE_SHEET).getCell('A1').value = 'my notes';
    const input = path.join(dir, 'taken.xlsx');
    writeFileSync(input, Buffer.from(await wb.xlsx.writeBuffer()));
    const source = await openWorkbookFiles([input]);
    const writer = createXlsxWriter({
      outPath: path.join(dir, 'taken-out.xlsx'),
      inputs: source.sheets,
      inputFiles: source.files,
      previousState: null,
    });
    await expect(writer.render([], { state: { version: 1, sheets: [] } })).rejects.toMatchObject({
      code: 'STATE_SHEET_TAKEN',
      message: expect.stringMatching(/Rename that sheet/),
    });
  });

  it('two earlier outputs as inputs: the first state is read, no duplicate-sheet error', async () => {
    const make = async (name: string, sheet: string) => {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet(sheet).getCell('A1').value = 1;
      const st = wb.addWorksheet(STATE_SHEET, { state: 'veryHidden' });
      st.getCell('A1').value = 'Throughline state v1 — do not edit';
      st.getCell('A2').value = JSON.stringify({
        version: 1,
        sheets: [{ key: 'k', name: sheet, fingerprint: 'x', writtenAt: 'y' }],
      });
      const f = path.join(dir, name);
      writeFileSync(f, Buffer.from(await wb.xlsx.writeBuffer()));
      return f;
    };
    const source = await openWorkbookFiles([
      await make('one.xlsx', 'First'),
      await make('two.xlsx', 'Second'),
    ]);
    expect(source.sheets.map((s) => s.name)).toEqual(['First', STATE_SHEET, 'Second']);
    expect((await source.readState())?.sheets.map((s) => s.name)).toEqual(['First']);
  });

  it('keeps cell notes of input sheets', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('N');
    ws.getCell('A1').value = 'id';
    ws.getCell('A1').note = 'student id from the SIS';
    const input = path.join(dir, 'notes.xlsx');
    writeFileSync(input, Buffer.from(await wb.xlsx.writeBuffer()));
    const source = await openWorkbookFiles([input]);
    const out2 = path.join(dir, 'notes-out.xlsx');
    await writeBeside(source, [], out2);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(out2);
    const note = back.getWorksheet('N')!.getCell('A1').note as unknown;
    expect(JSON.stringify(note)).toContain('student id from the SIS');
  });
});

describe('writing the output file', () => {
  it('a folder in the way: a clear message, no temporary file left, nothing else touched', async () => {
    const { mkdirSync, readdirSync } = await import('node:fs');
    const target = path.join(dir, 'is-a-folder.xlsx');
    mkdirSync(target);
    const writer = createXlsxWriter({
      outPath: target,
      inputs: [],
      inputFiles: [],
      previousState: null,
    });
    await expect(writer.render([], { state: { version: 1, sheets: [] } })).rejects.toMatchObject({
      code: 'CANNOT_WRITE',
      message: expect.stringMatching(/Could not write .*is-a-folder\.xlsx: it is a folder/),
    });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
