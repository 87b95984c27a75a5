/**
 * The task pane's entry point. For now a shell: it tells a person who opened the page outside
 * Excel what it is, and inside Excel shows that the pane is ready. The full UI replaces
 * renderShell (see src/taskpane/shell.ts); the entry point stays this small.
 */
import { renderShell } from './shell';

// office.js is loaded by a <script> tag before this bundle. Outside any Office host it still
// resolves onReady, with host null — the signal for "not in Excel".
Office.onReady((info) => {
  const root = document.getElementById('app');
  if (root) renderShell(root, info);
}).catch(() => {
  // onReady only rejects when office.js itself failed to start; say so instead of throwing.
  const status = document.getElementById('status');
  if (status) status.textContent = 'Office could not start this add-in. Reload the pane.';
});
