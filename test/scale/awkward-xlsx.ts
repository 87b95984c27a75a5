/**
 * A seeded district export as an .xlsx with the cells that make reading hard, written with
 * exceljs: a title block (merged) above a table that starts at C3, dates (some with a time, in
 * the 1904 system on request), formulas with cached results (numbers, 0, errors, dates, shared
 * formulas), shared strings and inline strings, rich text, hyperlinks, booleans, error values,
 * blank cells and blank rows (also across the 5,000-row sample's end), percent text,
 * decimal-comma text, out-of-range scores, a typo "7O", a duplicate ID, text with a line break
 * and accented names, styled empty cells below the last row, a merged range deep in the table,
 * a hidden and a very hidden sheet. Optionally a note left of the table far down (the used
 * range then starts in column B).
 */
import ExcelJS from 'exceljs';
import type { MappingConfig } from '../../src/core/config';
import { mulberry32 } from '../../bench/generate.cjs';

export interface AwkwardOptions {
  /** Student rows (data rows; blank rows come on top). */
  rows: number;
  seed: number;
  /** exceljs's whole-workbook writer (shared strings) or its streaming writer (inline strings). */
  writer: 'whole' | 'stream';
  date1904?: boolean;
  /** Excel row at which column B gets a note (the used range then starts in column B). */
  noteLeftAt?: number;
}

/** The mapping of the export: header on row 3 (a title block above it). */
export const AWKWARD_CONFIG: MappingConfig = {
  version: 1,
  students: [
    {
      sheet: 'Students',
      headerRow: 3,
      id: 'Student ID',
      team: 'Team',
      school: 'School',
      subgroups: ['EL'],
      measures: [
        { name: 'Reading', pre: 'Reading Fall', post: 'Reading Spring', max: 100, proficient: 70 },
        { name: 'Math', pre: 'Math Fall', post: 'Math Spring', max: 100, proficient: 70 },
      ],
    },
  ],
  educators: [
    {
      sheet: 'Educators',
      id: 'Educator Name',
      team: 'Team',
      school: 'School',
      pdHours: 'PD Hours',
      practice: [
        { name: 'Questioning', pre: 'Questioning Fall', post: 'Questioning Spring', max: 4 },
      ],
    },
  ],
};

const HEADERS = [
  'Student ID',
  'School',
  'Team',
  'EL',
  'Enrolled',
  'Reading Fall',
  'Reading Spring',
  'Math Fall',
  'Math Spring',
  'Attendance',
  'Notes',
];

type Sheet = Pick<ExcelJS.Worksheet, 'getRow' | 'mergeCells'>;

