/**
 * Where a written workbook's parts go, one by one: the command line's zip (fflate and zlib)
 * streamed into a file (zip.ts `ZipStreamWriter`), or the pane's zip on fflate held in memory
 * (fflate-sink.ts). No Node types here, so the writer's parts (xlsx-parts.ts) build in a browser.
 */
export interface ZipSink {
  /** A part from its bytes. */
  add(name: string, bytes: Uint8Array): Promise<void>;
  /**
   * A part whose text comes in pieces (strings or bytes), never held whole by the sink. A piece's
   * bytes are the sink's once yielded (the command line's sink moves them to its zip worker): a
   * producer makes a new buffer for its next piece, never writes into one it gave.
   */
  addStream(
    name: string,
    pieces: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  ): Promise<void>;
}

/** UTF-8 of a part's text, and back (Buffer in Node gives the same bytes). */
const encoder = new TextEncoder();
const decoder = new TextDecoder();
export const utf8Bytes = (text: string): Uint8Array => encoder.encode(text);
export const utf8Text = (bytes: Uint8Array): string => decoder.decode(bytes);
