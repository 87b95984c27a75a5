/**
 * The placeholder task pane: what a person sees until the full UI lands. Kept in one function
 * so the UI can replace it whole. It writes with textContent only, never innerHTML, so nothing
 * read from a workbook can ever become markup here.
 */

/** The message shown when the page is opened anywhere but Excel. */
export const NOT_IN_EXCEL_MESSAGE =
  'Open Throughline in Excel: this page is an Excel add-in. In Excel, choose Home › Throughline.';

/** What renderShell needs of Office.onReady's result (host is null outside Office). */
export interface ShellHostInfo {
  host: Office.HostType | null;
}

/**
 * Renders the shell into root: the "not in Excel" message outside Excel, or "Ready" and a
 * disabled "Analyse workbook" button inside it. Never throws for a missing status region:
 * it creates one.
 */
export function renderShell(root: HTMLElement, info: ShellHostInfo): void {
  let status = root.querySelector<HTMLElement>('[role="status"]');
  if (!status) {
    status = document.createElement('p');
    status.setAttribute('role', 'status');
    status.className = 'pane__status';
    root.append(status);
  }
  // Office.HostType.Excel is the string "Excel"; comparing strings keeps renderShell usable
  // (and testable) where the Office global does not exist.
  if (String(info.host) !== 'Excel') {
    status.textContent = NOT_IN_EXCEL_MESSAGE;
    return;
  }
  status.textContent = 'Ready';
  const analyse = document.createElement('button');
  analyse.type = 'button';
  analyse.className = 'pane__action';
  analyse.disabled = true;
  analyse.textContent = 'Analyse workbook (coming soon)';
  root.append(analyse);
}
