/**
 * A slice safe to share: one team's, one school's or one educator's records, goals and figures,
 * cut from the intake before impact, alignment and any sheet are made (docs/contracts.md,
 * `--slice`), so no sheet, chart or name can show another educator's name or rating or another
 * team's students. Goals alone are suggested on every record and then cut (goals.ts), so that a
 * slice's goals are the full run's.
 *
 *   team:     the team's students and educators; goals of the district, the team's school, the
 *             team, and its members' individual goals.
 *   school:   the school's students and educators (a sheet without a School column: by its
 *             teams' school); goals of the district and the school (its teams and people).
 *   educator: her record and her students (the Teacher column; without one, her team's
 *             students); goals of the district, her school, her team, and her own.
 *   coach:    her teams' students and educators (her teams: the coach column, core/coaches.ts);
 *             goals of the district, her teams' schools, her teams, and their members'.
 * A goal's owner who is an educator outside the slice is left blank.
 */
import type { GoalsConfig } from '../config';
import type { Dataset } from '../dataset';
import { ConfigError } from '../errors';
import type { IntakeResult } from '../intake';
import { closestNames, foldName } from '../intake/names';
import type { DataQuality, DataQualityIssue } from '../report';
import { coachTeams } from '../coaches';
import { sliceGoalsTable } from './goals-table';
import { labelOf, pickRecords } from './records';

export type SliceKind = 'team' | 'school' | 'educator' | 'coach';
export const SLICE_KINDS: readonly SliceKind[] = ['team', 'school', 'educator', 'coach'];

/** What a person asked for: `team="Lakeside Grade 4"`. */
export interface Slice {
  kind: SliceKind;
  name: string;
}

/** What the slice holds, by canonical names (as the data spells them). */
export interface SliceScope {
  kind: SliceKind;
  name: string;
  teams: string[];
  schools: string[];
  educators: string[];
}

/**
 * `team="Lakeside Grade 4"` (quotes optional) → a Slice. Throws ConfigError naming the accepted
 * forms when the text is not one of them.
 */
export function parseSlice(text: string): Slice {
  const m = /^\s*(team|school|educator|coach)\s*=\s*(.*)$/i.exec(text);
  const name = m
    ? m[2]
        .trim()
        .replace(/^"(.*)"$|^'(.*)'$/s, '$1$2')
        .trim()
    : '';
  if (!m || !name)
    throw new ConfigError(
      'BAD_SLICE',
      `--slice must be team="NAME", school="NAME", educator="NAME" or coach="NAME", got "${text}".`,
    );
  return { kind: m[1].toLowerCase() as SliceKind, name };
}

/** Every name of a kind the data holds, in first-seen order. */
function namesOf(datasets: Dataset[], kind: SliceKind): string[] {
  if (kind === 'coach') return [...coachTeams(datasets).keys()];
  const seen = new Set<string>();
  for (const d of datasets) {
    if (kind === 'educator') {
      if (d.population === 'educators') d.ids.forEach((id) => seen.add(id));
      continue;
    }
    const c = kind === 'team' ? d.team : d.school;
    c?.labels.forEach((l) => seen.add(l));
  }
  return [...seen];
}

/** The name as the data spells it; ConfigError with the closest names when there is none. */
function findName(datasets: Dataset[], slice: Slice): string {
  const names = namesOf(datasets, slice.kind);
  const hit = names.find((n) => foldName(n) === foldName(slice.name));
  if (hit !== undefined) return hit;
  const near = closestNames(slice.name, names, 5);
  const list = (near.length ? near : names.slice(0, 5)).map((n) => `"${n}"`).join(', ');
  throw new ConfigError(
    'UNKNOWN_SLICE',
    names.length
      ? `No ${slice.kind} in the data is called "${slice.name}"; the closest ${near.length ? 'names are' : `${slice.kind}s are`} ${list}.`
      : `The data names no ${slice.kind}, so it cannot be sliced by ${slice.kind}; map a ${slice.kind === 'educator' ? 'educators sheet' : `${slice.kind} column`} first.`,
  );
}

/** Each team's school, from the records that name both (the first pairing seen). */
function teamSchools(datasets: Dataset[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of datasets) {
    if (!d.team || !d.school) continue;
    for (let r = 0; r < d.size; r++) {
      const t = labelOf(d.team, r);
      const s = labelOf(d.school, r);
      if (t !== null && s !== null && !out.has(t)) out.set(t, s);
    }
  }
  return out;
}

