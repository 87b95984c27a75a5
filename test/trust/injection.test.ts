/**
 * No injection over full runs: hostile strings in student names and IDs, team and subgroup
 * values, headers, sheet names and goal text stay text in both adapters. Every formula in an
 * output sheet is one the engine built (a FormulaCell of the plan at that cell), and every plan
 * string reads back exactly (cut with a note only above Excel's 32,767-character limit) — in
 * the simulator, and in the written .xlsx as LibreOffice recalculates it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import type { MappingConfig } from '../../src/core/config';
import { CELL_TEXT_LIMIT, clipCellText } from '../../src/core/plans/cell-text';
import { isFormulaCell, type PlanCell, type SheetPlan } from '../../src/core/plans/types';
import { cellAddress, type CellValue, type RawTable } from '../../src/core/types';
import { canonicalFormula, cellsWithTableHeaders } from '../../src/excel/pieces';
import { saveSnapshotXlsx } from '../../src/files/xlsx/write/snapshot-xlsx';
import { openWorkbookFiles } from '../../src/files/source';
import { snapshotFromTables } from '../support/excel-simulator';
import { runInSimulator, runWithFiles } from '../support/full-run';
import { noLibreOffice, recalculateXlsxDetailed } from '../support/libreoffice';
import { HOSTILE, HOSTILE_SHEETS, LONG_OVER_LIMIT } from './hostile';
import { GOALS_HEADER } from './workbooks';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-trust-inject-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SUBGROUP_HEADER = HOSTILE[0];
const SHORT = HOSTILE.filter((h) => h.length <= 1000);
const CSV_SHEET = '=1+2 export';

/** Students with hostile IDs, names, teams, subgroups and scores; hostile sheet names; hostile goals. */
function hostileTables(): RawTable[] {
  const students: CellValue[][] = [
    ['Student ID', 'Student name', 'Team', 'ELL', SUBGROUP_HEADER, 'Reading pre', 'Reading post'],
  ];
  // Short payloads go everywhere; the two long ones once as a name and once as a score (a
  // data-quality value), so the file stays small enough for LibreOffice to open quickly.
  HOSTILE.forEach((h, i) => {
    const long = h.length > 1000;
    students.push([
      i % 2 && !long ? h : `S${i}`,
      h,
      long ? 'Team A' : h,
      long ? 'Y' : h,
      long ? 'Z' : h,
      10 + (i % 5),
      12 + (i % 7),
    ]);
    students.push([`X${i}`, `Name ${i}`, 'Team A', 'Y', 'Z', h, 5]);
  });
  const goals: CellValue[][] = [GOALS_HEADER];
  SHORT.forEach((h, i) =>
    goals.push([
      i % 3 ? `G${i}` : h,
      'Team',
      h,
      'Lincoln',
      h,
      h,
      h,
      h,
      i % 2 ? h : null,
      h,
      2,
      100,
      'Active',
    ]),
  );
  const extra = HOSTILE_SHEETS.map((name, i) => ({
    sheet: name,
    firstRow: 1,
    firstColumn: 1,
    values: [
      ['Student ID', 'Reading pre', 'Reading post'],
      ['Q1', HOSTILE[i], 3],
      ['Q2', 4, 5],
      [HOSTILE[i + 5], 6, 'x'],
    ],
  }));
  return [
    { sheet: 'Students', firstRow: 1, firstColumn: 1, values: students },
    { sheet: 'Goals', firstRow: 1, firstColumn: 1, values: goals },
    ...extra,
  ];
}

function config(withCsv: boolean): MappingConfig {
  const sheet = (name: string, subgroups: string[] = []) => ({
    sheet: name,
    id: 'Student ID',
    subgroups,
    measures: [
      { name: 'Reading', pre: 'Reading pre', post: 'Reading post', max: 30, proficient: null },
    ],
  });
  return {
    version: 1,
    students: [
      { ...sheet('Students', ['ELL', SUBGROUP_HEADER]), team: 'Team' },
      ...HOSTILE_SHEETS.map((s) => sheet(s)),
      ...(withCsv ? [sheet(CSV_SHEET)] : []),
    ],
    goals: { sheet: 'Goals' },
  };
}

