/**
 * The cells of one sheet as pieces of Office.js writes, in as few request bytes as the API
 * allows, with the same result as writing every cell:
 * - a *stretch* of one column where every cell is the same (a value, or a formula whose R1C1 text
 *   is the same, like a "Met?" formula on every student's row) is one single-value write: Office.js
 *   applies a single value to every cell of a range (see r1c1.ts for the documentation);
 * - a stretch of empty cells is not written at all: every sheet written here is new and empty;
 * - everything else goes in 2-D blocks of at most `blockBytes` (row blocks of the columns that no
 *   stretch covers), `formulas` where a block holds a formula, else `values`.
 * A stretch is used only where it saves clearly more than the writes it adds; when the stretches
 * save nothing overall, the sheet is written in plain row blocks as before.
 */
import { type PlanCell, isFormulaCell } from '../core/plans/types';
import { CALL_BYTES, type Piece, cellToSend } from './pieces';
import { a1ToR1C1 } from './r1c1';

type Sent = string | number | boolean;

/** A stretch must save this many bytes to get its own write (and the block edges it makes). */
const MIN_SAVED_BYTES = 4 * CALL_BYTES;

/** UTF-8 bytes of a string in JSON, quotes and escapes included (one pass, no copy). */
export function jsonStringBytes(s: string): number {
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x80) n += c === 0x22 || c === 0x5c ? 2 : 1;
    else if (c < 0x20) n += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff)
      n += 6; // a lone surrogate is escaped as \uXXXX
    else n += 3;
  }
  return n;
}

/** One column, rows [from, to) (0-based), every cell the same. */
interface Stretch {
  column: number;
  from: number;
  to: number;
  /** What is sent: the value, or the R1C1 formula. */
  send: Sent;
  r1c1: boolean;
}

/** Rows [from, to) whose columns `open` (0-based, ascending) are written as 2-D blocks. */
interface Band {
  from: number;
  to: number;
  open: number[];
}

/**
 * The sheet as it will be sent, without a copy of it: what each cell sends is made from the
 * plan cell when its block is queued (a copy of a 200,000-row sheet cost more memory than the
 * plan itself). `bytes` holds each cell's JSON bytes, row-major.
 */
interface Grid {
  cells: PlanCell[][];
  rowCount: number;
  columns: number;
  bytes: Uint32Array;
  send: (r: number, c: number) => Sent;
  formulaAt: (r: number, c: number) => boolean;
}

export function valuePieces(
  ws: () => Excel.Worksheet,
  cells: PlanCell[][],
  blockBytes: number,
  renameRefs: (f: string) => string,
): Piece[] {
  const rowCount = cells.length;
  const columns = cells.reduce((m, r) => Math.max(m, r.length), 0);
  if (rowCount === 0 || columns === 0) return [];
  const grid: Grid = {
    cells,
    rowCount,
    columns,
    bytes: new Uint32Array(rowCount * columns),
    send: (r, c) => cellToSend(cells[r][c] ?? null, renameRefs),
    formulaAt: (r, c) => {
      const cell = cells[r][c];
      return cell !== undefined && isFormulaCell(cell);
    },
  };
  const whole: Band[] = [
    { from: 0, to: rowCount, open: Array.from({ length: columns }, (_, c) => c) },
  ];
  const stretches = findStretches(grid, renameRefs);
  if (stretches.length === 0) return blockPieces(ws, grid, whole, blockBytes);
  const compact = [
    ...blockPieces(ws, grid, bands(stretches, rowCount, columns), blockBytes),
    ...stretches.filter((s) => s.send !== '').map((s) => stretchPiece(ws, s)),
  ];
  const size = (ps: Piece[]) => ps.reduce((n, p) => n + p.bytes, 0);
  // Plain row blocks: every byte of the sheet plus a call per block.
  const total = grid.bytes.reduce((n, b) => n + b, 0) + 2 * rowCount;
  const plainSize = total + Math.ceil(total / blockBytes) * CALL_BYTES;
  return size(compact) < plainSize ? compact : blockPieces(ws, grid, whole, blockBytes);
}

/**
 * Each cell's bytes (into `grid.bytes`), and the stretches worth a write of their own, per
 * column in row order. A cell's key says what it sends: "" for an empty cell, the plan's text or
 * number, or a formula's R1C1 text (null when it has none: never part of a stretch).
 */
function findStretches(grid: Grid, renameRefs: (f: string) => string): Stretch[] {
  const { cells, columns, rowCount } = grid;
  const out: Stretch[] = [];
  for (let c = 0; c < columns; c++) {
    // Key and bytes of cell (r, c); the bytes are stored as a side effect.
    const keyAt = (r: number): Sent | null => {
      const cell = cells[r][c];
      let key: Sent | null;
      let bytes: number;
      if (cell === null || cell === undefined || cell === '') {
        key = '';
        bytes = 3;
      } else if (typeof cell === 'string') {
        key = cell;
        bytes = jsonStringBytes(cell) + 2; // the apostrophe and the separator
      } else if (typeof cell === 'number') {
        key = Number.isFinite(cell) ? cell : '';
        bytes = Number.isFinite(cell) ? String(cell).length + 1 : 3;
      } else if (typeof cell === 'boolean') {
        key = cell;
        bytes = cell ? 5 : 6;
      } else {
        const formula = cellToSend(cell, renameRefs) as string;
        key = a1ToR1C1(formula, r + 1, c + 1);
        bytes = jsonStringBytes(formula) + 1;
      }
      grid.bytes[r * columns + c] = bytes;
      return key;
    };
    let r = 0;
    let key = keyAt(0);
    while (r < rowCount) {
      const from = r;
      const formula = grid.formulaAt(from, c);
      const startKey = key;
      let bytes = grid.bytes[r * columns + c];
      r++;
      key = r < rowCount ? keyAt(r) : null;
      if (startKey !== null) {
        while (r < rowCount && key === startKey && grid.formulaAt(r, c) === formula) {
          bytes += grid.bytes[r * columns + c];
          r++;
          key = r < rowCount ? keyAt(r) : null;
        }
      }
      if (startKey === null || r - from < 2) continue;
      const send = formula ? startKey : grid.send(from, c);
      const saved = send === '' ? bytes : bytes - CALL_BYTES - cellBytes(send);
      if (saved >= MIN_SAVED_BYTES) out.push({ column: c, from, to: r, send, r1c1: formula });
    }
  }
  return out;
}

