/** The strict simulator itself: each rule of the real Excel API it enforces has a test here. */
import { describe, expect, it } from '@jest/globals';
import { createSimulator, snapshotFromTables } from '../support/excel-simulator';
import type { WorkbookSnapshot } from '../../src/core/snapshot';

function book(): WorkbookSnapshot {
  return snapshotFromTables([
    {
      sheet: 'Data',
      firstRow: 2,
      firstColumn: 2,
      values: [
        ['Name', 'Score'],
        ['Ana', 3],
        ['Bo', null],
      ],
    },
  ]);
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('strictness', () => {
  it('reading a property that was not loaded throws PropertyNotLoaded, also before the sync', async () => {
    const sim = createSimulator(book());
    await sim.Excel.run(async (context) => {
      const r = context.workbook.worksheets.getItem('Data').getRange('B2:C3');
      expect(() => r.values).toThrow(/The property 'values' is not available/);
      r.load('address');
      expect(() => r.address).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      await context.sync();
      expect(r.address).toBe('Data!B2:C3');
      expect(() => r.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
    });
  });

  it.each([
    [
      'one row too many',
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
    ],
    ['one column too few', [[1], [2]]],
    ['ragged', [[1, 2], [3]]],
    // One value for the whole range must be a bare value: [[5]] is a 1 × 1 array.
    ['a 1 × 1 array for a 2 × 2 range', [[5]]],
  ])(
    'a values array that does not match the range throws InvalidArgument at sync (%s)',
    async (_label, values) => {
      const sim = createSimulator(book());
      const code = await codeOf(
        sim.Excel.run(async (context) => {
          const r = context.workbook.worksheets.getItem('Data').getRange('E1:F2');
          r.values = values as unknown[][];
          await context.sync();
        }),
      );
      expect(code).toBe('InvalidArgument');
      expect(sim.cell('Data', 'E1')).toBeUndefined();
    },
  );

  it('a request over 5 MB throws RequestPayloadSizeLimitExceeded and applies nothing', async () => {
    const sim = createSimulator(book());
    const big = Array.from({ length: 200 }, () => ['x'.repeat(30_000)]);
    const code = await codeOf(
      sim.Excel.run(async (context) => {
        context.workbook.worksheets.getItem('Data').getRange('A10:A209').values = big;
        await context.sync();
      }),
    );
    expect(code).toBe('RequestPayloadSizeLimitExceeded');
    expect(sim.stats.largestRequest).toBeGreaterThan(6_000_000); // 200 × 30,000 characters
    expect(sim.cell('Data', 'A10')).toBeUndefined();
  });

  it('a response over 5 MB throws ResponsePayloadSizeLimitExceeded', async () => {
    const rows = Array.from({ length: 200 }, () => ['y'.repeat(30_000)]);
    const sim = createSimulator(
      snapshotFromTables([{ sheet: 'Big', firstRow: 1, firstColumn: 1, values: rows }]),
    );
    const code = await codeOf(
      sim.Excel.run(async (context) => {
        context.workbook.worksheets.getItem('Big').getRange('A1:A200').load('values');
        await context.sync();
      }),
    );
    expect(code).toBe('ResponsePayloadSizeLimitExceeded');
  });

  it('reading more than 5,000,000 cells in one range fails', async () => {
    const sim = createSimulator(book());
    const code = await codeOf(
      sim.Excel.run(async (context) => {
        context.workbook.worksheets.getItem('Data').getRange('A1:E1000001').load('values'); // 5,000,005 cells
        await context.sync();
      }),
    );
    expect(code).toBe('ResponsePayloadSizeLimitExceeded');
  });

  it.each([
    ['a name over 31 characters', 'x'.repeat(32), 'InvalidArgument'],
    ['a colon', 'a:b', 'InvalidArgument'],
    ['a slash', 'a/b', 'InvalidArgument'],
    ['a backslash', 'a\\b', 'InvalidArgument'],
    ['a question mark', 'a?', 'InvalidArgument'],
    ['a star', 'a*', 'InvalidArgument'],
    ['a bracket', 'a[1]', 'InvalidArgument'],
    ['the same name in other case', 'DATA', 'ItemAlreadyExists'],
  ])('worksheets.add refuses %s', async (_label, name, code) => {
    const sim = createSimulator(book());
    expect(
      await codeOf(
        sim.Excel.run(async (context) => {
          context.workbook.worksheets.add(name);
          await context.sync();
        }),
      ),
    ).toBe(code);
    expect(sim.model.sheets.map((s) => s.name)).toEqual(['Data']);
  });

  it('a 31-character name is accepted', async () => {
    const sim = createSimulator(book());
    await sim.Excel.run(async (context) => {
      context.workbook.worksheets.add('x'.repeat(31));
      await context.sync();
    });
    expect(sim.model.sheets).toHaveLength(2);
  });

  it('table names are unique in the workbook', async () => {
    const sim = createSimulator(book());
    const code = await codeOf(
      sim.Excel.run(async (context) => {
        const ws = context.workbook.worksheets.getItem('Data');
        ws.tables.add('B2:C4', true).name = 'Scores';
        ws.getRange('E1:E2').values = [['H'], [1]];
        ws.tables.add('E1:E2', true).name = 'scores';
        await context.sync();
      }),
    );
    expect(code).toBe('ItemAlreadyExists');
    const names = sim.details('Data').tables.map((t) => t.name);
    expect(names).toHaveLength(2);
    expect(names[0]).toBe('Scores');
    expect(names[1]).toMatch(/^Table\d+$/); // the rename was refused, Excel's default name stays
  });

  it('a protected workbook refuses to add or delete sheets', async () => {
    const sim = createSimulator(book(), { protectedWorkbook: true });
    expect(
      await codeOf(
        sim.Excel.run(async (c) => {
          c.workbook.worksheets.add('New');
          await c.sync();
        }),
      ),
    ).toBe('AccessDenied');
    expect(
      await codeOf(
        sim.Excel.run(async (c) => {
          c.workbook.worksheets.getItem('Data').delete();
          await c.sync();
        }),
      ),
    ).toBe('AccessDenied');
  });

  it('the last visible sheet cannot be hidden or deleted', async () => {
    const sim = createSimulator(book());
    expect(
      await codeOf(
        sim.Excel.run(async (c) => {
          c.workbook.worksheets.getItem('Data').visibility = 'Hidden';
          await c.sync();
        }),
      ),
    ).toBe('InvalidOperation');
  });
});

/**
 * One value for a whole range, and R1C1 formulas. Microsoft documents both: "When setting values
 * to a range, the value argument can be either a single value (string, number or boolean) or a
 * two-dimensional array. If the argument is a single value, it will be applied to all cells in
 * the range" (the same for formulas, formulasR1C1 and numberFormat; the Excel.Range typings of
 * ExcelApi 1.1/1.2, and "Update all cells in a range" in the Excel JavaScript API performance
 * guide, learn.microsoft.com/office/dev/add-ins/excel/performance). R1C1 notation as in Excel's
 * help: R[n]/C[n] relative to the cell (negative = up/left), Rn/Cn absolute, R or C alone = the
 * cell's own row or column.
 */
describe('single values and R1C1 formulas', () => {
  async function run(body: (ws: Excel.Worksheet) => void) {
    const sim = createSimulator(book());
    await sim.Excel.run(async (context) => {
      body(context.workbook.worksheets.getItem('Data') as unknown as Excel.Worksheet);
      await context.sync();
    });
    return sim;
  }
  const any = (r: Excel.Range) => r as unknown as Record<string, unknown>;

  it('a single value, text or number format is applied to every cell of the range', async () => {
    const sim = await run((ws) => {
      any(ws.getRange('E1:F2')).values = 5;
      any(ws.getRange('E1:F2')).numberFormat = '0.0';
      any(ws.getRange('G1:G3')).values = "'=not a formula";
    });
    for (const a of ['E1', 'F1', 'E2', 'F2'])
      expect(sim.cell('Data', a)).toEqual({ v: 5, nf: '0.0' });
    for (const a of ['G1', 'G2', 'G3'])
      expect(sim.cell('Data', a)).toEqual({ v: '=not a formula', q: true });
    expect(sim.cell('Data', 'G4')).toBeUndefined();
  });

  it("one R1C1 formula over a column is each row's own formula in A1", async () => {
    const sim = await run((ws) => {
      // In B2:B4 "RC[-1]*2" is the cell to the left, doubled: B2 =A2*2, B3 =A3*2, B4 =A4*2.
      any(ws.getRange('B2:B4')).formulasR1C1 = '=RC[-1]*2';
      // R1C1 is $A$1; R[-1]C is the cell above: B7 =SUM($A$1:B6), B8 =SUM($A$1:B7).
      any(ws.getRange('B7:B8')).formulasR1C1 = '=SUM(R1C1:R[-1]C)';
    });
    expect(['B2', 'B3', 'B4'].map((a) => sim.cell('Data', a)?.f)).toEqual([
      '=A2*2',
      '=A3*2',
      '=A4*2',
    ]);
    expect([sim.cell('Data', 'B7')?.f, sim.cell('Data', 'B8')?.f]).toEqual([
      '=SUM($A$1:B6)',
      '=SUM($A$1:B7)',
    ]);
  });

  it('R1C1 leaves strings, sheet names and function names alone', async () => {
    const sim = await run((ws) => {
      // From C5: R2 absolute row 2, C[1] one column right (D): D$2. R[-4]C[-2] is A1.
      ws.getRange('C5:C5').formulasR1C1 = [
        [`='My Data'!R2C[1]&"RC[1]"&ROUND(R[-4]C[-2],0)&COLUMNS(R1C1:R1C2)`],
      ];
    });
    expect(sim.cell('Data', 'C5')?.f).toBe(`='My Data'!D$2&"RC[1]"&ROUND(A1,0)&COLUMNS($A$1:$B$1)`);
  });

  it('an R1C1 reference off the sheet is InvalidArgument', async () => {
    await expect(
      run((ws) => void (any(ws.getRange('A1:A2')).formulasR1C1 = '=R[-1]C')),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  it('one A1 formula over several cells is not modelled (how Excel shifts it is not documented)', async () => {
    await expect(run((ws) => void (any(ws.getRange('A1:A2')).formulas = '=B1'))).rejects.toThrow(
      /does not model one A1 formula written to several cells/,
    );
    const sim = await run((ws) => void (any(ws.getRange('A1')).formulas = '=B1'));
    expect(sim.cell('Data', 'A1')?.f).toBe('=B1');
  });
});

describe('typing semantics of values and formulas', () => {
  async function write(entries: unknown[], prop: 'values' | 'formulas' = 'values') {
    const sim = createSimulator(book());
    await sim.Excel.run(async (context) => {
      const r = context.workbook.worksheets.getItem('Data').getRange(`A20:A${19 + entries.length}`);
      r[prop] = entries.map((e) => [e]);
      await context.sync();
    });
    return entries.map((_, i) => sim.cell('Data', `A${20 + i}`));
  }

  it.each([
    ['=1+1', { v: null, f: '=1+1' }],
    ["'=1+1", { v: '=1+1', q: true }],
    ["'0123", { v: '0123', q: true }],
    ['12', { v: 12 }],
    ['1,234', { v: 1234 }],
    ['5%', { v: 0.05, nf: '0%' }],
    ['1e3', { v: 1000 }],
    ['-2', { v: -2 }],
    ['0123', { v: 123 }],
    ['TRUE', { v: true }],
    ['false', { v: false }],
    ['#N/A', { v: '#N/A', err: true }],
    ['2024-01-05', { v: 45296, nf: 'yyyy-mm-dd' }], // R: as.numeric(as.Date("2024-01-05") - as.Date("1899-12-30")) = 45296
    ['-2+3', { v: null, f: '=-2+3' }],
    ['+A1', { v: null, f: '=+A1' }],
    ['@SUM(1)', { v: null, f: '=SUM(1)' }],
    ['plain text', { v: 'plain text' }],
    ['\t=1', { v: '\t=1' }],
  ])('%j written to values becomes %j', async (entry, expected) => {
    const [cell] = await write([entry]);
    expect(cell).toEqual(expected);
  });

  it('formulas takes the same typing for non-formula entries', async () => {
    const cells = await write(['=A1', "'=A1", '7', 3, true], 'formulas');
    expect(cells).toEqual([
      { v: null, f: '=A1' },
      { v: '=A1', q: true },
      { v: 7 },
      { v: 3 },
      { v: true },
    ]);
  });

  it('a formula with an unclosed string is InvalidArgument', async () => {
    await expect(write(['=CONCAT("a']).then(() => 'ok')).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
  });

  it('reading a formula cell gives its cached value in values and the formula in formulas', async () => {
    const sim = createSimulator(book(), { evaluate: (f) => (f === '=1+1' ? 2 : null) });
    const read = await sim.Excel.run(async (context) => {
      const r = context.workbook.worksheets.getItem('Data').getRange('A1:B1');
      r.values = [['=1+1', "'=1+1"]];
      r.load('values,formulas,valueTypes,text');
      await context.sync();
      return { values: r.values, formulas: r.formulas, types: r.valueTypes, text: r.text };
    });
    expect(read).toEqual({
      values: [[2, '=1+1']],
      formulas: [['=1+1', '=1+1']],
      types: [['Double', 'String']],
      text: [['2', '=1+1']],
    });
    expect(sim.toSnapshot().sheets[0].cells[0]).toEqual([
      { value: 2, formula: '=1+1' },
      { value: '=1+1' },
      null,
    ]); // C1 is inside the used range (C2:C4 hold data)
  });

  it('null in a values array leaves that cell as it was, "" clears it', async () => {
    const sim = createSimulator(book());
    await sim.Excel.run(async (context) => {
      context.workbook.worksheets.getItem('Data').getRange('B3:C3').values = [[null, '']];
      await context.sync();
    });
    expect(sim.cell('Data', 'B3')?.v).toBe('Ana');
    expect(sim.cell('Data', 'C3')?.v).toBeNull();
  });
});

describe('null objects, used ranges and collections', () => {
  it('getItemOrNullObject and getUsedRangeOrNullObject report isNullObject after sync', async () => {
    const sim = createSimulator({
      sheets: [...book().sheets, { name: 'Empty', visibility: 'hidden', cells: [] }],
    });
    await sim.Excel.run(async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject('Nope');
      const found = context.workbook.worksheets.getItemOrNullObject('data');
      const used = context.workbook.worksheets.getItem('Data').getUsedRangeOrNullObject(true);
      used.load('address,rowCount,columnCount');
      const none = context.workbook.worksheets.getItem('Empty').getUsedRangeOrNullObject(true);
      expect(() => missing.isNullObject).toThrow(/not available/);
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(found.isNullObject).toBe(false);
      expect(none.isNullObject).toBe(true);
      expect([used.address, used.rowCount, used.columnCount]).toEqual(['Data!B2:C4', 3, 2]);
    });
  });

  it('getItem of a missing sheet fails at sync with ItemNotFound', async () => {
    const sim = createSimulator(book());
    await expect(
      sim.Excel.run(async (c) => {
        c.workbook.worksheets.getItem('Nope').load('name');
        await c.sync();
      }),
    ).rejects.toMatchObject({ code: 'ItemNotFound' });
  });

  it('worksheets.load gives items with name, visibility and position; veryHidden survives the snapshot', async () => {
    const sim = createSimulator({
      sheets: [
        ...book().sheets,
        { name: 'Secret', visibility: 'veryHidden', cells: [[{ value: 'x' }]] },
      ],
    });
    const items = await sim.Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load('items/name,items/visibility,items/position');
      expect(() => sheets.items).toThrow(/not available/);
      await context.sync();
      return sheets.items.map((s) => [s.name, s.visibility, s.position]);
    });
    expect(items).toEqual([
      ['Data', 'Visible', 0],
      ['Secret', 'VeryHidden', 1],
    ]);
    expect(sim.toSnapshot().sheets.map((s) => s.visibility)).toEqual(['visible', 'veryHidden']);
  });
});

describe('counters and fault injection', () => {
  it('counts syncs and request and response bytes', async () => {
    const sim = createSimulator(book());
    await sim.Excel.run(async (context) => {
      const r = context.workbook.worksheets.getItem('Data').getRange('A1');
      r.values = [['abc']];
      await context.sync();
      r.load('values');
      await context.sync();
    });
    expect(sim.stats.syncs).toBe(2);
    expect(sim.stats.requestBytes).toHaveLength(2);
    // The first request carries the 3-character text; the second response carries [["abc"]].
    expect(sim.stats.requestBytes[0]).toBeGreaterThan(3);
    expect(sim.stats.responseBytes[1]).toBeGreaterThanOrEqual('[{"values":[["abc"]]}]'.length);
    expect(sim.stats.largestRequest).toBe(Math.max(...sim.stats.requestBytes));
  });

  it('Excel.run sends what the batch left queued', async () => {
    const sim = createSimulator(book());
    await sim.Excel.run(async (context) => {
      context.workbook.worksheets.getItem('Data').getRange('A1').values = [['left over']];
    });
    expect(sim.stats.syncs).toBe(1);
    expect(sim.cell('Data', 'A1')?.v).toBe('left over');
  });

  it.each([0, 1, 2])(
    'failAtSync applies the first %i operations of that batch, then throws GeneralException',
    async (after) => {
      const sim = createSimulator(book(), { failAtSync: 2, failAfterOps: after });
      const code = await codeOf(
        sim.Excel.run(async (context) => {
          const ws = context.workbook.worksheets.getItem('Data');
          ws.getRange('A1').values = [['one']];
          await context.sync();
          ws.getRange('A2').values = [['two']];
          ws.getRange('A3').values = [['three']];
          await context.sync();
        }),
      );
      expect(code).toBe('GeneralException');
      expect(sim.cell('Data', 'A1')?.v).toBe('one');
      // The sheet proxy was found in sync 1, so the failing batch holds exactly the two writes.
      expect(sim.cell('Data', 'A2')?.v ?? null).toBe(after >= 1 ? 'two' : null);
      expect(sim.cell('Data', 'A3')?.v ?? null).toBe(after >= 2 ? 'three' : null);
    },
  );
});

describe('sheet objects', () => {
  it("records tables (with Excel's header fixes), charts, conditional formats, freeze panes, widths and links", async () => {
    const sim = createSimulator(book());
    await sim.Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem('Data');
      ws.getRange('E1:G2').values = [
        ["'A", '', "'A"],
        [1, 2, 3],
      ];
      const t = ws.tables.add('E1:G2', true);
      t.name = 'Survey';
      t.style = 'TableStyleLight9';
      const chart = ws.charts.add('ColumnClustered', ws.getRange('C3:C4'), 'Columns');
      (chart.title as { text: string }).text = 'Scores';
      chart.setPosition('H2', 'M12');
      const cf = ws.getRange('C3:C4').conditionalFormats.add('DataBar') as {
        dataBar: { positiveFormat: { fillColor: string } };
      };
      cf.dataBar.positiveFormat.fillColor = '#5B9BD5';
      ws.freezePanes.freezeAt(ws.getRange('A1:B2'));
      ws.getRange('B:B').format.columnWidth = 90;
      ws.getRange('B3').hyperlink = { documentReference: "'Data'!C3" };
      await context.sync();
    });
    const d = sim.details('Data');
    expect(d.tables).toEqual([
      { name: 'Survey', address: 'E1:G2', style: 'TableStyleLight9', showBandedRows: true },
    ]);
    expect([
      sim.cell('Data', 'E1')?.v,
      sim.cell('Data', 'F1')?.v,
      sim.cell('Data', 'G1')?.v,
    ]).toEqual(['A', 'Column2', 'A2']);
    expect(d.charts[0]).toMatchObject({
      type: 'ColumnClustered',
      title: 'Scores',
      series: [{ values: 'C3:C4' }],
      startCell: 'H2',
      endCell: 'M12',
    });
    expect(d.conditionalFormats).toEqual([
      {
        type: 'DataBar',
        address: 'C3:C4',
        settings: { dataBar: { positiveFormat: { fillColor: '#5B9BD5' } } },
      },
    ]);
    expect(d.freeze).toEqual({ rows: 2, columns: 2 });
    expect(d.columnWidths).toEqual({ B: 90 });
    expect(d.hyperlinks).toEqual([
      {
        address: 'B3',
        documentReference: "'Data'!C3",
        address2: undefined,
        textToDisplay: undefined,
      },
    ]);
    expect(sim.cell('Data', 'B3')?.v).toBe('Ana');
  });

  it('an unknown conditional-format setting throws instead of passing silently', async () => {
    const sim = createSimulator(book());
    await sim.Excel.run(async (context) => {
      const cf = context.workbook.worksheets
        .getItem('Data')
        .getRange('C3')
        .conditionalFormats.add('DataBar') as { dataBar: Record<string, unknown> };
      expect(() => (cf.dataBar.colour = 'red')).toThrow(/does not support/);
      await context.sync();
    });
  });
});
