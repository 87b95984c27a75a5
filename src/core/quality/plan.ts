/**
 * The "Data Quality" sheet: a summary (rows read and used, counts by code) and an Excel table
 * of issues, worst first, each with a "Go to" link to its cell in the source sheet.
 */
import type { DataQuality } from '../report';
import type { CellLink, CellStyle, PlanCell, SheetPlan } from '../plans/types';
import { cellAddress } from '../types';
import { countByCode, issueSourceColumn, ISSUE_CODES, sortIssues } from './issues';

/** At most this many issues are listed; counts above the table stay complete. */
export const DATA_QUALITY_ISSUE_CAP = 50_000;

const HEADERS = ['Severity', 'Code', 'Sheet', 'Row', 'Column', 'Value', 'Message', 'Go to'];
/** Issues in A:H, a blank column, the summary in J:M. */
const WIDTH = 13;
const SUMMARY_COL = 10;

/**
 * Build the data-quality sheet plan: the issues table in columns A–H from row 1 (header frozen),
 * the summary (rows read and used, counts by code) beside it in J–M. Every string is plain text
 * (a value such as "=HYPERLINK(…)" read from a sheet stays text: adapters write plan strings as
 * text). `cap` limits the listed issues (default 50,000); a note says how many more there are.
 */
export function buildDataQualityPlan(
  dq: DataQuality,
  name: string,
  cap = DATA_QUALITY_ISSUE_CAP,
): SheetPlan {
  const sorted = sortIssues(dq.issues);
  const listed = Math.min(sorted.length, Math.max(0, cap));
  const summary: PlanCell[][] = [];
  const styles: CellStyle[] = [];
  const links: CellLink[] = [];
  summary.push(['Data quality', null, null, null]);
  summary.push(['Rows read', dq.rowsRead, null, null]);
  summary.push(['Rows used', dq.rowsUsed, 'rows with at least one complete pre/post pair', null]);
  summary.push(['Issues', dq.issues.length, null, null]);
  summary.push([null, null, null, null]);
  const countHeader = summary.length + 1;
  summary.push(['Severity', 'Code', 'Count', 'What it means']);
  for (const c of countByCode(dq)) {
    const what = (ISSUE_CODES as Record<string, { what: string }>)[c.code]?.what ?? '';
    summary.push([c.severity, c.code, c.count, what]);
  }
  if (dq.issues.length === 0) summary.push(['No data-quality issues.', null, null, null]);
  if (sorted.length > listed) {
    summary.push([null, null, null, null]);
    summary.push([
      `Listed: the first ${listed} issues (worst first); ${sorted.length - listed} more are counted above and listed in the JSON report.`,
      null,
      null,
      null,
    ]);
    styles.push({
      rect: { row: summary.length, column: SUMMARY_COL, rowCount: 1, columnCount: 1 },
      italic: true,
    });
  }
  styles.push({
    rect: { row: 1, column: SUMMARY_COL, rowCount: 1, columnCount: 1 },
    bold: true,
    fontSize: 14,
  });
  styles.push({
    rect: { row: countHeader, column: SUMMARY_COL, rowCount: 1, columnCount: 4 },
    bold: true,
  });
  styles.push({
    rect: { row: 1, column: 1, rowCount: 1, columnCount: HEADERS.length },
    bold: true,
  });

  const height = Math.max(listed + 1, summary.length);
  const cells: PlanCell[][] = [];
  for (let r = 0; r < height; r++) {
    const row: PlanCell[] = new Array<PlanCell>(WIDTH).fill(null);
    if (r === 0) HEADERS.forEach((h, j) => (row[j] = h));
    else if (r <= listed) {
      const i = sorted[r - 1];
      const src = issueSourceColumn(i);
      let goTo: string | null = null;
      if (i.row !== null) {
        const col = src ?? 1;
        goTo = `${i.sheet}!${cellAddress(i.row, col)}`;
        links.push({
          row: r + 1,
          column: HEADERS.length,
          sheet: i.sheet,
          targetRow: i.row,
          targetColumn: col,
        });
      }
      row[0] = i.severity;
      row[1] = i.code;
      row[2] = i.sheet;
      row[3] = i.row;
      row[4] = i.column;
      row[5] = i.value;
      row[6] = i.message;
      row[7] = goTo;
    }
    const s = summary[r];
    if (s) for (let j = 0; j < 4; j++) row[SUMMARY_COL - 1 + j] = s[j];
    cells.push(row);
  }
  const plan: SheetPlan = {
    key: 'data-quality',
    name,
    cells,
    columnWidths: [10, 20, 20, 8, 24, 20, 70, 18, 3, 14, 20, 8, 60],
    freeze: { rows: 1, columns: 0 },
    styles,
    links,
    tables: [
      {
        name: 'ThroughlineDataQuality',
        rect: { row: 1, column: 1, rowCount: Math.max(2, listed + 1), columnCount: HEADERS.length },
        style: 'TableStyleMedium2',
      },
    ],
  };
  if (listed > 0) {
    const rect = { row: 2, column: 1, rowCount: listed, columnCount: 1 };
    plan.conditionalFormats = [
      { type: 'textEquals', rect, text: 'error', fill: '#F8D7DA', fontColor: '#842029' },
      { type: 'textEquals', rect, text: 'warning', fill: '#FFF3CD', fontColor: '#664D03' },
    ];
  }
  return plan;
}
