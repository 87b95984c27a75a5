/**
 * The alignment sheets: their content (hand-checked), the same cells through both adapters
 * (Office.js against the strict simulator, and the .xlsx writer), and the formulas' engine values
 * against LibreOffice's recalculation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { expect } from '../../support/expect';
import {
  analyzeAlignment,
  buildAlignmentPlans,
  MARK_EXPLICIT,
  MARK_INFERRED,
} from '../../../src/core/alignment';
import { outputSheetNames } from '../../../src/core/analyze';
import type { MappingConfig } from '../../../src/core/config';
import { isFormulaCell, type PlanCell, type SheetPlan } from '../../../src/core/plans/types';
import { cellAddress, type CellValue, type RawTable } from '../../../src/core/types';
import { createExcelAdapter, type ExcelApi } from '../../../src/excel';
import { createXlsxWriter } from '../../../src/files/xlsx/write/xlsx-write';
import { normaliseCellValue } from '../../../src/files/xlsx/read/xlsx-read';
import { createSimulator, snapshotFromTables } from '../../support/excel-simulator';
import { noLibreOffice, recalculateXlsxDetailed } from '../../support/libreoffice';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-align-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = [
  'Goal ID',
  'Level',
  'Owner',
  'School',
  'Team',
  'Goal',
  'Focus',
  'Student group',
  'Parent goal',
  'Professional learning',
  'PD hours',
  'Cost',
  'Status',
];
const GOALS: RawTable = {
  sheet: 'Goals',
  firstRow: 1,
  firstColumn: 1,
  values: [
    HEADER,
    [
      'D1',
      'District',
      'CAO',
      null,
      null,
      'Reading for every child',
      'Reading',
      null,
      null,
      null,
      10,
      1000,
      null,
    ],
    [
      'D2',
      'District',
      'CAO',
      null,
      null,
      'Math for every child',
      'Math',
      null,
      null,
      null,
      null,
      null,
      null,
    ],
    [
      'S1',
      'School',
      'Principal',
      'Lincoln',
      null,
      '=1+1 (a statement that looks like a formula)',
      'Literacy',
      null,
      'D1',
      null,
      4,
      200,
      null,
    ],
    ['T1', 'Team', 'Lead', 'Lincoln', 'G3', 'Grade 3 reads', 'ELA', null, null, null, 2, 50, null],
    [
      'T2',
      'Team',
      'Lead',
      'Lincoln',
      'G4',
      'Grade 4 attendance',
      'Attendance',
      null,
      null,
      null,
      3,
      0,
      null,
    ],
    [
      'T3',
      'Team',
      'Lead',
      'Lincoln',
      'G5',
      'Grade 5 attendance',
      'Absenteeism',
      null,
      null,
      null,
      null,
      null,
      null,
    ],
    [
      'I1',
      'Individual',
      'Ana',
      'Lincoln',
      'G3',
      'My group reads',
      'Reading',
      null,
      'T1',
      null,
      1,
      null,
      null,
    ],
  ],
};
const CONFIG: MappingConfig = { version: 1, students: [], goals: { sheet: 'Goals' } };
const names = outputSheetNames(['Goals'], null);

let plans: SheetPlan[];
let file: string;

/** A plan cell as it should read back: formulas by their text, everything else by value. */
function expected(cell: PlanCell): { formula: string } | { value: CellValue } {
  if (isFormulaCell(cell)) return { formula: cell.formula };
  if (typeof cell === 'number' && !Number.isFinite(cell)) return { value: null };
  return { value: cell === '' ? null : cell };
}

beforeAll(async () => {
  const input = { goalsTable: GOALS, suggestions: [], impact: [], config: CONFIG };
  plans = buildAlignmentPlans(analyzeAlignment(input), input, names);
  file = path.join(dir, 'alignment.xlsx');
  await createXlsxWriter({ outPath: file, inputs: [], inputFiles: [], previousState: null }).render(
    plans,
    { state: { version: 1, sheets: [] } },
  );
});

