/**
 * The Progress step's figures without the DOM (issue 19, item 6): per tracked goal its status in
 * words, the rule applied to its own numbers, the value now against the path, the points of its
 * trajectory (baseline, each window, target, the expected path), who is behind and what to
 * change. Pure functions over the report's `progress` section (docs/progress.md), so unit tests
 * run them in Node; the rule itself stays in core/progress/rule.ts.
 */
import { WATCH_SHARE, type ProgressStatus } from '../core/progress/rule';
import type { GoalProgress } from '../core/progress/types';
import { formatNumber } from './logic';

/** How a status reads: good (on track, met), watch, bad (off track, not met), none (no figure). */
export type StatusTone = 'good' | 'watch' | 'bad' | 'none';

const TONE: Record<ProgressStatus, StatusTone> = {
  baseline: 'none',
  'on track': 'good',
  watch: 'watch',
  'off track': 'bad',
  met: 'good',
  'not met': 'bad',
};

/** One point of the trajectory: a window (or the year's end), the value and the path there. */
export interface TrajectoryPoint {
  label: string;
  /** The goal's value at this window; null when there is none (yet). */
  value: number | null;
  /** The expected value on the path; at the year's end, the target. */
  expected: number | null;
}

export interface Trajectory {
  points: TrajectoryPoint[];
  target: number;
  /** The scale's ends: every value, expected value and the target lie on it. */
  min: number;
  max: number;
  /** True for a share goal (values 0–1, shown as %). */
  share: boolean;
}

/** A goal's card on the Progress step. */
export interface ProgressCard {
  id: string;
  who: string;
  what: string;
  statement: string;
  status: { text: string; tone: StatusTone };
  /** The value now against the path (or why there is no figure). */
  now: string;
  /** The rule, with this goal's own numbers. */
  rule: string;
  /** The goal's baseline as adopted, when it differs from this year's first window. */
  adopted: string | null;
  trajectory: Trajectory | null;
  behind: string[];
  adjust: string[];
}

/** A value as the pane shows it: a share in % (one decimal), a mean with one decimal. */
export function progressNumber(value: number | null, share: boolean): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return share ? `${formatNumber(value * 100, 1)}%` : formatNumber(value, 1);
}

/** Team X, School X, District, or the educator of an individual goal. */
function whoOf(p: GoalProgress): string {
  if (p.level === 'school') return p.team ? `School ${p.team}` : 'School';
  if (p.level === 'district') return 'District';
  if (p.level === 'individual')
    return p.team ? `Individual goal, team ${p.team}` : 'Individual goal';
  return p.team ? `Team ${p.team}` : 'All teams';
}

/** The latest window with a value after the baseline window, with its index; null when none. */
function latestWindow(p: GoalProgress) {
  for (let k = p.windows.length - 1; k > 0; k--) {
    if (p.windows[k].value !== null) return { w: p.windows[k], k };
  }
  return null;
}

/**
 * The rule with the goal's own numbers at its latest window, e.g. "By Winter, 50% of the growth
 * from 40.0% to 60.0% is expected: 50.0%. On track at 50.0% or more; watch at 45.0% or more
 * (half the growth expected by now); off track below."
 */
export function ruleInWords(p: GoalProgress): string {
  const share = p.metric === 'pctProficient';
  const f = (v: number | null) => progressNumber(v, share);
  const latest = latestWindow(p);
  if (!latest || p.baseline === null || latest.w.expected === null) return `The rule: ${p.rule}.`;
  if (p.final)
    return `${latest.w.window} is the last window of the year: met when the value reaches the target, ${f(p.target)}.`;
  const watchAt = p.baseline + WATCH_SHARE * (latest.w.expected - p.baseline);
  const pct = formatNumber(latest.w.share * 100, 0);
  return (
    `By ${latest.w.window}, ${pct}% of the growth from ${f(p.baseline)} to ${f(p.target)} is ` +
    `expected: ${f(latest.w.expected)}. On track at ${f(latest.w.expected)} or more; watch at ` +
    `${f(watchAt)} or more (${formatNumber(WATCH_SHARE * 100, 0)}% of the growth expected by now); off track below.`
  );
}

