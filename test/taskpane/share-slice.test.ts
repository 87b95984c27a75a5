/**
 * The pane's "Share a slice" (issue 20, item 4) on the strict Excel simulator holding the example
 * district: the analysis runs, a role and a name are chosen, the button's handler builds the
 * slice in this process as the worker builds it, and Excel.createWorkbook receives the bytes
 * (the simulator records them). The bytes get the command line's slice search (every cell,
 * sheet name, defined name, chart cache and document property, test/support/slice-search.ts)
 * and are opened in LibreOffice. Below ExcelApi 1.8 the same bytes are offered as a download.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import type { RawTable } from '../../src/core/types';
import { createExcelAdapter } from '../../src/excel';
import { openWorkbookFiles } from '../../src/files/source';
import {
  chooseName,
  chooseRole,
  run,
  shareSlice,
  type PaneContext,
} from '../../src/taskpane/handlers';
import type { PaneRole } from '../../src/taskpane/scope';
import { runAnalysis } from '../../src/taskpane/run-analysis';
import { shareBlocked } from '../../src/taskpane/share';
import { createStore } from '../../src/taskpane/store';
import { createSimulator, snapshotFromTables } from '../support/excel-simulator';
import { noLibreOffice, recalculateXlsxDetailed } from '../support/libreoffice';
import { simulatedShare, type Download } from '../support/share';
import {
  districtPeople,
  found,
  leaksIn,
  partsText,
  split,
  type Case,
  type People,
} from '../support/slice-search';
import { SAMPLE } from '../examples/workbook';

const NOW = new Date('2026-05-01T10:00:00Z');
const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-pane-slice-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let tables: RawTable[];
let people: People;
beforeAll(async () => {
  const source = await openWorkbookFiles([SAMPLE]);
  tables = source.sheets.map((s) => s.table);
  people = await districtPeople(SAMPLE);
});

/** The pane on the simulator holding the district, analysed (the names come from the analysis). */
async function analysedPane(excelApi?: string) {
  const sim = createSimulator(snapshotFromTables(tables), { excelApi });
  const downloads: Download[] = [];
  const ctx: PaneContext = {
    store: createStore(),
    deps: {
      excel: createExcelAdapter(sim.Excel as never, { now: () => NOW, runId: () => 'test' }),
      api: sim.Excel as never,
      now: () => NOW,
      startAnalysis: (request, onProgress) => ({
        result: Promise.resolve(runAnalysis(request, onProgress)),
        cancel: () => undefined,
      }),
      share: simulatedShare(sim, downloads),
    },
  };
  await run(ctx, 'all');
  expect(ctx.store.get().alert).toBe('');
  return { sim, ctx, downloads };
}

/** Presses "Share a slice" for a role and name; the workbook is not changed by it. */
async function share(pane: Awaited<ReturnType<typeof analysedPane>>, role: PaneRole, name: string) {
  const { ctx, sim } = pane;
  chooseRole(ctx, role);
  chooseName(ctx, name);
  expect(ctx.store.get().scopeName).toBe(name);
  const before = sim.toSnapshot();
  await shareSlice(ctx);
  expect(ctx.store.get().alert).toBe('');
  expect(ctx.store.get().busy).toBe(false);
  expect(sim.toSnapshot()).toEqual(before);
}

/** The slice search on bytes: no name outside, every name inside found. */
function searchSlice(bytes: Uint8Array, label: string, c: Case) {
  const file = path.join(dir, `${label}.xlsx`);
  writeFileSync(file, bytes);
  const texts = partsText(file, dir);
  const { inside, outside } = split(people, c);
  expect(leaksIn(texts, outside), 'names outside the slice').toEqual([]);
  const all = [...inside.ids, ...inside.educators, ...inside.teams, ...inside.coaches];
  const seen = found(texts, all);
  expect(
    all.filter((n) => !seen.has(n)),
    'names of the slice not found in the workbook',
  ).toEqual([]);
  return { file, texts, inside };
}

const TEAM = 'Lakeside Grade 4';
/** A coach of the example (the Cedar Ridge teams): the Coach role shares her teams. */
const COACH = 'Renata Sokolova';
const coachTeams = () =>
  new Set(people.educators.filter((e) => e.coach === COACH).map((e) => e.team));
const SCHOOL = 'Northview Middle School';

