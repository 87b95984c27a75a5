/**
 * SheetReader: one mapped sheet read into a Dataset row by row, so the same code serves a table
 * held whole (readDatasets) and rows that arrive in blocks from a stream (streaming intake).
 * Typed arrays, no object per row, the slow paths (issues) only for bad cells.
 *
 * Two things a whole table answers by looking ahead are settled without it when streaming:
 * - decimal commas are decided per column from its first 2,000 cells holding a comma (as the
 *   whole-table scan does); cells holding a comma wait (at most 2,000 of them per column) until
 *   the decision is made, every other cell is read at once;
 * - the text of a cell named in an issue after the pass (a percent, a negative or out-of-range
 *   score, the other side of an unpaired score) is kept when it cannot be rebuilt from its
 *   value: non-canonical, non-numeric, negative or above the maximum. Canonical numbers
 *   ("57") are not kept.
 */
import type { EducatorSheetConfig, StudentSheetConfig } from '../config';
import type { Categorical, Dataset, MeasureData } from '../dataset';
import type { DataQualityIssue } from '../report';
import type { CellValue, DateCells, RawTable } from '../types';
import { makeIssue } from '../quality/issues';
import { CategoryBuilder } from './categories';
import { isBlankRow, layoutSheet, type SheetLayout } from './layout';
import { IdIndex } from './id-index';
import { IdStore } from './id-store';
import { MergedCells, rowSummaryLabel, summaryLabel } from './merges';
import { foldName } from './names';
import { DEFAULT_RATING_SCALE, foldScale } from './scale';
import { EXCLUDED, fitted, MISSING, OK, ScoreSide, UNSET } from './scores';
import { displayText, idText, numberText, usesDecimalComma } from './values';
import { resolveColumn } from './validate';
import { longWindows, wideWindows } from './window-plan';

/** Issues and row counts shared by the sheets of one intake. */
export class IntakeTally {
  issues: DataQualityIssue[] = [];
  rowsRead = 0;
  rowsUsed = 0;
}

interface Ref {
  header: string;
  index: number;
  excelColumn: number;
}

interface MeasureSpec {
  name: string;
  max: number | null;
  proficient: number | null;
  pre: ScoreSide;
  post: ScoreSide;
  /** Every window's side, in order (pre and post are two of them). */
  windows: ScoreSide[];
  /** Window names, parallel to `windows`. */
  windowNames: string[];
}

/** Cells with a comma looked at to decide a column's decimal commas (the whole-table scan's limit). */
const COMMA_SAMPLE = 2000;

function ref(layout: SheetLayout, name: string, where: string): Ref {
  const k = resolveColumn(layout, name, where);
  return {
    header: layout.headers[k],
    index: layout.columns[k],
    excelColumn: layout.excelColumns[k],
  };
}

/** Decimal commas: decided per column from its text cells that hold a comma (a quick scan). */
function columnUsesDecimalComma(values: CellValue[][], start: number, index: number): boolean {
  const withComma: string[] = [];
  for (let i = start; i < values.length && withComma.length < COMMA_SAMPLE; i++) {
    const c = values[i]?.[index];
    if (typeof c === 'string' && c.includes(',')) withComma.push(c);
  }
  return usesDecimalComma(withComma);
}

interface Pending {
  side: ScoreSide;
  max: number | null;
  r: number;
  cell: string;
  excelRow: number;
}

/** A score column's decimal-comma decision while rows are still coming (streaming only). */
class CommaDecider {
  decided = false;
  value = false;
  /** The current row's cell in this column holds a comma (set by the row, read by its sides). */
  commaNow = false;
  readonly cells: string[] = [];
  readonly pending: Pending[] = [];
  readonly sides: ScoreSide[] = [];
  constructor(readonly index: number) {}
}

/**
 * s holds a comma. A score cell is a few characters: a loop over them costs less than a call to
 * includes(), and it runs for every score cell while a column's decimal commas are undecided.
 */
function hasComma(s: string): boolean {
  if (s.length > 12) return s.includes(',');
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 44) return true;
  return false;
}

/** The category columns of a sheet's config, each with its builder (null when not mapped). */
function categoryBuilders(
  layout: SheetLayout,
  cfg: StudentSheetConfig | EducatorSheetConfig,
  where: 'students' | 'educators',
  capacity: number,
) {
  const cat = (name: string | null | undefined, field: string, blankAsGroup: boolean) => {
    if (!name) return null;
    const r = ref(layout, name, `${where}.${field}`);
    const merges = cfg.categoryMerges?.[r.header] ?? cfg.categoryMerges?.[name] ?? [];
    return new CategoryBuilder(r.header, r.index, r.excelColumn, capacity, blankAsGroup, merges);
  };
  const scfg = cfg as StudentSheetConfig;
  const isEdu = where === 'educators';
  return {
    team: cat(cfg.team, 'team', false),
    school: cat(cfg.school, 'school', false),
    teacher: isEdu ? null : cat(scfg.teacher, 'teacher', false),
    coach: isEdu ? cat((cfg as EducatorSheetConfig).coach, 'coach', false) : null,
    subgroups: isEdu
      ? []
      : (scfg.subgroups ?? []).map((g, i) => cat(g, `subgroups[${i}]`, true) as CategoryBuilder),
  };
}

