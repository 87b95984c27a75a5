/**
 * Parts exceljs cannot write well, added to its zip afterwards: Excel tables over cells that
 * already hold the data (exceljs `addTable` rewrites the cells itself), internal hyperlinks
 * (exceljs also adds an external relationship for them), and charts and drawn shapes (exceljs
 * writes neither; see drawing-parts.ts). Each part follows ECMA-376 Part 1 and opens in Excel and LibreOffice.
 */
import type {
  CellLink,
  ChartPlan,
  DrawingPlan,
  PlanCell,
  Rect,
  TablePlan,
} from '../../../core/plans/types';
import { isFormulaCell } from '../../../core/plans/types';
import { STATE_SHEET } from '../../../core/state';
import { columnLetters, quoteSheetName } from '../../../core/types';
import { type PlanLooks, type SheetRows, planDimension, planSheetData } from './plan-sheet';
import { chartXml, drawingXml } from './drawing-parts';
import { SharedStrings, countSharedStrings } from './shared-strings';
import { xmlText } from './text';
import { REL_NS, eachElement, elementsNamed } from '../xml';
import { type ZipSink, utf8Bytes, utf8Text } from '../../zip/sink';

/** Rows of plain values (a CSV copy), A1-based from firstRow/firstColumn. */
export interface ValueRows {
  rows: number;
  rowAt(i: number): readonly (string | number | boolean | null)[];
  firstRow: number;
  firstColumn: number;
}

export interface SheetExtras {
  sheet: string;
  tables: (TablePlan & { headers: string[]; totalsRow?: boolean })[];
  links: CellLink[];
  charts: ChartPlan[];
  /** Shapes and connectors drawn over the sheet (the Alignment Map). */
  drawing?: DrawingPlan;
  /** A plan cell as written (1-based), for the charts' cached values and the links' text. */
  cellAt?: (row: number, column: number) => PlanCell;
  /** The whole sheet written by us instead of exceljs (CSV copies; see valuesSheetPieces). */
  values?: ValueRows;
  /** The whole sheet written by us, in pieces made as they are written (a CSV copied from its file). */
  sheetPieces?: (sst: SharedStrings) => AsyncIterable<string | Uint8Array>;
  /**
   * A plan's cells, written by us: exceljs wrote one probe cell per look in A1:A{probes}; the
   * real <sheetData> is made from `sheet` with each look's style index (plan-sheet.ts).
   */
  planData?: {
    probes: number;
    looks: PlanLooks;
    sheet: SheetRows;
    /** Column widths in characters (wrapped text sets its row's height from them). */
    widths?: readonly (number | undefined)[];
  };
  /** Called once the sheet is in the zip: lets go of its rows (see XlsxWriterOptions.consume). */
  release?: () => void;
}

/** Text for XML (see text.ts). */
export const xmlEscape = xmlText;

