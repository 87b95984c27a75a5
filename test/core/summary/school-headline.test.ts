/**
 * The summary's headline per school is read from the impact rows (one engine for a figure):
 * the overall row as "All schools", then each school's row, by hand on a small set; with the
 * school column being the team column, the team rows are the schools'.
 */
import { describe, expect, it } from '@jest/globals';
import type { MappingConfig } from '../../../src/core/config';
import { computeImpact } from '../../../src/core/impact';
import { ALL_SCHOOLS, schoolHeadlines } from '../../../src/core/summary/school-headline';
import { categorical, dataset } from '../impact/helpers';

const CONFIG: MappingConfig = { version: 1, students: [], minN: 1 };

// Schools N (records 0, 1, 4) and S (2, 3); record 5 has none. Scores 0–100, cut 60.
const students = dataset({
  team: ['A', 'A', 'B', 'B', 'C', 'C'],
  school: ['N', 'N', 'S', 'S', 'N', null],
  subgroups: { EL: ['Y', 'N', 'Y', 'N', 'Y', 'N'] },
  measures: [
    {
      name: 'Reading',
      pre: [50, 60, 40, 80, 70, 30],
      post: [60, 80, 40, 90, null, 50],
      max: 100,
      proficient: 60,
    },
  ],
});

describe('schoolHeadlines', () => {
  it('all schools, then each school with pairs, from the impact rows (by hand)', () => {
    const impact = computeImpact([students], CONFIG);
    const rows = schoolHeadlines(impact, [students]);
    expect(rows.map((r) => [r.school, r.measure, r.n])).toEqual([
      [ALL_SCHOOLS, 'Reading', 5],
      ['N', 'Reading', 2],
      ['S', 'Reading', 2],
    ]);
    // N: 50→60, 60→80: change 15; gains 10/50 and 20/40 → 0.35; proficient 1/2 → 2/2.
    const n = rows[1];
    expect([n.meanDiff, n.pctProficientPre, n.pctProficientPost]).toEqual([15, 0.5, 1]);
    expect(Math.abs(n.avgNormalizedGain! - 0.35)).toBeLessThan(1e-12);
    // S: 40→40, 80→90: change 5; gains 0 and 10/20 → 0.25; proficient 1/2 → 1/2.
    const s = rows[2];
    expect([s.meanDiff, s.avgNormalizedGain, s.pctProficientPre, s.pctProficientPost]).toEqual([
      5, 0.25, 0.5, 0.5,
    ]);
    // The very impact rows: the summary links to their cells.
    expect(rows[1].row).toBe(
      impact.find((r) => r.groups.length === 1 && r.groups[0].value === 'N'),
    );
  });

  it('a school column that is the team column: the team rows', () => {
    const bySchool = { ...students, school: students.team };
    const rows = schoolHeadlines(computeImpact([bySchool], CONFIG), [bySchool]);
    // All: changes 10, 20, 0, 10, 20 → 12. A: 50→60, 60→80 (15); B: 40→40, 80→90 (5); C: 30→50
    // only (20).
    expect(rows.map((r) => [r.school, r.n, r.meanDiff])).toEqual([
      [ALL_SCHOOLS, 5, 12],
      ['A', 2, 15],
      ['B', 2, 5],
      ['C', 1, 20],
    ]);
  });

  it('educators are left out; a second student sheet reads its own rows', () => {
    const educators = { ...students, population: 'educators' as const };
    const other = { ...students, school: categorical('School', ['X', 'X', 'X', 'Y', 'Y', 'Y']) };
    const impact = computeImpact([educators, students, other], CONFIG);
    const rows = schoolHeadlines(impact, [educators, students, other]);
    // Sheet 3: X = 50→60, 60→80, 40→40 (change 10); Y = 80→90, 30→50 (15); 70 unpaired.
    expect(rows.map((r) => [r.school, r.n, r.meanDiff])).toEqual([
      [ALL_SCHOOLS, 5, 12],
      ['N', 2, 15],
      ['S', 2, 5],
      [ALL_SCHOOLS, 5, 12],
      ['X', 3, 10],
      ['Y', 2, 15],
    ]);
  });
});