/** Write the workbook; resolves when the file is complete. */
export async function writeAwkwardWorkbook(file: string, o: AwkwardOptions): Promise<void> {
  const rand = mulberry32(o.seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const stream = o.writer === 'stream';
  const whole = stream ? null : new ExcelJS.Workbook();
  const writer = stream
    ? new ExcelJS.stream.xlsx.WorkbookWriter({
        filename: file,
        useSharedStrings: false,
        useStyles: true,
      })
    : null;
  const book = (whole ?? writer) as ExcelJS.Workbook;
  if (o.date1904) {
    if (stream) throw new Error('writeAwkwardWorkbook: the 1904 system needs the whole writer');
    (book.properties as { date1904?: boolean }).date1904 = true;
  }
  const add = (name: string, state?: 'hidden' | 'veryHidden') =>
    book.addWorksheet(name, state ? { state } : undefined);
  const commit = (row: ExcelJS.Row) => {
    if (stream) row.commit();
  };

  const readMe = add('Read me');
  [
    'Synthetic export for the streaming reader tests.',
    'Zoë Müller-Łukasiewicz — ñandú, façade, Ærø',
  ].forEach((t, i) => {
    readMe.getRow(i + 1).getCell(1).value = t;
    commit(readMe.getRow(i + 1));
  });
  if (stream) (readMe as unknown as { commit(): void }).commit();

  const ws: Sheet = add('Students');
  // Title block: C1 merged across the table, C2 a plain line, header on row 3 from column C.
  ws.getRow(1).getCell(3).value = 'Riverside District — spring export';
  ws.mergeCells('C1:H1');
  commit(ws.getRow(1));
  ws.getRow(2).getCell(3).value = {
    richText: [{ text: 'Exported ' }, { font: { italic: true }, text: '2026-05-01' }],
  };
  commit(ws.getRow(2));
  const header = ws.getRow(3);
  HEADERS.forEach((h, j) => (header.getCell(3 + j).value = h));
  commit(header);

  const day0 = Date.UTC(2024, 7, 19);
  let r = 4;
  let sharedMaster = 0;
  for (let i = 0; i < o.rows; i++, r++) {
    // Blank rows: one now and then, and rows 4998–5004 across the 5,000-row sample's end.
    if (i % 997 === 500) r++;
    if (r === 4998) r += 7;
    const row = ws.getRow(r);
    const c = (k: number) => row.getCell(3 + k);
    const team = Math.floor(rand() * 40);
    const n = i + 1;
    const id = `S${String(n === 12345 ? 77 : n).padStart(6, '0')}`;
    c(0).value =
      n % 101 === 0
        ? { richText: [{ text: id.slice(0, 3) }, { font: { bold: true }, text: id.slice(3) }] }
        : id;
    const school = `School ${1 + (team % 7)}`;
    c(1).value = n % 53 === 0 ? { text: school, hyperlink: `https://example.org/${n}` } : school;
    c(2).value = `Team ${team + 1}`;
    const el = rand() < 0.15;
    c(3).value = n % 61 === 0 ? el : n % 89 === 0 ? (el ? 'y' : 'n') : el ? 'Y' : 'N';
    const enrolled = new Date(day0 + Math.floor(rand() * 20) * 86400000);
    if (n % 7 === 0) enrolled.setUTCHours(8, 20, 0); // a time of day: a fraction of a day
    c(4).value = enrolled;
    c(4).numFmt = n % 7 === 0 ? 'yyyy-mm-dd hh:mm' : 'yyyy-mm-dd';
    // Reading Fall: numbers, and the ways a score goes wrong.
    const u = rand();
    const fall = Math.max(0, Math.min(100, Math.round(62 + 14 * (rand() - 0.5) * 2)));
    let fallValue: ExcelJS.CellValue = fall;
    if (u < 0.01) fallValue = 'NA';
    else if (u < 0.02) fallValue = null;
    else if (u < 0.025) fallValue = { error: '#N/A' } as ExcelJS.CellErrorValue;
    else if (u < 0.03) fallValue = `${fall}%`;
    else if (u < 0.033) fallValue = 105;
    else if (u < 0.035) fallValue = '7O';
    else if (u < 0.05) fallValue = String(fall);
    else if (u < 0.06) fallValue = fall + 0.5;
    c(5).value = fallValue;
    // Reading Spring: a formula over Reading Fall with its cached result.
    const ref = `H${r}`;
    const gain = Math.round(rand() * 10) - 2;
    const numeric = typeof fallValue === 'number';
    if (n % 211 === 0) c(6).value = { formula: `0*${ref}`, result: 0 };
    else if (!numeric)
      c(6).value = {
        formula: `${ref}+${gain}`,
        result: { error: '#VALUE!' } as ExcelJS.CellErrorValue,
      };
    else if (i >= 4990 && i < 5030) {
      // A block of shared formulas across the sample's end (exceljs writes master and slaves).
      if (!sharedMaster) {
        sharedMaster = r;
        c(6).value = {
          formula: `${ref}+3`,
          result: (fallValue as number) + 3,
          shareType: 'shared',
          ref: `I${r}:I${r + 45}`,
        } as ExcelJS.CellValue;
      } else
        c(6).value = {
          sharedFormula: `I${sharedMaster}`,
          result: (fallValue as number) + 3,
        } as ExcelJS.CellValue;
    } else c(6).value = { formula: `${ref}+${gain}`, result: (fallValue as number) + gain };
    // Math: decimal-comma text ("71,5"), whole numbers as text, numbers, "NA".
    const mf = 40 + Math.floor(rand() * 55);
    const v = rand();
    c(7).value = v < 0.01 ? 'NA' : v < 0.5 ? `${mf},5` : String(mf);
    c(8).value = v < 0.02 ? null : v < 0.5 ? `${mf + 4},5` : v < 0.6 ? mf + 4.5 : String(mf + 4);
    // Attendance: a fraction shown as a percentage, or percent text.
    c(9).value = n % 13 === 0 ? `${90 + (n % 10)}%` : 0.9 + (n % 10) / 100;
    c(9).numFmt = '0%';
    // Notes: mostly empty; rich text, a line break, accents, a date formula, an error value.
    if (n % 97 === 0) c(10).value = 'Moved from Zoë Müller’s class\r\nback in May';
    else if (n % 131 === 0)
      c(10).value = { richText: [{ text: 'see ' }, { font: { bold: true }, text: 'IEP' }] };
    else if (n % 151 === 0) {
      c(10).value = { formula: `G${r}+30`, result: new Date(enrolled.getTime() + 30 * 86400000) };
      c(10).numFmt = 'yyyy-mm-dd';
    } else if (n % 173 === 0) c(10).value = { error: '#REF!' } as ExcelJS.CellErrorValue;
    else if (n % 29 === 0) c(10).value = pick(['ok', 'late', 'ñandú', 'Ærø', '']);
    if (o.noteLeftAt === r) row.getCell(2).value = 'checked by hand';
    if (i === o.rows - 500) {
      // A merged range deep in the table (Notes of two rows), as a person might add.
      ws.mergeCells(`M${r}:M${r + 1}`);
    }
    commit(row);
  }
  // Styled empty cells below the last row: not part of the used range.
  for (let k = 0; k < 3; k++) {
    const row = ws.getRow(r + 2 + k);
    row.getCell(3).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
    row.getCell(5).numFmt = 'yyyy-mm-dd';
    commit(row);
  }
  if (stream) (ws as unknown as { commit(): void }).commit();

  const ed = add('Educators');
  const edHeader = [
    'Educator Name',
    'School',
    'Team',
    'PD Hours',
    'Questioning Fall',
    'Questioning Spring',
  ];
  edHeader.forEach((h, j) => (ed.getRow(1).getCell(1 + j).value = h));
  commit(ed.getRow(1));
  for (let i = 0; i < 60; i++) {
    const row = ed.getRow(i + 2);
    const team = i % 40;
    row.getCell(1).value = `Teacher ${i + 1}`;
    row.getCell(2).value = `School ${1 + (team % 7)}`;
    row.getCell(3).value = `Team ${team + 1}`;
    row.getCell(4).value = i % 9 === 0 ? '12 h' : 4 + (i % 20);
    row.getCell(5).value = i % 5 === 0 ? '2,5' : 1 + (i % 3);
    row.getCell(6).value = { formula: `E${i + 2}+1`, result: i % 5 === 0 ? '3,5' : 2 + (i % 3) };
    commit(row);
  }
  if (stream) (ed as unknown as { commit(): void }).commit();

  const lists = add('Lists', 'hidden');
  ['Y', 'N', 'NA'].forEach((t, i) => {
    lists.getRow(i + 1).getCell(1).value = t;
    commit(lists.getRow(i + 1));
  });
  if (stream) (lists as unknown as { commit(): void }).commit();
  const archive = add('Archive', 'veryHidden');
  archive.getRow(1).getCell(1).value = 'old';
  commit(archive.getRow(1));
  if (stream) (archive as unknown as { commit(): void }).commit();

  if (writer) await writer.commit();
  else await whole!.xlsx.writeFile(file);
}
