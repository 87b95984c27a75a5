/** Excel.Range and its format, hyperlink and conditional formats. */
import { type Box, parseAddress, qualifiedAddress, boxAddress } from './address';
import {
  type Cell,
  type CellLook,
  cellFormula,
  cellText,
  cellValue,
  cellValueType,
  typeEntry,
} from './cells';
import type { ContextCore } from './context';
import { SimulatedExcelError, ErrorCodes } from './errors';
import { type SheetModel, getCell, setCell } from './model';
import { ClientObject, settingsProxy, V, type SettingsSchema } from './proxy-base';
import { r1c1ToA1 } from './refs';
import { DataValidationProxy } from './validation';
import type { WorksheetProxy } from './worksheet';

export interface RangeTarget {
  sheet: SheetModel;
  box: Box;
}

const CELL_DATA = ['values', 'formulas', 'text', 'numberFormat', 'valueTypes'];

function invalid(why: string): SimulatedExcelError {
  return new SimulatedExcelError(
    ErrorCodes.invalidArgument,
    `The argument is invalid or missing or has an incorrect format. (${why})`,
  );
}

/** A 2-D array must match the range exactly, as in Excel. */
function checkGrid(value: unknown, box: Box, prop: string): unknown[][] {
  if (
    !Array.isArray(value) ||
    value.length !== box.rowCount ||
    value.some((r) => !Array.isArray(r) || r.length !== box.columnCount)
  ) {
    const rows = Array.isArray(value) ? value.length : 'not an array';
    const cols =
      Array.isArray(value) && Array.isArray(value[0]) ? (value[0] as unknown[]).length : '?';
    throw invalid(
      `${prop}: the number of rows or columns in the input array doesn't match the size or dimensions of the range (${rows} × ${cols} for ${box.rowCount} × ${box.columnCount})`,
    );
  }
  return value as unknown[][];
}

/**
 * What an add-in may assign to `values`, `formulas`, `formulasR1C1` or `numberFormat`: a 2-D
 * array matching the range exactly, or one value that Excel applies to every cell of the range
 * ("If the argument is a single value, it will be applied to all cells in the range": the
 * Excel.Range typings of ExcelApi 1.1/1.2; "Update all cells in a range" in Microsoft's
 * performance guide for the Excel JavaScript API). Gives the entry for each cell.
 */
function entries(value: unknown, box: Box, prop: string): (r: number, c: number) => unknown {
  if (!Array.isArray(value)) {
    if (value === undefined || (typeof value === 'object' && value !== null))
      throw invalid(`${prop}: expected a 2-D array or a single value`);
    return () => value;
  }
  const grid = checkGrid(value, box, prop);
  return (r, c) => grid[r][c];
}

function forEachCell(t: RangeTarget, fn: (r: number, c: number) => void): void {
  for (let r = 0; r < t.box.rowCount; r++)
    for (let c = 0; c < t.box.columnCount; c++) fn(t.box.row + r, t.box.column + c);
}

function checkWritable(t: RangeTarget): void {
  if (t.sheet.protected)
    throw new SimulatedExcelError(
      ErrorCodes.accessDenied,
      `The cell or chart you're trying to change is on a protected sheet. (${t.sheet.name})`,
    );
}

function setLook(t: RangeTarget, key: keyof CellLook, value: unknown): void {
  checkWritable(t);
  forEachCell(t, (r, c) => {
    const cell: Cell = getCell(t.sheet, r, c) ?? { v: null };
    cell.look = { ...cell.look, [key]: value };
    setCell(t.sheet, r, c, cell);
  });
}

export class RangeProxy extends ClientObject<RangeTarget> {
  readonly loadable = [
    'address',
    'addressLocal',
    'rowCount',
    'columnCount',
    'rowIndex',
    'columnIndex',
    'cellCount',
    ...CELL_DATA,
  ];

  constructor(
    core: ContextCore,
    path: string,
    locate: () => RangeTarget | null,
    nullable = false,
    private readonly sheetProxy?: () => WorksheetProxy,
  ) {
    super(core, path, locate, nullable);
  }

  protected override checkAlive(t: RangeTarget): void {
    if (!this.core.engine.model.sheets.includes(t.sheet))
      throw new SimulatedExcelError(
        ErrorCodes.itemNotFound,
        `The requested resource doesn't exist. (the sheet of ${this.path} was deleted)`,
      );
  }

