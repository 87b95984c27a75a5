/**
 * The task pane inside Excel: Data → Goals → Alignment → Impact, one "Analyse workbook" action
 * that runs all of them (with progress and cancel), and a "Run this step" per step.
 *
 * Excel is read and written here, on the main thread (Office.js lives here); analyze() runs in
 * a Web Worker (analysis.ts). Every piece of workbook text is put in with textContent (dom.ts).
 */
import type { MappingConfig } from '../core/config';
import { CancelledError, NoDataError } from '../core/errors';
import { explainEmptyRun } from '../core/never-silent';
import type { SheetDetection } from '../core/intake';
import { suggestionKey, type AdoptionChoice } from '../core/goals/adoption-key';
import type { SheetPlan } from '../core/plans/types';
import type { CancelSignal, ThroughlineState } from '../core/ports';
import type { RawTable } from '../core/types';
import { adoptionSheets, keepEdited, STATE_SHEET, writtenSheets } from '../core/state';
import type { ExcelAdapter, ExcelApi } from '../excel';
import type { AnalysisResult, AnalysisRun } from './analysis';
import { button, el, toggleAttr } from './dom';
import {
  alignmentSummary,
  columnRole,
  describeError,
  impactHeadlines,
  issueAddress,
  issueText,
  MEASURE_FIELD_LABELS,
  percent,
  withAdoptions,
  rankedGoals,
  renderSummary,
  ROLE_LABELS,
  roleChoices,
  setColumnRole,
  setMeasureField,
  SHEET_KIND_LABELS,
  sheetConfig,
  STEPS,
  type EditableRole,
  type EditResult,
  type MeasureField,
  type StepId,
} from './logic';

/** What the pane needs from outside: Excel (adapter and raw API), a clock, the worker. */
export interface PaneDeps {
  excel: ExcelAdapter;
  api: ExcelApi;
  now: () => Date;
  startAnalysis: (
    request: Parameters<typeof import('./analysis').startAnalysis>[0],
    onProgress: (stage: string, done: number, total: number) => void,
  ) => AnalysisRun;
}

/** Most issues listed in the pane; the Data Quality sheet has them all. */
const ISSUES_SHOWN = 50;

interface Analysis extends AnalysisResult {
  tables: RawTable[];
  headerRows: Record<string, number>;
}

interface PaneState {
  step: StepId;
  busy: boolean;
  cancel: { cancelled: boolean; worker: AnalysisRun | null } | null;
  analysis: Analysis | null;
  /** The working mapping: the last run's, with the person's edits. */
  config: MappingConfig | null;
  edited: boolean;
  forceDetect: boolean;
  /** Output sheet key → name, of sheets this session wrote (or found written). */
  sheetNames: Map<string, string>;
  summary: string | null;
  /**
   * Adopt / edit choices made in this pane, by goal (suggestionKey: level, team, measure, group;
   * IDs follow the ranking and can change). Sent with every run; the run writes Y in "Adopt"
   * for each adopted goal, so the choice lasts in the workbook.
   */
  choices: Map<string, AdoptionChoice>;
}

/**
 * Builds the pane into root (which already holds the h1 and the status region) and wires it.
 *
 * @param root the <main> element
 * @param deps Excel, clock and worker
 */
