/**
 * The Data step: the sheets found, each mapped sheet's columns (roles and measures, editable),
 * and the data-quality issues (each selects its cell in the workbook).
 */
import type { MappingConfig, MeasureConfig } from '../../core/config';
import type { SheetDetection } from '../../core/intake';
import type { RawTable } from '../../core/types';
import { button, el } from '../dom';
import { applyEdit, redetect, run, selectRange, type PaneContext } from '../handlers';
import {
  columnRole,
  issueAddress,
  issueText,
  MEASURE_FIELD_LABELS,
  percent,
  ROLE_LABELS,
  roleChoices,
  setColumnRole,
  setMeasureField,
  SHEET_KIND_LABELS,
  sheetConfig,
  STEP_SHEET_KEYS,
  type EditableRole,
  type SheetConfigRef,
} from '../logic';
import type { Analysis } from '../store';
import {
  actions,
  emptyNote,
  intro,
  numberField,
  openButton,
  runStepButton,
  select,
} from '../views/controls';
import type { PaneStep } from './types';

/** Most issues listed in the pane; the Data Quality sheet has them all. */
const ISSUES_SHOWN = 50;

export const dataStep: PaneStep = {
  id: 'data',
  label: 'Data',
  sheetKeys: STEP_SHEET_KEYS.data,
  view: dataView,
};

function dataView(ctx: PaneContext): HTMLElement[] {
  const s = ctx.store.get();
  const a = s.analysis;
  const out = [
    intro('The sheets found, what each column is taken to be, and problems in the data.'),
  ];
  if (!a) {
    out.push(
      emptyNote('Nothing read yet. Run this step to read the workbook and detect the mapping.'),
    );
    out.push(actions(runStepButton(ctx, dataStep)));
    return out;
  }
  const config = s.config ?? a.report.config;
  out.push(el('h3', { text: 'Sheets found' }), sheetsFound(a));
  const mapped = [
    ...config.students.map((x) => x.sheet),
    ...(config.educators ?? []).map((e) => e.sheet),
  ];
  for (const sheet of mapped) out.push(mappingSection(ctx, config, sheet, a));
  const unsure = a.notes.filter((n) => n.level === 'unsure');
  if (unsure.length) {
    out.push(el('h3', { text: 'Please check' }));
    const items = unsure.map((n) =>
      el('li', { text: `${[n.sheet, n.column].filter(Boolean).join(', ')}: ${n.message}` }),
    );
    out.push(el('ul', { class: 'pane__list' }, items));
  }
  out.push(
    actions(
      button('Save mapping', () => void run(ctx, dataStep), {
        appearance: 'accent',
        'data-run': 'data',
        'data-key': 'save-mapping',
      }),
      button('Detect the mapping again', () => void redetect(ctx, dataStep), {
        'data-run': 'data',
        'data-key': 'redetect',
      }),
    ),
  );
  if (s.edited)
    out.push(
      el('p', {
        class: 'pane__note',
        text: 'You have changed the mapping; it is kept in the workbook when you save it or run a step.',
      }),
    );
  out.push(...qualitySection(ctx, a));
  const open = openButton(ctx, 'data-quality', 'Open');
  if (open) out.push(actions(open));
  return out;
}

function sheetsFound(a: Analysis): HTMLElement {
  return el(
    'ul',
    { class: 'pane__list' },
    a.sheets.map((x) =>
      el('li', {}, [
        el('span', { class: 'pane__name', text: x.sheet }),
        el('span', {
          class: 'pane__meta',
          text: ` — ${SHEET_KIND_LABELS[x.kind] ?? x.kind}, ${percent(x.confidence)} sure: ${x.reason}`,
        }),
      ]),
    ),
  );
}

