/**
 * The small parts of an .xlsx the streaming reader (xlsx-stream.ts) needs before the sheets —
 * workbook, relationships, styles (only which cells are dates) and shared strings — read as
 * exceljs's whole-workbook reader reads them (exceljs 4.4, `xlsx/xform/`: book/workbook-xform,
 * book/sheet-xform, book/workbook-properties-xform, core/relationships-xform,
 * style/styles-xform + style-xform + numfmt-xform, strings/shared-strings-xform +
 * shared-string-xform + rich-text-xform + phonetic-text-xform + text-xform), because a cell
 * must come out exactly as `worksheetTable` (xlsx-read.ts) gives it through exceljs's public API:
 * - workbook: `<sheet>`s of `<sheets>` (name with entities decoded once more, sheetId, state,
 *   r:id), 1904 dates only when `<workbookPr date1904="1">` (not "true");
 * - relationships: every `<Relationship>`'s attributes; another element refuses the part;
 * - styles: a cell's style is its `<cellXfs>` `<xf>`; its `numFmtId` names a `<numFmt>` of
 *   `<numFmts>` (backslashes removed from the code) or a built-in format (dates.ts);
 * - shared strings: `<t>` text with `_xHHHH_` escapes decoded, rich text as its runs' text,
 *   phonetic runs (`<rPh>`) left out, an empty item as no value.
 * An element exceljs does not know is skipped with its content, as exceljs skips it.
 */
import { builtInFormat, isDateFormat } from './dates';
import type { SaxHandler, SaxTag } from './sax';

/**
 * How exceljs's container parsers end (`ListXform`, leaf xforms, `StaticXform`): a list at
 * any close tag while no item is open, an item at its own close tag (`<xf>` holds
 * `<alignment>`, `<font>` its properties), a leaf at any close tag, a static part at its own.
 */
type Region = { kind: 'leaf' } | { kind: 'static'; tag: string } | { kind: 'list'; item: string };

/**
 * A root element's children read as exceljs's container xforms read them: a child named in
 * `regions` is read by `onItem`/`onLeaf` until it ends (see Region); any other element is looked
 * through (its children are tried in turn), as exceljs does.
 */
class RegionReader {
  private open: { name: string; region: Region; inItem: boolean } | null = null;

  constructor(
    private readonly regions: Record<string, Region>,
    private readonly onStart: (name: string, node: SaxTag) => void,
    private readonly onItem: (region: string, node: SaxTag) => void,
  ) {}

  openTag(node: SaxTag): void {
    const o = this.open;
    if (!o) {
      const region = Object.prototype.hasOwnProperty.call(this.regions, node.name)
        ? this.regions[node.name]
        : undefined;
      if (region) {
        this.open = { name: node.name, region, inItem: false };
        this.onStart(node.name, node);
      }
      return;
    }
    if (o.region.kind === 'list' && !o.inItem && node.name === o.region.item) {
      o.inItem = true;
      this.onItem(o.name, node);
    }
  }

  /** A close tag inside the root (true: it belonged to a region). */
  closeTag(name: string): boolean {
    const o = this.open;
    if (!o) return false;
    if (o.region.kind === 'list' && o.inItem) {
      if (name === o.region.item) {
        o.inItem = false;
      }
    } else if (o.region.kind !== 'static' || name === o.region.tag) this.open = null;
    return true;
  }
}

export interface WorkbookSheet {
  name: string;
  id: number;
  state?: string;
  rId: string;
}

export interface WorkbookPart {
  /** Undefined when the workbook has no `<sheets>`. */
  sheets?: WorkbookSheet[];
  date1904: boolean;
}

/** exceljs's `xmlDecode`: the five XML entities decoded (again). */
export function xmlDecode(text: string): string {
  return text.replace(/&([a-z]*);/g, (c) => {
    switch (c) {
      case '&lt;':
        return '<';
      case '&gt;':
        return '>';
      case '&amp;':
        return '&';
      case '&apos;':
        return "'";
      case '&quot;':
        return '"';
      default:
        return c;
    }
  });
}

/** xl/workbook.xml (`done()`: undefined when its `<workbook>` never closed, as in exceljs). */
export function workbookReader(): SaxHandler & { done(): WorkbookPart | undefined } {
  let sheets: WorkbookSheet[] | undefined;
  let date1904 = false;
  let result: WorkbookPart | undefined;
  const regions = new RegionReader(
    {
      fileVersion: { kind: 'static', tag: 'fileVersion' },
      workbookPr: { kind: 'leaf' },
      bookViews: { kind: 'list', item: 'workbookView' },
      sheets: { kind: 'list', item: 'sheet' },
      definedNames: { kind: 'list', item: 'definedName' },
      calcPr: { kind: 'leaf' },
    },
    (name, node) => {
      if (name === 'sheets') sheets = [];
      else if (name === 'workbookPr') date1904 = node.attributes.date1904 === '1';
    },
    (region, node) => {
      if (region !== 'sheets') return;
      const a = node.attributes;
      if (a.name === undefined) throw new Error('a sheet of the workbook has no name');
      sheets!.push({
        name: xmlDecode(a.name),
        id: parseInt(a.sheetId, 10),
        state: a.state,
        rId: a['r:id'],
      });
    },
  );
  return {
    open: (node) => regions.openTag(node),
    text: () => {},
    close(name) {
      if (regions.closeTag(name)) return true;
      if (name !== 'workbook') return true;
      result = { sheets, date1904 };
      return false;
    },
    done: () => result,
  };
}

