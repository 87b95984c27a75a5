/** Excel.Worksheet, the worksheet collection, and what hangs off a sheet (tables, charts, panes). */
import { type Box, parseAddress, boxAddress, MAX_ROWS, MAX_COLUMNS } from './address';
import { cellText } from './cells';
import type { ContextCore } from './context';
import { SimulatedExcelError, ErrorCodes, propertyNotLoaded } from './errors';
import {
  type ChartModel,
  type SheetModel,
  type TableModel,
  followSheetInFormulas,
  getCell,
  setCell,
  usedBox,
} from './model';
import { formulaSheetName } from './refs';
import { ClientObject, settingsProxy, V, type LoadSpec, loadNames } from './proxy-base';
import { RangeProxy, type RangeTarget } from './range';
import { ShapeCollectionProxy } from './shapes';

function invalid(why: string): SimulatedExcelError {
  return new SimulatedExcelError(
    ErrorCodes.invalidArgument,
    `The argument is invalid or missing or has an incorrect format. (${why})`,
  );
}

export class WorksheetProxy extends ClientObject<SheetModel> {
  readonly loadable = ['name', 'id', 'position', 'visibility'];

  protected override checkAlive(t: SheetModel): void {
    if (!this.core.engine.model.sheets.includes(t))
      throw new SimulatedExcelError(
        ErrorCodes.itemNotFound,
        `The requested resource doesn't exist. (the sheet "${t.name}" was deleted)`,
      );
  }

  protected read(name: string, t: SheetModel): unknown {
    switch (name) {
      case 'name':
        return t.name;
      case 'id':
        return t.id;
      case 'position':
        return this.core.engine.model.sheets.indexOf(t);
      case 'visibility':
        return t.visibility;
    }
    return undefined;
  }

