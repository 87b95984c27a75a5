/**
 * A sheet plan as "pieces": small units of queued Office.js calls, each with the bytes it adds to
 * a request. The renderer packs pieces into syncs of at most `blockBytes`, values first and
 * formats after, and splits a piece when Excel still refuses the request as too large.
 */
import {
  type ConditionalFormat,
  type PlanCell,
  type Rect,
  type SheetPlan,
  isFormulaCell,
} from '../core/plans/types';
import { cellAddress, quoteSheetName } from '../core/types';
import { jsonBytes } from './api';

export interface Piece {
  bytes: number;
  enqueue(): void;
  /** Two or more smaller pieces doing the same, when this one alone is too large. */
  split?(): Piece[];
}

/** Bytes a small call adds to a request (its path, method and arguments). */
const CALL_BYTES = 300;

/**
 * What is sent for one plan cell. Every string gets an apostrophe, so Excel keeps it as text
 * whatever it starts with ("=", "+", "-", "@", a digit, TRUE); only a FormulaCell is a formula.
 */
export function cellToSend(
  cell: PlanCell,
  renameRefs: (formula: string) => string,
): string | number | boolean {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell === '' ? '' : `'${cell}`;
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : '';
  if (typeof cell === 'boolean') return cell;
  if (isFormulaCell(cell))
    return renameRefs(cell.formula.startsWith('=') ? cell.formula : `=${cell.formula}`);
  return '';
}

/**
 * Excel makes table header texts unique and non-empty ("Column1", "Name2") by changing the
 * cells; do it in the plan's cells first, so what is written (and fingerprinted) is what stays.
 */
export function cellsWithTableHeaders(plan: SheetPlan): PlanCell[][] {
  const cells = plan.cells.map((row) => row.slice());
  for (const t of plan.tables ?? []) {
    const seen = new Set<string>();
    const r0 = t.rect.row - 1;
    for (let c = 0; c < t.rect.columnCount; c++) {
      const c0 = t.rect.column - 1 + c;
      const v = cells[r0]?.[c0];
      const text = v === null || v === undefined || isFormulaCell(v) ? '' : String(v);
      let name = text || `Column${c + 1}`;
      const base = name;
      for (let i = 2; seen.has(name.toLowerCase()); i++) name = `${base}${i}`;
      seen.add(name.toLowerCase());
      if (cells[r0] && name !== v) cells[r0][c0] = name;
    }
  }
  return cells;
}

/** Pieces that write the cells of one sheet in row blocks of at most `blockBytes`. */
export function valuePieces(
  ws: () => Excel.Worksheet,
  cells: PlanCell[][],
  blockBytes: number,
  renameRefs: (f: string) => string,
): Piece[] {
  const columns = cells.reduce((m, r) => Math.max(m, r.length), 0);
  if (cells.length === 0 || columns === 0) return [];
  const rows = cells.map((r) => {
    const out = r.map((c) => cellToSend(c, renameRefs));
    while (out.length < columns) out.push('');
    return out;
  });
  const hasFormula = cells.map((r) => r.some((c) => isFormulaCell(c)));
  const rowBytes = rows.map((r) => jsonBytes(r) + 1);
  const piece = (from: number, to: number): Piece => {
    let bytes = CALL_BYTES;
    for (let i = from; i < to; i++) bytes += rowBytes[i];
    return {
      bytes,
      enqueue() {
        const range = ws().getRangeByIndexes(from, 0, to - from, columns);
        const block = rows.slice(from, to);
        // `formulas` only where needed; both keep the apostrophe-protected text as text.
        if (hasFormula.slice(from, to).some(Boolean)) range.formulas = block;
        else range.values = block;
      },
      split:
        to - from > 1
          ? () => [
              piece(from, from + Math.ceil((to - from) / 2)),
              piece(from + Math.ceil((to - from) / 2), to),
            ]
          : undefined,
    };
  };
  const pieces: Piece[] = [];
  let start = 0;
  let size = CALL_BYTES;
  for (let i = 0; i < rows.length; i++) {
    if (i > start && size + rowBytes[i] > blockBytes) {
      pieces.push(piece(start, i));
      start = i;
      size = CALL_BYTES;
    }
    size += rowBytes[i];
  }
  pieces.push(piece(start, rows.length));
  return pieces;
}

function rangeOf(ws: Excel.Worksheet, rect: Rect): Excel.Range {
  return ws.getRangeByIndexes(rect.row - 1, rect.column - 1, rect.rowCount, rect.columnCount);
}

