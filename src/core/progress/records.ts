/** Which Dataset, measure and records a tracked goal is about. */
import type { Categorical, Dataset, MeasureData, ScoreArray } from '../dataset';
import type { TrackedGoal } from './types';

export interface GoalRecords {
  ds: Dataset;
  m: MeasureData;
  /** Record indexes in the goal's group. */
  records: number[];
  /** The windows from the baseline window on (the measure's `pre` window) to the last. */
  windows: { name: string; scores: ScoreArray }[];
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The windows of a measure from its pre window on (a v1 measure: pre, post). */
function windowsFrom(m: MeasureData): { name: string; scores: ScoreArray }[] {
  if (!m.windows)
    return [
      { name: m.preColumn, scores: m.pre },
      { name: m.postColumn, scores: m.post },
    ];
  return m.windows.slice(m.preWindow ?? 0).map((w) => ({ name: w.name, scores: w.scores }));
}

/** A category column's code of a label (case and spaces ignored); -2 when it has none. */
function codeOf(cat: Categorical, value: string): number {
  const i = cat.labels.findIndex((l) => same(l, value));
  return i < 0 ? -2 : i;
}

/** One test per goal condition: its team (or school) and each of its groups. */
function conditions(ds: Dataset, goal: TrackedGoal): ((i: number) => boolean)[] | string {
  const tests: ((i: number) => boolean)[] = [];
  const byCat = (cat: Categorical, value: string) => {
    const code = codeOf(cat, value);
    tests.push((i) => cat.codes[i] === code);
  };
  if (goal.team && (goal.level === 'team' || goal.level === 'individual')) {
    if (!ds.team) return `the sheet "${ds.sheet}" has no team column`;
    byCat(ds.team, goal.team);
  } else if (goal.team && goal.level === 'school' && ds.school) byCat(ds.school, goal.team);
  for (const g of goal.groups) {
    if (same(g.column, ds.idColumn)) {
      tests.push((i) => same(ds.ids[i], g.value));
      continue;
    }
    const cats = [ds.team, ds.school, ds.teacher, ...ds.subgroups];
    const cat = cats.find((c) => c && same(c.column, g.column));
    if (!cat) return `the sheet "${ds.sheet}" has no column "${g.column}"`;
    byCat(cat, g.value);
  }
  return tests;
}

/**
 * The goal's records, or why there are none (no measure of that name, a group column the data
 * lacks). An individual goal looks first in the sheet whose ID column its group names.
 */
export function goalRecords(goal: TrackedGoal, datasets: Dataset[]): GoalRecords | string {
  const ordered = [...datasets].sort(
    (a, b) =>
      Number(goal.groups.some((g) => same(g.column, b.idColumn))) -
      Number(goal.groups.some((g) => same(g.column, a.idColumn))),
  );
  for (const ds of ordered) {
    const m = ds.measures.find((x) => same(x.name, goal.measure));
    if (!m) continue;
    const tests = conditions(ds, goal);
    if (typeof tests === 'string') return tests;
    const records: number[] = [];
    for (let i = 0; i < ds.size; i++) if (tests.every((t) => t(i))) records.push(i);
    return { ds, m, records, windows: windowsFrom(m) };
  }
  return `no sheet has a measure named "${goal.measure}"`;
}
