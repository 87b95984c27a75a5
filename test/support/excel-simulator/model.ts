/** The simulated workbook: sheets of cells plus the objects Excel keeps beside them. */
import { type Box, boxAddress } from './address';
import { type Cell, isEmptyCell } from './cells';
import { SimulatedExcelError, ErrorCodes } from './errors';
import { rewriteSheetRefs } from './refs';
import type { ShapeModel } from './shapes';

export type Visibility = 'Visible' | 'Hidden' | 'VeryHidden';

export interface TableModel {
  id: number;
  name: string;
  sheetId: string;
  box: Box;
  hasHeaders: boolean;
  style: string;
  showBandedRows: boolean;
}

export interface ChartSeriesModel {
  name: string;
  values?: string;
  xAxisValues?: string;
  /** Settings written to series.format (line.lineStyle). */
  format?: { line?: { lineStyle?: string } };
}

export interface ChartModel {
  id: number;
  type: string;
  source: string;
  seriesBy: string;
  title: string;
  series: ChartSeriesModel[];
  /** Top-left and bottom-right cells given to setPosition. */
  startCell?: string;
  endCell?: string;
  top?: number;
  left?: number;
  width?: number;
  height?: number;
  /** chart.axes.<axis>.minimum, when set. */
  axisMinimum?: { categoryAxis?: number; valueAxis?: number };
}

/** A conditional format: its type, range and the settings written to it (plain data). */
export interface ConditionalFormatModel {
  id: number;
  type: string;
  address: string;
  settings: Record<string, unknown>;
}

/** A data validation: its range and what was set on it (Excel.DataValidation). */
export interface DataValidationModel {
  address: string;
  box: Box;
  rule: Record<string, unknown> | null;
  ignoreBlanks: boolean;
  errorAlert: Record<string, unknown> | null;
  prompt: Record<string, unknown> | null;
}

export interface SheetModel {
  id: string;
  name: string;
  visibility: Visibility;
  rows: (Cell | undefined)[][];
  /** Column index (0-based) → width in points. */
  columnWidths: Map<number, number>;
  freeze: { rows: number; columns: number } | null;
  charts: ChartModel[];
  conditionalFormats: ConditionalFormatModel[];
  dataValidations: DataValidationModel[];
  protected: boolean;
  shapes: ShapeModel[];
  /** What was set on `pageLayout` (orientation, zoom, print title rows, headers and footers). */
  pageLayout: Record<string, unknown>;
}

/** Excel's default column width: 8.43 characters, 64 pixels, 48 points. */
export const DEFAULT_COLUMN_WIDTH = 48;
export const MAX_SHEET_NAME = 31;

export class WorkbookModel {
  sheets: SheetModel[] = [];
  tables: TableModel[] = [];
  activeSheetId: string | null = null;
  selection: { sheetId: string; box: Box } | null = null;
  protected = false;
  private nextId = 1;

  newId(): number {
    return this.nextId++;
  }

  newSheetId(): string {
    const n = this.nextId++;
    return `{00000000-0001-0000-${String(n).padStart(4, '0')}-000000000000}`;
  }