/** Characters an ID has on average in the first rows (sizes the ID store once). */
function idLength(values: CellValue[][], start: number, index: number): number {
  if (index < 0) return 10; // "row 12345"
  let chars = 0;
  let n = 0;
  for (let i = start; i < values.length && n < 1000; i++) {
    const c = values[i]?.[index];
    if (c === null || c === undefined) continue;
    chars += typeof c === 'string' ? c.length : String(c).length;
    n++;
  }
  return n ? Math.ceil(chars / n) + 1 : 8;
}

/**
 * Reads one mapped sheet. `complete`: the table holds every row (the whole-table path);
 * otherwise it holds the first rows (header included) and the rest come through `push`.
 */
export class SheetReader {
  private readonly sheet: string;
  private readonly layout: SheetLayout;
  private readonly long: boolean;
  private readonly isEdu: boolean;
  private capacity = 1;
  private rows = new Int32Array(1);
  /**
   * Long layouts: the rows that gave each record a score (a row per window, or per window and
   * measure), so that rowsUsed counts rows, as rowsRead does, not records.
   */
  private rowsOfRecord = new Int32Array(0);
  /** Each record's ID, as characters (a million IDs without a million strings). */
  private ids = new IdStore();
  private size = 0;
  /** ID → record: a hash index over `ids` (a million IDs without a Map's time and memory). */
  private seen = new IdIndex(this.ids);
  private readonly seenLongCell = new Map<string, number>(); // long: id|measure|side → Excel row
  private blankRows = 0;
  private firstBlank = 0;
  private lastBlank = 0;
  private otherWindows = 0;
  private firstOtherWindow = 0;
  private readonly otherWindowNames = new Set<string>();
  private otherMeasures = 0;
  private firstOtherMeasure = 0;
  private readonly otherMeasureNames = new Set<string>();
  /** A row after the header that is not blank (layoutSheet's test for HEADER_ONLY). */
  private anyData = false;
  private readonly idRef: Ref | null = null;
  private readonly team: CategoryBuilder | null = null;
  private readonly school: CategoryBuilder | null = null;
  private readonly teacher: CategoryBuilder | null = null;
  private readonly coach: CategoryBuilder | null = null;
  private readonly subgroups: CategoryBuilder[] = [];
  private readonly cats: CategoryBuilder[] = [];
  private readonly pd: ScoreSide | null = null;
  private readonly pdRef: Ref | null = null;
  private readonly specs: MeasureSpec[] = [];
  private scoreRef: Ref | null = null;
  private readonly windowRef: Ref | null = null;
  private readonly measureRef: Ref | null = null;
  /** Long layouts: folded window value → window index (pre and post among them). */
  private readonly windowIndex = new Map<string, number>();
  private readonly windowNames: string[] = [];
  /** Long layouts: the pre window's index (PD hours are read from its rows). */
  private preWindow = 0;
  private readonly measureIndex = new Map<string, number>();
  private readonly mappedIdx: number[] = [];
  /** Streaming: undecided comma columns, and kept cell texts per score side. */
  private readonly deciders: CommaDecider[] = [];
  private readonly texts = new Map<ScoreSide, Map<number, string>>();
  private readonly headerOnly: DataQualityIssue | null = null;
  /** Excel rows that are an Excel Table's totals row. */
  private readonly totalsRows: Set<number>;
  /** Merged ranges below the header, row by row; null when there are none. */
  private readonly merges: MergedCells | null = null;
  /** Cells of category columns read as the value their merge shows: count, rows, columns. */
  private mergedFilled = 0;
  private firstMerged = 0;
  private lastMerged = 0;
  private readonly mergedColumns = new Set<string>();

