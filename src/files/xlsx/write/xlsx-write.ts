/**
 * The Node WorkbookTarget: writes a NEW .xlsx holding every input sheet unchanged plus the
 * rendered SheetPlans and the very hidden state sheet. The inputs are never written.
 *
 * exceljs writes the workbook frame, the copied .xlsx sheets, styles, widths, frozen panes and
 * conditional formats; plan cells and CSV copies are written as sheet XML (plan-sheet.ts, fast
 * for 100,000s of rows), and what exceljs cannot write well (Excel tables over existing cells,
 * internal hyperlinks, charts) is added to its zip afterwards by xlsx-parts.ts.
 */
import type ExcelJS from 'exceljs';
import { excelJs } from '../../exceljs';
import type {
  RenderOptions,
  RenderResult,
  ThroughlineState,
  WorkbookTarget,
  OwnedSheet,
} from '../../../core/ports';
import type { SheetPlan } from '../../../core/plans/types';
import { CELL_TEXT_LIMIT, clipCellText } from '../../../core/plans/cell-text';
import { EXCEL_MAX_ROWS, type PlanPart } from '../../../core/plans/split';
import { STATE_SHEET } from '../../../core/state';
import { planWrite, type WritePlan } from '../../../core/workbook-run';
import { InputFileError } from '../../errors';
import type { InputSheet } from '../../source';
import { encodeCellText } from './text';
import { type CsvFileSheet, csvFileSheetPieces } from '../../csv/csv-copy';
import { type XlsxFileSheet, xlsxFileSheetPieces } from './xlsx-copy';
import {
  activateSheet,
  addStateSheet,
  dedupeTableNames,
  renderPlanSheet,
  setStateCells,
} from './plan-book';
import { type SheetExtras, type ValueRows, writeWorkbookParts } from './xlsx-parts';
import { ZipStreamWriter, readZipEntries } from '../../zip/zip';
import { digestStandIn } from '../../fingerprint';
import {
  assertNotAnInput,
  prepareFileAtomically,
  type PreparedFile,
  writeFileAtomically,
} from '../../atomic-write';

export { assertNotAnInput, writeFileAtomically };
export { pageSetup, rectRef } from './plan-book';

/**
 * zlib's level for the workbook's parts. 5, not zlib's default 6: on the 100k workbook's 270 MB
 * of XML, 37% less deflate time (2.8 s against 4.4 s of CPU) for a file 2% bigger (32.66 MB
 * against 32.03 MB); level 4 is 11% bigger, level 1 27% (docs/performance.md, 2026-12-07).
 */
const DEFLATE_LEVEL = 5;

/**
 * A sheet made row by row (Student Targets, Impact Data) this long is fingerprinted as its XML is
 * made, not gone through once more before (at 1M rows, 3 million rows not made twice); the frame
 * is then made again for its state. A shorter one is gone through first: making the frame again
 * costs more there (0.4 s on the example district).
 */
const DEFER_FINGERPRINT_ROWS = 50_000;

/**
 * Once the frame is made again anyway (a sheet of DEFER_FINGERPRINT_ROWS made row by row), every
 * sheet this long is fingerprinted as it is written too: its pass over the rows moves from
 * before the writing, when the other core is idle, to the writing, when the main thread would
 * otherwise wait for deflate (the 100k workbook's Impact sheet: 40 MB of formula text). Not
 * shorter ones: two sheets of like content could share a digest, and the state's strings, once
 * written, cannot lose one (sharedStringsAgain).
 */
const DEFER_ALSO_ROWS = 1_000;

/** Which sheets are fingerprinted as they are written (see DEFER_FINGERPRINT_ROWS). */
function fingerprintedWhenWritten(parts: PlanPart[]): (part: PlanPart) => boolean {
  const again = parts.some((p) => p.made && p.rows >= DEFER_FINGERPRINT_ROWS);
  return (part) =>
    (part.made === true && part.rows >= DEFER_FINGERPRINT_ROWS) ||
    (again && part.rows >= DEFER_ALSO_ROWS);
}

