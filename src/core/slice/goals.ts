/**
 * A slice's goals: those the whole data suggests, kept for the slice. Goals are suggested on
 * every record (district and school baselines, tiers, growth references, rankings), so a team's
 * goal in its slice has the baseline, target, statement and ID it has in the full workbook; then
 * only the slice's goals, needs, per-student targets and learning needs are kept, and the peers
 * outside the slice who share an educator's need are counted, not named.
 */
import type { MappingConfig } from '../config';
import type { Dataset } from '../dataset';
import {
  fillGoalTemplate,
  type EducatorLearningNeed,
  type GoalsResult,
  type SuggestedGoal,
} from '../goals';
import { targetsMetRows } from '../goals/plans';
import { peersClause } from '../goals/individual';
import type { GoalLevel } from '../report';
import type { RawTable } from '../types';
import type { SliceScope } from './index';

/**
 * The goal levels a slice keeps: its own level and below (a team slice has no school goal of
 * its own; an educator's slice only her individual goal).
 */
export function sliceLevels(scope: SliceScope): GoalLevel[] {
  if (scope.kind === 'school') return ['school', 'team', 'individual'];
  if (scope.kind === 'team' || scope.kind === 'coach') return ['team', 'individual'];
  return ['individual'];
}

interface Members {
  levels: GoalLevel[];
  teams: Set<string>;
  schools: Set<string>;
  people: Set<string>;
}

/** Whether a team or school figure (a need, a goal) is the slice's. */
function ownUnit(m: Members, level: GoalLevel, team: string | null, school: string | null) {
  if (!m.levels.includes(level)) return false;
  if (team !== null) return m.teams.has(team) && (school === null || m.schools.has(school));
  return level === 'school' && school !== null && m.schools.has(school);
}

/** An individual goal's rationale with the peers outside the slice counted, not named. */
function withSlicePeers(g: SuggestedGoal, learning: EducatorLearningNeed[], m: Members) {
  const need = learning
    .find((e) => e.sheet === g.sheet && e.educator === g.groupLabel)
    ?.needs.find((n) => !n.shared && n.component === g.measure);
  if (!need || need.peers.every((p) => m.people.has(p))) return g;
  const inside = need.peers.filter((p) => m.people.has(p));
  const rationale = g.rationale.replace(
    peersClause(need.peers),
    peersClause(inside, need.peers.length - inside.length),
  );
  return { ...g, rationale };
}

/** The slice's educators' learning needs, with peers outside the slice counted only. */
function sliceLearning(learning: GoalsResult['learning'], m: Members): GoalsResult['learning'] {
  return {
    educators: learning.educators
      .filter((e) => m.people.has(e.educator))
      .map((e) => ({
        ...e,
        needs: e.needs.map((n) => {
          const peers = n.peers.filter((p) => m.people.has(p));
          const unnamed = n.peers.length - peers.length;
          return unnamed ? { ...n, peers, unnamedPeers: unnamed } : { ...n, peers };
        }),
      })),
    teams: learning.teams.filter((t) => t.team !== null && m.teams.has(t.team)),
  };
}

/**
 * @param full the goals suggested on every record
 * @param scope the slice
 * @param datasets the slice's records (their per-student targets are kept)
 * @param config the mapping (the template's goal)
 * @param templateTable the template sheet, filled again for the slice's first goal
 */
export function sliceGoals(
  full: GoalsResult,
  scope: SliceScope,
  datasets: Dataset[],
  config: MappingConfig,
  templateTable: RawTable | null,
): GoalsResult {
  const m: Members = {
    levels: sliceLevels(scope),
    teams: new Set(scope.teams),
    schools: new Set(scope.schools),
    people: new Set(scope.educators),
  };
  const suggestions = full.suggestions
    .filter((g) =>
      g.level === 'individual'
        ? m.levels.includes('individual') && m.people.has(g.groupLabel)
        : ownUnit(m, g.level, g.team, g.school),
    )
    .map((g) => (g.level === 'individual' ? withSlicePeers(g, full.learning.educators, m) : g));
  const rows = new Set<string>();
  for (const d of datasets) d.rows.forEach((row) => rows.add(`${d.sheet}\u0000${row}`));
  const all = full.studentTargets;
  const studentTargets = all.filter((k) => rows.has(`${all.sheet(k)}\u0000${all.row(k)}`));
  const { template, issues } = fillGoalTemplate(config, templateTable, suggestions);
  return {
    ...full,
    suggestions,
    issues,
    needs: full.needs.filter((n) => ownUnit(m, n.level, n.team, n.school)),
    // A skipped need names its team only: the slice's teams' (none in an educator's slice).
    skipped: full.skipped.filter(
      (s) => m.levels.includes('team') && s.team !== null && m.teams.has(s.team),
    ),
    studentTargets,
    targetsMet: full.targetsMet.length ? targetsMetRows(studentTargets, datasets) : [],
    learning: sliceLearning(full.learning, m),
    template,
  };
}
