/**
 * A strict Excel simulator: the subset of the Excel JavaScript API that src/excel uses, behaving
 * as Excel does where it matters to an add-in (see README.md). Plain TypeScript without Node
 * imports, so it can also be bundled into a browser test page.
 *
 *   const sim = createSimulator(snapshot, { failAtSync: 3 });
 *   await sim.Excel.run(async (context) => { … });
 *   sim.toSnapshot(); sim.stats.syncs;
 */
import { boxAddress, columnName } from './address';
import { type Cell, ERROR_VALUES } from './cells';
import {
  ContextCore,
  type Engine,
  type SimulatorOptions,
  type SimulatorStats,
  newStats,
} from './context';
import { ErrorCodes, SimulatedExcelError } from './errors';
import {
  type DataValidationModel,
  type SheetModel,
  type Visibility,
  WorkbookModel,
  usedBox,
  getCell,
} from './model';
import { ClientObject } from './proxy-base';
import type { RangeProxy } from './range';
import type { ShapeModel } from './shapes';
import { TableCollectionProxy, WorksheetCollectionProxy } from './worksheet';
import type { WorkbookSnapshot, SnapshotCell, SnapshotSheet } from '../../../src/core/snapshot';
import type { RawTable } from '../../../src/core/types';

export { ErrorCodes, SimulatedExcelError } from './errors';
export type { SimulatorOptions, SimulatorStats } from './context';
export { parseTypedNumber } from './cells';

/** The request context handed to Excel.run's batch. */
export class SimRequestContext {
  readonly workbook: ReturnType<typeof workbookProxy>;
  private readonly core: ContextCore;
  constructor(engine: Engine) {
    this.core = new ContextCore(engine);
    this.workbook = workbookProxy(this.core);
  }
  sync(): Promise<void> {
    return this.core.sync();
  }
  /** Operations queued and not yet synced. */
  get pendingOperations(): number {
    return this.core.pending;
  }
}

function workbookProxy(core: ContextCore) {
  const model = () => core.engine.model;
  const protection = new (class extends ClientObject<WorkbookModel> {
    readonly loadable = ['protected'];
    protected read(): unknown {
      return model().protected;
    }
    get protected(): boolean {
      return this.prop('protected');
    }
  })(core, 'workbook.protection', model);
  return {
    worksheets: new WorksheetCollectionProxy(core),
    tables: new TableCollectionProxy(core, 'workbook.tables'),
    protection,
    application: {
      suspendApiCalculationUntilNextSync(): void {
        core.enqueue({
          json: { path: 'application', op: 'call', method: 'suspendApiCalculationUntilNextSync' },
          run: () => void core.engine.stats.suspendCalculation++,
        });
      },
    },
  };
}

const VIS_IN: Record<SnapshotSheet['visibility'], Visibility> = {
  visible: 'Visible',
  hidden: 'Hidden',
  veryHidden: 'VeryHidden',
};
const VIS_OUT: Record<Visibility, SnapshotSheet['visibility']> = {
  Visible: 'visible',
  Hidden: 'hidden',
  VeryHidden: 'veryHidden',
};

/** What a sheet holds beside its cells, for assertions. */
export interface SheetDetails {
  name: string;
  visibility: SnapshotSheet['visibility'];
  tables: { name: string; address: string; style: string; showBandedRows: boolean }[];
  charts: {
    type: string;
    title: string | undefined;
    source: string;
    series: { name: string; values?: string; xAxisValues?: string }[];
    startCell?: string;
    endCell?: string;
    width?: number;
    height?: number;
    axisTitles?: { categoryAxis?: { text?: string }; valueAxis?: { text?: string } };
    /** The value axis's set minimum (chart.axes.valueAxis.minimum), when set. */
    axisMinimum?: { categoryAxis?: number; valueAxis?: number };
  }[];
  shapes: ShapeModel[];
  pageLayout: Record<string, unknown>;
  conditionalFormats: { type: string; address: string; settings: Record<string, unknown> }[];
  dataValidations: DataValidationModel[];
  freeze: { rows: number; columns: number } | null;
  /** Column letter → width in points. */
  columnWidths: Record<string, number>;
  hyperlinks: {
    address: string;
    documentReference?: string;
    address2?: string;
    textToDisplay?: string;
  }[];
}

export interface Simulator {
  /** Pass to the adapter as its Excel namespace (or install as the global `Excel`). */
  Excel: SimExcelNamespace;
  Office: {
    onReady(): Promise<{ host: string; platform: string }>;
    HostType: { Excel: string };
    context: { requirements: { isSetSupported(name: string, minVersion?: string): boolean } };
  };
  /** The base64 workbooks given to Excel.createWorkbook, in order (what a new window would open). */
  createdWorkbooks: string[];
  model: WorkbookModel;
  stats: SimulatorStats;
  options: SimulatorOptions;
  toSnapshot(): WorkbookSnapshot;
  details(sheet: string): SheetDetails;
  /** The raw cell (value, formula, quote prefix, format, look, link) at an A1 address. */
  cell(sheet: string, address: string): Cell | undefined;
  resetStats(): void;
}