  constructor(
    private readonly tally: IntakeTally,
    private readonly table: RawTable,
    private readonly cfg: StudentSheetConfig | EducatorSheetConfig,
    private readonly population: 'students' | 'educators',
    private readonly complete: boolean,
    capacityHint = 0,
  ) {
    this.sheet = table.sheet;
    const where = population;
    const layout = layoutSheet(table, cfg.headerRow);
    this.layout = layout;
    // Streaming: "header but no data" is only known at the end.
    const headerOnly = complete
      ? null
      : (layout.issues.find((i) => i.code === 'HEADER_ONLY') ?? null);
    this.headerOnly = headerOnly;
    tally.issues.push(...layout.issues.filter((i) => i !== headerOnly));
    this.long = cfg.format === 'long';
    this.isEdu = population === 'educators';
    this.totalsRows = new Set(table.totalsRows ?? []);
    if (layout.headerIndex < 0) return;
    this.merges = MergedCells.of(table, layout.headerRow);
    const { values } = table;
    const start = layout.headerIndex + 1;
    const rowCount = Math.max(0, values.length - start);
    const long = this.long;
    const isEdu = this.isEdu;
    const ecfg = cfg as EducatorSheetConfig;
    const scfg = cfg as StudentSheetConfig;
    const scale = isEdu ? foldScale(ecfg.scale ?? DEFAULT_RATING_SCALE) : null;
    // Streaming: the caller's estimate of the rows to come saves regrowing the arrays.
    let capacity = long
      ? Math.min(rowCount, 1024)
      : Math.max(rowCount, complete ? 0 : capacityHint);
    if (capacity < 1) capacity = 1;
    this.capacity = capacity;
    this.rows = new Int32Array(capacity);
    if (long) this.rowsOfRecord = new Int32Array(capacity);
    this.idRef = cfg.id ? ref(layout, cfg.id, `${where}.id`) : null;
    this.ids = new IdStore(capacity, idLength(values, start, this.idRef?.index ?? -1));
    this.seen = new IdIndex(this.ids, capacity);

    // Decimal commas: the whole table is scanned now; a stream decides as rows come.
    const commaOf = (index: number): boolean => {
      if (complete) return columnUsesDecimalComma(values, start, index);
      let d = this.deciders.find((x) => x.index === index);
      if (!d) {
        d = new CommaDecider(index);
        this.deciders.push(d);
      }
      return false;
    };
    const attach = (s: ScoreSide) => {
      if (complete) return s;
      this.texts.set(s, new Map());
      const d = this.deciders.find((x) => x.index === s.index)!;
      s.decider = d;
      d.sides.push(s);
      return s;
    };

    ({
      team: this.team,
      school: this.school,
      teacher: this.teacher,
      coach: this.coach,
      subgroups: this.subgroups,
    } = categoryBuilders(layout, cfg, where, capacity));
    this.cats = [this.team, this.school, this.teacher, this.coach, ...this.subgroups].filter(
      (c): c is CategoryBuilder => c !== null,
    );
    const pdRef = isEdu && ecfg.pdHours ? ref(layout, ecfg.pdHours, `${where}.pdHours`) : null;
    this.pdRef = pdRef;
    this.pd = pdRef
      ? attach(
          new ScoreSide(
            pdRef.header,
            pdRef.index,
            pdRef.excelColumn,
            capacity,
            commaOf(pdRef.index),
            null,
            false,
          ),
        )
      : null;

    this.specs.push(
      ...(long ? this.longSpecs(commaOf, attach, scale) : this.wideSpecs(commaOf, attach, scale)),
    );
    const scoreRef = this.scoreRef;
    this.windowRef = long
      ? ref(layout, (cfg as StudentSheetConfig).windowColumn as string, `${where}.windowColumn`)
      : null;
    const labelColumn = isEdu ? ecfg.componentColumn : scfg.measureColumn;
    this.measureRef =
      long && labelColumn
        ? ref(layout, labelColumn, `${where}.${isEdu ? 'componentColumn' : 'measureColumn'}`)
        : null;
    this.specs.forEach((m, i) => this.measureIndex.set(foldName(m.name), i));
    // Wide layouts: every cell of a record is on the record's row, so one array serves as every
    // side's row list (a million rows: 4 MB a side saved).
    if (!long) {
      for (const m of this.specs) for (const w of m.windows) w.rowOf = this.rows;
      if (this.pd) this.pd.rowOf = this.rows;
    }
    this.mappedIdx = [
      this.idRef,
      this.windowRef,
      this.measureRef,
      scoreRef,
      pdRef,
      ...this.cats,
      ...this.specs.flatMap((s) => s.windows),
    ]
      .filter((x): x is NonNullable<typeof x> => x !== null)
      .map((x) => x.index);
  }

  /** Wide layouts: a side per window column of each measure (v1: the pre and post columns). */
  private wideSpecs(
    commaOf: (index: number) => boolean,
    attach: (s: ScoreSide) => ScoreSide,
    scale: Map<string, number> | null,
  ): MeasureSpec[] {
    const where = this.population;
    const list = this.isEdu
      ? (this.cfg as EducatorSheetConfig).practice
      : (this.cfg as StudentSheetConfig).measures;
    const field = this.isEdu ? 'practice' : 'measures';
    return list.map((m, i) => {
      const plan = wideWindows(m, `${where}.${field}[${i}]`);
      const windows = plan.refs.map((col, k) => {
        const side = k === plan.pre ? 'pre' : k === plan.post ? 'post' : `windows[${k}]`;
        const r = ref(this.layout, col, `${where}.${field}[${i}].${side}`);
        return attach(
          new ScoreSide(r.header, r.index, r.excelColumn, this.capacity, commaOf(r.index), scale),
        );
      });
      return this.spec(m, windows, plan.names, plan.pre, plan.post);
    });
  }

