/**
 * The Impact step: the headline for all teams, bars of change per team for each measure, and
 * each team's figures folded away under them.
 */
import { el } from '../dom';
import type { PaneContext } from '../handlers';
import { changeCharts, impactHeadlines, STEP_SHEET_KEYS, type TeamHeadlines } from '../logic';
import { changeChart } from '../views/charts';
import { actions, emptyNote, intro, openButton, runStepButton } from '../views/controls';
import type { PaneStep } from './types';

export const impactStep: PaneStep = {
  id: 'impact',
  label: 'Impact',
  sheetKeys: STEP_SHEET_KEYS.impact,
  view: impactView,
};

/** A team's heading and its headline lines. */
function teamBlock(t: TeamHeadlines): HTMLElement[] {
  const items = t.lines.map((l) =>
    el('li', { text: `${l.population === 'educators' ? 'Educators' : 'Students'}, ${l.text}` }),
  );
  return [
    el('h3', { text: t.team === 'All' ? 'All teams' : `Team ${t.team}` }),
    el('ul', { class: 'pane__list' }, items),
  ];
}

function impactView(ctx: PaneContext): HTMLElement[] {
  const a = ctx.store.get().analysis;
  const out = [intro('Change from before to after, per team.')];
  const teams = a ? impactHeadlines(a.report.impact, a.report.config) : [];
  if (!teams.length) out.push(emptyNote('No impact figures yet.'));
  for (const t of teams.filter((x) => x.team === 'All')) out.push(...teamBlock(t));
  const charts = a ? changeCharts(a.report.impact, a.report.config) : [];
  for (const c of charts) out.push(changeChart(c, 'in score points (after − before)'));
  const others = teams.filter((x) => x.team !== 'All');
  if (others.length)
    out.push(
      el('details', { class: 'pane__why' }, [
        el('summary', { text: 'Figures for each team' }),
        ...others.flatMap(teamBlock),
      ]),
    );
  out.push(actions(runStepButton(ctx, impactStep), openButton(ctx, 'impact', 'Open')));
  return out;
}