/** UTF-8 bytes of one sent cell in a request's JSON, with its separator. */
function cellBytes(v: Sent): number {
  if (typeof v === 'number') return String(v).length + 1;
  if (typeof v === 'boolean') return v ? 5 : 6;
  return jsonStringBytes(v) + 1;
}

/** Row bands over which the same columns are left to 2-D blocks (stretches cover the rest). */
function bands(stretches: Stretch[], rowCount: number, columns: number): Band[] {
  const byColumn: Stretch[][] = Array.from({ length: columns }, () => []);
  const edges = new Set<number>([0, rowCount]);
  for (const s of stretches) {
    byColumn[s.column].push(s);
    edges.add(s.from);
    edges.add(s.to);
  }
  const starts = [...edges].sort((a, b) => a - b);
  const next = new Array<number>(columns).fill(0);
  const out: Band[] = [];
  for (let i = 0; i + 1 < starts.length; i++) {
    const from = starts[i];
    const open: number[] = [];
    for (let c = 0; c < columns; c++) {
      const list = byColumn[c];
      while (next[c] < list.length && list[next[c]].to <= from) next[c]++;
      const s = list[next[c]];
      if (!(s && s.from <= from)) open.push(c);
    }
    const last = out[out.length - 1];
    if (last && last.open.join() === open.join()) last.to = starts[i + 1];
    else out.push({ from, to: starts[i + 1], open });
  }
  return out;
}

function stretchPiece(ws: () => Excel.Worksheet, s: Stretch): Piece {
  return {
    bytes: CALL_BYTES + cellBytes(s.send),
    enqueue() {
      // One value for the whole range (typed as any[][] in Office.js's typings, but documented).
      const range = ws().getRangeByIndexes(s.from, s.column, s.to - s.from, 1) as unknown as {
        values: unknown;
        formulasR1C1: unknown;
      };
      if (s.r1c1) range.formulasR1C1 = s.send;
      else range.values = s.send;
    },
  };
}

/** 2-D writes of each band's open columns (each run of adjacent columns), in row blocks by bytes. */
function blockPieces(
  ws: () => Excel.Worksheet,
  grid: Grid,
  list: Band[],
  blockBytes: number,
): Piece[] {
  const { cells, formulaAt, columns } = grid;
  const pieces: Piece[] = [];
  for (const band of list) {
    for (const [c0, c1] of adjacentRuns(band.open)) {
      const rowBytes = (r: number) => {
        let n = 2;
        for (let c = c0; c < c1; c++) n += grid.bytes[r * columns + c];
        return n;
      };
      const piece = (from: number, to: number, bytes: number): Piece => ({
        bytes,
        enqueue() {
          const block: Sent[][] = [];
          for (let r = from; r < to; r++) {
            const row: Sent[] = [];
            for (let c = c0; c < c1; c++) row.push(grid.send(r, c));
            block.push(row);
          }
          const range = ws().getRangeByIndexes(from, c0, to - from, c1 - c0);
          let formula = false;
          for (let r = from; r < to && !formula; r++)
            for (let c = c0; c < c1 && !formula; c++) formula = formulaAt(r, c);
          // `formulas` only where needed; both keep the apostrophe-protected text as text.
          if (formula) range.formulas = block;
          else range.values = block;
        },
        fit(room) {
          // As many whole rows as fit in `room`, the rest in a second piece.
          let head = CALL_BYTES;
          let k = from;
          while (k < to && head + rowBytes(k) <= room) head += rowBytes(k++);
          return k === from || k === to
            ? undefined
            : [piece(from, k, head), piece(k, to, bytes - head + CALL_BYTES)];
        },
        split:
          to - from > 1
            ? () => {
                const mid = from + Math.ceil((to - from) / 2);
                let a = CALL_BYTES;
                for (let r = from; r < mid; r++) a += rowBytes(r);
                return [piece(from, mid, a), piece(mid, to, bytes - a + CALL_BYTES)];
              }
            : undefined,
      });
      let start = band.from;
      let size = CALL_BYTES;
      let empty = true;
      const flush = (to: number) => {
        // A block of empty cells changes nothing on a new sheet.
        if (!empty) pieces.push(piece(start, to, size));
        start = to;
        size = CALL_BYTES;
        empty = true;
      };
      for (let r = band.from; r < band.to; r++) {
        const b = rowBytes(r);
        if (r > start && size + b > blockBytes) flush(r);
        size += b;
        if (empty)
          for (let c = c0; c < c1 && empty; c++) {
            const v = cells[r][c];
            empty = v === null || v === undefined || v === '';
          }
      }
      flush(band.to);
    }
  }
  return pieces;
}

/** [[0,1,2,5,6]] → [[0,3],[5,7]]: half-open runs of adjacent column indexes. */
function adjacentRuns(open: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const c of open) {
    const last = out[out.length - 1];
    if (last && last[1] === c) last[1] = c + 1;
    else out.push([c, c + 1]);
  }
  return out;
}