  /**
   * Long layouts: a side per window of each measure, all read from the score column (or the
   * measure's own column: subtests as columns; or, for educators, the practice's rating column).
   */
  private longSpecs(
    commaOf: (index: number) => boolean,
    attach: (s: ScoreSide) => ScoreSide,
    scale: Map<string, number> | null,
  ): MeasureSpec[] {
    const where = this.population;
    const cfg = this.cfg;
    const plan = longWindows(cfg, where);
    plan.refs.forEach((v, k) => {
      const f = foldName(v);
      if (!this.windowIndex.has(f)) this.windowIndex.set(f, k);
    });
    this.windowNames.push(...plan.names);
    this.preWindow = plan.pre;
    const scfg = cfg as StudentSheetConfig;
    if (cfg.scoreColumn) this.scoreRef = ref(this.layout, cfg.scoreColumn, `${where}.scoreColumn`);
    const list = this.isEdu ? (cfg as EducatorSheetConfig).practice : scfg.measures;
    return list.map((m, i) => {
      const own = m.column ?? (this.isEdu && !this.scoreRef ? (m.pre ?? m.post) : undefined);
      const r =
        own !== undefined
          ? ref(this.layout, own, `${where}.${this.isEdu ? 'practice' : 'measures'}[${i}].column`)
          : (this.scoreRef as Ref);
      const dc = commaOf(r.index);
      const windows = plan.names.map(() =>
        attach(
          new ScoreSide(
            r.header,
            r.index,
            r.excelColumn,
            this.capacity,
            dc,
            this.isEdu ? scale : null,
          ),
        ),
      );
      return this.spec(m, windows, plan.names, plan.pre, plan.post);
    });
  }

  private spec(
    m: { name: string; max?: number | null; proficient?: number | null },
    windows: ScoreSide[],
    windowNames: string[],
    pre: number,
    post: number,
  ): MeasureSpec {
    return {
      name: m.name,
      max: m.max ?? null,
      proficient: m.proficient ?? null,
      pre: windows[pre],
      post: windows[post],
      windows,
      windowNames,
    };
  }

  /** Read the rows the table holds (below the header). */
  readTableRows(): void {
    if (this.layout.headerIndex < 0) return;
    const { values, firstRow, dates } = this.table;
    for (let i = this.layout.headerIndex + 1; i < values.length; i++)
      this.row(values[i], firstRow + i, dates?.get(i));
  }

  /**
   * Rows that follow the table's (streaming): `firstExcelRow` is the Excel row of rows[0];
   * `dates` the cells of `rows` formatted as dates.
   */
  push(rows: CellValue[][], firstExcelRow: number, dates?: DateCells): void {
    if (this.layout.headerIndex < 0) return;
    for (let i = 0; i < rows.length; i++) this.row(rows[i], firstExcelRow + i, dates?.get(i));
  }

  private grow(need: number): void {
    if (need <= this.capacity) return;
    let c = this.capacity;
    while (c < need) c *= 2;
    this.capacity = c;
    const nr = new Int32Array(c);
    nr.set(this.rows);
    this.rows = nr;
    if (this.long) {
      const counts = new Int32Array(c);
      counts.set(this.rowsOfRecord);
      this.rowsOfRecord = counts;
    }
    for (const b of this.cats) b.grow(c);
    const shared = this.long ? undefined : nr;
    for (const s of this.specs) for (const w of s.windows) w.grow(c, shared);
    this.pd?.grow(c, shared);
  }

  /** Read one score cell, waiting for the column's decimal-comma decision when it needs it. */
  private score(
    s: ScoreSide,
    max: number | null,
    r: number,
    cell: CellValue,
    excelRow: number,
    dated?: number[],
  ): void {
    if (cell === null && this.merges)
      this.reportMerged(s.index, s.header, s.excelColumn, excelRow, 'score');
    if (dated && typeof cell === 'number' && dated.includes(s.index)) {
      s.dateCell(r, cell, excelRow, this.sheet, this.tally.issues);
      if (!this.complete) this.texts.get(s)!.set(r, displayText(cell));
      return;
    }
    if (this.complete) {
      s.read(r, cell, excelRow, this.sheet, this.tally.issues);
      return;
    }
    const d = s.decider as CommaDecider;
    if (!d.decided && d.commaNow) {
      d.pending.push({ side: s, max, r, cell: cell as string, excelRow });
      return;
    }
    this.readKeeping(s, max, r, cell, excelRow);
  }

  private readKeeping(
    s: ScoreSide,
    max: number | null,
    r: number,
    cell: CellValue,
    excelRow: number,
  ): void {
    s.read(r, cell, excelRow, this.sheet, this.tally.issues);
    if (cell === null) return;
    if (s.status[r] === OK) {
      const v = s.values[r];
      if (
        v >= 0 &&
        (max === null || v <= max) &&
        (typeof cell === 'number' ||
          // Only digits (parseNumber just said so), no leading zero: "57" as String(57) writes it.
          (s.parsed.digits &&
            ((cell as string).length === 1 || (cell as string).charCodeAt(0) !== 48)) ||
          numberText(v) === cell)
      )
        return;
    }
    this.texts.get(s)!.set(r, displayText(cell));
  }

