/** Text as OOXML stores it, shared by every part of the .xlsx we write ourselves. */

// These patterns are about control characters, so the lint rule against them does not apply.
// eslint-disable-next-line no-control-regex
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF]/g;

// eslint-disable-next-line no-control-regex
const NEEDS_ENCODING = /_x[0-9A-Fa-f]{4}_|[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF]/;

// eslint-disable-next-line no-control-regex
const NEEDS_XML_WORK = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF&<>"]/;

/**
 * Cell text as OOXML stores it: characters XML cannot carry (control characters; a carriage
 * return, which XML parsers turn into a line feed) are written as `_xHHHH_`, and text that
 * already looks like such an escape gets its underscore escaped (`_x005F_`), as Excel does.
 * exceljs would otherwise drop them, and a person's text would not come back as written.
 */
export function encodeCellText(s: string): string {
  if (!NEEDS_ENCODING.test(s)) return s; // most cell text: nothing to encode
  return s
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(
      NEEDS_ESCAPE,
      (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
    );
}

// eslint-disable-next-line no-control-regex
const HAS_NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const MARKUP = /[&<>"]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Text for an XML element or attribute: markup escaped, characters XML 1.0 forbids dropped. */
export function xmlText(s: string): string {
  if (!NEEDS_XML_WORK.test(s)) return s; // most cell text: nothing to escape
  // Formulas' quotes: one pass over the text (a sheet has hundreds of thousands of formulas).
  if (!HAS_NOT_IN_XML.test(s)) return s.replace(MARKUP, (c) => ENTITIES[c]);
  return s
    .replace(NOT_IN_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
