/** Reading through the Office.js adapter, against the strict simulator. */
import { describe, expect, it } from '@jest/globals';
import { createSimulator } from '../support/excel-simulator';
import { adapterFor } from './fixtures';
import type { WorkbookSnapshot } from '../../src/core/snapshot';

const workbook: WorkbookSnapshot = {
  sheets: [
    {
      name: 'Scores',
      visibility: 'visible',
      // Header at C4: rows 1–3 and columns A–B are empty.
      cells: [
        [],
        [],
        [],
        [null, null, { value: 'ID' }, { value: 'Score' }, { value: 'Ratio' }],
        [null, null, { value: 'S1' }, { value: 88 }, { value: '#DIV/0!', formula: '=D5/0' }],
        [null, null, { value: 'S2' }, null, { value: 0.5, formula: '=D6/2', numberFormat: '0%' }],
        [null, null, null, { value: true }, { value: '' }],
      ],
    },
    { name: 'Hidden notes', visibility: 'hidden', cells: [[{ value: 'x' }]] },
    { name: 'Empty', visibility: 'visible', cells: [] },
  ],
};

describe('readSheet', () => {
  it('returns the used range with its first row and column, blanks as null, errors as their text', async () => {
    const sim = createSimulator(workbook);
    const table = await adapterFor(sim).readSheet('Scores');
    expect(table).toEqual({
      sheet: 'Scores',
      firstRow: 4,
      firstColumn: 3,
      values: [
        ['ID', 'Score', 'Ratio'],
        ['S1', 88, '#DIV/0!'],
        ['S2', null, 0.5],
        [null, true, null],
      ],
    });
    // One sync for the used range, one for the only block.
    expect(sim.stats.syncs).toBe(2);
  });

  it('an empty sheet is an empty table at A1', async () => {
    const sim = createSimulator(workbook);
    expect(await adapterFor(sim).readSheet('Empty')).toEqual({
      sheet: 'Empty',
      values: [],
      firstRow: 1,
      firstColumn: 1,
    });
  });

  it('a missing sheet rejects with ItemNotFound', async () => {
    const sim = createSimulator(workbook);
    await expect(adapterFor(sim).readSheet('Nope')).rejects.toMatchObject({ code: 'ItemNotFound' });
  });

  it('reads in several blocks when the sheet is larger than a block, with progress and cancel between blocks', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => [
      { value: `student-${i}` },
      { value: i * 1.5 },
    ]);
    const sim = createSimulator({ sheets: [{ name: 'S', visibility: 'visible', cells: rows }] });
    const progress: number[] = [];
    const table = await adapterFor(sim, 2000).readSheet('S', {
      progress: (_s, done) => progress.push(done),
    });
    expect(table.values).toHaveLength(500);
    expect(table.values[499]).toEqual(['student-499', 748.5]);
    expect(progress.length).toBe(sim.stats.syncs - 1);
    expect(progress.at(-1)).toBe(500);
    expect(Math.max(...sim.stats.responseBytes)).toBeLessThanOrEqual(2000 + 200);

    const cancel = { cancelled: false };
    const sim2 = createSimulator({ sheets: [{ name: 'S', visibility: 'visible', cells: rows }] });
    await expect(
      adapterFor(sim2, 2000).readSheet('S', {
        cancel,
        progress: () => void (cancel.cancelled = true),
      }),
    ).rejects.toMatchObject({ name: 'CancelledError' });
    expect(sim2.stats.syncs).toBe(2);
  });

  it('a response refused as too large is read again in halved blocks', async () => {
    // 40 rows of 20,000 characters: the first guess (4 MB / 32 bytes a cell) asks for all 40 rows = 800 kB,
    // over a 300 kB limit set on this simulator; halving gives 20, 10, 5 rows.
    const rows = Array.from({ length: 40 }, (_, i) => [{ value: `${i}`.padEnd(20_000, 'x') }]);
    const sim = createSimulator(
      { sheets: [{ name: 'Wide', visibility: 'visible', cells: rows }] },
      { payloadLimitBytes: 300_000 },
    );
    const table = await adapterFor(sim, 4_000_000).readSheet('Wide');
    expect(table.values.map((r) => (r[0] as string).slice(0, 2))).toEqual(
      Array.from({ length: 40 }, (_, i) => `${i}`.padEnd(2, 'x')),
    );
    // A row's response is about 20,004 bytes: 40 rows (800 kB) and 20 rows (400 kB) are refused,
    // 10 rows (200 kB) pass and later blocks keep that size: 1 used-range sync + 2 refused + 4 blocks.
    expect(sim.stats.syncs).toBe(7);
  });
});