export interface Relationship {
  Id: string;
  Type?: string;
  Target: string;
}

/** A `_rels/*.rels` part: its relationships' attributes, refused on any other element. */
export function relationshipsReader(): SaxHandler & { done(): Relationship[] } {
  let rels: Relationship[] | undefined;
  let inRel = false;
  return {
    open(node) {
      if (inRel) return;
      if (node.name === 'Relationships') rels = [];
      else if (node.name === 'Relationship') {
        if (!rels) throw new Error('a relationship outside <Relationships>');
        rels.push(node.attributes as unknown as Relationship);
        inRel = true;
      } else throw new Error(`Unexpected xml node in parseOpen: ${node.name}`);
    },
    text: () => {},
    close(name) {
      if (inRel) {
        inRel = false;
        return true;
      }
      if (name === 'Relationships') return false;
      throw new Error(`Unexpected xml node in parseClose: ${name}`);
    },
    done: () => rels ?? [],
  };
}

/** Which cell styles are dates, from xl/styles.xml. */
export interface DateStyles {
  /** Whether cells of style `id` (a cell's `s`, not 0) hold dates; throws where exceljs does. */
  isDate(id: number): boolean;
}

/**
 * xl/styles.xml as far as dates go. Where exceljs's `getStyleModel` throws (the part's
 * `<styleSheet>` never closed, or it has no `<cellXfs>` item) a styled number cell refuses the
 * workbook here too.
 */
export function stylesReader(): SaxHandler & { done(): DateStyles } {
  let xfs: number[] = [];
  const codes = new Map<number, string>();
  let closed = false;
  const regions = new RegionReader(
    {
      numFmts: { kind: 'list', item: 'numFmt' },
      cellXfs: { kind: 'list', item: 'xf' },
      numFmt: { kind: 'leaf' },
      fonts: { kind: 'list', item: 'font' },
      fills: { kind: 'list', item: 'fill' },
      borders: { kind: 'list', item: 'border' },
      cellStyleXfs: { kind: 'list', item: 'xf' },
      dxfs: { kind: 'list', item: 'dxf' },
      cellStyles: { kind: 'static', tag: 'cellStyles' },
      tableStyles: { kind: 'static', tag: 'tableStyles' },
      extLst: { kind: 'static', tag: 'extLst' },
    },
    (name) => {
      if (name === 'cellXfs') xfs = [];
      else if (name === 'numFmts') codes.clear();
    },
    (region, node) => {
      const a = node.attributes;
      if (region === 'cellXfs') xfs.push(parseInt(a.numFmtId, 10));
      else if (region === 'numFmts') {
        if (a.formatCode === undefined) throw new Error('a number format has no formatCode');
        codes.set(parseInt(a.numFmtId, 10), a.formatCode.replace(/[\\](.)/g, '$1'));
      }
    },
  );
  const known = new Map<number, boolean>();
  const styles: DateStyles = {
    isDate(id) {
      let d = known.get(id);
      if (d !== undefined) return d;
      if (!closed || xfs.length === 0)
        throw new Error(`cell style ${id} cannot be read from the workbook's styles`);
      const numFmtId = id >= 0 && id < xfs.length ? xfs[id] : NaN;
      d = Boolean(numFmtId) && isDateFormat(codes.get(numFmtId) || builtInFormat(numFmtId));
      known.set(id, d);
      return d;
    },
  };
  return {
    open: (node) => regions.openTag(node),
    text: () => {},
    close(name) {
      if (regions.closeTag(name)) return true;
      if (name !== 'styleSheet') return true;
      closed = true;
      return false;
    },
    done: () => styles,
  };
}

/** A shared string item while it is read: nothing yet, a `<t>`'s text, or rich text runs. */
type Item = null | string | RunModel[];

/**
 * A rich text run as exceljs models it: an object, which a malformed run can leave in use for the
 * next run (so one object can be in two items and its text set later: exceljs reads it then).
 */
export interface RunModel {
  text?: string;
}

/** What a `<si>`'s child being read is (exceljs's sub-parser of SharedStringXform). */
const enum Sub {
  None,
  Text,
  Run,
  Phonetic,
}

