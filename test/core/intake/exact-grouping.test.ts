/**
 * Issue 17: category values merge only by case and surrounding spaces, the explicit synonym list
 * and the sheet's categoryMerges; anything else stays apart, with a warning when it looks like a
 * variant ("Team *" and "Team ?").
 */
import { describe, expect, it } from '@jest/globals';
import { CategoryBuilder } from '../../../src/core/intake/categories';

function group(column: string, cells: string[], merges: string[][] = []) {
  const b = new CategoryBuilder(column, 0, 2, cells.length, false, merges);
  cells.forEach((c, r) => b.add(r, c, r + 2));
  const { categorical, issues } = b.finish(cells.length, 'Students', 1);
  const of = (r: number) => categorical.labels[categorical.codes[r]];
  return { categorical, issues, of };
}

describe('exact grouping', () => {
  it('"Team *" and "Team ?" stay two groups, with a warning that says how to merge them', () => {
    const { categorical, issues } = group('Team', ['Team *', 'Team ?', 'Team *']);
    expect(categorical.labels).toEqual(['Team *', 'Team ?']);
    expect(Array.from(categorical.codes)).toEqual([0, 1, 0]);
    const w = issues.find((i) => i.code === 'CATEGORY_VARIANT')!;
    expect(w.severity).toBe('warning');
    expect(w.message).toContain('"categoryMerges": {"Team":[["Team *","Team ?"]]}');
    expect(issues.some((i) => i.code === 'CATEGORY_MERGED')).toBe(false);
  });
  it('case and surrounding spaces merge (an info note lists the spellings)', () => {
    const { categorical, issues, of } = group('Team', [
      'Cedar 3',
      ' cedar 3',
      'CEDAR 3 ',
      'Cedar 3',
    ]);
    expect(categorical.labels).toEqual(['Cedar 3']);
    expect(of(1)).toBe('Cedar 3');
    expect(issues.find((i) => i.code === 'CATEGORY_MERGED')!.severity).toBe('info');
  });
  it('inner spaces and symbols do not merge: "Grade 3" and "Grade-3" are two teams', () => {
    const { categorical } = group('Team', ['Grade 3', 'Grade-3']);
    expect(categorical.labels).toEqual(['Grade 3', 'Grade-3']);
  });
  it('the explicit synonym list still merges: FRL, Free/Reduced', () => {
    const { categorical } = group('Lunch', ['FRL', 'Free/Reduced', 'Paid']);
    expect(categorical.labels.length).toBe(2);
  });
  it('categoryMerges turns a reported variant into one group', () => {
    const { categorical, issues } = group(
      'Team',
      ['Team *', 'Team ?', 'Team *'],
      [['Team *', 'Team ?']],
    );
    expect(categorical.labels).toEqual(['Team *']);
    expect(Array.from(categorical.codes)).toEqual([0, 0, 0]);
    expect(issues.some((i) => i.code === 'CATEGORY_VARIANT')).toBe(false);
    expect(issues.some((i) => i.code === 'CATEGORY_MERGED')).toBe(true);
  });
});