  protected read(name: string, t: RangeTarget): unknown {
    const { box, sheet } = t;
    if (
      CELL_DATA.includes(name) &&
      box.rowCount * box.columnCount > (this.core.engine.options.maxReadCells ?? 5_000_000)
    ) {
      throw new SimulatedExcelError(
        ErrorCodes.responsePayloadSizeLimitExceeded,
        `The response payload size has exceeded the limit. (${box.rowCount * box.columnCount} cells in one range)`,
      );
    }
    const grid = (f: (c: Cell | undefined) => unknown) => {
      const out: unknown[][] = [];
      for (let r = 0; r < box.rowCount; r++) {
        const row: unknown[] = [];
        const src = sheet.rows[box.row + r];
        for (let c = 0; c < box.columnCount; c++) row.push(f(src?.[box.column + c]));
        out.push(row);
      }
      return out;
    };
    switch (name) {
      case 'address':
      case 'addressLocal':
        return qualifiedAddress(sheet.name, box);
      case 'rowCount':
        return box.rowCount;
      case 'columnCount':
        return box.columnCount;
      case 'rowIndex':
        return box.row;
      case 'columnIndex':
        return box.column;
      case 'cellCount':
        return box.rowCount * box.columnCount;
      case 'values':
        return grid(cellValue);
      case 'formulas':
        return grid(cellFormula);
      case 'text':
        return grid(cellText);
      case 'numberFormat':
        return grid((c) => c?.nf ?? 'General');
      case 'valueTypes':
        return grid(cellValueType);
    }
    return undefined;
  }

  get address(): string {
    return this.prop('address');
  }
  get addressLocal(): string {
    return this.prop('addressLocal');
  }
  get rowCount(): number {
    return this.prop('rowCount');
  }
  get columnCount(): number {
    return this.prop('columnCount');
  }
  get rowIndex(): number {
    return this.prop('rowIndex');
  }
  get columnIndex(): number {
    return this.prop('columnIndex');
  }
  get cellCount(): number {
    return this.prop('cellCount');
  }
  get text(): string[][] {
    return this.prop('text');
  }
  get valueTypes(): string[][] {
    return this.prop('valueTypes');
  }

  get values(): unknown[][] {
    return this.prop('values');
  }
  set values(v: unknown[][]) {
    this.writeCells('values', v);
  }
  get formulas(): unknown[][] {
    return this.prop('formulas');
  }
  set formulas(v: unknown[][]) {
    this.writeCells('formulas', v);
  }

  get numberFormat(): unknown[][] {
    return this.prop('numberFormat');
  }
  set numberFormat(v: unknown[][]) {
    this.queueSet('numberFormat', v, (t, value) => {
      checkWritable(t);
      const entry = entries(value, t.box, 'numberFormat');
      for (let r = 0; r < t.box.rowCount; r++)
        for (let c = 0; c < t.box.columnCount; c++) {
          const f = entry(r, c);
          if (f === null) continue;
          if (typeof f !== 'string') throw invalid(`numberFormat entry of type ${typeof f}`);
          const cell: Cell = getCell(t.sheet, t.box.row + r, t.box.column + c) ?? { v: null };
          cell.nf = f === 'General' ? undefined : f;
          setCell(t.sheet, t.box.row + r, t.box.column + c, cell);
        }
    });
  }

  /** Formulas in R1C1 notation (ExcelApi 1.2); loading them back is not modelled. */
  set formulasR1C1(v: unknown[][]) {
    this.writeCells('formulasR1C1', v);
  }
  get formulasR1C1(): never {
    throw new TypeError('The Excel simulator does not model loading formulasR1C1');
  }

  private writeCells(prop: 'values' | 'formulas' | 'formulasR1C1', v: unknown[][]): void {
    const evaluate = this.core.engine.options.evaluate;
    this.queueSet(prop, v, (t, value) => {
      checkWritable(t);
      const entry = entries(value, t.box, prop);
      const single = !Array.isArray(value) && t.box.rowCount * t.box.columnCount > 1;
      for (let r = 0; r < t.box.rowCount; r++)
        for (let c = 0; c < t.box.columnCount; c++) {
          const rr = t.box.row + r;
          const cc = t.box.column + c;
          let e = entry(r, c);
          if (prop === 'formulasR1C1' && typeof e === 'string' && e.startsWith('=') && e.length > 1)
            e = r1c1ToA1(e, rr, cc);
          const cell = typeEntry(e, getCell(t.sheet, rr, cc), evaluate);
          if (cell?.f !== undefined) {
            // How Excel adjusts one A1 formula over many cells is not modelled (R1C1 is exact);
            // "+x"-style entries typed as formulas are not modelled in R1C1 either.
            if (single && prop !== 'formulasR1C1')
              throw new TypeError(
                `The Excel simulator does not model one A1 formula written to several cells (${prop}); write it in formulasR1C1`,
              );
            if (
              prop === 'formulasR1C1' &&
              !(typeof entry(r, c) === 'string' && String(entry(r, c)).startsWith('='))
            )
              throw new TypeError(
                'The Excel simulator does not model formulasR1C1 entries typed as formulas without "="',
              );
          }
          if (cell) setCell(t.sheet, rr, cc, cell);
        }
    });
  }

