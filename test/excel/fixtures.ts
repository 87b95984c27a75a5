/** Plans and workbooks shared by the Excel adapter tests. */
import type { SheetPlan } from '../../src/core/plans/types';
import type { ThroughlineState } from '../../src/core/ports';
import type { WorkbookSnapshot } from '../../src/core/snapshot';
import { createExcelAdapter, type ExcelApi } from '../../src/excel';
import {
  createSimulator,
  snapshotFromTables,
  type Simulator,
  type SimulatorOptions,
} from '../support/excel-simulator';

export const FIXED_NOW = () => new Date('2025-03-01T12:00:00Z');

/** A person's workbook: a data sheet (header not at A1) and a sheet of their own named "Impact". */
export function personWorkbook(): WorkbookSnapshot {
  return snapshotFromTables([
    {
      sheet: 'Data',
      firstRow: 3,
      firstColumn: 2,
      values: [
        ['Student', 'Pre', 'Post'],
        ['Ana', 50, 61],
        ['Bo', 40, null],
        ['=not a formula', '5%', 'TRUE'],
      ],
    },
    { sheet: 'Impact', firstRow: 1, firstColumn: 1, values: [['My own notes'], [42]] },
  ]);
}

export function adapterFor(sim: Simulator, blockBytes?: number) {
  return createExcelAdapter(sim.Excel as unknown as ExcelApi, {
    now: FIXED_NOW,
    runId: () => 'r1',
    blockBytes,
  });
}

export function newSim(snapshot = personWorkbook(), options: SimulatorOptions = {}) {
  return createSimulator(snapshot, options);
}

export const STATE: ThroughlineState = {
  version: 1,
  sheets: [],
  config: { note: 'confirmed mapping' },
};

/** An impact sheet with every feature a plan can have, and a second sheet whose formula refers to it. */
export function featurePlans(): SheetPlan[] {
  const impact: SheetPlan = {
    key: 'impact',
    name: 'Impact (2)',
    cells: [
      ['Measure', 'Pre', 'Post', 'Gain'],
      ['Reading', 50, 60, { formula: '=C2-B2', value: 10 }],
      ['Math', 40, 45, { formula: '=C3-B3', value: 5 }],
    ],
    numberFormats: [{ rect: { row: 2, column: 2, rowCount: 2, columnCount: 3 }, format: '0.0' }],
    styles: [
      {
        rect: { row: 1, column: 1, rowCount: 1, columnCount: 4 },
        bold: true,
        fill: '#DDEBF7',
        horizontalAlignment: 'center',
      },
    ],
    columnWidths: [20, undefined, 10],
    tables: [
      {
        name: 'ImpactTable',
        rect: { row: 1, column: 1, rowCount: 3, columnCount: 4 },
        style: 'TableStyleLight9',
      },
    ],
    conditionalFormats: [
      {
        type: 'dataBar',
        rect: { row: 2, column: 4, rowCount: 2, columnCount: 1 },
        color: '#5B9BD5',
      },
      {
        type: 'colorScale',
        rect: { row: 2, column: 2, rowCount: 2, columnCount: 1 },
        min: '#F8696B',
        mid: { value: 45, color: '#FFEB84' },
        max: '#63BE7B',
      },
      {
        type: 'textEquals',
        rect: { row: 2, column: 1, rowCount: 2, columnCount: 1 },
        text: 'Math "core"',
        fill: '#FFC7CE',
        fontColor: '#9C0006',
      },
    ],
    charts: [
      {
        type: 'columnClustered',
        title: 'Pre and post',
        axes: { x: 'Group', y: 'Mean score' },
        categories: { row: 2, column: 1, rowCount: 2, columnCount: 1 },
        series: [
          { name: 'Pre', values: { row: 2, column: 2, rowCount: 2, columnCount: 1 } },
          { name: 'Post', values: { row: 2, column: 3, rowCount: 2, columnCount: 1 } },
        ],
        anchor: { row: 2, column: 6, width: 480, height: 288 },
      },
    ],
    freeze: { rows: 1, columns: 1 },
    links: [{ row: 2, column: 1, sheet: 'Data', targetRow: 4, targetColumn: 2 }],
  };
  const summary: SheetPlan = {
    key: 'summary',
    name: 'Summary',
    cells: [
      ['Reading gain', { formula: "='Impact (2)'!D2", value: 10 }],
      ['Note', '=SUM(1,2)'],
    ],
  };
  return [impact, summary];
}
