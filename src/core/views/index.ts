/**
 * The educator's, the coach's (by team), the school leader's and the system leader's figures,
 * from one analysis (types.ts). Pure: Datasets, impact rows, goals and alignment in, figures out.
 */
import type { AlignmentResult } from '../alignment';
import type { GoalRecord } from '../alignment/goals-sheet';
import type { CodeArray, Dataset, ScoreArray } from '../dataset';
import type { GoalsResult } from '../goals';
import type { ImpactRow } from '../report';
import { labelOf } from '../slice/records';
import { ALL_SCHOOLS, schoolHeadlines } from '../summary/school-headline';
import { coachTeams } from '../coaches';
import { teamSchools } from '../team-schools';
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

/** Each category column's records by label, made on first use by one `buildViews` call. */
type RecordIndex = Map<NonNullable<Dataset['team']>, Map<string, number[]>>;

/** Record indices of d (ascending) whose category column c reads `label`. */
function recordsWhere(index: RecordIndex, d: Dataset, c: Dataset['team'], label: string): number[] {
  if (!c) return [];
  let byLabel = index.get(c);
  if (!byLabel) {
    byLabel = new Map();
    for (let r = 0; r < d.size; r++) {
      const l = labelOf(c, r);
      if (l === null) continue;
      const list = byLabel.get(l);
      if (list) list.push(r);
      else byLabel.set(l, [r]);
    }
    index.set(c, byLabel);
  }
  return byLabel.get(label) ?? [];
}

/** A team's records and its paired means per measure of one Dataset. */
interface TeamFigures {
  records: number;
  means: PairedMeans[];
}

/**
 * Every team's figures of d in one pass per measure: the sums of `pairedMeans` over the team's
 * records, added in record order (so the same numbers), without a list of records per team.
 */
function figuresByTeam(d: Dataset): Map<string, TeamFigures> {
  const out = new Map<string, TeamFigures>();
  const t = d.team;
  if (!t) return out;
  const slotOf = new Map<string, number>();
  const slots = Int32Array.from(
    t.labels,
    (l) => slotOf.get(l) ?? slotOf.set(l, slotOf.size).get(l)!,
  );
  const k = slotOf.size;
  const records = new Int32Array(k);
  for (let r = 0; r < d.size; r++) if (t.codes[r] >= 0) records[slots[t.codes[r]]]++;
  const sums = d.measures.map((m) => pairedSums(t.codes, slots, k, m.pre, m.post, d.size));
  for (const [label, s] of slotOf)
    if (records[s]) out.set(label, { records: records[s], means: sums.map((f) => f(s)) });
  return out;
}

/** Per slot: the count and sums of the records with both scores, as `pairedMeans` adds them. */
function pairedSums(
  codes: CodeArray,
  slots: Int32Array,
  k: number,
  pre: ScoreArray,
  post: ScoreArray,
  size: number,
): (slot: number) => PairedMeans {
  const n = new Int32Array(k);
  const a = new Float64Array(k);
  const b = new Float64Array(k);
  for (let r = 0; r < size; r++) {
    const c = codes[r];
    if (c < 0 || Number.isNaN(pre[r]) || Number.isNaN(post[r])) continue;
    const s = slots[c];
    n[s]++;
    a[s] += pre[r];
    b[s] += post[r];
  }
  return (s) =>
    n[s] === 0
      ? { n: 0, preMean: null, postMean: null, meanDiff: null }
      : { n: n[s], preMean: a[s] / n[s], postMean: b[s] / n[s], meanDiff: (b[s] - a[s]) / n[s] };
}

const goalIds = (goals: GoalRecord[], keep: (g: GoalRecord) => boolean) =>
  goals.filter(keep).map((g) => g.id);

/** What one `buildViews` call works from, each made once. */
interface ViewsContext {
  input: ViewsInput;
  index: RecordIndex;
  /** Every team the records name, with its school. */
  teams: Map<string, string | null>;
  /** Each Dataset's team figures. */
  figures: Map<Dataset, Map<string, TeamFigures>>;
  /** The impact row of a team: `relativeKey` → its relative reading. */
  relative: Map<string, string | null>;
}

function educatorStudents(ctx: ViewsContext, name: string): EducatorView['students'] {
  const out: EducatorView['students'] = [];
  for (const d of ctx.input.datasets) {
    if (d.population !== 'students' || !d.teacher) continue;
    const mine = recordsWhere(ctx.index, d, d.teacher, name);
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

function educatorView(ctx: ViewsContext, d: Dataset, r: number): EducatorView {
  const { input, teams } = ctx;
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
    students: educatorStudents(ctx, educator),
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

/** Every team the records name, with its school (its most frequent, team-schools.ts). */
function teamsOf(datasets: Dataset[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const d of datasets) {
    if (!d.team) continue;
    const schools = teamSchools(d);
    // Teams in the order their first records come; each under its school (team-schools.ts).
    const met = new Uint8Array(d.team.labels.length);
    for (let r = 0; r < d.size; r++) {
      const code = d.team.codes[r];
      if (code < 0 || met[code]) continue;
      met[code] = 1;
      const t = d.team.labels[code];
      const s = schools[code];
      if (!out.has(t) || (out.get(t) === null && s !== null)) out.set(t, s);
    }
  }
  return out;
}

function teamView(ctx: ViewsContext, team: string, school: string | null): TeamView {
  const input = ctx.input;
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
    const f = ctx.figures.get(d)?.get(team);
    if (d.population === 'educators') view.educators += f?.records ?? 0;
    d.measures.forEach((m, k) => {
      const means = f?.means[k] ?? pairedMeans(m.pre, m.post, []);
      if (d.population === 'educators') view.practice.push({ component: m.name, ...means });
      else
        view.students.push({
          measure: m.name,
          relative:
            ctx.relative.get(relativeKey(d.population, m.name, d.team?.column, team)) ?? null,
          ...means,
        });
    });
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

const relativeKey = (
  population: string,
  measure: string,
  column: string | undefined,
  team: string,
) => JSON.stringify([population, measure, column ?? null, team]);

/** Each one-group impact row's relative reading (the team's growth against the other teams). */
function relativeReadings(impact: ImpactRow[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const x of impact) {
    if (x.groups.length !== 1) continue;
    const key = relativeKey(x.population, x.measure, x.groups[0].column, x.groups[0].value);
    // The first such row, as a search from the top finds it.
    if (!out.has(key)) out.set(key, x.relative?.reading ?? null);
  }
  return out;
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
  const ctx: ViewsContext = {
    input,
    index: new Map(),
    teams,
    figures: new Map(input.datasets.map((d) => [d, figuresByTeam(d)])),
    relative: relativeReadings(input.impact),
  };
  const educators: EducatorView[] = [];
  for (const d of input.datasets)
    if (d.population === 'educators')
      for (let r = 0; r < d.size; r++) educators.push(educatorView(ctx, d, r));
  const schools = schoolViews(input, teams);
  const a = input.alignment.analysis;
  const teamViews = [...teams].map(([t, s]) => teamView(ctx, t, s));
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
