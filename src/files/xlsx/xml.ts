/**
 * XML read through a real parser (saxes, with namespaces): entities and character references
 * decoded, CDATA and comments skipped, attributes in either quote style, names matched by their
 * namespace and local name whatever prefix a writer chose. For the small parts the writer reads
 * back from exceljs's frame (workbook, relationships, sheet XML) and the tests that check them.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';

/** The relationships namespace (`r:id` on a workbook's <sheet>). */
export const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface XmlElement {
  /** Local name ("sheet" for <x:sheet>). */
  local: string;
  /** Namespace URI ("" when none). */
  uri: string;
  /** 0 for the root element, 1 for its children… */
  depth: number;
  /** Offset in the text of the element's "<". */
  at: number;
  /** An attribute's decoded value by local name and namespace URI ("" for unprefixed). */
  attr(local: string, uri?: string): string | undefined;
}

/**
 * Calls `onElement` for every element start, in document order; empty text has none. Malformed
 * XML throws (these parts come from exceljs or from us: a broken one is a programming error).
 */
export function eachElement(xml: string, onElement: (e: XmlElement) => void): void {
  if (!xml.trim()) return; // a part that is not there
  const parser = new SaxesParser({ xmlns: true, position: true });
  let depth = 0;
  let at = 0;
  parser.on('error', (err) => {
    throw err;
  });
  // At opentagstart the parser stands one character past the name ("<name" + one).
  parser.on('opentagstart', (tag) => (at = parser.position - tag.name.length - 2));
  parser.on('opentag', (tag) => {
    onElement(element(tag as SaxesTagNS, depth, at));
    if (!tag.isSelfClosing) depth++;
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) depth--;
  });
  parser.write(xml).close();
}

function element(tag: SaxesTagNS, depth: number, at: number): XmlElement {
  const attrs = new Map<string, string>();
  for (const a of Object.values(tag.attributes)) attrs.set(`${a.uri} ${a.local}`, a.value);
  return {
    local: tag.local,
    uri: tag.uri,
    depth,
    at,
    attr: (local, uri = '') => attrs.get(`${uri} ${local}`),
  };
}

/** Every element of that local name, in order. */
export function elementsNamed(xml: string, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  eachElement(xml, (e) => {
    if (e.local === local) out.push(e);
  });
  return out;
}
