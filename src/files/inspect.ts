/**
 * Check an input file before any parser sees it: it exists, it is not too big, it really is a
 * spreadsheet of the kind its name says, and an .xlsx is not a zip bomb. Every refusal says
 * what is wrong and what to do, so the command line can print it as it is.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { InputFileError } from './errors';
import {
  EntryTooLargeError,
  hasZipSignature,
  openZip,
  type ZipEntryInfo,
  type ZipFile,
} from './zip/zip';

export interface FileLimits {
  /** Largest input file in bytes (default 500 MB; `--max-size` on the command line). */
  maxBytes?: number;
  /** Largest total uncompressed size of an .xlsx (default 1 GB). */
  maxUncompressedBytes?: number;
  /** Largest compression ratio of one big entry of an .xlsx (default 100). */
  maxCompressionRatio?: number;
}

export const DEFAULT_MAX_BYTES = 500 * 1024 * 1024;
export const DEFAULT_MAX_UNCOMPRESSED = 1024 * 1024 * 1024;
export const DEFAULT_MAX_RATIO = 100;
/**
 * Small parts (styles, a short sheet) legitimately compress far better than 100:1; the ratio
 * test applies to entries that inflate to more than this.
 */
const RATIO_MIN_ENTRY = 10 * 1024 * 1024;

export type InputKind = 'xlsx' | 'csv';

export interface CheckedFile {
  path: string;
  kind: InputKind;
  bytes: Buffer;
}

const MB = 1024 * 1024;
const fmtMb = (n: number) => `${(n / MB).toFixed(n < 10 * MB ? 1 : 0)} MB`;

/** The kind an input's name says it is, or an error naming the kinds we read. */
export function inputKind(file: string): InputKind {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.csv') return 'csv';
  if (ext === '.xls') {
    throw new InputFileError(
      'UNSUPPORTED_TYPE',
      `${file} is an old .xls workbook. Open it in Excel and save it as .xlsx (Excel Workbook), then run again.`,
    );
  }
  throw new InputFileError(
    'UNSUPPORTED_TYPE',
    `${file}: Throughline reads .xlsx workbooks and .csv files. Save the data as one of those and run again.`,
  );
}

/** The file's stat, after checking that it exists, is a file and is within `maxBytes`. */
async function statWithinLimit(file: string, maxBytes: number) {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new InputFileError(
      'FILE_NOT_FOUND',
      `${file} was not found. Check the path (it is relative to ${process.cwd()}).`,
    );
  }
  if (!stat.isFile())
    throw new InputFileError(
      'NOT_A_FILE',
      `${file} is not a file. Give the path of an .xlsx or .csv file.`,
    );
  if (stat.size > maxBytes) {
    throw new InputFileError(
      'FILE_TOO_LARGE',
      `${file} is ${fmtMb(stat.size)}, over the limit of ${fmtMb(maxBytes)}. Raise the limit with --max-size ${Math.ceil(stat.size / MB)} if the file is what you expect.`,
    );
  }
  return stat;
}

/** Read and check one input file; the bytes are returned so the file is read only once. */
export async function readCheckedFile(file: string, limits: FileLimits = {}): Promise<CheckedFile> {
  const kind = inputKind(file);
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  await statWithinLimit(file, maxBytes);
  const bytes = await fs.readFile(file);
  if (kind === 'xlsx') await checkXlsxBytes(file, bytes, limits);
  else checkCsvBytes(file, bytes);
  return { path: file, kind, bytes };
}

/**
 * Check a CSV input without reading it whole (the streaming path): it exists, is within
 * `maxBytes`, and its first megabyte is text (checkCsvBytes).
 */
