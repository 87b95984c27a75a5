/**
 * Small view pieces the steps share: notes, buttons that run a step or open a sheet, and the
 * Fluent drop-down and number field of the mapping. DOM only; what they do is a handler.
 */
import { button, el } from '../dom';
import { openSheet, run, type PaneContext, type StepRun } from '../handlers';

/** The step's one-line description. */
export function intro(text: string): HTMLElement {
  return el('p', { class: 'pane__intro', text });
}

/** What a step shows when it has nothing yet. */
export function emptyNote(text: string): HTMLElement {
  return el('p', { class: 'pane__empty', text });
}

/** "Run this step": writes the step's sheets (disabled while a run is going). */
export function runStepButton(
  ctx: PaneContext,
  step: StepRun,
  text = 'Run this step',
): HTMLElement {
  return button(text, () => void run(ctx, step), {
    'data-run': step.id,
    'data-key': `run-${step.id}`,
  });
}

/** "Open: <sheet>" for an output sheet this session knows; null when there is none yet. */
export function openButton(ctx: PaneContext, key: string, text: string): HTMLElement | null {
  const name = ctx.store.get().sheetNames.get(key);
  if (!name) return null;
  return button(`${text}: ${name}`, () => void openSheet(ctx, name), { 'data-key': `open-${key}` });
}

/** A row of buttons (nulls left out). */
export function actions(...items: (HTMLElement | null)[]): HTMLElement {
  return el('div', { class: 'pane__actions' }, items);
}

/** A labelled Fluent drop-down; onChange hears a new value only. */
export function select(
  label: string,
  options: { value: string; text: string }[],
  selected: string,
  onChange: (value: string) => void,
  key: string,
): HTMLElement {
  const s = el('fluent-select', {
    attrs: { 'aria-label': label, 'data-key': key, title: label },
  });
  for (const o of options) {
    s.append(
      el('fluent-option', {
        text: o.text,
        attrs: { value: o.value, selected: o.value === selected },
      }),
    );
  }
  s.addEventListener('change', () => {
    const value = (s as unknown as { value: string }).value;
    if (value !== selected) onChange(value);
  });
  return s;
}

/** A labelled Fluent text field for a number; onChange hears the text on change. */
export function numberField(
  label: string,
  value: number | null | undefined,
  key: string,
  onChange: (text: string) => void,
): HTMLElement {
  const input = el('fluent-text-field', {
    text: label,
    attrs: {
      value: value === null || value === undefined ? '' : String(value),
      'data-key': key,
      inputmode: 'decimal',
    },
  });
  input.addEventListener('change', () => onChange((input as unknown as { value: string }).value));
  return input;
}
