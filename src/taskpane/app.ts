/**
 * The task pane inside Excel: the steps (steps/index.ts: Data → Goals → Alignment → Impact → Progress), one
 * "Analyse workbook" action that runs all of them (with progress and cancel), and a "Run this
 * step" per step.
 *
 * Three parts: the state store (store.ts), the handlers that act on Excel and change the store
 * (handlers.ts), and the views here and in steps/ that draw the store. Every piece of workbook
 * text is put in with textContent (dom.ts).
 */
import { button, el, toggleAttr } from './dom';
import {
  cancelRun,
  chooseName,
  chooseRole,
  run,
  shareSlice,
  showStep,
  type PaneContext,
  type PaneDeps,
} from './handlers';
import {
  nameLabel,
  paneRoles,
  roleLabel,
  scopeLine,
  scopeNames,
  validName,
  type PaneRole,
} from './scope';
import { shareBlocked } from './share';
import { select } from './views/controls';
import { PANE_STEPS, type PaneStep } from './steps';
import { createStore, type PaneState, type Store } from './store';

export type { PaneDeps } from './handlers';

/** The parts of the pane that stay while it runs; the panel's content is redrawn. */
interface Shell {
  status: HTMLElement;
  analyse: HTMLElement;
  cancel: HTMLElement;
  progress: HTMLElement;
  progressText: HTMLElement;
  progressBox: HTMLElement;
  alert: HTMLElement;
  stepButtons: Map<string, HTMLElement>;
  panelTitle: HTMLElement;
  panelBody: HTMLElement;
  summaryText: HTMLElement;
  roleBar: HTMLElement;
}

/** The list of steps, a button each (numbered, in order). */
function stepNav(ctx: PaneContext, stepButtons: Map<string, HTMLElement>): HTMLElement {
  const items = PANE_STEPS.map((s, i) => {
    const b = button(`${i + 1}. ${s.label}`, () => openStep(ctx, s.id), {
      appearance: 'stealth',
      'data-step': s.id,
    });
    stepButtons.set(s.id, b);
    return el('li', {}, [b]);
  });
  return el('nav', { attrs: { 'aria-label': 'Steps' }, class: 'pane__steps' }, [
    el('ol', {}, items),
  ]);
}

function buildShell(root: HTMLElement, ctx: PaneContext): Shell {
  const status =
    root.querySelector<HTMLElement>('[role="status"]') ??
    root.appendChild(el('p', { attrs: { role: 'status' } }));
  const analyse = button('Analyse workbook', () => void run(ctx, 'all'), {
    appearance: 'accent',
    class: 'pane__analyse',
  });
  const cancel = button('Cancel', () => cancelRun(ctx), { disabled: true });
  const progress = el('fluent-progress', {
    attrs: { 'aria-label': 'Progress of the run', min: '0', max: '100', value: '0' },
  });
  const progressText = el('p', { class: 'pane__progress-text' });
  const progressBox = el('div', { class: 'pane__progress', attrs: { hidden: true } }, [
    progress,
    progressText,
  ]);
  const alert = el('div', { class: 'pane__alert', attrs: { role: 'alert' } });
  const stepButtons = new Map<string, HTMLElement>();
  const nav = stepNav(ctx, stepButtons);
  const panelTitle = el('h2', {
    attrs: { id: 'panel-title', tabindex: '-1' },
    class: 'pane__panel-title',
  });
  const panelBody = el('div', { class: 'pane__panel-body' });
  const roleBar = el('section', {
    class: 'pane__role',
    attrs: { 'aria-label': 'Whose view' },
  });
  const summaryText = el('p', { class: 'pane__summary-text', text: 'Nothing written yet.' });
  root.append(
    el('div', { class: 'pane__run' }, [analyse, cancel]),
    progressBox,
    alert,
    roleBar,
    nav,
    el('section', { class: 'pane__panel', attrs: { 'aria-labelledby': 'panel-title' } }, [
      panelTitle,
      panelBody,
    ]),
    el('section', { class: 'pane__summary', attrs: { 'aria-labelledby': 'summary-title' } }, [
      el('h2', { text: 'Written to the workbook', attrs: { id: 'summary-title' } }),
      summaryText,
    ]),
    el('p', {
      class: 'pane__privacy',
      text: 'Everything is worked out here in the pane: no data leaves this computer.',
    }),
  );
  return {
    status,
    analyse,
    cancel,
    progress,
    progressText,
    progressBox,
    alert,
    stepButtons,
    panelTitle,
    panelBody,
    summaryText,
    roleBar,
  };
}

/**
 * The role and the name at the top: whose view every step shows (the system leader: the whole
 * district; no name to choose). Keeps the focus on the picker that had it.
 */
