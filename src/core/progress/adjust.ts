/**
 * "Adjust": for a goal off track (or not met), what the data suggests, in plain sentences a team
 * can act on: who is most behind, whose practice on the goal's learning focus has not moved,
 * the professional learning planned for the team and the PD hours recorded.
 */
import type { GoalRecord } from '../alignment/goals-sheet';
import type { Dataset } from '../dataset';
import type { GoalProgress } from './types';

const same = (a: string | null, b: string | null) =>
  (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();

const num = (x: number, d = 1) => String(Math.round(x * 10 ** d) / 10 ** d);

function whoIsBehind(p: GoalProgress): string[] {
  const out: string[] = [];
  const who = p.population === 'students' ? 'students' : 'educators';
  const n = [...p.windows].reverse().find((w) => w.value !== null)?.n ?? 0;
  if (p.behind.length) {
    const names = p.behind
      .map((b) => `${b.id} (${num(b.score)} now, ${num(b.expected)} expected)`)
      .join(', ');
    out.push(
      `${p.behindCount} of ${n} ${who} are behind their own path to the target; furthest behind: ${names}.`,
    );
  }
  const g = p.behindGroups[0];
  if (g)
    out.push(
      `${g.column} = ${g.value} ${who} are furthest behind as a group: ${num(g.meanShortfall)} points below their path on average (n = ${g.n}).`,
    );
  return out;
}

/** Educators of the goal's team whose rating on `focus` is not above their first window's. */
function practiceNotMoved(team: string, focus: string, datasets: Dataset[]): string | null {
  for (const ds of datasets) {
    if (ds.population !== 'educators' || !ds.team) continue;
    const m = ds.measures.find((x) => same(x.name, focus));
    if (!m) continue;
    const code = ds.team.labels.findIndex((l) => same(l, team));
    const last = m.windows ? m.windows[m.windows.length - 1].scores : m.post;
    const first = m.windows ? m.windows[m.preWindow ?? 0].scores : m.pre;
    const rated: string[] = [];
    const still: string[] = [];
    for (let i = 0; i < ds.size; i++) {
      if (ds.team.codes[i] !== code || !Number.isFinite(first[i]) || !Number.isFinite(last[i]))
        continue;
      rated.push(ds.ids[i]);
      if (last[i] <= first[i]) still.push(ds.ids[i]);
    }
    if (!rated.length) return null;
    return still.length
      ? `${focus} (the team's learning focus) has not moved for ${still.length} of ${rated.length} educators: ${still.join(', ')}.`
      : `${focus} (the team's learning focus) has risen for every one of the ${rated.length} educators rated twice.`;
  }
  return null;
}

/** The team's PD hours as recorded on the educator sheet (or the PD log). */
function pdHours(team: string, datasets: Dataset[]): string | null {
  for (const ds of datasets) {
    if (ds.population !== 'educators' || !ds.team || !ds.pdHours) continue;
    const code = ds.team.labels.findIndex((l) => same(l, team));
    let n = 0;
    let sum = 0;
    let none = 0;
    for (let i = 0; i < ds.size; i++) {
      if (ds.team.codes[i] !== code || !Number.isFinite(ds.pdHours[i])) continue;
      n++;
      sum += ds.pdHours[i];
      if (ds.pdHours[i] === 0) none++;
    }
    if (!n) return `No PD hours are recorded for ${team}.`;
    return `${team} recorded ${num(sum / n)} PD hours per educator (${n} educators${none ? `, ${none} with none` : ''}).`;
  }
  return null;
}

/** The professional learning the goals sheet plans for the team. */
function planned(team: string, goals: GoalRecord[]): string | null {
  const list = goals.filter((g) => g.source === 'sheet' && same(g.team, team) && g.learning);
  if (!list.length) return `The goals sheet plans no professional learning for ${team}.`;
  const items = [...new Set(list.map((g) => `${g.learning} (${g.id})`))];
  return `Planned professional learning for ${team}: ${items.join('; ')}.`;
}

/** The sentences of one goal; none for a goal on track, on watch, met or undefined. */
export function adjustSentences(
  p: GoalProgress,
  learningFocus: string | null,
  datasets: Dataset[],
  goals: GoalRecord[],
): string[] {
  if (p.status !== 'off track' && p.status !== 'not met') return [];
  const out = whoIsBehind(p);
  if (p.team) {
    const practice = learningFocus ? practiceNotMoved(p.team, learningFocus, datasets) : null;
    for (const s of [practice, planned(p.team, goals), pdHours(p.team, datasets)])
      if (s) out.push(s);
  }
  return out;
}
