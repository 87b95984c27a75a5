/**
 * PD logs (config v2 `pd`): a row per educator × PD event (a sign-in sheet, an LMS transcript)
 * with its hours. Hours are summed per educator and, when the log has a focus column, per
 * educator and focus. The sums feed the educator sheets' PD hours (the Impact Chain's
 * figures) where an educator sheet has no PD-hours column of its own.
 *
 * Rows come as a whole table (readDatasets) or in blocks (streaming intake): add them in order,
 * then finish. A row without an ID, or whose hours are not a number ≥ 0, is a data-quality
 * issue and adds nothing.
 */
import type { PdLogConfig } from '../config';
import type { Dataset } from '../dataset';
import type { DataQualityIssue } from '../report';
import type { CellValue, RawTable } from '../types';
import { makeIssue } from '../quality/issues';
import { layoutSheet } from './layout';
import { resolveColumn } from './validate';
import { displayText, idText, parseNumber } from './values';

/** What a PD log adds up to. */
export interface PdTotals {
  sheet: string;
  hoursColumn: string;
  /** Hours per educator ID (IDs as the ID column shows them). */
  hours: Map<string, number>;
  /** Hours per educator ID and focus (empty without a focus column; a blank focus is "(blank)"). */
  byFocus: Map<string, Map<string, number>>;
  /** Rows whose hours were added. */
  rowsUsed: number;
}

interface PdColumns {
  id: number;
  hours: number;
  focus: number | null;
  idHeader: string;
  hoursHeader: string;
  excelHours: number;
  excelId: number;
}

/** Sums one PD log's hours; see the module comment. */
export class PdLogSum {
  private readonly cols: PdColumns | null;
  private readonly totals: PdTotals;
  private readonly headerIndex: number;

  constructor(
    table: RawTable,
    cfg: PdLogConfig,
    private readonly issues: DataQualityIssue[],
    where = 'pd',
  ) {
    const layout = layoutSheet(table, cfg.headerRow);
    this.headerIndex = layout.headerIndex;
    this.totals = {
      sheet: table.sheet,
      hoursColumn: cfg.hours,
      hours: new Map(),
      byFocus: new Map(),
      rowsUsed: 0,
    };
    if (layout.headerIndex < 0) {
      this.cols = null;
      issues.push(...layout.issues);
      return;
    }
    const at = (name: string, field: string) => resolveColumn(layout, name, `${where}.${field}`);
    const id = at(cfg.id, 'id');
    const hours = at(cfg.hours, 'hours');
    const focus = cfg.focus ? at(cfg.focus, 'focus') : null;
    this.cols = {
      id: layout.columns[id],
      hours: layout.columns[hours],
      focus: focus === null ? null : layout.columns[focus],
      idHeader: layout.headers[id],
      hoursHeader: layout.headers[hours],
      excelId: layout.excelColumns[id],
      excelHours: layout.excelColumns[hours],
    };
  }

  /** The table's own data rows (those below its header). */
  addTableRows(table: RawTable): void {
    const start = this.headerIndex + 1;
    this.addRows(table.values.slice(start), table.firstRow + start);
  }

  /** Rows in sheet order; `firstExcelRow` is the Excel row of rows[0]. */
  addRows(rows: CellValue[][], firstExcelRow: number): void {
    if (!this.cols) return;
    rows.forEach((row, k) => this.addRow(row, firstExcelRow + k));
  }

  private addRow(row: CellValue[], excelRow: number): void {
    const c = this.cols!;
    if (row.every((v) => v === null || v === '')) return;
    const sheet = this.totals.sheet;
    const id = idText(row[c.id] ?? null);
    if (!id) {
      const msg = `Row ${excelRow} of the PD log has no educator ID in "${c.idHeader}"; its hours are not counted.`;
      this.issues.push(makeIssue('MISSING_ID', sheet, excelRow, c.idHeader, null, msg, c.excelId));
      return;
    }
    const cell = row[c.hours] ?? null;
    const h = cell === null ? NaN : parseNumber(cell);
    if (!(h >= 0)) {
      const value = cell === null ? null : displayText(cell);
      const why =
        cell === null ? 'no hours' : h < 0 ? 'negative hours' : 'hours that are not a number';
      const msg = `Row ${excelRow} of the PD log has ${why} in "${c.hoursHeader}"; not counted.`;
      const code = h < 0 ? 'NEGATIVE_SCORE' : 'NOT_A_NUMBER';
      this.issues.push(makeIssue(code, sheet, excelRow, c.hoursHeader, value, msg, c.excelHours));
      return;
    }
    const t = this.totals;
    t.hours.set(id, (t.hours.get(id) ?? 0) + h);
    t.rowsUsed++;
    if (c.focus === null) return;
    const focus = displayText(row[c.focus] ?? null).trim() || '(blank)';
    const mine = t.byFocus.get(id) ?? new Map<string, number>();
    mine.set(focus, (mine.get(focus) ?? 0) + h);
    t.byFocus.set(id, mine);
  }

  finish(): PdTotals {
    return this.totals;
  }
}

/** Sum a whole PD log table. */
export function sumPdLog(table: RawTable, cfg: PdLogConfig, issues: DataQualityIssue[]): PdTotals {
  const s = new PdLogSum(table, cfg, issues);
  s.addTableRows(table);
  return s.finish();
}

/**
 * Educator sheets without a PD-hours column take their PD hours from the logs: the sum over
 * every log of the educator's hours; an educator in no log attended none of the logged events
 * (0 hours). Sheets with their own PD-hours column keep it. Changes the datasets in place.
 */
export function applyPdTotals(datasets: Dataset[], logs: PdTotals[]): void {
  if (!logs.length) return;
  const column = logs.map((l) => `${l.sheet}: ${l.hoursColumn} (summed)`).join(' + ');
  for (const ds of datasets) {
    if (ds.population !== 'educators' || ds.pdHours) continue;
    const hours = new Float64Array(ds.size);
    for (let r = 0; r < ds.size; r++)
      hours[r] = logs.reduce((sum, l) => sum + (l.hours.get(ds.ids[r]) ?? 0), 0);
    ds.pdHours = hours;
    ds.pdHoursColumn = column;
  }
}