describe('alignment plans', () => {
  it('the matrix: rows by level, marks, paths, counts and coherence worked out by hand', () => {
    const m = plans[0];
    expect(m.key).toBe('alignment-matrix');
    expect(m.name).toBe('Alignment Matrix');
    const header = m.cells.findIndex((r) => r[0] === 'Level');
    const col = (label: string) => m.cells[header].indexOf(label);
    const rows = m.cells.slice(header + 1, header + 6);
    // Hand: S1 names D1 (●). T1 (no parent) → S1 by focus ELA ~ Literacy, same school (○).
    // I1 names T1 (●). T2 "Attendance" and T3 "Absenteeism" (synonyms) have no school goal on
    // their focus: orphans, and a duplicated effort (same school, no shared parent).
    expect(
      rows.map((r) => [
        r[0],
        r[1],
        r[5],
        r[col('D1 (Reading)')],
        r[col('D2 (Math)')],
        r[col('S1 (Literacy)')],
      ]),
    ).toEqual([
      ['School', 'S1', 'S1 → D1', MARK_EXPLICIT, null, null],
      ['Team', 'T1', 'T1 → S1 → D1', null, null, MARK_INFERRED],
      ['Team', 'T2', 'Not connected', null, null, null],
      ['Team', 'T3', 'Not connected', null, null, null],
      ['Individual', 'I1', 'I1 → T1 → S1 → D1', null, null, null],
    ]);
    const formulas = m.cells.flat().filter(isFormulaCell);
    const d1 = String.fromCharCode(65 + col('D1 (Reading)'));
    const s1 = String.fromCharCode(65 + col('S1 (Literacy)'));
    const first = header + 2;
    const last = header + 6;
    // Hand: D1 column has one ● (S1) and no ○; S1 column has one ○ (T1).
    expect(formulas).toContainEqual({
      formula: `=COUNTIF(${d1}${first}:${d1}${last},"${MARK_EXPLICIT}")`,
      value: 1,
    });
    expect(formulas).toContainEqual({
      formula: `=COUNTIF(${s1}${first}:${s1}${last},"${MARK_INFERRED}")`,
      value: 1,
    });
    // Hand: 5 goals below district, 3 connected (S1, T1, I1) → coherence 3/5 = 0.6.
    expect(formulas).toContainEqual({ formula: `=COUNTA(B${first}:B${last})`, value: 5 });
    const coherence = formulas.find((f) => /^=B\d+\/B\d+$/.test(f.formula))!;
    expect(coherence.value).toBeCloseTo(0.6, 12);
    const text = m.cells.flat().filter((c): c is string => typeof c === 'string');
    expect(text).toContain(
      'Coherence = the share of goals below district level (school, team and individual goals) that have a path of links (● parent or ○ inferred) up to a district priority.',
    );
    expect(text).toContain('T2, T3');
    expect(m.conditionalFormats!.map((c) => c.type)).toEqual([
      'textEquals',
      'textEquals',
      'textEquals',
      'colorScale',
    ]);
    // Resources: hand sums. D1: itself 10 h + S1 4 + T1 2 + I1 1 = 17 h; 1000 + 200 + 50 = 1250.
    const d1Row = m.cells.find(
      (r) => r[0] === 'D1' && r[3] !== undefined && typeof r[3] === 'number',
    )!;
    expect(d1Row.slice(0, 8)).toEqual([
      'D1',
      'Reading for every child',
      'Reading',
      4,
      17,
      1250,
      'no data',
      "no data (no impact figures for 'Reading')",
    ]);
    const nc = m.cells.find((r) => r[0] === 'Not connected')!;
    expect(nc.slice(3, 6)).toEqual([2, 3, 0]);
  });

  it('the map: the tree as an outline, orphans under "Not connected"', () => {
    const map = plans[1];
    expect(map.key).toBe('alignment-map');
    // The outline follows the drawn map, under its header row.
    const h = map.cells.findIndex((r) => r[0] === 'District');
    expect(map.cells[h].slice(0, 4)).toEqual(['District', 'School', 'Team', 'Individual']);
    const outline = map.cells
      .slice(h + 1)
      .map(
        (r) =>
          r.slice(0, 4).findIndex((c) => c !== null) +
          ':' +
          (r.slice(0, 4).find((c) => c !== null) ?? ''),
      );
    expect(outline.slice(0, 8)).toEqual([
      '0:D1 · Reading for every child',
      '1:S1 · =1+1 (a statement that looks like a formula)',
      '2:T1 · Grade 3 reads',
      '3:I1 · My group reads',
      '0:D2 · Math for every child',
      '0:Not connected (no path to a district priority)',
      '2:T2 · Grade 4 attendance',
      '2:T3 · Grade 5 attendance',
    ]);
    expect(map.cells[h + 3][7]).toBe(
      "○ same focus: 'ELA' ~ 'Literacy' (synonyms); adjacent levels team → school; same school 'Lincoln'",
    );
    expect(map.cells[h + 5][7]).toBe('no supporting goals'); // D2
  });

  it('renders the same cells through the Excel adapter (simulator) and the file adapter', async () => {
    const sim = createSimulator(snapshotFromTables([GOALS]));
    const adapter = createExcelAdapter(sim.Excel as unknown as ExcelApi, {
      now: () => new Date('2026-03-01T10:00:00Z'),
      runId: () => 'r1',
    });
    await adapter.render(plans, { state: { version: 1, sheets: [] } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    for (const plan of plans) {
      const ws = wb.getWorksheet(plan.name)!;
      plan.cells.forEach((row, r) =>
        row.forEach((cell, c) => {
          const addr = cellAddress(r + 1, c + 1);
          const want = expected(cell);
          const s = sim.cell(plan.name, addr);
          const fromSim = s?.f
            ? { formula: s.f }
            : { value: s?.v === undefined || s?.v === '' ? null : s.v };
          const x = ws.getCell(addr);
          const f =
            typeof x.value === 'object' && x.value !== null && 'formula' in x.value
              ? x.value.formula
              : null;
          const fromFile = f
            ? { formula: `=${f.replace(/_xlfn\./g, '')}` }
            : { value: normaliseCellValue(x.value) };
          expect(fromSim, `${plan.name}!${addr} (simulator)`).toEqual(want);
          expect(fromFile, `${plan.name}!${addr} (file)`).toEqual(want);
        }),
      );
    }
    // The statement that looks like a formula stays text in both.
    const at = plans[1].cells.findIndex(
      (r) => r[1] === 'S1 · =1+1 (a statement that looks like a formula)',
    );
    expect(at).toBe(plans[1].cells.findIndex((r) => r[0] === 'District') + 2);
    expect(sim.cell('Alignment Map', cellAddress(at + 1, 2))?.q).toBe(true);
  });

  (noLibreOffice() ? it.skip : it)(
    'LibreOffice recalculates every formula to the engine value',
    async () => {
      const lo = await recalculateXlsxDetailed(file);
      let n = 0;
      for (const plan of plans) {
        plan.cells.forEach((row, r) =>
          row.forEach((cell, c) => {
            if (!isFormulaCell(cell)) return;
            n++;
            const got = lo.get(plan.name)!.values[r]?.[c];
            expect(got, `${plan.name}!${cellAddress(r + 1, c + 1)} ${cell.formula}`).toBeCloseTo(
              cell.value as number,
              9,
            );
          }),
        );
      }
      expect(n).toBeGreaterThan(6);
    },
    60_000,
  );
});
