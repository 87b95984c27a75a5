/**
 * Throughline's state in the workbook: which output sheets it owns (so a re-run replaces only
 * its own sheets, never a person's), and the mapping config a person confirmed.
 *
 * It lives in a very hidden sheet, so it travels with the workbook, works the same in Excel and
 * in .xlsx files, and never leaves the workbook. The name alone does not make a sheet ours:
 * only a sheet listed here, under its key, is.
 */
import type { OwnedSheet, ThroughlineState } from './ports';
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

/**
 * Every sheet an earlier run wrote, edited by a person since or not (lower-case names): none of
 * them is ever read as data.
 */
export function writtenSheets(state: ThroughlineState | null): Set<string> {
  return new Set(
    [...(state?.sheets ?? []), ...(state?.kept ?? [])].map((s) => s.name.toLowerCase()),
  );
}

/** Our Suggested Goals sheets (edited or not): read back for what a person typed in "Adopt". */
export function adoptionSheets(state: ThroughlineState | null): string[] {
  return (state?.sheets ?? []).filter((s) => s.key === 'suggested-goals').map((s) => s.name);
}

/**
 * The state for this run: the sheets a person edited leave `sheets` (they are not ours to
 * replace) and join `kept`; kept sheets the workbook no longer has are forgotten.
 * @param edited names of our sheets whose content changed since we wrote them
 * @param existing every sheet name in the workbook now
 */
export function keepEdited(
  state: ThroughlineState,
  edited: readonly string[],
  existing: readonly string[],
): ThroughlineState {
  const gone = (name: string) => !existing.some((e) => e.toLowerCase() === name.toLowerCase());
  const editedSet = new Set(edited);
  const kept = [
    ...(state.kept ?? []).filter((k) => !gone(k.name)),
    ...state.sheets.filter((s) => editedSet.has(s.name)).map((s) => ({ key: s.key, name: s.name })),
  ];
  const next: ThroughlineState = {
    ...state,
    sheets: state.sheets.filter((s) => !editedSet.has(s.name)),
  };
  if (kept.length) next.kept = kept;
  else delete next.kept;
  return next;
}

export interface SheetNameRequest {
  key: string;
  name: string;
}

export interface ResolvedSheetName {
  key: string;
  name: string;
  /** True when a sheet of ours with this key exists and will be replaced. */
  replaces: boolean;
}

/**
 * Decide the final name of each output sheet. A sheet we own under the same key is reused
 * (replaced); a person's sheet that happens to hold the wanted name is left alone and ours
 * becomes "Name (2)", "Name (3)", …. Excel compares sheet names without regard to case.
 */
export function resolveSheetNames(
  wanted: SheetNameRequest[],
  existingSheets: string[],
  state: ThroughlineState | null,
): ResolvedSheetName[] {
  const owned = new Map<string, OwnedSheet>();
  const existing = new Set(existingSheets.map((s) => s.toLowerCase()));
  for (const sheet of state?.sheets ?? []) {
    if (existing.has(sheet.name.toLowerCase())) owned.set(sheet.key, sheet);
  }
  const ownedNames = new Set([...owned.values()].map((s) => s.name.toLowerCase()));
  const taken = new Set<string>();
  for (const name of existing) if (!ownedNames.has(name)) taken.add(name);
  taken.add(STATE_SHEET.toLowerCase());

  const out: ResolvedSheetName[] = [];
  // First keep the names of sheets we own, so another output cannot take them.
  const reserved = new Map<string, string>();
  for (const w of wanted) {
    const mine = owned.get(w.key);
    if (mine) {
      reserved.set(w.key, mine.name);
      taken.add(mine.name.toLowerCase());
    }
  }
  for (const w of wanted) {
    const mine = reserved.get(w.key);
    if (mine) {
      out.push({ key: w.key, name: mine, replaces: true });
      continue;
    }
    let name = truncateSheetName(w.name);
    for (let i = 2; taken.has(name.toLowerCase()); i++) {
      const suffix = ` (${i})`;
      name = truncateSheetName(w.name, 31 - suffix.length) + suffix;
    }
    taken.add(name.toLowerCase());
    out.push({ key: w.key, name, replaces: false });
  }
  return out;
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
