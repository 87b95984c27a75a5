/**
 * Windows that are not a column of their own, made into one so the long-layout reader reads
 * them like any other (the user's sheet is never changed: a copy of its rows gets one more
 * cell at the right):
 * - visit logs (educators, v2 `"format": "visits"`): each educator's first and last visit by
 *   `dateColumn` are the windows "First visit" and "Last visit"; with `cutDate` (YYYY-MM-DD),
 *   the first visit before it and the last visit on or after it. Visits in between are other
 *   windows (one OTHER_WINDOW note); a row without a date is no window.
 * - flag windows (students, v2 `windows: [{name, flagColumn}]`): a row belongs to the first
 *   window whose flag column says Y ("Baseline Diagnostic (Y/N)", "Most Recent … (Y/N)").
 * Rows keep their Excel rows, so every issue points at the person's own row.
 */
import type { EducatorSheetConfig, StudentSheetConfig, WindowConfig } from '../config';
import type { CellValue, RawTable } from '../types';
import { layoutSheet } from './layout';
import { resolveColumn } from './validate';
import { dateSerial, flagValue, idText, parseDate } from './values';

/** Header of the window column made for a visit log or flag windows. */
export const DERIVED_WINDOW = 'Window (derived)';
export const FIRST_VISIT = 'First visit';
export const LAST_VISIT = 'Last visit';
const OTHER_VISIT = 'Another visit';

/** A copy of the table with `labels[i]` (the window of values[i]) as one more column. */
function withWindowColumn(table: RawTable, headerIndex: number, labels: (string | null)[]) {
  const width = table.values.reduce((m, r) => Math.max(m, r.length), 0);
  const values = table.values.map((row, i) => {
    const out: CellValue[] = [...row];
    while (out.length < width) out.push(null);
    out.push(i === headerIndex ? DERIVED_WINDOW : labels[i]);
    return out;
  });
  return { ...table, values };
}

/** "2024-01-15" as an Excel serial, or NaN. */
function cutSerial(cutDate: string | undefined): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(cutDate ?? '');
  return m ? dateSerial(Number(m[1]), Number(m[2]), Number(m[3])) : NaN;
}

/** Window label per row of a visit log: first / last visit of each educator (see module). */
function visitLabels(table: RawTable, cfg: EducatorSheetConfig): (string | null)[] {
  const layout = layoutSheet(table, cfg.headerRow);
  const labels: (string | null)[] = table.values.map(() => null);
  if (layout.headerIndex < 0) return labels;
  const col = (name: string, f: string) =>
    layout.columns[resolveColumn(layout, name, `${cfg.sheet}.${f}`)];
  const idAt = col(cfg.id, 'id');
  const dateAt = col(cfg.dateColumn ?? '', 'dateColumn');
  const cut = cutSerial(cfg.cutDate);
  const first = new Map<string, { i: number; d: number }>();
  const last = new Map<string, { i: number; d: number }>();
  for (let i = layout.headerIndex + 1; i < table.values.length; i++) {
    const row = table.values[i];
    const id = idText(row[idAt] ?? null);
    const d = parseDate(row[dateAt] ?? null);
    if (!id || !(d > 0)) continue;
    labels[i] = OTHER_VISIT;
    const f = first.get(id);
    if ((!(cut > 0) || d < cut) && (!f || d < f.d)) first.set(id, { i, d });
    const l = last.get(id);
    if ((!(cut > 0) || d >= cut) && (!l || d >= l.d)) last.set(id, { i, d });
  }
  for (const [id, f] of first) {
    const l = last.get(id);
    labels[f.i] = FIRST_VISIT;
    if (l && l.i !== f.i) labels[l.i] = LAST_VISIT;
  }
  for (const [id, l] of last) if (!first.has(id)) labels[l.i] = LAST_VISIT;
  return labels;
}

/** A visit log as a long educator sheet with the windows "First visit" → "Last visit". */
export function visitsAsLong(
  table: RawTable,
  cfg: EducatorSheetConfig,
): { table: RawTable; cfg: EducatorSheetConfig } {
  const layout = layoutSheet(table, cfg.headerRow);
  const out = withWindowColumn(table, layout.headerIndex, visitLabels(table, cfg));
  const windows: WindowConfig[] = [FIRST_VISIT, LAST_VISIT].map((w) => ({ name: w, value: w }));
  const long: EducatorSheetConfig = {
    ...cfg,
    format: 'long',
    windowColumn: DERIVED_WINDOW,
    windows,
    pre: FIRST_VISIT,
    post: LAST_VISIT,
  };
  delete long.dateColumn;
  delete long.cutDate;
  return { table: out, cfg: long };
}

/** Whether a sheet's windows are Y/N flag columns. */
export function hasFlagWindows(cfg: StudentSheetConfig): boolean {
  return (cfg.windows ?? []).some((w) => !!w.flagColumn);
}

/** Flag windows as a window column: a row's window is the first whose flag says Y. */
export function flagsAsLong(
  table: RawTable,
  cfg: StudentSheetConfig,
): { table: RawTable; cfg: StudentSheetConfig } {
  const layout = layoutSheet(table, cfg.headerRow);
  const windows = cfg.windows ?? [];
  const labels: (string | null)[] = table.values.map(() => null);
  if (layout.headerIndex >= 0) {
    const at = windows.map(
      (w, k) =>
        layout.columns[
          resolveColumn(layout, w.flagColumn ?? '', `${cfg.sheet}.windows[${k}].flagColumn`)
        ],
    );
    for (let i = layout.headerIndex + 1; i < table.values.length; i++) {
      const k = at.findIndex((c) => flagValue(table.values[i][c] ?? null) === 'Y');
      labels[i] = k >= 0 ? windows[k].name : null;
    }
  }
  const out = withWindowColumn(table, layout.headerIndex, labels);
  const named = windows.map((w) => ({ name: w.name, value: w.name }));
  return { table: out, cfg: { ...cfg, windowColumn: DERIVED_WINDOW, windows: named } };
}

/** The table and config a sheet is read with: its derived window column when it needs one. */
export function withDerivedWindows<C extends StudentSheetConfig | EducatorSheetConfig>(
  table: RawTable,
  cfg: C,
): { table: RawTable; cfg: C } {
  if ('practice' in cfg && cfg.format === 'visits')
    return visitsAsLong(table, cfg) as { table: RawTable; cfg: C };
  if ('measures' in cfg && hasFlagWindows(cfg))
    return flagsAsLong(table, cfg) as { table: RawTable; cfg: C };
  return { table, cfg };
}

/** Whether a sheet needs all its rows before it can be read (its windows are derived). */
export function needsDerivedWindows(cfg: StudentSheetConfig | EducatorSheetConfig): boolean {
  return 'practice' in cfg ? cfg.format === 'visits' : hasFlagWindows(cfg);
}
