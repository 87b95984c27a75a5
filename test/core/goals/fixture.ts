/**
 * A tiny hand-made district (two teams of four students, four educators) whose numbers are
 * worked out by hand in suggest.test.ts. minN = 3.
 */
import type { MappingConfig } from '../../../src/core/config';
import type { Categorical, Dataset } from '../../../src/core/dataset';
import type { GoalsInput } from '../../../src/core/goals';
import type { RawTable } from '../../../src/core/types';

const cat = (column: string, values: string[]): Categorical => {
  const labels = [...new Set(values)];
  return { column, labels, codes: Int32Array.from(values.map((v) => labels.indexOf(v))) };
};

// Team A: pre 2,4,6,8 → post 3,5,7,10 (EL Y,Y,N,N); Team B: pre 5,5,6,9 → post 6,7,6,10 (EL Y,N,N,N).
export const students: Dataset = {
  population: 'students',
  sheet: 'Students',
  headerRow: 1,
  size: 8,
  rows: Int32Array.from([2, 3, 4, 5, 6, 7, 8, 9]),
  ids: ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'],
  idColumn: 'ID',
  team: cat('Team', ['A', 'A', 'A', 'A', 'B', 'B', 'B', 'B']),
  school: null,
  teacher: null,
  subgroups: [cat('EL', ['Y', 'Y', 'N', 'N', 'Y', 'N', 'N', 'N'])],
  measures: [
    {
      name: 'Reading',
      preColumn: 'R1',
      postColumn: 'R2',
      max: 10,
      proficient: 6,
      pre: Float64Array.from([2, 4, 6, 8, 5, 5, 6, 9]),
      post: Float64Array.from([3, 5, 7, 10, 6, 7, 6, 10]),
    },
  ],
};
// Educators (max 4), post ratings: E1 A Q2 D3; E2 A Q2 D3; E3 A Q3 D2; E4 B Q3 D1 (pre = post).
const q = [2, 2, 3, 3];
const d = [3, 3, 2, 1];
export const educators: Dataset = {
  population: 'educators',
  sheet: 'Educators',
  headerRow: 1,
  size: 4,
  rows: Int32Array.from([2, 3, 4, 5]),
  ids: ['E1', 'E2', 'E3', 'E4'],
  idColumn: 'Name',
  team: cat('Team', ['A', 'A', 'A', 'B']),
  school: null,
  teacher: null,
  subgroups: [],
  measures: [
    {
      name: 'Questioning',
      preColumn: 'Q1',
      postColumn: 'Q2',
      max: 4,
      proficient: null,
      pre: Float64Array.from(q),
      post: Float64Array.from(q),
    },
    {
      name: 'Discussion',
      preColumn: 'D1',
      postColumn: 'D2',
      max: 4,
      proficient: null,
      pre: Float64Array.from(d),
      post: Float64Array.from(d),
    },
  ],
};
export const goalsTable: RawTable = {
  sheet: 'Goals',
  firstRow: 1,
  firstColumn: 1,
  values: [
    ['Goal ID', 'Level', 'Goal', 'Focus'],
    ['D1', 'District', 'Raise reading proficiency', 'Reading'],
    [
      'D2',
      'District',
      'Effective questioning and discussion in every classroom',
      'Questioning and discussion',
    ],
    ['T1', 'Team', 'Grade 3 math', 'Math'],
  ],
};
export const config: MappingConfig = {
  version: 1,
  students: [],
  minN: 3,
  schoolYearEnd: '2027-06-15',
};
export const input: GoalsInput = {
  datasets: [students, educators],
  impact: [],
  goalsTable,
  templateTable: null,
  config,
  now: new Date('2026-11-23T10:00:00Z'),
};