  private decide(d: CommaDecider): void {
    d.decided = true;
    d.value = usesDecimalComma(d.cells);
    d.cells.length = 0;
    // The decision is the column's, as the whole-table scan makes it for all its sides.
    for (const s of d.sides) (s as { decimalComma: boolean }).decimalComma = d.value;
    for (const p of d.pending) this.readKeeping(p.side, p.max, p.r, p.cell, p.excelRow);
    if (d.pending.length) {
      // Percent cells read late: the first (by row) is the one an issue names.
      for (const s of d.sides) s.percentRecords.sort((a, b) => s.rowOf[a] - s.rowOf[b]);
    }
    d.pending.length = 0;
  }

  private row(row: CellValue[] | undefined, excelRow: number, dated?: number[]): void {
    const sheet = this.sheet;
    const issues = this.tally.issues;
    if (this.merges) row = this.unmerge(row, excelRow);
    if (this.totalsRows.size && this.totalsRows.has(excelRow) && !isBlankRow(row)) {
      this.skipSummaryRow(row as CellValue[], excelRow, true);
      return;
    }
    const ds = this.deciders;
    if (ds.length && row) {
      for (let k = 0; k < ds.length; k++) {
        const d = ds[k];
        if (d.decided) continue;
        const c = row[d.index];
        d.commaNow = typeof c === 'string' && hasComma(c);
        if (d.commaNow) {
          d.cells.push(c as string);
          if (d.cells.length >= COMMA_SAMPLE) this.decide(d);
        }
      }
    }
    const mappedIdx = this.mappedIdx;
    let empty = true;
    if (row)
      for (let k = 0; k < mappedIdx.length && empty; k++) {
        const c = row[mappedIdx[k]];
        if (c !== null && c !== undefined && c !== '') empty = false;
      }
    if (empty && isBlankRow(row)) {
      if (this.blankRows++ === 0) this.firstBlank = excelRow;
      this.lastBlank = excelRow;
      return;
    }
    if (!this.anyData && !isBlankRow(row)) this.anyData = true;
    const r0 = row as CellValue[];
    const idRef = this.idRef;
    if (this.isSummaryRow(r0, idRef?.index ?? -1)) {
      this.skipSummaryRow(r0, excelRow, false);
      return;
    }
    this.tally.rowsRead++;
    const isEdu = this.isEdu;
    let id: string;
    if (idRef) {
      const cell = r0[idRef.index] ?? null;
      id = idText(cell);
      if (!id && this.reportMerged(idRef.index, idRef.header, idRef.excelColumn, excelRow, 'ID'))
        return;
      if (!id) {
        issues.push(
          makeIssue(
            'MISSING_ID',
            sheet,
            excelRow,
            idRef.header,
            cell === null ? null : displayText(cell),
            `Row ${excelRow} has no ${isEdu ? 'educator' : 'student'} ID in "${idRef.header}"; excluded.`,
            idRef.excelColumn,
          ),
        );
        return;
      }
    } else id = `row ${excelRow}`;
    const specs = this.specs;

    if (!this.long) {
      const seen = this.seen.getOrAdd(id, this.size);
      if (seen >= 0) {
        const first = this.rows[seen];
        issues.push(
          makeIssue(
            'DUPLICATE_ID',
            sheet,
            excelRow,
            idRef?.header ?? null,
            id,
            `ID "${id}" is already on row ${first}: this row is excluded, the first (row ${first}) is kept.`,
            idRef?.excelColumn,
          ),
        );
        return;
      }
      const r = this.size++;
      this.grow(this.size);
      this.rows[r] = excelRow;
      this.ids.push(id);
      this.addCats(r, r0, excelRow);
      for (let m = 0; m < specs.length; m++) {
        const s = specs[m];
        const ws = s.windows;
        for (let k = 0; k < ws.length; k++)
          this.score(ws[k], s.max, r, r0[ws[k].index] ?? null, excelRow, dated);
      }
      if (this.pd) this.score(this.pd, null, r, r0[this.pd.index] ?? null, excelRow);
      return;
    }
    this.longRow(r0, id, excelRow, dated);
  }

  /**
   * A row under the table that sums it up rather than being a record: its ID cell is blank or
   * a summary word ("Total", "Average") and a text cell of the row is such a word. A real ID is
   * never one of these words; a row with a real ID is always a record. With no ID column (records
   * are rows), a row whose first cell is such a word ("Average", then the means).
   */
  private isSummaryRow(row: CellValue[], idIndex: number): boolean {
    if (idIndex < 0) return summaryLabel(row.find((c) => c !== null && c !== '') ?? null) !== null;
    const cell = row[idIndex] ?? null;
    if (summaryLabel(cell)) return true;
    return idText(cell) === '' && rowSummaryLabel(row) !== null;
  }

