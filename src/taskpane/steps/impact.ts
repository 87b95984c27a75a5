/** The Impact step: bars of change per team for each measure, then the headline figures. */
import { el } from '../dom';
import type { PaneContext } from '../handlers';
import { changeCharts, impactHeadlines, STEP_SHEET_KEYS } from '../logic';
import { changeChart } from '../views/charts';
import { actions, emptyNote, intro, openButton, runStepButton } from '../views/controls';
import type { PaneStep } from './types';

export const impactStep: PaneStep = {
  id: 'impact',
  label: 'Impact',
  sheetKeys: STEP_SHEET_KEYS.impact,
  view: impactView,
};

function impactView(ctx: PaneContext): HTMLElement[] {
  const a = ctx.store.get().analysis;
  const out = [intro('Change from before to after, per team.')];
  const teams = a ? impactHeadlines(a.report.impact, a.report.config) : [];
  if (!teams.length) out.push(emptyNote('No impact figures yet.'));
  const charts = a ? changeCharts(a.report.impact, a.report.config) : [];
  for (const c of charts) out.push(changeChart(c, 'in score points (after − before)'));
  for (const t of teams) {
    out.push(el('h3', { text: t.team === 'All' ? 'All teams' : `Team ${t.team}` }));
    const items = t.lines.map((l) =>
      el('li', { text: `${l.population === 'educators' ? 'Educators' : 'Students'}, ${l.text}` }),
    );
    out.push(el('ul', { class: 'pane__list' }, items));
  }
  out.push(actions(runStepButton(ctx, impactStep), openButton(ctx, 'impact', 'Open')));
  return out;
}