  /** Set the loaded properties from a collection load. */
  setLoaded(values: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(values)) this.loaded.set(k, v);
  }

  get name(): string {
    return this.prop('name');
  }
  set name(v: string) {
    this.queueSet('name', v, (t, value) => {
      const model = this.core.engine.model;
      model.checkStructureUnlocked();
      const name = model.checkSheetName(value, t);
      if (name !== t.name) followSheetInFormulas(model, t.name, `${formulaSheetName(name)}!`);
      t.name = name;
    });
  }
  get id(): string {
    return this.prop('id');
  }
  get position(): number {
    return this.prop('position');
  }
  set position(v: number) {
    this.queueSet('position', v, (t, value) => {
      const model = this.core.engine.model;
      model.checkStructureUnlocked();
      if (typeof value !== 'number' || value < 0 || value >= model.sheets.length)
        throw invalid(`position ${JSON.stringify(value)}`);
      model.sheets = model.sheets.filter((s) => s !== t);
      model.sheets.splice(value, 0, t);
    });
  }
  get visibility(): string {
    return this.prop('visibility');
  }
  set visibility(v: string) {
    this.queueSet('visibility', v, (t, value) => this.core.engine.model.setVisibility(t, value));
  }

  delete(): void {
    this.queueCall('delete', [], (t) => this.core.engine.model.deleteSheet(t));
  }

  activate(): void {
    this.queueCall('activate', [], (t) => {
      if (t.visibility !== 'Visible')
        throw new SimulatedExcelError(
          ErrorCodes.invalidOperation,
          'The operation is invalid for the object. (activate a hidden sheet)',
        );
      this.core.engine.model.activeSheetId = t.id;
    });
  }

  private range(path: string, box: (t: SheetModel) => Box | null, nullable = false): RangeProxy {
    return new RangeProxy(
      this.core,
      `${this.path}.${path}`,
      () => {
        const sheet = this.resolve();
        const b = box(sheet);
        return b ? { sheet, box: b } : null;
      },
      nullable,
      () => this,
    );
  }

  getRange(address?: string): RangeProxy {
    return this.range(`getRange(${address ?? ''})`, () =>
      address === undefined
        ? { row: 0, column: 0, rowCount: MAX_ROWS, columnCount: MAX_COLUMNS }
        : parseAddress(address),
    );
  }

  getRangeByIndexes(
    startRow: number,
    startColumn: number,
    rowCount: number,
    columnCount: number,
  ): RangeProxy {
    return this.range(
      `getRangeByIndexes(${startRow},${startColumn},${rowCount},${columnCount})`,
      () => {
        const b = { row: startRow, column: startColumn, rowCount, columnCount };
        if (
          ![startRow, startColumn, rowCount, columnCount].every(Number.isInteger) ||
          startRow < 0 ||
          startColumn < 0 ||
          rowCount < 1 ||
          columnCount < 1 ||
          startRow + rowCount > MAX_ROWS ||
          startColumn + columnCount > MAX_COLUMNS
        ) {
          throw invalid(
            `getRangeByIndexes(${startRow}, ${startColumn}, ${rowCount}, ${columnCount})`,
          );
        }
        return b;
      },
    );
  }

  /** An empty sheet's used range is A1, as in Excel. */
  getUsedRange(valuesOnly = false): RangeProxy {
    return this.range(
      `getUsedRange(${valuesOnly})`,
      (t) => usedBox(t, valuesOnly) ?? { row: 0, column: 0, rowCount: 1, columnCount: 1 },
    );
  }

  getUsedRangeOrNullObject(valuesOnly = false): RangeProxy {
    return this.range(
      `getUsedRangeOrNullObject(${valuesOnly})`,
      (t) => usedBox(t, valuesOnly),
      true,
    );
  }

  get freezePanes() {
    const call = (method: string, args: unknown[], f: (t: SheetModel) => void) =>
      this.queueCall(`freezePanes.${method}`, args, f);
    const sheetBox = (t: SheetModel, r: string | RangeProxy): Box =>
      typeof r === 'string' ? parseAddress(r) : targetOf(r, t).box;
    return {
      freezeRows: (count: number) =>
        call('freezeRows', [count], (t) => void (t.freeze = { rows: count, columns: 0 })),
      freezeColumns: (count: number) =>
        call('freezeColumns', [count], (t) => void (t.freeze = { rows: 0, columns: count })),
      freezeAt: (r: string | RangeProxy) =>
        call('freezeAt', [r], (t) => {
          const b = sheetBox(t, r);
          t.freeze = { rows: b.row + b.rowCount, columns: b.column + b.columnCount };
        }),
      unfreeze: () => call('unfreeze', [], (t) => void (t.freeze = null)),
    };
  }

  get protection() {
    const p = new (class extends ClientObject<SheetModel> {
      readonly loadable = ['protected'];
      protected read(_n: string, t: SheetModel): unknown {
        return t.protected;
      }
      get protected(): boolean {
        return this.prop('protected');
      }
    })(this.core, `${this.path}.protection`, () => this.resolve());
    return p;
  }

  get tables(): TableCollectionProxy {
    return new TableCollectionProxy(this.core, `${this.path}.tables`, this);
  }

  get charts(): ChartCollectionProxy {
    return new ChartCollectionProxy(this.core, `${this.path}.charts`, this);
  }

  get shapes(): ShapeCollectionProxy {
    return new ShapeCollectionProxy(this.core, `${this.path}.shapes`, () => this.resolve());
  }

  get pageLayout() {
    const target = () => this.resolve().pageLayout;
    const settings = settingsProxy(this.core, `${this.path}.pageLayout`, target, {
      orientation: V,
      zoom: V,
      headersFooters: { defaultForAllPages: { leftHeader: V, centerFooter: V, rightHeader: V } },
    });
    const core = this.core;
    const path = `${this.path}.pageLayout`;
    return new Proxy(settings, {
      get(o, prop, r) {
        if (prop === 'setPrintTitleRows')
          return (rows: string) =>
            core.enqueue({
              json: { path, op: 'call', method: 'setPrintTitleRows', args: [rows] },
              run: () => {
                if (!/^\$\d+:\$\d+$/.test(rows)) throw invalid(`print title rows ${rows}`);
                target().printTitleRows = rows;
              },
            });
        return Reflect.get(o, prop, r) as unknown;
      },
    });
  }
}

