/**
 * The streaming .xlsx reader on sheet XML written by hand, the forms Excel, LibreOffice and
 * other writers use that exceljs's writer does not: escapes and phonetic runs in shared
 * strings, inline rich text, formulas with boolean, error, text, zero and missing results,
 * cells without a reference, repeated cells and rows, rows out of order, a merged range whose
 * other cells still hold values, characters split between inflated chunks, a 1904 workbook.
 * Each is read whole by exceljs's reader (the reference) and by the streaming reader: same
 * sheets, and streamed into the intake, the same Datasets and issues.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { main } from '../../src/cli/main';
import { analyze } from '../../src/core/analyze';
import type { MappingConfig } from '../../src/core/config';
import { readDatasets, validateConfig } from '../../src/core/intake';
import { reportJsonPieces } from '../../src/cli/report-json';
import { openWorkbookFiles } from '../../src/files/source';
import { readStreaming } from '../../src/core/sources';
import { XlsxBook } from '../../src/files/xlsx/read/xlsx-stream';
import { NotStreamableError, XlsxSheetStream } from '../../src/files/xlsx/read/xlsx-stream-intake';
import { writeZip } from '../support/zip';
import { plain } from '../support/plain';

const dir = mkdtempSync(path.join(tmpdir(), 'tl-xlsx-edges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const STYLES = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;

/** A workbook from sheet XML bodies (the inside of <sheetData>, then anything after it). */
function workbook(
  name: string,
  sheets: { name: string; rows: string; after?: string }[],
  options: { shared?: string[]; workbookPr?: string } = {},
): string {
  const parts = new Map<string, Buffer>();
  parts.set(
    '[Content_Types].xml',
    Buffer.from(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
  );
  parts.set(
    'xl/workbook.xml',
    Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${RNS}">${options.workbookPr ?? ''}<sheets>${sheets
        .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    ),
  );
  parts.set(
    'xl/_rels/workbook.xml.rels',
    Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map(
          (_s, i) =>
            `<Relationship Id="rId${i + 1}" Type="${RNS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join('')}</Relationships>`,
    ),
  );
  parts.set('xl/styles.xml', Buffer.from(STYLES));
  if (options.shared)
    parts.set(
      'xl/sharedStrings.xml',
      Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="${options.shared.length}">${options.shared.join('')}</sst>`,
      ),
    );
  sheets.forEach((s, i) =>
    parts.set(
      `xl/worksheets/sheet${i + 1}.xml`,
      Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}" xmlns:r="${RNS}"><sheetData>${s.rows}</sheetData>${s.after ?? ''}</worksheet>`,
      ),
    ),
  );
  const file = path.join(dir, name);
  writeFileSync(file, writeZip(parts));
  return file;
}

async function wholeTables(file: string) {
  const source = await openWorkbookFiles([file]);
  return Promise.all(source.sheets.map((s) => source.readSheet(s.name)));
}

async function streamedTables(file: string) {
  const book = await XlsxBook.open(file);
  try {
    const out = [];
    for (const p of book.sheets) out.push(await book.readTable(p));
    return out;
  } finally {
    await book.close();
  }
}

