/**
 * readDatasets: one pass over each mapped sheet's rows into columnar Datasets, every value
 * that cannot be used reported as a data-quality issue. Built for million-row sheets: typed
 * arrays, no object per row, the slow paths (issues) only for bad cells (see SheetReader).
 */
import type { EducatorSheetConfig, MappingConfig, StudentSheetConfig } from '../config';
import type { Dataset } from '../dataset';
import type { DataQuality } from '../report';
import type { RawTable } from '../types';
import { sortIssues } from '../quality/issues';
import { withDerivedWindows } from './derived-windows';
import { coachConflicts } from '../coaches';
import { applyPdTotals, sumPdLog } from './pd-log';
import { IntakeTally, SheetReader } from './sheet-reader';
import { findTable, validateConfig } from './validate';

export interface IntakeResult {
  datasets: Dataset[];
  goalsTable: RawTable | null;
  templateTable: RawTable | null;
  dataQuality: DataQuality;
}

/** Read the mapped sheets. Throws ConfigError for a broken config; data problems become issues. */
export function readDatasets(tables: RawTable[], config: MappingConfig): IntakeResult {
  validateConfig(config, tables);
  const rd = new IntakeTally();
  const datasets: Dataset[] = [];
  const read = (
    table: RawTable,
    cfg: StudentSheetConfig | EducatorSheetConfig,
    population: 'students' | 'educators',
  ) => {
    const d = withDerivedWindows(table, cfg);
    const reader = new SheetReader(rd, d.table, d.cfg, population, true);
    reader.readTableRows();
    return reader.finish();
  };
  for (const s of config.students)
    datasets.push(read(findTable(tables, s.sheet, 'students'), s, 'students'));
  for (const e of config.educators ?? [])
    datasets.push(read(findTable(tables, e.sheet, 'educators'), e, 'educators'));
  const logs = (config.pd ?? []).map((p, k) =>
    sumPdLog(findTable(tables, p.sheet, `pd[${k}]`), p, rd.issues),
  );
  applyPdTotals(datasets, logs);
  rd.issues.push(...coachConflicts(datasets));
  const goalsTable = config.goals ? findTable(tables, config.goals.sheet, 'goals') : null;
  const templateTable = config.template
    ? findTable(tables, config.template.sheet, 'template')
    : null;
  return {
    datasets,
    goalsTable,
    templateTable,
    dataQuality: {
      rowsRead: rd.rowsRead,
      rowsUsed: rd.rowsUsed,
      issues: sortIssues(
        rd.issues,
        tables.map((t) => t.sheet),
      ),
    },
  };
}