/** The educator's own record: her team and school (null where the data names none). */
function educatorHome(datasets: Dataset[], name: string) {
  for (const d of datasets) {
    if (d.population !== 'educators') continue;
    const r = d.ids.indexOf(name);
    if (r >= 0) return { team: labelOf(d.team, r), school: labelOf(d.school, r) };
  }
  return { team: null, school: null };
}

/** Whether record r of d belongs to the slice. */
function memberTest(
  datasets: Dataset[],
  kind: SliceKind,
  name: string,
): (d: Dataset, r: number) => boolean {
  const schoolOf = teamSchools(datasets);
  if (kind === 'team') return (d, r) => labelOf(d.team, r) === name;
  if (kind === 'coach') {
    const teams = new Set(coachTeams(datasets).get(name) ?? []);
    return (d, r) => teams.has(labelOf(d.team, r) ?? '\u0000');
  }
  if (kind === 'school')
    return (d, r) => {
      const team = labelOf(d.team, r);
      return d.school
        ? labelOf(d.school, r) === name
        : team !== null && schoolOf.get(team) === name;
    };
  const home = educatorHome(datasets, name);
  return (d, r) => {
    if (d.population === 'educators') return d.ids[r] === name;
    if (d.teacher) return labelOf(d.teacher, r) === name;
    return home.team !== null && labelOf(d.team, r) === home.team;
  };
}

const rowKey = (sheet: string, row: number) => `${sheet}\u0000${row}`;

/** The slice's data-quality issues (rows of its records and goals) and row counts. */
function sliceQuality(dq: DataQuality, datasets: Dataset[], goalRows: Set<string>): DataQuality {
  const rows = new Set(goalRows);
  let used = 0;
  let records = 0;
  for (const d of datasets) {
    records += d.size;
    d.rows.forEach((row) => rows.add(rowKey(d.sheet, row)));
    for (let r = 0; r < d.size; r++)
      if (d.measures.some((m) => !Number.isNaN(m.pre[r]) && !Number.isNaN(m.post[r]))) used++;
  }
  // A note on no row carries no person's value only when it has none.
  const keep = (i: DataQualityIssue) =>
    i.row === null ? i.value === null : rows.has(rowKey(i.sheet, i.row));
  return { rowsRead: records, rowsUsed: used, issues: dq.issues.filter(keep) };
}

/**
 * The intake cut down to the slice. Throws ConfigError (with the closest names) when the data
 * has no team, school or educator of that name.
 */
export function sliceIntake(
  intake: IntakeResult,
  slice: Slice,
  goalsConfig?: GoalsConfig,
): { intake: IntakeResult; scope: SliceScope } {
  const name = findName(intake.datasets, slice);
  const member = memberTest(intake.datasets, slice.kind, name);
  const datasets = intake.datasets.map((d) => {
    const keep: number[] = [];
    for (let r = 0; r < d.size; r++) if (member(d, r)) keep.push(r);
    return pickRecords(d, keep);
  });
  const scope = scopeOf(slice.kind, name, datasets, intake.datasets);
  const goals = intake.goalsTable
    ? sliceGoalsTable(intake.goalsTable, scope, namesOf(intake.datasets, 'educator'), goalsConfig)
    : null;
  const goalRows = new Set((goals?.rows ?? []).map((row) => rowKey(goals!.table.sheet, row)));
  return {
    intake: {
      ...intake,
      datasets,
      goalsTable: goals?.table ?? null,
      dataQuality: sliceQuality(intake.dataQuality, datasets, goalRows),
    },
    scope,
  };
}

/** The teams, schools and educators the sliced records name. */
function scopeOf(kind: SliceKind, name: string, sliced: Dataset[], all: Dataset[]): SliceScope {
  const teams = new Set<string>();
  const schools = new Set<string>();
  const educators = new Set<string>();
  for (const d of sliced) {
    d.team?.labels.forEach((l) => teams.add(l));
    d.school?.labels.forEach((l) => schools.add(l));
    if (d.population === 'educators') d.ids.forEach((id) => educators.add(id));
  }
  const schoolOf = teamSchools(all);
  for (const t of teams) if (schoolOf.has(t)) schools.add(schoolOf.get(t)!);
  return { kind, name, teams: [...teams], schools: [...schools], educators: [...educators] };
}
