/**
 * SheetPlan: a declarative description of one output sheet. Both adapters render the same
 * plan, so what the add-in writes in Excel and what the command line writes to .xlsx cannot
 * drift apart, and a plan can be tested without any spreadsheet.
 *
 * Coordinates are 1-based Excel rows and columns. `cells[0][0]` is A1.
 */

/**
 * A formula the engine built, in Excel's en-US syntax with the leading "=" and WITHOUT
 * `_xlfn.` prefixes (the file adapter adds them; Office.js takes formulas without them).
 * `value` is what the engine computed for this cell: the file adapter stores it as the
 * cached result, and tests compare LibreOffice's recalculated value with it.
 */
export interface FormulaCell {
  formula: string;
  value: number | string | boolean | null;
}

/**
 * A plan cell. A string is ALWAYS text, whatever it starts with ("=", "+", "-", "@", "1"):
 * adapters must write it so that the spreadsheet keeps it as text (no formula, no number).
 * Only a FormulaCell becomes a formula.
 */
export type PlanCell = string | number | boolean | null | FormulaCell;

export function isFormulaCell(cell: PlanCell): cell is FormulaCell {
  return typeof cell === 'object' && cell !== null && 'formula' in cell;
}

/** Stands for the row's number while a RowPattern is cut into its pieces (RowPattern.marked). */
export const ROW_MARK = '\u0000';
/** A character that would join the row's digits into a name, a number or a call. */
const JOINS_DIGITS = /^[A-Za-z0-9_.(]/;

/**
 * The text of a formula that is the same in every row of a sheet made row by row but for the
 * row's own number (Student Targets' Met? and Change, `=IF(L7="","",L7-J7)`): its pieces around
 * that number. No piece after the first starts with a character that would join the digits
 * into a longer name or a call (checked here), so every function name lies inside one piece and
 * a writer can escape the pieces, and see what prefixes they need, once for all rows.
 */
export class RowPattern {
  readonly pieces: readonly string[];
  /** The pieces' characters in all (the text less the row's digits). */
  readonly #chars: number;

  /** `make(r)` is the formula at row text `r`. */
  constructor(make: (row: string) => string) {
    this.pieces = make(ROW_MARK).split(ROW_MARK);
    if (RowPattern.joinsDigits(this.pieces))
      throw new Error(`RowPattern: a row's number is followed by a name or a call in ${make('1')}`);
    this.#chars = this.pieces.reduce((n, p) => n + p.length, 0);
  }

  /** Whether a piece after the first starts with what would join the row's digits into more. */
  private static joinsDigits(pieces: readonly string[]): boolean {
    return pieces.slice(1).some((p) => JOINS_DIGITS.test(p));
  }

  /**
   * The pattern of a formula written with ROW_MARK for the row's number (a sheet builder that
   * makes every row's formulas from the row's number can make them once with the mark), or null
   * when a row's number would be followed by a name or a call (not a RowPattern then).
   */
  static marked(text: string): RowPattern | null {
    return RowPattern.joinsDigits(text.split(ROW_MARK)) ? null : new RowPattern(() => text);
  }

  /** The length of the formula at a row whose number has `digits` digits. */
  lengthAt(digits: number): number {
    return this.#chars + digits * (this.pieces.length - 1);
  }

  /** The formula at row `row` (concatenated, not joined: its text is read only if asked for). */
  text(row: string): string {
    const p = this.pieces;
    let s = p[0];
    for (let k = 1; k < p.length; k++) s = s + row + p[k];
    return s;
  }
}

/**
 * A FormulaCell whose formula is a RowPattern at row `row`: to every reader a FormulaCell (its
 * `formula` and `value` are its only own fields; a spread or a message copies them alone), while
 * the file writer and the fingerprint read its pieces and row number instead of its text, which
 * then is never read character by character (a million rows of Student Targets hold two million).
 */
export class RowFormula implements FormulaCell {
  readonly formula: string;
  readonly value: FormulaCell['value'];
  readonly #pattern: RowPattern;
  readonly #row: number;
  readonly #given: boolean;

  /**
   * @param formula the formula's text when the caller has it already, as one string (it must be
   *   `pattern.text(String(row))`), else made from the pattern and never read
   */
  constructor(pattern: RowPattern, row: number, value: FormulaCell['value'], formula?: string) {
    this.formula = formula ?? pattern.text(String(row));
    this.value = value;
    this.#pattern = pattern;
    this.#row = row;
    this.#given = formula !== undefined;
  }

  /**
   * Whether the text was given (one string: a reader of every character reads it at once) or made
   * from the pattern (a tree of its pieces: reading it would first copy it into one string).
   */
  get textGiven(): boolean {
    return this.#given;
  }

  get pattern(): RowPattern {
    return this.#pattern;
  }

  get row(): number {
    return this.#row;
  }
}

export interface Rect {
  row: number;
  column: number;
  rowCount: number;
  columnCount: number;
}

export interface CellStyle {
  rect: Rect;
  bold?: boolean;
  italic?: boolean;
  wrap?: boolean;
  /** "#RRGGBB" */
  fill?: string;
  /** "#RRGGBB" */
  fontColor?: string;
  fontSize?: number;
  horizontalAlignment?: 'left' | 'center' | 'right';
  /** Our sheets set it once for all their cells (plans/align.ts). */
  verticalAlignment?: 'top' | 'center';
}

export type ConditionalFormat =
  | { type: 'dataBar'; rect: Rect; color: string }
  | {
      type: 'colorScale';
      rect: Rect;
      /** Colours at the lowest value, (optionally) the midpoint number, and the highest value. */
      min: string;
      mid?: { value: number; color: string };
      max: string;
    }
  | {
      type: 'textEquals';
      rect: Rect;
      text: string;
      fill: string;
      fontColor?: string;
    };

export interface ChartPlan {
  /**
   * columnClustered: `categories` label the x axis, one bar per series value.
   * xyScatter: `categories` hold the x values (numbers), each series the y values; no lines.
   * line: `categories` label the x axis; each series a line with a marker at each value (a blank
   * cell is a gap).
   */
  type: 'columnClustered' | 'xyScatter' | 'line';
  title: string;
  /** Category labels (or x values of a scatter), one column. */
  categories: Rect;
  /**
   * One series per column of values (e.g. pre and post means). `dash` (line charts): the line
   * dashed (a path, a reference such as a target) rather than solid.
   */
  series: { name: string; values: Rect; dash?: boolean }[];
  /**
   * Axis titles: every chart names what its axes show. `yFromZero`: the value axis starts at 0
   * (bars of levels, such as means before and after, whose heights a reader compares; a
   * spreadsheet's automatic scale may start far above 0). Charts of changes, which can be
   * negative, leave the scale automatic.
   */
  axes: { x: string; y: string; yFromZero?: boolean };
  /** Top-left cell of the chart and its size in pixels. */
  anchor: { row: number; column: number; width: number; height: number };
}

export interface TablePlan {
  /** Unique in the workbook, letters, digits and underscores only. */
  name: string;
  /** Including the header row. */
  rect: Rect;
  style?: string;
}

/** An internal link from a cell to a cell of another sheet (e.g. a data-quality issue). */
export interface CellLink {
  row: number;
  column: number;
  sheet: string;
  targetRow: number;
  targetColumn: number;
}

export interface SheetPlan {
  /** Stable key of what this sheet is ("impact", "data-quality", …), for ownership. */
  key: string;
  /** Final sheet name, already resolved against the workbook's existing sheets. */
  name: string;
  /**
   * Rectangular: every row has the same length. A plan whose rows are made on demand (`rows`,
   * lazyPlan) makes them all here only when this is read: what goes over every row of any plan
   * reads planRowCount and planRow instead.
   */
  cells: PlanCell[][];
  /** The rows, made one at a time from compact data (lazyPlan), for sheets of a row per student. */
  rows?: RowSource;
  numberFormats?: { rect: Rect; format: string }[];
  /** Width of each column in characters (index 0 = column A); undefined = leave default. */
  columnWidths?: (number | undefined)[];
  tables?: TablePlan[];
  conditionalFormats?: ConditionalFormat[];
  charts?: ChartPlan[];
  /** Rows and columns frozen at the top and left. */
  freeze?: { rows: number; columns: number };
  styles?: CellStyle[];
  links?: CellLink[];
  /** "#RRGGBB" colour of the sheet's tab. */
  tabColor?: string;
  /** How the sheet prints (both adapters set orientation, fit and print titles). */
  print?: PrintPlan;
  /** The sheet shown when the workbook opens after a run (one plan at most). */
  active?: boolean;
  /** Drawn shapes and the connectors between them (the Alignment Map). */
  drawing?: DrawingPlan;
  /** Cells a person fills from a fixed list (a drop-down in both adapters). */
  validations?: ListValidation[];
}

/**
 * A drop-down on the cells of `rect`: a person picks one of `values` (plain words without commas
 * or quotes, written by both adapters as one list) or one of the cells of `source` (an absolute
 * range without "=", e.g. 'View Data'!$A$2:$A$61), or leaves it blank. One of the two is given.
 */
export interface ListValidation {
  rect: Rect;
  values?: string[];
  source?: string;
  /** A short hint shown when a cell of the range is selected. */
  prompt?: { title: string; message: string };
}

/**
 * Page setup. `fitWidth`/`fitHeight`: pages across and down the sheet is shrunk to fit
 * (0 = as many as needed); both missing = no scaling. `titleRows`: rows repeated on every page.
 */
export interface PrintPlan {
  orientation: 'portrait' | 'landscape';
  fitWidth?: number;
  fitHeight?: number;
  titleRows?: { first: number; last: number };
}

/** A box drawn over the sheet, in pixels from the top-left of cell A1 (96 dpi). */
export interface ShapePlan {
  /** Unique in the drawing; connectors refer to it. */
  id: string;
  geometry: 'rectangle' | 'roundRectangle' | 'ellipse';
  left: number;
  top: number;
  width: number;
  height: number;
  text: string;
  /** "#RRGGBB" */
  fill: string;
  /** "#RRGGBB" */
  line: string;
  /** "#RRGGBB" */
  fontColor: string;
  /** Dashed outline (e.g. an orphan goal). */
  dashed?: boolean;
}

/** A straight connector from the bottom of one shape to the top of another. */
export interface ConnectorPlan {
  from: string;
  to: string;
  dashed: boolean;
  /** "#RRGGBB" */
  color: string;
}

export interface DrawingPlan {
  shapes: ShapePlan[];
  connectors: ConnectorPlan[];
}

/**
 * Rows made one at a time from compact data, for a sheet too long to hold as cells (Student
 * Targets: a row per student × measure, two million at a million students). `row(i)` makes row
 * i (0-based) afresh, at the sheet's full width; nothing keeps it.
 */
export interface RowSource {
  /**
   * Rows. Their formulas read only cells of this plan's own sheet (never another sheet's):
   * a plan too long for a sheet is split without looking through them (split.ts).
   */
  readonly count: number;
  /**
   * Row i made as it sits at sheet row `at` (1-based; i + 1 but on a continued sheet, see
   * split.ts): a formula in its data columns reads only cells of its own row, so it names `at`.
   * Every row has as many cells as the first: a writer takes the sheet's width from row 0.
   */
  row(i: number, at?: number): PlanCell[];
  /** Cell j (0-based) of row i, without making the row (for a reader of a column or two). */
  cell?(i: number, j: number): PlanCell;
}

/** Rows of a plan, made on demand or held. */
export function planRowCount(plan: SheetPlan): number {
  return plan.rows ? plan.rows.count : plan.cells.length;
}

/** Row `i` (0-based) of a plan, made on demand (at sheet row `at`, RowSource.row) or held. */
export function planRow(plan: SheetPlan, i: number, at?: number): PlanCell[] {
  return plan.rows ? plan.rows.row(i, at) : plan.cells[i];
}

/** Cell j (0-based) of row i (0-based) of a plan, made on demand or held. */
export function planCell(plan: SheetPlan, i: number, j: number): PlanCell {
  const rows = plan.rows;
  if (!rows) return plan.cells[i]?.[j] ?? null;
  return rows.cell ? rows.cell(i, j) : (rows.row(i)[j] ?? null);
}

/** A plan's fields but its cells (and rows), read without making the rows of a lazy plan. */
export function planFields(plan: SheetPlan): Omit<SheetPlan, 'cells' | 'rows'> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(plan)) if (key !== 'cells') out[key] = plan[key as keyof SheetPlan];
  return out as Omit<SheetPlan, 'cells' | 'rows'>;
}