export function startPane(root: HTMLElement, deps: PaneDeps): void {
  const state: PaneState = {
    step: 'data',
    busy: false,
    cancel: null,
    analysis: null,
    config: null,
    edited: false,
    forceDetect: false,
    sheetNames: new Map(),
    summary: null,
    choices: new Map(),
  };

  const status =
    root.querySelector<HTMLElement>('[role="status"]') ??
    root.appendChild(el('p', { attrs: { role: 'status' } }));
  status.textContent =
    'Ready. Choose "Analyse workbook" to read the workbook and write the results.';

  const analyse = button('Analyse workbook', () => void run('all'), {
    appearance: 'accent',
    class: 'pane__analyse',
  });
  analyse.classList.add('pane__analyse');
  const cancel = button('Cancel', () => cancelRun(), { disabled: true });
  const progress = el('fluent-progress', {
    attrs: { 'aria-label': 'Progress of the run', min: '0', max: '100', value: '0' },
  });
  const progressText = el('p', { class: 'pane__progress-text' });
  const progressBox = el('div', { class: 'pane__progress', attrs: { hidden: true } }, [
    progress,
    progressText,
  ]);
  const alert = el('div', { class: 'pane__alert', attrs: { role: 'alert' } });
  const stepButtons = new Map<StepId, HTMLElement>();
  const nav = el('nav', { attrs: { 'aria-label': 'Steps' }, class: 'pane__steps' }, [
    el(
      'ol',
      {},
      STEPS.map((s, i) => {
        const b = button(`${i + 1}. ${s.label}`, () => showStep(s.id), {
          appearance: 'stealth',
          'data-step': s.id,
        });
        stepButtons.set(s.id, b);
        return el('li', {}, [b]);
      }),
    ),
  ]);
  const panelTitle = el('h2', { attrs: { id: 'panel-title' }, class: 'pane__panel-title' });
  const panelBody = el('div', { class: 'pane__panel-body' });
  const panel = el(
    'section',
    { class: 'pane__panel', attrs: { 'aria-labelledby': 'panel-title' } },
    [panelTitle, panelBody],
  );
  const summaryText = el('p', { class: 'pane__summary-text', text: 'Nothing written yet.' });
  const summary = el(
    'section',
    { class: 'pane__summary', attrs: { 'aria-labelledby': 'summary-title' } },
    [el('h2', { text: 'Written to the workbook', attrs: { id: 'summary-title' } }), summaryText],
  );
  root.append(
    el('div', { class: 'pane__run' }, [analyse, cancel]),
    progressBox,
    alert,
    nav,
    panel,
    summary,
    el('p', {
      class: 'pane__privacy',
      text: 'Everything is worked out here in the pane: no data leaves this computer.',
    }),
  );

  // -------------------------------------------------------------------------------------------
  // Running

  function setBusy(busy: boolean): void {
    state.busy = busy;
    toggleAttr(analyse, 'disabled', busy);
    toggleAttr(cancel, 'disabled', !busy);
    progressBox.hidden = !busy;
    for (const b of panelBody.querySelectorAll('[data-run]')) toggleAttr(b, 'disabled', busy);
  }

  let lastStage = '';
  function showProgress(stage: string, percentDone: number): void {
    progress.setAttribute('value', String(Math.max(0, Math.min(100, Math.round(percentDone)))));
    progressText.textContent = stage;
    // The live region hears each new stage once, not every tick.
    if (stage !== lastStage) {
      lastStage = stage;
      status.textContent = `${stage}…`;
    }
  }

  function cancelRun(): void {
    if (!state.cancel) return;
    state.cancel.cancelled = true;
    state.cancel.worker?.cancel();
    showProgress('Cancelling', 100);
  }

  async function readWorkbook(signal: CancelSignal) {
    showProgress('Looking at the workbook', 2);
    const sheets = await deps.excel.listSheets();
    let saved: ThroughlineState | null = await deps.excel.readState();
    const everOwned = saved;
    let kept: string[] = [];
    if (saved) {
      // A sheet of ours that a person edited is theirs now: kept, and new results get new names.
      kept = await deps.excel.editedOwnedSheets(saved);
      saved = keepEdited(
        saved,
        kept,
        sheets.map((s) => s.name),
      );
    }
    // Every sheet an earlier run wrote, edited or not, is never data (as on the command line);
    // its Suggested Goals sheets are read for what a person typed in "Adopt".
    const owned = writtenSheets(everOwned);
    const toRead = sheets.filter((s) => s.name !== STATE_SHEET && !owned.has(s.name.toLowerCase()));
    const previousOutputs: RawTable[] = [];
    for (const name of adoptionSheets(everOwned)) {
      if (!sheets.some((x) => x.name === name)) continue;
      if (signal.cancelled) throw cancelledError();
      previousOutputs.push(await deps.excel.readSheet(name, { cancel: signal }));
    }
    const tables: RawTable[] = [];
    for (const [i, s] of toRead.entries()) {
      if (signal.cancelled) throw cancelledError();
      showProgress(
        `Reading "${s.name}" (${i + 1} of ${toRead.length})`,
        5 + (25 * i) / Math.max(1, toRead.length),
      );
      tables.push(await deps.excel.readSheet(s.name, { cancel: signal }));
    }
    for (const s of saved?.sheets ?? []) state.sheetNames.set(s.key, s.name);
    return { sheets, saved, kept, tables, previousOutputs };
  }

  async function run(step: StepId | 'all'): Promise<void> {
    if (state.busy) return;
    const signal: { cancelled: boolean; worker: AnalysisRun | null } = {
      cancelled: false,
      worker: null,
    };
    state.cancel = signal;
    alert.textContent = '';
    lastStage = '';
    setBusy(true);
    try {
      const { sheets, saved, kept, tables, previousOutputs } = await readWorkbook(signal);
      const config = state.forceDetect
        ? undefined
        : (state.config ?? ((saved?.config as MappingConfig | undefined) || undefined));
      if (signal.cancelled) throw cancelledError();
      showProgress('Analysing', 30);
      const worker = deps.startAnalysis(
        {
          tables,
          config,
          existingSheets: sheets.map((s) => s.name),
          state: saved,
          now: deps.now().toISOString(),
          previousOutputs,
          adoptions: [...state.choices.values()],
        },
        (stage, done, total) =>
          showProgress(`Analysing: ${stage}`, 30 + (30 * done) / Math.max(1, total)),
      );
      signal.worker = worker;
      const result = await worker.result;
      signal.worker = null;
      if (signal.cancelled) throw cancelledError();
      // A run that used nothing writes nothing: the Data (mapping) step opens with the reasons
      // the command line gives (core/never-silent.ts).
      const empty = explainEmptyRun({
        report: result.report,
        detection: { notes: result.notes, sheets: result.sheets },
      });
      if (empty) {
        state.config = result.report.config;
        state.step = 'data';
        throw new NoDataError(empty);
      }
      const plans: SheetPlan[] =
        step === 'all' ? result.plans : withAdoptions(result.plans, step, state.choices.size > 0);
      showProgress('Writing sheets', 60);
      let writes = 0;
      const rendered = await deps.excel.render(plans, {
        state: {
          version: 1,
          sheets: [],
          config: result.report.config,
          ...(saved?.kept ? { kept: saved.kept } : {}),
        },
        cancel: signal,
        progress: (stage, done, total) =>
          showProgress(
            `Writing: ${stage}`,
            total > 0 ? 60 + (40 * done) / total : Math.min(99, 60 + ++writes * 4),
          ),
      });
      state.analysis = {
        ...result,
        tables,
        headerRows: headerRowsOf(result.sheets, result.report.config),
      };
      state.config = result.report.config;
      state.edited = false;
      state.forceDetect = false;
      for (const p of plans) state.sheetNames.set(p.key, p.name);
      state.summary = renderSummary(rendered, kept);
      summaryText.textContent = state.summary;
      status.textContent = `Done. ${state.summary}`;
      if (step !== 'all') state.step = step;
    } catch (error) {
      const cancelled = signal.cancelled || (error as Error)?.name === 'CancelledError';
      const text = cancelled ? describeError(cancelledError()) : describeError(error);
      status.textContent = text;
      if (!cancelled) alert.textContent = text;
    } finally {
      state.cancel = null;
      setBusy(false);
      renderPanel();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Excel actions from the pane

  async function openSheet(name: string): Promise<void> {
    try {
      await deps.api.run(async (context) => {
        context.workbook.worksheets.getItem(name).activate();
        await context.sync();
      });
      status.textContent = `Opened "${name}".`;
    } catch (error) {
      alert.textContent = `Could not open "${name}": ${describeError(error)}`;
    }
  }

  async function selectRange(sheet: string, address: string): Promise<void> {
    try {
      await deps.api.run(async (context) => {
        const ws = context.workbook.worksheets.getItem(sheet);
        ws.activate();
        ws.getRange(address).select();
        await context.sync();
      });
      status.textContent = `Selected ${address} on "${sheet}".`;
    } catch (error) {
      alert.textContent = `Could not select ${address} on "${sheet}": ${describeError(error)}`;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Steps and panels

  function showStep(step: StepId): void {
    state.step = step;
    renderPanel();
    panelTitle.focus();
  }

  function applyEdit(result: EditResult): void {
    if (result.refused) {
      alert.textContent = result.refused;
    } else {
      alert.textContent = '';
      state.config = result.config;
      state.edited = true;
      status.textContent = 'Mapping changed. Choose "Save mapping" to keep it in the workbook.';
    }
    renderPanel();
  }

  function renderPanel(): void {
    const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.key;
    for (const [id, b] of stepButtons) {
      if (id === state.step) b.setAttribute('aria-current', 'step');
      else b.removeAttribute('aria-current');
    }
    const def = STEPS.find((s) => s.id === state.step)!;
    panelTitle.textContent = def.label;
    panelTitle.setAttribute('tabindex', '-1');
    panelBody.replaceChildren(...panelContent(state.step));
    for (const b of panelBody.querySelectorAll('[data-run]')) toggleAttr(b, 'disabled', state.busy);
    if (focusKey)
      panelBody.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
  }

  function runStepButton(step: StepId, text = 'Run this step'): HTMLElement {
    return button(text, () => void run(step), { 'data-run': step, 'data-key': `run-${step}` });
  }

  function openButton(key: string, text: string): HTMLElement | null {
    const name = state.sheetNames.get(key);
    if (!name) return null;
    return button(`${text}: ${name}`, () => void openSheet(name), { 'data-key': `open-${key}` });
  }

  function emptyNote(text: string): HTMLElement {
    return el('p', { class: 'pane__empty', text });
  }

  function panelContent(step: StepId): HTMLElement[] {
    switch (step) {
      case 'data':
        return dataPanel();
      case 'goals':
        return goalsPanel();
      case 'alignment':
        return alignmentPanel();
      case 'impact':
        return impactPanel();
    }
  }

  function dataPanel(): HTMLElement[] {
    const a = state.analysis;
    const out: HTMLElement[] = [
      el('p', {
        class: 'pane__intro',
        text: 'The sheets found, what each column is taken to be, and problems in the data.',
      }),
    ];
    if (!a) {
      out.push(
        emptyNote('Nothing read yet. Run this step to read the workbook and detect the mapping.'),
      );
      out.push(el('div', { class: 'pane__actions' }, [runStepButton('data')]));
      return out;
    }
    const config = state.config ?? a.report.config;
    out.push(el('h3', { text: 'Sheets found' }));
    out.push(
      el(
        'ul',
        { class: 'pane__list' },
        a.sheets.map((s) =>
          el('li', {}, [
            el('span', { class: 'pane__name', text: s.sheet }),
            el('span', {
              class: 'pane__meta',
              text: ` — ${SHEET_KIND_LABELS[s.kind] ?? s.kind}, ${percent(s.confidence)} sure: ${s.reason}`,
            }),
          ]),
        ),
      ),
    );
    const mapped = [
      ...config.students.map((s) => s.sheet),
      ...(config.educators ?? []).map((e) => e.sheet),
    ];
    for (const sheet of mapped) out.push(mappingSection(config, sheet, a));
    const unsure = a.notes.filter((n) => n.level === 'unsure');
    if (unsure.length) {
      out.push(el('h3', { text: 'Please check' }));
      out.push(
        el(
          'ul',
          { class: 'pane__list' },
          unsure.map((n) =>
            el('li', { text: `${[n.sheet, n.column].filter(Boolean).join(', ')}: ${n.message}` }),
          ),
        ),
      );
    }
    out.push(
      el('div', { class: 'pane__actions' }, [
        button('Save mapping', () => void run('data'), {
          appearance: 'accent',
          'data-run': 'data',
          'data-key': 'save-mapping',
        }),
        button(
          'Detect the mapping again',
          () => {
            state.forceDetect = true;
            state.config = null;
            void run('data');
          },
          { 'data-run': 'data', 'data-key': 'redetect' },
        ),
      ]),
    );
    if (state.edited)
      out.push(
        el('p', {
          class: 'pane__note',
          text: 'You have changed the mapping; it is kept in the workbook when you save it or run a step.',
        }),
      );
    out.push(...qualitySection(a));
    const open = openButton('data-quality', 'Open');
    if (open) out.push(el('div', { class: 'pane__actions' }, [open]));
    return out;
  }

  function mappingSection(config: MappingConfig, sheet: string, a: Analysis): HTMLElement {
    const ref = sheetConfig(config, sheet)!;
    const detected: SheetDetection | undefined = a.sheets.find((s) => s.sheet === sheet);
    const headers =
      detected?.columns.map((c) => c.header) ?? headerCells(a.tables, sheet, a.headerRows[sheet]);
    const section = el(
      'section',
      { class: 'pane__mapping', attrs: { 'aria-label': `Mapping of ${sheet}` } },
      [el('h3', { text: `Columns of ${sheet} (${ref.population})` })],
    );
    const list = el('ul', { class: 'pane__columns' });
    headers.forEach((header, i) => {
      const role = columnRole(ref, header);
      const det = detected?.columns.find((c) => c.header === header);
      const item = el('li', { class: 'pane__column' }, [
        el('span', { class: 'pane__name', text: header || `(column ${i + 1} has no header)` }),
      ]);
      if (
        typeof role === 'string' &&
        role !== 'measure-name' &&
        role !== 'window' &&
        role !== 'score'
      ) {
        item.append(
          select(
            `${sheet}: role of column ${header}`,
            roleChoices(ref.population).map((r) => ({ value: r, text: ROLE_LABELS[r] })),
            role,
            (value) =>
              applyEdit(
                setColumnRole(state.config ?? config, sheet, header, value as EditableRole),
              ),
            `role-${sheet}-${i}`,
          ),
        );
      } else {
        const text =
          typeof role === 'object'
            ? `${role.measure}: ${role.side === 'pre' ? 'before (pre)' : 'after (post)'} scores`
            : role === 'measure-name'
              ? 'Measure names'
              : role === 'window'
                ? 'Window (before or after)'
                : 'Scores';
        item.append(el('span', { class: 'pane__role', text }));
      }
      const detText = det
        ? det.role === roleWord(role)
          ? `Detected, ${percent(det.confidence)} sure: ${det.reason}`
          : `Set by the mapping (detection thought: ${det.role}, ${percent(det.confidence)} sure)`
        : 'Set by the mapping';
      item.append(el('span', { class: 'pane__meta pane__block', text: detText }));
      list.append(item);
    });
    section.append(list);
    const measures = ref.population === 'students' ? ref.config.measures : ref.config.practice;
    if (measures.length && ref.config.format !== 'long') {
      section.append(el('h4', { text: ref.population === 'students' ? 'Measures' : 'Practices' }));
      for (const [mi, m] of measures.entries()) {
        const group = el(
          'div',
          {
            class: 'pane__measure',
            attrs: { role: 'group', 'aria-label': `${sheet}, measure ${m.name}` },
          },
          [el('p', { class: 'pane__name', text: m.name })],
        );
        for (const field of ['pre', 'post'] as const) {
          group.append(
            el('span', {
              class: 'pane__field-label',
              text: MEASURE_FIELD_LABELS[field],
              attrs: { 'aria-hidden': 'true' },
            }),
            select(
              `${sheet}, ${m.name}: ${MEASURE_FIELD_LABELS[field]}`,
              headers.filter((h) => h).map((h) => ({ value: h, text: h })),
              m[field] ?? '',
              (value) =>
                applyEdit(setMeasureField(state.config ?? config, sheet, m.name, field, value)),
              `${field}-${sheet}-${mi}`,
            ),
          );
        }
        for (const field of ['max', 'proficient'] as const)
          group.append(
            numberField(config, sheet, m.name, field, m[field], `${field}-${sheet}-${mi}`),
          );
        section.append(group);
      }
    }
    return section;
  }

  function numberField(
    config: MappingConfig,
    sheet: string,
    measure: string,
    field: MeasureField,
    value: number | null | undefined,
    key: string,
  ): HTMLElement {
    const input = el('fluent-text-field', {
      text: MEASURE_FIELD_LABELS[field],
      attrs: {
        value: value === null || value === undefined ? '' : String(value),
        'data-key': key,
        inputmode: 'decimal',
      },
    });
    input.addEventListener('change', () => {
      const text = (input as unknown as { value: string }).value;
      applyEdit(setMeasureField(state.config ?? config, sheet, measure, field, text));
    });
    return input;
  }

  function select(
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

  function qualitySection(a: Analysis): HTMLElement[] {
    const dq = a.report.dataQuality;
    const out: HTMLElement[] = [
      el('h3', { text: 'Data quality' }),
      el('p', {
        text: `${dq.rowsUsed} of ${dq.rowsRead} rows used; ${dq.issues.length} issue${dq.issues.length === 1 ? '' : 's'}.`,
      }),
    ];
    if (!dq.issues.length) return [...out, emptyNote('No problems found in the data.')];
    const list = el('ul', { class: 'pane__issues' });
    dq.issues.slice(0, ISSUES_SHOWN).forEach((issue, i) => {
      const target = issueAddress(issue, a.tables, a.headerRows);
      const text = `${issue.severity === 'error' ? 'Error' : issue.severity === 'warning' ? 'Warning' : 'Note'}: ${issueText(issue)}`;
      list.append(
        el('li', {}, [
          target
            ? button(text, () => void selectRange(target.sheet, target.address), {
                appearance: 'stealth',
                class: 'pane__issue',
                'data-key': `issue-${i}`,
                title: `Select ${target.address} on ${target.sheet}`,
              })
            : el('span', { text }),
        ]),
      );
    });
    out.push(list);
    if (dq.issues.length > ISSUES_SHOWN)
      out.push(
        el('p', {
          text: `…and ${dq.issues.length - ISSUES_SHOWN} more on the Data Quality sheet.`,
        }),
      );
    return out;
  }

  function goalsPanel(): HTMLElement[] {
    const a = state.analysis;
    const out: HTMLElement[] = [
      el('p', {
        class: 'pane__intro',
        text: 'Goals suggested from the data, best first, with why.',
      }),
    ];
    const goals = a ? rankedGoals(a.report.goals) : [];
    if (!goals.length) {
      out.push(
        emptyNote(
          a ? 'No goals suggested yet.' : 'No goals suggested yet. Run this step to suggest goals.',
        ),
      );
    }
    const templateSheet =
      state.config?.template?.sheet ?? a?.sheets.find((s) => s.kind === 'template')?.sheet ?? null;
    const list = el('ol', { class: 'pane__goals' });
    for (const g of goals) {
      const key = suggestionKey(g);
      const choice = state.choices.get(key);
      const statement = choice?.statement ?? g.statement;
      const adopted = choice ? choice.adopted : g.adopted === true;
      const item = el('li', { class: 'pane__goal' }, [
        el('p', { class: 'pane__name', text: statement }),
        el('p', { class: 'pane__meta', text: `Why: ${g.rationale}` }),
      ]);
      const adopt = button(
        adopted ? 'Adopted' : 'Adopt',
        () => {
          state.choices.set(key, { key, adopted: !adopted, statement: choice?.statement ?? null });
          renderPanel();
        },
        { 'aria-pressed': adopted ? 'true' : 'false', 'data-key': `adopt-${g.id}` },
      );
      const edit = el('fluent-text-area', {
        text: 'Edit the goal',
        attrs: { value: statement, resize: 'vertical', 'data-key': `edit-${g.id}` },
      });
      edit.addEventListener('change', () => {
        const value = (edit as unknown as { value: string }).value;
        state.choices.set(key, { key, adopted, statement: value });
        renderPanel();
      });
      const actions = el('div', { class: 'pane__actions' }, [adopt]);
      if (templateSheet) {
        actions.append(
          button(
            'Fill the template',
            () => {
              const base = state.config ?? a!.report.config;
              state.config = {
                ...base,
                template: { ...(base.template ?? {}), sheet: templateSheet, goalId: g.id },
              };
              void run('goals');
            },
            { 'data-run': 'goals', 'data-key': `template-${g.id}` },
          ),
        );
      }
      item.append(edit, actions);
      list.append(item);
    }
    if (goals.length) out.push(list);
    const actions = el('div', { class: 'pane__actions' }, [runStepButton('goals')]);
    const open = openButton('suggested-goals', 'Open');
    if (open) actions.append(open);
    out.push(actions);
    return out;
  }

  function alignmentPanel(): HTMLElement[] {
    const a = state.analysis;
    const out: HTMLElement[] = [
      el('p', {
        class: 'pane__intro',
        text: 'How the goals in the workbook connect, from district to team.',
      }),
    ];
    const lines = alignmentSummary(a?.report.alignment ?? null);
    if (!lines.length) out.push(emptyNote('No alignment findings yet.'));
    else
      out.push(
        el(
          'ul',
          { class: 'pane__list' },
          lines.map((text) => el('li', { text })),
        ),
      );
    const actions = el('div', { class: 'pane__actions' }, [runStepButton('alignment')]);
    const open = openButton('alignment-matrix', 'Open the matrix');
    if (open) actions.append(open);
    out.push(actions);
    return out;
  }

  function impactPanel(): HTMLElement[] {
    const a = state.analysis;
    const out: HTMLElement[] = [
      el('p', { class: 'pane__intro', text: 'Change from before to after, per team.' }),
    ];
    const teams = a ? impactHeadlines(a.report.impact, a.report.config) : [];
    if (!teams.length) out.push(emptyNote('No impact figures yet.'));
    for (const t of teams) {
      out.push(el('h3', { text: t.team === 'All' ? 'All teams' : `Team ${t.team}` }));
      out.push(
        el(
          'ul',
          { class: 'pane__list' },
          t.lines.map((l) =>
            el('li', {
              text: `${l.population === 'educators' ? 'Educators' : 'Students'}, ${l.text}`,
            }),
          ),
        ),
      );
    }
    const actions = el('div', { class: 'pane__actions' }, [runStepButton('impact')]);
    const open = openButton('impact', 'Open');
    if (open) actions.append(open);
    out.push(actions);
    return out;
  }

  renderPanel();
}

function cancelledError(): Error {
  return new CancelledError();
}

/** The detection role word that matches a config role, to tell "detected" from "changed". */
function roleWord(role: ReturnType<typeof columnRole>): string {
  if (typeof role === 'object') return role.side;
  if (role === 'none') return 'ignored';
  if (role === 'measure-name' || role === 'window' || role === 'score') return role;
  return role;
}

/** Excel row of each sheet's header: the config's, else detection's. */
function headerRowsOf(sheets: SheetDetection[], config: MappingConfig): Record<string, number> {
  const rows: Record<string, number> = {};
  for (const s of sheets) if (s.headerRow > 0) rows[s.sheet] = s.headerRow;
  for (const c of [
    ...config.students,
    ...(config.educators ?? []),
    ...(config.goals ? [config.goals] : []),
  ]) {
    if (c.headerRow) rows[c.sheet] = c.headerRow;
  }
  return rows;
}

/** The header cells of a sheet as text (when detection did not list its columns). */
function headerCells(tables: RawTable[], sheet: string, headerRow: number | undefined): string[] {
  const t = tables.find((x) => x.sheet === sheet);
  if (!t) return [];
  const row = t.values[(headerRow ?? t.firstRow) - t.firstRow] ?? [];
  return row.map((v) => (v === null ? '' : String(v)));
}
