/**
 * A kept mapping takes in the windows a sheet gained since it was saved (src/core/intake/
 * new-windows.ts), and only when the kept measure is the first windows, post the last; a mapping
 * a person set otherwise stays as it is.
 */
import { describe, expect, it } from '@jest/globals';
import type { MappingConfig, StudentSheetConfig } from '../../../src/core/config';
import { withNewWindows } from '../../../src/core/intake/new-windows';
import type { RawTable } from '../../../src/core/types';

function students(headers: string[]): RawTable {
  const values: (string | number)[][] = [['Student ID', 'Team', ...headers]];
  for (let i = 1; i <= 20; i++)
    values.push([`S${i}`, i % 2 ? 'Blue' : 'Gold', ...headers.map((_, k) => 40 + i + 5 * k)]);
  return { sheet: 'Students', values, firstRow: 1, firstColumn: 1 };
}

const ALL = ['Reading Fall', 'Reading Winter', 'Reading Spring'];

function kept(measure: StudentSheetConfig['measures'][number]): MappingConfig {
  return {
    version: 2,
    students: [{ sheet: 'Students', id: 'Student ID', team: 'Team', measures: [measure] }],
  };
}

describe('withNewWindows', () => {
  it('extends a fall → winter mapping (pre/post columns) with spring, post moved to it', () => {
    const config = kept({ name: 'Reading', pre: 'Reading Fall', post: 'Reading Winter', max: 100 });
    const out = withNewWindows(config, [students(ALL)]);
    expect(out.config.students[0].measures[0]).toEqual({
      name: 'Reading',
      max: 100,
      windows: [
        { name: 'Fall', column: 'Reading Fall' },
        { name: 'Winter', column: 'Reading Winter' },
        { name: 'Spring', column: 'Reading Spring' },
      ],
      pre: 'Fall',
      post: 'Spring',
    });
    expect(out.added.map((i) => [i.code, i.severity, i.sheet, i.column])).toEqual([
      ['NEW_WINDOW', 'info', 'Students', 'Reading Spring'],
    ]);
    // The given config is not changed.
    expect(config.students[0].measures[0].post).toBe('Reading Winter');
  });

  it('keeps the names of a window list and adds the new window after them', () => {
    const out = withNewWindows(
      kept({
        name: 'Reading',
        windows: [
          { name: 'BOY', column: 'Reading Fall' },
          { name: 'MOY', column: 'Reading Winter' },
        ],
        pre: 'BOY',
        post: 'MOY',
      }),
      [students(ALL)],
    );
    const m = out.config.students[0].measures[0];
    expect(m.windows!.map((w) => w.name)).toEqual(['BOY', 'MOY', 'Spring']);
    expect([m.pre, m.post]).toEqual(['BOY', 'Spring']);
  });

  it('leaves alone a mapping whose post is not its last window, or that picked windows out of order', () => {
    const earlyPost = kept({
      name: 'Reading',
      windows: [
        { name: 'Fall', column: 'Reading Fall' },
        { name: 'Winter', column: 'Reading Winter' },
      ],
      pre: 'Fall',
      post: 'Fall',
    });
    expect(withNewWindows(earlyPost, [students(ALL)])).toEqual({ config: earlyPost, added: [] });
    const skipping = kept({ name: 'Reading', pre: 'Reading Fall', post: 'Reading Spring' });
    expect(withNewWindows(skipping, [students(ALL)])).toEqual({ config: skipping, added: [] });
  });

  it('changes nothing when the sheet has no new window', () => {
    const config = kept({ name: 'Reading', pre: 'Reading Fall', post: 'Reading Winter' });
    expect(withNewWindows(config, [students(ALL.slice(0, 2))])).toEqual({ config, added: [] });
  });
});
