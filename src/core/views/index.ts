/**
 * The educator's, the coach's (by team), the school leader's and the system leader's figures,
 * from one analysis (types.ts). Pure: Datasets, impact rows, goals and alignment in, figures out.
 */
import type { AlignmentResult } from '../alignment';
import type { GoalRecord } from '../alignment/goals-sheet';
import type { Dataset, ScoreArray } from '../dataset';
import type { GoalsResult } from '../goals';
import type { ImpactRow } from '../report';
import { labelOf } from '../slice/records';
import { ALL_SCHOOLS, schoolHeadlines } from '../summary/school-headline';
import { coachTeams } from '../coaches';
import type { GoalProgress } from '../progress/types';
import type {
  CoachView,
  EducatorView,
  PairedMeans,
  SchoolView,
  TeamGoalProgress,
  TeamView,
  Views,
} from './types';

export type * from './types';

export interface ViewsInput {
  datasets: Dataset[];
  impact: ImpactRow[];
  goals: Pick<GoalsResult, 'learning'>;
  alignment: AlignmentResult;
  /** Tracked goals' progress (the report's `progress`), for the coach's teams. */
  progress?: GoalProgress[];
}

const num = (x: number) => (Number.isNaN(x) ? null : x);
const fold = (s: string | null) => (s ?? '').trim().toLowerCase();

/** Means of the records at `idx` that have both scores. */
export function pairedMeans(pre: ScoreArray, post: ScoreArray, idx: number[]): PairedMeans {
  let n = 0;
  let a = 0;
  let b = 0;
  for (const r of idx) {
    if (Number.isNaN(pre[r]) || Number.isNaN(post[r])) continue;
    n++;
    a += pre[r];
    b += post[r];
  }
  if (n === 0) return { n, preMean: null, postMean: null, meanDiff: null };
  return { n, preMean: a / n, postMean: b / n, meanDiff: (b - a) / n };
}

/** Each category column's records by label, computed once per column (one pass over it). */
const byLabel = new WeakMap<NonNullable<Dataset['team']>, Map<string, number[]>>();

/** Record indices of d whose category column c reads `label`. */
function recordsWhere(d: Dataset, c: Dataset['team'], label: string): number[] {
  if (!c) return [];
  let index = byLabel.get(c);
  if (!index) {
    index = new Map();
    for (let r = 0; r < d.size; r++) {
      const l = labelOf(c, r);
      if (l === null) continue;
      const list = index.get(l);
      if (list) list.push(r);
      else index.set(l, [r]);
    }
    byLabel.set(c, index);
  }
  return index.get(label) ?? [];
}

const goalIds = (goals: GoalRecord[], keep: (g: GoalRecord) => boolean) =>
  goals.filter(keep).map((g) => g.id);

function educatorStudents(datasets: Dataset[], name: string): EducatorView['students'] {
  const out: EducatorView['students'] = [];
  for (const d of datasets) {
    if (d.population !== 'students' || !d.teacher) continue;
    const mine = recordsWhere(d, d.teacher, name);
    if (!mine.length) continue;
    for (const m of d.measures) {
      out.push({ measure: m.name, group: null, ...pairedMeans(m.pre, m.post, mine) });
      for (const s of d.subgroups)
        for (const value of s.labels) {
          const idx = mine.filter((r) => labelOf(s, r) === value);
          if (idx.length)
            out.push({
              measure: m.name,
              group: { column: s.column, value },
              ...pairedMeans(m.pre, m.post, idx),
            });
        }
    }
  }
  return out;
}

function educatorView(
  input: ViewsInput,
  d: Dataset,
  r: number,
  teams: Map<string, string | null>,
): EducatorView {
  const educator = d.ids[r];
  const team = labelOf(d.team, r);
  // An educator sheet may name the team only: the team's school then.
  const school = labelOf(d.school, r) ?? (team === null ? null : (teams.get(team) ?? null));
  const goals = input.alignment.analysis?.goals ?? [];
  const learning = input.goals.learning.educators.find(
    (e) => e.sheet === d.sheet && e.educator === educator,
  );
  return {
    educator,
    team,
    school,
    pdHours: d.pdHours ? num(d.pdHours[r]) : null,
    practice: d.measures.map((m) => ({
      component: m.name,
      pre: num(m.pre[r]),
      post: num(m.post[r]),
      change: num(m.post[r] - m.pre[r]),
    })),
    students: educatorStudents(input.datasets, educator),
    needs: (learning?.needs ?? []).map((n) => ({
      component: n.component,
      kind: n.kind,
      peers: n.peers.length + (n.unnamedPeers ?? 0),
    })),
    goals: {
      own: goalIds(goals, (g) => fold(g.owner) === fold(educator)),
      team: goalIds(
        goals,
        (g) => g.level === 'team' && team !== null && fold(g.team) === fold(team),
      ),
      school: goalIds(
        goals,
        (g) => g.level === 'school' && school !== null && fold(g.school) === fold(school),
      ),
    },
  };
}

/** Every team the records name, with its school (first seen). */
function teamsOf(datasets: Dataset[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const d of datasets)
    for (let r = 0; r < d.size; r++) {
      const t = labelOf(d.team, r);
      if (t === null) continue;
      const s = labelOf(d.school, r);
      if (!out.has(t) || (out.get(t) === null && s !== null)) out.set(t, s);
    }
  return out;
}

