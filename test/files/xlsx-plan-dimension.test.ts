/**
 * The <dimension> of a plan sheet: from the extent of its values found in the pass that
 * fingerprints the rows (ValueExtent) and the styled cells of its looks, it is the one a pass
 * over every cell finds (planDimension without the extent). Seeded random sheets: blank, styled
 * and unstyled cells, values past the styles and styles past the values, looks without a style.
 */
import { describe, expect, it } from '@jest/globals';
import { mulberry32 as seeded } from '../../bench/seeded.cjs';
import type { CellStyle, PlanCell, SheetPlan } from '../../src/core/plans/types';
import {
  ValueExtent,
  madeExtent,
  planDimension,
  planLooks,
  type SheetRows,
} from '../../src/files/xlsx/write/plan-sheet';

function randomSheet(random: () => number): { plan: SheetPlan; cells: PlanCell[][] } {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const rows = Math.floor(random() * 12);
  const width = Math.floor(random() * 8);
  const cells = Array.from({ length: rows }, () =>
    Array.from({ length: width }, () =>
      random() < 0.7
        ? null
        : pick<PlanCell>(['x', 1, NaN, Infinity, true, { formula: '=1', value: 1 }]),
    ),
  );
  const rect = () => ({
    row: 1 + Math.floor(random() * 14),
    column: 1 + Math.floor(random() * 10),
    rowCount: 1 + Math.floor(random() * 4),
    columnCount: 1 + Math.floor(random() * 3),
  });
  const styles: CellStyle[] = Array.from({ length: Math.floor(random() * 4) }, () => ({
    rect: rect(),
    ...pick<Partial<CellStyle>>([{ bold: true }, { fill: '#FFF9E6' }, { italic: true }]),
  }));
  const numberFormats = Array.from({ length: Math.floor(random() * 3) }, () => ({
    rect: rect(),
    format: '0.0',
  }));
  return { plan: { key: 'k', name: 'S', cells, styles, numberFormats }, cells };
}

describe('planDimension', () => {
  it('is the same from the rows’ value extent as from a pass over every cell (500 seeded sheets)', () => {
    const random = seeded(20261207);
    let styledPast = 0;
    for (let n = 0; n < 500; n++) {
      const { plan, cells } = randomSheet(random);
      const width = cells[0]?.length ?? 0;
      const looks = planLooks(plan, cells.length, width);
      // Some looks get no style of their own (index 0), as a look exceljs folds into the default.
      const styleIndex = (id: number) => (id % 3 === 2 ? 0 : 40 + id);
      const sheet: SheetRows = { rows: cells.length, rowAt: (i) => cells[i] };
      const values = new ValueExtent();
      cells.forEach((row, i) => values.add(i + 1, row));
      const fast = planDimension({ ...sheet, values }, looks, styleIndex);
      expect([n, fast]).toEqual([n, planDimension(sheet, looks, styleIndex)]);
      if (looks.rows > cells.length) styledPast++;
    }
    expect(styledPast).toBeGreaterThan(100);
  });

  it('madeExtent finds from a few rows what ValueExtent finds from all (500 seeded sheets)', () => {
    const random = seeded(20261208);
    for (let n = 0; n < 500; n++) {
      const { cells } = randomSheet(random);
      const width = cells[0]?.length ?? 0;
      const values = new ValueExtent();
      cells.forEach((row, i) => values.add(i + 1, row));
      const made = madeExtent(cells.length, (i) => cells[i], width);
      expect([n, made]).toEqual([n, { lastRow: values.lastRow, lastColumn: values.lastColumn }]);
    }
  });

  it('madeExtent makes the last row and the header when the header spans the width', () => {
    const asked: number[] = [];
    const row = (i: number): PlanCell[] => {
      asked.push(i);
      return i === 0 ? ['ID', 'Score', 'Note'] : [`S${i}`, i, null];
    };
    expect(madeExtent(100_000, row, 3)).toEqual({ lastRow: 100_000, lastColumn: 3 });
    expect(asked).toEqual([99_999, 0]);
  });

  it('counts a value, not an empty or non-finite cell, as the hand-worked examples say', () => {
    const extent = (rows: PlanCell[][]) => {
      const v = new ValueExtent();
      rows.forEach((r, i) => v.add(i + 1, r));
      return [v.lastRow, v.lastColumn];
    };
    expect(extent([['a', null, NaN]])).toEqual([1, 1]);
    expect(
      extent([
        [null, null],
        [null, 0],
        [null, null],
      ]),
    ).toEqual([2, 2]);
    expect(extent([[null, Infinity, ''], [false]])).toEqual([2, 3]);
    expect(extent([[null], [undefined as unknown as PlanCell]])).toEqual([0, 0]);
  });
});
