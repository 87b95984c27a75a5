/**
 * The pane's role view (issue 20, item 3; src/taskpane/scope.ts) on the example district: for an
 * educator, a coach (her teams), a team (data without coaches), a school and the district, what
 * the Goals, Impact and Alignment steps keep. Who is in which team, school and coach's care, and
 * which goals of the goals sheet are whose, are read here from the input sheets' cells
 * (Educators: A name, B team, C school, E coach; Goals: A ID, B level, C owner, D school,
 * E team), not from the engine.
 */
import { beforeAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { analyze } from '../../src/core/analyze';
import type { Report } from '../../src/core/report';
import type { RawTable } from '../../src/core/types';
import {
  alignmentInScope,
  goalsInScope,
  impactInScope,
  nameLabel,
  paneRoles,
  roleLabel,
  scopeLine,
  scopeNames,
  scopeOf,
  validName,
} from '../../src/taskpane/scope';
import { paneWorkbook } from '../e2e/pane-workbook';

let report: Report;
let educators: { name: string; team: string; school: string; coach: string }[] = [];
let sheetGoals: { id: string; level: string; owner: string; school: string; team: string }[] = [];

const rowsOf = (tables: RawTable[], sheet: string) =>
  tables
    .find((t) => t.sheet === sheet)!
    .values.slice(1)
    .filter((r) => r.some((v) => v !== null && v !== ''))
    .map((r) => r.map((v) => (v === null ? '' : String(v))));

beforeAll(async () => {
  const { tables, example } = await paneWorkbook();
  expect(example).toBe(true);
  educators = rowsOf(tables, 'Educators').map(([name, team, school, , coach]) => ({
    name,
    team,
    school,
    coach,
  }));
  // The Goals sheet's header is on row 1 of its used range (docs/goals-sheet.md layout).
  const goals = tables.find((t) => t.sheet === 'Goals')!;
  const header = goals.values[0].map((v) => String(v ?? '').toLowerCase());
  const col = (word: string) => header.findIndex((h) => h.includes(word));
  const [id, level, owner, school, team] = ['id', 'level', 'owner', 'school', 'team'].map(col);
  sheetGoals = rowsOf(tables, 'Goals').map((r) => ({
    id: r[id],
    level: r[level].toLowerCase(),
    owner: r[owner],
    school: r[school],
    team: r[team],
  }));
  report = analyze({
    tables,
    existingSheets: tables.map((t) => t.sheet),
    state: null,
    now: new Date('2026-05-01T10:00:00Z'),
    plans: false,
  }).report;
}, 120_000);

const TEAM = 'Lakeside Grade 4';
const SCHOOL = 'Northview Middle School';
const COACH = 'Theo Lindqvist';
/** The same analysis as if the data named no coach: the coach role then chooses a team. */
const teamOnly = (): Report => ({ ...report, views: { ...report.views!, coaches: undefined } });

describe('the names a role chooses among', () => {
  it('educators, teams and schools of the example; none for the system leader', () => {
    expect(new Set(scopeNames(report.views, 'educator'))).toEqual(
      new Set(educators.map((e) => e.name)),
    );
    expect(new Set(scopeNames(report.views, 'coach'))).toEqual(
      new Set(educators.map((e) => e.coach)),
    );
    expect(new Set(scopeNames(teamOnly().views, 'coach'))).toEqual(
      new Set(educators.map((e) => e.team)),
    );
    expect(new Set(scopeNames(report.views, 'school'))).toEqual(
      new Set(educators.map((e) => e.school)),
    );
    expect(scopeNames(report.views, 'system')).toEqual([]);
    expect(validName(teamOnly().views, 'coach', 'No Such Team')).toBe(
      scopeNames(teamOnly().views, 'coach')[0],
    );
    expect(validName(teamOnly().views, 'coach', TEAM)).toBe(TEAM);
    expect(validName(report.views, 'coach', COACH)).toBe(COACH);
    expect(nameLabel(report.views, 'coach')).toBe('Coach');
    expect(nameLabel(teamOnly().views, 'coach')).toBe('Team');
    expect(roleLabel(report.views, 'coach')).toBe('Coach');
    expect(scopeLine('coach', COACH, report.views)).toBe(`Showing: ${COACH}'s teams (Coach).`);
    expect(scopeLine('coach', TEAM, teamOnly().views)).toBe(
      `Showing: Team ${TEAM} (Coach / Team).`,
    );
    expect(scopeOf(report, 'system', null)).toBeNull();
  });
});

describe('the Team role beside Coach when the data names coaches (a team meeting)', () => {
  it('is offered only when there are coaches, chooses among the teams, and scopes one team', () => {
    expect(paneRoles(report.views)).toEqual(['educator', 'coach', 'team', 'school', 'system']);
    expect(paneRoles(teamOnly().views)).toEqual(['educator', 'coach', 'school', 'system']);
    expect(new Set(scopeNames(report.views, 'team'))).toEqual(
      new Set(educators.map((e) => e.team)),
    );
    expect(scopeLine('team', TEAM, report.views)).toBe(`Showing: Team ${TEAM} (Team).`);
    // The same scope as the Coach / Team role has for that team when the data names no coach.
    const scope = scopeOf(report, 'team', TEAM)!;
    const same = scopeOf(teamOnly(), 'coach', TEAM)!;
    expect([...scope.teams]).toEqual([TEAM]);
    expect(scope.educators).toEqual(same.educators);
    expect(scope.sheetGoals).toEqual(same.sheetGoals);
    expect(scope.educators).toEqual(
      new Set(educators.filter((e) => e.team === TEAM).map((e) => e.name)),
    );
  });
});

describe('a coach role without coaches in the data (a team)', () => {
  it('Goals: the team goals of the team and its educators’ individual goals, all of them', () => {
    const members = educators.filter((e) => e.team === TEAM).map((e) => e.name);
    const scope = scopeOf(teamOnly(), 'coach', TEAM);
    const kept = goalsInScope(report.goals, scope).map((g) => g.id);
    const expected = report.goals
      .filter((g) =>
        g.level === 'individual' ? members.includes(g.groups[0].value) : g.team === TEAM,
      )
      .map((g) => g.id);
    expect(kept).toEqual(expected);
    expect(kept.length).toBeGreaterThan(1);
    expect(kept.length).toBeLessThan(report.goals.length);
  });

  it('Impact: the team’s rows only', () => {
    const rows = impactInScope(report.impact, scopeOf(teamOnly(), 'coach', TEAM));
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.groups.map((g) => g.value).join('|')))).toEqual(
      new Set([TEAM]),
    );
  });

  it('Alignment: the district’s goals, the team’s, its school’s none, its members’ own', () => {
    const members = educators.filter((e) => e.team === TEAM).map((e) => e.name);
    const scope = scopeOf(teamOnly(), 'coach', TEAM);
    const a = alignmentInScope(report.alignment, scope, goalsInScope(report.goals, scope))!;
    const expected = sheetGoals
      .filter(
        (g) =>
          g.level === 'district' ||
          (g.level === 'team' && g.team === TEAM) ||
          (g.level === 'individual' && members.includes(g.owner)),
      )
      .map((g) => g.id);
    expect(new Set(a.goals.map((g) => g.id))).toEqual(new Set(expected));
    for (const l of a.links) expect(expected).toEqual(expect.arrayContaining([l.from, l.to]));
  });
});

