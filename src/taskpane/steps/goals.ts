/**
 * The Goals step: one card per suggested goal, best first — who (team, school or district),
 * the measure and group, baseline → target, the growth check, the statement (editable) and why,
 * and Adopt as a toggle that marks the goal's "Adopt" cell in the Suggested Goals sheet.
 */
import { suggestionKey } from '../../core/goals/adoption-key';
import type { GoalSuggestion } from '../../core/report';
import { button, el } from '../dom';
import {
  currentScope,
  editGoal,
  fillTemplate,
  goalChoice,
  toggleAdopt,
  type PaneContext,
} from '../handlers';
import { goalsInScope } from '../scope';
import { goalCardFacts, rankedGoals, STEP_SHEET_KEYS } from '../logic';
import { actions, emptyNote, intro, openButton, runStepButton } from '../views/controls';
import type { PaneStep } from './types';

export const goalsStep: PaneStep = {
  id: 'goals',
  label: 'Goals',
  sheetKeys: STEP_SHEET_KEYS.goals,
  view: goalsView,
};

function goalsView(ctx: PaneContext): HTMLElement[] {
  const s = ctx.store.get();
  const a = s.analysis;
  const out = [
    intro('Goals suggested from the data, greatest need first. Adopt the ones you keep.'),
  ];
  const scope = currentScope(s);
  const goals = a ? rankedGoals(goalsInScope(a.report.goals, scope)) : [];
  if (!goals.length)
    out.push(
      emptyNote(
        !a
          ? 'No goals suggested yet. Run this step to suggest goals.'
          : scope
            ? `No goal is suggested for ${scope.name}.`
            : 'No goals suggested yet.',
      ),
    );
  const templateSheet =
    s.config?.template?.sheet ?? a?.sheets.find((x) => x.kind === 'template')?.sheet ?? null;
  if (goals.length) {
    const adopted = goals.filter((g) => goalChoice(s, g).adopted).length;
    out.push(
      el('p', {
        class: 'pane__meta',
        text: `${goals.length} goal${goals.length === 1 ? '' : 's'} suggested; ${adopted} adopted.`,
      }),
      el(
        'ol',
        { class: 'pane__goals', attrs: { 'aria-label': 'Suggested goals' } },
        goals.map((g) => goalCard(ctx, g, templateSheet)),
      ),
    );
  }
  out.push(actions(runStepButton(ctx, goalsStep), openButton(ctx, 'suggested-goals', 'Open')));
  return out;
}

/** Adopt as a toggle: pressed when adopted; marks the goal's Adopt cell (handlers.toggleAdopt). */
function adoptToggle(ctx: PaneContext, g: GoalSuggestion, adopted: boolean, titleId: string) {
  return button(adopted ? 'Adopted' : 'Adopt', () => void toggleAdopt(ctx, g), {
    'aria-pressed': adopted ? 'true' : 'false',
    'aria-describedby': titleId,
    'data-key': `adopt-${g.id}`,
    class: 'pane__adopt',
    appearance: adopted ? 'accent' : 'outline',
  });
}

/** The goal's wording, editable; kept for the next run. */
function goalEditor(ctx: PaneContext, g: GoalSuggestion, statement: string): HTMLElement {
  const edit = el('fluent-text-area', {
    text: 'Edit the goal',
    attrs: { value: statement, resize: 'vertical', 'data-key': `edit-${g.id}` },
  });
  edit.addEventListener('change', () =>
    editGoal(ctx, g, (edit as unknown as { value: string }).value),
  );
  return edit;
}

function goalCard(ctx: PaneContext, g: GoalSuggestion, templateSheet: string | null): HTMLElement {
  const { adopted, statement } = goalChoice(ctx.store.get(), g);
  const edited = ctx.store.get().choices.get(suggestionKey(g))?.statement != null;
  const facts = goalCardFacts(g);
  const titleId = `goal-${g.id}-title`;
  const who = el('h3', {
    class: 'pane__goal-who',
    attrs: { id: titleId },
    text: `${g.id} · ${facts.who}`,
  });
  const check = facts.check
    ? el('p', { class: `pane__check pane__check--${facts.check.tone}`, text: facts.check.text })
    : null;
  const template = templateSheet
    ? actions(
        button('Fill the template', () => void fillTemplate(ctx, goalsStep, templateSheet, g.id), {
          'data-run': 'goals',
          'data-key': `template-${g.id}`,
        }),
      )
    : null;
  return el(
    'li',
    {
      class: `pane__goal${adopted ? ' pane__goal--adopted' : ''}`,
      attrs: { 'aria-labelledby': titleId, 'data-goal': suggestionKey(g) },
    },
    [
      el('div', { class: 'pane__goal-head' }, [who, adoptToggle(ctx, g, adopted, titleId)]),
      el('p', { class: 'pane__goal-what', text: facts.what }),
      el('p', { class: 'pane__goal-figures' }, [
        el('span', { class: 'pane__goal-from', text: facts.baseline }),
        el('span', { class: 'pane__goal-arrow', text: ' → ', attrs: { 'aria-label': 'to' } }),
        el('strong', { class: 'pane__goal-to', text: facts.target }),
        el('span', { class: 'pane__goal-metric', text: ` ${facts.metric}` }),
      ]),
      check,
      el('p', { class: 'pane__goal-statement', text: statement }),
      el('details', { class: 'pane__why' }, [
        el('summary', { text: 'Why this goal' }),
        el('p', { class: 'pane__meta', text: g.rationale }),
      ]),
      // Open once the wording was edited here, so the edit (and the focus) stays in view.
      el('details', { class: 'pane__why', attrs: { open: edited } }, [
        el('summary', { text: 'Edit the wording' }),
        goalEditor(ctx, g, statement),
      ]),
      template,
    ],
  );
}