/** Sheet name → its part path ("xl/worksheets/sheet3.xml"), from workbook.xml and its rels. */
export function sheetParts(entries: Map<string, Uint8Array>): Map<string, string> {
  const text = (name: string) => {
    const bytes = entries.get(name);
    return bytes ? utf8Text(bytes) : '';
  };
  const targets = new Map<string, string>();
  for (const r of elementsNamed(text('xl/_rels/workbook.xml.rels'), 'Relationship')) {
    const target = r.attr('Target') ?? '';
    targets.set(r.attr('Id') ?? '', target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const out = new Map<string, string>();
  for (const sheet of elementsNamed(text('xl/workbook.xml'), 'sheet')) {
    const t = targets.get(sheet.attr('id', REL_NS) ?? '');
    const name = sheet.attr('name');
    if (t && name !== undefined) out.set(name, t);
  }
  return out;
}

/** Start offsets and names of the root element's direct children (nested tags are skipped). */
export function topLevelChildren(xml: string): { name: string; at: number }[] {
  const out: { name: string; at: number }[] = [];
  eachElement(xml, (e) => {
    if (e.depth === 1) out.push({ name: e.local, at: e.at });
  });
  return out;
}

/**
 * Insert `fragment` before the first top-level element of the sheet named in `tags` (the
 * schema's element order), or before </worksheet>. Only direct children count: a
 * conditional format's own <extLst> must not be mistaken for the worksheet's.
 */
function insertBefore(xml: string, fragment: string, tags: string[]): string {
  const wanted = new Set(tags);
  const hit = topLevelChildren(xml).find((c) => wanted.has(c.name));
  const at = hit ? hit.at : xml.lastIndexOf('</worksheet>');
  return xml.slice(0, at) + fragment + xml.slice(at);
}

const AFTER_HYPERLINKS = [
  'printOptions',
  'pageMargins',
  'pageSetup',
  'headerFooter',
  'rowBreaks',
  'colBreaks',
  'customProperties',
  'cellWatches',
  'ignoredErrors',
  'smartTags',
  'drawing',
  'legacyDrawing',
  'legacyDrawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
];
/** The elements a worksheet's <drawing> and <tableParts> precede: tails of the same order. */
const after = (tag: string) => AFTER_HYPERLINKS.slice(AFTER_HYPERLINKS.indexOf(tag) + 1);
const AFTER_DRAWING = after('drawing');
const AFTER_TABLEPARTS = after('tableParts');

function ref(rect: Rect, absolute = false): string {
  const d = absolute ? '$' : '';
  const a = `${d}${columnLetters(rect.column)}${d}${rect.row}`;
  const b = `${d}${columnLetters(rect.column + rect.columnCount - 1)}${d}${rect.row + rect.rowCount - 1}`;
  return `${a}:${b}`;
}

class Rels {
  private items: string[] = [];
  private next: number;
  constructor(private readonly existing: string | undefined) {
    const ids = elementsNamed(existing ?? '', 'Relationship').map((r) =>
      Number(/^rId(\d+)$/.exec(r.attr('Id') ?? '')?.[1] ?? 0),
    );
    this.next = Math.max(0, ...ids) + 1;
  }
  add(type: string, target: string): string {
    const id = `rId${this.next++}`;
    this.items.push(
      `<Relationship Id="${id}" Type="${REL_NS}/${type}" Target="${xmlEscape(target)}"/>`,
    );
    return id;
  }
  get changed(): boolean {
    return this.items.length > 0;
  }
  xml(): string {
    if (this.existing)
      return this.existing.replace('</Relationships>', this.items.join('') + '</Relationships>');
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${this.items.join('')}</Relationships>`;
  }
}

function tableXml(id: number, t: TablePlan & { headers: string[]; totalsRow?: boolean }): string {
  const r = ref(t.rect);
  // With a totals row the filter covers every row but the last.
  const filter = t.totalsRow ? ref({ ...t.rect, rowCount: t.rect.rowCount - 1 }) : r;
  const cols = t.headers
    .map((h, i) => `<tableColumn id="${i + 1}" name="${xmlEscape(h)}"/>`)
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="${id}" name="${xmlEscape(t.name)}" displayName="${xmlEscape(t.name)}" ref="${r}"${t.totalsRow ? ' totalsRowCount="1"' : ' totalsRowShown="0"'}>` +
    `<autoFilter ref="${filter}"/><tableColumns count="${t.headers.length}">${cols}</tableColumns>` +
    `<tableStyleInfo name="${xmlEscape(t.style ?? 'TableStyleMedium2')}" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`
  );
}

type CellAt = ((row: number, column: number) => PlanCell) | undefined;

function cellAt(cells: CellAt, row: number, column: number): PlanCell {
  const c = cells?.(row, column);
  return c === undefined ? null : c;
}

const shown = (c: PlanCell) => (isFormulaCell(c) ? c.value : c);

/**
 * Rows of XML are gathered into pieces of about this many characters before deflating: small
 * enough to die young (a piece is a string built of many), big enough to deflate well.
 */
const PIECE_CHARS = 1 << 16;

/**
 * The XML of a sheet holding plain values, in pieces of about 64 KB: numbers as numbers,
 * strings as shared strings (text, never formulas). Used for CSV inputs, which can be a million
 * rows: as exceljs cells that takes seconds and gigabytes; this is one pass (and one before it
 * for the dimension), never the whole sheet as one string.
 */
export function* valuesSheetPieces(t: ValueRows, sst: SharedStrings): Generator<string> {
  const letters: string[] = [];
  const col = (c: number) => (letters[c] ??= columnLetters(c));
  let maxCol = 0;
  for (let r = 0; r < t.rows; r++) {
    const row = t.rowAt(r);
    for (let c = row.length - 1; c >= 0; c--) {
      const v = row[c];
      if (v === null || v === undefined) continue;
      if (t.firstColumn + c > maxCol) maxCol = t.firstColumn + c;
      break;
    }
  }
  const dim =
    t.rows && maxCol
      ? `${col(t.firstColumn)}${t.firstRow}:${col(maxCol)}${t.firstRow + t.rows - 1}`
      : 'A1';
  let piece = worksheetHead(dim);
  for (let r = 0; r < t.rows; r++) {
    const row = t.rowAt(r);
    const rn = t.firstRow + r;
    let line = '';
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (v === null || v === undefined) continue;
      const ref = `${col(t.firstColumn + c)}${rn}`;
      if (typeof v === 'number') {
        if (Number.isFinite(v)) line += `<c r="${ref}"><v>${v}</v></c>`;
      } else if (typeof v === 'boolean') {
        line += `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
      } else {
        line += `<c r="${ref}" t="s"><v>${sst.indexOf(v)}</v></c>`;
      }
    }
    if (line) piece += `<row r="${rn}">${line}</row>`;
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  yield piece + worksheetTail();
}

/** The start of a sheet of plain values we write ourselves, up to and with <sheetData>. */
export function worksheetHead(dimension: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL_NS}">` +
    `<dimension ref="${dimension}"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>` +
    `<sheetData>`
  );
}

/** The end of such a sheet, from </sheetData>. */
export function worksheetTail(): string {
  return `</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
}

/** The style index exceljs gave each probe cell (A{look id}) in the sheet XML it wrote. */
function probeStyles(xml: string): Map<number, number> {
  const start = xml.indexOf('<sheetData');
  const end = xml.indexOf('</sheetData>');
  const probes = new Map<number, number>();
  if (start < 0 || end < 0) return probes;
  eachElement(xml, (e) => {
    const row = e.local === 'c' && e.at > start && e.at < end && /^A(\d+)$/.exec(e.attr('r') ?? '');
    if (row) probes.set(Number(row[1]), Number(e.attr('s') ?? 0));
  });
  return probes;
}

/**
 * exceljs's sheet XML with its probe <sheetData> replaced by the plan's, in pieces: the part
 * before <sheetData> (its dimension set), the rows, the part after.
 */
function* planSheetPieces(
  xml: string,
  planData: NonNullable<SheetExtras['planData']>,
  sst: SharedStrings,
): Generator<string | Uint8Array> {
  const start = xml.indexOf('<sheetData');
  const selfClosed = xml.startsWith('<sheetData/>', start);
  const end = selfClosed
    ? start + '<sheetData/>'.length
    : xml.indexOf('</sheetData>') + '</sheetData>'.length;
  if (start < 0 || end < start)
    throw new Error('planSheetPieces: the sheet XML has no <sheetData>');
  const probes = probeStyles(xml);
  const styleIndex = (id: number) => {
    const s = probes.get(id);
    if (s === undefined) throw new Error(`planSheetPieces: no probe cell for look ${id}`);
    return s;
  };
  const dimension = planDimension(planData.sheet, planData.looks, styleIndex);
  yield xml.slice(0, start).replace(/<dimension ref="[^"]*"\/>/, `<dimension ref="${dimension}"/>`);
  yield* planSheetData(planData.sheet, planData.looks, styleIndex, sst, planData.widths);
  yield xml.slice(end);
}

/** What writing the parts builds up: the frame's parts, and what replaces or joins them. */
interface PartsRun {
  entries: Map<string, Uint8Array>;
  text(name: string): string | undefined;
  sst: SharedStrings;
  /** Parts replaced or added (small). */
  changed: Map<string, Uint8Array>;
  /** Sheets made in pieces when written. */
  streamed: Map<string, () => Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>>;
  released: Map<string, () => void>;
  /** Content-type overrides for the parts added. */
  overrides: string[];
  ids: { table: number; chart: number; drawing: number };
  /**
   * The frame made again once the sheets are written, its state sheet holding the fingerprints
   * taken while writing them (xlsx-write.ts): its shared strings are the ones written.
   */
  frameAgain?: () => Promise<Map<string, Uint8Array>>;
}

const SST_PATH = 'xl/sharedStrings.xml';

/**
 * Write the workbook to `zip`: exceljs's frame (`entries`, the parts of a small zip: styles,
 * workbook, copied .xlsx sheets, probe sheets, in its order) with our sheet data streamed into
 * it, and the tables, internal hyperlinks and charts exceljs cannot write. Each big sheet goes
 * into the zip as it is made, piece by piece; the shared strings, which those sheets add to, are
 * written last. The frame is unzipped by the caller (yauzl on the command line, fflate in the
 * pane): nothing here needs Node.
 */
export async function writeWorkbookParts(
  entries: Map<string, Uint8Array>,
  extras: SheetExtras[],
  zip: ZipSink,
  frameAgain?: () => Promise<Map<string, Uint8Array>>,
): Promise<void> {
  const text = (name: string) => {
    const bytes = entries.get(name);
    return bytes ? utf8Text(bytes) : undefined;
  };
  const run: PartsRun = {
    entries,
    text,
    sst: new SharedStrings(countSharedStrings(text(SST_PATH))),
    changed: new Map(),
    streamed: new Map(),
    released: new Map(),
    overrides: [],
    ids: { table: 0, chart: 0, drawing: 0 },
    frameAgain,
  };
  const parts = sheetParts(entries);
  stableExtensionIds(entries, parts);
  for (const e of extras) {
    if (!hasExtras(e)) continue;
    const part = parts.get(e.sheet);
    if (!part) throw new Error(`writeWorkbookParts: the workbook has no sheet "${e.sheet}"`);
    sheetWithExtras(run, e, part);
  }
  const newSst = addSharedStringsPart(run);
  if (run.overrides.length) {
    const ct = text('[Content_Types].xml')!;
    run.changed.set(
      '[Content_Types].xml',
      utf8Bytes(ct.replace('</Types>', run.overrides.join('') + '</Types>')),
    );
  }
  await writeParts(run, zip, newSst);
}

/** An x14 conditional format's id as exceljs writes it: a random GUID each run. */
const X14_ID = /(<x14:id>|<x14:cfRule [^>]*\bid=")\{([0-9A-Fa-f-]{36})\}/g;

/**
 * exceljs gives each data bar's extension a random GUID (the rule and its x14 twin share it), so
 * two runs on the same data wrote different bytes. The ids are renumbered in the order they
 * appear, each random id to one fixed one ({00000000-0000-4000-8000-00000000000N}): the pairs
 * still match and a run's workbook is the same bytes each time.
 */
function stableExtensionIds(entries: Map<string, Uint8Array>, parts: Map<string, string>): void {
  const fixed = new Map<string, string>();
  for (const part of parts.values()) {
    const bytes = entries.get(part);
    if (!bytes) continue;
    const xml = utf8Text(bytes);
    if (!xml.includes('<x14:cfRule ')) continue;
    const renumbered = xml.replace(X14_ID, (_, head: string, id: string) => {
      const key = id.toUpperCase();
      if (!fixed.has(key))
        fixed.set(
          key,
          `00000000-0000-4000-8000-${(fixed.size + 1).toString(16).padStart(12, '0')}`,
        );
      return `${head}{${fixed.get(key)}}`;
    });
    entries.set(part, utf8Bytes(renumbered));
  }
}

function hasExtras(e: SheetExtras): boolean {
  return Boolean(
    e.values ||
    e.sheetPieces ||
    e.planData ||
    e.tables.length ||
    e.links.length ||
    e.charts.length ||
    e.drawing?.shapes.length,
  );
}

/** One sheet's part planned: streamed rows, or its XML with links, drawing and tables added. */
function sheetWithExtras(run: PartsRun, e: SheetExtras, part: string): void {
  const relsPath = part.replace(/([^/]+)$/, '_rels/$1.rels');
  const rels = new Rels(run.text(relsPath));
  if (e.release) run.released.set(part, e.release);
  const { values, sheetPieces, planData } = e;
  if (values) {
    run.streamed.set(part, () => valuesSheetPieces(values, run.sst));
    return;
  }
  if (sheetPieces) {
    run.streamed.set(part, () => sheetPieces(run.sst));
    return;
  }
  let xml = withLinks(run.text(part)!, e);
  xml = withDrawing(run, xml, e, rels);
  xml = withTables(run, xml, e, rels);
  if (planData) {
    const sheetXml = xml;
    run.streamed.set(part, () => planSheetPieces(sheetXml, planData, run.sst));
  } else run.changed.set(part, utf8Bytes(xml));
  if (rels.changed) run.changed.set(relsPath, utf8Bytes(rels.xml()));
}

/** The sheet's internal hyperlinks. */
function withLinks(xml: string, e: SheetExtras): string {
  if (!e.links.length) return xml;
  const links = e.links
    .map(
      (l) =>
        `<hyperlink ref="${columnLetters(l.column)}${l.row}" location="${xmlEscape(`${quoteSheetName(l.sheet)}!${columnLetters(l.targetColumn)}${l.targetRow}`)}" display="${xmlEscape(String(shown(cellAt(e.cellAt, l.row, l.column)) ?? ''))}"/>`,
    )
    .join('');
  return insertBefore(xml, `<hyperlinks>${links}</hyperlinks>`, AFTER_HYPERLINKS);
}

/** The sheet's one drawing part: its charts and shapes. */
function withDrawing(run: PartsRun, xml: string, e: SheetExtras, rels: Rels): string {
  if (!e.charts.length && !e.drawing?.shapes.length) return xml;
  const charts = e.charts.map((plan) => ({ plan, n: ++run.ids.chart }));
  const drawingId = ++run.ids.drawing;
  const drawingPath = `xl/drawings/drawing${drawingId}.xml`;
  const drawingRels = new Rels(undefined);
  const withIds = charts.map(({ plan, n }) => {
    run.changed.set(`xl/charts/chart${n}.xml`, utf8Bytes(chartXml(plan, e.sheet, e.cellAt)));
    run.overrides.push(
      `<Override PartName="/xl/charts/chart${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`,
    );
    return { plan, rId: drawingRels.add('chart', `../charts/chart${n}.xml`) };
  });
  run.changed.set(drawingPath, utf8Bytes(drawingXml(withIds, e.drawing)));
  run.changed.set(`xl/drawings/_rels/drawing${drawingId}.xml.rels`, utf8Bytes(drawingRels.xml()));
  run.overrides.push(
    `<Override PartName="/${drawingPath}" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>`,
  );
  const rId = rels.add('drawing', `../drawings/drawing${drawingId}.xml`);
  return insertBefore(xml, `<drawing r:id="${rId}"/>`, AFTER_DRAWING);
}