export interface XlsxWriterOptions {
  /** The .xlsx to write. Refused when it is one of the inputs. */
  outPath: string;
  /**
   * Input sheets to copy unchanged, in order (the old state sheet is dropped): read whole, or a
   * CSV copied from its file as it is written (CsvFileSheet: the command line's workbook runs),
   * or a big .xlsx sheet copied values only from its file (XlsxFileSheet, xlsx-copy.ts).
   */
  inputs: (InputSheet | CsvFileSheet | XlsxFileSheet)[];
  /** Paths of every input file, to refuse writing over one. */
  inputFiles: string[];
  /** The state found in the inputs: only sheets listed there may be replaced by a plan. */
  previousState: ThroughlineState | null;
  /** Clock for `writtenAt` (passed in so tests are stable). */
  now?: () => Date;
  /**
   * Rows an Excel sheet holds (1,048,576; tests lower it). A longer plan is continued on more
   * sheets (splitForSheetLimit); a longer CSV input is not copied (a note sheet says where it is).
   */
  maxRows?: number;
  /**
   * The writer may let go of what it has written, so a big run holds only what is still to be
   * written: the array of plans given to `render` is emptied once the sheets are laid out, each
   * sheet's rows are dropped once in the file, and an input sheet read whole gets an empty table
   * in place of its own (the table itself is not changed). For a caller that keeps no other
   * reference to the plans (the command line passes a copy of the array and drops its own).
   */
  consume?: boolean;
  /**
   * When given, the workbook is written to its temporary file and the prepared file is pushed
   * here instead of renamed into place: the caller commits it with its other outputs (or aborts).
   */
  hold?: PreparedFile[];
  /** Told what the person should know about the written workbook (the command line: stderr). */
  onNote?: (message: string) => void;
}

/**
 * Excel turns a CSV cell that is a plain decimal number into a number when it opens the CSV;
 * we do the same so the copied sheet looks as it would in Excel — but only for numbers Excel
 * would keep exactly: no leading zero ("0123" stays text), at most 15 significant digits.
 */
