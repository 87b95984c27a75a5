/**
 * "Share a slice" on the Excel simulator: the pane's Office.js share (src/taskpane/share-host.ts)
 * given the simulator's Excel and Office, the slice built in this process as the worker builds
 * it (src/taskpane/slice-workbook.ts), and downloads recorded instead of saved.
 */
import type { ShareDeps } from '../../src/taskpane/handlers';
import { officeShare } from '../../src/taskpane/share-host';
import { buildSliceWorkbook } from '../../src/taskpane/slice-workbook';
import type { Simulator } from './excel-simulator';

export interface Download {
  bytes: Uint8Array;
  fileName: string;
}

export function simulatedShare(sim: Simulator, downloads: Download[] = []): ShareDeps {
  return officeShare({
    excel: sim.Excel,
    office: sim.Office,
    download: (bytes, fileName) => downloads.push({ bytes, fileName }),
    startSlice: (request, onProgress) => ({
      result: buildSliceWorkbook(request, onProgress),
      cancel: () => undefined,
    }),
  });
}
