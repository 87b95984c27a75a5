/**
 * The Impact step: the headline for all teams, bars of change per team for each measure, and
 * each team's figures folded away under them.
 */
import { el } from '../dom';
import { currentScope, type PaneContext } from '../handlers';
import { impactInScope } from '../scope';
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
  const scope = currentScope(ctx.store.get());
  const out = [
    intro(
      scope?.role === 'educator'
        ? `Change from before to after in ${scope.name}'s team (figures are per team).`
        : 'Change from before to after, per team.',
    ),
  ];
  const rows = a ? impactInScope(a.report.impact, scope) : [];
  const teams = a ? impactHeadlines(rows, a.report.config) : [];
  if (!teams.length)
    out.push(
      emptyNote(
        a && scope ? `No impact figures for ${scope.name}'s team.` : 'No impact figures yet.',
      ),
    );
  for (const t of teams.filter((x) => x.team === 'All')) out.push(...teamBlock(t));
  const charts = a ? changeCharts(rows, a.report.config) : [];
  for (const c of charts) out.push(changeChart(c, 'in score points (after − before)'));
  const others = teams.filter((x) => x.team !== 'All');
  // A scope's few teams are shown open; the district's many folded under the charts.
  if (scope) for (const t of others) out.push(...teamBlock(t));
  else if (others.length)
    out.push(
      el('details', { class: 'pane__why' }, [
        el('summary', { text: 'Figures for each team' }),
        ...others.flatMap(teamBlock),
      ]),
    );
  out.push(actions(runStepButton(ctx, impactStep), openButton(ctx, 'impact', 'Open')));
  return out;
}