export interface SimExcelNamespace {
  run<T>(batch: (context: SimRequestContext) => Promise<T>): Promise<T>;
  run<T>(options: unknown, batch: (context: SimRequestContext) => Promise<T>): Promise<T>;
  SheetVisibility: { visible: 'Visible'; hidden: 'Hidden'; veryHidden: 'VeryHidden' };
  ChartType: { columnClustered: 'ColumnClustered' };
  ChartSeriesBy: { auto: 'Auto'; columns: 'Columns'; rows: 'Rows' };
  ConditionalFormatType: {
    dataBar: 'DataBar';
    colorScale: 'ColorScale';
    cellValue: 'CellValue';
    containsText: 'ContainsText';
    custom: 'Custom';
  };
  ErrorCodes: typeof ErrorCodes;
  /**
   * ExcelApi 1.8: opens a new workbook from an .xlsx in base64. Recorded, not opened; refused
   * as Excel refuses it (InvalidArgument) when the text is not base64 of a zip. Missing (not a
   * function) when `excelApi` is below 1.8, as in an Excel without it.
   */
  createWorkbook?: (base64?: string) => Promise<void>;
}

/** "1.10" ≥ "1.8": requirement-set versions compared part by part, as numbers. */
function versionAtLeast(have: string, want: string): boolean {
  const a = have.split('.').map(Number);
  const b = want.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

/** True when the text is base64 whose bytes start with a zip's "PK\x03\x04". */
function isBase64Zip(text: unknown): boolean {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4)
    return false;
  return atob(text.slice(0, 8)).startsWith('PK\x03\x04');
}

