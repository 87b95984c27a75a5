/**
 * A zip made in memory with fflate, for the task pane (a browser has no zlib or file): each part
 * deflated as its pieces come, at level 6 (a slice is small; the command line uses 5) and the
 * command line's date (1980-01-01), so the same parts give a zip that opens the same. The whole
 * zip is held: a slice of a district is a few hundred kilobytes.
 */
import { unzipSync, Zip, ZipDeflate } from 'fflate';
import { type ZipSink, utf8Bytes } from './sink';

/** The command line's zip date (zip.ts ZIP_DATE), so a part's header is the same. */
const ZIP_DATE = new Date(1980, 0, 1);

export class FflateZipSink implements ZipSink {
  private readonly chunks: Uint8Array[] = [];
  private failed: Error | null = null;
  private readonly zip = new Zip((err, chunk) => {
    if (err) this.failed = err;
    else this.chunks.push(chunk);
  });

  constructor(private readonly level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 = 6) {}

  private part(name: string): ZipDeflate {
    const file = new ZipDeflate(name, { level: this.level });
    file.mtime = ZIP_DATE;
    this.zip.add(file);
    return file;
  }

  async add(name: string, bytes: Uint8Array): Promise<void> {
    this.part(name).push(bytes, true);
    this.check();
  }

  async addStream(
    name: string,
    pieces: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  ): Promise<void> {
    const file = this.part(name);
    for await (const piece of pieces) {
      const bytes = typeof piece === 'string' ? utf8Bytes(piece) : piece;
      if (bytes.length) file.push(bytes);
    }
    file.push(new Uint8Array(0), true);
    this.check();
  }

  /** The zip's bytes, once every part is in. */
  finish(): Uint8Array {
    this.zip.end();
    this.check();
    const size = this.chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  private check(): void {
    if (this.failed) throw this.failed;
  }
}

/** Every part of a zip we made ourselves (exceljs's frame): name → bytes, in the zip's order. */
export function unzipParts(bytes: Uint8Array): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(unzipSync(bytes)))
    if (!name.endsWith('/')) out.set(name, data);
  return out;
}
