/**
 * Plans whose rows are made one at a time (lazyPlan): they read as held plans, readers of every
 * row (planRow, withPlan, the print and width rules) leave them unmade, and once their cells are
 * read those cells, changed or not, are what every reader sees.
 */
import { describe, expect, it } from '@jest/globals';
import { withPrintSettings } from '../../../src/core/plans/print';
import {
  heldPlan,
  lazyPlan,
  planRow,
  planRowCount,
  withPlan,
  type PlanCell,
  type RowSource,
} from '../../../src/core/plans/types';

/** A source of n rows ["S<i>", i] (a header first) that counts the rows it makes. */
function counted(n: number): RowSource & { made: number } {
  return {
    count: n + 1,
    made: 0,
    row(i: number): PlanCell[] {
      this.made++;
      return i === 0 ? ['ID', 'N'] : [`S${i}`, i];
    },
  };
}

const fields = { key: 'student-targets', name: 'Student Targets', freeze: { rows: 1, columns: 0 } };

describe('lazyPlan', () => {
  it('makes its cells once, when first read, from the rows', () => {
    const source = counted(3);
    const plan = lazyPlan(fields, source);
    expect(source.made).toBe(0);
    expect(plan.rows).toBe(source);
    expect(plan.cells).toEqual([
      ['ID', 'N'],
      ['S1', 1],
      ['S2', 2],
      ['S3', 3],
    ]);
    expect(plan.cells).toBe(plan.cells);
    expect(source.made).toBe(4);
    expect(plan.rows).toBeUndefined();
  });

  it('reads row by row through planRow, holding nothing', () => {
    const source = counted(5);
    const plan = lazyPlan(fields, source);
    expect(planRowCount(plan)).toBe(6);
    expect(planRow(plan, 4)).toEqual(['S4', 4]);
    expect(planRow(plan, 4)).not.toBe(planRow(plan, 4)); // made afresh each time
    expect(plan.rows).toBe(source);
  });

  it('writes what its cells hold once they are read and changed', () => {
    const plan = lazyPlan(fields, counted(2));
    plan.cells[1][1] = 99;
    expect(planRow(plan, 1)).toEqual(['S1', 99]);
    plan.cells = [['ID', 'N']];
    expect(planRowCount(plan)).toBe(1);
  });

  it('stays lazy through withPlan and the print and width rules; a spread copy is a plain plan', () => {
    const source = counted(4);
    const plan = lazyPlan(fields, source);
    const printed = withPrintSettings([withPlan(plan, { tabColor: '#123456' })])[0];
    expect(printed.rows).toBe(source);
    expect(printed.tabColor).toBe('#123456');
    expect(printed.print?.titleRows).toEqual({ first: 1, last: 1 });
    expect(plan.rows).toBe(source);
    const copy = { ...plan };
    expect(Object.keys(copy)).not.toContain('rows');
    expect(copy.rows).toBeUndefined();
    expect(copy.cells[4]).toEqual(['S4', 4]);
  });

  it('is held as cells by heldPlan, for the pane (a function cannot cross to it)', () => {
    const held = heldPlan(lazyPlan(fields, counted(2)));
    expect(held.rows).toBeUndefined();
    expect(structuredClone(held)).toEqual({
      ...fields,
      cells: [
        ['ID', 'N'],
        ['S1', 1],
        ['S2', 2],
      ],
    });
  });
});
