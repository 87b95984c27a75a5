/**
 * A plan longer than a sheet (splitForSheetLimit): hand-built plans with a small row limit, so
 * every expectation below is worked out here from the rule (a continued sheet holds the header
 * and the next maxRows − 1 data rows), not taken from the code's output.
 */
import { describe, expect, it } from '@jest/globals';
import { SheetLimitError, partsToPlans, splitForSheetLimit } from '../../../src/core/plans/split';
import type { SheetPlan } from '../../../src/core/plans/types';
import { isFormulaCell, lazyPlan } from '../../../src/core/plans/types';
import { targetsPlan } from '../../support/long-plan';

describe('splitForSheetLimit', () => {
  it('leaves a plan that fits as it is (the same object)', () => {
    const plan = targetsPlan(8);
    const parts = splitForSheetLimit([plan], { takenNames: [], maxRows: 9 });
    expect(parts).toHaveLength(1);
    expect(parts[0].plan).toBe(plan);
    expect(partsToPlans(parts)[0]).toBe(plan);
  });

  it('continues 23 data rows at 10 rows a sheet on two more sheets, each row once, formulas renumbered', () => {
    // Rows 1–10 stay (header + S1..S9); "(2)" gets S10..S18 under a header, "(3)" S19..S23.
    const plan = targetsPlan(23);
    const plans = partsToPlans(splitForSheetLimit([plan], { takenNames: [], maxRows: 10 }));
    expect(plans.map((p) => [p.name, p.key, p.cells.length])).toEqual([
      ['Student Targets', 'student-targets', 10],
      ['Student Targets (2)', 'student-targets:2', 10],
      ['Student Targets (3)', 'student-targets:3', 6],
    ]);
    const ids = plans.flatMap((p) => p.cells.slice(1).map((r) => r[0]));
    expect(ids).toEqual(Array.from({ length: 23 }, (_, i) => `S${i + 1}`));
    for (const p of plans.slice(1)) {
      expect(p.cells[0]).toEqual([
        'ID',
        'Team',
        'Target',
        'Next',
        'Met?',
        'Change',
        null,
        null,
        null,
      ]);
    }
    // S12 is row 13 of the plan; on "(2)" it is row 4 (S10 is row 2).
    const s12 = plans[1].cells[3];
    expect(s12[0]).toBe('S12');
    expect(s12[2]).toBe(62);
    expect(s12[4]).toEqual({ formula: '=IF(D4="","",IF(D4>=C4,"Y","N"))', value: '' });
    expect(s12[5]).toEqual({ formula: '=IF(D4="","",D4-C4)', value: '' });
    // Every data row's formulas name its own row.
    for (const p of plans) {
      p.cells.forEach((row, i) => {
        if (i === 0) return;
        for (const c of row.slice(0, 6)) {
          if (!isFormulaCell(c)) continue;
          for (const m of c.formula.matchAll(/[A-Z]+(\d+)/g)) expect(Number(m[1])).toBe(i + 1);
        }
      });
    }
  });

  it('says how far right a continued sheet holds values: its data columns (the writer stops looking there)', () => {
    const parts = splitForSheetLimit([targetsPlan(23)], { takenNames: [], maxRows: 10 });
    expect(parts.map((p) => p.valueColumns)).toEqual([undefined, 6, 6]);
    for (const p of parts.slice(1))
      for (let i = 0; i < p.rows; i++)
        p.rowAt(i).forEach((c, j) => {
          if (c !== null && c !== undefined) expect(j + 1).toBeLessThanOrEqual(p.valueColumns!);
        });
  });

  it('adds whole-column counts and sums over the sheets, on the first sheet only', () => {
    const plans = partsToPlans(
      splitForSheetLimit([targetsPlan(23)], { takenNames: [], maxRows: 10 }),
    );
    expect(plans[0].cells[1][8]).toEqual({
      formula:
        "=(COUNTIFS($B$2:$B$10,H2,$E$2:$E$10,\"Y\")+COUNTIFS('Student Targets (2)'!$B$2:$B$10,H2,'Student Targets (2)'!$E$2:$E$10,\"Y\")+COUNTIFS('Student Targets (3)'!$B$2:$B$6,H2,'Student Targets (3)'!$E$2:$E$6,\"Y\"))",
      value: 0,
    });
    expect(plans[0].cells[2][8]).toEqual({
      formula:
        "=IF(H3=\"\",\"\",(SUMIFS($F$2:$F$10,$B$2:$B$10,H3)+SUMIFS('Student Targets (2)'!$F$2:$F$10,'Student Targets (2)'!$B$2:$B$10,H3)+SUMIFS('Student Targets (3)'!$F$2:$F$6,'Student Targets (3)'!$B$2:$B$6,H3)))",
      value: '',
    });
    expect(plans[1].cells.every((r) => r[7] === null && r[8] === null)).toBe(true);
  });

  it('cuts formats, tables and styles to each sheet and repeats the header row’s', () => {
    const plans = partsToPlans(
      splitForSheetLimit([targetsPlan(23)], { takenNames: [], maxRows: 10 }),
    );
    expect(plans[0].tables).toEqual([
      { name: 'Targets', rect: { row: 1, column: 1, rowCount: 10, columnCount: 6 } },
    ]);
    expect(plans[2].tables).toEqual([
      { name: 'Targets_3', rect: { row: 1, column: 1, rowCount: 6, columnCount: 6 } },
    ]);
    expect(plans[0].numberFormats).toEqual([
      { rect: { row: 2, column: 6, rowCount: 9, columnCount: 1 }, format: '0.0' },
    ]);
    expect(plans[2].numberFormats).toEqual([
      { rect: { row: 2, column: 6, rowCount: 5, columnCount: 1 }, format: '0.0' },
    ]);
    expect(plans[1].styles).toEqual([
      { rect: { row: 1, column: 1, rowCount: 1, columnCount: 6 }, bold: true },
      { rect: { row: 2, column: 4, rowCount: 9, columnCount: 1 }, fill: '#FFF9E6' },
    ]);
    expect(plans[1].freeze).toEqual({ rows: 1, columns: 0 });
    expect(plans[1].columnWidths).toEqual(plans[0].columnWidths);
  });

  it('skips a continued name a sheet of the person already has', () => {
    const parts = splitForSheetLimit([targetsPlan(23)], {
      takenNames: ['student targets (2)'],
      maxRows: 10,
    });
    expect(parts.map((p) => p.plan.name)).toEqual([
      'Student Targets',
      'Student Targets (3)',
      'Student Targets (4)',
    ]);
  });

  it('refuses a long plan that another plan reads, saying what to do', () => {
    const data: SheetPlan = {
      key: 'impact-data',
      name: 'Impact Data',
      cells: [['x'], [1], [2], [3]],
    };
    const impact: SheetPlan = {
      key: 'impact',
      name: 'Impact',
      cells: [[{ formula: "=AVERAGE('Impact Data'!$A$2:$A$4)", value: 2 }]],
    };
    expect(() => splitForSheetLimit([data, impact], { takenNames: [], maxRows: 3 })).toThrow(
      SheetLimitError,
    );
    expect(() => splitForSheetLimit([data, impact], { takenNames: [], maxRows: 3 })).toThrow(
      /"Impact Data" would need 4 rows; an Excel sheet holds 3, and the formulas of "Impact" read it whole.*--json/,
    );
  });

  it('does not look through the rows of a plan made row by row for formulas reading another sheet', () => {
    let made = 0;
    const lazy = lazyPlan(
      { key: 'impact-data', name: 'Impact Data' },
      {
        count: 3,
        row: (i) => {
          made++;
          return [i === 0 ? 'x' : i];
        },
      },
    );
    const long: SheetPlan = {
      key: 'student-targets',
      name: 'Student Targets',
      cells: [['x'], [1], [2], [3]],
    };
    const parts = splitForSheetLimit([long, lazy], { takenNames: [], maxRows: 3 });
    expect(parts.map((p) => p.plan.name)).toEqual([
      'Student Targets',
      'Student Targets (2)',
      'Impact Data',
    ]);
    expect(made).toBe(0);
  });

  it('refuses what cannot be added up over sheets, or a formula reading another row', () => {
    const averaged = targetsPlan(23);
    averaged.cells[1][8] = { formula: '=AVERAGE($C$2:$C$24)', value: 62 };
    expect(() =>
      partsToPlans(splitForSheetLimit([averaged], { takenNames: [], maxRows: 10 })),
    ).toThrow(/=AVERAGE\(\$C\$2:\$C\$24\) reads \$C\$2:\$C\$24 outside a sum or count/);
    const running = targetsPlan(23);
    running.cells[15][5] = { formula: '=F15+C16', value: 0 };
    expect(() =>
      partsToPlans(splitForSheetLimit([running], { takenNames: [], maxRows: 10 })),
    ).toThrow(/reads another row/);
    // The same shape as the rows before it (each row's own C and D), but row 17 reads row 18:
    // a shape already seen must not let it through.
    const late = targetsPlan(23);
    late.cells[16][5] = { formula: '=IF(D17="","",D17-C18)', value: '' };
    expect(() => partsToPlans(splitForSheetLimit([late], { takenNames: [], maxRows: 10 }))).toThrow(
      /=IF\(D17="","",D17-C18\) of row 17 reads another row/,
    );
  });

  it('moves only references on a continued sheet: a number or text equal to the row stays', () => {
    // Plan row r (data rows from 2) holds, in F, a formula with the row number as a reference,
    // as a constant and inside text. On "(2)" (plan rows 11–19 under a header) plan row r is
    // row r − 9; on "(3)" (plan rows 20–24) row r − 18.
    const plan = targetsPlan(23);
    for (let r = 2; r <= 24; r++)
      plan.cells[r - 1][5] = { formula: `=IF(D${r}="${r}",D${r}+${r},C${r}*1.${r})`, value: '' };
    plan.cells[13][5] = { formula: '=IF(D14="","",D14-C14+0.014)', value: '' };
    const plans = partsToPlans(splitForSheetLimit([plan], { takenNames: [], maxRows: 10 }));
    const formulaAt = (p: number, row: number) => {
      const c = plans[p].cells[row - 1][5];
      return isFormulaCell(c) ? c.formula : c;
    };
    expect(formulaAt(0, 5)).toBe('=IF(D5="5",D5+5,C5*1.5)');
    for (let r = 11; r <= 19; r++)
      if (r !== 14)
        expect(formulaAt(1, r - 9)).toBe(`=IF(D${r - 9}="${r}",D${r - 9}+${r},C${r - 9}*1.${r})`);
    expect(formulaAt(1, 5)).toBe('=IF(D5="","",D5-C5+0.014)');
    for (let r = 20; r <= 24; r++)
      expect(formulaAt(2, r - 18)).toBe(`=IF(D${r - 18}="${r}",D${r - 18}+${r},C${r - 18}*1.${r})`);
  });
});
