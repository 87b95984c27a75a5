/**
 * Ownership and idempotence over full runs, in the simulator (the add-in) and with files (the
 * command line): a re-run replaces only our own sheets and gives the same workbook; a person's
 * sheet named like one of ours is left alone and ours gets " (2)"; an output sheet a person
 * edited is kept and the new results go to a sheet named anew. The harness proves every
 * source sheet unchanged on each run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { outputSheetNames } from '../../src/core/analyze';
import { STATE_SHEET } from '../../src/core/state';
import { saveSnapshotXlsx } from '../../src/files/xlsx/write/snapshot-xlsx';
import type { Simulator } from '../support/excel-simulator';
import { runInSimulator, runWithFiles, stateInSnapshot } from '../support/full-run';
import { hashXlsxSheets } from '../support/hash';
import { fullState } from './workbook-state';
import { baumannSnapshot, haveBaumann } from './workbooks';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-trust-rerun-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The realistic workbook plus a person's own sheet named "Data Quality" (besides their "Impact"). */
async function workbookWithLookalikes() {
  const snap = baumannSnapshot();
  snap.sheets.push({
    name: 'Data Quality',
    visibility: 'visible',
    cells: [[{ value: 'My checklist' }, { value: 'done' }]],
  });
  return snap;
}

async function setCell(sim: Simulator, sheet: string, address: string, value: string) {
  await sim.Excel.run(async (ctx) => {
    ctx.workbook.worksheets.getItem(sheet).getRange(address).values = [[value]];
    await ctx.sync();
  });
}

(!haveBaumann ? describe.skip : describe)('ownership and re-runs in the simulator', () => {
  it('a person\'s sheets named "Impact" and "Data Quality" are left alone; ours become "… (2)"', async () => {
    const run = await runInSimulator(await workbookWithLookalikes());
    expect(run.sourceSheets).toEqual(expect.arrayContaining(['Impact', 'Data Quality']));
    const names = run.output!.plans.map((p) => p.name);
    expect(names).toContain('Data Quality (2)');
    expect(names).not.toContain('Impact');
    // The impact sheets' names are resolved the same way whether or not impact has rows yet.
    expect(outputSheetNames(['Impact', 'Data Quality'], null)).toMatchObject({
      impact: 'Impact (2)',
      'data-quality': 'Data Quality (2)',
      'impact-data': 'Impact Data',
    });
    const dq = run.output!.plans.find((p) => p.key === 'data-quality')!;
    expect(run.sim.cell('Data Quality (2)', 'A1')?.v).toBe(dq.cells[0][0]);
    expect(run.sim.cell('Data Quality', 'A1')?.v).toBe('My checklist');
    // Ownership is recorded in the very hidden state sheet, by key and fingerprint.
    const state = stateInSnapshot(run.sim.toSnapshot())!;
    expect(state.sheets.map((s) => [s.key, s.name])).toEqual(
      run.output!.plans.map((p) => [p.key, p.name]),
    );
    expect(state.sheets.every((s) => /^[0-9a-f]{14}$/.test(s.fingerprint))).toBe(true);
  });

  it('a re-run replaces only our sheets and leaves the workbook exactly as the first run did', async () => {
    const first = await runInSimulator(await workbookWithLookalikes());
    const afterFirst = fullState(first.sim);
    const second = await runInSimulator(first.sim, { runId: 'r2' });
    expect(second.keptEdited).toEqual([]);
    expect(second.result!.written).toEqual([]);
    expect(second.result!.replaced).toEqual(first.output!.plans.map((p) => p.name));
    expect(second.output!.plans.map((p) => p.name)).toEqual(first.output!.plans.map((p) => p.name));
    expect(fullState(second.sim)).toEqual(afterFirst);
  });

  it('an output sheet a person edited is kept as theirs; the new results go to a new sheet', async () => {
    const first = await runInSimulator(baumannSnapshot());
    const dqName = first.output!.plans.find((p) => p.key === 'data-quality')!.name;
    expect(dqName).toBe('Data Quality');
    const ours = first.sim.toSnapshot().sheets.find((s) => s.name === dqName)!.cells;
    await setCell(first.sim, dqName, 'O3', 'checked by Ms. Ray');

    const second = await runInSimulator(first.sim, { runId: 'r2' });
    expect(second.keptEdited).toEqual([dqName]);
    expect(second.sourceSheets).toContain(dqName); // hashed before and after: unchanged
    expect(second.sim.cell(dqName, 'O3')?.v).toBe('checked by Ms. Ray');
    const renamed = second.output!.plans.find((p) => p.key === 'data-quality')!.name;
    expect(renamed).toBe('Data Quality (2)');
    expect(second.sim.toSnapshot().sheets.find((s) => s.name === renamed)!.cells).toEqual(ours);

    // A third run replaces "Data Quality (2)" and still keeps the edited sheet.
    const afterSecond = fullState(second.sim);
    const third = await runInSimulator(second.sim, { runId: 'r3' });
    expect(third.keptEdited).toEqual([dqName]);
    expect(third.result!.replaced).toContain(renamed);
    expect(fullState(third.sim)).toEqual(afterSecond);
  });
});