/**
 * A plan whose rows `source` makes one at a time: it reads as a plan whose `cells` are made,
 * once, when first read (by a test, or a reader of whole plans such as the task pane). Until
 * then `rows` is the source, and writers read planRow; after, `rows` is gone and the cells,
 * changed or not, are what is written. `rows` is not enumerable: a copy by spread is a plain plan.
 */
export function lazyPlan(plan: Omit<SheetPlan, 'cells' | 'rows'>, source: RowSource): SheetPlan {
  let made: PlanCell[][] | null = null;
  const out = { ...plan } as SheetPlan;
  Object.defineProperty(out, 'rows', {
    enumerable: false,
    configurable: true,
    get: () => (made ? undefined : source),
  });
  return Object.defineProperty(out, 'cells', {
    enumerable: true,
    configurable: true,
    get: () => (made ??= Array.from({ length: source.count }, (_, i) => source.row(i))),
    set: (cells: PlanCell[][]) => (made = cells),
  });
}

/** `plan` with `changes`; a lazy plan stays lazy (a spread would make all its rows). */
export function withPlan(
  plan: SheetPlan,
  changes: Partial<Omit<SheetPlan, 'cells' | 'rows'>>,
): SheetPlan {
  const rows = plan.rows;
  return rows ? lazyPlan({ ...planFields(plan), ...changes }, rows) : { ...plan, ...changes };
}

/** A plan with its rows held as cells, for a reader of whole plans (or a message to the pane). */
export function heldPlan(plan: SheetPlan): SheetPlan {
  return plan.rows ? { ...planFields(plan), cells: plan.cells } : plan;
}

/** Stable text of a plan's content (cells and formulas), for detecting later edits. */
export function planFingerprintSource(plan: SheetPlan): string {
  return JSON.stringify(
    plan.cells.map((row) => row.map((c) => (isFormulaCell(c) ? c.formula : c))),
  );
}