/** Number formats of one rectangle, as full arrays (Excel wants one entry per cell), in row blocks. */
function numberFormatPieces(
  ws: () => Excel.Worksheet,
  rect: Rect,
  format: string,
  blockBytes: number,
): Piece[] {
  const perRow = rect.columnCount * (jsonBytes(format) + 1) + 2;
  const piece = (row: number, rowCount: number): Piece => ({
    bytes: CALL_BYTES + perRow * rowCount,
    enqueue() {
      const r = rangeOf(ws(), { ...rect, row, rowCount });
      r.numberFormat = Array.from({ length: rowCount }, () =>
        Array.from({ length: rect.columnCount }, () => format),
      );
    },
    split:
      rowCount > 1
        ? () => [
            piece(row, Math.ceil(rowCount / 2)),
            piece(row + Math.ceil(rowCount / 2), rowCount - Math.ceil(rowCount / 2)),
          ]
        : undefined,
  });
  const rowsPerPiece = Math.max(1, Math.floor((blockBytes - CALL_BYTES) / perRow));
  const out: Piece[] = [];
  for (let r = 0; r < rect.rowCount; r += rowsPerPiece)
    out.push(piece(rect.row + r, Math.min(rowsPerPiece, rect.rowCount - r)));
  return out;
}

const small = (enqueue: () => void): Piece => ({ bytes: CALL_BYTES, enqueue });

/**
 * Excel's column width is in points. A width of w characters (Calibri 11, maximum digit width
 * 7 px) is w × 7 + 5 pixels (5 px of cell padding), and a pixel is 0.75 point at 96 dpi.
 */
export function charsToPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

function conditionalFormat(range: Excel.Range, cf: ConditionalFormat): void {
  if (cf.type === 'dataBar') {
    const f = range.conditionalFormats.add('DataBar' as Excel.ConditionalFormatType);
    f.dataBar.positiveFormat.fillColor = cf.color;
  } else if (cf.type === 'colorScale') {
    const f = range.conditionalFormats.add('ColorScale' as Excel.ConditionalFormatType);
    const criteria: Excel.ConditionalColorScaleCriteria = {
      minimum: { formula: null as unknown as string, type: 'LowestValue', color: cf.min },
      maximum: { formula: null as unknown as string, type: 'HighestValue', color: cf.max },
    };
    if (cf.mid)
      criteria.midpoint = { formula: String(cf.mid.value), type: 'Number', color: cf.mid.color };
    f.colorScale.criteria = criteria;
  } else {
    // "Cell value equal to" a string literal: the text stays inert inside the quotes.
    const f = range.conditionalFormats.add('CellValue' as Excel.ConditionalFormatType);
    f.cellValue.format.fill.color = cf.fill;
    if (cf.fontColor) f.cellValue.format.font.color = cf.fontColor;
    f.cellValue.rule = { formula1: `="${cf.text.replace(/"/g, '""')}"`, operator: 'EqualTo' };
  }
}

export interface FormatContext {
  ws: () => Excel.Worksheet;
  blockBytes: number;
  /** Table name to use while building (renamed to the plan's name at the swap). */
  buildTableName: (name: string) => string;
  /** Called with each added table, to rename it at the swap. */
  onTable: (table: Excel.Table, finalName: string) => void;
}

