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
import { addChart, addDrawing, setPrint } from './drawing';
import { setListValidation } from './validation';

export interface Piece {
  bytes: number;
  enqueue(): void;
  /** Two or more smaller pieces doing the same, when this one alone is too large. */
  split?(): Piece[];
  /** This piece cut in two, the first part at most `room` bytes; undefined if it cannot be. */
  fit?(room: number): [Piece, Piece] | undefined;
  /** Called after the sync that sent this piece succeeded. */
  after?(): void;
  /** A piece this one may not share a sync with. */
  notWith?: Piece;
}

/** Bytes a small call adds to a request (its path, method and arguments). */
export const CALL_BYTES = 300;

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
  // Only the header rows are copied; the other rows are the plan's own (not to be changed).
  const cells = plan.cells.slice();
  for (const t of plan.tables ?? []) {
    const seen = new Set<string>();
    const r0 = t.rect.row - 1;
    if (cells[r0] && cells[r0] === plan.cells[r0]) cells[r0] = cells[r0].slice();
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

function rangeOf(ws: Excel.Worksheet, rect: Rect): Excel.Range {
  return ws.getRangeByIndexes(rect.row - 1, rect.column - 1, rect.rowCount, rect.columnCount);
}

/**
 * The number format of one rectangle as a single value, which Office.js applies to every cell of
 * the range (documented with r1c1.ts): a few bytes however many cells, where a full array cost
 * about 8 bytes a cell.
 */
function numberFormatPiece(ws: () => Excel.Worksheet, rect: Rect, format: string): Piece {
  return {
    bytes: CALL_BYTES + jsonBytes(format),
    enqueue() {
      (rangeOf(ws(), rect) as unknown as { numberFormat: unknown }).numberFormat = format;
    },
  };
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

/** Everything after the values: formats, widths, tables, conditional formats, charts, shapes, page setup, panes, links. */
export function formatPieces(plan: SheetPlan, fc: FormatContext): Piece[] {
  const { ws } = fc;
  const out: Piece[] = [];
  for (const nf of plan.numberFormats ?? []) out.push(numberFormatPiece(ws, nf.rect, nf.format));
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
        if (s.verticalAlignment)
          f.verticalAlignment = s.verticalAlignment === 'top' ? 'Top' : 'Center';
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
  for (const c of plan.charts ?? []) out.push(small(() => addChart(ws(), c)));
  for (const v of plan.validations ?? [])
    out.push(small(() => setListValidation(rangeOf(ws(), v.rect), v)));
  const drawing = plan.drawing;
  if (drawing)
    out.push({
      bytes: CALL_BYTES * (drawing.shapes.length * 12 + drawing.connectors.length * 8),
      enqueue: () => addDrawing(ws(), drawing),
    });
  const print = plan.print;
  if (print) out.push(small(() => setPrint(ws(), print)));
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
  if (!formula.includes('!')) return formula;
  // Unchanged text is copied in spans: formula[copied, i) is not yet in `out`.
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i];
    if (ch === '"') {
      const end = formula.indexOf('"', i + 1);
      i = end < 0 ? formula.length : end + 1;
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
      if (to !== undefined) {
        out += `${formula.slice(copied, i)}${formulaSheetRef(to)}!`;
        copied = j + 2;
        i = j + 2;
      } else i = j + 1;
      continue;
    }
    if (WORD_START.test(ch) && (i === 0 || !WORD_CHAR.test(formula[i - 1]))) {
      BARE_SHEET.lastIndex = i;
      const m = BARE_SHEET.exec(formula);
      if (m) {
        const to = map(m[0].slice(0, -1));
        if (to !== undefined) {
          out += `${formula.slice(copied, i)}${formulaSheetRef(to)}!`;
          copied = i + m[0].length;
        }
        i += m[0].length;
        continue;
      }
    }
    i++;
  }
  return copied === 0 ? formula : out + formula.slice(copied);
}

const WORD_START = /[A-Za-z_]/;
const WORD_CHAR = /[A-Za-z0-9_.]/;
const BARE_SHEET = /[A-Za-z_][A-Za-z0-9_.]{0,258}!/y;

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
