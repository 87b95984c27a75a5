/**
 * An .xlsx sheet as a SheetStream (core/sources.ts): its first rows read for the mapping, then
 * the rest streamed into the intake in blocks, every row with its Excel row number, blank rows
 * included, exactly as the whole-workbook reader's table holds them (xlsx-read.ts
 * `worksheetTable`): the table starts at the first row and column holding a value, a merged
 * range keeps its value in its top-left cell only, trailing blank rows are not rows.
 *
 * Two things the whole reader sees before the first row and a stream sees only at the end are
 * checked when the sheet has been read: a value further left than the head's first column, and
 * a merged range (merges follow the rows in the sheet's XML) whose other cells held values
 * (Excel empties them; LibreOffice can keep them). Then the sheet knows its true extent and
 * merges, and the read starts again from the top (`retry`): the result is the whole reader's,
 * at the cost of one more pass in those rare cases. (Which columns held values after the head
 * is kept as 4 bytes a row for that check.)
 * Rows out of order in the XML (never written by Excel) cannot be streamed: NotStreamableError.
 */
import type { CellValue, DateCells, RawTable } from '../../../core/types';
import type { SheetHead, SheetStream } from '../../../core/sources';
import {
  buildTable,
  dropMergeSlaves,
  isMergeSlave,
  MergeIndex,
  type MergeRange,
  type ReadRow,
  type XlsxBook,
  type XlsxSheetPart,
} from './xlsx-stream';

/** Rows handed to the intake at a time. */
const BLOCK_ROWS = 4096;

/** The workbook cannot be streamed (rows out of order): read it whole instead. */
export class NotStreamableError extends Error {
  constructor(
    readonly file: string,
    readonly sheet: string,
    why: string,
  ) {
    super(`${file}, sheet "${sheet}": ${why}`);
    this.name = 'NotStreamableError';
  }
}

/** A sheet learnt its extent or merges while streaming: read again from the top. */
class SheetExtentLearnt extends Error {
  constructor(readonly stream: XlsxSheetStream) {
    super(`sheet "${stream.part.name}" is read again with its merged cells and extent known`);
    this.name = 'SheetExtentLearnt';
  }
}

export class XlsxSheetStream implements SheetStream {
  readonly label: string;
  /** Learnt from an earlier pass: the sheet's first column and its merged ranges. */
  private knownFirstColumn: number | undefined;
  private knownMerges: MergeRange[] | null = null;
  /** The head of the current attempt. */
  private head_: { table: RawTable; lastRow: number } | null = null;

  constructor(
    readonly book: XlsxBook,
    readonly part: XlsxSheetPart,
  ) {
    this.label = `${book.file} (sheet "${part.name}")`;
  }

  retry(err: unknown): boolean {
    return err instanceof SheetExtentLearnt && err.stream === this;
  }

  async whole(): Promise<RawTable> {
    return this.book.readTable(this.part);
  }

  async head(limit: number): Promise<SheetHead> {
    const merges = new MergeIndex(this.knownMerges ?? []);
    const rows = new Map<number, ReadRow>();
    let firstRow = 0;
    let lastRow = 0;
    let ordered = true;
    const scan = await this.book.scan(this.part, (r, cols, vals, dated) => {
      if (r <= lastRow) ordered = false;
      dropMergeSlaves(merges, r, cols, vals);
      if (cols.length === 0) return;
      if (firstRow === 0 || r < firstRow) firstRow = r;
      if (ordered && r >= firstRow + limit) return false; // a row beyond the head exists
      if (!ordered && rows.size >= limit)
        throw new NotStreamableError(this.book.file, this.part.name, 'its rows are out of order');
      rows.set(r, { cols, vals, dated }); // a repeated row replaces the earlier one, as in exceljs
      lastRow = Math.max(lastRow, r);
    });
    if (!scan.stopped) {
      // Read to the end: the merges are known, the head is the whole sheet.
      const table = buildTable(this.part, rows, scan.merges, undefined);
      this.head_ = { table, lastRow: Infinity };
      return { table, complete: true };
    }
    const table = buildTable(this.part, rows, this.knownMerges ?? [], this.knownFirstColumn);
    this.head_ = { table, lastRow };
    // Rows expected: the sheet's XML size over the bytes read for the head's rows.
    const headRows = lastRow - firstRow + 1;
    const expectedRows =
      scan.bytesRead > 0
        ? Math.ceil((this.part.entry.uncompressedSize / scan.bytesRead) * headRows * 1.02)
        : undefined;
    return {
      table,
      complete: false,
      expectedRows: Number.isFinite(expectedRows) ? expectedRows : undefined,
    };
  }