/** Everything after the values: formats, widths, tables, conditional formats, charts, panes, links. */
export function formatPieces(plan: SheetPlan, fc: FormatContext): Piece[] {
  const { ws } = fc;
  const out: Piece[] = [];
  for (const nf of plan.numberFormats ?? [])
    out.push(...numberFormatPieces(ws, nf.rect, nf.format, fc.blockBytes));
  for (const s of plan.styles ?? []) {
    out.push(
      small(() => {
        const f = rangeOf(ws(), s.rect).format;
        if (s.bold !== undefined) f.font.bold = s.bold;
        if (s.italic !== undefined) f.font.italic = s.italic;
        if (s.fontColor) f.font.color = s.fontColor;
        if (s.fontSize) f.font.size = s.fontSize;
        if (s.fill) f.fill.color = s.fill;
        if (s.wrap !== undefined) f.wrapText = s.wrap;
        if (s.horizontalAlignment)
          f.horizontalAlignment = (s.horizontalAlignment[0].toUpperCase() +
            s.horizontalAlignment.slice(1)) as Excel.HorizontalAlignment;
      }),
    );
  }
  plan.columnWidths?.forEach((w, i) => {
    if (w !== undefined)
      out.push(
        small(
          () => void (ws().getRangeByIndexes(0, i, 1, 1).format.columnWidth = charsToPoints(w)),
        ),
      );
  });
  for (const t of plan.tables ?? []) {
    out.push(
      small(() => {
        const table = ws().tables.add(rangeOf(ws(), t.rect), true);
        table.name = fc.buildTableName(t.name);
        if (t.style) table.style = t.style;
        table.showBandedRows = true;
        fc.onTable(table, t.name);
      }),
    );
  }
  for (const cf of plan.conditionalFormats ?? [])
    out.push(small(() => conditionalFormat(rangeOf(ws(), cf.rect), cf)));
  for (const c of plan.charts ?? []) {
    out.push(
      small(() => {
        const sheet = ws();
        const [first, ...rest] = c.series;
        if (!first) return;
        const chart = sheet.charts.add(
          'ColumnClustered' as Excel.ChartType,
          rangeOf(sheet, first.values),
          'Columns' as Excel.ChartSeriesBy,
        );
        chart.title.text = c.title;
        const s0 = chart.series.getItemAt(0);
        s0.name = first.name;
        s0.setXAxisValues(rangeOf(sheet, c.categories));
        for (const s of rest) {
          const series = chart.series.add(s.name);
          series.setValues(rangeOf(sheet, s.values));
          series.setXAxisValues(rangeOf(sheet, c.categories));
        }
        chart.setPosition(sheet.getRangeByIndexes(c.anchor.row - 1, c.anchor.column - 1, 1, 1));
        // Plan sizes are pixels; chart sizes are points (0.75 point a pixel at 96 dpi).
        chart.width = c.anchor.width * 0.75;
        chart.height = c.anchor.height * 0.75;
      }),
    );
  }
  if (plan.freeze && (plan.freeze.rows > 0 || plan.freeze.columns > 0)) {
    const { rows, columns } = plan.freeze;
    out.push(
      small(() => {
        const panes = ws().freezePanes;
        if (rows > 0 && columns > 0) panes.freezeAt(ws().getRangeByIndexes(0, 0, rows, columns));
        else if (rows > 0) panes.freezeRows(rows);
        else panes.freezeColumns(columns);
      }),
    );
  }
  for (const l of plan.links ?? []) {
    // No textToDisplay: Excel would write it into the cell; the plan's text is already there.
    out.push(
      small(
        () =>
          void (ws().getRangeByIndexes(l.row - 1, l.column - 1, 1, 1).hyperlink = {
            documentReference: `${quoteSheetName(l.sheet)}!${cellAddress(l.targetRow, l.targetColumn)}`,
          }),
      ),
    );
  }
  return out;
}

/** A sheet name as Excel writes it in a formula: bare when it can be, else quoted. */
export function formulaSheetRef(name: string): string {
  const bare =
    /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) &&
    !/^[A-Za-z]{1,3}\d+$/.test(name) &&
    !/^[Rr]\d*[Cc]\d*$/.test(name);
  return bare ? name : quoteSheetName(name);
}

/**
 * Rewrite every sheet reference of a formula (`'Name'!` or `Name!`, outside string literals):
 * `map` gets the sheet name and returns the new name, or undefined to keep it as it is.
 */
export function mapSheetRefs(formula: string, map: (sheet: string) => string | undefined): string {
  let out = '';
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i];
    if (ch === '"') {
      const end = formula.indexOf('"', i + 1);
      const stop = end < 0 ? formula.length : end + 1;
      out += formula.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      let name = '';
      while (j < formula.length) {
        if (formula[j] === "'" && formula[j + 1] === "'") {
          name += "'";
          j += 2;
        } else if (formula[j] === "'") break;
        else name += formula[j++];
      }
      const to = formula[j + 1] === '!' ? map(name) : undefined;
      out += to !== undefined ? `${formulaSheetRef(to)}!` : formula.slice(i, j + 1);
      i = to !== undefined ? j + 2 : j + 1;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_.]*!/.exec(formula.slice(i, i + 260));
    if (m && (i === 0 || !/[A-Za-z0-9_.]/.test(formula[i - 1]))) {
      const to = map(m[0].slice(0, -1));
      out += to !== undefined ? `${formulaSheetRef(to)}!` : m[0];
      i += m[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/**
 * Point formula references at the temporary sheets while building: Excel follows a sheet when it
 * is renamed, so a reference to a temporary sheet becomes a reference to its final name at the
 * swap, whereas a reference to the old sheet of that name would follow the old sheet and break.
 */
export function retargetSheetRefs(formula: string, rename: Map<string, string>): string {
  return rename.size === 0
    ? formula
    : mapSheetRefs(formula, (name) => rename.get(name.toLowerCase()));
}

/**
 * A formula as Excel gives it back: sheet names quoted only where needed ('Impact'!A1 is read
 * back as Impact!A1). Fingerprints use this form on both sides, so a formula is not taken for a
 * person's edit because Excel dropped its quotes.
 */
export function canonicalFormula(formula: string): string {
  return mapSheetRefs(formula, (name) => name);
}