  /** Skip a totals or summary row (not a record), with an info note. */
  private skipSummaryRow(row: CellValue[], excelRow: number, table: boolean): void {
    const label = rowSummaryLabel(row);
    const what = table
      ? "the totals row of an Excel Table (the table's Total Row)"
      : `${/^[aeiou]/i.test(label ?? '') ? 'an' : 'a'} "${label}" row summing up the rows above`;
    this.tally.issues.push(
      makeIssue(
        'TOTALS_ROW',
        this.sheet,
        excelRow,
        null,
        label,
        `Row ${excelRow} is ${what}, not a ${this.isEdu ? 'educator' : 'student'}; skipped.`,
      ),
    );
  }

  /**
   * A row's cells covered by a merged range: in category columns, the value the merge shows
   * (on a copy of the row; the sheet is never changed). Other columns are left as they are.
   */
  private unmerge(row: CellValue[] | undefined, excelRow: number): CellValue[] | undefined {
    const covered = this.merges!.covered(excelRow, row);
    if (covered.length === 0 || isBlankRow(row)) return row;
    row = row as CellValue[];
    let out: CellValue[] | null = null;
    for (const { index, shown } of covered) {
      const b = this.cats.find((c) => c.index === index);
      if (!b || shown === null || (row[index] ?? null) !== null) continue;
      out ??= [...row];
      out[index] = shown;
      if (this.mergedFilled++ === 0) this.firstMerged = excelRow;
      this.lastMerged = excelRow;
      this.mergedColumns.add(b.column);
    }
    return out ?? row;
  }

  /** Report a cell covered by a merge in an ID or score column; true when it is one. */
  private reportMerged(
    index: number,
    header: string,
    excelColumn: number,
    excelRow: number,
    what: string,
  ): boolean {
    if (!this.merges || !this.merges.covers(excelRow, index)) return false;
    this.tally.issues.push(
      makeIssue(
        'MERGED_VALUE',
        this.sheet,
        excelRow,
        header,
        null,
        `Row ${excelRow}'s "${header}" cell is merged into the cell above it: it holds no ${what} of its own, and none is copied.`,
        excelColumn,
      ),
    );
    return true;
  }

  /** Long layouts: one row is one window of one record (one measure, or every measure). */
  private longRow(r0: CellValue[], id: string, excelRow: number, dated?: number[]): void {
    const { sheet, specs, isEdu, idRef } = this;
    const issues = this.tally.issues;
    const windowRef = this.windowRef!;
    const wi = this.windowIndex.get(foldName(displayText(r0[windowRef.index] ?? null)));
    if (wi === undefined) {
      if (this.otherWindows++ === 0) this.firstOtherWindow = excelRow;
      this.otherWindowNames.add(displayText(r0[windowRef.index] ?? null) || '(blank)');
      return;
    }
    let mi = -1;
    if (this.measureRef) {
      const mt = displayText(r0[this.measureRef.index] ?? null);
      mi = this.measureIndex.get(foldName(mt)) ?? -1;
      if (mi < 0) {
        if (this.otherMeasures++ === 0) this.firstOtherMeasure = excelRow;
        this.otherMeasureNames.add(mt || '(blank)');
        return;
      }
    } else if (!isEdu && this.scoreRef) mi = 0;
    let r = this.seen.getOrAdd(id, this.size);
    if (r < 0) {
      r = this.size++;
      this.grow(this.size);
      this.rows[r] = excelRow;
      this.ids.push(id);
      this.addCats(r, r0, excelRow);
    }
    const key = `${id}\u0001${mi}\u0001${wi}`;
    const before = this.seenLongCell.get(key);
    const scoreRef = this.scoreRef;
    if (before !== undefined) {
      const byRow = isEdu || mi < 0;
      issues.push(
        makeIssue(
          byRow ? 'DUPLICATE_ID' : 'DUPLICATE_SCORE',
          sheet,
          excelRow,
          byRow ? (idRef?.header ?? null) : (scoreRef?.header ?? null),
          byRow ? id : displayText(r0[scoreRef!.index] ?? null),
          `ID "${id}" already has a ${this.windowNames[wi]} ${byRow ? 'row' : `score for ${specs[mi].name}`} on row ${before}: this row is excluded, the first is kept.`,
          byRow ? idRef?.excelColumn : scoreRef?.excelColumn,
        ),
      );
      return;
    }
    this.seenLongCell.set(key, excelRow);
    this.rowsOfRecord[r]++;
    const read = (s: MeasureSpec) =>
      this.score(s.windows[wi], s.max, r, r0[s.windows[wi].index] ?? null, excelRow, dated);
    if (mi >= 0) read(specs[mi]);
    else for (const s of specs) read(s);
    if (this.pd && wi === this.preWindow)
      this.score(this.pd, null, r, r0[this.pd.index] ?? null, excelRow);
  }

  private addCats(r: number, row: CellValue[], excelRow: number): void {
    for (const b of this.cats) {
      const ok = b.add(r, row[b.index] ?? null, excelRow);
      if (!ok && b === this.team) {
        this.tally.issues.push(
          makeIssue(
            'MISSING_TEAM',
            this.sheet,
            excelRow,
            b.column,
            null,
            `Row ${excelRow} has no team in "${b.column}": counted overall, in no team.`,
            b.excelColumn,
          ),
        );
      }
    }
  }