/** Each plan cell as the adapter writes it: table headers made unique, long text cut with a note. */
function expectedCells(plan: SheetPlan, limit: number): PlanCell[][] {
  return cellsWithTableHeaders(plan).map((r) =>
    r.map((c) => (typeof c === 'string' ? clipCellText(c, limit) : c)),
  );
}

/**
 * LibreOffice saves a control character as `_x001b_` (lower-case hex), which exceljs, reading
 * its file back, leaves as text; decode those so the character LibreOffice kept is compared.
 */
function fromLibreOffice(v: CellValue): CellValue {
  return typeof v === 'string'
    ? v.replace(/_x([0-9a-f]{4})_/g, (m, hex: string) =>
        /[a-f]/.test(hex) ? String.fromCharCode(parseInt(hex, 16)) : m,
      )
    : v;
}

/** How many payloads reach an output sheet (whole, or cut with a note), so the checks are not vacuous. */
function payloadsInOutputs(plans: SheetPlan[]): Set<string> {
  const found = new Set<string>();
  for (const p of plans) {
    for (const row of p.cells) {
      for (const c of row) {
        if (typeof c !== 'string') continue;
        for (const h of HOSTILE) if (c.includes(h.length > 100 ? h.slice(0, 100) : h)) found.add(h);
      }
    }
  }
  return found;
}