function teamView(input: ViewsInput, team: string, school: string | null): TeamView {
  const view: TeamView = {
    team,
    school,
    educators: 0,
    practice: [],
    students: [],
    sharedNeeds: [],
    support: [],
    goals: [],
  };
  for (const d of input.datasets) {
    const idx = recordsWhere(d, d.team, team);
    if (d.population === 'educators') view.educators += idx.length;
    for (const m of d.measures) {
      const means = pairedMeans(m.pre, m.post, idx);
      if (d.population === 'educators') view.practice.push({ component: m.name, ...means });
      else
        view.students.push({
          measure: m.name,
          relative: relativeReading(input.impact, d, m.name, team),
          ...means,
        });
    }
  }
  const learning = input.goals.learning;
  view.sharedNeeds = learning.teams
    .filter((t) => t.team === team)
    .flatMap((t) => t.shared.map((s) => s.component));
  view.support = learning.educators
    .filter((e) => e.team === team)
    .flatMap((e) =>
      e.needs
        .filter((n) => !n.shared)
        .map((n) => ({ educator: e.educator, component: n.component })),
    );
  view.goals = goalIds(
    input.alignment.analysis?.goals ?? [],
    (g) => g.level === 'team' && fold(g.team) === fold(team),
  );
  return view;
}

/** The team's growth against the other teams, as the impact row reads it. */
function relativeReading(
  impact: ImpactRow[],
  d: Dataset,
  measure: string,
  team: string,
): string | null {
  const row = impact.find(
    (x) =>
      x.population === d.population &&
      x.measure === measure &&
      x.groups.length === 1 &&
      x.groups[0].column === d.team?.column &&
      x.groups[0].value === team,
  );
  return row?.relative?.reading ?? null;
}

function schoolViews(input: ViewsInput, teams: Map<string, string | null>): SchoolView[] {
  const goals = input.alignment.analysis?.goals ?? [];
  const orphans = new Set(input.alignment.analysis?.orphans ?? []);
  const byName = new Map<string, SchoolView>();
  for (const h of schoolHeadlines(input.impact, input.datasets)) {
    if (h.school === ALL_SCHOOLS) continue;
    let v = byName.get(h.school);
    if (!v) {
      const mine = goalIds(goals, (g) => g.level === 'school' && fold(g.school) === fold(h.school));
      v = {
        school: h.school,
        students: [],
        teams: [...teams].filter(([, s]) => s === h.school).map(([t]) => t),
        goals: mine,
        orphans: mine.filter((id) => orphans.has(id)),
      };
      byName.set(h.school, v);
    }
    const {
      measure,
      n,
      preMean,
      postMean,
      meanDiff,
      avgNormalizedGain,
      pctProficientPre,
      pctProficientPost,
    } = h;
    v.students.push({
      measure,
      n,
      preMean,
      postMean,
      meanDiff,
      avgNormalizedGain,
      pctProficientPre,
      pctProficientPost,
    });
  }
  return [...byName.values()];
}

/** A tracked goal at its latest window with data. */
function goalProgress(p: GoalProgress): TeamGoalProgress {
  const latest = [...p.windows].reverse().find((w) => w.value !== null) ?? null;
  return {
    goal: p.goal,
    measure: p.measure,
    metric: p.metric,
    baseline: p.baseline,
    target: p.target,
    window: latest?.window ?? null,
    value: latest?.value ?? null,
    status: p.status,
    final: p.final,
  };
}

/** Each coach's teams: the team views themselves, with their tracked team goals' progress. */
function coachViews(input: ViewsInput, teams: TeamView[]): CoachView[] | null {
  const byCoach = coachTeams(input.datasets);
  if (byCoach.size === 0) return null;
  const progress = (input.progress ?? []).filter((p) => p.level === 'team' && !p.notTracked);
  return [...byCoach].map(([coach, names]) => {
    const mine = names.flatMap((n) => teams.filter((t) => t.team === n));
    return {
      coach,
      schools: [...new Set(mine.flatMap((t) => (t.school === null ? [] : [t.school])))],
      teams: mine.map((t) => ({
        ...t,
        progress: progress
          .filter((p) => p.team !== null && fold(p.team) === fold(t.team))
          .map(goalProgress),
      })),
    };
  });
}

/**
 * Every role's figures from one analysis.
 * @example buildViews({ datasets, impact, goals, alignment }).educators[0].practice
 */
export function buildViews(input: ViewsInput): Views {
  const teams = teamsOf(input.datasets);
  const educators: EducatorView[] = [];
  for (const d of input.datasets)
    if (d.population === 'educators')
      for (let r = 0; r < d.size; r++) educators.push(educatorView(input, d, r, teams));
  const schools = schoolViews(input, teams);
  const a = input.alignment.analysis;
  const teamViews = [...teams].map(([t, s]) => teamView(input, t, s));
  const coaches = coachViews(input, teamViews);
  return {
    educators,
    teams: teamViews,
    ...(coaches ? { coaches } : {}),
    schools,
    district: {
      schools: schools.map((s) => s.school),
      unsupported: a?.unsupported ?? [],
      orphans: a?.orphans ?? [],
      duplicates: (a?.duplicates ?? []).map((x) => ({ goals: x.goals, focus: x.focus })),
      coherence: a?.coherence ?? null,
      resources: (a?.resources ?? []).map(({ id, goals, hours, cost, need }) => ({
        id,
        goals,
        hours,
        cost,
        need,
      })),
    },
  };
}