function targetOf(r: RangeProxy, sheet: SheetModel): RangeTarget {
  const t = r.resolve();
  if (t.sheet !== sheet) throw invalid('the range is on another sheet');
  return t;
}

export class WorksheetCollectionProxy {
  private itemsLoaded: WorksheetProxy[] | null = null;
  constructor(readonly core: ContextCore) {}

  getItem(key: string): WorksheetProxy {
    return new WorksheetProxy(this.core, `worksheets[${key}]`, () => {
      const s = this.core.engine.model.findSheet(key) ?? this.core.engine.model.sheetById(key);
      if (!s)
        throw new SimulatedExcelError(
          ErrorCodes.itemNotFound,
          `The requested resource doesn't exist. (sheet "${key}")`,
        );
      return s;
    });
  }

  getItemOrNullObject(key: string): WorksheetProxy {
    return new WorksheetProxy(
      this.core,
      `worksheets[${key}]?`,
      () => this.core.engine.model.findSheet(key) ?? this.core.engine.model.sheetById(key) ?? null,
      true,
    );
  }

  getActiveWorksheet(): WorksheetProxy {
    return new WorksheetProxy(this.core, 'worksheets.active', () => {
      const m = this.core.engine.model;
      return (m.activeSheetId && m.sheetById(m.activeSheetId)) || null;
    });
  }

  add(name?: string): WorksheetProxy {
    const proxy = new WorksheetProxy(this.core, `worksheets.add(${name ?? ''})`, () => null);
    this.core.enqueue({
      json: { path: 'worksheets', op: 'call', method: 'add', args: [name] },
      run: () => {
        const m = this.core.engine.model;
        let n = name;
        if (n === undefined)
          for (let i = m.sheets.length + 1; !n || m.findSheet(n); i++) n = `Sheet${i}`;
        proxy.bind(m.addSheet(n));
      },
    });
    return proxy;
  }

  get items(): WorksheetProxy[] {
    if (!this.itemsLoaded) throw propertyNotLoaded('items');
    return this.itemsLoaded;
  }

