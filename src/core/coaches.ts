/**
 * A coach's teams, known from the data: the educator sheets' `coach` column names each
 * educator's coach, and a team's coach is the first one its rows name. A team whose rows name
 * another coach too is a COACH_CONFLICT (one per team and sheet, on the first row naming the
 * other coach); the first coach is used. This is the one place the rule is written: the views,
 * the Coach View, the slice and the pane all read `teamCoaches`.
 */
import type { Dataset } from './dataset';
import { makeIssue } from './quality/issues';
import type { DataQualityIssue } from './report';
import { labelOf } from './slice/records';

interface Seen {
  coach: string;
  sheet: string;
  row: number;
}

function walk(
  datasets: Dataset[],
  conflict?: (d: Dataset, r: number, team: string, first: Seen, other: string) => void,
): Map<string, string> {
  const first = new Map<string, Seen>();
  for (const d of datasets) {
    if (d.population !== 'educators' || !d.coach) continue;
    for (let r = 0; r < d.size; r++) {
      const team = labelOf(d.team, r);
      const coach = labelOf(d.coach, r);
      if (team === null || coach === null) continue;
      const seen = first.get(team);
      if (!seen) first.set(team, { coach, sheet: d.sheet, row: d.rows[r] });
      else if (seen.coach !== coach) conflict?.(d, r, team, seen, coach);
    }
  }
  return new Map([...first].map(([team, s]) => [team, s.coach]));
}

/** Each team's coach (team → coach, in first-seen order); empty when no sheet names coaches. */
export function teamCoaches(datasets: Dataset[]): Map<string, string> {
  return walk(datasets);
}

/** Each coach's teams (coach → teams, both in first-seen order). */
export function coachTeams(datasets: Dataset[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [team, coach] of teamCoaches(datasets)) {
    const list = out.get(coach);
    if (list) list.push(team);
    else out.set(coach, [team]);
  }
  return out;
}

/** A COACH_CONFLICT per team and sheet whose rows name a second coach. */
export function coachConflicts(datasets: Dataset[]): DataQualityIssue[] {
  const issues: DataQualityIssue[] = [];
  const told = new Set<string>();
  walk(datasets, (d, r, team, first, other) => {
    const key = `${d.sheet}\u0000${team}`;
    if (told.has(key)) return;
    told.add(key);
    const row = d.rows[r];
    issues.push(
      makeIssue(
        'COACH_CONFLICT',
        d.sheet,
        row,
        d.coach!.column,
        other,
        `Team "${team}" has coach "${first.coach}" on row ${first.row} of "${first.sheet}" and "${other}" on row ${row}: a team has one coach, so "${first.coach}" is used.`,
      ),
    );
  });
  return issues;
}
