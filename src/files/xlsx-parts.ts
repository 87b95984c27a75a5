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
} from '../core/plans/types';
import { isFormulaCell } from '../core/plans/types';
import { columnLetters, quoteSheetName } from '../core/types';
import { type PlanLooks, type SheetRows, planDimension, planSheetData } from './plan-sheet';
import { chartXml, drawingXml } from './drawing-parts';
import { SharedStrings, countSharedStrings } from './shared-strings';
import { xmlText } from './text';
import { type ZipEntry, type ZipStreamWriter, inflateEntry, readZipRaw } from './zip';

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
  sheetPieces?: (sst: SharedStrings) => AsyncIterable<string>;
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

const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Text for XML (see text.ts). */
export const xmlEscape = xmlText;

function xmlUnescape(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:]+)="([^"]*)"/g)) out[m[1]] = xmlUnescape(m[2]);
  return out;
}

/** Sheet name → its part path ("xl/worksheets/sheet3.xml"), from workbook.xml and its rels. */
export function sheetParts(entries: Map<string, ZipEntry>): Map<string, string> {
  const text = (name: string) => {
    const e = entries.get(name);
    return e ? inflateEntry(e).toString('utf8') : '';
  };
  const wb = text('xl/workbook.xml');
  const rels = text('xl/_rels/workbook.xml.rels');
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const a = attrs(m[0]);
    targets.set(a.Id, a.Target.startsWith('/') ? a.Target.slice(1) : `xl/${a.Target}`);
  }
  const out = new Map<string, string>();
  for (const m of wb.matchAll(/<sheet\b[^>]*>/g)) {
    const a = attrs(m[0]);
    const t = targets.get(a['r:id']);
    if (t) out.set(a.name, t);
  }
  return out;
}

