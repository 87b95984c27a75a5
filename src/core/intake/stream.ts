/**
 * Streaming intake: the Datasets of readDatasets without holding a big sheet's rows. The mapped
 * sheets are laid out from their first rows (header and a sample, given as tables); the rest of
 * each streamed sheet is pushed in blocks as it is parsed and dropped after reading. The result,
 * issues and rows included, is the one readDatasets gives for the whole tables.
 */
import type { EducatorSheetConfig, MappingConfig, StudentSheetConfig } from '../config';
import type { Dataset } from '../dataset';
import type { CellValue, DateCells, RawTable } from '../types';
import { sortIssues } from '../quality/issues';
import type { IntakeResult } from './read';
import { needsDerivedWindows, withDerivedWindows } from './derived-windows';
import { coachConflicts } from '../coaches';
import { applyPdTotals, PdLogSum } from './pd-log';
import { IntakeTally, SheetReader } from './sheet-reader';
import { findTable, validateConfig } from './validate';

export interface StreamingIntake {
  /** Streamed sheets that are mapped (as the tables name them): only these need their rows pushed. */
  readonly streamedSheets: string[];
  /**
   * Rows of a streamed sheet that follow its table's rows, in order; `firstExcelRow` is the
   * Excel row of `rows[0]`; `dates`: the cells of `rows` formatted as dates. The rows are read
   * at once and not kept.
   */
  push(sheet: string, rows: CellValue[][], firstExcelRow: number, dates?: DateCells): void;
  /** Settle every sheet (pairs, categories, issues) and return what readDatasets returns. */
  finish(): IntakeResult;
}

/**
 * Start a streaming intake. `tables` are all the workbook's sheets; a sheet named in `streamed`
 * is given as its first rows (header and sample) and its remaining rows come through `push`.
 * Throws ConfigError for a broken config (checked against the tables' headers).
 *
 * @param tables every sheet; streamed ones hold their first rows only
 * @param config the mapping (detected on those first rows, or a person's)
 * @param streamed names of the sheets whose rows will be pushed
 * @param expectedRows optional estimate of each streamed sheet's row count (sizes the arrays once)
 * @returns the intake, to push rows into and finish
 * @example
 * const intake = startStreamingIntake([head], config, ['Students']);
 * intake.push('Students', rows, 5003);
 * const { datasets, dataQuality } = intake.finish();
 */
export function startStreamingIntake(
  tables: RawTable[],
  config: MappingConfig,
  streamed: string[],
  expectedRows: Record<string, number> = {},
): StreamingIntake {
  validateConfig(config, tables);
  const streamedTables = new Set(streamed.map((name) => findTable(tables, name, 'streamed sheet')));
  const tally = new IntakeTally();
  const readers: { reader: SheetReader | HeldSheet; table: RawTable }[] = [];
  const open = (
    table: RawTable,
    cfg: StudentSheetConfig | EducatorSheetConfig,
    population: 'students' | 'educators',
  ) => {
    const streamedHere = streamedTables.has(table);
    if (streamedHere && needsDerivedWindows(cfg)) {
      // Windows from dates or flags need every row first: held, then read at finish.
      readers.push({ reader: new HeldSheet(tally, table, cfg, population), table });
      return;
    }
    const hint = expectedRows[table.sheet] ?? 0;
    const d = withDerivedWindows(table, cfg);
    const reader = new SheetReader(tally, d.table, d.cfg, population, !streamedHere, hint);
    reader.readTableRows();
    readers.push({ reader, table });
  };
  for (const s of config.students) open(findTable(tables, s.sheet, 'students'), s, 'students');
  for (const e of config.educators ?? [])
    open(findTable(tables, e.sheet, 'educators'), e, 'educators');
  const bySheet = new Map<string, { push: HeldSheet['push'] }[]>();
  const logs = (config.pd ?? []).map((p, k) => {
    const table = findTable(tables, p.sheet, `pd[${k}]`);
    const sum = new PdLogSum(table, p, tally.issues, `pd[${k}]`);
    sum.addTableRows(table);
    return { sum, table };
  });
  for (const t of streamedTables)
    bySheet.set(t.sheet, [
      ...readers.filter((r) => r.table === t).map((r) => r.reader),
      ...logs
        .filter((l) => l.table === t)
        .map((l) => ({ push: (rows: CellValue[][], first: number) => l.sum.addRows(rows, first) })),
    ]);
  let finished = false;
  return {
    streamedSheets: [...bySheet].filter(([, rs]) => rs.length > 0).map(([sheet]) => sheet),
    push(sheet, rows, firstExcelRow, dates) {
      if (finished)
        throw new Error(
          'StreamingIntake.push: the intake is finished; push every row before finish()',
        );
      const rs = bySheet.get(sheet);
      if (!rs)
        throw new Error(
          `StreamingIntake.push: "${sheet}" is not a streamed sheet; streamed: ${[...bySheet.keys()].join(', ') || '(none)'}`,
        );
      for (const r of rs) r.push(rows, firstExcelRow, dates);
    },
    finish() {
      if (finished) throw new Error('StreamingIntake.finish: called twice');
      finished = true;
      const datasets: Dataset[] = readers.map((r) => r.reader.finish());
      applyPdTotals(
        datasets,
        logs.map((l) => l.sum.finish()),
      );
      tally.issues.push(...coachConflicts(datasets));
      return {
        datasets,
        goalsTable: config.goals ? findTable(tables, config.goals.sheet, 'goals') : null,
        templateTable: config.template
          ? findTable(tables, config.template.sheet, 'template')
          : null,
        dataQuality: {
          rowsRead: tally.rowsRead,
          rowsUsed: tally.rowsUsed,
          issues: sortIssues(
            tally.issues,
            tables.map((t) => t.sheet),
          ),
        },
      };
    },
  };
}

/**
 * A streamed sheet whose windows are derived (visit logs, flag windows): its pushed rows are
 * held and the sheet read whole at finish (such logs are small: a row per visit or test).
 */
class HeldSheet {
  private readonly rows: CellValue[][] = [];
  private readonly dates: DateCells = new Map();

  constructor(
    private readonly tally: IntakeTally,
    private readonly table: RawTable,
    private readonly cfg: StudentSheetConfig | EducatorSheetConfig,
    private readonly population: 'students' | 'educators',
  ) {}

  push(rows: CellValue[][], firstExcelRow: number, dates?: DateCells): void {
    void firstExcelRow; // rows arrive in order, right after the table's own
    const at = this.table.values.length + this.rows.length;
    for (const [i, cols] of dates ?? []) this.dates.set(at + i, cols);
    for (const r of rows) this.rows.push(r);
  }

  finish(): Dataset {
    const whole: RawTable = { ...this.table, values: [...this.table.values, ...this.rows] };
    if (this.dates.size) whole.dates = new Map([...(this.table.dates ?? []), ...this.dates]);
    const d = withDerivedWindows(whole, this.cfg);
    const reader = new SheetReader(this.tally, d.table, d.cfg, this.population, true);
    reader.readTableRows();
    return reader.finish();
  }
}
