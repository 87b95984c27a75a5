/**
 * Excel's sheet holds at most 1,048,576 rows. A plan with more rows (Student Targets of a
 * district: one row per student × measure, ~2 million at a million students) is written as the
 * sheet itself, filled to the last row, plus continued sheets ("Student Targets (2)", …), each
 * starting with the header row again. Nothing is dropped and every formula still computes what it
 * did on one sheet:
 * - a data row's formulas may refer only to cells of their own row (relative): on a continued
 *   sheet they are renumbered to the row the data lands on;
 * - a formula that reads a whole data column (`$K$2:$K$1960162`) must do so inside an additive
 *   function (COUNTIFS, SUMIFS, COUNTIF, SUMIF, SUM, COUNT, COUNTA, COUNTBLANK): the call becomes
 *   the sum of the same call on each sheet's part of the column;
 * - the cells beside the data (a summary) stay on the first sheet.
 * A plan that breaks these rules, or that another plan's formulas read (Impact Data, which the
 * Impact formulas read whole), cannot be split: `SheetLimitError` says so, and the run stops
 * before anything is written. Both adapters split the same way (`splitForSheetLimit`).
 */
import type { PlanCell, Rect, SheetPlan } from './types';
import { isFormulaCell, planFields, planRow, planRowCount } from './types';

/** Rows of an Excel sheet (Excel's specifications and limits). */
export const EXCEL_MAX_ROWS = 1_048_576;

/** A plan (or the workbook) that does not fit Excel's sheets and cannot be split (errors.ts). */
import { SheetLimitError } from '../errors';
export { SheetLimitError };

/**
 * One output sheet: a plan as it is, or one part of a plan too long for a sheet. Its cells are
 * read row by row (`rowAt`), so a continued sheet is never held as a second copy of its rows.
 */
export interface PlanPart {
  /** The plan to render, but for `cells` (read rows with rowAt). Its `cells` is the source's. */
  plan: SheetPlan;
  /** Rows of this sheet. */
  rows: number;
  /** Row `i` (0-based) as cells; null entries for empty cells. */
  rowAt(i: number): PlanCell[];
  /**
   * Its rows are made when asked for (a plan made row by row, or a part of one): each has as
   * many cells as the first (RowSource), and asking costs what making it costs.
   */
  made?: boolean;
  /** No row has a value right of this column (1-based), when less than the rows' width. */
  valueColumns?: number;
  /** For a part of a split plan: which part (1 = the sheet itself) and of how many. */
  split?: { part: number; of: number; sourceName: string };
}

export interface SheetLimitOptions {
  /** Sheet names in the workbook that are not Throughline's (not to be taken by a continued sheet). */
  takenNames: Iterable<string>;
  /** Rows a sheet may hold (tests lower it). */
  maxRows?: number;
}

const ADDITIVE = new Set([
  'SUMIFS',
  'COUNTIFS',
  'SUMIF',
  'COUNTIF',
  'SUM',
  'COUNT',
  'COUNTA',
  'COUNTBLANK',
]);

/**
 * The sheets to write for `plans`: each plan as one part, or, when it has more rows than a sheet
 * holds, as parts named "<name> (2)", "<name> (3)"… (a name in `takenNames` or of another plan
 * is skipped). Throws SheetLimitError when a too-long plan cannot be split (see the file comment).
 */
export function splitForSheetLimit(plans: SheetPlan[], options: SheetLimitOptions): PlanPart[] {
  const maxRows = options.maxRows ?? EXCEL_MAX_ROWS;
  const taken = new Set([...options.takenNames].map((n) => n.toLowerCase()));
  for (const p of plans) taken.add(p.name.toLowerCase());
  const out: PlanPart[] = [];
  for (const plan of plans) {
    const count = planRowCount(plan);
    if (count <= maxRows) {
      // Rows read from the plan as they are asked for (made then, for a lazy plan).
      out.push({ plan, rows: count, rowAt: (i) => planRow(plan, i), made: !!plan.rows });
      continue;
    }
    const readers = plans.filter((p) => p !== plan && readsSheet(p, plan.name));
    if (readers.length) {
      throw new SheetLimitError(
        `"${plan.name}" would need ${thousands(count)} rows; an Excel sheet holds ${thousands(maxRows)}, and the formulas of ${readers.map((p) => `"${p.name}"`).join(', ')} read it whole, so it cannot be continued on another sheet. Write the JSON report instead (--json), or analyse the data in parts (per school).`,
      );
    }
    out.push(...splitPlan(plan, maxRows, taken));
  }
  return out;
}