function mappingSection(
  ctx: PaneContext,
  config: MappingConfig,
  sheet: string,
  a: Analysis,
): HTMLElement {
  const ref = sheetConfig(config, sheet)!;
  const detected = a.sheets.find((x) => x.sheet === sheet);
  const headers =
    detected?.columns.map((c) => c.header) ?? headerCells(a.tables, sheet, a.headerRows[sheet]);
  const section = el(
    'section',
    { class: 'pane__mapping', attrs: { 'aria-label': `Mapping of ${sheet}` } },
    [el('h3', { text: `Columns of ${sheet} (${ref.population})` })],
  );
  const list = el('ul', { class: 'pane__columns' });
  headers.forEach((header, i) =>
    list.append(columnItem(ctx, config, ref, sheet, header, i, detected)),
  );
  section.append(list);
  const measures = ref.population === 'students' ? ref.config.measures : ref.config.practice;
  if (measures.length && ref.config.format !== 'long') {
    section.append(el('h4', { text: ref.population === 'students' ? 'Measures' : 'Practices' }));
    for (const [mi, m] of measures.entries())
      section.append(measureGroup(ctx, config, sheet, headers, m, mi));
  }
  return section;
}

function columnItem(
  ctx: PaneContext,
  config: MappingConfig,
  ref: SheetConfigRef,
  sheet: string,
  header: string,
  i: number,
  detected: SheetDetection | undefined,
): HTMLElement {
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
            ctx,
            setColumnRole(ctx.store.get().config ?? config, sheet, header, value as EditableRole),
          ),
        `role-${sheet}-${i}`,
      ),
    );
  } else {
    item.append(el('span', { class: 'pane__role', text: fixedRoleText(role) }));
  }
  const detText = det
    ? det.role === roleWord(role)
      ? `Detected, ${percent(det.confidence)} sure: ${det.reason}`
      : `Set by the mapping (detection thought: ${det.role}, ${percent(det.confidence)} sure)`
    : 'Set by the mapping';
  item.append(el('span', { class: 'pane__meta pane__block', text: detText }));
  return item;
}

/** Words for a role the drop-down does not offer (score columns of a measure, long layouts). */
function fixedRoleText(role: ReturnType<typeof columnRole>): string {
  if (typeof role === 'object')
    return `${role.measure}: ${role.side === 'pre' ? 'before (pre)' : 'after (post)'} scores`;
  if (role === 'measure-name') return 'Measure names';
  if (role === 'window') return 'Window (before or after)';
  return 'Scores';
}

function measureGroup(
  ctx: PaneContext,
  config: MappingConfig,
  sheet: string,
  headers: string[],
  m: MeasureConfig,
  mi: number,
): HTMLElement {
  const edit = (field: 'pre' | 'post' | 'max' | 'proficient', value: string) =>
    applyEdit(ctx, setMeasureField(ctx.store.get().config ?? config, sheet, m.name, field, value));
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
        (value) => edit(field, value),
        `${field}-${sheet}-${mi}`,
      ),
    );
  }
  for (const field of ['max', 'proficient'] as const)
    group.append(
      numberField(MEASURE_FIELD_LABELS[field], m[field], `${field}-${sheet}-${mi}`, (text) =>
        edit(field, text),
      ),
    );
  return group;
}

function qualitySection(ctx: PaneContext, a: Analysis): HTMLElement[] {
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
    const word =
      issue.severity === 'error' ? 'Error' : issue.severity === 'warning' ? 'Warning' : 'Note';
    const text = `${word}: ${issueText(issue)}`;
    list.append(
      el('li', {}, [
        target
          ? button(text, () => void selectRange(ctx, target.sheet, target.address), {
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
      el('p', { text: `…and ${dq.issues.length - ISSUES_SHOWN} more on the Data Quality sheet.` }),
    );
  return out;
}

/** The detection role word that matches a config role, to tell "detected" from "changed". */
function roleWord(role: ReturnType<typeof columnRole>): string {
  if (typeof role === 'object') return role.side;
  if (role === 'none') return 'ignored';
  return role;
}

/** The header cells of a sheet as text (when detection did not list its columns). */
function headerCells(tables: RawTable[], sheet: string, headerRow: number | undefined): string[] {
  const t = tables.find((x) => x.sheet === sheet);
  if (!t) return [];
  const row = t.values[(headerRow ?? t.firstRow) - t.firstRow] ?? [];
  return row.map((v) => (v === null ? '' : String(v)));
}
