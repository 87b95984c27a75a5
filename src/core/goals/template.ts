/**
 * Filling a principal's goal template: find its labelled fields (in the words templates use),
 * locate each field's value cell (right of the label or below it; merged cells arrive as a value
 * in the top-left cell and nulls), and fill a COPY for one goal. The user's sheet is never
 * changed, and a non-empty field is kept unless `overwrite` is set.
 */
import type { CellValue, RawTable } from '../types';
import type { TemplateField, TemplateFieldReport, TemplateReport } from './types';

/** Field → label words (folded: lower case, no punctuation, no parenthetical). */
export const TEMPLATE_SYNONYMS: Record<TemplateField, string[]> = {
  goal: [
    'goal',
    'goals',
    'smart goal',
    'goal statement',
    'our goal',
    'team goal',
    'the goal',
    'student learning goal',
    'smart goal statement',
  ],
  baseline: [
    'baseline',
    'baseline data',
    'baseline score',
    'current level',
    'current data',
    'current performance',
    'starting point',
    'where are we now',
    'starting level',
  ],
  target: [
    'target',
    'targets',
    'target level',
    'target score',
    'goal target',
    'expected outcome',
    'desired outcome',
    'where do we want to be',
  ],
  measure: [
    'measure',
    'measures',
    'metric',
    'assessment',
    'data source',
    'measure of success',
    'measured by',
    'how will it be measured',
    'indicator',
  ],
  timeline: [
    'timeline',
    'date',
    'due',
    'due date',
    'due by',
    'by when',
    'deadline',
    'target date',
    'timeframe',
    'time frame',
    'completion date',
  ],
  strategies: [
    'strategies',
    'strategy',
    'action steps',
    'actions',
    'action plan',
    'key actions',
    'instructional strategies',
  ],
  learning: [
    'professional learning',
    'pd',
    'professional development',
    'learning focus',
    'team learning',
    'professional learning focus',
    'pd plan',
  ],
  evidence: [
    'evidence of impact',
    'evidence',
    'monitoring',
    'progress monitoring',
    'how will we know',
    'evidence of success',
    'monitoring plan',
  ],
  owner: [
    'owner',
    'owners',
    'responsible',
    'person responsible',
    'responsible person',
    'lead',
    'who is responsible',
    'responsibility',
  ],
  school: ['school', 'school name', 'campus', 'building', 'site'],
  team: [
    'team',
    'team name',
    'grade level team',
    'grade level',
    'grade team',
    'department',
    'plc',
    'content team',
  ],
};

/**
 * Fields that only say whose goal it is: filled when the template has them, never reported
 * missing when it does not (most templates name the goal, not the school).
 */
export const CONTEXT_FIELDS: ReadonlySet<TemplateField> = new Set<TemplateField>([
  'school',
  'team',
]);

export const TEMPLATE_FIELDS = Object.keys(TEMPLATE_SYNONYMS) as TemplateField[];