  async rest(
    push: (rows: CellValue[][], firstExcelRow: number, dates?: DateCells) => void,
  ): Promise<void> {
    const head = this.head_;
    if (!head) throw new Error('XlsxSheetStream.rest: head() first');
    const { table, lastRow } = head;
    const known = this.knownMerges ? new MergeIndex(this.knownMerges) : null;
    const firstColumn = table.firstColumn;
    let block: CellValue[][] = [];
    let blockDates: DateCells = new Map();
    let blockStart = 0;
    let next = lastRow + 1; // the Excel row the next pushed row has
    let prev = lastRow;
    let furthestLeft = firstColumn;
    // Which columns held a value in each row after the head (bit k: column firstColumn + k; bit
    // 31: a column further right), to tell at the end whether a merged range hid a value.
    let held = new Uint32Array(1024);
    const flush = () => {
      if (block.length) push(block, blockStart, blockDates.size ? blockDates : undefined);
      block = [];
      blockDates = new Map();
    };
    const add = (row: CellValue[], r: number, dated: number[] = []) => {
      if (block.length === 0) blockStart = r;
      if (dated.length)
        blockDates.set(
          block.length,
          dated.map((c) => c - firstColumn),
        );
      block.push(row);
      if (block.length >= BLOCK_ROWS) flush();
    };
    const scan = await this.book.scan(this.part, (r, cols, vals, dated) => {
      if (r <= lastRow) {
        if (r <= prev && prev > lastRow)
          throw new NotStreamableError(this.book.file, this.part.name, 'its rows are out of order');
        return;
      }
      if (r <= prev)
        throw new NotStreamableError(this.book.file, this.part.name, 'its rows are out of order');
      prev = r;
      if (known) dropMergeSlaves(known, r, cols, vals);
      if (cols.length === 0) return; // blank rows are pushed before the next row with a value
      if (cols[0] < firstColumn) {
        furthestLeft = Math.min(furthestLeft, cols[0]);
        return; // the sheet is read again with its true first column
      }
      if (furthestLeft < firstColumn) return;
      const at = r - lastRow - 1;
      if (at >= held.length) {
        const grown = new Uint32Array(Math.max(at + 1, held.length * 2));
        grown.set(held);
        held = grown;
      }
      let bits = 0;
      for (const c of cols) bits |= c - firstColumn < 31 ? 1 << (c - firstColumn) : 1 << 31;
      held[at] = bits;
      for (; next < r; next++) add([], next);
      const line = new Array<CellValue>(cols[cols.length - 1] - firstColumn + 1).fill(null);
      for (let k = 0; k < cols.length; k++) line[cols[k] - firstColumn] = vals[k];
      add(
        line,
        r,
        dated.filter((c) => cols.includes(c)),
      );
      next = r + 1;
    });
    flush();
    let learnt = false;
    if (furthestLeft < firstColumn) {
      this.knownFirstColumn = furthestLeft;
      learnt = true;
    }
    if (!known && scan.merges.length) {
      // A merged range whose other cells held values was read without its merge: read again.
      const head0 = table.firstRow;
      const heldValue = (r: number, c: number): boolean => {
        if (r <= lastRow) return (table.values[r - head0]?.[c - firstColumn] ?? null) !== null;
        const k = c - firstColumn;
        const bits = held[r - lastRow - 1] ?? 0;
        return k < 0 ? false : k < 31 ? (bits & (1 << k)) !== 0 : (bits & (1 << 31)) !== 0;
      };
      const matters = scan.merges.some((m) => {
        for (let r = m.top; r <= m.bottom; r++)
          for (let c = m.left; c <= m.right; c++)
            if (isMergeSlave([m], r, c) && heldValue(r, c)) return true;
        return false;
      });
      this.knownMerges = scan.merges;
      // Merges below the first row are the reader's to know (team cells filled, scores
      // reported) from the first data row on: read again with them known.
      if (matters || scan.merges.some((m) => m.top > table.firstRow)) learnt = true;
    }
    if (learnt) throw new SheetExtentLearnt(this);
  }
}