describe('a coach: her teams (the coach column)', () => {
  const theirs = () => new Set(educators.filter((e) => e.coach === COACH).map((e) => e.team));
  it('Goals: the team goals of her teams and their educators’ individual goals', () => {
    const teams = theirs();
    expect(teams.size).toBe(5);
    const members = educators.filter((e) => teams.has(e.team)).map((e) => e.name);
    const kept = goalsInScope(report.goals, scopeOf(report, 'coach', COACH)).map((g) => g.id);
    const expected = report.goals
      .filter((g) =>
        g.level === 'individual'
          ? members.includes(g.groups[0].value)
          : g.team !== null && teams.has(g.team),
      )
      .map((g) => g.id);
    expect(kept).toEqual(expected);
    expect(kept.length).toBeGreaterThan(5);
  });

  it('Impact: her teams’ rows only, every one of them', () => {
    const rows = impactInScope(report.impact, scopeOf(report, 'coach', COACH));
    expect(new Set(rows.map((r) => r.groups.map((g) => g.value).join('|')))).toEqual(theirs());
  });

  it('Alignment: the district’s goals, her teams’ and their members’ own', () => {
    const teams = theirs();
    const members = educators.filter((e) => teams.has(e.team)).map((e) => e.name);
    const scope = scopeOf(report, 'coach', COACH);
    const a = alignmentInScope(report.alignment, scope, goalsInScope(report.goals, scope))!;
    const expected = sheetGoals
      .filter(
        (g) =>
          g.level === 'district' ||
          (g.level === 'team' && teams.has(g.team)) ||
          (g.level === 'individual' && members.includes(g.owner)),
      )
      .map((g) => g.id);
    expect(new Set(a.goals.map((g) => g.id))).toEqual(new Set(expected));
  });
});

