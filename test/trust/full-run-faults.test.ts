/**
 * All or nothing over a FULL run (read + analyze + render through createExcelAdapter) on a
 * realistic workbook: a failure at every sync N, a protected workbook, and a cancel at every
 * progress step leave the workbook as it was — or, when the swap had already deleted an old
 * sheet (src/excel/README.md), exactly as a successful run leaves it. runInSimulator checks
 * the source sheets' hashes on every run, failed or not.
 */
import { existsSync } from 'node:fs';
import { describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import type { WorkbookSnapshot } from '../../src/core/snapshot';
import { createSimulator, type Simulator } from '../support/excel-simulator';
import { runInSimulator } from '../support/full-run';
import { fullState } from './workbook-state';
import { DISTRICT_SAMPLE, baumannSnapshot, haveBaumann, realisticSnapshot } from './workbooks';

if (!haveBaumann)
  process.stderr.write(
    '[skipped] full-run fault injection: examples/baumann/carData_Baumann.csv is absent\n',
  );

interface Case {
  label: string;
  snapshot: () => Promise<WorkbookSnapshot>;
  /** Operations of the failing sync applied before it fails (none, some, all). */
  applied: number[];
}

// The Baumann district (about 15 syncs a run) gets every variant; the district sample (1,500
// students, about 20 syncs of seconds each) one partial batch per sync, to keep the run short.
const CASES: Case[] = [
  {
    label: 'a Baumann-based district',
    snapshot: async () => baumannSnapshot(),
    applied: [0, 1, 1_000_000],
  },
  ...(existsSync(DISTRICT_SAMPLE)
    ? [{ label: 'examples/district-sample.xlsx', snapshot: realisticSnapshot, applied: [1] }]
    : []),
];
if (!existsSync(DISTRICT_SAMPLE))
  process.stderr.write(
    '[note] examples/district-sample.xlsx is absent: fault injection runs on the Baumann district only\n',
  );

/** A workbook before its first run, or after one run (so the next run replaces our sheets). */
async function prepared(c: Case, runsBefore: number): Promise<Simulator> {
  const sim = createSimulator(await c.snapshot());
  for (let i = 0; i < runsBefore; i++) await runInSimulator(sim, { runId: `p${i}` });
  return sim;
}

(!haveBaumann ? describe.skip : describe).each(
  CASES.flatMap((c) => [
    [`${c.label}: a first run`, c, 0] as const,
    [`${c.label}: a re-run that replaces its own sheets`, c, 1] as const,
  ]),
)('full run on %s', (_label, c, runsBefore) => {
  it('a failure at every sync N (none, some or all of its operations applied) leaves the workbook as before, or as after', async () => {
    const clean = await prepared(c, runsBefore);
    const start = clean.stats.syncs;
    const ok = await runInSimulator(clean);
    const total = clean.stats.syncs - start;
    const after = fullState(clean);
    // listSheets (2) + readState + reads + render (look, add, write, swap): a real run has many syncs.
    expect(total).toBeGreaterThanOrEqual(10);
    expect(ok.output!.plans.length).toBeGreaterThan(0);

    // A failed run leaves the workbook as it was, so the same workbook serves the next N; a
    // finished one leaves it as after a run, which (idempotence) is the state it started from.
    const sim = await prepared(c, runsBefore);
    let before = fullState(sim);
    let rolledBack = 0;
    let finished = 0;
    for (let n = 1; n <= total; n++) {
      for (const applied of c.applied) {
        sim.options.failAtSync = sim.stats.syncs + n;
        sim.options.failAfterOps = applied;
        const run = await runInSimulator(sim, { allowError: true });
        sim.options.failAtSync = undefined;
        const label = `sync ${n} of ${total}, ${applied} operations applied`;
        if (run.error) {
          expect((run.error as { code?: string }).code, label).toBe('GeneralException');
          expect(fullState(sim), label).toEqual(before);
          rolledBack++;
        } else {
          // Only a swap that had already deleted an old sheet is finished instead of undone.
          expect(n, label).toBe(total);
          expect(fullState(sim), label).toEqual(after);
          before = after;
          finished++;
        }
      }
    }
    expect(rolledBack).toBeGreaterThan(total - 2);
    // A swap that applied all its operations (deletes included) before failing is finished.
    if (runsBefore > 0 && c.applied.includes(1_000_000)) expect(finished).toBeGreaterThan(0);
    else expect(finished).toBe(0);
  }, 600_000);

  it('a protected workbook: the run fails with a message and the workbook is unchanged', async () => {
    const sim = await prepared(c, runsBefore);
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
    const probe = await prepared(c, runsBefore);
    const stages: string[] = [];
    await runInSimulator(probe, { progress: (stage) => void stages.push(stage) });
    expect(stages.length).toBeGreaterThanOrEqual(4);
    expect(stages.some((s) => /read/i.test(s))).toBe(true);
    // The last step is the swap itself, which a cancel no longer stops.
    const sim = await prepared(c, runsBefore);
    const before = fullState(sim);
    for (let k = 1; k < stages.length; k++) {
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
  }, 600_000);
});
