/**
 * Compact writes (issue 9): a column stretch of one value, or of one formula in R1C1, is sent
 * once for the whole range; empty stretches are not sent; number formats are one value per
 * rectangle. What ends up in the workbook is exactly what the plan says, cell by cell.
 */
import { describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import type { PlanCell, SheetPlan } from '../../src/core/plans/types';
import { fingerprintGrid } from '../../src/core/state';
import { a1ToR1C1 } from '../../src/excel/r1c1';
import { jsonStringBytes } from '../../src/excel/values';
import type { Simulator } from '../support/excel-simulator';
import { STATE, adapterFor, newSim } from './fixtures';

describe('a1ToR1C1', () => {
  // Expected texts worked out by hand: R[n]/C[n] = n rows/columns from the formula's cell
  // (negative = up/left), Rn/Cn = absolute, R/C alone = the cell's own row/column.
  it.each([
    // In N2: L is 2 columns left, J 4 columns left.
    ['=IF(L2="","",L2-J2)', 2, 14, '=IF(RC[-2]="","",RC[-2]-RC[-4])'],
    ["=SUM('Impact Data'!$I$2:$I$9)", 5, 1, "=SUM('Impact Data'!R2C9:R9C9)"],
    // In T2: P (16) is 4 columns left.
    ['=COUNTIFS($D$2:$D$9,P2,$H$2:$H$9,"<>")', 2, 20, '=COUNTIFS(R2C4:R9C4,RC[-4],R2C8:R9C8,"<>")'],
    // In E12: $D10 is 2 rows up in column 4; D$10 is row 10, one column left.
    ['=$D10+D$10', 12, 5, '=R[-2]C4+R10C[-1]'],
    // Function names with digits and dots, and 1E-12, are not references.
    [
      '=T.DIST.2T(ABS(Q9),R9)*1E-12+LOG10(A1)',
      9,
      19,
      '=T.DIST.2T(ABS(RC[-2]),RC[-1])*1E-12+LOG10(R[-8]C[-18])',
    ],
    // A bare sheet name is quoted, so no sheet name can read as an R1C1 reference.
    ['=Students!H13', 1, 1, "='Students'!R[12]C[7]"],
    ['=IF(TRUE,A1,FALSE)', 1, 1, '=IF(TRUE,RC,FALSE)'],
    // Text inside a string literal stays as it is.
    ['="A1 "&A1', 3, 2, '="A1 "&R[-2]C[-1]'],
    ["='It''s'!A1", 1, 1, "='It''s'!RC"],
    ['=XFD1048576', 1, 1, '=R[1048575]C[16383]'],
  ])('%s in row %i, column %i is %s', (a1, row, column, r1c1) => {
    expect(a1ToR1C1(a1 as string, row as number, column as number)).toBe(r1c1);
  });

  it.each([
    '=SUM(A:A)', // whole column
    '=SUM(2:5)', // whole rows
    '=Table1[Col]', // structured reference
    '=Rate*2', // a name
    '=a1', // lower case: Excel would give it back as A1
    '=A01',
    '=#REF!+1',
    '=Sheet1!Rate',
    '=XFE1', // past the last column
    '=A1048577', // past the last row
    '=A1:',
    '="open',
    'A1', // not a formula
    '=A1:SUM(B1)',
    '=@A1',
  ])('%s is left to A1 (null)', (a1) => {
    expect(a1ToR1C1(a1, 1, 1)).toBeNull();
  });
});

describe('request bytes', () => {
  it('jsonStringBytes is the UTF-8 size of JSON.stringify (Buffer.byteLength as the oracle)', () => {
    const parts = [
      'a',
      '"',
      '\\',
      '\n',
      '\u0001',
      '\u007f',
      'é',
      '€',
      '😀',
      '\ud800',
      '\udc00',
      '\t',
    ];
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * parts.length;
    for (let k = 0; k < 5000; k++) {
      let s = '';
      for (let i = 0; i < k % 13; i++) s += parts[Math.floor(next())];
      expect(jsonStringBytes(s), JSON.stringify(s)).toBe(Buffer.byteLength(JSON.stringify(s)));
    }
  });
});

const ROWS = 3000;

/** A student-targets-like sheet: constant columns, a formula on every row, blanks, a side table. */
function plan(): SheetPlan {
  const cells: PlanCell[][] = [['Sheet', 'Row', 'Double', 'Blank', 'Flag', 'Odd', 'Team', 'n']];
  for (let i = 0; i < ROWS; i++) {
    const r = i + 2;
    cells.push([
      'Students',
      r,
      { formula: `=B${r}*2`, value: r * 2 },
      null,
      i % 2 ? 'Y' : 'N',
      // Not convertible to R1C1 (a name): written in A1, row by row.
      { formula: `=B${r}+Rate`, value: null },
      i < 10 ? `Team ${i}` : null,
      i < 10
        ? { formula: `=COUNTIFS($E$2:$E$${ROWS + 1},"Y",$B$2:$B$${ROWS + 1},">"&B${r})`, value: 0 }
        : null,
    ]);
  }
  // 500 rows of one hostile string: one write for all of them, still text.
  for (let i = 0; i < 500; i++) cells.push(['=1+1', null, null, null, null, null, null, null]);
  return {
    key: 'student-targets',
    name: 'Student Targets',
    cells,
    numberFormats: [{ rect: { row: 2, column: 3, rowCount: ROWS, columnCount: 1 }, format: '0.0' }],
    tables: [{ name: 'Targets', rect: { row: 1, column: 1, rowCount: ROWS + 1, columnCount: 8 } }],
  };
}

/** What Excel should hold for a plan cell: text with a quote prefix, numbers, formulas. */
function expected(cell: PlanCell): unknown {
  if (cell === null) return undefined;
  if (typeof cell === 'string') return { v: cell, q: true };
  if (typeof cell === 'number') return { v: cell };
  if (typeof cell === 'object' && 'formula' in cell) return { v: null, f: cell.formula };
  return { v: cell };
}

function columnLetter(c: number): string {
  return String.fromCharCode(65 + c);
}

function checkCells(sim: Simulator, p: SheetPlan) {
  p.cells.forEach((row, r) =>
    row.forEach((cell, c) => {
      const got = sim.cell(p.name, `${columnLetter(c)}${r + 1}`);
      const want = expected(cell);
      if (want === undefined) expect(got, `${columnLetter(c)}${r + 1}`).toBeUndefined();
      else {
        const { nf: _nf, ...rest } = got ?? { v: undefined };
        expect(rest, `${columnLetter(c)}${r + 1}`).toEqual(want);
      }
    }),
  );
}

describe('render: compact writes', () => {
  it('writes exactly the plan, in a fraction of the bytes of full arrays', async () => {
    const p = plan();
    const sim = newSim();
    const adapter = adapterFor(sim);
    await adapter.render([p], { state: STATE });
    checkCells(sim, p);
    expect(sim.cell('Student Targets', 'C2')?.nf).toBe('0.0');
    expect(sim.cell(`Student Targets`, `C${ROWS + 1}`)?.nf).toBe('0.0');
    expect(sim.cell('Student Targets', 'B2')?.nf).toBeUndefined();
    // What full arrays would have sent: every cell's JSON (text with its apostrophe), plus a
    // number format string per formatted cell.
    const full = p.cells
      .map((row) =>
        JSON.stringify(
          row.map((c) =>
            c === null
              ? ''
              : typeof c === 'string'
                ? `'${c}`
                : typeof c === 'object'
                  ? c.formula
                  : c,
          ),
        ),
      )
      .join(',').length;
    const sent = sim.stats.requestBytes.reduce((a, b) => a + b, 0);
    expect(sent).toBeLessThan((full + ROWS * '"0.0",'.length) / 2);
    // The state's fingerprint is of the sheet as written, and a read-back finds no edit.
    const state = await adapter.readState();
    expect(state?.sheets[0].fingerprint).toBe(
      fingerprintGrid(
        p.cells.map((row) =>
          row.map((c) => (c !== null && typeof c === 'object' && 'formula' in c ? c.formula : c)),
        ),
      ),
    );
    expect(await adapter.editedOwnedSheets(state!)).toEqual([]);
  });

  it('gives the same cells when requests are refused as too large and re-sent in halves', async () => {
    const p = plan();
    const sim = newSim(undefined, { payloadLimitBytes: 20_000 });
    await adapterFor(sim, 60_000).render([p], { state: STATE });
    checkCells(sim, p);
    expect(sim.stats.largestRequest).toBeGreaterThan(20_000); // some were refused…
    expect(sim.model.sheets.some((s) => s.name.startsWith('~tl'))).toBe(false);
  });
});
