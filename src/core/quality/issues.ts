/**
 * Data-quality issues: stable codes, their severity, and one way to build and order them.
 * Data problems never throw (engine.md): they become these records, so a data team can find
 * every value Throughline could not use in the "Data Quality" sheet and the JSON report.
 */
import type { DataQuality, DataQualityIssue, Severity } from '../report';

/** Every issue code with its severity and what it means (the message gives the detail). */
export const ISSUE_CODES = {
  EMPTY_SHEET: { severity: 'warning', what: 'a mapped sheet holds no cells' },
  NO_HEADER: { severity: 'error', what: 'no row looks like a header row' },
  HEADER_ONLY: { severity: 'warning', what: 'a header but no data rows' },
  TITLE_ROWS: { severity: 'info', what: 'rows above the header (a title block) were skipped' },
  DUPLICATE_HEADER: {
    severity: 'warning',
    what: 'two columns share a header; the later one is renamed "Header (2)"',
  },
  BLANK_HEADER: {
    severity: 'info',
    what: 'a column with data has no header; it is named "Column X"',
  },
  BLANK_ROWS: { severity: 'info', what: 'blank rows inside or below the table were skipped' },
  MISSING_ID: { severity: 'warning', what: 'a row without an ID was excluded' },
  DUPLICATE_ID: {
    severity: 'warning',
    what: 'an ID seen on an earlier row: the later row is excluded, the first kept',
  },
  DUPLICATE_SCORE: {
    severity: 'warning',
    what: 'long layout: a second score for the same ID, measure and window was excluded',
  },
  MISSING_SCORE: { severity: 'info', what: 'neither the pre nor the post score is present' },
  UNPAIRED_PRE: {
    severity: 'warning',
    what: 'a pre score without a post score (not in the paired figures)',
  },
  UNPAIRED_POST: {
    severity: 'warning',
    what: 'a post score without a pre score (not in the paired figures)',
  },
  NOT_A_NUMBER: {
    severity: 'error',
    what: 'a score cell holds text that is not a number; excluded',
  },
  EXCEL_ERROR: {
    severity: 'error',
    what: 'a cell holds an Excel error value (#N/A, #DIV/0!, …); read as missing',
  },
  OUT_OF_RANGE: { severity: 'error', what: 'a score above the maximum; excluded' },
  NEGATIVE_SCORE: {
    severity: 'error',
    what: 'a negative score on a scale that starts at 0; excluded',
  },
  DATE_NOT_SCORE: {
    severity: 'error',
    what: 'a score cell holds a date (a date cell, or text such as 2024-09-15), not a score; excluded',
  },
  TOTALS_ROW: {
    severity: 'info',
    what: "an Excel Table's totals row, or a Total/Average row with no ID, is not a record; skipped",
  },
  MERGED_CELLS: {
    severity: 'info',
    what: 'merged cells in a team, school or group column: every row of the merge reads the value it shows',
  },
  MERGED_VALUE: {
    severity: 'warning',
    what: 'an ID or score cell merged into the cell above it holds no value of its own; not copied',
  },
  UNKNOWN_RATING: { severity: 'error', what: 'a rating text not in the scale; excluded' },
  MISSING_TEAM: {
    severity: 'warning',
    what: 'a record without a team; it counts overall but in no team',
  },
  COACH_CONFLICT: {
    severity: 'warning',
    what: "a team whose educators' rows name two coaches; the first coach named is used",
  },
  CATEGORY_MERGED: {
    severity: 'info',
    what: 'several spellings of one category were merged into one label',
  },
  CATEGORY_VARIANT: {
    severity: 'warning',
    what: 'category values that differ only in symbols or inner spaces were kept apart (categoryMerges can merge them)',
  },
  BLANK_CATEGORY: { severity: 'info', what: 'blank subgroup cells are grouped as "(blank)"' },
  DECIMAL_COMMA: {
    severity: 'info',
    what: 'numbers written with a decimal comma ("3,5") were read as 3.5',
  },
  PERCENT_TEXT: { severity: 'info', what: 'percent text ("85%") was read as a number' },
  OTHER_WINDOW: {
    severity: 'info',
    what: 'long layout: rows of windows other than pre and post were not used',
  },
  NEW_WINDOW: {
    severity: 'info',
    what: 'a window the sheet gained since the mapping was saved was added to it (the latest is now post)',
  },
  OTHER_MEASURE: {
    severity: 'info',
    what: 'long layout: rows of measures not in the config were not used',
  },
  GOAL_MISSING_ID: {
    severity: 'warning',
    what: 'goals sheet: a goal without an ID is called "Row N"; other goals cannot name it as parent',
  },
  GOAL_DUPLICATE_ID: {
    severity: 'error',
    what: 'goals sheet: a goal ID seen on an earlier row; the later row is left out',
  },
  GOAL_UNKNOWN_LEVEL: {
    severity: 'error',
    what: 'goals sheet: a level that is not District, School, Team or Individual; the goal is left out',
  },
  GOAL_NO_STATEMENT: { severity: 'warning', what: 'goals sheet: a goal without a goal statement' },
  GOAL_MISSING_PARENT: {
    severity: 'error',
    what: 'goals sheet: the parent goal named is not in the sheet; that link is dropped',
  },
  GOAL_CYCLE: {
    severity: 'error',
    what: 'goals sheet: parent goals that lead back to the goal itself; none of them reaches a district goal that way',
  },
  GOAL_PARENT_LEVEL: {
    severity: 'warning',
    what: 'goals sheet: a parent goal that is not at a higher level (kept as written)',
  },
  GOAL_BAD_AMOUNT: {
    severity: 'warning',
    what: 'goals sheet: PD hours or cost that is not a number ≥ 0; not counted',
  },
  TEMPLATE_GOAL_NOT_FOUND: {
    severity: 'warning',
    what: 'the goal chosen for the template (config template.goalId) is not among the suggestions; the top goal is used',
  },
  TEMPLATE_FIELDS_MISSING: {
    severity: 'info',
    what: 'the goal template lacks some usual fields (listed on the filled copy)',
  },
} as const satisfies Record<string, { severity: Severity; what: string }>;