(!haveBaumann ? describe.skip : describe)(
  'ownership and re-runs with files (the command line)',
  () => {
    it('a re-run on its own output gives the same workbook; the person\'s "Impact" and "Data Quality" stay', async () => {
      const input = path.join(dir, 'district.xlsx');
      await saveSnapshotXlsx(await workbookWithLookalikes(), input);
      const out1 = path.join(dir, 'run1.xlsx');
      const r1 = await runWithFiles([input], { args: ['--out', out1] });
      expect(r1.code, r1.stderr).toBe(0);
      expect(r1.sourceSheets).toEqual(expect.arrayContaining(['Impact', 'Data Quality']));
      expect(r1.output!.plans.map((p) => p.name)).toContain('Data Quality (2)');

      const out2 = path.join(dir, 'run2.xlsx');
      const r2 = await runWithFiles([out1], { args: ['--out', out2] });
      expect(r2.code, r2.stderr).toBe(0);
      expect(r2.output!.plans.map((p) => p.name)).toEqual(r1.output!.plans.map((p) => p.name));
      const h1 = await hashXlsxSheets(out1);
      const h2 = await hashXlsxSheets(out2);
      expect([...h2.keys()]).toEqual([...h1.keys()]);
      expect(h2).toEqual(h1);
      expect(h2.has(STATE_SHEET)).toBe(true);
    });

    it('an edited output sheet is kept, and the new results are written beside it', async () => {
      const input = path.join(dir, 'district-b.xlsx');
      await saveSnapshotXlsx(baumannSnapshot(), input);
      const out1 = path.join(dir, 'b1.xlsx');
      expect((await runWithFiles([input], { args: ['--out', out1] })).code).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out1);
      wb.getWorksheet('Data Quality')!.getCell('O3').value = 'checked by Ms. Ray';
      const edited = path.join(dir, 'b1-edited.xlsx');
      writeFileSync(edited, Buffer.from(await wb.xlsx.writeBuffer()));

      const out2 = path.join(dir, 'b2.xlsx');
      const r2 = await runWithFiles([edited], { args: ['--out', out2] });
      expect(r2.code, r2.stderr).toBe(0);
      expect(r2.stderr).toMatch(/Kept "Data Quality" as edited by hand/);
      expect(r2.sourceSheets).toContain('Data Quality');
      expect(r2.output!.plans.find((p) => p.key === 'data-quality')!.name).toBe('Data Quality (2)');
      const h1 = await hashXlsxSheets(out1);
      const h2 = await hashXlsxSheets(out2);
      expect(h2.get('Data Quality (2)')).toBe(h1.get('Data Quality'));
    });
  },
);
