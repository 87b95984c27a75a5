/**
 * All or nothing over a FULL run (read + analyze + render through createExcelAdapter) on a
 * realistic workbook: a failure at every sync N, a protected workbook, and a cancel at every
 * progress step leave the workbook as it was — or, when the swap had already deleted an old
 * sheet (src/excel/README.md), exactly as a successful run leaves it. runInSimulator checks
 * the source sheets' hashes on every run, failed or not.
 */
import { describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../support/excel-simulator';
import { runInSimulator } from '../support/full-run';
import { fullState } from './workbook-state';
import { haveBaumann, realisticSnapshot, realisticSource } from './workbooks';

if (!haveBaumann)
  process.stderr.write(
    '[skipped] full-run fault injection: /work/shared/data/carData_Baumann.csv is absent\n',
  );

/** A workbook before its first run, or after one run (so the next run replaces our sheets). */
async function prepared(runsBefore: number): Promise<Simulator> {
  const sim = createSimulator(await realisticSnapshot());
  for (let i = 0; i < runsBefore; i++) await runInSimulator(sim, { runId: `p${i}` });
  return sim;
}

describe.skipIf(!haveBaumann).each([
  ['a first run', 0],
  ['a re-run that replaces its own sheets', 1],
])(`full run on ${realisticSource()}: %s`, (_label, runsBefore) => {
  it('a failure at every sync N (none, some or all of its operations applied) leaves the workbook as before, or as after', async () => {
    const clean = await prepared(runsBefore);
    const start = clean.stats.syncs;
    const ok = await runInSimulator(clean);
    const total = clean.stats.syncs - start;
    const after = fullState(clean);
    // listSheets (2) + readState + reads + render (look, add, write, swap): a real run has many syncs.
    expect(total).toBeGreaterThanOrEqual(10);
    expect(ok.output!.plans.length).toBeGreaterThan(0);

    let rolledBack = 0;
    let finished = 0;
    for (let n = 1; n <= total; n++) {
      for (const applied of [0, 1, 1_000_000]) {
        const sim = await prepared(runsBefore);
        const before = fullState(sim);
        sim.options.failAtSync = sim.stats.syncs + n;
        sim.options.failAfterOps = applied;
        const run = await runInSimulator(sim, { allowError: true });
        const label = `sync ${n} of ${total}, ${applied} operations applied`;
        if (run.error) {
          expect((run.error as { code?: string }).code, label).toBe('GeneralException');
          expect(fullState(sim), label).toEqual(before);
          rolledBack++;
        } else {
          // Only a swap that had already deleted an old sheet is finished instead of undone.
          expect(n, label).toBe(total);
          expect(fullState(sim), label).toEqual(after);
          finished++;
        }
      }
    }
    expect(rolledBack).toBeGreaterThan(total * 2);
    if (runsBefore > 0) expect(finished).toBeGreaterThan(0);
    else expect(finished).toBe(0);
  });

  it('a protected workbook: the run fails with a message and the workbook is unchanged', async () => {
    const sim = await prepared(runsBefore);
    sim.model.protected = true;
    const before = fullState(sim);
    const run = await runInSimulator(sim, { allowError: true });
    expect(run.error).toBeInstanceOf(Error);
    expect(String((run.error as Error).message)).toMatch(
      /workbook is protected.*Unprotect the workbook and run again/,
    );
    expect(fullState(sim)).toEqual(before);
  });

  it('a cancel at every progress step (reading and rendering) leaves the workbook unchanged', async () => {
    const probe = await prepared(runsBefore);
    const stages: string[] = [];
    await runInSimulator(probe, { progress: (stage) => void stages.push(stage) });
    expect(stages.length).toBeGreaterThanOrEqual(4);
    expect(stages.some((s) => /read/i.test(s))).toBe(true);
    // The last step is the swap itself, which a cancel no longer stops.
    for (let k = 1; k < stages.length; k++) {
      const sim = await prepared(runsBefore);
      const before = fullState(sim);
      const cancel = { cancelled: false };
      let seen = 0;
      const run = await runInSimulator(sim, {
        allowError: true,
        cancel,
        progress: () => void (++seen >= k && (cancel.cancelled = true)),
      });
      expect(
        (run.error as Error | null)?.name,
        `cancelled after step ${k} (${stages[k - 1]})`,
      ).toBe('CancelledError');
      expect(fullState(sim), `cancelled after step ${k} (${stages[k - 1]})`).toEqual(before);
    }
  });
});