  /** The Dataset's measure: every window's scores, pre and post among them (the same arrays). */
  private measureData(m: MeasureSpec, size: number): MeasureData {
    const labelled = this.long && !this.isEdu;
    const columnOf = (k: number) =>
      labelled ? `${m.windows[k].header} (${m.windowNames[k]})` : m.windows[k].header;
    const windows = m.windows.map((w, k) => ({
      name: m.windowNames[k],
      column: columnOf(k),
      scores: fitted(w.values, size),
    }));
    const pre = m.windows.indexOf(m.pre);
    const post = m.windows.indexOf(m.post);
    return {
      name: m.name,
      preColumn: windows[pre].column,
      postColumn: windows[post].column,
      max: m.max,
      proficient: m.proficient,
      pre: windows[pre].scores,
      post: windows[post].scores,
      windows,
      preWindow: pre,
      postWindow: post,
    };
  }

  /**
   * Drop the builders' arrays (grown with headroom) once the Dataset holds its own (the ID index
   * went at the start of finish): whoever still holds the reader (a stream's listeners, for a
   * while) no longer holds them.
   */
  private release(): void {
    const sides = this.specs.flatMap((m) => m.windows);
    if (this.pd) sides.push(this.pd);
    for (const s of sides) {
      s.values = new Float64Array(0);
      s.status = new Uint8Array(0);
      s.rowOf = new Int32Array(0);
      s.percentRecords = [];
    }
    for (const b of this.cats) b.codes = new Int32Array(0);
    this.rows = new Int32Array(0);
    this.rowsOfRecord = new Int32Array(0);
    this.seenLongCell.clear();
  }

  /**
   * The issue of record r, which lacks a pair in measure m: the pre score alone, the post
   * score alone, or neither. `textOf` gives the text of the missing side's cells.
   */
  private unpairedIssue(
    m: MeasureSpec,
    r: number,
    id: string,
    textOf: (r: number) => string,
  ): DataQualityIssue {
    const { sheet, long } = this;
    const hasPre = m.pre.status[r] === OK;
    const hasPost = m.post.status[r] === OK;
    const missing = hasPre ? m.post : m.pre;
    const present = hasPre ? m.pre : m.post;
    const status = missing.status[r];
    const cell = status === UNSET ? null : textOf(r) || null;
    if (!hasPre && !hasPost) {
      return makeIssue(
        'MISSING_SCORE',
        sheet,
        this.rows[r],
        m.pre.header,
        cell,
        `${m.name}: ID "${id}" has neither a pre nor a post score.`,
        m.pre.excelColumn,
      );
    }
    const label = hasPre ? 'post' : 'pre';
    const why =
      status === EXCLUDED
        ? `the ${label} score was excluded (see its issue)`
        : status === MISSING && cell
          ? `the ${label} score is "${cell}"`
          : `there is no ${label} score`;
    return makeIssue(
      hasPre ? 'UNPAIRED_PRE' : 'UNPAIRED_POST',
      sheet,
      // Long layouts: the row of the missing side when it has one, else the present side's.
      long && status === UNSET ? present.rowOf[r] : missing.rowOf[r],
      missing.header,
      cell,
      `${m.name}: ID "${id}" has a ${hasPre ? 'pre' : 'post'} score but ${why}; not in the paired figures.`,
      missing.excelColumn,
    );
  }

  /** One note each for the rows not read as records: blank rows, other windows and measures. */
  private pushSheetNotes(issues: DataQualityIssue[]): void {
    const { sheet, windowRef, measureRef } = this;
    if (this.blankRows) {
      issues.push(
        makeIssue(
          'BLANK_ROWS',
          sheet,
          this.firstBlank,
          null,
          null,
          `${this.blankRows} blank row${this.blankRows === 1 ? '' : 's'} skipped (rows ${this.firstBlank}–${this.lastBlank}).`,
        ),
      );
    }
    if (this.mergedFilled) {
      const columns = [...this.mergedColumns].map((c) => `"${c}"`).join(', ');
      issues.push(
        makeIssue(
          'MERGED_CELLS',
          sheet,
          this.firstMerged,
          [...this.mergedColumns][0],
          null,
          `Merged cells in ${columns}: ${this.mergedFilled} cell${this.mergedFilled === 1 ? '' : 's'} (rows ${this.firstMerged}–${this.lastMerged}) read as the value the merge shows.`,
        ),
      );
    }
    if (this.otherWindows) {
      const names = [...this.otherWindowNames].slice(0, 10).join(', ');
      issues.push(
        makeIssue(
          'OTHER_WINDOW',
          sheet,
          this.firstOtherWindow,
          windowRef!.header,
          names,
          `${this.otherWindows} row${this.otherWindows === 1 ? '' : 's'} of windows other than ${this.windowNames.map((w) => `"${w}"`).join(', ')} (${names}) not used.`,
          windowRef!.excelColumn,
        ),
      );
    }
    if (this.otherMeasures) {
      const names = [...this.otherMeasureNames].slice(0, 10).join(', ');
      issues.push(
        makeIssue(
          'OTHER_MEASURE',
          sheet,
          this.firstOtherMeasure,
          measureRef!.header,
          names,
          `${this.otherMeasures} row${this.otherMeasures === 1 ? '' : 's'} of measures not in the config (${names}) not used.`,
          measureRef!.excelColumn,
        ),
      );
    }
  }

