/**
 * Per-student targets held as columns (StudentTargets): what each target reads from its dataset,
 * filtering, and the targets-met summary over two sheets whose subgroup columns differ. Two
 * small hand-made datasets; every expectation is read off them here.
 */
import { describe, expect, it } from '@jest/globals';
import type { Dataset } from '../../../src/core/dataset';
import { targetsMetRows } from '../../../src/core/goals/plans';
import { StudentTargets } from '../../../src/core/goals/student-targets';

/** The fields of a dataset StudentTargets reads. */
function dataset(
  sheet: string,
  teams: (string | null)[],
  groups: Record<string, (string | null)[]>,
): Dataset {
  const coded = (values: (string | null)[]) => {
    const labels = [...new Set(values.filter((v): v is string => v !== null))];
    return { labels, codes: Int32Array.from(values, (v) => (v === null ? -1 : labels.indexOf(v))) };
  };
  return {
    sheet,
    rows: teams.map((_, i) => i + 2),
    ids: teams.map((_, i) => `${sheet[0]}${i + 1}`),
    team: coded(teams),
    subgroups: Object.entries(groups).map(([column, values]) => ({ column, ...coded(values) })),
  } as unknown as Dataset;
}

const north = dataset('North', ['T1', 'T1', 'T2', null], { EL: ['Y', 'N', 'Y', null] });
const south = dataset('South', ['T1', 'T3'], { SWD: ['N', 'Y'] });

function targets(): StudentTargets {
  const t = new StudentTargets();
  [0, 1, 2, 3].forEach((i) => t.push(north, i, 'Reading', 'half-gap', 40 + i, 70 + i, false));
  t.push(south, 1, 'Reading', 'half-gap', 100, 100, true);
  t.push(south, 0, 'Math', 'tiered', 50, 55, false);
  return t;
}

describe('StudentTargets', () => {
  it('reads each target’s sheet, row, ID, team and groups from its dataset', () => {
    const t = targets();
    expect(t.length).toBe(6);
    expect(t.at(2)).toEqual({
      sheet: 'North',
      row: 4,
      id: 'N3',
      team: 'T2',
      groups: { EL: 'Y' },
      measure: 'Reading',
      method: 'half-gap',
      baseline: 42,
      target: 72,
      atMax: false,
    });
    expect(t.at(3).team).toBeNull();
    expect(t.team(3)).toBe('(school)');
    expect(t.at(3).groups).toEqual({ EL: '' });
    expect(t.at(4)).toMatchObject({ sheet: 'South', row: 3, id: 'S2', groups: { SWD: 'Y' } });
    expect(t.at(4).atMax).toBe(true);
    expect([t.measure(5), t.method(5), t.baseline(5), t.target(5)]).toEqual([
      'Math',
      'tiered',
      50,
      55,
    ]);
  });

  it('lists the subgroup columns of every sheet, blank where a sheet has no such column', () => {
    const { columns, value } = targets().groups();
    expect(columns).toEqual(['EL', 'SWD']);
    expect([0, 1, 2, 3, 4, 5].map((k) => [value(k, 0), value(k, 1)])).toEqual([
      ['Y', ''],
      ['N', ''],
      ['Y', ''],
      ['', ''],
      ['', 'Y'],
      ['', 'N'],
    ]);
  });

  it('keeps the targets a filter keeps, in order, and grows past its first capacity', () => {
    const t = targets();
    const south = t.filter((k) => t.sheet(k) === 'South');
    expect([south.length, south.id(0), south.id(1)]).toEqual([2, 'S2', 'S1']);
    const many = new StudentTargets();
    for (let i = 0; i < 1000; i++) many.push(north, i % 4, 'Reading', 'half-gap', i, i + 1, false);
    expect([many.length, many.baseline(999), many.target(999), many.id(999)]).toEqual([
      1000,
      999,
      1000,
      'N4',
    ]);
  });

  it('sums targets met by team, measure and each sheet’s own groups (no group for a missing column)', () => {
    const rows = targetsMetRows(targets(), []).map((r) => [
      r.team,
      r.measure,
      r.groupLabel,
      r.students,
    ]);
    // T1 Reading: N1 (EL Y), N2 (EL N); T2 Reading: N3 (EL Y); (school) Reading: N4 (EL blank);
    // T3 Reading: S2 (SWD Y); T1 Math: S1 (SWD N).
    expect(rows).toEqual([
      ['T1', 'Reading', 'All students', 2],
      ['T1', 'Reading', 'EL: N', 1],
      ['T1', 'Reading', 'EL: Y', 1],
      ['T1', 'Math', 'All students', 1],
      ['T1', 'Math', 'SWD: N', 1],
      ['T2', 'Reading', 'All students', 1],
      ['T2', 'Reading', 'EL: Y', 1],
      ['(school)', 'Reading', 'All students', 1],
      ['T3', 'Reading', 'All students', 1],
      ['T3', 'Reading', 'SWD: Y', 1],
    ]);
  });
});
