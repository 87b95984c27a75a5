/**
 * The Progress step (issue 19): per adopted goal its status (on track, watch, off track; at the
 * last window met or not met) with the rule in words, the value now against the path, a small
 * trajectory picture, who is behind and the adjust sentences. The figures are the report's
 * `progress` section (src/core/progress); the Progress sheet holds the same as formulas.
 */
import { el } from '../dom';
import type { PaneContext } from '../handlers';
import { progressCards, progressCounts, type ProgressCard } from '../progress-logic';
import { actions, emptyNote, intro, openButton, runStepButton } from '../views/controls';
import { trajectoryFigure } from '../views/trajectory';
import type { PaneStep } from './types';

export const progressStep: PaneStep = {
  id: 'progress',
  label: 'Progress',
  sheetKeys: ['progress'],
  view: progressView,
};

function list(items: string[], label: string): HTMLElement {
  return el(
    'ul',
    { class: 'pane__list', attrs: { 'aria-label': label } },
    items.map((text) => el('li', { text })),
  );
}

function card(c: ProgressCard): HTMLElement {
  const titleId = `progress-${c.id}-title`;
  const title = `${c.id} · ${c.who}`;
  const folded: HTMLElement[] = [];
  if (c.behind.length)
    folded.push(
      el('details', { class: 'pane__why' }, [
        el('summary', { text: 'Who is behind the path' }),
        list(c.behind, `Behind the path: ${c.id}`),
      ]),
    );
  return el(
    'li',
    {
      class: `pane__goal pane__progress-goal pane__progress-goal--${c.status.tone}`,
      attrs: { 'aria-labelledby': titleId, 'data-progress': c.id },
    },
    [
      el('div', { class: 'pane__goal-head' }, [
        el('h3', { class: 'pane__goal-who', attrs: { id: titleId }, text: title }),
        el('strong', {
          class: `pane__status-tag pane__status-tag--${c.status.tone}`,
          text: c.status.text,
        }),
      ]),
      el('p', { class: 'pane__goal-what', text: c.what }),
      el('p', { class: 'pane__progress-now', text: c.now }),
      el('p', { class: 'pane__meta pane__progress-rule', text: c.rule }),
      c.adopted ? el('p', { class: 'pane__meta', text: c.adopted }) : null,
      c.trajectory ? trajectoryFigure(c.trajectory, `${c.id}, ${c.what}`) : null,
      c.adjust.length
        ? el('div', { class: 'pane__progress-adjust' }, [
            el('h4', { text: 'What to change' }),
            list(c.adjust, `What to change: ${c.id}`),
          ])
        : null,
      ...folded,
      el('details', { class: 'pane__why' }, [
        el('summary', { text: 'The goal' }),
        el('p', { class: 'pane__meta', text: c.statement }),
      ]),
    ],
  );
}

function progressView(ctx: PaneContext): HTMLElement[] {
  const a = ctx.store.get().analysis;
  const out = [
    intro('Where each adopted goal stands at the latest window, against its path to the target.'),
  ];
  const progress = a?.report.progress ?? [];
  if (!progress.length)
    out.push(
      emptyNote(
        'No goal is tracked yet. Adopt goals on the Goals step, then run again: each window of the data is checked against the path to the target.',
      ),
    );
  else
    out.push(
      el('p', { class: 'pane__meta', text: progressCounts(progress) }),
      el(
        'ol',
        { class: 'pane__goals', attrs: { 'aria-label': 'Tracked goals' } },
        progressCards(progress).map(card),
      ),
    );
  out.push(actions(runStepButton(ctx, progressStep), openButton(ctx, 'progress', 'Open')));
  return out;
}
