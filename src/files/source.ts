/**
 * The Node WorkbookSource: one or more .xlsx workbooks and .csv files read as one workbook.
 * Each worksheet of each .xlsx is a sheet; each CSV is a sheet named after its file.
 */
import type ExcelJS from 'exceljs';
import type { ReadOptions, SheetInfo, ThroughlineState, WorkbookSource } from '../core/ports';
import { fingerprintGrid, stateFromTable } from '../core/state';
import { editedSheets, isOurStateSheet, takesStateSheet } from '../core/workbook-run';
import type { CellValue, RawTable } from '../core/types';
import { InputFileError } from './errors';
import { type CsvProblems, csvSheetName, decodeCsvBytes, parseCsvText } from './csv/csv-read';
import { type FileLimits, readCheckedFile } from './inspect';
import { readXlsxSheets, worksheetFormulasGrid } from './xlsx/read/xlsx-read';

/** One input sheet, in input order: what the writer copies unchanged into the output. */
export interface InputSheet {
  name: string;
  visibility: 'visible' | 'hidden' | 'veryHidden';
  /** The file it came from. */
  file: string;
  kind: 'xlsx' | 'csv';
  table: RawTable;
  /** The exceljs worksheet for .xlsx inputs (formulas, formats, widths are copied from it). */
  worksheet?: ExcelJS.Worksheet;
  date1904: boolean;
}

export interface FileWorkbookSource extends WorkbookSource {
  /** The input files, in the order given. */
  readonly files: string[];
  /** Every sheet of every input, in order, the state sheet included. */
  readonly sheets: InputSheet[];
  /** Names of owned sheets whose content differs from what Throughline wrote. */
  editedOwnedSheets(state: ThroughlineState): Promise<string[]>;
}

export interface OpenOptions extends FileLimits {
  /** Collects CSV read problems (unclosed quotes) as data-quality issues. */
  csvProblems?: CsvProblems;
  /** Called once per file as it is read. */
  progress?: (stage: string, done: number, total: number) => void;
}

/**
 * Open input files (checked first: size, kind, zip bomb) and read them whole. Two inputs that
 * give the same sheet name (Excel compares names without regard to case) are refused.
 */
export async function openWorkbookFiles(
  paths: string[],
  options: OpenOptions = {},
): Promise<FileWorkbookSource> {
  if (paths.length === 0)
    throw new InputFileError(
      'NO_INPUT',
      'No input file was given. Name at least one .xlsx or .csv file.',
      true,
    );
  const sheets: InputSheet[] = [];
  const owner = new Map<string, string>();
  let done = 0;
  for (const file of paths) {
    options.progress?.(`Reading ${file}`, done, paths.length);
    const checked = await readCheckedFile(file, options);
    const found: InputSheet[] = [];
    if (checked.kind === 'csv') {
      const name = csvSheetName(file);
      found.push({
        name,
        visibility: 'visible',
        file,
        kind: 'csv',
        table: parseCsvText(
          name,
          decodeCsvBytes(checked.bytes).text,
          options.csvProblems?.listener(file),
        ),
        date1904: false,
      });
    } else {
      let read;
      try {
        read = await readXlsxSheets(checked.bytes);
      } catch (err) {
        throw new InputFileError(
          'UNREADABLE_XLSX',
          `${file} could not be read as an .xlsx workbook (${(err as Error).message}). Open it in Excel and save it again as .xlsx.`,
        );
      }
      for (const s of read.sheets) {
        found.push({
          name: s.name,
          visibility: s.visibility,
          file,
          kind: 'xlsx',
          table: s.table,
          worksheet: s.worksheet,
          date1904: read.date1904,
        });
      }
    }
    addInputSheets(sheets, owner, found, file);
    done++;
  }
  options.progress?.('Read', done, paths.length);
  return new FilesSource(paths, sheets);
}

/** What `addInputSheets` needs of a sheet. */
export interface NamedInputSheet {
  name: string;
  visibility: 'visible' | 'hidden' | 'veryHidden';
  kind: 'xlsx' | 'csv';
}

/**
 * Add one input file's sheets to the sheets of the inputs before it, in order. Throughline's own
 * state sheet: the first input's is the one read; later ones are ours too and are not carried
 * over (their sheets then count as a person's, and are kept). Two sheets with one name (Excel
 * compares names without regard to case) are refused. `owner`: sheet name (lower case) → file.
 */
export function addInputSheets<S extends NamedInputSheet>(
  sheets: S[],
  owner: Map<string, string>,
  found: S[],
  file: string,
): void {
  for (const s of found) {
    const key = s.name.toLowerCase();
    if (isOurStateSheet(s)) {
      if (takesStateSheet(sheets)) sheets.push(s);
      continue;
    }
    const prev = owner.get(key);
    if (prev !== undefined) {
      throw new InputFileError(
        'DUPLICATE_SHEET',
        `Two inputs have a sheet named "${s.name}" (${prev} and ${file}). Sheet names must differ: rename a sheet or a CSV file and run again.`,
      );
    }
    owner.set(key, file);
    sheets.push(s);
  }
}

class FilesSource implements FileWorkbookSource {
  constructor(
    readonly files: string[],
    readonly sheets: InputSheet[],
  ) {}

  private find(name: string): InputSheet | undefined {
    return (
      this.sheets.find((s) => s.name === name) ??
      this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase())
    );
  }

  async listSheets(): Promise<SheetInfo[]> {
    return this.sheets.map((s) => ({
      name: s.name,
      visible: s.visibility === 'visible',
      rowCount: s.table.values.length,
      columnCount: s.table.values[0]?.length ?? 0,
    }));
  }

  async readSheet(name: string, options?: ReadOptions): Promise<RawTable> {
    const s = this.find(name);
    if (!s)
      throw new Error(
        `readSheet: there is no sheet named "${name}"; the sheets are ${this.sheets.map((x) => x.name).join(', ')}`,
      );
    options?.progress?.(`Read ${name}`, 1, 1);
    return s.table;
  }

  async readState(): Promise<ThroughlineState | null> {
    const s = this.sheets.find(isOurStateSheet);
    if (!s) return null;
    return stateFromTable(s.table);
  }

  async editedOwnedSheets(state: ThroughlineState): Promise<string[]> {
    return editedInputSheets(this.sheets, state);
  }
}

/** Our sheets among `sheets` that a person edited since we wrote them (their formulas grid). */
export function editedInputSheets(sheets: InputSheet[], state: ThroughlineState): string[] {
  const find = (name: string) =>
    sheets.find((s) => s.name === name) ??
    sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  const fingerprints = new Map<string, string>();
  for (const owned of state.sheets) {
    const s = find(owned.name);
    if (!s) continue;
    const grid: CellValue[][] = s.worksheet
      ? worksheetFormulasGrid(s.worksheet, s.date1904)
      : s.table.values;
    fingerprints.set(owned.name, fingerprintGrid(grid));
  }
  // Which of them a person edited is decided in core (workbook-run.ts).
  return editedSheets(state, fingerprints);
}
