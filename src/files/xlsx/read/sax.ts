/**
 * An XML part of an .xlsx run through saxes (the XML parser exceljs itself uses, same version)
 * the way exceljs's parts are read (exceljs 4.4 `utils/parse-sax.js` and `BaseXform.parse`):
 * only open tags, text and close tags (CDATA and comments are not text), element names as
 * written (a prefix such as `x:row` is part of the name), an XML error refuses the part, and
 * reading stops when the handler says the part's root element closed.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';

export type SaxTag = SaxesTagPlain;

export interface SaxHandler {
  open(node: SaxTag): void;
  text(text: string): void;
  /** False when the part is read (its root closed): the rest of it is not looked at. */
  close(name: string): boolean;
}

/**
 * A saxes parser feeding `handler`. An error thrown by the handler is kept in `failure` (the
 * first one; later events are ignored) rather than thrown through saxes; `write` throws it after
 * the chunk, or the XML's error first when the chunk has one (exceljs reads no event of a chunk
 * with an XML error).
 */
export class SaxFeed {
  failure: Error | null = null;
  private xmlError: Error | null = null;
  /** The handler's part is read (or the caller stopped it): later events are ignored. */
  done = false;
  private readonly sax = new SaxesParser();

  constructor(handler: SaxHandler) {
    const sax = this.sax;
    sax.on('error', (err) => {
      this.xmlError ??= err;
    });
    sax.on('opentag', (node) => {
      if (this.done || this.failure) return;
      try {
        handler.open(node);
      } catch (err) {
        this.failure = err as Error;
      }
    });
    sax.on('text', (text) => {
      if (this.done || this.failure) return;
      try {
        handler.text(text);
      } catch (err) {
        this.failure = err as Error;
      }
    });
    sax.on('closetag', (node) => {
      if (this.done || this.failure) return;
      try {
        if (!handler.close(node.name)) this.done = true;
      } catch (err) {
        this.failure = err as Error;
      }
    });
  }

  /** Parse a chunk; throws the first failure of the chunk. */
  write(chunk: string): void {
    this.sax.write(chunk);
    if (this.xmlError) throw this.xmlError;
    if (this.failure) throw this.failure;
  }
}

/** Read a whole part through `handler` (stopping at its root's end); throws the XML's error. */
export async function parsePart(chunks: AsyncIterable<string>, handler: SaxHandler): Promise<void> {
  const feed = new SaxFeed(handler);
  for await (const chunk of chunks) {
    feed.write(chunk);
    if (feed.done) return;
  }
}