/** The sheet's Excel tables. */
function withTables(run: PartsRun, xml: string, e: SheetExtras, rels: Rels): string {
  if (!e.tables.length) return xml;
  const ids = e.tables.map((t) => {
    const tableId = ++run.ids.table;
    run.changed.set(`xl/tables/table${tableId}.xml`, utf8Bytes(tableXml(tableId, t)));
    run.overrides.push(
      `<Override PartName="/xl/tables/table${tableId}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/>`,
    );
    return rels.add('table', `../tables/table${tableId}.xml`);
  });
  return insertBefore(
    xml,
    `<tableParts count="${ids.length}">${ids.map((id) => `<tablePart r:id="${id}"/>`).join('')}</tableParts>`,
    AFTER_TABLEPARTS,
  );
}

/** Our sheets add shared strings: a workbook exceljs wrote without any gets a table. */
function addSharedStringsPart(run: PartsRun): boolean {
  if (run.text(SST_PATH) || run.streamed.size === 0) return false;
  run.overrides.push(
    `<Override PartName="/${SST_PATH}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`,
  );
  const wbRelsPath = 'xl/_rels/workbook.xml.rels';
  const wbRels = new Rels(run.text(wbRelsPath));
  wbRels.add('sharedStrings', 'sharedStrings.xml');
  run.changed.set(wbRelsPath, utf8Bytes(wbRels.xml()));
  return true;
}

