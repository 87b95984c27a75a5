/**
 * The pane's handlers (src/taskpane/handlers.ts) on the strict Excel simulator, without a
 * browser: the store and the Office.js adapter as the pane uses them, with the analysis run in
 * this process (as the worker runs it: analyze, then detection for the Data step).
 *
 * The workbook is the pane's small test workbook (test/e2e/pane-workbook.ts): 24 students in two
 * teams, Reading before/after, the ID S3 repeated on Excel row 26 (header row 1, S1…S24 on rows
 * 2…25), a sheet of a person's notes that no run may change.
 */
import { runAnalysis } from '../../src/taskpane/run-analysis';
import { describe, it, expect } from '@jest/globals';
import { STATE_SHEET } from '../../src/core/state';
import type { RawTable } from '../../src/core/types';
import { createExcelAdapter } from '../../src/excel';
import {
  applyEdit,
  cancelRun,
  chooseName,
  chooseRole,
  currentScope,
  goalChoice,
  openSheet,
  run,
  selectRange,
  toggleAdopt,
  type PaneContext,
  type PaneDeps,
} from '../../src/taskpane/handlers';
import { STEP_SHEET_KEYS, rankedGoals, setMeasureField } from '../../src/taskpane/logic';
import { createStore } from '../../src/taskpane/store';
import { simulatedShare } from '../support/share';
import { createSimulator, snapshotFromTables } from '../support/excel-simulator';
import { NOTES_SHEET, smallStudents } from '../e2e/pane-workbook';

const NOW = new Date('2026-05-01T10:00:00Z');
const impactStep = { id: 'impact', sheetKeys: STEP_SHEET_KEYS.impact };

/** The worker's work, in this process (src/taskpane/run-analysis.ts, which the worker runs). */
function inProcess(onAnalysed?: () => void): PaneDeps['startAnalysis'] {
  return (request, onProgress) => {
    const result = runAnalysis(request, onProgress);
    onAnalysed?.();
    return { result: Promise.resolve(result), cancel: () => undefined };
  };
}

function pane(tables: RawTable[], onAnalysed?: (ctx: PaneContext) => void) {
  const sim = createSimulator(snapshotFromTables(tables));
  const excel = createExcelAdapter(sim.Excel as never, { now: () => NOW, runId: () => 'test' });
  const ctx: PaneContext = {
    store: createStore(),
    deps: {
      excel,
      api: sim.Excel as never,
      now: () => NOW,
      startAnalysis: inProcess(() => onAnalysed?.(ctx)),
      share: simulatedShare(sim),
    },
  };
  return { sim, ctx };
}

function values(sim: ReturnType<typeof createSimulator>, sheet: string): unknown[][] {
  const s = sim.toSnapshot().sheets.find((x) => x.name === sheet);
  return (s?.cells ?? []).map((row) => row.map((c) => c?.value ?? null));
}