  findSheet(name: string): SheetModel | undefined {
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  sheetById(id: string): SheetModel | undefined {
    return this.sheets.find((s) => s.id === id);
  }

  /** Excel's rules for a sheet name; `except` is the sheet being renamed. */
  checkSheetName(name: unknown, except?: SheetModel): string {
    if (
      typeof name !== 'string' ||
      name.length === 0 ||
      name.length > MAX_SHEET_NAME ||
      /[:\\/?*[\]]/.test(name) ||
      name.startsWith("'") ||
      name.endsWith("'") ||
      name.toLowerCase() === 'history'
    ) {
      throw new SimulatedExcelError(
        ErrorCodes.invalidArgument,
        `The argument is invalid or missing or has an incorrect format. (sheet name ${JSON.stringify(name)}: at most 31 characters, none of : \\ / ? * [ ], not starting or ending with an apostrophe)`,
      );
    }
    const other = this.findSheet(name);
    if (other && other !== except) {
      throw new SimulatedExcelError(
        ErrorCodes.itemAlreadyExists,
        `A resource with the same name or identifier already exists. (sheet "${name}")`,
      );
    }
    return name;
  }

  checkStructureUnlocked(): void {
    if (this.protected) {
      throw new SimulatedExcelError(
        ErrorCodes.accessDenied,
        'You cannot perform the requested operation. (the workbook structure is protected)',
      );
    }
  }

  addSheet(name: string): SheetModel {
    this.checkStructureUnlocked();
    this.checkSheetName(name);
    const sheet: SheetModel = {
      id: this.newSheetId(),
      name,
      visibility: 'Visible',
      rows: [],
      columnWidths: new Map(),
      freeze: null,
      charts: [],
      conditionalFormats: [],
      dataValidations: [],
      protected: false,
      shapes: [],
      pageLayout: {},
    };
    this.sheets.push(sheet);
    if (!this.activeSheetId) this.activeSheetId = sheet.id;
    return sheet;
  }

  deleteSheet(sheet: SheetModel): void {
    this.checkStructureUnlocked();
    if (!this.sheets.includes(sheet))
      throw new SimulatedExcelError(
        ErrorCodes.itemNotFound,
        "The requested resource doesn't exist. (the sheet was deleted)",
      );
    const visibleOthers = this.sheets.filter((s) => s !== sheet && s.visibility === 'Visible');
    if (visibleOthers.length === 0) {
      throw new SimulatedExcelError(
        ErrorCodes.invalidOperation,
        'The operation is invalid for the object. (a workbook must keep at least one visible sheet)',
      );
    }
    this.sheets = this.sheets.filter((s) => s !== sheet);
    followSheetInFormulas(this, sheet.name, '#REF!');
    this.tables = this.tables.filter((t) => t.sheetId !== sheet.id);
    if (this.activeSheetId === sheet.id) this.activeSheetId = visibleOthers[0].id;
    if (this.selection?.sheetId === sheet.id) this.selection = null;
  }

  setVisibility(sheet: SheetModel, visibility: unknown): void {
    if (visibility !== 'Visible' && visibility !== 'Hidden' && visibility !== 'VeryHidden') {
      throw new SimulatedExcelError(
        ErrorCodes.invalidArgument,
        `The argument is invalid or missing or has an incorrect format. (visibility ${JSON.stringify(visibility)})`,
      );
    }
    if (visibility === sheet.visibility) return;
    this.checkStructureUnlocked();
    if (
      visibility !== 'Visible' &&
      !this.sheets.some((s) => s !== sheet && s.visibility === 'Visible')
    ) {
      throw new SimulatedExcelError(
        ErrorCodes.invalidOperation,
        'The operation is invalid for the object. (a workbook must keep at least one visible sheet)',
      );
    }
    sheet.visibility = visibility;
    if (visibility !== 'Visible' && this.activeSheetId === sheet.id) {
      this.activeSheetId = this.sheets.find((s) => s.visibility === 'Visible')!.id;
    }
  }
}

export function getCell(sheet: SheetModel, r: number, c: number): Cell | undefined {
  return sheet.rows[r]?.[c];
}

export function setCell(sheet: SheetModel, r: number, c: number, cell: Cell | undefined): void {
  let row = sheet.rows[r];
  if (!row) {
    if (!cell) return;
    row = sheet.rows[r] = [];
  }
  row[c] = cell;
}

/** The used range: every non-empty cell (valuesOnly) or also formatted cells; null if none. */
export function usedBox(sheet: SheetModel, valuesOnly: boolean): Box | null {
  let r0 = Infinity;
  let r1 = -1;
  let c0 = Infinity;
  let c1 = -1;
  sheet.rows.forEach((row, r) => {
    if (!row) return;
    row.forEach((cell, c) => {
      if (!cell) return;
      const counts = valuesOnly
        ? !isEmptyCell(cell)
        : !isEmptyCell(cell) ||
          cell.nf !== undefined ||
          cell.look !== undefined ||
          cell.link !== undefined;
      if (!counts) return;
      if (r < r0) r0 = r;
      if (r > r1) r1 = r;
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
    });
  });
  if (r1 < 0) return null;
  return { row: r0, column: c0, rowCount: r1 - r0 + 1, columnCount: c1 - c0 + 1 };
}

export function describeBox(sheet: SheetModel, box: Box): string {
  return `${sheet.name}!${boxAddress(box)}`;
}

/** Excel follows a renamed or deleted sheet in every formula that refers to it. */
export function followSheetInFormulas(model: WorkbookModel, from: string, to: string): void {
  const lower = from.toLowerCase();
  for (const s of model.sheets) {
    for (const row of s.rows) {
      if (!row) continue;
      for (const cell of row) {
        if (cell?.f && cell.f.toLowerCase().includes(lower))
          cell.f = rewriteSheetRefs(cell.f, from, to);
      }
    }
  }
}