  /** load('items/name,items/visibility') or load('name,visibility'). */
  load(spec?: LoadSpec): this {
    const names = loadNames(spec, ['name', 'id', 'position', 'visibility']).map((n) =>
      n.replace(/^items\//, ''),
    );
    for (const n of names)
      if (!['name', 'id', 'position', 'visibility'].includes(n))
        throw invalid(`the simulator cannot load worksheets/${n}`);
    let result: { id: string; values: Record<string, unknown> }[] = [];
    this.core.enqueue({
      json: { path: 'worksheets', op: 'load', names },
      run: () => {
        const m = this.core.engine.model;
        result = m.sheets.map((s, i) => ({
          id: s.id,
          values: Object.fromEntries(
            names.map((n) => [
              n,
              n === 'name' ? s.name : n === 'id' ? s.id : n === 'position' ? i : s.visibility,
            ]),
          ),
        }));
      },
      response: () => result.map((r) => r.values),
      after: () => {
        this.itemsLoaded = result.map((r) => {
          const p = new WorksheetProxy(
            this.core,
            `worksheets[${r.id}]`,
            () => this.core.engine.model.sheetById(r.id) ?? null,
          );
          p.setLoaded(r.values);
          return p;
        });
      },
    });
    return this;
  }
}

const TABLE_NAME = /^[A-Za-z_\\][A-Za-z0-9_.\\]*$/;
const LOOKS_LIKE_CELL = /^([A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*|[RrCc])$/;

export class TableProxy extends ClientObject<TableModel> {
  readonly loadable = ['name', 'id', 'style', 'showBandedRows'];
  protected override checkAlive(t: TableModel): void {
    if (!this.core.engine.model.tables.includes(t))
      throw new SimulatedExcelError(
        ErrorCodes.itemNotFound,
        `The requested resource doesn't exist. (table ${t.name} was deleted)`,
      );
  }
  setLoaded(values: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(values)) this.loaded.set(k, v);
  }
  protected read(name: string, t: TableModel): unknown {
    return name === 'id' ? String(t.id) : (t as unknown as Record<string, unknown>)[name];
  }
  get name(): string {
    return this.prop('name');
  }
  set name(v: string) {
    this.queueSet('name', v, (t, value) => {
      const model = this.core.engine.model;
      if (
        typeof value !== 'string' ||
        value.length > 255 ||
        !TABLE_NAME.test(value) ||
        LOOKS_LIKE_CELL.test(value)
      )
        throw invalid(`table name ${JSON.stringify(value)}`);
      if (model.tables.some((o) => o !== t && o.name.toLowerCase() === value.toLowerCase())) {
        throw new SimulatedExcelError(
          ErrorCodes.itemAlreadyExists,
          `A resource with the same name or identifier already exists. (table "${value}")`,
        );
      }
      t.name = value;
    });
  }
  set style(v: string) {
    this.queueSet('style', v, (t, value) => void (t.style = String(value)));
  }
  set showBandedRows(v: boolean) {
    this.queueSet('showBandedRows', v, (t, value) => void (t.showBandedRows = Boolean(value)));
  }
}

export class TableCollectionProxy {
  private itemsLoaded: TableProxy[] | null = null;
  /** `sheet` undefined = the workbook's collection (no add). */
  constructor(
    readonly core: ContextCore,
    readonly path: string,
    private readonly sheet?: WorksheetProxy,
  ) {}

  get items(): TableProxy[] {
    if (!this.itemsLoaded) throw propertyNotLoaded('items');
    return this.itemsLoaded;
  }

