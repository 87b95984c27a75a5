/**
 * "Share a slice" in the worker: the analysis cut to one team, school or educator (core's
 * slice, as the command line's `--slice`), written as a new workbook's .xlsx bytes. The
 * workbook writer (exceljs, fflate) is loaded only when a slice is asked for, in a chunk of its
 * own, so an ordinary analysis does not load it.
 */
import { analyze } from '../core/analyze';
import type { ProgressListener } from '../core/ports';
import { analyzeInput } from './run-analysis';
import type { SliceRequest } from './worker-protocol';

export async function buildSliceWorkbook(
  request: Omit<SliceRequest, 'type'>,
  progress?: ProgressListener,
): Promise<Uint8Array> {
  const input = analyzeInput(request, progress);
  const out = analyze({ ...input, slice: request.slice });
  progress?.('Building the workbook', 0, 1);
  const { planOnlyXlsx } = await import('../files/xlsx/write/slice-xlsx');
  const bytes = await planOnlyXlsx(
    out.plans,
    { version: 1, sheets: [], config: out.report.config },
    input.now,
  );
  progress?.('Building the workbook', 1, 1);
  return bytes;
}
