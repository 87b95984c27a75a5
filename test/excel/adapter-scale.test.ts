/**
 * A district-sized workbook through the simulator: 100,000 rows read and written in blocks, no
 * request or response over 4 MB, at most 30 syncs (issue 9).
 */
import { describe, expect, it } from '@jest/globals';
import type { SheetPlan } from '../../src/core/plans/types';
import type { SnapshotCell } from '../../src/core/snapshot';
import { createSimulator } from '../support/excel-simulator';
import { STATE, adapterFor } from './fixtures';

const ROWS = 100_000;
const LIMIT = 4_000_000;

function studentRow(i: number): (string | number)[] {
  return [
    `S${100000 + i}`,
    `School ${i % 3}`,
    `Team ${i % 400}`,
    i % 2 ? 'EL' : '',
    40 + (i % 60),
    45 + (i % 55),
    i % 7,
    (i * 37) % 101,
    `Teacher ${i % 60}`,
    i / 7,
  ];
}

describe('100,000 rows', () => {
  it('reads a 100,000 × 10 sheet in byte-sized blocks, each response at most 4 MB', async () => {
    const cells: (SnapshotCell | null)[][] = [];
    cells.push(
      ['ID', 'School', 'Team', 'EL', 'Pre', 'Post', 'Grade', 'Attendance', 'Teacher', 'Weight'].map(
        (h) => ({ value: h }),
      ),
    );
    for (let i = 0; i < ROWS; i++)
      cells.push(studentRow(i).map((v) => (v === '' ? null : { value: v })));
    const sim = createSimulator({ sheets: [{ name: 'Students', visibility: 'visible', cells }] });
    const table = await adapterFor(sim).readSheet('Students');
    expect(table.values).toHaveLength(ROWS + 1);
    expect(table.values[ROWS]).toEqual(studentRow(ROWS - 1).map((v) => (v === '' ? null : v)));
    const blocks = sim.stats.syncs - 1; // one sync finds the used range
    // What Excel sends back, measured independently: the JSON of all values ("" for blanks).
    const totalBytes = new TextEncoder().encode(
      JSON.stringify(cells.map((r) => r.map((c) => c?.value ?? ''))),
    ).length;
    expect(blocks).toBeGreaterThanOrEqual(Math.ceil(totalBytes / LIMIT));
    expect(blocks).toBeLessThanOrEqual(Math.ceil(totalBytes / LIMIT) + 3);
    expect(sim.stats.largestResponse).toBeLessThanOrEqual(LIMIT);
    expect(sim.stats.largestRequest).toBeLessThanOrEqual(LIMIT);
  });

  it('renders a 100,000-row plan in at most 30 syncs, each request at most 4 MB, calculation suspended while writing', async () => {
    const plan: SheetPlan = {
      key: 'student-targets',
      name: 'Student Targets',
      cells: [
        ['ID', 'School', 'Team', 'EL', 'Pre', 'Post', 'Grade', 'Attendance', 'Teacher', 'Gain'],
        ...Array.from({ length: ROWS }, (_, i) => [
          ...studentRow(i).slice(0, 9),
          { formula: `=F${i + 2}-E${i + 2}`, value: 45 + (i % 55) - (40 + (i % 60)) },
        ]),
      ],
      numberFormats: [
        { rect: { row: 2, column: 10, rowCount: ROWS, columnCount: 1 }, format: '0.0' },
      ],
      tables: [
        {
          name: 'StudentTargets',
          rect: { row: 1, column: 1, rowCount: ROWS + 1, columnCount: 10 },
        },
      ],
      freeze: { rows: 1, columns: 0 },
      columnWidths: [12],
    };
    const sim = createSimulator({
      sheets: [{ name: 'Data', visibility: 'visible', cells: [[{ value: 'x' }]] }],
    });
    const started = Date.now();
    await adapterFor(sim).render([plan], { state: STATE });
    const seconds = (Date.now() - started) / 1000;
    expect(sim.stats.syncs).toBeLessThanOrEqual(30);
    expect(sim.stats.largestRequest).toBeLessThanOrEqual(LIMIT);
    expect(sim.stats.largestResponse).toBeLessThanOrEqual(LIMIT);
    // Every writing sync suspended calculation: all but the look (1). Adding the sheets goes
    // with the first writes, the swap with the last.
    expect(sim.stats.suspendCalculation).toBe(sim.stats.syncs - 1);
    expect(sim.cell('Student Targets', 'A100001')).toEqual({ v: 'S199999', q: true });
    expect(sim.cell('Student Targets', 'J100001')).toMatchObject({
      f: '=F100001-E100001',
      nf: '0.0',
    });
    expect(sim.cell('Student Targets', 'D3')).toEqual({ v: 'EL', q: true });
    expect(sim.details('Student Targets').tables[0]).toMatchObject({
      name: 'StudentTargets',
      address: 'A1:J100001',
    });
    console.log(
      `100k-row plan: ${sim.stats.syncs} syncs, largest request ${sim.stats.largestRequest} bytes, ${seconds.toFixed(1)} s in the simulator`,
    );
  });
});
