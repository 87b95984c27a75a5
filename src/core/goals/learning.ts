/**
 * Individual and collective learning from the educator data: each educator's weakest observed
 * components, whether the team shares that need (a PLC topic) or it is theirs alone (individual
 * learning, or a network of peers with the same need elsewhere in the district).
 */
import type { Dataset, MeasureData } from '../dataset';
import type { EducatorLearningNeed, TeamLearning } from './types';

const EPS = 1e-9;

/** The score used for a need: this year's latest (post), else pre; relative to max when known. */
function scoreOf(m: MeasureData, i: number): number {
  const v = Number.isFinite(m.post[i]) ? m.post[i] : m.pre[i];
  if (!Number.isFinite(v)) return NaN;
  return m.max !== null && m.max > 0 ? v / m.max : v;
}

export const labelOf = (cat: Dataset['team'], i: number): string | null =>
  cat && cat.codes[i] >= 0 ? cat.labels[cat.codes[i]] : null;

export interface LearningResult {
  educators: EducatorLearningNeed[];
  teams: TeamLearning[];
}

/**
 * Learning needs of every educator dataset. An educator's weakest components are those tied at
 * their lowest score; a team shares a need when more than half of its educators (with a score)
 * have it among their weakest.
 * @param datasets all datasets (student ones are ignored)
 */
export function learningNeeds(datasets: Dataset[]): LearningResult {
  const educators: EducatorLearningNeed[] = [];
  const teams: TeamLearning[] = [];
  for (const ds of datasets) {
    if (ds.population !== 'educators' || ds.measures.length === 0) continue;
    const weakest: string[][] = [];
    for (let i = 0; i < ds.size; i++) {
      let lo = Infinity;
      for (const m of ds.measures) {
        const s = scoreOf(m, i);
        if (Number.isFinite(s) && s < lo) lo = s;
      }
      weakest.push(
        lo === Infinity
          ? []
          : ds.measures.filter((m) => Math.abs(scoreOf(m, i) - lo) <= EPS).map((m) => m.name),
      );
    }
    const teamKey = (i: number) => labelOf(ds.team, i);
    const teamNames = [...new Set(Array.from({ length: ds.size }, (_, i) => teamKey(i)))];
    const sharedByTeam = new Map<string | null, Set<string>>();
    for (const team of teamNames) {
      const members = [...Array(ds.size).keys()].filter(
        (i) => teamKey(i) === team && weakest[i].length > 0,
      );
      const shared: { component: string; count: number }[] = [];
      for (const m of ds.measures) {
        const count = members.filter((i) => weakest[i].includes(m.name)).length;
        if (members.length > 0 && count > members.length / 2)
          shared.push({ component: m.name, count });
      }
      sharedByTeam.set(team, new Set(shared.map((s) => s.component)));
      // The team's weakest component: the lowest team mean (relative to max when known).
      let best: string | null = null;
      let bestMean = Infinity;
      for (const m of ds.measures) {
        const v = members.map((i) => scoreOf(m, i)).filter(Number.isFinite);
        if (v.length === 0) continue;
        const mean = v.reduce((a, b) => a + b, 0) / v.length;
        if (mean < bestMean - EPS) {
          bestMean = mean;
          best = m.name;
        }
      }
      teams.push({
        sheet: ds.sheet,
        team,
        educators: members.length,
        weakestComponent: best,
        shared,
      });
    }
    // Peers "beyond the school": another school when schools are known, else another team.
    const apart = (i: number, j: number) =>
      ds.school ? labelOf(ds.school, i) !== labelOf(ds.school, j) : teamKey(i) !== teamKey(j);
    for (let i = 0; i < ds.size; i++) {
      if (weakest[i].length === 0) continue;
      const shared = sharedByTeam.get(teamKey(i)) ?? new Set<string>();
      educators.push({
        sheet: ds.sheet,
        row: ds.rows[i],
        educator: ds.ids[i],
        team: teamKey(i),
        school: labelOf(ds.school, i),
        weakest: weakest[i],
        needs: weakest[i].map((component) => {
          const isShared = shared.has(component);
          const peers = isShared
            ? []
            : [...Array(ds.size).keys()]
                .filter((j) => j !== i && apart(i, j) && weakest[j].includes(component))
                .map((j) => ds.ids[j]);
          return {
            component,
            shared: isShared,
            kind: isShared ? 'team learning' : 'individual learning',
            peers,
          };
        }),
      });
    }
  }
  return { educators, teams };
}
