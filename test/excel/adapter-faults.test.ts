/**
 * All or nothing: a failure at any sync of a render (nothing of that batch applied, part of it,
 * or all of it with an error reported anyway), or a cancel, leaves the workbook as it was — or,
 * when the swap had already deleted an old sheet, exactly as a successful run leaves it.
 */
import { describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import type { Simulator } from '../support/excel-simulator';
import { STATE, adapterFor, featurePlans, newSim } from './fixtures';

/** Everything a render may change: cells, sheet order and visibility, and each sheet's objects. */
function fullState(sim: Simulator) {
  return {
    snapshot: sim.toSnapshot(),
    details: sim.model.sheets.map((s) => sim.details(s.name)),
    tables: sim.model.tables.map((t) => t.name).sort(),
  };
}

/** A workbook before the first run, or after one run (so the next run replaces sheets). */
async function prepared(runsBefore: number): Promise<Simulator> {
  const sim = newSim();
  for (let i = 0; i < runsBefore; i++)
    await adapterFor(sim).render(featurePlans(), { state: STATE });
  return sim;
}

// Default blocks: look, add sheets with the writes, swap (3 syncs). 1,000-byte blocks: many
// writing syncs between the first (which adds the sheets) and the last (which swaps).
describe.each([
  ['a first run', 0, undefined, 3],
  ['a re-run that replaces its sheets', 1, undefined, 3],
  ['a first run in 1,000-byte blocks', 0, 1000, 6],
  ['a re-run in 1,000-byte blocks', 1, 1000, 6],
])('fault injection in %s', (_label, runsBefore, blockBytes, minSyncs) => {
  it('for every sync N and every partial batch, the workbook ends as before or as after', async () => {
    const clean = await prepared(runsBefore);
    const start = clean.stats.syncs;
    await adapterFor(clean, blockBytes).render(featurePlans(), { state: STATE });
    const total = clean.stats.syncs - start;
    const after = fullState(clean);
    expect(total).toBeGreaterThanOrEqual(minSyncs);

    let rolledBack = 0;
    let finished = 0;
    for (let n = 1; n <= total; n++) {
      for (const applied of [0, 1, 3, 1_000_000]) {
        const sim = await prepared(runsBefore);
        const before = fullState(sim);
        sim.options.failAtSync = sim.stats.syncs + n;
        sim.options.failAfterOps = applied;
        let error: unknown = null;
        try {
          await adapterFor(sim, blockBytes).render(featurePlans(), { state: STATE });
        } catch (e) {
          error = e;
        }
        const label = `sync ${n} of ${total}, ${applied} operations applied`;
        if (error) {
          expect((error as { code?: string }).code, label).toBe('GeneralException');
          expect(fullState(sim), label).toEqual(before);
          rolledBack++;
        } else {
          // Only a swap that had deleted an old sheet is finished instead of undone.
          expect(n, label).toBe(total);
          expect(fullState(sim), label).toEqual(after);
          finished++;
        }
        expect(
          sim.model.sheets.some((s) => s.name.startsWith('~tl')),
          label,
        ).toBe(false);
      }
    }
    expect(rolledBack).toBeGreaterThan(finished);
    // A re-run's swap deletes old sheets; when that went through before the error, the run is finished.
    if (runsBefore > 0) expect(finished).toBeGreaterThan(0);
  });

  it('a cancel after any progress step leaves the workbook as it was', async () => {
    const probe = await prepared(runsBefore);
    let steps = 0;
    await adapterFor(probe, blockBytes).render(featurePlans(), {
      state: STATE,
      progress: () => void steps++,
    });
    expect(steps).toBeGreaterThanOrEqual(minSyncs - 1);
    // The last step is the swap itself, which a cancel no longer stops.
    for (let k = 1; k < steps; k++) {
      const sim = await prepared(runsBefore);
      const before = fullState(sim);
      const cancel = { cancelled: false };
      let seen = 0;
      await expect(
        adapterFor(sim, blockBytes).render(featurePlans(), {
          state: STATE,
          cancel,
          progress: () => void (++seen >= k && (cancel.cancelled = true)),
        }),
      ).rejects.toMatchObject({ name: 'CancelledError' });
      expect(fullState(sim), `cancelled after step ${k}`).toEqual(before);
    }
  });
});