/** The points of the goal's picture, with the year's end added when this run has not reached it. */
export function trajectoryOf(p: GoalProgress): Trajectory | null {
  if (p.baseline === null || !p.windows.length) return null;
  const share = p.metric === 'pctProficient';
  const points: TrajectoryPoint[] = p.windows.map((w) => ({
    label: w.window,
    value: w.value,
    expected: w.expected,
  }));
  const last = p.windows[p.windows.length - 1];
  if (!p.final && last.share < 1)
    points.push({ label: 'End of year', value: null, expected: p.target });
  const all = [p.target, ...points.flatMap((x) => [x.value, x.expected])].filter(
    (v): v is number => v !== null && Number.isFinite(v),
  );
  let min = Math.min(...all);
  let max = Math.max(...all);
  const pad = (max - min) * 0.1 || (share ? 0.05 : 1);
  min -= pad;
  max += pad;
  if (share) [min, max] = [Math.max(0, min), Math.min(1, max)];
  return { points, target: p.target, min, max, share };
}

function statusText(p: GoalProgress): { text: string; tone: StatusTone } {
  if (p.notTracked) return { text: 'Not tracked', tone: 'none' };
  if (p.status === null) return { text: 'No status yet', tone: 'none' };
  return { text: p.status[0].toUpperCase() + p.status.slice(1), tone: TONE[p.status] };
}

function nowText(p: GoalProgress): string {
  const share = p.metric === 'pctProficient';
  const f = (v: number | null) => progressNumber(v, share);
  const latest = latestWindow(p);
  if (p.notTracked) return `Not tracked: ${p.undefinedReason ?? 'no data'}.`;
  if (!latest) return `No figure after the first window yet: ${p.undefinedReason ?? 'no data'}.`;
  const { w } = latest;
  const against = p.final ? `target ${f(p.target)}` : `expected ${f(w.expected)}`;
  return `${w.window}: ${f(w.value)} now, ${against} (n = ${w.n}); baseline ${f(p.baseline)}, target ${f(p.target)}.`;
}

function behindLines(p: GoalProgress): string[] {
  const latest = latestWindow(p);
  if (!latest || !p.behindCount) return [];
  const who = p.population === 'students' ? 'students' : 'educators';
  const one = p.behindCount === 1;
  const lines = [
    `${p.behindCount} ${one ? who.slice(0, -1) : who} behind ${one ? 'its' : 'their'} own path at ${latest.w.window}.`,
  ];
  for (const g of p.behindGroups)
    lines.push(
      `${g.column} ${g.value} (n = ${g.n}): ${formatNumber(g.meanShortfall, 1)} below the path on average.`,
    );
  for (const r of p.behind)
    lines.push(
      `${r.id} (row ${r.row}): ${formatNumber(r.score, 1)} now, ${formatNumber(r.expected, 1)} expected.`,
    );
  return lines;
}

/** A card per tracked goal, in the report's order. */
export function progressCards(progress: readonly GoalProgress[]): ProgressCard[] {
  return progress.map((p) => {
    const share = p.metric === 'pctProficient';
    const adoptedDiffers =
      p.adoptedBaseline !== null &&
      p.baseline !== null &&
      Math.abs(p.adoptedBaseline - p.baseline) > 1e-9;
    return {
      id: p.goal,
      who: whoOf(p),
      what: [p.measure, p.groupLabel].filter((x) => x).join(' · '),
      statement: p.statement,
      status: statusText(p),
      now: nowText(p),
      rule: ruleInWords(p),
      adopted: adoptedDiffers
        ? `Adopted with a baseline of ${progressNumber(p.adoptedBaseline, share)}; this year's first window gives ${progressNumber(p.baseline, share)}.`
        : null,
      trajectory: trajectoryOf(p),
      behind: behindLines(p),
      adjust: p.adjust,
    };
  });
}

/**
 * A line of counts for the step's top: "3 goals tracked: 1 on track, 1 watch, 1 off track.";
 * goals that cannot be tracked are counted apart ("2 goals tracked: 2 watch; 1 not tracked."),
 * never as tracked.
 */
export function progressCounts(progress: readonly GoalProgress[]): string {
  const counts = new Map<string, number>();
  for (const p of progress) {
    if (p.notTracked) continue;
    const key = p.status ?? 'no status yet';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const order = ['on track', 'watch', 'off track', 'met', 'not met', 'baseline', 'no status yet'];
  const parts = order.filter((k) => counts.has(k)).map((k) => `${counts.get(k)} ${k}`);
  const tracked = progress.length - progress.filter((p) => p.notTracked).length;
  const untracked = progress.length - tracked;
  const goals = (n: number) => `${n} goal${n === 1 ? '' : 's'}`;
  const head = tracked ? `${goals(tracked)} tracked: ${parts.join(', ')}` : 'No goal tracked';
  return untracked ? `${head}; ${goals(untracked)} not tracked.` : `${head}.`;
}
