/**
 * The full-run harness itself: it notices a run that changes a person's sheet (so a passing
 * integration test means something), and it tells our unedited outputs from source sheets.
 */
import { describe, expect, it } from '@jest/globals';
import { createSimulator, snapshotFromTables } from '../support/excel-simulator';
import { SourceChangedError, runInSimulator, sourceSheetNames } from '../support/full-run';
import { baumannSnapshot, haveBaumann } from './workbooks';

(!haveBaumann ? describe.skip : describe)('runInSimulator', () => {
  it('fails when a run changes a cell of a source sheet', async () => {
    const sim = createSimulator(baumannSnapshot());
    // A sabotaged Excel: after each batch, one cell of the person's "Notes" sheet is changed.
    const run = sim.Excel.run.bind(sim.Excel) as (batch: unknown) => Promise<unknown>;
    (sim.Excel as { run: unknown }).run = async (batch: unknown) => {
      const result = await run(batch);
      sim.model.findSheet('Notes')!.rows[0]![0]!.v = 'changed';
      return result;
    };
    await expect(runInSimulator(sim)).rejects.toThrow(SourceChangedError);
    await expect(runInSimulator(createSimulator(baumannSnapshot()))).resolves.toMatchObject({
      error: null,
    });
  });

  it('fails when a run hides or deletes a source sheet', async () => {
    const sim = createSimulator(baumannSnapshot());
    const run = sim.Excel.run.bind(sim.Excel) as (batch: unknown) => Promise<unknown>;
    (sim.Excel as { run: unknown }).run = async (batch: unknown) => {
      const result = await run(batch);
      sim.model.findSheet('Impact')!.visibility = 'Hidden';
      return result;
    };
    await expect(runInSimulator(sim)).rejects.toThrow(/"Impact" went from visible to hidden/);
  });

  it("counts our unedited outputs as ours and an edited one as the person's", async () => {
    const first = await runInSimulator(baumannSnapshot());
    const snap = first.sim.toSnapshot();
    expect(sourceSheetNames(snap)).toEqual(['Students', 'Goals', 'Impact', 'Notes']);
    snap.sheets.find((s) => s.name === 'Data Quality')!.cells[0][0] = { value: 'mine now' };
    expect(sourceSheetNames(snap)).toEqual([
      'Students',
      'Goals',
      'Impact',
      'Notes',
      'Data Quality',
    ]);
    expect(
      sourceSheetNames(
        snapshotFromTables([{ sheet: 'A', firstRow: 1, firstColumn: 1, values: [[1]] }]),
      ),
    ).toEqual(['A']);
  });
});
