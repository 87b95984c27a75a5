/**
 * The groups the impact figures are reported for, in report order, so the engine and the sheet
 * builders enumerate them the same way: per dataset and measure, overall, each team, each
 * school, each value of each subgroup, then school × subgroup value, then team × subgroup value
 * (students only; educators get overall and by team).
 */
import type { Categorical, Dataset } from '../dataset';
import type { GroupRef } from '../report';

export type GroupSpec =
  | { kind: 'all' }
  | { kind: 'team'; team: number }
  | { kind: 'subgroup'; sub: number; value: number }
  | { kind: 'cross'; team: number; sub: number; value: number }
  /** A school (a code of the school column, reported subgroup 0) × a value of subgroup `sub`. */
  | { kind: 'schoolCross'; school: number; sub: number; value: number };

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Category codes in natural order of their labels ("2" before "10"). */
export function sortedCodes(cat: Categorical | null): number[] {
  if (!cat) return [];
  return cat.labels
    .map((_, i) => i)
    .sort((a, b) => collator.compare(cat.labels[a], cat.labels[b]) || a - b);
}

/**
 * The school column of a student dataset when it is reported as a group of its own: mapped,
 * and neither the team column nor one of the subgroups.
 */
function schoolGroup(ds: Dataset): Categorical | null {
  const s = ds.school;
  if (ds.population !== 'students' || !s || s.labels.length === 0) return null;
  if (ds.team?.column === s.column || ds.subgroups.some((g) => g.column === s.column)) return null;
  return s;
}

/**
 * Group columns reported for a dataset besides the team: for students, the school first (when
 * mapped), then each subgroup; none for educators.
 */
export function reportedSubgroups(ds: Dataset): Categorical[] {
  if (ds.population !== 'students') return [];
  const school = schoolGroup(ds);
  return school ? [school, ...ds.subgroups] : ds.subgroups;
}

/**
 * Whether team × this column is reported: not for the school (a team works in one school, so
 * team × school would repeat the team's rows).
 */
export function crossedWithTeams(ds: Dataset, sub: number): boolean {
  return !(sub === 0 && schoolGroup(ds) !== null);
}

/**
 * Whether school × this column is reported: for each subgroup other than the school, when a
 * school is reported (the school is reported subgroup 0).
 */
export function crossedWithSchools(ds: Dataset, sub: number): boolean {
  return sub > 0 && schoolGroup(ds) !== null;
}

/** Every group of a dataset, in report order (empty groups are dropped later). */
export function groupSpecs(ds: Dataset): GroupSpec[] {
  const teams = sortedCodes(ds.team);
  const subs = reportedSubgroups(ds);
  const specs: GroupSpec[] = [{ kind: 'all' }];
  for (const team of teams) specs.push({ kind: 'team', team });
  subs.forEach((s, sub) => {
    for (const value of sortedCodes(s)) specs.push({ kind: 'subgroup', sub, value });
  });
  const schools = subs.length ? sortedCodes(subs[0]) : [];
  subs.forEach((s, sub) => {
    if (!crossedWithSchools(ds, sub)) return;
    const values = sortedCodes(s);
    for (const school of schools) {
      for (const value of values) specs.push({ kind: 'schoolCross', school, sub, value });
    }
  });
  subs.forEach((s, sub) => {
    if (!crossedWithTeams(ds, sub)) return;
    const values = sortedCodes(s); // once per column, not once per team
    for (const team of teams) {
      for (const value of values) specs.push({ kind: 'cross', team, sub, value });
    }
  });
  return specs;
}

/** The report's `groups` of a spec. */
export function groupRefs(ds: Dataset, spec: GroupSpec): GroupRef[] {
  const subs = reportedSubgroups(ds);
  const team = (code: number): GroupRef => ({
    column: ds.team!.column,
    value: ds.team!.labels[code],
  });
  const sub = (j: number, code: number): GroupRef => ({
    column: subs[j].column,
    value: subs[j].labels[code],
  });
  switch (spec.kind) {
    case 'all':
      return [];
    case 'team':
      return [team(spec.team)];
    case 'subgroup':
      return [sub(spec.sub, spec.value)];
    case 'cross':
      return [team(spec.team), sub(spec.sub, spec.value)];
    case 'schoolCross':
      return [sub(0, spec.school), sub(spec.sub, spec.value)];
  }
}

/** A stable text key of a row's identity, to match report rows with sheet rows. */
export function rowKey(population: string, measure: string, groups: GroupRef[]): string {
  return JSON.stringify([population, measure, groups.map((g) => [g.column, g.value])]);
}
