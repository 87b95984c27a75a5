/**
 * Strings we write ourselves (plan cells, CSV copies) go to the workbook's shared-string table,
 * like the strings exceljs writes: a shared string is text in every reader, and every reader
 * (exceljs included) decodes its `_xHHHH_` escapes, so control characters survive the round trip.
 */
import { encodeCellText, xmlText } from './text';

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

  get changed(): boolean {
    return this.added.length > 0;
  }

  /** The table with our strings appended (or a new table when exceljs wrote none). */
  xml(existingXml: string | undefined): string {
    const items = this.added
      .map((s) => {
        const t = xmlText(encodeCellText(s));
        return /^\s|\s$|\n/.test(s)
          ? `<si><t xml:space="preserve">${t}</t></si>`
          : `<si><t>${t}</t></si>`;
      })
      .join('');
    const unique = this.existing + this.added.length;
    if (!existingXml) {
      return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${SST_NS}" count="${this.references}" uniqueCount="${unique}">${items}</sst>`;
    }
    const count =
      Number(/\bcount="(\d+)"/.exec(existingXml)?.[1] ?? this.existing) + this.references;
    return existingXml
      .replace(/<sst\b[^>]*>/, (tag) =>
        tag
          .replace(/\s(count|uniqueCount)="\d+"/g, '')
          .replace(/^<sst/, `<sst count="${count}" uniqueCount="${unique}"`),
      )
      .replace('</sst>', `${items}</sst>`)
      .replace(/<sst([^>]*)\/>/, `<sst$1>${items}</sst>`);
  }
}

/** Number of <si> items in a shared-string table. */
export function countSharedStrings(xml: string | undefined): number {
  if (!xml) return 0;
  return (xml.match(/<si[\s>/]/g) ?? []).length;
}