export type IssueCode = keyof typeof ISSUE_CODES;

/**
 * An issue as intake makes it: the report's fields, plus the source sheet's column number (for
 * "Go to" links) in a private field, which JSON, Object.keys and equality checks never see, so
 * the JSON report stays exactly the contract's. A class rather than a property defined per
 * issue: 79,000 issues at a million rows cost ~40 ms with Object.defineProperty, a few ms so.
 */
class LocatedIssue implements DataQualityIssue {
  readonly #sourceColumn: number | null;

  constructor(
    public code: string,
    public severity: Severity,
    public sheet: string,
    public row: number | null,
    public column: string | null,
    public value: string | null,
    public message: string,
    sourceColumn: number | null,
  ) {
    this.#sourceColumn = sourceColumn;
  }

  static sourceColumnOf(issue: DataQualityIssue): number | null {
    return #sourceColumn in issue ? (issue as LocatedIssue).#sourceColumn : null;
  }
}

/** Written by makeIssue so the engine cannot drop the character read that flattens a message. */
let _flattened = 0;

/**
 * Build an issue with its code's severity. `sourceColumn` (1-based Excel column in the source
 * sheet) is kept out of sight of JSON (see LocatedIssue) so the JSON report stays exactly the
 * contract's.
 */
export function makeIssue(
  code: IssueCode,
  sheet: string,
  row: number | null,
  column: string | null,
  value: string | null,
  message: string,
  sourceColumn?: number,
): DataQualityIssue {
  // A message made by concatenation is a tree of its pieces; reading a character makes the
  // engine (V8) flatten it into one string in place, and the pieces are let go: the 79,000
  // messages of a million-row file take ~7 MB instead of ~19 MB while the report is held.
  _flattened ^= message.charCodeAt(0);
  return new LocatedIssue(
    code,
    ISSUE_CODES[code].severity,
    sheet,
    row,
    column,
    value,
    message,
    sourceColumn ?? null,
  );
}

/** The source column number kept on an issue by makeIssue, or null. */
export function issueSourceColumn(issue: DataQualityIssue): number | null {
  return LocatedIssue.sourceColumnOf(issue);
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Sort issues worst first (error, warning, info), then by sheet in the order given (the
 * workbook's order; unknown sheets after, by name), then by row (sheet-level issues first),
 * then by code. Returns a new array.
 */
export function sortIssues(
  issues: DataQualityIssue[],
  sheetOrder: string[] = [],
): DataQualityIssue[] {
  const order = new Map(sheetOrder.map((s, i) => [s, i]));
  const idx = issues.map((_, i) => i);
  idx.sort((a, b) => {
    const x = issues[a];
    const y = issues[b];
    const s = SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity];
    if (s) return s;
    if (x.sheet !== y.sheet) {
      const ox = order.get(x.sheet) ?? Number.MAX_SAFE_INTEGER;
      const oy = order.get(y.sheet) ?? Number.MAX_SAFE_INTEGER;
      if (ox !== oy) return ox - oy;
      return x.sheet < y.sheet ? -1 : 1;
    }
    const rx = x.row ?? 0;
    const ry = y.row ?? 0;
    if (rx !== ry) return rx - ry;
    if (x.code !== y.code) return x.code < y.code ? -1 : 1;
    return a - b;
  });
  return idx.map((i) => issues[i]);
}

/** Count issues by code, with the code's severity, in order of severity then code. */
export function countByCode(
  dq: DataQuality,
): { code: string; severity: Severity; count: number }[] {
  const counts = new Map<string, { code: string; severity: Severity; count: number }>();
  for (const i of dq.issues) {
    const c = counts.get(i.code);
    if (c) c.count++;
    else counts.set(i.code, { code: i.code, severity: i.severity, count: 1 });
  }
  return [...counts.values()].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
