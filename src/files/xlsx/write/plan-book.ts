/**
 * A workbook of SheetPlans alone, on exceljs: each plan a sheet (its looks as probe cells, widths,
 * frozen panes, print setup, conditional formats, drop-downs), the plan marked active shown on
 * opening, and the very hidden state sheet. The command line's writer (xlsx-write.ts) renders
 * its plans here beside the input sheets it copies; the pane's "Share a slice" builds its whole
 * workbook here (slice-xlsx.ts). No Node, and exceljs's types only (the caller makes the
 * workbook): exceljs's browser build runs it in the pane's worker.
 */
import type ExcelJS from 'exceljs';
import type { OwnedSheet, ThroughlineState } from '../../../core/ports';
import type {
  ConditionalFormat,
  PlanCell,
  PrintPlan,
  Rect,
  SheetPlan,
} from '../../../core/plans/types';
import { isFormulaCell } from '../../../core/plans/types';
import { CELL_TEXT_LIMIT, clipCellText } from '../../../core/plans/cell-text';
import { PRINT_FOOTER, PRINT_HEADER } from '../../../core/plans/print';
import type { PlanPart } from '../../../core/plans/split';
import { STATE_SHEET, stateToCells } from '../../../core/state';
import { planWrite } from '../../../core/workbook-run';
import { cellAddress } from '../../../core/types';
import { GridFingerprint } from '../../fingerprint';
import { addValidations } from './validations';
import { type SheetRows, ValueExtent, applyLook, madeExtent, planLooks } from './plan-sheet';
import { encodeCellText } from './text';
import type { SheetExtras } from './xlsx-parts';

/** What `planBook` makes: the exceljs frame, and what xlsx-parts adds to its zip. */
export interface PlanBook {
  workbook: ExcelJS.Workbook;
  extras: SheetExtras[];
}

/**
 * `workbook` (new and empty) made to hold only `plans` and the state sheet (a shared slice: no
 * input sheet, no earlier state). Plans longer than a sheet are continued on "<name> (2)"… as on
 * the command line. The caller makes the workbook: the command line loads exceljs lazily
 * (files/exceljs.ts), the pane's worker bundles its browser build.
 */
export function planBook(
  workbook: ExcelJS.Workbook,
  plans: SheetPlan[],
  state: ThroughlineState,
  now: Date,
): PlanBook {
  workbook.calcProperties.fullCalcOnLoad = true;
  const write = planWrite(plans, [], null);
  if (write.refuse.length)
    throw new Error(`A sheet plan may not be named "${write.refuse[0].sheet}"`);
  const extras: SheetExtras[] = [];
  const owned: OwnedSheet[] = [];
  for (const part of write.parts) {
    const { digest, extra } = renderPlanSheet(workbook, part);
    extras.push(extra);
    owned.push({
      key: part.plan.key,
      name: part.plan.name,
      fingerprint: digest(),
      writtenAt: now.toISOString(),
    });
  }
  activateSheet(workbook, write.parts.find((p) => p.plan.active)?.plan.name);
  dedupeTableNames(extras);
  addStateSheet(workbook, write.newState(state, owned));
  return { workbook, extras };
}

/** The very hidden state sheet, last: one cell a row (core/state.ts). */
export function addStateSheet(workbook: ExcelJS.Workbook, state: ThroughlineState): void {
  setStateCells(workbook.addWorksheet(STATE_SHEET, { state: 'veryHidden' }), state);
}

/** The state sheet's cells: one a row (core/state.ts). */
export function setStateCells(sheet: ExcelJS.Worksheet, state: ThroughlineState): void {
  stateToCells(state).forEach((row, i) => {
    sheet.getCell(i + 1, 1).value = encodeCellText(row[0]);
  });
}