/** exceljs's TextXform: the text with its `_xHHHH_` escapes decoded. */
export function unescapeText(parts: string[]): string {
  return parts
    .join('')
    .replace(/_x([0-9A-F]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The value a shared string item reads as (`normaliseCellValue` of exceljs's model of it). */
export function itemValue(item: Item): string | null {
  if (item === null) return null;
  const text = typeof item === 'string' ? item : item.map((r) => r.text ?? '').join('');
  return text === '' ? null : text;
}

/**
 * A rich text run (`<r>`) as exceljs's RichTextXform reads it: the text of its last `<t>`;
 * `<rPr>` (the font) ignored. `close` is false at the run's end.
 */
export class RunReader {
  model: RunModel = {};
  private sub: 'none' | 'text' | 'font' = 'none';
  private parts: string[] = [];

  open(name: string): void {
    if (this.sub === 'text') {
      if (name === 't') this.parts = [];
    } else if (this.sub === 'font') return;
    else if (name === 'r') this.model = {};
    else if (name === 't') {
      this.sub = 'text';
      this.parts = [];
    } else if (name === 'rPr') this.sub = 'font';
  }

  addText(text: string): void {
    if (this.sub === 'text') this.parts.push(text);
  }

  close(name: string): boolean {
    if (name === 'r') return false;
    if (name === 't') {
      // exceljs takes the model of the run's current sub-parser: the font's (an object, joined
      // as "[object Object]") inside <rPr>, none (it throws) outside <t>.
      if (this.sub === 'none') throw new Error('a rich text run closes a <t> it did not open');
      this.model.text = this.sub === 'text' ? unescapeText(this.parts) : '[object Object]';
      this.sub = 'none';
    } else if (name === 'rPr') this.sub = 'none';
    return true;
  }
}

/**
 * xl/sharedStrings.xml: each item's value (null for an empty one), as exceljs's
 * SharedStringsXform reads it; an element other than `<sst>` and `<si>` at the top refuses it.
 */
export function sharedStringsReader(): SaxHandler & { done(): (string | null)[] } {
  /** The items as read; their values are taken at the end (see RunModel). */
  const items: Item[] = [];
  let inItem = false;
  let item: Item = null;
  let sub = Sub.None;
  let textParts: string[] = [];
  const run = new RunReader();
  /** Inside <rPh>: its <t> (ends at any close) or <r> (a run of its own), read and dropped. */
  let phonetic: 'none' | 't' | 'r' = 'none';
  const phoneticRun = new RunReader();
  return {
    open(node) {
      const name = node.name;
      if (!inItem) {
        if (name === 'si') {
          inItem = true;
          item = null;
        } else if (name !== 'sst')
          throw new Error(`Unexpected xml node in parseOpen: ${JSON.stringify(node)}`);
        return;
      }
      switch (sub) {
        case Sub.Text:
          if (name === 't') textParts = [];
          return;
        case Sub.Run:
          return run.open(name);
        case Sub.Phonetic:
          if (phonetic === 'r') phoneticRun.open(name);
          else if (phonetic === 'none' && (name === 't' || name === 'r')) {
            phonetic = name;
            if (name === 'r') phoneticRun.open(name);
          }
          return;
      }
      if (name === 'si') item = null;
      else if (name === 't') {
        sub = Sub.Text;
        textParts = [];
      } else if (name === 'r') {
        sub = Sub.Run;
        run.open(name);
      } else if (name === 'rPh') {
        sub = Sub.Phonetic;
        phonetic = 'none';
      }
    },
    text(text) {
      if (sub === Sub.Text) textParts.push(text);
      else if (sub === Sub.Run) run.addText(text);
    },
    close(name) {
      if (!inItem) {
        if (name === 'sst') return false;
        throw new Error(`Unexpected xml node in parseClose: ${name}`);
      }
      // What ends a <t> or <r> is stored by the name of the close tag, as exceljs does: any close
      // ends a <t> (a </r> inside it adds a run, whose text reads as empty), only </r> a run.
      const addRun = (run: RunModel) => {
        if (typeof item === 'string')
          throw new Error(`Cannot create property 'richText' on string '${item}'`);
        item = item ?? [];
        item.push(run);
      };
      switch (sub) {
        case Sub.Text:
          if (name === 't') item = unescapeText(textParts);
          else if (name === 'r') addRun({}); // the text itself, read as a run: no .text
          sub = Sub.None;
          return true;
        case Sub.Run:
          if (run.close(name)) return true;
          addRun(run.model);
          sub = Sub.None;
          return true;
        case Sub.Phonetic:
          if (phonetic === 't' || (phonetic === 'r' && !phoneticRun.close(name))) phonetic = 'none';
          else if (phonetic === 'none' && name === 'rPh') sub = Sub.None;
          return true;
      }
      if (name === 'si') {
        items.push(item);
        inItem = false;
      }
      return true;
    },
    done: () => items.map(itemValue),
  };
}