describe('a school leader', () => {
  it('Goals: the goals of the school’s teams and their educators', () => {
    const teams = new Set(educators.filter((e) => e.school === SCHOOL).map((e) => e.team));
    const kept = goalsInScope(report.goals, scopeOf(report, 'school', SCHOOL));
    expect(kept.length).toBeGreaterThan(1);
    expect(kept.every((g) => teams.has(g.team ?? ''))).toBe(true);
    const others = report.goals.filter((g) => !kept.includes(g));
    expect(others.every((g) => !teams.has(g.team ?? ''))).toBe(true);
  });

  it('Alignment: the school’s goals are there, no other school’s', () => {
    const scope = scopeOf(report, 'school', SCHOOL);
    const ids = new Set(
      alignmentInScope(report.alignment, scope, goalsInScope(report.goals, scope))!.goals.map(
        (g) => g.id,
      ),
    );
    for (const g of sheetGoals.filter((x) => x.level === 'school'))
      expect([g.id, ids.has(g.id)]).toEqual([g.id, g.school === SCHOOL]);
  });
});

describe('an educator', () => {
  it('Goals: her individual goal and her team’s team goals, nothing else', () => {
    const me = educators.find(
      (e) =>
        e.team === TEAM &&
        report.goals.some((g) => g.level === 'individual' && g.groups[0].value === e.name),
    )!;
    const kept = goalsInScope(report.goals, scopeOf(report, 'educator', me.name));
    expect(kept.filter((g) => g.level === 'individual').map((g) => g.groups[0].value)).toEqual([
      me.name,
    ]);
    expect(new Set(kept.filter((g) => g.level !== 'individual').map((g) => g.team))).toEqual(
      new Set([TEAM]),
    );
  });

  it('Alignment: the goals she owns, her team’s and her school’s, and the district’s', () => {
    const owner = sheetGoals.find((g) => g.level === 'individual' && g.owner)!;
    const me = educators.find((e) => e.name === owner.owner)!;
    const scope = scopeOf(report, 'educator', me.name);
    const a = alignmentInScope(report.alignment, scope, goalsInScope(report.goals, scope))!;
    const expected = sheetGoals
      .filter(
        (g) =>
          g.level === 'district' ||
          (g.level === 'school' && g.school === me.school) ||
          (g.level === 'team' && g.team === me.team) ||
          g.owner === me.name,
      )
      .map((g) => g.id);
    expect(new Set(a.goals.map((g) => g.id))).toEqual(new Set(expected));
  });
});

describe('the system leader', () => {
  it('sees everything', () => {
    expect(goalsInScope(report.goals, null)).toBe(report.goals);
    expect(impactInScope(report.impact, null)).toBe(report.impact);
    expect(alignmentInScope(report.alignment, null, report.goals)).toBe(report.alignment);
  });
});