  /** load('items/name'): the tables of the sheet (or of the workbook). */
  load(spec?: LoadSpec): this {
    const names = loadNames(spec, ['name']).map((n) => n.replace(/^items\//, ''));
    for (const n of names)
      if (!['name', 'id', 'style', 'showBandedRows'].includes(n))
        throw invalid(`the simulator cannot load tables/${n}`);
    let found: TableModel[] = [];
    let result: Record<string, unknown>[] = [];
    this.core.enqueue({
      json: { path: this.path, op: 'load', names },
      run: () => {
        const sheetId = this.sheet?.resolve().id;
        found = this.core.engine.model.tables.filter(
          (t) => sheetId === undefined || t.sheetId === sheetId,
        );
        result = found.map((t) =>
          Object.fromEntries(
            names.map((n) => [
              n,
              n === 'id' ? String(t.id) : (t as unknown as Record<string, unknown>)[n],
            ]),
          ),
        );
      },
      response: () => result,
      after: () => {
        this.itemsLoaded = found.map((t, i) => {
          const p = new TableProxy(this.core, `${this.path}[${t.id}]`, () => t);
          p.setLoaded(result[i]);
          return p;
        });
      },
    });
    return this;
  }

  /** Excel makes header texts unique and non-empty ("Column1", "Name2"), changing the cells. */
  add(address: string | RangeProxy, hasHeaders: boolean): TableProxy {
    const proxy = new TableProxy(this.core, `${this.path}.add`, () => null);
    this.core.enqueue({
      json: {
        path: this.path,
        op: 'call',
        method: 'add',
        args: [typeof address === 'string' ? address : { ref: address.path }, hasHeaders],
      },
      run: () => {
        const m = this.core.engine.model;
        if (!this.sheet)
          throw new TypeError(
            'workbook.tables.add is not supported by the simulator; use worksheet.tables.add',
          );
        const sheet = this.sheet.resolve();
        const box =
          typeof address === 'string' ? parseAddress(address) : targetOf(address, sheet).box;
        if (!hasHeaders)
          throw new TypeError(
            'The Excel simulator supports tables.add with hasHeaders = true only',
          );
        if (sheet.protected)
          throw new SimulatedExcelError(
            ErrorCodes.accessDenied,
            "The cell or chart you're trying to change is on a protected sheet.",
          );
        for (const t of m.tables) {
          if (t.sheetId === sheet.id && overlaps(t.box, box))
            throw new SimulatedExcelError(
              ErrorCodes.invalidOperation,
              `The operation is invalid for the object. (a table cannot overlap table ${t.name})`,
            );
        }
        const seen = new Set<string>();
        for (let c = 0; c < box.columnCount; c++) {
          const cell = getCell(sheet, box.row, box.column + c);
          const text = cell && cell.f === undefined ? cellText(cell) : '';
          let name = text || `Column${c + 1}`;
          const base = name;
          for (let i = 2; seen.has(name.toLowerCase()); i++) name = `${base}${i}`;
          seen.add(name.toLowerCase());
          if (!cell || cell.v !== name || cell.f !== undefined)
            setCell(sheet, box.row, box.column + c, {
              ...cell,
              v: name,
              f: undefined,
              err: undefined,
              q: cell?.q,
            });
        }
        let n = 1;
        while (m.tables.some((t) => t.name.toLowerCase() === `table${n}`)) n++;
        const table: TableModel = {
          id: m.newId(),
          name: `Table${n}`,
          sheetId: sheet.id,
          box,
          hasHeaders,
          style: 'TableStyleMedium2',
          showBandedRows: true,
        };
        m.tables.push(table);
        proxy.bind(table);
      },
    });
    return proxy;
  }
}

function overlaps(a: Box, b: Box): boolean {
  return (
    a.row < b.row + b.rowCount &&
    b.row < a.row + a.rowCount &&
    a.column < b.column + b.columnCount &&
    b.column < a.column + a.columnCount
  );
}

export class ChartCollectionProxy {
  constructor(
    readonly core: ContextCore,
    readonly path: string,
    private readonly sheet: WorksheetProxy,
  ) {}

  /** Series come from the source range: one per column (seriesBy "Columns") or per row. */
  add(type: string, sourceData: RangeProxy, seriesBy = 'Auto') {
    let chart: ChartModel | null = null;
    const core = this.core;
    const path = `${this.path}.add`;
    const sheet = this.sheet;
    const target = (): ChartModel => {
      if (!chart)
        throw new SimulatedExcelError(
          ErrorCodes.itemNotFound,
          "The requested resource doesn't exist. (chart)",
        );
      return chart;
    };
    const call = (method: string, args: unknown[], f: (c: ChartModel) => void) =>
      core.enqueue({
        json: {
          path,
          op: 'call',
          method,
          args: args.map((a) => (a instanceof RangeProxy ? { ref: a.path } : a)),
        },
        run: () => f(target()),
      });
    const addressOf = (r: RangeProxy | string, s: SheetModel) =>
      typeof r === 'string' ? boxAddress(parseAddress(r)) : boxAddress(targetOf(r, s).box);
    core.enqueue({
      json: {
        path: this.path,
        op: 'call',
        method: 'add',
        args: [type, { ref: sourceData.path }, seriesBy],
      },
      run: () => {
        if (
          !['ColumnClustered', 'BarClustered', 'Line', 'LineMarkers', 'Pie', 'XYScatter'].includes(
            type,
          )
        )
          throw invalid(`chart type ${type}`);
        const s = sheet.resolve();
        const { box } = targetOf(sourceData, s);
        const byRows =
          seriesBy === 'Rows' || (seriesBy === 'Auto' && box.rowCount < box.columnCount);
        const count = byRows ? box.rowCount : box.columnCount;
        const series = Array.from({ length: count }, (_, i) => ({
          name: `Series${i + 1}`,
          values: boxAddress(
            byRows
              ? { ...box, row: box.row + i, rowCount: 1 }
              : { ...box, column: box.column + i, columnCount: 1 },
          ),
        }));
        chart = {
          id: core.engine.model.newId(),
          type,
          source: boxAddress(box),
          seriesBy,
          title: '',
          series,
        };
        s.charts.push(chart);
      },
    });
    const seriesProxy = (index: () => number) => ({
      set name(v: string) {
        call('series.name', [v], (c) => void (c.series[index()].name = v));
      },
      setValues: (r: RangeProxy) =>
        call(
          'series.setValues',
          [r],
          (c) => void (c.series[index()].values = addressOf(r, sheet.resolve())),
        ),
      setXAxisValues: (r: RangeProxy) =>
        call(
          'series.setXAxisValues',
          [r],
          (c) => void (c.series[index()].xAxisValues = addressOf(r, sheet.resolve())),
        ),
      delete: () => call('series.delete', [], (c) => void c.series.splice(index(), 1)),
      format: settingsProxy(
        core,
        `${path}.series.format`,
        () => {
          const series = target().series[index()] as unknown as Record<string, unknown>;
          return (series.format ??= {}) as Record<string, unknown>;
        },
        { line: { lineStyle: V } },
      ),
    });
    const checkIndex = (c: ChartModel, i: number) => {
      if (i < 0 || i >= c.series.length)
        throw new SimulatedExcelError(
          ErrorCodes.itemNotFound,
          `The requested resource doesn't exist. (series ${i})`,
        );
      return i;
    };
    const axis = (name: string) => ({
      title: settingsProxy(
        core,
        `${path}.axes.${name}.title`,
        () => {
          const c = target() as unknown as Record<string, Record<string, Record<string, unknown>>>;
          return ((c.axisTitles ??= {})[name] ??= {});
        },
        { text: V },
      ),
      set minimum(v: number) {
        call(`axes.${name}.minimum`, [v], (c) => {
          if (typeof v !== 'number' || !Number.isFinite(v))
            throw invalid(`axes.${name}.minimum ${JSON.stringify(v)}`);
          const m = c as unknown as { axisMinimum?: Record<string, number> };
          (m.axisMinimum ??= {})[name] = v;
        });
      },
    });
    return {
      axes: { categoryAxis: axis('categoryAxis'), valueAxis: axis('valueAxis') },
      title: settingsProxy(
        core,
        `${path}.title`,
        () => {
          const c = target() as unknown as Record<string, unknown>;
          return (c.titleSettings ??= {}) as Record<string, unknown>;
        },
        { text: V, visible: V },
      ),
      set top(v: number) {
        call('top', [v], (c) => void (c.top = v));
      },
      set left(v: number) {
        call('left', [v], (c) => void (c.left = v));
      },
      set width(v: number) {
        call('width', [v], (c) => void (c.width = v));
      },
      set height(v: number) {
        call('height', [v], (c) => void (c.height = v));
      },
      setPosition: (startCell: RangeProxy | string, endCell?: RangeProxy | string) =>
        call('setPosition', [startCell, endCell], (c) => {
          const s = sheet.resolve();
          c.startCell = addressOf(startCell, s);
          c.endCell = endCell === undefined ? undefined : addressOf(endCell, s);
        }),
      series: {
        getItemAt: (i: number) => {
          let bound = -1;
          call('series.getItemAt', [i], (c) => void (bound = checkIndex(c, i)));
          return seriesProxy(() => bound);
        },
        add: (name?: string) => {
          let bound = -1;
          call('series.add', [name], (c) => {
            c.series.push({ name: name ?? `Series${c.series.length + 1}` });
            bound = c.series.length - 1;
          });
          return seriesProxy(() => bound);
        },
      },
    };
  }
}
