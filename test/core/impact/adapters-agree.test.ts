/**
 * The same workbook read through the Excel simulator (src/excel adapter) and through the file
 * adapter (.xlsx) gives the same impact report and the same three impact plans.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { analyze } from '../../../src/core/analyze';
import type { WorkbookSource } from '../../../src/core/ports';
import type { RawTable } from '../../../src/core/types';
import { openWorkbookFiles } from '../../../src/files/source';
import { saveSnapshotXlsx } from '../../../src/files/xlsx/write/snapshot-xlsx';
import { IMPACT_TEST_CONFIG } from '../../fixtures/impact/config';
import { adapterFor, newSim, STATE } from '../../excel/fixtures';
import { snapshotFromTables } from '../../support/excel-simulator';

const fixtures = path.join(__dirname, '../../fixtures/impact');

async function tablesOf(
  source: Pick<WorkbookSource, 'readSheet'>,
  names: string[],
): Promise<RawTable[]> {
  const out: RawTable[] = [];
  for (const n of names) out.push(await source.readSheet(n));
  return out;
}

describe('Excel simulator path and file path agree on the impact sheets', () => {
  it('same report rows and same Impact Data / Impact / Impact Chain plans', async () => {
    const names = ['baumann', 'subgroups', 'educators'];
    const csv = await openWorkbookFiles(names.map((n) => path.join(fixtures, `${n}.csv`)));
    const snapshot = snapshotFromTables(await tablesOf(csv, names));

    const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-impact-agree-'));
    try {
      const file = path.join(dir, 'book.xlsx');
      await saveSnapshotXlsx(snapshot, file);
      const viaFile = await tablesOf(await openWorkbookFiles([file]), names);
      const viaExcel = await tablesOf(adapterFor(newSim(snapshot)), names);
      const run = (tables: RawTable[]) =>
        analyze({
          tables,
          config: IMPACT_TEST_CONFIG,
          existingSheets: names,
          state: null,
          now: new Date('2026-01-15T00:00:00Z'),
        });
      const a = run(viaFile);
      const b = run(viaExcel);
      expect(a.report.impact.length).toBeGreaterThan(10);
      expect(b.report.impact).toEqual(a.report.impact);
      const impactPlans = (plans: typeof a.plans) =>
        plans.filter((p) => p.key.startsWith('impact'));
      expect(impactPlans(a.plans).map((p) => p.key)).toEqual([
        'impact-data',
        'impact-view',
        'impact',
        'impact-chain',
      ]);
      expect(impactPlans(b.plans)).toEqual(impactPlans(a.plans));

      // The Excel adapter renders them: formulas, table, chart land where the plans say.
      const sim = newSim(snapshot);
      await adapterFor(sim).render(impactPlans(b.plans), { state: STATE });
      const impact = b.plans.find((p) => p.key === 'impact')!;
      // n (pairs) of the first row: column H (after Population … Team, School, Subgroup, value).
      const n = impact.cells[8][7] as { formula: string };
      expect(n.formula).toMatch(/^=/);
      expect(sim.cell(impact.name, 'H9')?.f).toBe(n.formula);
      expect(sim.details(impact.name).tables).toHaveLength(1);
      expect(
        sim.details(b.plans.find((p) => p.key === 'impact-chain')!.name).charts.length,
      ).toBeGreaterThan(0);
      expect(sim.details(b.plans.find((p) => p.key === 'impact-view')!.name).tables).toHaveLength(
        1,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
