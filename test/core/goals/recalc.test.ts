/**
 * The goal sheets written to .xlsx and recalculated by LibreOffice (forced recalculation on
 * load): every formula computes the engine's value; then, with next-year scores typed into
 * "Next score", Met?, the change and the targets-met summary give the hand-worked values.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from '@jest/globals';
import { expect } from '../../support/expect';
import { buildGoalPlans, suggestGoals } from '../../../src/core/goals';
import { OUTPUT_SHEETS, type SheetNames } from '../../../src/core/plans/names';
import { isFormulaCell, type SheetPlan } from '../../../src/core/plans/types';
import { createXlsxWriter } from '../../../src/files/xlsx/write/xlsx-write';
import { noLibreOffice, recalculateXlsxDetailed } from '../../support/libreoffice';
import { input } from './fixture';

if (noLibreOffice())
  console.warn('LibreOffice is absent: the goal-sheet recalculation tests were SKIPPED');

async function recalc(plans: SheetPlan[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-goals-'));
  const file = path.join(dir, 'goals.xlsx');
  await createXlsxWriter({
    outPath: file,
    inputs: [],
    inputFiles: [],
    previousState: null,
    now: () => new Date('2026-11-23T10:00:00Z'),
  }).render(plans, { state: { version: 1, sheets: [] } });
  try {
    return await recalculateXlsxDetailed(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

(noLibreOffice() ? describe.skip : describe)('goal sheets in LibreOffice', () => {
  const result = suggestGoals(input);
  const plans = buildGoalPlans(result, input, { ...OUTPUT_SHEETS } as SheetNames);

  it('every formula computes the engine value', async () => {
    const lo = await recalc(plans);
    let formulas = 0;
    for (const plan of plans) {
      plan.cells.forEach((row, r) =>
        row.forEach((c, j) => {
          if (!isFormulaCell(c)) return;
          formulas++;
          const got = lo.get(plan.name)!.values[r]?.[j] ?? null;
          if (typeof c.value === 'number')
            expect(got, `${plan.name} ${c.formula}`).toBeCloseTo(c.value, 9);
          else expect(got ?? '', `${plan.name} ${c.formula}`).toBe(c.value ?? '');
        }),
      );
    }
    expect(formulas).toBeGreaterThan(0);
  }, 60_000);

  it('with next scores typed in, Met?, change and the summary are the hand-worked values', async () => {
    const st = plans[1];
    const cells = st.cells.map((r) => [...r]);
    // Team A rows 2–5: baselines 3, 5, 7, 10; targets 6.5, 7.5, 8.5, 10. Next: 7, 7, 9, (blank).
    const next = cells[0].indexOf('Next score');
    [7, 7, 9, null].forEach((v, k) => (cells[k + 1][next] = v));
    const lo = (await recalc([{ ...st, cells }])).get(st.name)!.values;
    const col = (h: string) => cells[0].indexOf(h);
    expect([1, 2, 3, 4].map((r) => lo[r][col('Met?')] ?? '')).toEqual(['Y', 'N', 'Y', '']); // 7 ≥ 6.5; 7 < 7.5; 9 ≥ 8.5
    expect([1, 2, 3, 4].map((r) => lo[r][col('Change')] ?? '')).toEqual([4, 2, 2, '']);
    const s0 = cells[0].indexOf('Team', col('Change'));
    const summary = lo.slice(1, 4).map((r) => r.slice(s0, s0 + 9));
    expect(summary[0].slice(0, 7)).toEqual(['A', 'All students', null, 'Reading', 4, 3, 2]);
    expect(summary[0][7]).toBeCloseTo(2 / 3, 12); // 2 met of 3 with a score
    expect(summary[0][8]).toBeCloseTo(8 / 3, 12); // (4 + 2 + 2) / 3
    expect(summary[1]).toEqual(['A', 'EL', 'N', 'Reading', 2, 1, 1, 1, 2]); // s3: 9 vs 8.5, change 2
    expect(summary[2]).toEqual(['A', 'EL', 'Y', 'Reading', 2, 2, 1, 0.5, 3]); // s1 met, s2 not; (4 + 2) / 2
  }, 60_000);
});
