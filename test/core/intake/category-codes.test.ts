/**
 * Category codes take two bytes a record (Int16Array) while every code fits, and four
 * (Int32Array) from the 32,768th spelling on, with the same groups either way.
 */
import { describe, expect, it } from '@jest/globals';
import { readDatasets } from '../../../src/core/intake';
import type { MappingConfig } from '../../../src/core/config';
import type { CellValue, RawTable } from '../../../src/core/types';

function sheet(rows: CellValue[][]): RawTable {
  return {
    sheet: 'Students',
    firstRow: 1,
    firstColumn: 1,
    values: [['ID', 'Team', 'EL', 'Fall', 'Spring'], ...rows],
  };
}

const config: MappingConfig = {
  version: 1,
  students: [
    {
      sheet: 'Students',
      id: 'ID',
      team: 'Team',
      subgroups: ['EL'],
      measures: [{ name: 'Reading', pre: 'Fall', post: 'Spring', max: 100 }],
    },
  ],
} as MappingConfig;

describe('category codes', () => {
  it('a few teams: two bytes a record, codes index the labels, blank subgroup cells a group', () => {
    const { datasets } = readDatasets(
      [
        sheet([
          ['s1', 'Team B', 'Y', 40, 50],
          ['s2', 'Team A', 'N', 41, 52],
          ['s3', 'Team B', null, 42, 53],
          ['s4', null, 'Y', 43, 54],
        ]),
      ],
      config,
    );
    const ds = datasets[0];
    expect(ds.team!.codes).toBeInstanceOf(Int16Array);
    const teamOf = (r: number) =>
      ds.team!.codes[r] < 0 ? null : ds.team!.labels[ds.team!.codes[r]];
    expect([0, 1, 2, 3].map(teamOf)).toEqual(['Team B', 'Team A', 'Team B', null]);
    const el = ds.subgroups[0];
    expect(el.codes).toBeInstanceOf(Int16Array);
    expect([0, 1, 2, 3].map((r) => el.labels[el.codes[r]])).toEqual(['Y', 'N', '(blank)', 'Y']);
  });

  it('40,000 teams: four bytes a record from the 32,768th, every record still in its own team', () => {
    const n = 40_000;
    const rows: CellValue[][] = [];
    // Each team twice, the second time after every team has been seen once.
    for (let pass = 0; pass < 2; pass++)
      for (let t = 0; t < n; t++) rows.push([`s${pass}-${t}`, `Team ${t}`, 'N', 40, 50]);
    const ds = readDatasets([sheet(rows)], config).datasets[0];
    const team = ds.team!;
    expect(team.codes).toBeInstanceOf(Int32Array);
    expect(team.labels.length).toBe(n);
    for (const r of [0, 1, 32_766, 32_767, 32_768, 39_999, 40_000, 72_767, 79_999])
      expect(team.labels[team.codes[r]]).toBe(`Team ${r % n}`);
  });
});
