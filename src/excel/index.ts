/**
 * The Office.js adapter: a WorkbookSource and WorkbookTarget working through `Excel.run`.
 *
 *   const excel = createExcelAdapter();            // the global Excel, in the task pane
 *   const excel = createExcelAdapter(sim.Excel);    // the strict simulator, in tests
 */
import type { SheetPlan } from '../core/plans/types';
import type {
  ReadOptions,
  RenderOptions,
  RenderResult,
  SheetInfo,
  ThroughlineState,
  WorkbookSource,
  WorkbookTarget,
} from '../core/ports';
import type { RawTable } from '../core/types';
import { DEFAULT_BLOCK_BYTES, type ExcelAdapterOptions, type ExcelApi } from './api';
import { type SizeHint, editedOwnedSheetsIn, listSheetsIn, readSheetIn, readStateIn } from './read';
import { renderIn } from './render';
import { setAdoptCellIn } from './adopt';

export type { ExcelApi, ExcelAdapterOptions } from './api';
export { charsToPoints } from './pieces';

export interface ExcelAdapter extends WorkbookSource, WorkbookTarget {
  editedOwnedSheets(state: ThroughlineState): Promise<string[]>;
  /** Y (or blank) in a goal's "Adopt" cell of a Suggested Goals sheet; the address, or null. */
  setAdoptCell(sheet: string, goalId: string, adopted: boolean): Promise<string | null>;
}

function globalExcel(): ExcelApi {
  const excel = (globalThis as { Excel?: ExcelApi }).Excel;
  if (!excel)
    throw new Error(
      'Office.js is not loaded: createExcelAdapter needs the global Excel (run inside Excel) or an Excel namespace passed in',
    );
  return excel;
}

export function createExcelAdapter(
  excel?: ExcelApi,
  options: ExcelAdapterOptions = {},
): ExcelAdapter {
  const api = () => excel ?? globalExcel();
  const blockBytes = options.blockBytes ?? DEFAULT_BLOCK_BYTES;
  if (!(blockBytes >= 1000))
    throw new Error(`createExcelAdapter requires blockBytes of at least 1000, got ${blockBytes}`);
  const now = options.now ?? (() => new Date());
  const runId = options.runId ?? (() => Math.random().toString(36).slice(2, 8));
  // Used-range sizes from the last listSheets: readSheet sizes its first block from them and
  // reads it with the used range (one sync fewer); they are never taken for the data itself.
  const sizes = new Map<string, SizeHint>();
  return {
    listSheets: async (): Promise<SheetInfo[]> => {
      const sheets = await api().run((context) => listSheetsIn(context));
      sizes.clear();
      for (const s of sheets) sizes.set(s.name, s);
      return sheets;
    },
    readSheet: (name: string, readOptions?: ReadOptions): Promise<RawTable> =>
      api().run((context) => readSheetIn(context, name, blockBytes, readOptions, sizes.get(name))),
    readState: (): Promise<ThroughlineState | null> =>
      api().run((context) => readStateIn(context, blockBytes)),
    editedOwnedSheets: (state: ThroughlineState): Promise<string[]> =>
      api().run((context) => editedOwnedSheetsIn(context, state, blockBytes)),
    setAdoptCell: (sheet: string, goalId: string, adopted: boolean): Promise<string | null> =>
      api().run((context) => setAdoptCellIn(context, sheet, goalId, adopted, blockBytes)),
    render: (plans: SheetPlan[], renderOptions: RenderOptions): Promise<RenderResult> =>
      api().run((context) =>
        renderIn(context, plans, renderOptions, {
          blockBytes,
          now,
          runId,
          maxRows: options.maxRows,
        }),
      ),
  };
}
