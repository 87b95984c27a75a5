/**
 * Where a slice workbook goes (handlers.ts `ShareDeps`), on Office.js: Excel.createWorkbook where
 * this Excel has it (ExcelApi 1.8), else a download of the bytes through a Blob link. Nothing
 * leaves the computer either way. Given the Excel and Office objects, so tests hand it the
 * simulator's.
 */
import type { ShareDeps } from './handlers';

/** The parts of Office.js used here. */
export interface ShareHost {
  excel: { createWorkbook?: (base64?: string) => Promise<void> };
  office: {
    context?: { requirements?: { isSetSupported(name: string, minVersion?: string): boolean } };
  };
  download(bytes: Uint8Array, fileName: string): void;
  /** The worker's slice (analysis.ts startSlice; tests run it in process). */
  startSlice: ShareDeps['startSlice'];
}

export function officeShare(host: ShareHost): ShareDeps {
  return {
    startSlice: host.startSlice,
    canOpenWorkbook: () => {
      try {
        return (
          host.office.context?.requirements?.isSetSupported('ExcelApi', '1.8') === true &&
          typeof host.excel.createWorkbook === 'function'
        );
      } catch {
        return false;
      }
    },
    openWorkbook: (base64) => host.excel.createWorkbook!(base64),
    download: host.download,
  };
}

/** The bytes offered as a file to save: a Blob link clicked, then let go of. */
export function blobDownload(bytes: Uint8Array, fileName: string): void {
  const url = URL.createObjectURL(
    new Blob([bytes as BlobPart], {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
