/**
 * The slice of Office.js the adapter needs, passed in (the global `Excel` by default) so tests can
 * hand it the strict simulator, plus helpers shared by reading and rendering.
 */

/** What the adapter calls: `Excel.run`. */
export interface ExcelApi {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

export interface ExcelAdapterOptions {
  /** Most bytes per request or response (Excel on the web refuses more than 5 MB). Default 4,000,000. */
  blockBytes?: number;
  /** Clock for `writtenAt` in the state (passed in so tests are stable). */
  now?: () => Date;
  /** Random part of temporary sheet names (passed in so tests are stable). */
  runId?: () => string;
  /** Rows a sheet holds (Excel's 1,048,576; tests lower it): a longer plan goes on in "<name> (2)". */
  maxRows?: number;
}

export const DEFAULT_BLOCK_BYTES = 4_000_000;

/** Excel's answer to a request or response over its size limit. */
export function isPayloadError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /PayloadSizeLimitExceeded|PayloadTooLarge/i.test(code);
}

/** UTF-8 size of a string, without allocating (requests are measured in bytes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function jsonBytes(value: unknown): number {
  return utf8Length(JSON.stringify(value));
}

/** First row and column (1-based) of an address like "Data!B3:D10" or "'My Sheet'!B3". */
export function addressStart(address: string): { row: number; column: number } {
  const local = address.slice(address.lastIndexOf('!') + 1);
  const m = /^\$?([A-Z]{1,3})\$?(\d+)/i.exec(local);
  if (!m) throw new Error(`Excel gave an address the adapter cannot read: ${address}`);
  let column = 0;
  for (const ch of m[1].toUpperCase()) column = column * 26 + ch.charCodeAt(0) - 64;
  return { row: Number(m[2]), column };
}

/** Excel refused the request itself as too large: none of it was applied. */
export function isRequestPayloadError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /RequestPayloadSizeLimitExceeded|PayloadTooLarge/i.test(code);
}
