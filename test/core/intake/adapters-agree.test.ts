/**
 * Issue 3: both adapters feed detection the same tables. The example district (with its planted
 * flaws: "NA", "absent", 105, "7O", a duplicate ID, leading-zero IDs, FRL spellings) plus a sheet
 * of awkward cells is put into the strict Excel simulator and saved as .xlsx; read back through
 * the Office.js adapter and through the file adapter, it gives the same tables, the same
 * detected mapping and the same data-quality issues, row for row.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { detectConfig, readDatasets } from '../../../src/core/intake';
import type { RawTable } from '../../../src/core/types';
import { openWorkbookFiles } from '../../../src/files/source';
import { saveSnapshotXlsx } from '../../../src/files/xlsx/write/snapshot-xlsx';
import { adapterFor, newSim } from '../../excel/fixtures';
import { snapshotFromTables } from '../../support/excel-simulator';

const example = path.join(__dirname, '../../../examples/district-sample.xlsx');

const awkward: RawTable = {
  sheet: 'Benchmark export',
  firstRow: 1,
  firstColumn: 1,
  values: [
    ['Fall benchmark — exported 2026-10-01', null, null, null, null],
    [null, null, null, null, null],
    ['Student ID', 'Team', 'EL', 'Pre (0-20)', 'Post (0-20)'],
    ['0012', 'A', 'Y', '12', 15],
    ['0013', 'A', 'N', 'NA', 14],
    ['0014', 'B', 'y', 11, '#N/A'],
    ['0015', 'B', 'N', '9,5', 12],
    ['0016', 'B', 'Yes', 8, 21],
    ['0018', 'A', 'N', 10, 13],
    ['0017', 'A', null, 14, 16],
  ],
};

describe('the simulator and the file adapter give detection the same tables', () => {
  it('same tables, same mapping, same issues on the example district and an awkward export', async () => {
    const source = await openWorkbookFiles([example]);
    const names = source.sheets.map((s) => s.name);
    const tables: RawTable[] = [];
    for (const n of names) tables.push(await source.readSheet(n));
    tables.push(awkward);
    const snapshot = snapshotFromTables(tables);

    const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-intake-agree-'));
    try {
      const file = path.join(dir, 'book.xlsx');
      await saveSnapshotXlsx(snapshot, file);
      const all = [...names, awkward.sheet];
      const viaFile: RawTable[] = [];
      const fileSource = await openWorkbookFiles([file]);
      for (const n of all) viaFile.push(await fileSource.readSheet(n));
      const excel = adapterFor(newSim(snapshot));
      const viaExcel: RawTable[] = [];
      for (const n of all) viaExcel.push(await excel.readSheet(n));

      expect(viaExcel).toEqual(viaFile);
      const a = detectConfig(viaFile);
      const b = detectConfig(viaExcel);
      expect(b.config).toEqual(a.config);
      expect(b.notes).toEqual(a.notes);
      // The mapping found what the sheets hold (not an empty agreement).
      expect(a.config.students.map((s) => s.sheet).sort()).toEqual([
        'Benchmark export',
        'Students',
      ]);
      expect(a.config.educators?.map((e) => e.sheet)).toEqual(['Educators']);

      const qa = readDatasets(viaFile, a.config).dataQuality;
      const qb = readDatasets(viaExcel, b.config).dataQuality;
      expect(qb).toEqual(qa);
      const at = (code: string, sheet: string) =>
        qa.issues.filter((i) => i.code === code && i.sheet === sheet).map((i) => i.row);
      // Rows as a person sees them: the export's header is on row 3, so its first student is on
      // row 4: "NA" pre on row 5, #N/A post on row 6, 21 > 20 on row 8.
      expect(a.config.students[1].headerRow).toBe(3);
      expect(at('UNPAIRED_POST', 'Benchmark export')).toEqual([5]);
      expect(at('EXCEL_ERROR', 'Benchmark export')).toEqual([6]);
      expect(at('OUT_OF_RANGE', 'Benchmark export')).toEqual([8]);
      expect(at('DUPLICATE_ID', 'Students')).toEqual([403]);
      expect(at('OUT_OF_RANGE', 'Students')).toEqual([1088]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