describe('readSheet after listSheets', () => {
  const big = () =>
    createSimulator({
      sheets: [
        {
          name: 'S',
          visibility: 'visible',
          cells: Array.from({ length: 500 }, (_, i) => [
            { value: `student-${i}` },
            { value: i * 1.5 },
          ]),
        },
      ],
    });

  it('reads the used range and the first block in one sync: the same table, one sync fewer', async () => {
    const plain = createSimulator(workbook);
    const expected = await adapterFor(plain).readSheet('Scores');
    const sim = createSimulator(workbook);
    const adapter = adapterFor(sim);
    await adapter.listSheets();
    const before = sim.stats.syncs;
    expect(await adapter.readSheet('Scores')).toEqual(expected);
    expect(sim.stats.syncs - before).toBe(1);
    // An empty sheet is still an empty table.
    expect(await adapter.readSheet('Empty')).toEqual({
      sheet: 'Empty',
      values: [],
      firstRow: 1,
      firstColumn: 1,
    });

    const a = big();
    const b = big();
    const withHint = adapterFor(b, 2000);
    await withHint.listSheets();
    const start = b.stats.syncs;
    const t1 = await adapterFor(a, 2000).readSheet('S');
    const t2 = await withHint.readSheet('S');
    expect(t2).toEqual(t1);
    expect(b.stats.syncs - start).toBe(a.stats.syncs - 1);
    expect(b.stats.largestResponse).toBeLessThanOrEqual(2000 + 200);
  });

  it('a sheet changed since listSheets (emptied, grown wider and longer) is read as it is now', async () => {
    const sim = big();
    const adapter = adapterFor(sim, 2000);
    await adapter.listSheets();
    await sim.Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem('S');
      ws.getRange('C1:C600').values = Array.from({ length: 600 }, (_, i) => [`note ${i}`]);
      await context.sync();
    });
    const now = await adapterFor(sim, 2000).readSheet('S');
    expect(now.values).toHaveLength(600);
    expect(await adapter.readSheet('S')).toEqual(now);

    const emptied = big();
    const a2 = adapterFor(emptied, 2000);
    await a2.listSheets();
    await emptied.Excel.run(async (context) => {
      context.workbook.worksheets.getItem('S').getRange('A1:B500').values = Array.from(
        { length: 500 },
        () => ['', ''],
      );
      await context.sync();
    });
    expect(await a2.readSheet('S')).toEqual({
      sheet: 'S',
      values: [],
      firstRow: 1,
      firstColumn: 1,
    });
  });
});

describe('listSheets', () => {
  it('gives every sheet with visibility and used-range size in two syncs', async () => {
    const sim = createSimulator(workbook);
    expect(await adapterFor(sim).listSheets()).toEqual([
      { name: 'Scores', visible: true, rowCount: 4, columnCount: 3 },
      { name: 'Hidden notes', visible: false, rowCount: 1, columnCount: 1 },
      { name: 'Empty', visible: true, rowCount: 0, columnCount: 0 },
    ]);
    expect(sim.stats.syncs).toBe(2);
  });
});

describe('readState', () => {
  it('is null without a state sheet', async () => {
    expect(await adapterFor(createSimulator(workbook)).readState()).toBeNull();
  });

  it('ignores a visible sheet that merely has the state sheet name', async () => {
    const sim = createSimulator({
      sheets: [
        ...workbook.sheets,
        {
          name: 'Throughline State',
          visibility: 'visible',
          cells: [
            [{ value: 'Throughline state v1 — do not edit' }],
            [{ value: '{"version":1,"sheets":[]}' }],
          ],
        },
      ],
    });
    expect(await adapterFor(sim).readState()).toBeNull();
  });
});
