/**
 * District priorities from the goals sheet (the shared layout: Goal ID | Level | … | Goal |
 * Focus | …), and the match of a goal's measure or focus words to one of them.
 */
import type { RawTable } from '../types';

export interface DistrictPriority {
  id: string;
  text: string;
  focus: string;
  level: string;
}

const fold = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
const cellText = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());

/**
 * Rows of the goals sheet that are district priorities (Level "District"; every row when the
 * sheet has no Level column). Unreadable sheets give [] (the alignment step reports them).
 * @param headerRow Excel row of the header (default: the table's first row)
 */
export function districtPriorities(table: RawTable | null, headerRow?: number): DistrictPriority[] {
  if (!table || table.values.length === 0) return [];
  const h = Math.max(0, (headerRow ?? table.firstRow) - table.firstRow);
  const headers = (table.values[h] ?? []).map((v) => fold(cellText(v)));
  const col = (...names: string[]) => headers.findIndex((x) => names.includes(x));
  const idCol = col('goalid', 'id');
  const levelCol = col('level', 'goallevel');
  const goalCol = col(
    'goal',
    'goalstatement',
    'statement',
    'smartgoal',
    'goaltext',
    'goaldescription',
  );
  const focusCol = col('focus', 'measure', 'focusarea');
  if (goalCol < 0 && focusCol < 0) return [];
  const out: DistrictPriority[] = [];
  for (let r = h + 1; r < table.values.length; r++) {
    const row = table.values[r] ?? [];
    const level = levelCol >= 0 ? cellText(row[levelCol]) : 'District';
    if (!/^district$/i.test(level)) continue;
    const text = goalCol >= 0 ? cellText(row[goalCol]) : '';
    const focus = focusCol >= 0 ? cellText(row[focusCol]) : '';
    if (!text && !focus) continue;
    const id =
      idCol >= 0 && cellText(row[idCol]) ? cellText(row[idCol]) : `row ${table.firstRow + r}`;
    out.push({ id, text: text || focus, focus, level });
  }
  return out;
}

const STOP = new Set([
  'and',
  'the',
  'of',
  'for',
  'score',
  'scores',
  'spring',
  'fall',
  'winter',
  'pre',
  'post',
  'test',
  'all',
]);

/** Lower-case words of 3+ letters that carry meaning ("Reading Spring" → ["reading"]). */
export function words(s: string): string[] {
  return s
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 3 && !STOP.has(w));
}

/**
 * The first district priority whose Focus (or, without one, Goal text) shares a word with the measure or
 * the learning focus; synonym groups from config.synonyms count as the same word.
 */
export function matchPriority(
  priorities: DistrictPriority[],
  terms: string[],
  synonyms: string[][] = [],
): DistrictPriority | null {
  const want = new Set<string>();
  for (const t of terms) for (const w of words(t)) want.add(w);
  for (const group of synonyms) {
    const gw = group.flatMap(words);
    if (gw.some((w) => want.has(w))) for (const w of gw) want.add(w);
  }
  if (want.size === 0) return null;
  const hit = (s: string) => words(s).some((w) => want.has(w));
  // The Focus column decides when it is filled; the goal text only for rows without one
  // ("every classroom…" must not tie Classroom Environment to a questioning priority).
  return priorities.find((p) => (p.focus ? hit(p.focus) : hit(p.text))) ?? null;
}
