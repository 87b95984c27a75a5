/**
 * Property-based: over random tables (missing scores, ties, constant columns, tiny groups)
 * computeImpact never throws, never emits NaN or Infinity, and its figures keep the identities
 * of statistics.md; the one-pass moments agree with simple-statistics' two-pass summaries.
 */
import fc from 'fast-check';
import { describe, it } from '@jest/globals';
import { expect } from '../../support/expect';
import { computeImpact } from '../../../src/core/impact';
import { pairedSummary } from '../../../src/core/stats';
import { dataset } from './helpers';

const score = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 20 }) },
  { weight: 2, arbitrary: fc.double({ min: -50, max: 120, noNaN: true, noDefaultInfinity: true }) },
);
const record = fc.record({
  team: fc.constantFrom('A', 'B', 'C', null),
  sub: fc.constantFrom('x', 'y', null),
  pre: score,
  post: score,
});
const table = fc.record({
  records: fc.array(record, { minLength: 0, maxLength: 40 }),
  max: fc.constantFrom(null, 20, 100),
  cut: fc.constantFrom(null, 10),
  benchmark: fc.constantFrom('kraft2020' as const, 'cohen1988' as const, 'hattie' as const),
});

describe('computeImpact over random tables', () => {
  it('never throws, never NaN/Infinity, and keeps the identities', () => {
    fc.assert(
      fc.property(table, ({ records, max, cut, benchmark }) => {
        if (!records.length) return;
        const ds = dataset({
          team: records.map((r) => r.team),
          subgroups: { S: records.map((r) => r.sub) },
          measures: [
            {
              name: 'M',
              pre: records.map((r) => r.pre),
              post: records.map((r) => r.post),
              max,
              proficient: cut,
            },
          ],
        });
        const rows = computeImpact([ds], { version: 1, students: [], benchmark });
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) {
          for (const [k, v] of Object.entries(row)) {
            if (typeof v === 'number') expect(Number.isFinite(v), k).toBe(true);
          }
          if (row.t !== null) {
            // dz = t / √n
            expect(Math.abs(row.dz! - row.t / Math.sqrt(row.n))).toBeLessThanOrEqual(
              1e-9 * Math.max(1, Math.abs(row.dz!)),
            );
            expect(row.ciLow!).toBeLessThanOrEqual(row.meanDiff!);
            expect(row.meanDiff!).toBeLessThanOrEqual(row.ciHigh!);
            expect(row.p!).toBeGreaterThanOrEqual(0);
            expect(row.p!).toBeLessThanOrEqual(1);
          }
          for (const k of ['pctProficientPre', 'pctProficientPost'] as const) {
            if (row[k] !== null) {
              expect(row[k]!).toBeGreaterThanOrEqual(0);
              expect(row[k]!).toBeLessThanOrEqual(1);
            }
          }
          if (row.r !== null) expect(Math.abs(row.r)).toBeLessThanOrEqual(1);
          expect((row.t === null) === (row.dz === null)).toBe(true);
          expect(row.interpretation.reading === null).toBe(row.dav === null);
          // a size word only where a team is compared with the others (issue 17)
          if (row.interpretation.label !== null)
            expect(row.relative?.reading).toMatch(/other teams \(/);
          if (row.undefinedReason === null) {
            expect([row.t, row.dav, row.r].every((x) => x !== null) || row.n < 2).toBe(true);
          }
        }
        const all = rows[0];
        const pairs = records.filter((r) => r.pre !== null && r.post !== null);
        expect(all.n).toBe(pairs.length);
        expect(all.unpairedPre).toBe(
          records.filter((r) => r.pre !== null && r.post === null).length,
        );
        if (pairs.length >= 2 && all.r !== null) {
          // The one-pass moments against simple-statistics' two-pass figures.
          const s = pairedSummary(
            pairs.map((p) => p.pre!),
            pairs.map((p) => p.post!),
          );
          const near = (a: number | null, b: number) =>
            Math.abs(a! - b) <= 1e-9 * Math.max(1, Math.abs(b));
          expect(
            near(all.preMean, s.preMean) &&
              near(all.postSd, s.postSd) &&
              near(all.sdDiff, s.sdDiff),
          ).toBe(true);
          expect(near(all.r, s.r)).toBe(true);
        }
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });
});