describe('hostile strings in the simulator (the add-in)', () => {
  it(`the corpus has at least 30 payloads (${HOSTILE.length}), one over 32,767 characters`, () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(30);
    expect(HOSTILE.some((h) => h.length > CELL_TEXT_LIMIT)).toBe(true);
  });

  it('a full run creates no formula from data, and every plan string reads back as written', async () => {
    const run = await runInSimulator(hostileTables(), { config: config(false) });
    const plans = run.output!.plans;
    expect(payloadsInOutputs(plans).size).toBeGreaterThanOrEqual(20);
    // The 40,000-character value reaches a plan: without the cut, Excel refuses the whole render.
    expect(payloadsInOutputs(plans).has(LONG_OVER_LIMIT)).toBe(true);
    const snap = run.sim.toSnapshot();
    let checked = 0;
    for (const plan of plans) {
      const cells = expectedCells(plan, CELL_TEXT_LIMIT - 1);
      const sheet = snap.sheets.find((s) => s.name === plan.name)!;
      // Every formula of the output sheet is at a FormulaCell of the plan, with its formula.
      sheet.cells.forEach((row, r) =>
        row.forEach((cell, c) => {
          if (!cell?.formula) return;
          const want = cells[r]?.[c];
          expect(
            want !== undefined && want !== null && isFormulaCell(want),
            `${plan.name}!${cellAddress(r + 1, c + 1)} is a formula: ${cell.formula}`,
          ).toBe(true);
          expect(cell.formula).toBe(canonicalFormula((want as { formula: string }).formula));
        }),
      );
      cells.forEach((row, r) =>
        row.forEach((want, c) => {
          if (typeof want !== 'string' || want === '') return;
          const got = run.sim.cell(plan.name, cellAddress(r + 1, c + 1));
          expect(got?.f, `${plan.name}!${cellAddress(r + 1, c + 1)}`).toBeUndefined();
          expect(got?.v, `${plan.name}!${cellAddress(r + 1, c + 1)}`).toBe(want);
          checked++;
        }),
      );
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('text over the cell limit is cut with a note saying how long it was', () => {
    const cut = clipCellText(LONG_OVER_LIMIT);
    expect(cut).toHaveLength(CELL_TEXT_LIMIT);
    expect(cut.endsWith('… [cut: 40,000 characters in all; a cell holds 32,767]')).toBe(true);
    expect(LONG_OVER_LIMIT.startsWith(cut.slice(0, cut.indexOf('…')))).toBe(true);
    expect(clipCellText('x'.repeat(CELL_TEXT_LIMIT))).toBe('x'.repeat(CELL_TEXT_LIMIT));
    // A surrogate pair is never split before the note.
    const emoji = clipCellText('😀'.repeat(20_000));
    expect(emoji).not.toMatch(/[\uD800-\uDBFF]…/);
  });
});

describe('hostile strings in the written .xlsx (the command line), recalculated by LibreOffice', () => {
  (noLibreOffice() ? it.skip : it)(
    'no formula from data; every plan string is exact text after recalculation',
    async () => {
      const input = path.join(dir, 'hostile.xlsx');
      await saveSnapshotXlsx(snapshotFromTables(hostileTables()), input);
      const csv = path.join(dir, `${CSV_SHEET}.csv`);
      const rows = [
        ['Student ID', 'Reading pre', 'Reading post'],
        ...SHORT.map((h, i) => [h, i % 2 ? h : String(i), String(i + 1)]),
        ['C1', LONG_OVER_LIMIT, '3'],
      ];
      writeFileSync(csv, Papa.unparse(rows, { newline: '\r\n' }));
      const configFile = path.join(dir, 'config.json');
      writeFileSync(configFile, JSON.stringify(config(true)));
      const out = path.join(dir, 'out.xlsx');
      const r = await runWithFiles([input, csv], { args: ['--config', configFile, '--out', out] });
      expect(r.code, r.stderr).toBe(0);
      const plans = r.output!.plans;
      expect(payloadsInOutputs(plans).size).toBeGreaterThanOrEqual(20);
      expect(payloadsInOutputs(plans).has(LONG_OVER_LIMIT)).toBe(true);

      const lo = await recalculateXlsxDetailed(out);
      const reader = await openWorkbookFiles([out]);
      const written = new Map<string, RawTable>();
      for (const p of plans) written.set(p.name, await reader.readSheet(p.name));
      let checked = 0;
      for (const plan of plans) {
        const cells = expectedCells(plan, CELL_TEXT_LIMIT);
        const sheet = lo.get(plan.name)!;
        expect(sheet, plan.name).toBeDefined();
        sheet.formulas.forEach((row, r) =>
          row.forEach((f, c) => {
            if (f === null) return;
            const want = cells[r]?.[c];
            expect(
              want !== undefined && want !== null && isFormulaCell(want),
              `${plan.name}!${cellAddress(r + 1, c + 1)} is a formula: ${f}`,
            ).toBe(true);
          }),
        );
        cells.forEach((row, r) =>
          row.forEach((want, c) => {
            if (typeof want !== 'string' || want === '') return;
            const where = `${plan.name}!${cellAddress(r + 1, c + 1)}`;
            expect(sheet.formulas[r]?.[c] ?? null, where).toBeNull();
            // LibreOffice turns CR LF into LF when it loads text (our file holds the CR LF: read back exactly below).
            expect(fromLibreOffice(sheet.values[r]?.[c] ?? null), where).toBe(
              want.replace(/\r\n/g, '\n'),
            );
            expect(written.get(plan.name)!.values[r]?.[c], where).toBe(want);
            checked++;
          }),
        );
      }
      expect(checked).toBeGreaterThan(100);
      // The input sheets hold no formula either, after LibreOffice opened them.
      for (const name of ['Students', 'Goals', CSV_SHEET, ...HOSTILE_SHEETS]) {
        const sheet = lo.get(name)!;
        expect(sheet, name).toBeDefined();
        expect(
          sheet.formulas.flat().filter((f) => f !== null),
          name,
        ).toEqual([]);
      }
    },
    300_000,
  );
});
