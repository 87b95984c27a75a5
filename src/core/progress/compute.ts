/**
 * Progress of each tracked goal over every window (docs/progress.md): the value now, the
 * expected value on the path, the status by the rule of rule.ts, and who is behind the path.
 */
import type { Dataset } from '../dataset';
import type { BehindGroup, BehindRecord, GoalProgress, ProgressWindow, TrackedGoal } from './types';
import { goalRecords, type GoalRecords } from './records';
import { expectedValue, RULE_TEXT, statusOf, windowShares } from './rule';

/** How many records furthest behind the path a goal lists. */
export const BEHIND_LIST = 5;
/** How many groups most behind a goal lists. */
export const BEHIND_GROUPS = 3;

export interface ProgressOptions {
  /** Windows in the school year (progress.windowsInYear, default 3). */
  windowsInYear: number;
  /** progress.shares: the share of the growth expected by each window after the first. */
  shares?: readonly number[];
}

/** The score a record's own path ends at: the cut for a share goal, its baseline + the goal's growth for a mean goal. */
export function ownTarget(
  goal: Pick<TrackedGoal, 'metric' | 'target'>,
  baseline: number,
  cut: number | null,
  x0: number,
): number {
  return goal.metric === 'pctProficient' ? Math.max(x0, cut ?? x0) : x0 + (goal.target - baseline);
}

/** The score counted proficient for a share goal: the measure's cut; a rubric: one below the top. */
function cutOf(r: GoalRecords, goal: TrackedGoal): number | null {
  if (goal.metric !== 'pctProficient') return null;
  if (r.ds.population === 'educators') return r.m.max !== null ? r.m.max - 1 : null;
  return r.m.proficient;
}

/** The goal's value at window k over records with a score at the baseline window and at k. */
function valueAt(r: GoalRecords, k: number, cut: number | null, metric: TrackedGoal['metric']) {
  const x0 = r.windows[0].scores;
  const xk = r.windows[k].scores;
  let n = 0;
  let sum = 0;
  let at = 0;
  for (const i of r.records) {
    if (!Number.isFinite(x0[i]) || !Number.isFinite(xk[i])) continue;
    n++;
    sum += xk[i];
    if (cut !== null && xk[i] >= cut) at++;
  }
  if (n === 0) return { n, value: null, reason: 'no record of the group has both scores' };
  if (metric === 'pctProficient' && cut === null)
    return { n, value: null, reason: 'the measure has no proficient score' };
  return { n, value: metric === 'pctProficient' ? at / n : sum / n, reason: null };
}

function windowRows(r: GoalRecords, goal: TrackedGoal, cut: number | null, shares: number[]) {
  const base = valueAt(r, 0, cut, goal.metric);
  const finalAt = shares.length - 1;
  const rows: ProgressWindow[] = r.windows.map((w, k) => {
    const v = k === 0 ? base : valueAt(r, k, cut, goal.metric);
    const share = shares[Math.min(k, finalAt)];
    const expected = base.value === null ? null : expectedValue(base.value, goal.target, share);
    const status =
      k === 0
        ? v.value === null
          ? null
          : 'baseline'
        : v.value === null || expected === null
          ? null
          : statusOf(v.value, base.value!, expected, goal.target, k >= finalAt);
    return {
      window: w.name,
      n: v.n,
      value: v.value,
      share,
      expected,
      status,
      undefinedReason: v.reason ?? (expected === null && k > 0 ? 'no baseline value' : null),
    };
  });
  return { baseline: base.value, rows, finalAt };
}