/** A student sheet's rows: ID, Pre, Post (numbers), Note (`cell`), from Excel row 2. */
function studentRows(n: number, cell: (r: number, i: number) => string = () => ''): string {
  let xml =
    '<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c><c r="B1" t="inlineStr"><is><t>Pre</t></is></c><c r="C1" t="inlineStr"><is><t>Post</t></is></c><c r="D1" t="inlineStr"><is><t>Note</t></is></c></row>';
  for (let i = 0; i < n; i++) {
    const r = i + 2;
    xml += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>S${i}</t></is></c><c r="B${r}"><v>${40 + (i % 50)}</v></c><c r="C${r}"><v>${45 + (i % 50)}</v></c>${cell(r, i)}</row>`;
  }
  return xml;
}

const CONFIG: MappingConfig = {
  version: 1,
  students: [
    {
      sheet: 'S',
      id: 'ID',
      measures: [{ name: 'Score', pre: 'Pre', post: 'Post', max: 100, proficient: 70 }],
    },
  ],
};

async function expectSameIntake(file: string, sampleRows: number) {
  const expected = readDatasets(await wholeTables(file), CONFIG);
  const book = await XlsxBook.open(file);
  const stages: string[] = [];
  try {
    const read = await readStreaming(
      book.sheets.map((p) => new XlsxSheetStream(book, p)),
      (tables) => {
        validateConfig(CONFIG, tables);
        return { config: CONFIG, detection: null };
      },
      { sampleRows, progress: (s) => stages.push(s) },
    );
    expect(plain(read.intake.datasets)).toEqual(plain(expected.datasets));
    expect(read.intake.dataQuality).toEqual(expected.dataQuality);
    return stages;
  } finally {
    await book.close();
  }
}

describe('cells as the whole reader reads them', () => {
  it('shared strings: _xHHHH_ escapes, phonetic runs, rich runs, empty items', async () => {
    const file = workbook(
      'shared.xlsx',
      [
        {
          name: 'T',
          rows: [0, 1, 2, 3, 4]
            .map((k) => `<row r="${k + 1}"><c r="A${k + 1}" t="s"><v>${k}</v></c></row>`)
            .join(''),
        },
      ],
      {
        shared: [
          '<si><t>line one_x000D_\nline two_x0009_tab</t></si>',
          '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>',
          '<si><r><t>Ms. </t></r><r><rPr><b/></rPr><t>Lopez</t></r></si>',
          '<si/>',
          '<si><t xml:space="preserve">  spaced  </t></si>',
        ],
      },
    );
    const whole = await wholeTables(file);
    expect(await streamedTables(file)).toEqual(whole);
    // Independent of both readers: what the XML says.
    expect(whole[0].values.map((r) => r[0])).toEqual([
      'line one\r\nline two\ttab',
      '東京',
      'Ms. Lopez',
      null,
      '  spaced  ',
    ]);
  });

  it('inline rich text, text cells, formulas with boolean, error, text, 0 and missing results, dates', async () => {
    const file = workbook('cells.xlsx', [
      {
        name: 'T',
        rows:
          '<row r="1">' +
          '<c r="A1" t="inlineStr"><is><r><t>Ana </t></r><r><rPr><i/></rPr><t>Ruiz</t></r></is></c>' +
          '<c r="B1" t="str"><v>AT&amp;T</v></c>' +
          '<c r="C1" t="b"><f>1=1</f><v>1</v></c>' +
          '<c r="D1" t="e"><f>NA()</f><v>#N/A</v></c>' +
          '<c r="E1" t="str"><f>"x"&amp;"y"</f><v>xy</v></c>' +
          '<c r="F1"><f>0*1</f><v>0</v></c>' +
          '<c r="G1"><f>A9</f></c>' +
          '<c r="H1" s="1"><v>45536.5</v></c>' +
          '<c r="I1" s="2"><f>H1+1</f><v>45537.25</v></c>' +
          '<c r="J1" t="e"><v>#DIV/0!</v></c>' +
          '<c r="K1" t="b"><v>0</v></c>' +
          '<c r="L1"><f t="shared" si="4"/><v>7</v></c>' +
          '</row>',
      },
    ]);
    const whole = await wholeTables(file);
    expect(await streamedTables(file)).toEqual(whole);
    expect(whole[0].values[0]).toEqual([
      'Ana Ruiz',
      'AT&T',
      true,
      '#N/A',
      'xy',
      0,
      null,
      45536.5,
      45537.25,
      '#DIV/0!',
      false,
      7,
    ]);
  });

  it('cells without a reference, repeated cells and rows, rows out of order (a small sheet)', async () => {
    const file = workbook('order.xlsx', [
      {
        name: 'T',
        rows:
          '<row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c><c r="B3"><v>9</v></c></row>' +
          '<row r="1"><c r="A1" t="inlineStr"><is><t>top</t></is></c><c r="B1"/><c><v>5</v></c></row>' +
          '<row r="3"><c r="D3"><v>4</v></c></row>' +
          '<row r="6"><c r="A6" s="1"/></row>',
      },
    ]);
    const whole = await wholeTables(file);
    expect(await streamedTables(file)).toEqual(whole);
  });

  it('a merged range: its value in the top-left cell only, even when the others hold values', async () => {
    const file = workbook('merged.xlsx', [
      {
        name: 'T',
        rows:
          '<row r="1"><c r="A1" t="inlineStr"><is><t>Title</t></is></c><c r="B1" t="inlineStr"><is><t>kept by LibreOffice</t></is></c></row>' +
          '<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c></row>',
        after: '<mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells>',
      },
    ]);
    const whole = await wholeTables(file);
    expect(await streamedTables(file)).toEqual(whole);
    expect(whole[0].values).toEqual([
      ['Title', null],
      [1, 2],
    ]);
  });

  it('a 1904 workbook (date1904="1"), and one whose attribute reads "true" (exceljs: not 1904)', async () => {
    for (const pr of ['<workbookPr date1904="1"/>', '<workbookPr date1904="true"/>']) {
      const file = workbook(
        'd1904.xlsx',
        [{ name: 'T', rows: '<row r="1"><c r="A1" s="1"><v>44074</v></c></row>' }],
        { workbookPr: pr },
      );
      expect(await streamedTables(file)).toEqual(await wholeTables(file));
    }
  });

  it('characters of several bytes split between inflated chunks', async () => {
    const text = 'Zoë Müller-Łukasiewicz ñandú 東京 😀 '.repeat(40);
    const rows = Array.from(
      { length: 400 },
      (_, i) =>
        `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${i} ${text}</t></is></c><c r="B${i + 1}" t="s"><v>${i % 3}</v></c></row>`,
    ).join('');
    const file = workbook('utf8.xlsx', [{ name: 'T', rows }], {
      shared: [0, 1, 2].map((k) => `<si><t>${k} ${text.repeat(30)}</t></si>`),
    });
    const whole = await wholeTables(file);
    expect(await streamedTables(file)).toEqual(whole);
    expect(JSON.stringify(whole)).not.toContain('\uFFFD');
  });
});

describe('merged ranges in number', () => {
  it('a merged range on every row (3,000 ranges): the same sheet, the same intake', async () => {
    const n = 3000; // exceljs's whole reader takes O(ranges²): 8,000 take it 8 s
    const file = workbook('many-merges.xlsx', [
      {
        name: 'S',
        rows: studentRows(
          n,
          (r) => `<c r="D${r}" t="inlineStr"><is><t>n${r}</t></is></c><c r="E${r}"><v>1</v></c>`,
        ),
        after: `<mergeCells count="${n}">${Array.from({ length: n }, (_, i) => `<mergeCell ref="D${i + 2}:E${i + 2}"/>`).join('')}</mergeCells>`,
      },
    ]);
    const whole = await wholeTables(file);
    expect(await streamedTables(file)).toEqual(whole);
    expect(whole[0].values[1]).toEqual(['S0', 40, 45, 'n2']); // E2 is inside D2:E2
    const stages = await expectSameIntake(file, 1001);
    // The values hidden in E (every row after the head) make the sheet be read once more.
    expect(stages.filter((x) => x.startsWith('Reading the first rows')).length).toBe(2);
  });

  it('overlapping merged ranges: refused by both readers', async () => {
    const file = workbook('overlap.xlsx', [
      {
        name: 'S',
        rows: studentRows(5),
        after:
          '<mergeCells count="2"><mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/></mergeCells>',
      },
    ]);
    await expect(openWorkbookFiles([file])).rejects.toThrow(/already merged/);
    await expect(streamedTables(file)).rejects.toThrow(/already merged/);
  });
});

describe('streamed into the intake', () => {
  it('a merged range deep in the data whose other cells hold values: read again, same result', async () => {
    const file = workbook('deep-merge.xlsx', [
      {
        name: 'S',
        rows: studentRows(300, (r) =>
          r === 250 ? `<c r="D${r}"><v>1</v></c>` : r === 251 ? `<c r="D${r}"><v>2</v></c>` : '',
        ),
        // C250:C251 hides the Post score of row 251; D250:D251 a note's second value.
        after:
          '<mergeCells count="2"><mergeCell ref="C250:C251"/><mergeCell ref="D250:D251"/></mergeCells>',
      },
    ]);
    const stages = await expectSameIntake(file, 50);
    expect(stages.filter((s) => s.startsWith('Reading the first rows')).length).toBe(2);
    const whole = await wholeTables(file);
    expect(whole[0].values[251 - 1][2]).toBeNull(); // the hidden Post score is not read
  });

  it('a merged range deep in the data whose other cells are empty: read again with it known', async () => {
    // The reader needs a sheet's merges from its first data row on (a merged Team cell is read
    // as its value on every row it covers): merges below the first row cost one more pass.
    const file = workbook('deep-merge-empty.xlsx', [
      {
        name: 'S',
        rows: studentRows(300, (r) => (r === 250 ? `<c r="D${r}"><v>1</v></c>` : '')),
        after: '<mergeCells count="1"><mergeCell ref="D250:D252"/></mergeCells>',
      },
    ]);
    const stages = await expectSameIntake(file, 50);
    expect(stages.filter((s) => s.startsWith('Reading the first rows')).length).toBe(2);
  });

  it('a merged range in the first row only (a header spread over two columns): one pass', async () => {
    const file = workbook('header-merge.xlsx', [
      {
        name: 'S',
        rows: studentRows(300),
        after: '<mergeCells count="1"><mergeCell ref="D1:E1"/></mergeCells>',
      },
    ]);
    const stages = await expectSameIntake(file, 50);
    expect(stages.filter((s) => s.startsWith('Reading the first rows')).length).toBe(1);
  });

  it('rows out of order after the first rows: NotStreamableError, and the command line reads it whole', async () => {
    // 6,000 rows (more than the command line's 5,001-row sample), row 5,500 written last.
    const rows = studentRows(6000);
    const pattern = /<row r="5500">.*?<\/row>/;
    const file = workbook('disorder.xlsx', [
      { name: 'S', rows: rows.replace(pattern, '') + pattern.exec(rows)![0] },
    ]);
    await expect(expectSameIntake(file, 50)).rejects.toBeInstanceOf(NotStreamableError);

    const out = path.join(dir, 'disorder.json');
    const err = { text: '', write: (s: string) => ((err.text += s), true) };
    const sink = { text: '', write: (s: string) => ((sink.text += s), true) };
    const cfg = path.join(dir, 'cfg.json');
    writeFileSync(cfg, JSON.stringify(CONFIG));
    const NOW = new Date('2026-06-01T00:00:00Z');
    const code = await main(['analyze', file, '--config', cfg, '--json', out], {
      stdout: sink,
      stderr: err,
      analyze,
      now: () => NOW,
    });
    expect(code, err.text).toBe(0);
    expect(err.text).toContain('read whole instead');
    const source = await openWorkbookFiles([file]);
    const report = analyze({
      tables: [await source.readSheet('S')],
      config: CONFIG,
      existingSheets: ['S'],
      state: null,
      now: NOW,
      plans: false,
    }).report;
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(out, 'utf8')).toBe([...reportJsonPieces(report)].join(''));
  });
});
