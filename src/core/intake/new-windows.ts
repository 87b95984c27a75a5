/**
 * A kept mapping meets a new window (issue 19: "a new window pasted into the data updates it on
 * the next run"). A mapping saved by an earlier run names the columns that existed then: mid-year
 * a measure runs Fall → Winter. When the spring scores are pasted in beside them, detection sees
 * the measure's windows Fall, Winter, Spring; the kept mapping is extended with the new windows,
 * and its post moves to the latest, as a mapping detected afresh would have it.
 *
 * Only a wide measure whose windows (its pre and post columns, or its window list) are the first
 * windows detection finds for it, in order, with its post at the last of them, is extended: a
 * mapping a person set otherwise (pre and post chosen out of more windows, another post) is
 * theirs and stays as it is. Nothing else of the mapping changes.
 */
import type {
  EducatorSheetConfig,
  MappingConfig,
  MeasureConfig,
  PracticeConfig,
  StudentSheetConfig,
} from '../config';
import { makeIssue } from '../quality/issues';
import type { DataQualityIssue } from '../report';
import type { RawTable } from '../types';
import { detectConfig } from './detect';

type WideMeasure = MeasureConfig | PracticeConfig;
/** A wide window: its name and its column. */
type ColumnWindow = { name: string; column: string };

const same = (a: string | undefined, b: string | undefined) =>
  (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();

/** A wide measure's windows as (name, column) in order; null when it is not wide by columns. */
function columnsOf(m: WideMeasure): ColumnWindow[] | null {
  if (m.windows?.length) {
    if (m.windows.some((w) => !w.column)) return null;
    return m.windows.map((w) => ({ name: w.name, column: w.column! }));
  }
  if (!m.pre || !m.post || m.column) return null;
  return [
    { name: m.pre, column: m.pre },
    { name: m.post, column: m.post },
  ];
}

/** Whether the measure's post is its last window (by name with a window list, else by column). */
function postIsLast(m: WideMeasure, kept: ColumnWindow[]): boolean {
  const last = kept[kept.length - 1];
  return m.windows?.length ? !m.post || same(m.post, last.name) : same(m.post, last.column);
}

/** The measure with the windows detection found after its own, or null when none is new. */
function extended(m: WideMeasure, found: WideMeasure | undefined): ColumnWindow[] | null {
  const kept = columnsOf(m);
  const seen = found ? columnsOf(found) : null;
  if (!kept || !seen || seen.length <= kept.length || !postIsLast(m, kept)) return null;
  if (!kept.every((w, k) => same(w.column, seen[k].column))) return null;
  // A window list keeps its names; pre/post columns (v1) had none: detection's names for all.
  const named = !!m.windows?.length;
  return seen.map((w, k) => ({
    name: named ? (kept[k]?.name ?? w.name) : w.name,
    column: w.column,
  }));
}

function extendMeasures<T extends WideMeasure>(
  sheet: string,
  measures: T[],
  found: WideMeasure[],
  added: DataQualityIssue[],
): T[] {
  return measures.map((m) => {
    const windows = extended(
      m,
      found.find((f) => same(f.name, m.name)),
    );
    if (!windows) return m;
    const pre = m.windows?.length ? (m.pre ?? windows[0].name) : windows[0].name;
    const before = columnsOf(m)!.length;
    for (const w of windows.slice(before))
      added.push(
        makeIssue(
          'NEW_WINDOW',
          sheet,
          null,
          w.column,
          null,
          `${m.name}: the window "${w.name}" (column "${w.column}") is new since the mapping was saved; it was added, and ${m.name}'s "after" is now its latest window.`,
        ),
      );
    return { ...m, windows, pre, post: windows[windows.length - 1].name };
  });
}

/**
 * The kept mapping with the windows its wide measures gained since (see the header), and a
 * NEW_WINDOW note per window added (for Data Quality: the person sees what changed).
 */
export function withNewWindows(
  config: MappingConfig,
  tables: RawTable[],
): { config: MappingConfig; added: DataQualityIssue[] } {
  const detected = detectConfig(tables).config;
  const added: DataQualityIssue[] = [];
  const students = config.students.map((s): StudentSheetConfig => {
    const d = detected.students.find((x) => same(x.sheet, s.sheet));
    if ((s.format ?? 'wide') !== 'wide' || !d || (d.format ?? 'wide') !== 'wide') return s;
    return { ...s, measures: extendMeasures(s.sheet, s.measures, d.measures, added) };
  });
  const educators = config.educators?.map((e): EducatorSheetConfig => {
    const d = detected.educators?.find((x) => same(x.sheet, e.sheet));
    if ((e.format ?? 'wide') !== 'wide' || !d || (d.format ?? 'wide') !== 'wide') return e;
    return { ...e, practice: extendMeasures(e.sheet, e.practice, d.practice, added) };
  });
  if (!added.length) return { config, added };
  return { config: { ...config, students, ...(educators ? { educators } : {}) }, added };
}
