import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import {
  addXlfnPrefixes,
  mayNeedXlfnPrefixes,
  removeXlfnPrefixes,
} from '../../src/files/xlsx/xlfn';

describe('addXlfnPrefixes', () => {
  it.each([
    ['=T.TEST(A2:A6,B2:B6,2,1)', '=_xlfn.T.TEST(A2:A6,B2:B6,2,1)'],
    ['=STDEV.S(A1:A9)/SQRT(COUNT(A1:A9))', '=_xlfn.STDEV.S(A1:A9)/SQRT(COUNT(A1:A9))'],
    ['=T.INV.2T(0.05,C1)*D1', '=_xlfn.T.INV.2T(0.05,C1)*D1'],
    ['=IFERROR(T.DIST.2T(ABS(E2),F2),"")', '=IFERROR(_xlfn.T.DIST.2T(ABS(E2),F2),"")'],
    ['=IFS(A1>1,"a",TRUE,"b")', '=_xlfn.IFS(A1>1,"a",TRUE,"b")'],
    ['=xlookup(1,A:A,B:B)', '=_xlfn.xlookup(1,A:A,B:B)'],
    [
      '=MAXIFS(A:A,B:B,"x")+MINIFS(A:A,B:B,"y")',
      '=_xlfn.MAXIFS(A:A,B:B,"x")+_xlfn.MINIFS(A:A,B:B,"y")',
    ],
    ['=PERCENTILE.INC(A1:A9,0.75)', '=_xlfn.PERCENTILE.INC(A1:A9,0.75)'],
    ['=NORM.S.INV(0.975)', '=_xlfn.NORM.S.INV(0.975)'],
    ['=FILTER(A1:A9,B1:B9>0)', '=_xlfn._xlws.FILTER(A1:A9,B1:B9>0)'],
    // Excel 2007 functions keep their names.
    [
      '=STDEV(A1:A9)+TTEST(A1:A3,B1:B3,2,1)+SUMPRODUCT(A1:A3)',
      '=STDEV(A1:A9)+TTEST(A1:A3,B1:B3,2,1)+SUMPRODUCT(A1:A3)',
    ],
    // Text inside string literals and quoted sheet names is never touched.
    ['=IF(A1="T.TEST(x)","STDEV.S(",1)', '=IF(A1="T.TEST(x)","STDEV.S(",1)'],
    ["='STDEV.S(1)'!A1+'It''s T.TEST('!B2", "='STDEV.S(1)'!A1+'It''s T.TEST('!B2"],
    ['="say ""IFS("" please"&CONCAT(A1,B1)', '="say ""IFS("" please"&_xlfn.CONCAT(A1,B1)'],
    // A name that merely ends like a future function is not one.
    ['=MYT.TEST(1)+A.STDEV.S(2)', '=MYT.TEST(1)+A.STDEV.S(2)'],
    // Already prefixed: left alone (idempotent).
    ['=_xlfn.T.TEST(A1:A2,B1:B2,2,1)', '=_xlfn.T.TEST(A1:A2,B1:B2,2,1)'],
  ])('%s → %s', (input, expected) => {
    expect(addXlfnPrefixes(input)).toBe(expected);
    expect(addXlfnPrefixes(expected)).toBe(expected);
  });

  it('removes the prefixes again outside quotes only', () => {
    expect(removeXlfnPrefixes('=_xlfn.T.TEST(A1:A2,B1:B2,2,1)&"_xlfn.x"')).toBe(
      '=T.TEST(A1:A2,B1:B2,2,1)&"_xlfn.x"',
    );
    expect(removeXlfnPrefixes('=_xlfn._xlws.SORT(A1:A3)')).toBe('=SORT(A1:A3)');
  });
});

describe('mayNeedXlfnPrefixes', () => {
  it('is false for the formulas of a long sheet, true for a newer function', () => {
    expect(mayNeedXlfnPrefixes('IF(L2="","",IF(L2>=K2,"Y","N"))')).toBe(false);
    expect(mayNeedXlfnPrefixes('COUNTIFS($D$2:$D$9,P2,$L$2:$L$9,"<>")')).toBe(false);
    expect(mayNeedXlfnPrefixes('IFERROR(T.DIST.2T(ABS(E2),F2),"")')).toBe(true);
    expect(mayNeedXlfnPrefixes('1+stdev.s (A1:A9)')).toBe(true);
    expect(mayNeedXlfnPrefixes('FILTER(A1:A9,B1:B9>0)')).toBe(true);
    expect(mayNeedXlfnPrefixes('1+Xlookup(1,A:A,B:B)+T.Dist.2t(1,2)')).toBe(true);
  });

  it('is true whenever addXlfnPrefixes changes a formula', () => {
    // Formulas made of the pieces that matter: names old and new, parentheses, spaces, quotes.
    const token = fc.constantFrom(
      'T.TEST',
      'STDEV.S',
      'stdev.s',
      'IFS',
      'FILTER',
      'IF',
      'SUM',
      'MYT.TEST',
      '_xlfn.',
      'A1',
      '2',
      '(',
      ')',
      ' ',
      '\u00a0',
      ',',
      '"',
      "'",
      '&',
      '.',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), (tokens) => {
        const formula = tokens.join('');
        if (!mayNeedXlfnPrefixes(formula)) expect(addXlfnPrefixes(formula)).toBe(formula);
      }),
      { numRuns: 3000 },
    );
  });
});
