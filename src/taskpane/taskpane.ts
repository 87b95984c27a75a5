/**
 * The task pane's entry point. Outside Excel it says what the page is (shell.ts); inside Excel
 * it starts the pane (app.ts) with the Office.js adapter and the analysis worker.
 */
import { createExcelAdapter, type ExcelApi } from '../excel';
import { startAnalysis, startSlice } from './analysis';
import { blobDownload, officeShare, type ShareHost } from './share-host';
import { startPane } from './app';
import { applyOfficeTheme, registerFluent } from './fluent';
import { renderShell } from './shell';

/** Office's theme colours, when this Office gives them (some platforms do not). */
function officeTheme(): Office.OfficeTheme | undefined {
  try {
    return Office.context?.officeTheme ?? undefined;
  } catch {
    return undefined;
  }
}

/** Starts the full pane inside Excel. */
function startInExcel(root: HTMLElement): void {
  registerFluent();
  applyOfficeTheme(officeTheme());
  // The global Excel is looked up at each call: office.js may define it after this module runs.
  const api: ExcelApi = { run: (batch) => Excel.run(batch) };
  startPane(root, {
    excel: createExcelAdapter(api),
    api,
    now: () => new Date(),
    startAnalysis,
    // The globals are looked up at each call, as for Excel.run above.
    share: officeShare({
      get excel() {
        return Excel as unknown as ShareHost['excel'];
      },
      get office() {
        return Office as unknown as ShareHost['office'];
      },
      download: blobDownload,
      startSlice,
    }),
  });
}

// office.js is loaded by a <script> tag before this bundle. Outside any Office host it still
// resolves onReady, with host null — the signal for "not in Excel".
Office.onReady()
  .then((info) => {
    const root = document.getElementById('app');
    if (!root) return;
    if (String(info.host) === 'Excel') startInExcel(root);
    else renderShell(root, info);
  })
  .catch(() => {
    // onReady only rejects when office.js itself failed to start; say so instead of throwing.
    const status = document.getElementById('status');
    if (status) status.textContent = 'Office could not start this add-in. Reload the pane.';
  });