  /** Settle what needed every row (scores, pairs, categories) and return the Dataset. */
  finish(): Dataset {
    const { sheet, cfg, population, layout } = this;
    if (layout.headerIndex < 0) return emptyDataset(population, sheet, cfg);
    const issues = this.tally.issues;
    // Every row is in: the ID index (16 MB at a million IDs) is not needed any more.
    this.seen.clear();
    for (const d of this.deciders) if (!d.decided) this.decide(d);
    if (this.headerOnly && !this.anyData) issues.push(this.headerOnly);
    const { long, specs, pd, size, ids, rows: rowsAll } = this;
    this.pushSheetNotes(issues);

    // Settle scores: percents, decimal commas, ranges; then pairs.
    const { values, firstRow } = this.table;
    const cellText = (s: ScoreSide) => {
      if (this.complete)
        return (r: number) => displayText(values[s.rowOf[r] - firstRow]?.[s.index] ?? null);
      const kept = this.texts.get(s)!;
      return (r: number) => kept.get(r) ?? (s.status[r] === OK ? numberText(s.values[r]) : '');
    };
    for (const m of specs)
      for (const w of m.windows) w.finish(size, m.max, sheet, cellText(w), issues);
    pd?.finish(size, null, sheet, cellText(pd), issues);
    const used = new Uint8Array(size);
    for (const m of specs) {
      const preText = cellText(m.pre);
      const postText = cellText(m.post);
      const preStatus = m.pre.status;
      const postStatus = m.post.status;
      for (let r = 0; r < size; r++) {
        const sa = preStatus[r];
        const sb = postStatus[r];
        if (sa === OK && sb === OK) {
          used[r] = 1;
          continue;
        }
        // Long layouts: a record with no row for this measure at all says nothing about it.
        if (long && sa === UNSET && sb === UNSET) continue;
        issues.push(this.unpairedIssue(m, r, ids.at(r), sa === OK ? postText : preText));
      }
    }
    // A row is used when its record has a complete pair (a long record's every scoring row).
    const rowsOf = this.long ? this.rowsOfRecord : null;
    for (let r = 0; r < size; r++) if (used[r]) this.tally.rowsUsed += rowsOf ? rowsOf[r] : 1;
    this.texts.clear();

    const finished = this.cats.map((b) => {
      const f = b.finish(size, sheet, layout.headerRow);
      issues.push(...f.issues);
      return f.categorical;
    });
    const pick = (b: CategoryBuilder | null): Categorical | null =>
      b ? finished[this.cats.indexOf(b)] : null;
    ids.trim();
    let idList: string[] | undefined;
    const measures: MeasureData[] = specs.map((m) => this.measureData(m, size));
    const ds: Dataset = {
      population,
      sheet,
      headerRow: layout.headerRow,
      size,
      rows: fitted(rowsAll, size),
      // As strings only when asked for (sheets of records do; a JSON report does not).
      get ids() {
        return (idList ??= ids.toArray());
      },
      idColumn: this.idRef?.header ?? '',
      team: pick(this.team),
      school: pick(this.school),
      teacher: pick(this.teacher),
      subgroups: this.subgroups.map((b) => pick(b) as Categorical),
      measures,
    };
    if (this.coach) ds.coach = pick(this.coach);
    if (pd) {
      ds.pdHours = fitted(pd.values as Float64Array, size);
      ds.pdHoursColumn = pd.header;
    }
    this.release();
    return ds;
  }
}

/** A sheet with nothing to read (empty, or no header): its measures with no records. */
function emptyDataset(
  population: 'students' | 'educators',
  sheet: string,
  cfg: StudentSheetConfig | EducatorSheetConfig,
): Dataset {
  const list =
    population === 'educators'
      ? (cfg as EducatorSheetConfig).practice
      : (cfg as StudentSheetConfig).measures;
  return {
    population,
    sheet,
    headerRow: 0,
    size: 0,
    rows: new Int32Array(0),
    ids: [],
    idColumn: cfg.id,
    team: null,
    school: null,
    teacher: null,
    subgroups: [],
    measures: list.map((m) => ({
      name: m.name,
      preColumn: m.pre ?? '',
      postColumn: m.post ?? '',
      max: m.max ?? null,
      proficient: m.proficient ?? null,
      pre: new Float64Array(0),
      post: new Float64Array(0),
    })),
  };
}
