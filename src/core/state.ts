/**
 * Throughline's state in the workbook: which output sheets it owns (so a re-run replaces only
 * its own sheets, never a person's), and the mapping config a person confirmed.
 *
 * It lives in a very hidden sheet, so it travels with the workbook, works the same in Excel and
 * in .xlsx files, and never leaves the workbook. The name alone does not make a sheet ours:
 * only a sheet listed here, under its key, is. This file holds the state's format; what the
 * state means for a run (which sheets are data, ours, kept; what a run may replace) is
 * decided in workbook-run.ts.
 */
import type { ThroughlineState } from './ports';
import type { RawTable } from './types';

export const STATE_SHEET = 'Throughline State';
const STATE_MARK = 'Throughline state v1 — do not edit';
/** Excel allows 32,767 characters in a cell; stay well below. */
const CHUNK = 30000;

/** The state as cells of column A: a marker, then the JSON in chunks. */
export function stateToCells(state: ThroughlineState): string[][] {
  const json = JSON.stringify(state);
  const rows: string[][] = [[STATE_MARK]];
  for (let i = 0; i < json.length; i += CHUNK) rows.push([json.slice(i, i + CHUNK)]);
  return rows;
}

/** Read the state back from the state sheet's used range; null when it is missing or damaged. */
export function stateFromTable(table: RawTable | null): ThroughlineState | null {
  if (!table || table.values.length === 0) return null;
  if (table.values[0]?.[0] !== STATE_MARK) return null;
  const json = table.values
    .slice(1)
    .map((row) => (typeof row[0] === 'string' ? row[0] : ''))
    .join('');
  try {
    const parsed = JSON.parse(json) as ThroughlineState;
    if (parsed && parsed.version === 1 && Array.isArray(parsed.sheets)) return parsed;
  } catch {
    // A damaged state is treated as none: nothing is then considered ours.
  }
  return null;
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
export function truncateSheetName(name: string, max = 31): string {
  return (
    name
      .replace(/[:\\/?*[\]]/g, '-')
      .slice(0, max)
      .trim() || 'Sheet'
  );
}

/** A cell as the fingerprint reads it: its formula, else its value as text ('' when empty). */
export function fingerprintCellText(c: unknown): string {
  return c === null || c === undefined || c === ''
    ? ''
    : typeof c === 'object' && c && 'formula' in c
      ? String((c as { formula: string }).formula)
      : typeof c === 'number'
        ? String(c)
        : typeof c === 'boolean'
          ? c
            ? 'TRUE'
            : 'FALSE'
          : String(c);
}

/**
 * Fingerprint of a sheet's content as a grid of what Excel's `formulas` property returns:
 * formula text for formula cells, the value otherwise. Empty ("" or null) cells are the same,
 * and trailing empty rows and columns are ignored, so the fingerprint of a plan at render time
 * equals the fingerprint of the sheet read back later unless a person changed something.
 * A 53-bit FNV-style hash: enough to notice an edit, not a security measure.
 */
export function fingerprintGrid(grid: readonly (readonly unknown[])[]): string {
  const rows: string[] = [];
  for (const row of grid) {
    const cells = row.map(fingerprintCellText);
    while (cells.length && cells[cells.length - 1] === '') cells.pop();
    rows.push(cells.join('\u0001'));
  }
  while (rows.length && rows[rows.length - 1] === '') rows.pop();
  const text = rows.join('\u0002');
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return `${h1.toString(16).padStart(8, '0')}${(h2 & 0x1fffff).toString(16).padStart(6, '0')}`;
}
