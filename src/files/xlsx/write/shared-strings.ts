/**
 * Strings we write ourselves (plan cells, CSV copies) go to the workbook's shared-string table,
 * like the strings exceljs writes: a shared string is text in every reader, and every reader
 * (exceljs included) decodes its `_xHHHH_` escapes, so control characters survive the round trip.
 */
import { encodeCellText, xmlText } from './text';
import { eachElement } from '../xml';

const SST_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

export class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly added: string[] = [];
  private references = 0;

  /** `existing`: the number of <si> items already in the table (exceljs's strings). */
  constructor(private readonly existing: number) {}

  /** Index of a string (as the person's text, not yet encoded), adding it when new. */
  indexOf(text: string): number {
    this.references++;
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.existing + this.added.length;
      this.index.set(text, i);
      this.added.push(text);
    }
    return i;
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

/** Number of <si> items in a shared-string table. */
export function countSharedStrings(xml: string | undefined): number {
  if (!xml) return 0;
  let count = 0;
  eachElement(xml, (e) => {
    if (e.depth === 1 && e.local === 'si') count++;
  });
  return count;
}