  set hyperlink(link: {
    documentReference?: string;
    address?: string;
    textToDisplay?: string;
    screenTip?: string;
  }) {
    this.queueSet('hyperlink', link, (t, value) => {
      checkWritable(t);
      const l = value as {
        documentReference?: string;
        address?: string;
        textToDisplay?: string;
        screenTip?: string;
      };
      if (!l || (!l.documentReference && !l.address))
        throw invalid('a hyperlink needs an address or a documentReference');
      forEachCell(t, (r, c) => {
        const cell: Cell = getCell(t.sheet, r, c) ?? { v: null };
        cell.link = { ...l };
        // Excel shows textToDisplay as the cell's text; an empty cell shows the target.
        if (l.textToDisplay !== undefined) {
          cell.v = l.textToDisplay;
          delete cell.f;
          delete cell.err;
        } else if (cell.v === null && cell.f === undefined)
          cell.v = l.documentReference ?? l.address ?? null;
        setCell(t.sheet, r, c, cell);
      });
    });
  }

  get hyperlink(): never {
    return this.prop('hyperlink');
  }

  /** Related ranges, computed when an operation uses them. */
  private derived(name: string, f: (t: RangeTarget) => Box): RangeProxy {
    return new RangeProxy(
      this.core,
      `${this.path}.${name}`,
      () => {
        const t = this.resolve();
        const box = f(t);
        if (box.rowCount < 1 || box.columnCount < 1 || box.row < 0 || box.column < 0)
          throw invalid(`${name} lies outside the sheet`);
        return { sheet: t.sheet, box };
      },
      false,
      this.sheetProxy,
    );
  }

  getCell(row: number, column: number): RangeProxy {
    return this.derived(`getCell(${row},${column})`, ({ box }) => ({
      row: box.row + row,
      column: box.column + column,
      rowCount: 1,
      columnCount: 1,
    }));
  }
  getResizedRange(deltaRows: number, deltaColumns: number): RangeProxy {
    return this.derived(`getResizedRange(${deltaRows},${deltaColumns})`, ({ box }) => ({
      ...box,
      rowCount: box.rowCount + deltaRows,
      columnCount: box.columnCount + deltaColumns,
    }));
  }
  getOffsetRange(rowOffset: number, columnOffset: number): RangeProxy {
    return this.derived(`getOffsetRange(${rowOffset},${columnOffset})`, ({ box }) => ({
      ...box,
      row: box.row + rowOffset,
      column: box.column + columnOffset,
    }));
  }
  getRow(row: number): RangeProxy {
    return this.derived(`getRow(${row})`, ({ box }) => ({
      ...box,
      row: box.row + row,
      rowCount: 1,
    }));
  }
  getColumn(column: number): RangeProxy {
    return this.derived(`getColumn(${column})`, ({ box }) => ({
      ...box,
      column: box.column + column,
      columnCount: 1,
    }));
  }
  getRangeAddress(): string {
    throw new TypeError('getRangeAddress is not part of the Excel API; load "address"');
  }

  get worksheet(): WorksheetProxy {
    if (!this.sheetProxy) throw new TypeError('range without a worksheet');
    return this.sheetProxy();
  }

  select(): void {
    this.queueCall('select', [], (t) => {
      const model = this.core.engine.model;
      if (t.sheet.visibility !== 'Visible')
        throw new SimulatedExcelError(
          ErrorCodes.invalidOperation,
          'The operation is invalid for the object. (select on a hidden sheet)',
        );
      model.activeSheetId = t.sheet.id;
      model.selection = { sheetId: t.sheet.id, box: t.box };
    });
  }

  get format(): RangeFormatProxy {
    return new RangeFormatProxy(this);
  }

  get conditionalFormats(): ConditionalFormatCollectionProxy {
    return new ConditionalFormatCollectionProxy(this);
  }

  get dataValidation(): DataValidationProxy {
    return new DataValidationProxy(this);
  }

  /** For proxies built on this range. */
  queueOn(prop: string, value: unknown, apply: (t: RangeTarget, value: unknown) => void): void {
    this.queueSet(prop, value, apply);
  }
  callOn(method: string, args: unknown[], apply: (t: RangeTarget) => void): void {
    this.queueCall(method, args, apply);
  }
}

function lookSetter(
  range: RangeProxy,
  prop: string,
  key: keyof CellLook,
  check?: (v: unknown) => void,
) {
  return (v: unknown) =>
    range.queueOn(prop, v, (t, value) => {
      check?.(value);
      setLook(
        t,
        key,
        typeof value === 'string' && (key === 'fill' || key === 'fontColor')
          ? value.toUpperCase()
          : value,
      );
    });
}

const ALIGNMENTS = [
  'General',
  'Left',
  'Center',
  'Right',
  'Fill',
  'Justify',
  'CenterAcrossSelection',
  'Distributed',
];

