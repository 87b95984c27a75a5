/**
 * validateConfig: a config names sheets and columns by their text; one that names something
 * that is not there (or has a field of the wrong type) is a config error, so it throws a
 * ConfigError that names the missing thing and the closest existing names.
 */
import type { MappingConfig } from '../config';
import { ConfigError } from '../errors';
import { normalizeConfig } from '../options';
import type { RawTable } from '../types';
import { layoutSheet, type SheetLayout } from './layout';
import { closestNames, foldName } from './names';

export type ConfigErrorCode =
  'CONFIG_TYPE' | 'UNKNOWN_SHEET' | 'UNKNOWN_COLUMN' | 'NO_HEADER' | 'LONG_NEEDS_ID';

export { ConfigError };

/** Find a table by sheet name: exact, else the only one equal without regard to case. */
export function findTable(tables: RawTable[], sheet: string, where: string): RawTable {
  const exact = tables.find((t) => t.sheet === sheet);
  if (exact) return exact;
  const ci = tables.filter((t) => t.sheet.toLowerCase() === sheet.toLowerCase());
  if (ci.length === 1) return ci[0];
  const near = closestNames(
    sheet,
    tables.map((t) => t.sheet),
  );
  throw new ConfigError(
    'UNKNOWN_SHEET',
    `${where}: no sheet named "${sheet}".${near.length ? ` Closest: ${near.map((n) => `"${n}"`).join(', ')}.` : ''} Sheets: ${tables.map((t) => `"${t.sheet}"`).join(', ') || '(none)'}.`,
  );
}

/**
 * Resolve a header name to its position in the layout: exact text first, else the only header
 * equal after folding case, spaces and punctuation. Throws ConfigError with the closest names.
 */
export function resolveColumn(layout: SheetLayout, name: string, where: string): number {
  const exact = layout.headers.indexOf(name);
  if (exact >= 0) return exact;
  const f = foldName(name);
  const folded = layout.headers.map((h, i) => (foldName(h) === f ? i : -1)).filter((i) => i >= 0);
  if (folded.length === 1 && f) return folded[0];
  const near = closestNames(name, layout.headers);
  throw new ConfigError(
    'UNKNOWN_COLUMN',
    `${where}: sheet "${layout.sheet}" has no column "${name}" (header row ${layout.headerRow}).${near.length ? ` Closest: ${near.map((n) => `"${n}"`).join(', ')}.` : ''}`,
  );
}

function layoutFor(
  tables: RawTable[],
  sheet: string,
  headerRow: unknown,
  where: string,
): SheetLayout {
  const table = findTable(tables, sheet, where);
  // An empty sheet or one without a header row is a data problem (EMPTY_SHEET / NO_HEADER issues
  // from readDatasets), not a config error: its columns are not checked.
  return layoutSheet(table, headerRow as number | undefined);
}

/**
 * Check a config against the tables: its types and values once (normalizeConfig, which throws
 * ConfigError "…, got X"), then that every sheet and column it names exists (with the closest
 * names when one does not).
 */
export function validateConfig(config: MappingConfig, tables: RawTable[]): void {
  normalizeConfig(config);
  config.students.forEach((s, k) => {
    const where = `students[${k}]`;
    const layout = layoutFor(tables, s.sheet, s.headerRow, where);
    const col = (name: string | null | undefined, field: string) => {
      if (name && layout.headerIndex >= 0) resolveColumn(layout, name, `${where}.${field}`);
    };
    for (const f of ['id', 'team', 'school', 'teacher'] as const) col(s[f], f);
    (s.subgroups ?? []).forEach((g, i) => col(g, `subgroups[${i}]`));
    if (s.format === 'long') {
      for (const f of ['measureColumn', 'windowColumn', 'scoreColumn'] as const) col(s[f], f);
      return;
    }
    s.measures.forEach((m, i) => {
      col(m.pre, `measures[${i}].pre`);
      col(m.post, `measures[${i}].post`);
    });
  });
  (config.educators ?? []).forEach((e, k) => {
    const where = `educators[${k}]`;
    const layout = layoutFor(tables, e.sheet, e.headerRow, where);
    const col = (name: string | null | undefined, field: string) => {
      if (name && layout.headerIndex >= 0) resolveColumn(layout, name, `${where}.${field}`);
    };
    for (const f of ['id', 'team', 'school', 'pdHours'] as const) col(e[f], f);
    e.practice.forEach((p, i) => {
      col(p.pre, `practice[${i}].pre`);
      col(p.post, `practice[${i}].post`);
    });
    if (e.format === 'long') col(e.windowColumn, 'windowColumn');
  });
  if (config.goals !== undefined) findTable(tables, config.goals.sheet, 'goals');
  if (config.template !== undefined) findTable(tables, config.template.sheet, 'template');
}