/** Table names are unique in a workbook: an output table whose name an input already uses gets a suffix. */
export function dedupeTableNames(extras: SheetExtras[]): void {
  const taken = new Set<string>();
  for (const e of extras) {
    for (const t of e.tables) {
      let name = t.name;
      for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${t.name}_${i}`;
      taken.add(name.toLowerCase());
      t.name = name;
    }
  }
}

export function rectRef(rect: Rect): string {
  const a = cellAddress(rect.row, rect.column);
  const b = cellAddress(rect.row + rect.rowCount - 1, rect.column + rect.columnCount - 1);
  return a === b ? a : `${a}:${b}`;
}

const argb = (hex: string) => 'FF' + hex.replace('#', '').toUpperCase();

function conditionalFormat(cf: ConditionalFormat): ExcelJS.ConditionalFormattingOptions {
  const ref = rectRef(cf.rect);
  if (cf.type === 'dataBar') {
    return {
      ref,
      rules: [
        {
          type: 'dataBar',
          priority: 1,
          cfvo: [{ type: 'min' }, { type: 'max' }],
          color: { argb: argb(cf.color) },
        } as unknown as ExcelJS.ConditionalFormattingRule,
      ],
    };
  }
  if (cf.type === 'colorScale') {
    const cfvo = cf.mid
      ? [{ type: 'min' }, { type: 'num', value: cf.mid.value }, { type: 'max' }]
      : [{ type: 'min' }, { type: 'max' }];
    const color = cf.mid
      ? [{ argb: argb(cf.min) }, { argb: argb(cf.mid.color) }, { argb: argb(cf.max) }]
      : [{ argb: argb(cf.min) }, { argb: argb(cf.max) }];
    return {
      ref,
      rules: [
        {
          type: 'colorScale',
          priority: 1,
          cfvo,
          color,
        } as unknown as ExcelJS.ConditionalFormattingRule,
      ],
    };
  }
  // The text is a string literal inside the rule's formula: quotes doubled, so it stays text.
  const literal = `"${cf.text.replace(/"/g, '""')}"`;
  return {
    ref,
    rules: [
      {
        type: 'cellIs',
        operator: 'equal',
        priority: 1,
        formulae: [literal],
        style: {
          fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(cf.fill) } },
          ...(cf.fontColor ? { font: { color: { argb: argb(cf.fontColor) } } } : {}),
        },
      } as ExcelJS.ConditionalFormattingRule,
    ],
  };
}

