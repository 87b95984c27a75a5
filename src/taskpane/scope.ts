/**
 * The pane's role view (issue 20, item 3): a role and a name chosen at the top of the pane, and
 * what each step shows for them. Pure (no DOM): the store holds the choice, the handlers keep it
 * valid (handlers.chooseRole / chooseName), the steps draw what these functions keep.
 *
 *   Educator       her individual goals and her team's; her team's impact; the goals she owns
 *                  and those of her team and school (and the district's) in the alignment.
 *   Coach          when the data names coaches: her teams' goals, impact and goals (her teams:
 *                  the report's views.coaches); without coaches, "Coach / Team": one team's.
 *   Team           when the data names coaches: one team's (a coach's team meeting); without
 *                  coaches the Coach / Team role is that already, and Team is not offered.
 *   School leader  the school's teams' goals and impact, the school's goals and theirs.
 *   System leader  everything (the district).
 */
import type { AlignmentReport, GoalSuggestion, ImpactRow, Report } from '../core/report';
import type { Views } from '../core/views';

export type PaneRole = 'educator' | 'coach' | 'team' | 'school' | 'system';

export const PANE_ROLES: readonly { id: PaneRole; label: string; names: string | null }[] = [
  { id: 'educator', label: 'Educator', names: 'Educator' },
  { id: 'coach', label: 'Coach / Team', names: 'Team' },
  { id: 'team', label: 'Team', names: 'Team' },
  { id: 'school', label: 'School leader', names: 'School' },
  { id: 'system', label: 'System leader', names: null },
];

/**
 * Whether the analysis names coaches (then the coach role chooses a coach, not a team, and its
 * slice is `coach="NAME"`, not `team=`).
 */
export const hasCoaches = (views: Views | undefined) => (views?.coaches?.length ?? 0) > 0;

/** Whether the role chooses a coach (the coach role, when the data names coaches), not a team. */
export const choosesCoach = (views: Views | undefined, role: PaneRole) =>
  role === 'coach' && hasCoaches(views);

/** The roles the picker offers: Team apart from Coach only when the data names coaches. */
export function paneRoles(views: Views | undefined): readonly PaneRole[] {
  return PANE_ROLES.map((r) => r.id).filter((id) => id !== 'team' || hasCoaches(views));
}

/** A role's label in the picker: "Coach" when the data names coaches. */
export function roleLabel(views: Views | undefined, role: PaneRole): string {
  if (choosesCoach(views, role)) return 'Coach';
  return PANE_ROLES.find((r) => r.id === role)!.label;
}

/** What a role's name picker chooses ("Coach", "Team", …); null: no name (the district). */
export function nameLabel(views: Views | undefined, role: PaneRole): string | null {
  if (choosesCoach(views, role)) return 'Coach';
  return PANE_ROLES.find((r) => r.id === role)!.names;
}

/** The role a pane opens with: the district, everything shown. */
export const DEFAULT_ROLE: PaneRole = 'system';

/** The names a role chooses among (educators, teams or schools of the analysis, as it orders them). */
export function scopeNames(views: Views | undefined, role: PaneRole): string[] {
  if (!views) return [];
  if (role === 'educator') return views.educators.map((e) => e.educator);
  if (role === 'coach')
    return hasCoaches(views) ? views.coaches!.map((c) => c.coach) : views.teams.map((t) => t.team);
  if (role === 'team') return views.teams.map((t) => t.team);
  if (role === 'school') return views.schools.map((s) => s.school);
  return [];
}

/**
 * The name to show for a role: the one asked for when the analysis holds it, else its first
 * name (null for the system leader, or when the analysis names none).
 */
export function validName(views: Views | undefined, role: PaneRole, name: string | null) {
  const names = scopeNames(views, role);
  return name !== null && names.includes(name) ? name : (names[0] ?? null);
}

/** What a scope holds: its teams, its educators and the goals-sheet goals that are its own. */
export interface Scope {
  role: PaneRole;
  name: string;
  teams: Set<string>;
  educators: Set<string>;
  /** Goals-sheet IDs of the scope (the district's are always kept beside them). */
  sheetGoals: Set<string>;
}

