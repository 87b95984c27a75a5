/**
 * Workbooks a careless export makes (issue 16, defects 9, 10 and 12), written with exceljs as
 * Excel writes them: 30 students (ID, Team, Pre, Post; post = pre + 10 + i mod 7) with
 * - date cells in a score column (a date number format: the sheet shows 2024-09-15),
 * - an Excel Table with a totals row (Total, and cached SUBTOTAL averages as Excel saves them),
 * - Team cells merged in blocks of 10 (one value shown over ten rows), or merged ID/score cells.
 */
import ExcelJS from 'exceljs';

/** Student i (1-based): its pre and post scores. */
export function scoresOf(i: number): { pre: number; post: number } {
  const pre = 40 + (i % 23);
  return { pre, post: pre + 10 + (i % 7) };
}

function sheetOf(wb: ExcelJS.Workbook, name = 'Scores'): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.addRow(['ID', 'Team', 'Pre', 'Post']);
  for (let i = 1; i <= 30; i++) {
    const { pre, post } = scoresOf(i);
    ws.addRow([`s${i}`, `T${i % 3}`, pre, post]);
  }
  return ws;
}

/**
 * Post cells of the students in `dated` (1-based) hold dates in a date format (student i on
 * Excel row i + 1): 15 September 2024 onwards, one day apart.
 */
export async function datesXlsx(file: string, dated: number[], format = 'yyyy-mm-dd') {
  const wb = new ExcelJS.Workbook();
  const ws = sheetOf(wb);
  dated.forEach((i, k) => {
    const cell = ws.getCell(`D${i + 1}`);
    cell.value = new Date(Date.UTC(2024, 8, 15 + k));
    cell.numFmt = format;
  });
  await wb.xlsx.writeFile(file);
}

/** The 30 students as an Excel Table with its Total Row shown (Excel row 32): "Total", averages. */
export async function totalsXlsx(file: string) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Scores');
  const rows = [];
  for (let i = 1; i <= 30; i++) {
    const { pre, post } = scoresOf(i);
    rows.push([`s${i}`, `T${i % 3}`, pre, post]);
  }
  ws.addTable({
    name: 'Scores',
    ref: 'A1',
    headerRow: true,
    totalsRow: true,
    columns: [
      { name: 'ID', totalsRowLabel: 'Total' },
      { name: 'Team' },
      { name: 'Pre', totalsRowFunction: 'average' },
      { name: 'Post', totalsRowFunction: 'average' },
    ],
    rows,
  });
  // Excel saves the totals row's cached results; exceljs writes the formulas without them.
  const mean = (f: (i: number) => number) =>
    Array.from({ length: 30 }, (_, k) => f(k + 1)).reduce((a, b) => a + b, 0) / 30;
  ws.getCell('C32').value = {
    formula: 'SUBTOTAL(101,Scores[Pre])',
    result: mean((i) => scoresOf(i).pre),
  };
  ws.getCell('D32').value = {
    formula: 'SUBTOTAL(101,Scores[Post])',
    result: mean((i) => scoresOf(i).post),
  };
  await wb.xlsx.writeFile(file);
}

/** The 30 students with a plain summary row under them: `label` in `column`, means in C and D. */
export async function summaryRowXlsx(file: string, label: string, column: 'A' | 'B') {
  const wb = new ExcelJS.Workbook();
  const ws = sheetOf(wb);
  ws.getCell(`${column}32`).value = label;
  ws.getCell('C32').value = { formula: 'AVERAGE(C2:C31)', result: 50 };
  ws.getCell('D32').value = { formula: 'AVERAGE(D2:D31)', result: 60 };
  await wb.xlsx.writeFile(file);
}

/**
 * Team cells merged in blocks of ten (B2:B11 "T-A", B12:B21 "T-B", B22:B31 "T-C"), as a
 * person formats a sheet sorted by team. `also`: more ranges to merge (ID or score cells).
 */
export async function mergedXlsx(file: string, also: string[] = []) {
  const wb = new ExcelJS.Workbook();
  const ws = sheetOf(wb);
  ['A', 'B', 'C'].forEach((t, k) => {
    const top = 2 + 10 * k;
    for (let r = top; r < top + 10; r++) ws.getCell(`B${r}`).value = null;
    ws.getCell(`B${top}`).value = `T-${t}`;
    ws.mergeCells(`B${top}:B${top + 9}`);
  });
  for (const ref of also) {
    const [a] = ref.split(':');
    const keep = ws.getCell(a).value;
    ws.mergeCells(ref);
    ws.getCell(a).value = keep;
  }
  await wb.xlsx.writeFile(file);
}