export function csvCellForWorkbook(s: string): string | number {
  // Over Excel's cell limit: cut, with the note saying so in the cell (as plan cells are).
  if (s.length > CELL_TEXT_LIMIT) return clipCellText(s);
  const digits = plainDecimalDigits(s);
  return digits < 0 || digits > 15 ? s : Number(s);
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The significant digits of a plain decimal number (-?(0|[1-9]\d*)(\.\d+)?, leading zeros not
 * counted), or -1 for any other text. A scan of the codes: this runs for every cell of a CSV.
 */
function plainDecimalDigits(s: string): number {
  let i = s.charCodeAt(0) === 45 ? 1 : 0; // '-'
  const first = s.charCodeAt(i);
  if (!isDigit(first)) return -1;
  let significant = 0;
  const digit = (c: number) => {
    if (significant > 0 || c !== 48) significant++;
  };
  digit(first);
  i++;
  if (first !== 48) for (; i < s.length && isDigit(s.charCodeAt(i)); i++) digit(s.charCodeAt(i));
  if (i === s.length) return significant;
  if (s.charCodeAt(i) !== 46 || i + 1 === s.length) return -1; // '.' and at least one digit
  for (i++; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return -1;
    digit(c);
  }
  return significant;
}

export { encodeCellText } from './text';

/** A CSV table's rows as written to the workbook (csvCellForWorkbook on each string), row by row. */
function csvRowsForWorkbook(input: InputSheet): ValueRows {
  const t = input.table;
  return {
    rows: t.values.length,
    // Read through the input sheet, which lets go of its table once written (consume).
    rowAt: (i) =>
      input.table.values[i].map((v) => (typeof v === 'string' ? csvCellForWorkbook(v) : v)),
    firstRow: t.firstRow,
    firstColumn: t.firstColumn,
  };
}

export function createXlsxWriter(options: XlsxWriterOptions): WorkbookTarget {
  assertNotAnInput(options.outPath, options.inputFiles);
  return {
    async render(plans: SheetPlan[], renderOptions: RenderOptions): Promise<RenderResult> {
      const { workbook, extras, result, restate } = buildWorkbook(plans, renderOptions, options);
      if (options.consume) plans.length = 0;
      renderOptions.progress?.('Writing the workbook', 0, 1);
      // exceljs writes the frame (small: our big sheets are probe cells in it); our sheets are
      // streamed into the zip as they are made (xlsx-parts.ts), straight into the file.
      const frame = Buffer.from(await workbook.xlsx.writeBuffer());
      const prepared = await prepareFileAtomically(options.outPath, async (file) => {
        const zip = new ZipStreamWriter(file, DEFLATE_LEVEL);
        try {
          // The frame again with the fingerprints taken while writing: its shared strings.
          const again = restate
            ? async () => {
                restate();
                return readZipEntries(Buffer.from(await workbook.xlsx.writeBuffer()));
              }
            : undefined;
          await writeWorkbookParts(await readZipEntries(frame), extras, zip, again);
          await zip.finish();
        } finally {
          await zip.close();
        }
      });
      // Held for the caller (committed with its other outputs), or renamed into place now.
      if (options.hold) options.hold.push(prepared);
      else await prepared.commit();
      renderOptions.progress?.('Writing the workbook', 1, 1);
      return result;
    },
  };
}

/** Stop before writing when core refuses the write: a person's sheet with our name, a bad plan. */
function refuseIfAsked(write: WritePlan, inputs: XlsxWriterOptions['inputs']): void {
  const r = write.refuse[0];
  if (!r) return;
  if (r.kind === 'state-sheet-taken') {
    const input = inputs.find((s) => s.name === r.sheet)!;
    throw new InputFileError(
      'STATE_SHEET_TAKEN',
      `${input.file} has a sheet of its own named "${input.name}", the name Throughline keeps its state under. Rename that sheet and run again.`,
    );
  }
  if (r.kind === 'bad-plan-name')
    throw new Error(
      `A sheet plan may not be named "${r.sheet}" (the state sheet's name, or another plan's)`,
    );
  throw new Error(
    `The plan "${r.sheet}" would replace a sheet Throughline does not own; resolve output names with resolveSheetNames first`,
  );
}

/** A plan longer than a sheet goes on as "<name> (2)"…: the person is told where. */
function noteSplits(parts: PlanPart[], maxRows: number, onNote?: (message: string) => void): void {
  for (const p of parts) {
    if (p.split?.part === 2)
      onNote?.(
        `"${p.split.sourceName}" has more rows than an Excel sheet holds (${maxRows.toLocaleString('en-US')}): it goes on in ${parts
          .filter((q) => q.split && q.split.sourceName === p.split!.sourceName && q.split.part > 1)
          .map((q) => `"${q.plan.name}"`)
          .join(', ')}, each with the header row; its totals count every sheet.`,
      );
  }
}

/**
 * Lay the workbook out in sheet order: each input copied (a sheet of ours replaced in its place by
 * its new plan), then the new plans, the very hidden state sheet last. exceljs holds the frame;
 * `extras` holds what xlsx-parts writes into its zip afterwards.
 */
function buildWorkbook(
  plans: SheetPlan[],
  renderOptions: RenderOptions,
  options: XlsxWriterOptions,
) {
  const workbook = new (excelJs().Workbook)();
  workbook.calcProperties.fullCalcOnLoad = true;
  const maxRows = options.maxRows ?? EXCEL_MAX_ROWS;
  // What to add, replace and drop is decided in core (workbook-run.ts); this executes it.
  const write = planWrite(plans, options.inputs, options.previousState, { maxRows });
  refuseIfAsked(write, options.inputs);
  const parts = write.parts;
  noteSplits(parts, maxRows, options.onNote);
  const partByName = new Map(
    write.replace.map((n) => [n.toLowerCase(), parts.find((p) => p.plan.name === n)!]),
  );
  const dropped = new Set(
    [...write.dropStale, ...(write.stateSheet ? [write.stateSheet] : [])].map((n) =>
      n.toLowerCase(),
    ),
  );
  const extras: SheetExtras[] = [];
  const sourceBooks = new Set<ExcelJS.Workbook>();
  const written: string[] = [];
  const replaced: string[] = [];
  const owned: OwnedSheet[] = [];
  const writtenAt = (options.now ?? (() => new Date()))().toISOString();
  const rendered = new Set<string>();
  const total = options.inputs.length + parts.length;
  let done = 0;

  // A sheet fingerprinted as it is written (fingerprintedWhenWritten): until then a stand-in of
  // the same length holds its place in the state (`restate` puts the fingerprints in).
  const pending: (() => void)[] = [];
  const whenWritten = fingerprintedWhenWritten(parts);
  const renderPlan = (part: PlanPart) => {
    const { deferred, digest, extra } = renderPlanSheet(workbook, part, {
      deferFingerprint: whenWritten(part),
    });
    // Once in the file, the writer lets go of the sheet's rows (see `consume`).
    if (options.consume)
      extra.release = () => {
        delete extra.planData;
        delete extra.cellAt;
      };
    extras.push(extra);
    const sheet: OwnedSheet = {
      key: part.plan.key,
      name: part.plan.name,
      fingerprint: deferred ? digestStandIn(pending.length) : digest(),
      writtenAt,
    };
    if (deferred) pending.push(() => (sheet.fingerprint = digest()));
    owned.push(sheet);
    rendered.add(part.plan.name.toLowerCase());
    renderOptions.progress?.('Building sheets', ++done, total);
  };

  for (const input of options.inputs) {
    const key = input.name.toLowerCase();
    // Our old state sheet (replaced by the new one below) and continued sheets no longer needed.
    if (dropped.has(key)) continue;
    const part = partByName.get(key);
    if (part) {
      // A sheet of ours: the new plan takes its place in the sheet order.
      renderPlan(part);
      replaced.push(part.plan.name);
      continue;
    }
    const extra = copyInput(workbook, input, { maxRows, options, sourceBooks });
    if (extra) extras.push(extra);
    renderOptions.progress?.('Copying input sheets', ++done, total);
  }
  for (const part of parts) {
    if (rendered.has(part.plan.name.toLowerCase())) continue;
    renderPlan(part);
    written.push(part.plan.name);
  }
  copyDefinedNames(workbook, sourceBooks);
  activateSheet(workbook, parts.find((p) => p.plan.active)?.plan.name);
  dedupeTableNames(extras);
  addStateSheet(workbook, write.newState(renderOptions.state, owned));
  const restate = () => {
    for (const put of pending) put();
    setStateCells(workbook.getWorksheet(STATE_SHEET)!, write.newState(renderOptions.state, owned));
  };
  return {
    workbook,
    extras,
    restate: pending.length ? restate : null,
    result: { written, replaced } satisfies RenderResult,
  };
}

/** The sheet of an input, empty when its cells are written by us: what xlsx-parts adds to it. */
const extraFor = (sheet: string, more: Partial<SheetExtras> = {}): SheetExtras => ({
  sheet,
  tables: [],
  links: [],
  charts: [],
  ...more,
});

/**
 * Copy an input sheet into the workbook, in the way its kind needs: a big .xlsx sheet or a CSV
 * file copied from its file as it is written, a CSV read whole written row by row by us, a sheet
 * read whole copied cell by cell by exceljs (its workbook noted in `sourceBooks`, whose defined
 * names are copied). Returns what xlsx-parts writes for it, if anything.
 */
function copyInput(
  workbook: ExcelJS.Workbook,
  input: XlsxWriterOptions['inputs'][number],
  copy: { maxRows: number; options: XlsxWriterOptions; sourceBooks: Set<ExcelJS.Workbook> },
): SheetExtras | undefined {
  const { maxRows, options } = copy;
  // Excel cannot open a sheet that long: the file stays the data's home, and says so.
  const tooLong = (rows: number) => {
    const message = `${input.file} has ${rows.toLocaleString('en-US')} rows, more than an Excel sheet holds (${maxRows.toLocaleString('en-US')}): the sheet "${input.name}" is not copied into the workbook (the analysis read every row; "Source row" and the Data Quality links count the file's rows).`;
    options.onNote?.(message);
    return message;
  };
  if (input.kind === 'xlsx-file') {
    // A big .xlsx sheet: values only, read from its workbook as it is written (xlsx-copy.ts).
    workbook.addWorksheet(input.name, { state: input.visibility });
    return extraFor(input.name, { sheetPieces: (sst) => xlsxFileSheetPieces(input, sst) });
  }
  if (input.kind === 'csv-file') {
    // An empty sheet here; its XML is read from the file and written as it is read.
    workbook.addWorksheet(input.name);
    return extraFor(input.name, {
      sheetPieces: (sst) => csvFileSheetPieces(input, sst, csvCellForWorkbook, maxRows, tooLong),
    });
  }
  if (input.kind === 'csv') {
    // An empty sheet here; its XML is written directly, row by row (fast for big exports).
    workbook.addWorksheet(input.name);
    const t = input.table;
    const lastRow = t.firstRow + t.values.length - 1;
    if (lastRow > maxRows) {
      const message = tooLong(lastRow);
      return extraFor(input.name, {
        values: { rows: 1, rowAt: () => [message], firstRow: 1, firstColumn: 1 },
      });
    }
    return extraFor(input.name, {
      values: csvRowsForWorkbook(input),
      // The input sheet's table is dropped, not emptied: whoever else holds it keeps it whole.
      ...(options.consume ? { release: () => void (input.table = { ...t, values: [] }) } : {}),
    });
  }
  copyInputSheet(workbook, input);
  const tables = inputTables(input);
  if (input.worksheet) copy.sourceBooks.add(input.worksheet.workbook);
  return tables.length ? extraFor(input.name, { tables }) : undefined;
}

/** Copy an input sheet cell by cell: values, formulas with cached results, styles, layout. */
export function copyInputSheet(workbook: ExcelJS.Workbook, input: InputSheet): ExcelJS.Worksheet {
  const ws = workbook.addWorksheet(input.name, { state: input.visibility });
  const src = input.worksheet;
  if (!src) {
    const t = input.table;
    t.values.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v === null) return;
        const cell = typeof v === 'string' ? csvCellForWorkbook(v) : v;
        ws.getCell(t.firstRow + r, t.firstColumn + c).value =
          typeof cell === 'string' ? encodeCellText(cell) : cell;
      }),
    );
    return ws;
  }
  src.eachRow({ includeEmpty: true }, (row, r) => {
    const target = ws.getRow(r);
    if (row.height) target.height = row.height;
    if (row.hidden) target.hidden = true;
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      const out = ws.getCell(r, c);
      if (!(cell.isMerged && cell.master !== cell)) {
        const v = cell.value as unknown;
        if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) {
          const fv = v as { result?: ExcelJS.CellValue; shareType?: string; ref?: string };
          const formula = cell.formula.replace(/^=/, '');
          out.value = (
            fv.shareType === 'array'
              ? { formula, result: fv.result, shareType: 'array', ref: fv.ref }
              : { formula, result: fv.result }
          ) as ExcelJS.CellValue;
        } else {
          out.value = typeof cell.value === 'string' ? encodeCellText(cell.value) : cell.value;
        }
        if (cell.note) out.note = JSON.parse(JSON.stringify(cell.note)) as ExcelJS.Comment;
      }
      if (cell.style && Object.keys(cell.style).length)
        out.style = JSON.parse(JSON.stringify(cell.style)) as Partial<ExcelJS.Style>;
    });
  });
  src.columns?.forEach((col, i) => {
    const target = ws.getColumn(i + 1);
    if (col.width) target.width = col.width;
    if (col.hidden) target.hidden = true;
  });
  const merges = (src.model as { merges?: string[] }).merges ?? [];
  for (const m of merges) ws.mergeCells(m);
  if (src.views?.length)
    ws.views = JSON.parse(JSON.stringify(src.views)) as ExcelJS.WorksheetView[];
  // Conditional formats and validations travel with the sheet; tables are added by
  // xlsx-parts (inputTables) so structured references such as Scores[score] keep working.
  for (const cf of (
    src as unknown as { conditionalFormattings?: ExcelJS.ConditionalFormattingOptions[] }
  ).conditionalFormattings ?? []) {
    ws.addConditionalFormatting(
      JSON.parse(JSON.stringify(cf)) as ExcelJS.ConditionalFormattingOptions,
    );
  }
  const dv = (src as unknown as { dataValidations?: { model?: Record<string, unknown> } })
    .dataValidations?.model;
  if (dv && Object.keys(dv).length)
    (ws as unknown as { dataValidations: { model: unknown } }).dataValidations.model = JSON.parse(
      JSON.stringify(dv),
    );
  return ws;
}