export class RangeFormatProxy {
  constructor(private readonly range: RangeProxy) {}
  set wrapText(v: boolean) {
    lookSetter(this.range, 'format.wrapText', 'wrap')(v);
  }
  set horizontalAlignment(v: string) {
    lookSetter(this.range, 'format.horizontalAlignment', 'horizontalAlignment', (x) => {
      if (!ALIGNMENTS.includes(x as string))
        throw invalid(`horizontalAlignment ${JSON.stringify(x)}`);
    })(v);
  }
  set verticalAlignment(v: string) {
    lookSetter(this.range, 'format.verticalAlignment', 'verticalAlignment', (x) => {
      if (!['Top', 'Center', 'Bottom', 'Justify', 'Distributed'].includes(x as string))
        throw invalid(`verticalAlignment ${JSON.stringify(x)}`);
    })(v);
  }
  set columnWidth(points: number) {
    this.range.queueOn('format.columnWidth', points, (t, value) => {
      if (typeof value !== 'number' || !(value >= 0) || value > 255 * 7.5)
        throw invalid(`columnWidth ${JSON.stringify(value)}`);
      for (let c = 0; c < t.box.columnCount; c++) t.sheet.columnWidths.set(t.box.column + c, value);
    });
  }
  autofitColumns(): void {
    this.range.callOn('format.autofitColumns', [], (t) => {
      for (let c = 0; c < t.box.columnCount; c++) {
        let longest = 0;
        for (let r = 0; r < t.box.rowCount; r++)
          longest = Math.max(
            longest,
            cellText(getCell(t.sheet, t.box.row + r, t.box.column + c)).length,
          );
        t.sheet.columnWidths.set(t.box.column + c, Math.max(12, Math.min(255, longest + 1) * 7));
      }
    });
  }
  get font() {
    const range = this.range;
    return {
      set bold(v: boolean) {
        lookSetter(range, 'format.font.bold', 'bold')(v);
      },
      set italic(v: boolean) {
        lookSetter(range, 'format.font.italic', 'italic')(v);
      },
      set color(v: string) {
        lookSetter(range, 'format.font.color', 'fontColor')(v);
      },
      set size(v: number) {
        lookSetter(range, 'format.font.size', 'fontSize')(v);
      },
    };
  }
  get fill() {
    const range = this.range;
    return {
      set color(v: string) {
        lookSetter(range, 'format.fill.color', 'fill')(v);
      },
    };
  }
}

const CF_FORMAT: SettingsSchema = { fill: { color: V }, font: { color: V, bold: V, italic: V } };
const CF_SCHEMA: Record<string, [string, SettingsSchema]> = {
  DataBar: [
    'dataBar',
    {
      barDirection: V,
      showDataBarOnly: V,
      axisFormat: V,
      lowerBoundRule: V,
      upperBoundRule: V,
      positiveFormat: { fillColor: V, gradientFill: V, borderColor: V },
      negativeFormat: { fillColor: V, borderColor: V },
    },
  ],
  ColorScale: ['colorScale', { criteria: V }],
  CellValue: ['cellValue', { format: CF_FORMAT, rule: V }],
  ContainsText: ['textComparison', { format: CF_FORMAT, rule: V }],
  Custom: ['custom', { format: CF_FORMAT, rule: { formula: V } }],
};

export class ConditionalFormatCollectionProxy {
  constructor(private readonly range: RangeProxy) {}
  add(type: string) {
    const kind = CF_SCHEMA[type];
    if (!kind)
      throw new TypeError(
        `The Excel simulator does not support conditional format type ${JSON.stringify(type)}`,
      );
    const core = this.range.core;
    let model: Record<string, unknown> | null = null;
    this.range.callOn('conditionalFormats.add', [type], (t) => {
      checkWritable(t);
      const cf = {
        id: core.engine.model.newId(),
        type,
        address: boxAddress(t.box),
        settings: {} as Record<string, unknown>,
      };
      t.sheet.conditionalFormats.push(cf);
      model = cf.settings;
    });
    const settings = () => {
      if (!model)
        throw new SimulatedExcelError(
          ErrorCodes.itemNotFound,
          "The requested resource doesn't exist. (conditional format)",
        );
      return model;
    };
    const [prop, schema] = kind;
    const sub = settingsProxy(
      core,
      `${this.range.path}.cf.${prop}`,
      () => {
        const s = settings();
        if (!s[prop]) s[prop] = {};
        return s[prop] as Record<string, unknown>;
      },
      schema,
    );
    return { type, [prop]: sub } as Record<string, unknown>;
  }
}

export function rangeTargetFrom(sheet: SheetModel, address: string): RangeTarget {
  return { sheet, box: parseAddress(address) };
}
