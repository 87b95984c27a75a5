/**
 * The pane's "Share a slice" workbook, made in memory without Node (the pane's worker runs it):
 * the slice's plans and the state sheet, as the command line's `--slice` writes them (no input
 * sheet: they hold everyone's records). exceljs writes the frame, xlsx-parts.ts adds our sheet
 * data, tables, links and charts, and fflate zips it (the command line: `ZipStreamWriter` into a file).
 */
import ExcelJS from 'exceljs';
import type { SheetPlan } from '../../../core/plans/types';
import type { ThroughlineState } from '../../../core/ports';
import { FflateZipSink, unzipParts } from '../../zip/fflate-sink';
import { planBook } from './plan-book';
import { writeWorkbookParts } from './xlsx-parts';

/** The .xlsx bytes of a workbook holding only `plans` (and the state sheet). */
export async function planOnlyXlsx(
  plans: SheetPlan[],
  state: ThroughlineState,
  now: Date,
): Promise<Uint8Array> {
  const { workbook, extras } = planBook(new ExcelJS.Workbook(), plans, state, now);
  // exceljs dates the document properties; the slice's are the run's time, not the clock's.
  workbook.created = now;
  workbook.modified = now;
  const frame = new Uint8Array(await workbook.xlsx.writeBuffer());
  const zip = new FflateZipSink();
  await writeWorkbookParts(unzipParts(frame), extras, zip);
  return zip.finish();
}
