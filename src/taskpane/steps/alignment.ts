/** The Alignment step: the coherence figures and the alignment map in miniature. */
import { el } from '../dom';
import { currentScope, type PaneContext } from '../handlers';
import { alignmentInScope, goalsInScope } from '../scope';
import { alignmentSummary, alignmentTree, STEP_SHEET_KEYS } from '../logic';
import { alignmentMap } from '../views/charts';
import { actions, emptyNote, intro, openButton, runStepButton } from '../views/controls';
import type { PaneStep } from './types';

export const alignmentStep: PaneStep = {
  id: 'alignment',
  label: 'Alignment',
  sheetKeys: STEP_SHEET_KEYS.alignment,
  view: alignmentView,
};

function alignmentView(ctx: PaneContext): HTMLElement[] {
  const report = ctx.store.get().analysis?.report;
  const scope = currentScope(ctx.store.get());
  const alignment = report
    ? alignmentInScope(report.alignment, scope, goalsInScope(report.goals, scope))
    : null;
  const out = [intro('How the goals in the workbook connect, from district to team.')];
  const lines = alignmentSummary(alignment);
  if (!lines.length) out.push(emptyNote('No alignment findings yet.'));
  else {
    out.push(
      el(
        'ul',
        { class: 'pane__list' },
        lines.map((text) => el('li', { text })),
      ),
    );
    out.push(alignmentMap(alignmentTree(alignment)));
  }
  out.push(
    actions(
      runStepButton(ctx, alignmentStep),
      openButton(ctx, 'alignment-map', 'Open the map'),
      openButton(ctx, 'alignment-matrix', 'Open the matrix'),
    ),
  );
  return out;
}