export async function checkCsvFile(file: string, limits: FileLimits = {}): Promise<void> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const stat = await statWithinLimit(file, maxBytes);
  const fh = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(stat.size, MB));
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    checkCsvBytes(file, head.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

/** A CSV must be text: a NUL byte means a binary file (an .xlsx renamed, an image, …). */
export function checkCsvBytes(file: string, bytes: Buffer): void {
  if (hasZipSignature(bytes)) {
    throw new InputFileError(
      'NOT_A_SPREADSHEET',
      `${file} is named .csv but is a zip file (perhaps an .xlsx workbook). Rename it to .xlsx or export it as CSV.`,
    );
  }
  const probe = bytes.subarray(0, 1024 * 1024);
  if (probe.includes(0)) {
    throw new InputFileError(
      'NOT_A_SPREADSHEET',
      `${file} is not a text CSV file (it holds binary data; UTF-16 text also shows this). Export the data as "CSV UTF-8 (comma delimited)" and run again.`,
    );
  }
}

/**
 * An .xlsx must be a zip whose directory is sane: total uncompressed size and the ratio of big
 * entries within limits. Then the sheet parts are inflated into a counter (nothing kept), so a
 * zip whose directory understates its sizes is caught too, before exceljs holds any of it.
 */
export async function checkXlsxBytes(
  file: string,
  bytes: Buffer,
  limits: FileLimits = {},
): Promise<void> {
  if (!hasZipSignature(bytes)) throw notXlsx(file, bytes);
  await (await checkedZip(file, bytes, limits)).close();
}

/**
 * The checks of `checkXlsxBytes` on a file that is not read whole (the streaming path): within
 * `maxBytes`, a zip, a sane directory, and every part inflated into a counter (nothing kept).
 * Returns the open zip for reading; the caller closes it.
 */
export async function checkXlsxFile(file: string, limits: FileLimits = {}): Promise<ZipFile> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  await statWithinLimit(file, maxBytes);
  const fh = await fs.open(file, 'r');
  let head: Buffer;
  try {
    head = Buffer.alloc(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    head = head.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  if (!hasZipSignature(head)) throw notXlsx(file, head);
  return checkedZip(file, file, limits);
}

/** The zip opened, its directory checked and every part inflated into a counter; left open. */
async function checkedZip(
  file: string,
  source: string | Buffer,
  limits: FileLimits,
): Promise<ZipFile> {
  const zip = await openZip(source, file);
  try {
    await checkXlsxEntries(file, zip.entries, limits, async (e) => {
      let total = 0;
      try {
        for await (const chunk of zip.chunks(e)) total += chunk.length;
      } catch (err) {
        if (err instanceof EntryTooLargeError) return e.uncompressedSize + 1;
        throw err;
      }
      return total;
    });
  } catch (err) {
    await zip.close();
    throw err;
  }
  return zip;
}

/** An OLE compound file (D0 CF 11 E0): an old .xls, or an .xlsx saved with a password. */
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

function notXlsx(file: string, head: Buffer): InputFileError {
  // Excel saves a password-protected .xlsx as an OLE file with an "EncryptionInfo" stream; its
  // name is not in the first bytes, so any OLE file named .xlsx is told it may be one.
  if (head.subarray(0, 4).equals(OLE_SIGNATURE))
    return new InputFileError(
      'ENCRYPTED_OR_XLS',
      `${file} is password-protected (encrypted) or an old .xls saved as .xlsx. Open it in Excel, remove the password (File > Info > Protect Workbook), save it as .xlsx, then run again.`,
    );
  return new InputFileError(
    'NOT_A_SPREADSHEET',
    `${file} is not an .xlsx workbook (it does not start like one). If it is a CSV or an old .xls file, give it the right extension or save it from Excel as .xlsx.`,
  );
}

/** Directory checks (a workbook, sizes and ratios within limits), then each part inflated. */
async function checkXlsxEntries(
  file: string,
  entries: ZipEntryInfo[],
  limits: FileLimits,
  inflatedSize: (e: ZipEntryInfo) => Promise<number>,
): Promise<void> {
  const maxTotal = limits.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED;
  const maxRatio = limits.maxCompressionRatio ?? DEFAULT_MAX_RATIO;
  const word = entries.some((e) => e.name.startsWith('word/'));
  const slides = entries.some((e) => e.name.startsWith('ppt/'));
  if (
    !entries.some((e) => e.name === '[Content_Types].xml') ||
    ((word || slides) && !entries.some((e) => e.name === 'xl/workbook.xml'))
  ) {
    if (word || slides)
      throw new InputFileError(
        'NOT_A_SPREADSHEET',
        `${file} is a ${word ? 'Word document' : 'PowerPoint file'} named .xlsx, not an Excel workbook. Give the workbook that holds the data.`,
      );
    throw new InputFileError(
      'NOT_A_SPREADSHEET',
      `${file} is a zip file but not an Excel workbook. Open it in Excel and save it as .xlsx.`,
    );
  }
  const bomb = (why: string) =>
    new InputFileError(
      'ZIP_BOMB',
      `${file} was refused: ${why}. This is how a "zip bomb" looks; if the file is genuine, save it again from Excel or export the sheets as CSV.`,
    );
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (total > maxTotal) throw bomb(`it would expand to more than ${fmtMb(maxTotal)}`);
    if (
      e.uncompressedSize > RATIO_MIN_ENTRY &&
      e.uncompressedSize > maxRatio * Math.max(1, e.compressedSize)
    ) {
      throw bomb(
        `its part ${e.name} expands ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))} times (limit ${maxRatio})`,
      );
    }
  }
  for (const e of entries) {
    if (e.method !== 8) continue;
    const actual = await inflatedSize(e).catch(() => {
      throw new InputFileError(
        'BROKEN_ZIP',
        `${file}: the part ${e.name} is damaged. Open the file in Excel and save it again as .xlsx.`,
      );
    });
    if (actual > e.uncompressedSize)
      throw bomb(`its part ${e.name} expands to more than its directory says`);
  }
}