/** Materialise parts as plain plans (the task pane writes whole plans). */
export function partsToPlans(parts: PlanPart[]): SheetPlan[] {
  return parts.map((p) => {
    if (!p.split) return p.plan;
    const cells: PlanCell[][] = [];
    for (let i = 0; i < p.rows; i++) cells.push(p.rowAt(i));
    return { ...p.plan, cells };
  });
}

function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function continuedName(name: string, k: number, taken: Set<string>): string {
  for (let i = k; ; i++) {
    const suffix = ` (${i})`;
    const candidate = name.slice(0, 31 - suffix.length).trim() + suffix;
    if (!taken.has(candidate.toLowerCase())) {
      taken.add(candidate.toLowerCase());
      return candidate;
    }
  }
}

/** Does any formula of `plan` name the sheet `sheet`? */
function readsSheet(plan: SheetPlan, sheet: string): boolean {
  // A plan made row by row reads only its own sheet (RowSource): not a million rows to look at.
  if (plan.rows) return false;
  const quoted = `'${sheet.replace(/'/g, "''").toLowerCase()}'!`;
  const bare = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? `${sheet.toLowerCase()}!` : null;
  for (let i = 0, n = planRowCount(plan); i < n; i++) {
    for (const c of planRow(plan, i)) {
      if (!isFormulaCell(c)) continue;
      const f = c.formula.toLowerCase();
      if (f.includes(quoted) || (bare !== null && f.includes(bare))) return true;
    }
  }
  return false;
}

/** Replace string literals and quoted sheet names by spaces, so references are found in code only. */
function codeOnly(formula: string): string {
  return formula.replace(/"(?:[^"]|"")*"|'(?:[^']|'')*'/g, (m) => ' '.repeat(m.length));
}

