/**
 * RowFormula (core/plans/types.ts): a formula that is one pattern around its row's number. To
 * every reader it is a FormulaCell; the sheet writer and the fingerprint read its pieces instead
 * of its text, and must give exactly what they give for the same text as a plain FormulaCell.
 */
import { describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import {
  ROW_MARK,
  RowFormula,
  RowPattern,
  type FormulaCell,
  type PlanCell,
  type SheetPlan,
} from '../../src/core/plans/types';
import { fingerprintGrid } from '../../src/core/state';
import { GridFingerprint } from '../../src/files/fingerprint';
import { planLooks, planSheetData } from '../../src/files/xlsx/write/plan-sheet';
import { SharedStrings } from '../../src/files/xlsx/write/shared-strings';

/** Patterns with markup to escape, text beyond ASCII and a function that needs `_xlfn.`. */
const MAKERS: ((r: string) => string)[] = [
  (r) => `=IF(L${r}="","",IF(L${r}>=K${r},"Y","N"))`,
  (r) => `=IF(L${r}="","",L${r}-J${r})`,
  (r) => `=IF(A${r}<B${r},"a & b","é — 𝄞")`,
  (r) => `=STDEV.S(A${r}:C${r})`,
  (r) => `A${r}*2`,
  // Names that need `_xlfn.` among the row's numbers, and one inside a text that must stay bare.
  (r) => `=IF(R${r}="","",T.DIST.2T(ABS(R${r}),S${r})&"T.TEST(A${r})")`,
  (r) => `=SQRT(F${r}*(1-BETA.INV(0.05,F${r}/2,0.5))/BETA.INV(0.05,F${r}/2,0.5))`,
];
const ROWS = [1, 2, 9, 10, 99, 100, 12345, 1048576];

/**
 * The rows, once with RowFormulas (their text made from the pattern, or given) and once with the
 * same formulas as plain FormulaCells.
 */
function grids(value: FormulaCell['value'], given = false) {
  const patterns = MAKERS.map((m) => new RowPattern(m));
  const made: PlanCell[][] = [['head', 'er']];
  const plain: PlanCell[][] = [['head', 'er']];
  for (const r of ROWS) {
    made.push(
      patterns.map((p, k) => new RowFormula(p, r, value, given ? MAKERS[k](String(r)) : undefined)),
    );
    plain.push(MAKERS.map((m) => ({ formula: m(String(r)), value })));
  }
  return { made, plain };
}

function sheetXml(cells: PlanCell[][]): string {
  const plan: SheetPlan = { key: 'k', name: 'S', cells };
  const looks = planLooks(plan, cells.length, MAKERS.length);
  const rows = { rows: cells.length, rowAt: (i: number) => cells[i] };
  const pieces = [...planSheetData(rows, looks, () => 0, new SharedStrings(0))];
  return Buffer.concat(pieces).toString('utf8');
}

describe('RowPattern', () => {
  it('cuts a formula into the pieces around its row number', () => {
    const p = new RowPattern((r) => `=IF(L${r}="","",L${r}-J${r})`);
    expect(p.pieces).toEqual(['=IF(L', '="","",L', '-J', ')']);
    expect(p.text('27')).toBe('=IF(L27="","",L27-J27)');
  });

  it('refuses a pattern whose row number runs into a name or a call', () => {
    expect(() => new RowPattern((r) => `=A${r}B1`)).toThrow(/followed by a name or a call/);
    expect(() => new RowPattern((r) => `=LOG${r}(2)`)).toThrow(/followed by a name or a call/);
    expect(() => new RowPattern((r) => `=A${r}.5`)).toThrow(/followed by a name or a call/);
  });

  it('is made from a formula written with the mark, or not at all when it would be refused', () => {
    const p = RowPattern.marked(`=IF(L${ROW_MARK}="","",L${ROW_MARK}-J${ROW_MARK})`);
    expect(p?.pieces).toEqual(['=IF(L', '="","",L', '-J', ')']);
    expect(RowPattern.marked(`=A${ROW_MARK}B1`)).toBeNull();
    expect(RowPattern.marked(`=LOG${ROW_MARK}(2)`)).toBeNull();
  });

  it('gives the length of its text at a row of so many digits', () => {
    const p = new RowPattern((r) => `=IF(L${r}="","",L${r}-J${r})`);
    // '=IF(L27="","",L27-J27)' is 22 characters; at row 1048576, 7 digits instead of 2, 3 times.
    expect(p.lengthAt(2)).toBe(22);
    expect(p.lengthAt(7)).toBe(22 + 3 * 5);
    expect(p.lengthAt(7)).toBe(p.text('1048576').length);
  });
});

describe('RowFormula', () => {
  it('reads, copies and crosses a message as a plain FormulaCell', () => {
    const f = new RowFormula(new RowPattern((r) => `=IF(L${r}="","",L${r}-J${r})`), 42, '');
    const plain = { formula: '=IF(L42="","",L42-J42)', value: '' };
    expect(f.formula).toBe(plain.formula);
    expect(Object.keys(f)).toEqual(['formula', 'value']);
    expect({ ...f }).toStrictEqual(plain);
    expect(structuredClone(f)).toStrictEqual(plain);
    expect(JSON.parse(JSON.stringify(f))).toStrictEqual(plain);
    const given = new RowFormula(f.pattern, 42, '', plain.formula);
    expect(given.formula).toBe(plain.formula);
    expect(given.textGiven).toBe(true);
    expect(f.textGiven).toBe(false);
    expect(structuredClone(given)).toStrictEqual(plain);
  });

  it('is written as the same XML as its text in a plain FormulaCell', () => {
    for (const given of [false, true])
      for (const value of ['', 3.5, null, true] as FormulaCell['value'][]) {
        const { made, plain } = grids(value, given);
        const xml = sheetXml(made);
        expect(xml).toBe(sheetXml(plain));
        // The writer's own reading, checked by hand on four cells.
        expect(xml).toContain('<f>A1048576*2</f>');
        expect(xml).toContain(
          '<f>IF(A12345&lt;B12345,&quot;a &amp; b&quot;,&quot;é — 𝄞&quot;)</f>',
        );
        expect(xml).toContain('<f>_xlfn.STDEV.S(A9:C9)</f>');
        expect(xml).toContain(
          '<f>IF(R99=&quot;&quot;,&quot;&quot;,_xlfn.T.DIST.2T(ABS(R99),S99)&amp;&quot;T.TEST(A99)&quot;)</f>',
        );
      }
  });

  it('gives the fingerprint of its text', () => {
    for (const given of [false, true]) {
      const { made, plain } = grids('', given);
      const f = new GridFingerprint();
      for (const row of made) f.add(row);
      expect(f.digest()).toBe(fingerprintGrid(plain));
      expect(fingerprintGrid(made)).toBe(fingerprintGrid(plain));
    }
  });
});