/** "Evidence of impact (how will we know?):" → "evidence of impact". */
export function foldLabel(s: string): string {
  return s
    .replace(/\([^)]*\)/g, ' ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const LOOKUP = new Map<string, TemplateField>();
for (const f of TEMPLATE_FIELDS) for (const w of TEMPLATE_SYNONYMS[f]) LOOKUP.set(w, f);

/** The field a cell labels, or null. */
export function fieldOfLabel(v: CellValue): TemplateField | null {
  if (typeof v !== 'string') return null;
  const f = foldLabel(v);
  if (!f || f.split(' ').length > 6) return null;
  return LOOKUP.get(f) ?? null;
}

const isEmpty = (v: CellValue | undefined) =>
  v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

interface Located {
  field: TemplateField;
  label: string;
  r: number;
  c: number;
  vr: number;
  vc: number;
  existing: CellValue;
}

/**
 * Find the template's fields. Rows and columns are 0-based indices into `grid`.
 * A field's value cell: the first non-empty, non-label cell to the right; else the cell below
 * when it holds a value; else (empty field) right when labels are stacked in a column, below
 * when labels sit side by side in a row.
 */
export function locateFields(grid: CellValue[][]): Located[] {
  const width = Math.max(0, ...grid.map((r) => r.length));
  const at = (r: number, c: number): CellValue => grid[r]?.[c] ?? null;
  const labels: { field: TemplateField; r: number; c: number }[] = [];
  for (let r = 0; r < grid.length; r++) {
    for (let c = 0; c < width; c++) {
      const f = fieldOfLabel(at(r, c));
      if (f) labels.push({ field: f, r, c });
    }
  }
  const isLabel = (r: number, c: number) => labels.some((l) => l.r === r && l.c === c);
  // Beside: the next non-empty cell to the right is a label; stacked: a label right below.
  const sideBySide = (l: { r: number; c: number }) => {
    for (let c = l.c + 1; c < width; c++) if (!isEmpty(at(l.r, c))) return isLabel(l.r, c);
    return false;
  };
  const stacked = (l: { r: number; c: number }) => isLabel(l.r + 1, l.c);
  const out: Located[] = [];
  const seen = new Set<TemplateField>();
  const pending: { l: (typeof labels)[number]; dir: 'right' | 'below' | null }[] = [];
  for (const l of labels) {
    if (seen.has(l.field)) continue;
    seen.add(l.field);
    let found: { vr: number; vc: number } | null = null;
    for (let c = l.c + 1; c < width; c++) {
      if (isEmpty(at(l.r, c))) continue;
      if (!isLabel(l.r, c)) found = { vr: l.r, vc: c };
      break;
    }
    if (!found && !isEmpty(at(l.r + 1, l.c)) && !isLabel(l.r + 1, l.c))
      found = { vr: l.r + 1, vc: l.c };
    if (found) {
      out.push({
        field: l.field,
        label: String(at(l.r, l.c)),
        r: l.r,
        c: l.c,
        ...found,
        existing: at(found.vr, found.vc),
      });
      continue;
    }
    pending.push({ l, dir: sideBySide(l) && !stacked(l) ? 'below' : stacked(l) ? 'right' : null });
  }
  // A lone label (no label beside or below it) follows the template's majority layout.
  const below = labels.filter((l) => sideBySide(l) && !stacked(l)).length;
  const right = labels.filter((l) => stacked(l)).length;
  for (const { l, dir: d } of pending) {
    const dir = d ?? (below > right ? 'below' : 'right');
    let vr = l.r;
    let vc = l.c + 1;
    if (dir === 'below') {
      vr = l.r + 1;
      vc = l.c;
    } else {
      // Keep the value column the other fields of this label column use (a merged label
      // spanning A:B has its values in C, not B).
      const cols = out.filter((o) => o.c === l.c && o.vr === o.r).map((o) => o.vc);
      if (cols.length) vc = mode(cols);
    }
    out.push({
      field: l.field,
      label: String(at(l.r, l.c)),
      r: l.r,
      c: l.c,
      vr,
      vc,
      existing: null,
    });
  }
  return out.sort((a, b) => TEMPLATE_FIELDS.indexOf(a.field) - TEMPLATE_FIELDS.indexOf(b.field));
}

function mode(xs: number[]): number {
  const count = new Map<number, number>();
  for (const x of xs) count.set(x, (count.get(x) ?? 0) + 1);
  return [...count.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
}

/** The default template (labels in column A, values in B) used when the workbook has none. */
export function defaultTemplate(): RawTable {
  const rows: CellValue[][] = [
    ['Goal plan (filled by Throughline)', null],
    [null, null],
    ['Goal:', null],
    ['Measure:', null],
    ['Baseline:', null],
    ['Target:', null],
    ['Timeline:', null],
    ['Strategies:', null],
    ['Professional learning:', null],
    ['Evidence of impact:', null],
    ['Owner:', null],
  ];
  return { sheet: '(default template)', values: rows, firstRow: 1, firstColumn: 1 };
}

/**
 * Fill a copy of the template with the values of one goal.
 * @param table the template as read (firstRow/firstColumn locate it on its sheet)
 * @param values text for each field
 * @param overwrite replace fields that already hold something
 * @returns the report, with the filled cells from A1
 * @example fillTemplate(defaultTemplate(), { goal: 'By 15 June 2027, …' }, false, true, 'S1')
 */
export function fillTemplate(
  table: RawTable,
  values: Partial<Record<TemplateField, string>>,
  overwrite: boolean,
  isDefault: boolean,
  goalId: string | null,
): TemplateReport {
  const width = Math.max(1, ...table.values.map((r) => r.length));
  const grid: CellValue[][] = table.values.map((r) =>
    Array.from({ length: width }, (_, c) => r[c] ?? null),
  );
  const located = locateFields(grid);
  // A value cell may lie one column or row beyond the used range (an empty field).
  const rows = Math.max(grid.length, ...located.map((l) => l.vr + 1));
  const cols = Math.max(width, ...located.map((l) => l.vc + 1));
  const cells: CellValue[][] = [];
  for (let r = 0; r < table.firstRow - 1 + rows; r++)
    cells.push(new Array<CellValue>(table.firstColumn - 1 + cols).fill(null));
  grid.forEach((row, r) =>
    row.forEach((v, c) => (cells[table.firstRow - 1 + r][table.firstColumn - 1 + c] = v)),
  );
  const fields: TemplateFieldReport[] = TEMPLATE_FIELDS.map((field) => {
    const l = located.find((x) => x.field === field);
    if (!l)
      return {
        field,
        label: null,
        labelRow: null,
        labelColumn: null,
        valueRow: null,
        valueColumn: null,
        status: 'not found',
        value: null,
      };
    const vr = table.firstRow + l.vr;
    const vc = table.firstColumn + l.vc;
    const base = {
      field,
      label: l.label,
      labelRow: table.firstRow + l.r,
      labelColumn: table.firstColumn + l.c,
      valueRow: vr,
      valueColumn: vc,
    };
    const v = values[field] ?? null;
    if (!isEmpty(l.existing) && !overwrite)
      return { ...base, status: 'kept (already filled)', value: String(l.existing) };
    if (isEmpty(v) && CONTEXT_FIELDS.has(field))
      return { ...base, status: 'left empty (no value)', value: null };
    cells[vr - 1][vc - 1] = v;
    return { ...base, status: 'filled', value: v };
  });
  return {
    sheet: table.sheet,
    isDefault,
    goalId,
    fields,
    found: fields.filter((f) => f.status !== 'not found').map((f) => f.field),
    missing: fields
      .filter((f) => f.status === 'not found' && !CONTEXT_FIELDS.has(f.field))
      .map((f) => f.field),
    cells,
  };
}
