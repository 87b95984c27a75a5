/**
 * Strings we write ourselves (plan cells, CSV copies) go to the workbook's shared-string table,
 * like the strings exceljs writes: a shared string is text in every reader, and every reader
 * (exceljs included) decodes its `_xHHHH_` escapes, so control characters survive the round trip.
 */
import { encodeCellText, xmlText } from './text';
import { eachElement } from '../xml';
import { IdIndex } from '../../../core/intake/id-index';

const SST_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

export class SharedStrings {
  private readonly added: string[] = [];
  /**
   * Our strings' positions in `added`: a hash index over the list, not a Map. A million IDs
   * met again in another order (Student Targets lists them team by team) cost a Map ~0.4 µs
   * a lookup in cache misses, the index a sixth of that; the million-row workbook run's peak
   * fell by ~170 MB with it (docs/performance.md).
   */
  private readonly index = new IdIndex(this.added);
  private references = 0;

  /** `existing`: the number of <si> items already in the table (exceljs's strings). */
  constructor(private readonly existing: number) {}

  /** Index of a string (as the person's text, not yet encoded), adding it when new. */
  indexOf(text: string): number {
    this.references++;
    const at = this.index.getOrAdd(text, this.added.length);
    if (at >= 0) return this.existing + at;
    this.added.push(text);
    return this.existing + this.added.length - 1;
  }

  /**
   * The index after `i` when the string there is `text` (a string we added; each is added once,
   * so it is the index indexOf would give), else -1. Not counted as a reference.
   */
  followedBy(i: number, text: string): number {
    const next = i + 1 - this.existing;
    return next >= 0 && next < this.added.length && this.added[next] === text ? i + 1 : -1;
  }

  /** `i` again, for a string already given index `i` (counted as another reference). */
  indexAgain(i: number): number {
    this.references++;
    return i;
  }

  get changed(): boolean {
    return this.added.length > 0;
  }

  /** The table with our strings appended (or a new table when exceljs wrote none). */
  xml(existingXml: string | undefined): string {
    return [...this.xmlPieces(existingXml)].join('');
  }

  /**
   * The same table in pieces of about 64 KB (a million IDs are never one string): the
   * existing table's start, our strings, its end.
   */
  *xmlPieces(existingXml: string | undefined): Generator<string> {
    const unique = this.existing + this.added.length;
    let head: string;
    let tail: string;
    if (!existingXml) {
      head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${SST_NS}" count="${this.references}" uniqueCount="${unique}">`;
      tail = '</sst>';
    } else {
      const count =
        Number(/\bcount="(\d+)"/.exec(existingXml)?.[1] ?? this.existing) + this.references;
      const withCounts = existingXml
        .replace(/<sst\b[^>]*>/, (tag) =>
          tag
            .replace(/\s(count|uniqueCount)="\d+"/g, '')
            .replace(/^<sst/, `<sst count="${count}" uniqueCount="${unique}"`),
        )
        .replace(/<sst([^>]*)\/>/, '<sst$1></sst>');
      const end = withCounts.lastIndexOf('</sst>');
      head = withCounts.slice(0, end);
      tail = withCounts.slice(end);
    }
    let piece = head;
    for (const s of this.added) {
      const t = xmlText(encodeCellText(s));
      piece += /^\s|\s$|\n/.test(s)
        ? `<si><t xml:space="preserve">${t}</t></si>`
        : `<si><t>${t}</t></si>`;
      if (piece.length >= 1 << 16) {
        yield piece;
        piece = '';
      }
    }
    yield piece + tail;
  }
}

/** Distinct strings a column remembers (team names, groups, measures); an ID column has more. */
const FEW = 1024;

/**
 * Shared-string indexes looked up column by column, for a writer of long sheets: a column
 * repeats its last string (a sheet name), comes in the order its strings were first added (IDs:
 * the CSV copy adds them, Impact Data and Student Targets meet them again in that order), or
 * has a few strings it goes back and forth between (teams, groups). Each is found without
 * searching the whole table: at a million rows a search in its Map of a million strings missed
 * the processor's cache on nearly every cell (4.5 s of a 58 s run). The indexes are those
 * `indexOf` gives, each string added when it is first met, as before.
 */
export class ColumnStrings {
  private readonly last: (string | undefined)[] = [];
  private readonly lastIndex: number[] = [];
  /** Column c's strings met so far and their indexes, until it has more than FEW (null). */
  private readonly few: (Map<string, number> | null | undefined)[] = [];

  constructor(private readonly sst: SharedStrings) {}

  /** The index of `text` in column `c` (counted as a reference, added when new). */
  indexOf(c: number, text: string): number {
    if (this.last[c] === text) return this.sst.indexAgain(this.lastIndex[c]);
    const prev = this.lastIndex[c];
    const after = prev === undefined ? -1 : this.sst.followedBy(prev, text);
    const index = after >= 0 ? this.sst.indexAgain(after) : this.remembered(c, text);
    this.last[c] = text;
    this.lastIndex[c] = index;
    return index;
  }

  /** The index from the column's few strings, else from the table (remembered while few). */
  private remembered(c: number, text: string): number {
    let few = this.few[c];
    const known = few?.get(text);
    if (known !== undefined) return this.sst.indexAgain(known);
    const index = this.sst.indexOf(text);
    if (few === undefined) few = this.few[c] = new Map();
    if (few) {
      if (few.size < FEW) few.set(text, index);
      else this.few[c] = null;
    }
    return index;
  }
}

/** Number of <si> items in a shared-string table. */
export function countSharedStrings(xml: string | undefined): number {
  if (!xml) return 0;
  let count = 0;
  eachElement(xml, (e) => {
    if (e.depth === 1 && e.local === 'si') count++;
  });
  return count;
}
