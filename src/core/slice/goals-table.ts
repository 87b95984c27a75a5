/**
 * The goals sheet cut down to a slice's goals: a goal row outside the slice becomes a blank row
 * (so every kept goal keeps its Excel row for data-quality notes), and an owner who is an
 * educator outside the slice is left blank. The goals sheet of the workbook is never changed:
 * this is a copy of its values.
 */
import { readGoalsSheet, type GoalRecord } from '../alignment/goals-sheet';
import type { GoalsConfig } from '../config';
import { layoutSheet } from '../intake/layout';
import { foldName } from '../intake/names';
import type { RawTable } from '../types';
import type { SliceScope } from './index';

const folded = (xs: string[]) => new Set(xs.map(foldName));
const has = (set: Set<string>, s: string | null) => s !== null && set.has(foldName(s));

/** Whether a goal belongs to the slice (see index.ts for the rules per kind). */
function inSlice(g: GoalRecord, scope: SliceScope): boolean {
  const teams = folded(scope.teams);
  const schools = folded(scope.schools);
  const people = folded(scope.educators);
  switch (g.level) {
    case 'district':
      return true;
    case 'school':
      return has(schools, g.school);
    case 'team':
      return scope.kind === 'school'
        ? has(schools, g.school) || has(teams, g.team)
        : has(teams, g.team);
    case 'individual':
      if (scope.kind === 'educator') return has(people, g.owner);
      if (scope.kind === 'school')
        return has(schools, g.school) || has(teams, g.team) || has(people, g.owner);
      return has(teams, g.team) || has(people, g.owner);
  }
}

/**
 * @param table the goals sheet's used range
 * @param scope the slice
 * @param educators every educator the data names (an owner among them outside the slice is blanked)
 * @param cfg config.goals (header row, columns)
 * @returns the table with only the slice's goal rows, and the Excel rows kept
 */
export function sliceGoalsTable(
  table: RawTable,
  scope: SliceScope,
  educators: string[],
  cfg?: GoalsConfig,
): { table: RawTable; rows: number[] } {
  const read = readGoalsSheet(table, cfg);
  const values = table.values.map((row) => [...row]);
  const others = folded(educators.filter((e) => !folded(scope.educators).has(foldName(e))));
  const ownerAt = read.excelColumns.owner;
  const rows: number[] = [];
  for (const g of read.goals) {
    if (g.row === null) continue;
    const i = g.row - table.firstRow;
    if (!inSlice(g, scope)) {
      values[i] = [];
      continue;
    }
    rows.push(g.row);
    if (ownerAt !== undefined && has(others, g.owner))
      values[i][ownerAt - table.firstColumn] = null;
  }
  // Rows the reader left out (no level, a duplicate ID) are not the slice's either.
  const kept = new Set(rows.map((r) => r - table.firstRow));
  const header = layoutSheet(table, cfg?.headerRow).headerIndex;
  const start = header < 0 ? values.length : header + 1;
  for (let i = start; i < values.length; i++) if (!kept.has(i)) values[i] = [];
  return { table: { ...table, values }, rows };
}