export function createSimulator(
  snapshot: WorkbookSnapshot,
  options: SimulatorOptions = {},
): Simulator {
  const model = loadSnapshot(snapshot);
  model.protected = options.protectedWorkbook ?? false;
  const engine: Engine = { model, options, stats: newStats() };
  async function run<T>(a: unknown, b?: (context: SimRequestContext) => Promise<T>): Promise<T> {
    const batch = (typeof a === 'function' ? a : b) as (context: SimRequestContext) => Promise<T>;
    const context = new SimRequestContext(engine);
    const result = await batch(context);
    // Excel.run sends what the batch left queued.
    if (context.pendingOperations > 0) await context.sync();
    return result;
  }
  const Excel: SimExcelNamespace = {
    run: run as SimExcelNamespace['run'],
    SheetVisibility: { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' },
    ChartType: { columnClustered: 'ColumnClustered' },
    ChartSeriesBy: { auto: 'Auto', columns: 'Columns', rows: 'Rows' },
    ConditionalFormatType: {
      dataBar: 'DataBar',
      colorScale: 'ColorScale',
      cellValue: 'CellValue',
      containsText: 'ContainsText',
      custom: 'Custom',
    },
    ErrorCodes,
  };
  const createdWorkbooks: string[] = [];
  const excelApi = options.excelApi ?? '1.8';
  if (versionAtLeast(excelApi, '1.8'))
    Excel.createWorkbook = async (base64?: string) => {
      if (base64 !== undefined && !isBase64Zip(base64))
        throw new SimulatedExcelError(
          ErrorCodes.invalidArgument,
          'The argument is invalid or missing or has an incorrect format.',
        );
      createdWorkbooks.push(base64 ?? '');
    };
  const find = (name: string): SheetModel => {
    const s = model.findSheet(name);
    if (!s) throw new Error(`The simulated workbook has no sheet "${name}"`);
    return s;
  };
  return {
    Excel,
    Office: {
      onReady: async () => ({ host: 'Excel', platform: 'PC' }),
      HostType: { Excel: 'Excel' },
      context: {
        requirements: {
          isSetSupported: (name, minVersion = '1.1') =>
            name === 'ExcelApi' && versionAtLeast(excelApi, minVersion),
        },
      },
    },
    createdWorkbooks,
    model,
    get stats() {
      return engine.stats;
    },
    options,
    toSnapshot: () => toSnapshot(engine.model),
    details: (name) => details(engine.model, find(name)),
    cell(sheet, address) {
      const m = /^([A-Z]+)(\d+)$/.exec(address);
      if (!m) throw new Error(`cell() takes one cell like "B3", got ${address}`);
      let col = 0;
      for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
      return getCell(find(sheet), Number(m[2]) - 1, col - 1);
    },
    resetStats() {
      engine.stats = newStats();
    },
  };
}

function loadSnapshot(snapshot: WorkbookSnapshot): WorkbookModel {
  const model = new WorkbookModel();
  for (const s of snapshot.sheets) {
    const sheet = model.addSheet(s.name);
    sheet.visibility = VIS_IN[s.visibility];
    s.cells.forEach((row, r) => {
      const out: (Cell | undefined)[] = [];
      row.forEach((c, col) => {
        if (!c) return;
        const cell: Cell = { v: c.value === '' ? null : c.value };
        if (c.formula) {
          cell.f = c.formula.startsWith('=') ? c.formula : `=${c.formula}`;
          if (typeof c.value === 'string' && ERROR_VALUES.includes(c.value)) cell.err = true;
        }
        if (c.numberFormat && c.numberFormat !== 'General') cell.nf = c.numberFormat;
        out[col] = cell;
      });
      if (out.length) sheet.rows[r] = out;
    });
  }
  const visible = model.sheets.find((s) => s.visibility === 'Visible');
  if (model.sheets.length && !visible)
    throw new Error('A workbook needs at least one visible sheet');
  model.activeSheetId = visible?.id ?? null;
  return model;
}

function toSnapshot(model: WorkbookModel): WorkbookSnapshot {
  return {
    sheets: model.sheets.map((s) => {
      const box = usedBox(s, true);
      const cells: (SnapshotCell | null)[][] = [];
      if (box) {
        for (let r = 0; r < box.row + box.rowCount; r++) {
          const row: (SnapshotCell | null)[] = [];
          for (let c = 0; c < box.column + box.columnCount; c++) {
            const cell = s.rows[r]?.[c];
            if (!cell || (cell.f === undefined && (cell.v === null || cell.v === ''))) {
              row.push(null);
              continue;
            }
            const out: SnapshotCell = { value: cell.v };
            if (cell.f !== undefined) out.formula = cell.f;
            if (cell.nf !== undefined) out.numberFormat = cell.nf;
            row.push(out);
          }
          cells.push(row);
        }
      }
      return { name: s.name, visibility: VIS_OUT[s.visibility], cells };
    }),
  };
}

function details(model: WorkbookModel, s: SheetModel): SheetDetails {
  const hyperlinks: SheetDetails['hyperlinks'] = [];
  s.rows.forEach((row, r) =>
    row?.forEach((cell, c) => {
      if (cell?.link)
        hyperlinks.push({
          address: `${columnName(c)}${r + 1}`,
          documentReference: cell.link.documentReference,
          address2: cell.link.address,
          textToDisplay: cell.link.textToDisplay,
        });
    }),
  );
  return {
    name: s.name,
    visibility: VIS_OUT[s.visibility],
    tables: model.tables
      .filter((t) => t.sheetId === s.id)
      .map((t) => ({
        name: t.name,
        address: boxAddress(t.box),
        style: t.style,
        showBandedRows: t.showBandedRows,
      })),
    charts: s.charts.map((c) => ({
      type: c.type,
      title: ((c as unknown as { titleSettings?: { text?: string } }).titleSettings ?? {}).text,
      source: c.source,
      series: c.series.map((x) => ({ ...x })),
      startCell: c.startCell,
      endCell: c.endCell,
      width: c.width,
      height: c.height,
      axisTitles: (c as unknown as { axisTitles?: SheetDetails['charts'][number]['axisTitles'] })
        .axisTitles,
      axisMinimum: c.axisMinimum,
    })),
    shapes: s.shapes.map((x) => ({ ...x })),
    pageLayout: JSON.parse(JSON.stringify(s.pageLayout)) as Record<string, unknown>,
    conditionalFormats: s.conditionalFormats.map((c) => ({
      type: c.type,
      address: c.address,
      settings: c.settings,
    })),
    dataValidations: s.dataValidations.map((v) => structuredClone(v)),
    freeze: s.freeze,
    columnWidths: Object.fromEntries(
      [...s.columnWidths].sort((a, b) => a[0] - b[0]).map(([c, w]) => [columnName(c), w]),
    ),
    hyperlinks,
  };
}

/** A workbook whose sheets hold these tables (strings stay text, as in a file). */
export function snapshotFromTables(tables: RawTable[]): WorkbookSnapshot {
  return {
    sheets: tables.map((t) => {
      const cells: (SnapshotCell | null)[][] = [];
      for (let r = 0; r < t.firstRow - 1; r++) cells.push([]);
      for (const row of t.values) {
        const out: (SnapshotCell | null)[] = Array.from({ length: t.firstColumn - 1 }, () => null);
        for (const v of row) out.push(v === null || v === '' ? null : { value: v });
        cells.push(out);
      }
      return { name: t.sheet, visibility: 'visible' as const, cells };
    }),
  };
}

export type { RangeProxy };