/** Records behind their own path at window k, furthest first, and the subgroups most behind. */
function behindAt(
  r: GoalRecords,
  goal: TrackedGoal,
  baseline: number,
  cut: number | null,
  k: number,
  share: number,
): { list: BehindRecord[]; count: number; groups: BehindGroup[] } {
  const x0 = r.windows[0].scores;
  const xk = r.windows[k].scores;
  const all: BehindRecord[] = [];
  const gap = new Map<number, number>();
  for (const i of r.records) {
    if (!Number.isFinite(x0[i]) || !Number.isFinite(xk[i])) continue;
    const expected = expectedValue(x0[i], ownTarget(goal, baseline, cut, x0[i]), share);
    gap.set(i, expected - xk[i]);
    if (expected - xk[i] > 1e-9)
      all.push({
        id: r.ds.ids[i],
        row: r.ds.rows[i],
        baselineScore: x0[i],
        score: xk[i],
        expected,
        shortfall: expected - xk[i],
      });
  }
  all.sort((a, b) => b.shortfall - a.shortfall || a.row - b.row);
  return { list: all.slice(0, BEHIND_LIST), count: all.length, groups: groupsBehind(r, goal, gap) };
}

/** The subgroups (not already the goal's own) whose records are furthest behind on average. */
function groupsBehind(r: GoalRecords, goal: TrackedGoal, gap: Map<number, number>): BehindGroup[] {
  if (r.ds.population !== 'students') return [];
  const out: BehindGroup[] = [];
  for (const cat of r.ds.subgroups) {
    if (goal.groups.some((g) => g.column === cat.column)) continue;
    const sums = new Map<number, { n: number; sum: number }>();
    for (const [i, g] of gap) {
      const c = cat.codes[i];
      if (c < 0) continue;
      const s = sums.get(c) ?? { n: 0, sum: 0 };
      s.n++;
      s.sum += g;
      sums.set(c, s);
    }
    for (const [c, s] of sums)
      if (s.sum / s.n > 1e-9)
        out.push({ column: cat.column, value: cat.labels[c], n: s.n, meanShortfall: s.sum / s.n });
  }
  out.sort((a, b) => b.meanShortfall - a.meanShortfall || a.column.localeCompare(b.column));
  return out.slice(0, BEHIND_GROUPS);
}

function empty(goal: TrackedGoal, reason: string): GoalProgress {
  return {
    ...head(goal),
    population: 'students',
    sheet: '',
    baseline: null,
    cut: null,
    windows: [],
    status: null,
    final: false,
    behind: [],
    behindCount: 0,
    behindGroups: [],
    adjust: [],
    undefinedReason: reason,
  };
}

function head(goal: TrackedGoal) {
  return {
    goal: goal.id,
    level: goal.level,
    team: goal.team,
    measure: goal.measure,
    groups: goal.groups,
    groupLabel: goal.groupLabel,
    metric: goal.metric,
    statement: goal.statement,
    adoptedBaseline: goal.adoptedBaseline,
    target: goal.target,
    rule: RULE_TEXT,
  };
}

/** One goal's progress over every window of its measure. */
export function goalProgress(
  goal: TrackedGoal,
  datasets: Dataset[],
  options: ProgressOptions,
): GoalProgress {
  if (goal.notTracked) return { ...empty(goal, goal.notTracked), notTracked: true };
  const r = goalRecords(goal, datasets);
  if (typeof r === 'string') return empty(goal, r);
  const cut = cutOf(r, goal);
  const inYear = Math.max(options.windowsInYear, options.shares ? 0 : r.windows.length);
  const shares = windowShares(inYear, options.shares);
  const { baseline, rows, finalAt } = windowRows(r, goal, cut, shares);
  let latest = rows.length - 1;
  while (latest > 0 && rows[latest].value === null) latest--;
  const behind =
    latest > 0 && baseline !== null
      ? behindAt(r, goal, baseline, cut, latest, rows[latest].share)
      : { list: [], count: 0, groups: [] };
  return {
    ...head(goal),
    population: r.ds.population,
    sheet: r.ds.sheet,
    baseline,
    cut,
    windows: rows,
    status: latest > 0 ? rows[latest].status : null,
    final: latest >= finalAt && rows[latest].value !== null,
    behind: behind.list,
    behindCount: behind.count,
    behindGroups: behind.groups,
    adjust: [],
    undefinedReason:
      latest > 0 ? null : (rows[0]?.undefinedReason ?? 'only the baseline window has scores'),
  };
}