/** exceljs's page setup of a plan's print settings (fit to pages, print title rows). */
export function pageSetup(print: PrintPlan): Partial<ExcelJS.PageSetup> {
  const fit = print.fitWidth !== undefined || print.fitHeight !== undefined;
  return {
    orientation: print.orientation,
    ...(fit
      ? { fitToPage: true, fitToWidth: print.fitWidth ?? 0, fitToHeight: print.fitHeight ?? 0 }
      : {}),
    ...(print.titleRows
      ? { printTitlesRow: `${print.titleRows.first}:${print.titleRows.last}` }
      : {}),
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
}

/** Make the plan marked active the sheet shown on opening (and the only selected tab). */
export function activateSheet(workbook: ExcelJS.Workbook, name: string | undefined): void {
  if (!name) return;
  const sheets = workbook.worksheets;
  const index = sheets.findIndex((ws) => ws.name === name);
  if (index < 0) return;
  for (const ws of sheets) {
    const selected = ws.name === name;
    const views = ws.views.length ? ws.views : [{}];
    ws.views = views.map((v) => ({ ...v, tabSelected: selected })) as ExcelJS.WorksheetView[];
  }
  workbook.views = [
    {
      x: 0,
      y: 0,
      width: 28800,
      height: 17600,
      firstSheet: 0,
      activeTab: index,
      visibility: 'visible',
    },
  ];
}

/**
 * One pass over a sheet's rows for the width, the cells' extent (the dimension written before
 * the rows) and, unless it is taken as the sheet is written, the fingerprint (what a later run
 * compares to find edits).
 */
function heldShape(
  rows: number,
  rowAt: (i: number) => PlanCell[],
  fingerprint: GridFingerprint | null,
) {
  const values = new ValueExtent();
  let width = 0;
  for (let i = 0; i < rows; i++) {
    const row = rowAt(i);
    if (row.length > width) width = row.length;
    fingerprint?.add(row);
    values.add(i + 1, row);
  }
  return { width, values };
}

/** The width and extent of made rows, each as wide as the first, from a few of them. */
function madeShape(part: PlanPart, rowAt: (i: number) => PlanCell[]) {
  const width = part.rows ? rowAt(0).length : 0;
  return { width, values: madeExtent(part.rows, rowAt, part.valueColumns ?? width) };
}

/**
 * Render one plan (or part of one) into a new worksheet; returns its fingerprint and the zip
 * extras. With `deferFingerprint`, its fingerprint is taken as its XML is made (`deferred`;
 * `digest()` once the sheet is written): a sheet whose rows are made when asked for
 * (PlanPart.made) is not gone through first at all (its width and extent from a few rows), a held
 * one only for its width and extent.
 */
export function renderPlanSheet(
  workbook: ExcelJS.Workbook,
  part: PlanPart,
  options: { deferFingerprint?: boolean } = {},
): { deferred: boolean; digest: () => string; extra: SheetExtras } {
  const plan = part.plan;
  const ws = workbook.addWorksheet(
    plan.name,
    plan.tabColor ? { properties: { tabColor: { argb: argb(plan.tabColor) } } } : {},
  );
  // Text over Excel's cell limit is cut with a note saying so (a file Excel could not open
  // otherwise). Rows are copied only where something changes (a plan can have 2 million rows).
  let anyClipped = false;
  const clipped = (row: PlanCell[]): PlanCell[] => {
    // A loop, not row.some: this runs for every row of the first pass over a sheet.
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === 'string' && v.length > CELL_TEXT_LIMIT) {
        anyClipped = true;
        return row.map((x) => (typeof x === 'string' ? clipCellText(x) : x));
      }
    }
    return row;
  };
  // An Excel table needs unique, non-empty text headers; Excel itself renames duplicates so.
  const changedRows = new Map<number, PlanCell[]>();
  const rowAt = (i: number): PlanCell[] => changedRows.get(i) ?? clipped(part.rowAt(i));
  for (const t of plan.tables ?? []) {
    const r0 = t.rect.row - 1;
    if (r0 >= part.rows) continue;
    const row = rowAt(r0).slice();
    const seen = new Set<string>();
    for (let c = 0; c < t.rect.columnCount; c++) {
      const c0 = t.rect.column - 1 + c;
      const v = row[c0];
      let name = v === null || v === undefined || isFormulaCell(v) ? '' : String(v);
      if (!name) name = `Column${c + 1}`;
      let unique = name;
      for (let i = 2; seen.has(unique.toLowerCase()); i++) unique = `${name}${i}`;
      seen.add(unique.toLowerCase());
      if (unique !== v) row[c0] = unique;
    }
    changedRows.set(r0, row);
  }
  const defer = options.deferFingerprint === true;
  const fingerprint = new GridFingerprint();
  const { width, values } =
    defer && part.made
      ? madeShape(part, rowAt)
      : heldShape(part.rows, rowAt, defer ? null : fingerprint);
  // The XML's pass looks for text to clip only if a pass over every row found some (a row is
  // made the same way each time it is asked for).
  const rowAgain =
    defer || anyClipped ? rowAt : (i: number): PlanCell[] => changedRows.get(i) ?? part.rowAt(i);
  const sheet: SheetRows = {
    rows: part.rows,
    rowAt: rowAgain,
    values,
    ...(defer ? { fingerprint } : {}),
  };
  const cellAt = (row: number, column: number): PlanCell =>
    row >= 1 && row <= part.rows ? (rowAgain(row - 1)[column - 1] ?? null) : null;
  // Probe cells register each distinct look in styles.xml; the real cells are written as
  // XML by planSheetData (see plan-sheet.ts), which replaces the probes' <sheetData>.
  const looks = planLooks(plan, part.rows, width);
  for (let id = 1; id < looks.looks.length; id++) {
    const probe = ws.getCell(id, 1);
    probe.value = 0;
    applyLook(probe, looks.looks[id]);
  }
  plan.columnWidths?.forEach((w, i) => {
    if (w !== undefined) ws.getColumn(i + 1).width = w;
  });
  if (plan.freeze && (plan.freeze.rows > 0 || plan.freeze.columns > 0)) {
    ws.views = [{ state: 'frozen', xSplit: plan.freeze.columns, ySplit: plan.freeze.rows }];
  }
  if (plan.print) {
    ws.pageSetup = pageSetup(plan.print);
    ws.headerFooter = { oddHeader: PRINT_HEADER, oddFooter: PRINT_FOOTER };
  }
  for (const cf of plan.conditionalFormats ?? [])
    ws.addConditionalFormatting(conditionalFormat(cf));
  addValidations(ws, plan.validations);
  return {
    deferred: defer,
    digest: () => fingerprint.digest(),
    extra: {
      sheet: plan.name,
      tables: (plan.tables ?? []).map((t) => ({
        ...t,
        headers: Array.from({ length: t.rect.columnCount }, (_, c) =>
          String(cellAt(t.rect.row, t.rect.column + c)),
        ),
      })),
      links: plan.links ?? [],
      charts: plan.charts ?? [],
      drawing: plan.drawing,
      cellAt,
      planData: { probes: looks.looks.length - 1, looks, sheet, widths: plan.columnWidths },
    },
  };
}