describe('run: the whole analysis', () => {
  it("writes Data Quality and the state, leaves the person's sheets alone, and says what it wrote", async () => {
    const { sim, ctx } = pane([smallStudents(), NOTES_SHEET]);
    const before = sim.toSnapshot();
    await run(ctx, 'all');
    const s = ctx.store.get();
    expect(s.alert).toBe('');
    expect(s.status).toMatch(/^Done\. Added: .*Data Quality/);
    expect(s.busy).toBe(false);
    expect(s.progress).toBeNull();
    expect(s.sheetNames.get('data-quality')).toBe('Data Quality');
    const after = sim.toSnapshot();
    for (const sheet of before.sheets)
      expect(after.sheets.find((x) => x.name === sheet.name)).toEqual(sheet);
    expect(after.sheets.find((x) => x.name === STATE_SHEET)?.visibility).toBe('veryHidden');
    // S3 repeated on Excel row 26 of Students (see the file comment).
    const dq = values(sim, 'Data Quality');
    expect(dq[1].slice(0, 6)).toEqual([
      'warning',
      'DUPLICATE_ID',
      'Students',
      26,
      'Student ID',
      'S3',
    ]);
    // The analysis is kept for the views: 25 rows read, the repeat not used.
    expect(s.analysis?.report.dataQuality.rowsRead).toBe(25);
    expect(s.analysis?.headerRows.Students).toBe(1);
  });

  it("writes only the step's own sheets when one step runs alone", async () => {
    const { sim, ctx } = pane([smallStudents(), NOTES_SHEET]);
    await run(ctx, 'all');
    const dq = sim.toSnapshot().sheets.find((x) => x.name === 'Data Quality');
    await run(ctx, impactStep);
    expect(ctx.store.get().status).toMatch(/^Done\./);
    expect(ctx.store.get().step).toBe('impact');
    // Not rewritten: the same cells (a rewrite would also be listed as "Replaced").
    expect(sim.toSnapshot().sheets.find((x) => x.name === 'Data Quality')).toEqual(dq);
    expect(ctx.store.get().status).not.toMatch(/Data Quality/);
  });

  it('a run that finds no data writes nothing and says why on the Data step', async () => {
    const { sim, ctx } = pane([NOTES_SHEET]);
    ctx.store.set({ step: 'impact' });
    const before = sim.toSnapshot();
    await run(ctx, 'all');
    const s = ctx.store.get();
    expect(s.step).toBe('data');
    expect(s.alert).not.toBe('');
    expect(s.alert).toBe(s.status);
    expect(s.alert).not.toMatch(/at .*\.ts|Error:/);
    expect(sim.toSnapshot()).toEqual(before);
  });

  it('cancelled after the analysis, leaves the workbook as it was', async () => {
    const { sim, ctx } = pane([smallStudents(), NOTES_SHEET], (c) => cancelRun(c));
    const before = sim.toSnapshot();
    await run(ctx, 'all');
    expect(ctx.store.get().status).toBe('Cancelled: the workbook was left as it was.');
    expect(ctx.store.get().alert).toBe('');
    expect(sim.toSnapshot()).toEqual(before);
  });

  it('cancelled while writing, leaves the workbook as it was (a workbook our sheets are in)', async () => {
    const { sim, ctx } = pane([smallStudents(), NOTES_SHEET]);
    await run(ctx, 'all');
    const before = sim.toSnapshot();
    const render = ctx.deps.excel.render;
    let stages = 0;
    ctx.deps.excel = {
      ...ctx.deps.excel,
      render: (plans, options) =>
        render(plans, {
          ...options,
          // The person presses Cancel as the first sheet is being written.
          progress: (stage, done, total) => {
            if (stages++ === 0) cancelRun(ctx);
            options.progress?.(stage, done, total);
          },
        }),
    };
    await run(ctx, 'all');
    expect(stages).toBeGreaterThan(0);
    expect(ctx.store.get().status).toBe('Cancelled: the workbook was left as it was.');
    expect(sim.toSnapshot()).toEqual(before);
  });

  it('ignores a second run while one is going', async () => {
    const { ctx } = pane([smallStudents(), NOTES_SHEET]);
    let analyses = 0;
    const start = ctx.deps.startAnalysis;
    ctx.deps.startAnalysis = (r, p) => (analyses++, start(r, p));
    await Promise.all([run(ctx, 'all'), run(ctx, 'all')]);
    expect(analyses).toBe(1);
  });
});

describe('mapping edits', () => {
  it('keeps an accepted edit (saved by the next run) and shows a refused one as an alert', async () => {
    const { sim, ctx } = pane([smallStudents(), NOTES_SHEET]);
    await run(ctx, 'all');
    const config = ctx.store.get().config!;
    const measure = config.students[0].measures[0].name;
    applyEdit(ctx, setMeasureField(config, 'Students', measure, 'max', 'lots'));
    expect(ctx.store.get().alert).not.toBe('');
    expect(ctx.store.get().edited).toBe(false);
    applyEdit(ctx, setMeasureField(config, 'Students', measure, 'max', '80'));
    expect(ctx.store.get().edited).toBe(true);
    expect(ctx.store.get().alert).toBe('');
    await run(ctx, { id: 'data', sheetKeys: STEP_SHEET_KEYS.data });
    const state = JSON.parse(
      values(sim, STATE_SHEET)
        .slice(1)
        .map((r) => r[0])
        .join(''),
    );
    expect(state.config.students[0].measures[0].max).toBe(80);
  });
});

describe('Excel actions', () => {
  it("selects an issue's cell, and says so when a sheet is not there", async () => {
    const { sim, ctx } = pane([smallStudents(), NOTES_SHEET]);
    await selectRange(ctx, 'Students', 'A26');
    expect(ctx.store.get().status).toBe('Selected A26 on "Students".');
    const m = sim.model;
    expect(m.sheets.find((x) => x.id === m.selection?.sheetId)?.name).toBe('Students');
    expect(m.selection?.box).toEqual({ row: 25, column: 0, rowCount: 1, columnCount: 1 });
    await openSheet(ctx, 'Nowhere');
    expect(ctx.store.get().alert).toMatch(/^Could not open "Nowhere": /);
  });
});