const REF =
  /(?<![A-Za-z0-9_.$!])(\$?)([A-Z]{1,3})(\$?)(\d+)(?::(\$?)([A-Z]{1,3})(\$?)(\d+))?(?![A-Za-z0-9_(!])/g;

interface Ref {
  at: number;
  end: number;
  rowAbs: boolean;
  col1: string;
  row1: number;
  col2: string;
  row2: number;
  isRange: boolean;
  text: string;
}

function refsOf(code: string, formula: string): Ref[] {
  const out: Ref[] = [];
  for (const m of code.matchAll(REF)) {
    const isRange = m[5] !== undefined;
    out.push({
      at: m.index,
      end: m.index + m[0].length,
      rowAbs: m[3] === '$' || (isRange && m[7] === '$'),
      col1: m[2],
      row1: Number(m[4]),
      col2: isRange ? m[6] : m[2],
      row2: isRange ? Number(m[8]) : Number(m[4]),
      isRange,
      text: formula.slice(m.index, m.index + m[0].length),
    });
  }
  return out;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** What the parts of one split plan share: its rows, data columns, parts' rows and names. */
interface SplitLayout {
  plan: SheetPlan;
  /** Row i (0-based) of the plan; a source makes it at sheet row `at` (1-based), moved. */
  row: (i: number, at?: number) => PlanCell[];
  /** Rows made by a source (RowSource.row): a data row's formulas already name its sheet row. */
  madeAt: boolean;
  lastRow: number;
  width: number;
  maxRows: number;
  /** The data columns (1-based): the long table's, or every column. */
  c1: number;
  c2: number;
  /** Source rows of each part: part 1 rows 1..maxRows; part k ≥ 2 the next maxRows − 1 rows. */
  ranges: { from: number; to: number }[];
  names: string[];
}

function splitPlan(plan: SheetPlan, maxRows: number, taken: Set<string>): PlanPart[] {
  const layout = splitLayout(plan, maxRows, taken);
  const { c1, c2, ranges } = layout;
  const header = layout.row(0).map((c, j) => (j + 1 >= c1 && j + 1 <= c2 ? c : null));
  if (header.some(isFormulaCell)) throw cannot(plan, 'its header row holds a formula');
  const parts: PlanPart[] = [firstPart(layout)];
  for (let k = 1; k < ranges.length; k++) parts.push(continuedPart(layout, k, header));
  return parts;
}

/** The layout of a plan's parts, after checking its tables and charts allow the split. */
function splitLayout(plan: SheetPlan, maxRows: number, taken: Set<string>): SplitLayout {
  const row = (i: number, at?: number) => planRow(plan, i, at);
  const lastRow = planRowCount(plan);
  const width = lastRow ? row(0).length : 0;
  const dataRows = maxRows - 1; // rows of data a continued sheet holds under its header
  const table = (plan.tables ?? []).find((t) => t.rect.row + t.rect.rowCount - 1 > maxRows);
  const c1 = table ? table.rect.column : 1;
  const c2 = table ? table.rect.column + table.rect.columnCount - 1 : width;
  if (table && (table.rect.row !== 1 || table.rect.row + table.rect.rowCount - 1 !== lastRow))
    throw cannot(plan, 'its table does not run from the header row to the last row');
  for (const t of plan.tables ?? [])
    if (t !== table && t.rect.row + t.rect.rowCount - 1 > maxRows)
      throw cannot(plan, `its table ${t.name} runs past row ${thousands(maxRows)}`);
  for (const ch of plan.charts ?? []) {
    const rects = [ch.categories, ...ch.series.map((s) => s.values)];
    if (ch.anchor.row > maxRows || rects.some((r) => r.row + r.rowCount - 1 > maxRows))
      throw cannot(plan, `its chart "${ch.title}" reads rows past ${thousands(maxRows)}`);
  }
  const ranges: { from: number; to: number }[] = [{ from: 1, to: maxRows }];
  for (let r = maxRows + 1; r <= lastRow; r += dataRows)
    ranges.push({ from: r, to: Math.min(lastRow, r + dataRows - 1) });
  const names = [plan.name];
  for (let k = 2; k <= ranges.length; k++) names.push(continuedName(plan.name, k, taken));
  return {
    plan,
    row,
    madeAt: plan.rows !== undefined,
    lastRow,
    width,
    maxRows,
    c1,
    c2,
    ranges,
    names,
  };
}

/** The first sheet's rows: most are the plan's own; a row with a whole-column formula is rewritten. */
function firstPart(layout: SplitLayout): PlanPart {
  const { plan, ranges, names, c1, c2, maxRows } = layout;
  return {
    plan: cutPlan(plan, 0, ranges, names, c1, c2, maxRows),
    rows: maxRows,
    rowAt(i) {
      const row = layout.row(i);
      let copy: PlanCell[] | null = null;
      for (let j = 0; j < row.length; j++) {
        // A source's data columns read only their own row (RowSource.row): nothing to sum.
        if (layout.madeAt && j === c1 - 1) j = c2;
        const c = row[j];
        if (!isFormulaCell(c)) continue;
        const f = firstSheetFormula(layout, c.formula);
        if (f === c.formula) continue;
        copy ??= row.slice();
        copy[j] = { formula: f, value: c.value };
      }
      return copy ?? row;
    },
    made: layout.madeAt,
    split: { part: 1, of: ranges.length, sourceName: plan.name },
  };
}

/** Part k ≥ 1 (0-based): the header row, then its data rows with own-row formulas renumbered. */
function continuedPart(layout: SplitLayout, k: number, header: PlanCell[]): PlanPart {
  const { plan, ranges, names, c1, c2, maxRows, width } = layout;
  const { from, to } = ranges[k];
  const mover = new FormulaMover(plan);
  return {
    plan: cutPlan(plan, k, ranges, names, c1, c2, maxRows),
    rows: to - from + 2,
    rowAt(i) {
      if (i === 0) return header;
      const source = from + i - 1; // 1-based row of the plan
      const row = layout.row(source - 1, i + 1);
      // A source's row is made afresh, its formulas already at row i + 1: checked, not copied.
      const out = layout.madeAt ? row : new Array<PlanCell>(width).fill(null);
      for (let j = 0; j < width; j++) {
        const c = row[j];
        if (c === null || c === undefined) continue;
        if (j + 1 < c1 || j + 1 > c2)
          throw cannot(plan, `row ${source} holds a value beside its data columns`);
        if (!layout.madeAt)
          out[j] = isFormulaCell(c)
            ? { formula: mover.move(c.formula, source, i + 1), value: c.value }
            : c;
      }
      return out;
    },
    made: layout.madeAt,
    // A continued sheet holds its data columns only (a value beside them is refused above).
    valueColumns: c2,
    split: { part: k + 1, of: ranges.length, sourceName: plan.name },
  };
}

/** A whole-data-column range: rows 2..lastRow inside the data columns. */
function isColumnRange(layout: SplitLayout, r: Ref): boolean {
  return (
    r.isRange &&
    r.row1 === 2 &&
    r.row2 === layout.lastRow &&
    columnNumber(r.col1) >= layout.c1 &&
    columnNumber(r.col2) <= layout.c2
  );
}

/** A whole-column range as part k reads it (k = 0: the first sheet's own rows). */
function partRange(layout: SplitLayout, r: Ref, k: number): string {
  const { ranges, names, maxRows } = layout;
  const [a, b] = r.text.split(':');
  const end = b.replace(/\d+$/, String(k === 0 ? maxRows : ranges[k].to - ranges[k].from + 2));
  return k === 0 ? `${a}:${end}` : `'${names[k].replace(/'/g, "''")}'!${a}:${end}`;
}

/** Spans of the additive calls (outermost first) that hold any of the long ranges. */
function additiveCalls(code: string, long: Ref[]): { at: number; end: number }[] {
  const calls: { at: number; end: number }[] = [];
  for (const m of code.matchAll(/(?<![A-Za-z0-9_.])([A-Z][A-Z0-9.]*)\(/g)) {
    if (!ADDITIVE.has(m[1])) continue;
    const at = m.index;
    if (calls.some((c) => at >= c.at && at < c.end)) continue;
    let depth = 0;
    let end = -1;
    for (let i = at + m[0].length - 1; i < code.length; i++) {
      if (code[i] === '(') depth++;
      else if (code[i] === ')' && --depth === 0) {
        end = i + 1;
        break;
      }
    }
    if (end < 0) continue;
    if (long.some((r) => r.at >= at && r.end <= end)) calls.push({ at, end });
  }
  return calls;
}

/** Does `formula` hold a whole number above `limit` (a row past it, or a constant)? One scan, no regex. */
function hasNumberAbove(formula: string, limit: number): boolean {
  let n = -1;
  for (let i = 0; i <= formula.length; i++) {
    const d = i < formula.length ? formula.charCodeAt(i) - 48 : -1;
    if (d >= 0 && d <= 9) n = n < 0 ? d : n * 10 + d;
    else if (n > limit) return true;
    else n = -1;
  }
  return false;
}

/** A formula on the first sheet: whole-column reads summed over the parts. */
function firstSheetFormula(layout: SplitLayout, formula: string): string {
  const { plan, maxRows, ranges } = layout;
  // A formula reading nothing past the first sheet (a data row's own cells) stays as it is: the
  // check below is what a row costs, not the parse (two million rows are read twice).
  if (!hasNumberAbove(formula, maxRows)) return formula;
  const code = codeOnly(formula);
  const long = refsOf(code, formula).filter((r) => r.row2 > maxRows || r.row1 > maxRows);
  if (!long.length) return formula;
  for (const r of long)
    if (!isColumnRange(layout, r))
      throw cannot(plan, `the formula ${formula} reads ${r.text}, past row ${thousands(maxRows)}`);
  const calls = additiveCalls(code, long);
  for (const r of long)
    if (!calls.some((c) => r.at >= c.at && r.end <= c.end))
      throw cannot(
        plan,
        `the formula ${formula} reads ${r.text} outside a sum or count, which cannot be added up over sheets`,
      );
  let out = '';
  let pos = 0;
  for (const call of calls) {
    const inside = long.filter((r) => r.at >= call.at && r.end <= call.end);
    const pieces = ranges.map((_, k) => {
      let text = '';
      let p = call.at;
      for (const r of inside) {
        text += formula.slice(p, r.at) + partRange(layout, r, k);
        p = r.end;
      }
      return text + formula.slice(p, call.end);
    });
    out += formula.slice(pos, call.at) + `(${pieces.join('+')})`;
    pos = call.end;
  }
  return out + formula.slice(pos);
}

/**
 * Moves a continued sheet's own-row formulas. A formula's shape (its text with every number equal
 * to its row number replaced by a mark) is parsed once: when moving it by the parse gives the
 * shape with the mark replaced by the new row, every number so marked is a reference to the own row
 * and nothing else, and a later formula of the same shape, on any row, moves the same way.
 */
class FormulaMover {
  private readonly shapes = new Set<string>();
  constructor(private readonly plan: SheetPlan) {}

  move(formula: string, from: number, to: number): string {
    const shape = rowShape(formula, from);
    if (shape === null) return movedFormula(this.plan, formula, from, to);
    if (this.shapes.has(shape)) return shape.replaceAll(ROW_MARK, String(to));
    const moved = movedFormula(this.plan, formula, from, to);
    if (from !== to && moved === shape.replaceAll(ROW_MARK, String(to))) this.shapes.add(shape);
    return moved;
  }
}

const ROW_MARK = '\u0000';

/**
 * `formula` with every whole number equal to `row` (a maximal run of digits, no leading zero) as
 * ROW_MARK; null when the formula holds the mark itself.
 */
function rowShape(formula: string, row: number): string | null {
  let out = '';
  let pos = 0;
  let start = -1;
  for (let i = 0; i <= formula.length; i++) {
    const c = i < formula.length ? formula.charCodeAt(i) : -1;
    if (c === 0) return null;
    if (c >= 48 && c <= 57) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && Number(formula.slice(start, i)) === row && formula[start] !== '0') {
      out += formula.slice(pos, start) + ROW_MARK;
      pos = i;
    }
    start = -1;
  }
  return out + formula.slice(pos);
}

/** A data row's formula moved from row `from` to row `to` (own-row references only). */
function movedFormula(plan: SheetPlan, formula: string, from: number, to: number): string {
  const code = codeOnly(formula);
  if (code.includes('!'))
    throw cannot(plan, `the formula ${formula} of row ${from} refers to another sheet`);
  let out = '';
  let pos = 0;
  for (const r of refsOf(code, formula)) {
    if (r.rowAbs || r.row1 !== from || r.row2 !== from)
      throw cannot(plan, `the formula ${formula} of row ${from} reads another row`);
    out += formula.slice(pos, r.at) + r.text.replace(/\d+/g, String(to));
    pos = r.end;
  }
  return out + formula.slice(pos);
}

function cannot(plan: SheetPlan, why: string): SheetLimitError {
  return new SheetLimitError(
    `"${plan.name}" has ${thousands(planRowCount(plan))} rows, more than an Excel sheet holds, and cannot be continued on another sheet: ${why}.`,
  );
}

/**
 * The plan of part k (0 = the first sheet): its name and key, and its formats, styles, links,
 * tables and conditional formats cut to its rows (a continued sheet gets the header row's too).
 */
function cutPlan(
  plan: SheetPlan,
  k: number,
  ranges: { from: number; to: number }[],
  names: string[],
  c1: number,
  c2: number,
  maxRows: number,
): SheetPlan {
  const { from, to } = ranges[k];
  /** The rect's part on this sheet (rows moved), or null. */
  const cut = (rect: Rect): Rect[] => {
    const out: Rect[] = [];
    const r2 = rect.row + rect.rowCount - 1;
    if (k === 0) {
      if (rect.row <= maxRows)
        out.push({ ...rect, rowCount: Math.min(r2, maxRows) - rect.row + 1 });
      return out;
    }
    const col1 = Math.max(rect.column, c1);
    const col2 = Math.min(rect.column + rect.columnCount - 1, c2);
    if (col1 > col2) {
      if (r2 > maxRows) throw cannot(plan, 'a format beside its data columns runs past the limit');
      return out;
    }
    const columns = { column: col1, columnCount: col2 - col1 + 1 };
    if (rect.row === 1) out.push({ row: 1, rowCount: 1, ...columns });
    const a = Math.max(rect.row, from);
    const b = Math.min(r2, to);
    if (a <= b) out.push({ row: a - from + 2, rowCount: b - a + 1, ...columns });
    return out;
  };
  // Its rows are read with rowAt: the part holds no cells, nor the source's rows.
  const next: SheetPlan = {
    ...planFields(plan),
    key: k === 0 ? plan.key : `${plan.key}:${k + 1}`,
    name: names[k],
    cells: [],
  };
  if (plan.numberFormats)
    next.numberFormats = plan.numberFormats.flatMap((n) =>
      cut(n.rect).map((rect) => ({ ...n, rect })),
    );
  if (plan.styles)
    next.styles = plan.styles.flatMap((s) => cut(s.rect).map((rect) => ({ ...s, rect })));
  if (plan.conditionalFormats)
    next.conditionalFormats = plan.conditionalFormats.flatMap((cf) =>
      cut(cf.rect).map((rect) => ({ ...cf, rect })),
    );
  if (plan.links)
    next.links = plan.links.flatMap((l) =>
      cut({ row: l.row, column: l.column, rowCount: 1, columnCount: 1 }).map((r) => ({
        ...l,
        row: r.row,
      })),
    );
  if (plan.tables)
    next.tables = plan.tables.flatMap((t) => {
      const long = t.rect.row + t.rect.rowCount - 1 > maxRows;
      if (!long) return k === 0 ? [t] : [];
      const rowCount = k === 0 ? maxRows : to - from + 2;
      return [
        { ...t, name: k === 0 ? t.name : `${t.name}_${k + 1}`, rect: { ...t.rect, rowCount } },
      ];
    });
  if (k > 0) delete next.charts;
  return next;
}