interface LoadedTable {
  name: string;
  displayName?: string;
  tableRef?: string;
  ref?: string;
  totalsRow?: boolean;
  headerRow?: boolean;
  columns?: { name: string }[];
  style?: { theme?: string };
}

/** The Excel tables of an input sheet, as extras for xlsx-parts (exceljs cannot rewrite them in place). */
function inputTables(input: InputSheet): SheetExtras['tables'] {
  const ws = input.worksheet as unknown as
    { tables?: Record<string, { table?: LoadedTable; model?: LoadedTable }> } | undefined;
  const out: SheetExtras['tables'] = [];
  for (const t of Object.values(ws?.tables ?? {})) {
    const m = t.table ?? t.model;
    const ref = m?.tableRef ?? m?.ref;
    if (!m || !ref || m.headerRow === false) continue;
    const [a, b = a] = ref.split(':');
    const start = parseA1(a);
    const end = parseA1(b);
    if (!start || !end) continue;
    out.push({
      name: m.displayName ?? m.name,
      rect: {
        row: start.row,
        column: start.column,
        rowCount: end.row - start.row + 1,
        columnCount: end.column - start.column + 1,
      },
      style: m.style?.theme,
      headers: (m.columns ?? []).map((c) => c.name),
      totalsRow: Boolean(m.totalsRow),
    });
  }
  return out;
}

function parseA1(ref: string): { row: number; column: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref.trim());
  if (!m) return null;
  let column = 0;
  for (const ch of m[1].toUpperCase()) column = column * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), column };
}

/** Defined names of the input workbooks (formulas may use them); the first of a name wins. */
function copyDefinedNames(workbook: ExcelJS.Workbook, books: Set<ExcelJS.Workbook>): void {
  const seen = new Set<string>();
  const model: { name: string; ranges: string[] }[] = [];
  for (const book of books) {
    for (const n of (
      book.definedNames as unknown as { model: { name: string; ranges: string[] }[] }
    ).model ?? []) {
      if (seen.has(n.name.toLowerCase())) continue;
      seen.add(n.name.toLowerCase());
      model.push(JSON.parse(JSON.stringify(n)) as { name: string; ranges: string[] });
    }
  }
  if (model.length) (workbook.definedNames as unknown as { model: unknown }).model = model;
}