/** The scope of a role and name; null means everything (the system leader, or no name). */
export function scopeOf(report: Report, role: PaneRole, name: string | null): Scope | null {
  const views = report.views;
  if (role === 'system' || name === null || !views) return null;
  const scope: Scope = {
    role,
    name,
    teams: new Set(),
    educators: new Set(),
    sheetGoals: new Set(),
  };
  if (role === 'educator') {
    const e = views.educators.find((x) => x.educator === name);
    if (e?.team) scope.teams.add(e.team);
    scope.educators.add(name);
    for (const id of [
      ...(e?.goals.own ?? []),
      ...(e?.goals.team ?? []),
      ...(e?.goals.school ?? []),
    ])
      scope.sheetGoals.add(id);
    return scope;
  }
  const coached = choosesCoach(views, role)
    ? new Set(views.coaches!.find((c) => c.coach === name)?.teams.map((t) => t.team) ?? [])
    : new Set([name]);
  const teams =
    role === 'coach' || role === 'team'
      ? views.teams.filter((t) => coached.has(t.team))
      : views.teams.filter((t) => t.school === name);
  for (const t of teams) {
    scope.teams.add(t.team);
    t.goals.forEach((id) => scope.sheetGoals.add(id));
  }
  if (role === 'school')
    views.schools.find((s) => s.school === name)?.goals.forEach((id) => scope.sheetGoals.add(id));
  for (const e of views.educators)
    if (e.team !== null && scope.teams.has(e.team)) {
      scope.educators.add(e.educator);
      e.goals.own.forEach((id) => scope.sheetGoals.add(id));
    }
  return scope;
}

/** The educator an individual goal is for (its group is her ID). */
const educatorOf = (g: GoalSuggestion) => (g.level === 'individual' ? g.groups[0]?.value : null);

/**
 * The suggested goals of a scope: an educator's own and her team's team goals; a team's or a
 * school's: those of its teams (team goals and their educators' individual goals).
 */
export function goalsInScope(goals: GoalSuggestion[], scope: Scope | null): GoalSuggestion[] {
  if (!scope) return goals;
  return goals.filter((g) => {
    if (g.level === 'individual') return scope.educators.has(educatorOf(g) ?? '');
    if (scope.role === 'educator' && g.level !== 'team') return false;
    return g.team !== null && scope.teams.has(g.team);
  });
}

/** The impact rows of a scope: its teams' rows (one team group each); all rows without one. */
export function impactInScope(rows: ImpactRow[], scope: Scope | null): ImpactRow[] {
  if (!scope) return rows;
  return rows.filter((r) => r.groups.length === 1 && scope.teams.has(r.groups[0].value));
}

/**
 * The alignment of a scope: the district's goals and the scope's (goals-sheet IDs, and its
 * adopted suggestions, "Suggested S3"), the links between them, and the coherence of these goals
 * (the share of those below district level with a path to a district goal).
 */
export function alignmentInScope(
  alignment: AlignmentReport | null,
  scope: Scope | null,
  suggested: GoalSuggestion[],
): AlignmentReport | null {
  if (!alignment || !scope) return alignment;
  // An adopted suggestion is in the alignment as "S3" or, when the goals sheet has an S3,
  // "Suggested S3": the same ID and the same words.
  const mine = new Set(suggested.map((g) => `${g.id}\u0000${g.statement}`));
  const isMine = (id: string, statement: string) =>
    mine.has(`${id.replace(/^Suggested (\S+).*$/, '$1')}\u0000${statement}`);
  const keep = new Set(
    alignment.goals
      .filter(
        (g) => g.level === 'district' || scope.sheetGoals.has(g.id) || isMine(g.id, g.statement),
      )
      .map((g) => g.id),
  );
  const goals = alignment.goals.filter((g) => keep.has(g.id));
  const orphans = alignment.orphans.filter((id) => keep.has(id));
  const below = goals.filter((g) => g.level !== 'district').length;
  return {
    ...alignment,
    goals,
    links: alignment.links.filter((l) => keep.has(l.from) && keep.has(l.to)),
    orphans,
    unsupported: alignment.unsupported.filter((id) => keep.has(id)),
    coherence: below === 0 ? null : (below - orphans.length) / below,
    ...(alignment.duplicates
      ? { duplicates: alignment.duplicates.filter((d) => d.goals.some((id) => keep.has(id))) }
      : {}),
  };
}

/** Who a scope is, in words: the name, or a coach's teams ("Renata Sokolova's teams"). */
export function scopeWho(role: PaneRole, name: string, views?: Views): string {
  return choosesCoach(views, role) ? `${name}'s teams` : name;
}

/** "Showing: Team Lakeside Grade 4" — what the steps below show, in words. */
export function scopeLine(role: PaneRole, name: string | null, views?: Views): string {
  if (role === 'system' || name === null) return 'Showing: the whole district.';
  const label = roleLabel(views, role);
  if (choosesCoach(views, role)) return `Showing: ${scopeWho(role, name, views)} (${label}).`;
  return `Showing: ${role === 'coach' || role === 'team' ? `Team ${name}` : name} (${label}).`;
}