function drawRoleBar(shell: Shell, ctx: PaneContext, s: PaneState): void {
  const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.key;
  const views = s.analysis?.report.views;
  const name = validName(views, s.role, s.scopeName);
  const role = { names: nameLabel(views, s.role) };
  const pickers = [
    select(
      'Role',
      paneRoles(views).map((id) => ({ value: id, text: roleLabel(views, id) })),
      s.role,
      (v) => chooseRole(ctx, v as PaneRole),
      'scope-role',
    ),
  ];
  const names = scopeNames(views, s.role);
  if (role.names && names.length)
    pickers.push(
      select(
        role.names,
        names.map((n) => ({ value: n, text: n })),
        name ?? '',
        (v) => chooseName(ctx, v),
        'scope-name',
      ),
    );
  const line =
    role.names && !names.length
      ? `Analyse the workbook to choose a${role.names === 'Educator' ? 'n' : ''} ${role.names.toLowerCase()}.`
      : scopeLine(s.role, name, views);
  shell.roleBar.replaceChildren(
    el('div', { class: 'pane__role-pickers' }, pickers),
    el('p', { class: 'pane__role-line', text: line }),
    shareRow(ctx, s),
  );
  if (focusKey)
    shell.roleBar.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
}

/**
 * "Share a slice": the chosen school's, team's or educator's workbook; disabled, with the reason
 * beside it, for the System leader, before an analysis, or while the pane is busy.
 */
function shareRow(ctx: PaneContext, s: PaneState): HTMLElement {
  const blocked = shareBlocked(s.analysis !== null, s.analysis?.report.views, s.role, s.scopeName);
  const share = button('Share a slice', () => void shareSlice(ctx), {
    disabled: blocked !== null || s.busy,
    'data-key': 'share-slice',
    'aria-describedby': 'share-slice-why',
  });
  const why =
    blocked ?? 'A new workbook holding only these records, goals and figures, for a team meeting.';
  return el('div', { class: 'pane__share' }, [
    share,
    el('p', { class: 'pane__share-why', text: why, attrs: { id: 'share-slice-why' } }),
  ]);
}

/** Shows a step and moves the focus to its heading. */
function openStep(ctx: PaneContext, id: string): void {
  showStep(ctx, id);
  document.getElementById('panel-title')?.focus();
}

/** The parts of the state a panel is drawn from: a change to any redraws the panel. */
function panelChanged(s: PaneState, p: PaneState): boolean {
  return (
    s.step !== p.step ||
    s.analysis !== p.analysis ||
    s.config !== p.config ||
    s.edited !== p.edited ||
    s.choices !== p.choices ||
    s.sheetNames !== p.sheetNames ||
    s.role !== p.role ||
    s.scopeName !== p.scopeName ||
    (p.busy && !s.busy)
  );
}

/** Draws the step's panel, keeping the focus on the control that had it (by data-key). */
function drawPanel(shell: Shell, ctx: PaneContext, s: PaneState): void {
  const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.key;
  for (const [id, b] of shell.stepButtons) {
    if (id === s.step) b.setAttribute('aria-current', 'step');
    else b.removeAttribute('aria-current');
  }
  const step: PaneStep = PANE_STEPS.find((x) => x.id === s.step) ?? PANE_STEPS[0];
  shell.panelTitle.textContent = step.label;
  shell.panelBody.replaceChildren(...step.view(ctx));
  for (const b of shell.panelBody.querySelectorAll('[data-run]')) toggleAttr(b, 'disabled', s.busy);
  if (focusKey)
    shell.panelBody.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
}

/** Draws what changed: the run controls, progress, status, alert, summary and the panel. */
function draw(shell: Shell, ctx: PaneContext, s: PaneState, p: PaneState | null): void {
  if (!p || s.busy !== p.busy) {
    toggleAttr(shell.analyse, 'disabled', s.busy);
    toggleAttr(shell.cancel, 'disabled', !s.busy);
    shell.progressBox.hidden = !s.busy;
    for (const b of shell.panelBody.querySelectorAll('[data-run]'))
      toggleAttr(b, 'disabled', s.busy);
  }
  if (s.progress && s.progress !== p?.progress) {
    shell.progress.setAttribute('value', String(s.progress.percent));
    shell.progressText.textContent = s.progress.stage;
  }
  // The live region and the alert are set only when they change (a screen reader hears each once).
  if (!p || s.status !== p.status) shell.status.textContent = s.status;
  if (!p || s.alert !== p.alert) shell.alert.textContent = s.alert;
  if (s.summary !== (p?.summary ?? null) && s.summary) shell.summaryText.textContent = s.summary;
  if (
    !p ||
    s.role !== p.role ||
    s.scopeName !== p.scopeName ||
    s.analysis !== p.analysis ||
    s.busy !== p.busy
  )
    drawRoleBar(shell, ctx, s);
  if (!p || panelChanged(s, p)) drawPanel(shell, ctx, s);
}

/**
 * Builds the pane into root (which already holds the h1 and the status region) and wires it.
 *
 * @param root the <main> element
 * @param deps Excel, clock and worker
 * @returns the store (the pane's state, for a caller that wants to watch it)
 */
export function startPane(root: HTMLElement, deps: PaneDeps): Store {
  const store = createStore();
  const ctx: PaneContext = { store, deps };
  const shell = buildShell(root, ctx);
  store.subscribe((s, p) => draw(shell, ctx, s, p));
  draw(shell, ctx, store.get(), null);
  return store;
}