/** Every part into the zip in the frame's order, then the added ones, the shared strings last. */
async function writeParts(run: PartsRun, zip: ZipSink, newSst: boolean): Promise<void> {
  const { entries, changed, streamed, sst } = run;
  for (const [name, entry] of entries) {
    if (name === SST_PATH) continue; // last: the sheets add to it
    const pieces = streamed.get(name);
    if (pieces) {
      await zip.addStream(name, pieces());
      streamed.delete(name);
      run.released.get(name)?.();
    } else await zip.add(name, changed.get(name) ?? entry);
  }
  for (const [name, entry] of changed) if (!entries.has(name)) await zip.add(name, entry);
  const frameSst = run.frameAgain ? await sharedStringsAgain(run) : entries.get(SST_PATH);
  const sstXml = frameSst && utf8Text(frameSst);
  if (sst.changed || newSst) await zip.addStream(SST_PATH, sst.xmlPieces(sstXml));
  else if (frameSst !== undefined) await zip.add(SST_PATH, frameSst);
}

/**
 * The frame's shared strings made again (PartsRun.frameAgain). Only the state sheet's strings may
 * differ, and in text only: its part and the number of strings are the same as the first
 * frame's, or the sheets already written would point at the wrong strings.
 */
async function sharedStringsAgain(run: PartsRun): Promise<Uint8Array | undefined> {
  const again = await run.frameAgain!();
  const state = sheetParts(run.entries).get(STATE_SHEET);
  const same = (a?: Uint8Array, b?: Uint8Array) =>
    a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
  const sst = again.get(SST_PATH);
  if (
    !state ||
    !same(run.entries.get(state), again.get(state)) ||
    countSharedStrings(run.text(SST_PATH)) !== countSharedStrings(sst && utf8Text(sst))
  )
    throw new Error('writeWorkbookParts: the state sheet came out differently the second time');
  return sst;
}