describe('toggleAdopt', () => {
  it("marks the goal's Adopt cell, keeps the sheet ours, and takes the mark back", async () => {
    const { sim, ctx } = pane([smallStudents(), NOTES_SHEET]);
    await run(ctx, 'all');
    const goals = rankedGoals(ctx.store.get().analysis!.report.goals);
    expect(goals.length).toBeGreaterThan(0);
    const goal = goals[0];
    await toggleAdopt(ctx, goal);
    expect(goalChoice(ctx.store.get(), goal).adopted).toBe(true);
    const sheet = values(sim, 'Suggested Goals');
    // The instruction sits above the table; the header row is the one that starts with Adopt.
    const header = sheet.findIndex((r) => r[0] === 'Adopt');
    expect(header).toBeGreaterThan(0);
    expect(sheet[header].slice(0, 2)).toEqual(['Adopt', 'ID']);
    expect(String(sheet[0][0])).toMatch(/^Pick Y in "Adopt"/);
    const row = sheet.findIndex((r, i) => i > header && r[1] === goal.id);
    expect(sheet[row][0]).toBe('Y');
    expect(sheet.filter((r) => r[0] === 'Y')).toHaveLength(1);
    expect(ctx.store.get().status).toBe(`Adopted: ${goal.id} (A${row + 1} on "Suggested Goals").`);
    // Not a person's edit: the state's fingerprint follows the mark.
    const state = await ctx.deps.excel.readState();
    await expect(ctx.deps.excel.editedOwnedSheets(state!)).resolves.toEqual([]);
    // The next run replaces the sheet (no copy kept) and carries the adoption.
    await run(ctx, 'all');
    expect(ctx.store.get().status).toMatch(/Replaced: .*Suggested Goals/);
    expect(sim.toSnapshot().sheets.map((s) => s.name)).not.toContain('Suggested Goals (2)');
    const again = values(sim, 'Suggested Goals');
    expect(again.filter((r) => r[0] === 'Y').map((r) => r[1])).toEqual([goal.id]);
    await toggleAdopt(ctx, goal);
    expect(values(sim, 'Suggested Goals').filter((r) => r[0] === 'Y')).toEqual([]);
    expect(ctx.store.get().status).toMatch(`No longer adopted: ${goal.id}`);
  });

  it('before any sheet is written, keeps the choice for the next run only', async () => {
    const { sim, ctx } = pane([smallStudents(), NOTES_SHEET]);
    await run(ctx, impactStep);
    const goal = rankedGoals(ctx.store.get().analysis!.report.goals)[0];
    const before = sim.toSnapshot();
    await toggleAdopt(ctx, goal);
    expect(sim.toSnapshot()).toEqual(before);
    await run(ctx, impactStep);
    // The choice brings Suggested Goals into the step's run, with the mark.
    const sheet = values(sim, 'Suggested Goals');
    expect(sheet.filter((r) => r[0] === 'Y').map((r) => r[1])).toEqual([goal.id]);
  });
});

describe('the role and name at the top (issue 20, item 3)', () => {
  it('keeps the choice in the store; a name the analysis lacks is refused; steps see the scope', async () => {
    const { ctx } = pane([smallStudents(), NOTES_SHEET]);
    expect(ctx.store.get().role).toBe('system');
    // Before any analysis there is no name to choose.
    chooseRole(ctx, 'coach');
    expect(ctx.store.get().scopeName).toBeNull();
    expect(currentScope(ctx.store.get())).toBeNull();
    await run(ctx, 'all');
    // The small workbook's teams: S1, S3, … are Blue; S2, S4, … are Gold (pane-workbook.ts).
    chooseName(ctx, 'Gold');
    expect(ctx.store.get().scopeName).toBe('Gold');
    expect(ctx.store.get().status).toBe('Every step shows Gold only.');
    chooseName(ctx, 'Purple');
    expect(ctx.store.get().scopeName).toBe('Gold');
    const scope = currentScope(ctx.store.get())!;
    expect([...scope.teams]).toEqual(['Gold']);
    chooseRole(ctx, 'school');
    expect(ctx.store.get().scopeName).toBe('Oak');
    expect([...currentScope(ctx.store.get())!.teams].sort()).toEqual(['Blue', 'Gold']);
    chooseRole(ctx, 'system');
    expect(currentScope(ctx.store.get())).toBeNull();
    expect(ctx.store.get().status).toBe('Every step shows the whole district.');
  });
});