/** Start offsets and names of the root element's direct children (nested tags are skipped). */
function topLevelChildren(xml: string): { name: string; at: number }[] {
  const out: { name: string; at: number }[] = [];
  let depth = 0;
  for (const m of xml.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)[^>]*?(\/?)>/g)) {
    const [, close, name, selfClose] = m;
    if (close) {
      depth--;
      continue;
    }
    if (depth === 1) out.push({ name, at: m.index });
    if (!selfClose) depth++;
  }
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
const AFTER_DRAWING = [
  'legacyDrawing',
  'legacyDrawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
];
const AFTER_TABLEPARTS = ['extLst'];

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
    const ids = [...(existing ?? '').matchAll(/Id="rId(\d+)"/g)].map((m) => Number(m[1]));
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
  for (const m of xml.slice(start, end).matchAll(/<c r="A(\d+)"([^>]*)>/g)) {
    const s = /\bs="(\d+)"/.exec(m[2]);
    probes.set(Number(m[1]), s ? Number(s[1]) : 0);
  }
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
): Generator<string> {
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

/**
 * Write the workbook to `zip`: exceljs's frame (`frame`, a small zip: styles, workbook, copied
 * .xlsx sheets, probe sheets) with our sheet data streamed into it, and the tables, internal
 * hyperlinks and charts exceljs cannot write. Each big sheet goes into the zip as it is made,
 * piece by piece; the shared strings, which those sheets add to, are written last.
 */
export async function writeWorkbookParts(
  frame: Buffer,
  extras: SheetExtras[],
  zip: ZipStreamWriter,
): Promise<void> {
  const wanted = extras.filter(
    (e) =>
      e.values ||
      e.sheetPieces ||
      e.planData ||
      e.tables.length ||
      e.links.length ||
      e.charts.length ||
      e.drawing?.shapes.length,
  );
  // Only the parts we change are inflated; the rest are copied compressed as they are.
  const entries = readZipRaw(frame);
  const text = (name: string) => {
    const e = entries.get(name);
    return e ? inflateEntry(e).toString('utf8') : undefined;
  };
  const parts = sheetParts(entries);
  const sstPath = 'xl/sharedStrings.xml';
  const sstXml = text(sstPath);
  const sst = new SharedStrings(countSharedStrings(sstXml));
  /** Entries replaced or added (small), and sheets made in pieces when written. */
  const changed = new Map<string, ZipEntry>();
  const streamed = new Map<string, () => Iterable<string> | AsyncIterable<string>>();
  const released = new Map<string, () => void>();
  const overrides: string[] = [];
  let tableId = 0;
  let chartId = 0;
  let drawingId = 0;
  for (const e of wanted) {
    const part = parts.get(e.sheet);
    if (!part) throw new Error(`writeWorkbookParts: the workbook has no sheet "${e.sheet}"`);
    const relsPath = part.replace(/([^/]+)$/, '_rels/$1.rels');
    const rels = new Rels(text(relsPath));
    if (e.release) released.set(part, e.release);
    const values = e.values;
    if (values) {
      streamed.set(part, () => valuesSheetPieces(values, sst));
      continue;
    }
    const sheetPieces = e.sheetPieces;
    if (sheetPieces) {
      streamed.set(part, () => sheetPieces(sst));
      continue;
    }
    let xml = text(part)!;
    if (e.links.length) {
      const links = e.links
        .map(
          (l) =>
            `<hyperlink ref="${columnLetters(l.column)}${l.row}" location="${xmlEscape(`${quoteSheetName(l.sheet)}!${columnLetters(l.targetColumn)}${l.targetRow}`)}" display="${xmlEscape(String(shown(cellAt(e.cellAt, l.row, l.column)) ?? ''))}"/>`,
        )
        .join('');
      xml = insertBefore(xml, `<hyperlinks>${links}</hyperlinks>`, AFTER_HYPERLINKS);
    }
    if (e.charts.length || e.drawing?.shapes.length) {
      const charts = e.charts.map((plan) => {
        chartId++;
        return { plan, n: chartId };
      });
      drawingId++;
      const drawingPath = `xl/drawings/drawing${drawingId}.xml`;
      const drawingRels = new Rels(undefined);
      const withIds = charts.map(({ plan, n }) => {
        changed.set(
          `xl/charts/chart${n}.xml`,
          Buffer.from(chartXml(plan, e.sheet, e.cellAt), 'utf8'),
        );
        overrides.push(
          `<Override PartName="/xl/charts/chart${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`,
        );
        return { plan, rId: drawingRels.add('chart', `../charts/chart${n}.xml`) };
      });
      changed.set(drawingPath, Buffer.from(drawingXml(withIds, e.drawing), 'utf8'));
      changed.set(
        `xl/drawings/_rels/drawing${drawingId}.xml.rels`,
        Buffer.from(drawingRels.xml(), 'utf8'),
      );
      overrides.push(
        `<Override PartName="/${drawingPath}" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>`,
      );
      const rId = rels.add('drawing', `../drawings/drawing${drawingId}.xml`);
      xml = insertBefore(xml, `<drawing r:id="${rId}"/>`, AFTER_DRAWING);
    }
    if (e.tables.length) {
      const ids = e.tables.map((t) => {
        tableId++;
        changed.set(`xl/tables/table${tableId}.xml`, Buffer.from(tableXml(tableId, t), 'utf8'));
        overrides.push(
          `<Override PartName="/xl/tables/table${tableId}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/>`,
        );
        return rels.add('table', `../tables/table${tableId}.xml`);
      });
      xml = insertBefore(
        xml,
        `<tableParts count="${ids.length}">${ids.map((id) => `<tablePart r:id="${id}"/>`).join('')}</tableParts>`,
        AFTER_TABLEPARTS,
      );
    }
    const planData = e.planData;
    if (planData) {
      const sheetXml = xml;
      streamed.set(part, () => planSheetPieces(sheetXml, planData, sst));
    } else changed.set(part, Buffer.from(xml, 'utf8'));
    if (rels.changed) changed.set(relsPath, Buffer.from(rels.xml(), 'utf8'));
  }
  // Our sheets add shared strings: a workbook exceljs wrote without any gets a table.
  const newSst = !sstXml && streamed.size > 0;
  if (newSst) {
    overrides.push(
      `<Override PartName="/${sstPath}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`,
    );
    const wbRelsPath = 'xl/_rels/workbook.xml.rels';
    const wbRels = new Rels(text(wbRelsPath));
    wbRels.add('sharedStrings', 'sharedStrings.xml');
    changed.set(wbRelsPath, Buffer.from(wbRels.xml(), 'utf8'));
  }
  if (overrides.length) {
    const ct = text('[Content_Types].xml')!;
    changed.set(
      '[Content_Types].xml',
      Buffer.from(ct.replace('</Types>', overrides.join('') + '</Types>'), 'utf8'),
    );
  }
  for (const [name, entry] of entries) {
    if (name === sstPath) continue; // last: the sheets add to it
    const pieces = streamed.get(name);
    if (pieces) {
      await zip.addStream(name, pieces());
      streamed.delete(name);
      released.get(name)?.();
    } else await zip.add(name, changed.get(name) ?? entry);
  }
  for (const [name, entry] of changed) if (!entries.has(name)) await zip.add(name, entry);
  if (sst.changed || newSst) await zip.addStream(sstPath, sst.xmlPieces(sstXml));
  else if (sstXml !== undefined) await zip.add(sstPath, entries.get(sstPath)!);
}