describe('"Share a slice" opens a new workbook holding only the slice (Excel.createWorkbook)', () => {
  let pane: Awaited<ReturnType<typeof analysedPane>>;
  beforeAll(async () => {
    pane = await analysedPane();
  }, 300_000);

  it('(the search can fail: the whole district shared would leak every other team)', async () => {
    // The pane's own analysis (no slice) as a workbook, through the same builder.
    const { planOnlyXlsx } = await import('../../src/files/xlsx/write/slice-xlsx');
    const a = pane.ctx.store.get().analysis!;
    const whole = await planOnlyXlsx(
      a.plans,
      { version: 1, sheets: [], config: a.report.config },
      NOW,
    );
    const file = path.join(dir, 'whole.xlsx');
    writeFileSync(file, whole);
    const { outside } = split(people, {
      inStudent: (s) => s.team === TEAM,
      inEducator: (e) => e.team === TEAM,
    });
    expect(leaksIn(partsText(file, dir), outside).length).toBeGreaterThan(100);
  }, 120_000);

  it("a coach's teams: Renata Sokolova's, and the bytes open in LibreOffice, its numbers recomputed to the engine's", async () => {
    await share(pane, 'coach', COACH);
    expect(pane.sim.createdWorkbooks.length).toBe(1);
    expect(pane.downloads).toEqual([]);
    const bytes = Buffer.from(pane.sim.createdWorkbooks[0], 'base64');
    const { file, inside } = searchSlice(bytes, 'coach', {
      inStudent: (s) => coachTeams().has(s.team),
      inEducator: (e) => e.coach === COACH,
    });
    // The generator's coaches: Renata Sokolova holds the four Cedar Ridge teams.
    expect(inside.teams.length).toBe(4);
    expect(pane.ctx.store.get().status).toBe(
      "Opened a new workbook holding only Renata Sokolova's teams' records, goals and figures: check it, then save and share it.",
    );
    if (noLibreOffice()) return;
    const written = new ExcelJS.Workbook();
    await written.xlsx.load(bytes as unknown as ArrayBuffer);
    const recalculated = await recalculateXlsxDetailed(file);
    const names = written.worksheets.filter((w) => w.state === 'visible').map((w) => w.name);
    expect(names.length).toBeGreaterThan(3);
    const problems: string[] = [];
    for (const ws of written.worksheets) {
      if (ws.state !== 'visible') continue;
      const lo = recalculated.get(ws.name);
      if (!lo) {
        problems.push(`${ws.name}: missing in LibreOffice`);
        continue;
      }
      ws.eachRow((row, r) =>
        row.eachCell((cell, c) => {
          const v = cell.value as { formula?: string; result?: unknown } | null;
          if (!v || typeof v !== 'object' || !('formula' in v)) return;
          const got = lo.values[r - 1]?.[c - 1] ?? null;
          const want = v.result ?? null;
          // Numbers recomputed to the engine's; no formula recomputes to an error value.
          const same =
            typeof want === 'number' && typeof got === 'number'
              ? Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want))
              : !(typeof got === 'string' && /^#[A-Z/0]+[!?]?$/.test(got));
          if (!same) problems.push(`${ws.name}!${cell.address}: ${String(got)} ≠ ${String(want)}`);
        }),
      );
    }
    expect(problems.slice(0, 10)).toEqual([]);
  }, 300_000);

  it('a team, for its meeting: Lakeside Grade 4 (the Team role beside Coach)', async () => {
    await share(pane, 'team', TEAM);
    const bytes = Buffer.from(pane.sim.createdWorkbooks.at(-1)!, 'base64');
    const { inside } = searchSlice(bytes, 'team', {
      inStudent: (s) => s.team === TEAM,
      inEducator: (e) => e.team === TEAM,
    });
    expect(inside.educators.length).toBe(5);
    expect(pane.ctx.store.get().status).toBe(
      "Opened a new workbook holding only team Lakeside Grade 4's records, goals and figures: check it, then save and share it.",
    );
  }, 120_000);

  it('a school: Northview Middle School', async () => {
    await share(pane, 'school', SCHOOL);
    const bytes = Buffer.from(pane.sim.createdWorkbooks.at(-1)!, 'base64');
    const { inside } = searchSlice(bytes, 'school', {
      inStudent: (s) => s.school === SCHOOL,
      inEducator: (e) => e.school === SCHOOL,
    });
    expect(inside.teams.length).toBe(4);
  }, 120_000);

  it('an educator: the owner of individual goal I3', async () => {
    const name = people.goals.find((g) => g.id === 'I3')!.owner;
    await share(pane, 'educator', name);
    const bytes = Buffer.from(pane.sim.createdWorkbooks.at(-1)!, 'base64');
    const { inside } = searchSlice(bytes, 'educator', {
      inStudent: (s) => s.teacher === name,
      inEducator: (e) => e.name === name,
    });
    expect(inside.ids.length).toBe(25);
  }, 120_000);

  it('the System leader has no slice: the button says why and sharing does nothing', async () => {
    const { ctx, sim } = pane;
    const count = sim.createdWorkbooks.length;
    chooseRole(ctx, 'system');
    const s = ctx.store.get();
    expect(shareBlocked(true, s.analysis?.report.views, s.role, s.scopeName)).toBe(
      'The System leader sees the whole district: choose the School leader, Coach, Team or Educator role to share one slice.',
    );
    await shareSlice(ctx);
    expect(sim.createdWorkbooks.length).toBe(count);
  });
});

describe('below ExcelApi 1.8 the slice is offered as a download', () => {
  it('named after the coach, with the same kind of bytes', async () => {
    const pane = await analysedPane('1.7');
    expect(pane.sim.Excel.createWorkbook).toBeUndefined();
    await share(pane, 'coach', COACH);
    expect(pane.sim.createdWorkbooks).toEqual([]);
    expect(pane.downloads.map((d) => d.fileName)).toEqual(['Throughline – Renata Sokolova.xlsx']);
    searchSlice(pane.downloads[0].bytes, 'download', {
      inStudent: (s) => coachTeams().has(s.team),
      inEducator: (e) => e.coach === COACH,
    });
    expect(pane.ctx.store.get().status).toBe(
      "\"Throughline – Renata Sokolova.xlsx\" holds only Renata Sokolova's teams' records, goals and figures: save it from your browser's downloads and share it.",
    );
  }, 300_000);
});

describe('before an analysis', () => {
  it('the button says to analyse first', () => {
    expect(shareBlocked(false, undefined, 'coach', null)).toBe(
      'Analyse the workbook first, then choose whose slice to share.',
    );
  });
});
