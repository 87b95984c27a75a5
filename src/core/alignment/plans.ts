/**
 * The two alignment sheets as plans: "Alignment Matrix" (goals × priorities, link marks with a
 * heat map, support counts as live COUNTIF formulas, each goal's path, and the findings) and
 * "Alignment Map" (the goal tree as an indented outline coloured by level).
 */
import type { SheetNames } from '../plans/names';
import type { CellStyle, ConditionalFormat, PlanCell, Rect, SheetPlan } from '../plans/types';
import { columnLetters } from '../types';
import type { GoalRecord } from './goals-sheet';
import { mapDrawing } from './map-drawing';
import {
  LEVEL_LABEL,
  LEVEL_ORDER,
  LEVEL_RANK,
  type AlignmentAnalysis,
  type LinkDetail,
} from './graph';

/** Cell marks: the text of a matrix cell for each kind of link. */
export const MARK_EXPLICIT = '● parent';
export const MARK_INFERRED = '○ inferred';
export const NOT_CONNECTED = 'Not connected';

export const LEVEL_FILL = {
  district: '#1F4E79',
  school: '#2E75B6',
  team: '#9DC3E6',
  individual: '#DEEBF7',
} as const;
const LEVEL_FONT = {
  district: '#FFFFFF',
  school: '#FFFFFF',
  team: '#000000',
  individual: '#000000',
};
const HEADER_FILL = '#D9D9D9';
const SECTION_FILL = '#FCE4D6';

export const COHERENCE_DEFINITION =
  'Coherence = the share of goals below district level (school, team and individual goals) that have a path of links (● parent or ○ inferred) up to a district priority.';

const rect = (row: number, column: number, rowCount = 1, columnCount = 1): Rect => ({
  row,
  column,
  rowCount,
  columnCount,
});

/** Rows of cells that grow as needed and are padded to a rectangle at the end. */
class Grid {
  rows: PlanCell[][] = [];
  styles: CellStyle[] = [];
  formats: { rect: Rect; format: string }[] = [];
  conditional: ConditionalFormat[] = [];
  /** Add a row; returns its Excel row number. */
  add(...cells: PlanCell[]): number {
    this.rows.push(cells);
    return this.rows.length;
  }
  set(row: number, column: number, value: PlanCell): void {
    const r = this.rows[row - 1];
    while (r.length < column) r.push(null);
    r[column - 1] = value;
  }
  style(s: Omit<CellStyle, 'rect'>, r: Rect): void {
    this.styles.push({ rect: r, ...s });
  }
  format(r: Rect, format: string): void {
    this.formats.push({ rect: r, format });
  }
  cells(minWidth: number): PlanCell[][] {
    const width = Math.max(minWidth, ...this.rows.map((r) => r.length));
    return this.rows.map((r) => [...r, ...new Array<PlanCell>(width - r.length).fill(null)]);
  }
}

function shortText(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function section(g: Grid, title: string, width: number): number {
  g.add();
  const r = g.add(title);
  g.style({ bold: true, fill: SECTION_FILL }, rect(r, 1, 1, width));
  return r;
}

function headerRow(g: Grid, headers: string[]): number {
  const r = g.add(...headers);
  g.style({ bold: true, fill: HEADER_FILL, wrap: true }, rect(r, 1, 1, headers.length));
  return r;
}

/** What the matrix's blocks share. */
interface MatrixContext {
  g: Grid;
  a: AlignmentAnalysis;
  byId: Map<string, GoalRecord>;
  districts: GoalRecord[];
  /** The columns: district priorities, then school goals. */
  targets: GoalRecord[];
  linkBetween: Map<string, LinkDetail>;
  width: number;
  /** First and last row of the goal rows, and their count. */
  first: number;
  last: number;
  nRows: number;
}

const FIXED = 7; // Level, Goal, Statement, Focus, Student group, Path, Effect

/** Title, legend, the column kinds and the header row; returns the header row. */
function matrixHead(m: MatrixContext, schools: GoalRecord[]): number {
  const { g, districts, targets } = m;
  const title = g.add('Alignment Matrix');
  g.style({ bold: true, fontSize: 14 }, rect(title, 1));
  g.add(
    `${MARK_EXPLICIT}: the goal in the row names the column's goal as its parent (explicit link, strength 2). ${MARK_INFERRED}: same focus (or a synonym), compatible student group, adjacent levels, same school where known (strength 1). Reasons: Alignment Map and the JSON report.`,
  );
  const kinds = g.add();
  if (districts.length) g.set(kinds, FIXED + 1, 'District priorities');
  if (schools.length) g.set(kinds, FIXED + districts.length + 1, 'School goals');
  g.style({ bold: true }, rect(kinds, FIXED + 1, 1, Math.max(1, targets.length)));
  return headerRow(g, [
    'Level',
    'Goal',
    'Statement',
    'Focus',
    'Student group',
    'Path to a district priority',
    'Effect (dav)',
    ...targets.map((t) => shortText(`${t.id}${t.focus ? ` (${t.focus})` : ''}`, 40)),
  ]);
}

const markOf = (l: LinkDetail | undefined) =>
  l ? (l.kind === 'explicit' ? MARK_EXPLICIT : MARK_INFERRED) : null;

/** One row per goal below district level, with its marks, and their formats. */
function matrixRows(m: MatrixContext, rowsGoals: GoalRecord[]): void {
  const { g, a, targets, linkBetween } = m;
  for (const goal of rowsGoals) {
    const path = a.paths[goal.id];
    const eff = a.effects[goal.id];
    const r = g.add(
      LEVEL_LABEL[goal.level],
      goal.id,
      goal.statement || '(no statement)',
      goal.focus ?? '',
      goal.group ?? '',
      path ? path.join(' → ') : NOT_CONNECTED,
      eff.dav !== null ? eff.dav : 'no data',
      ...targets.map((t) => markOf(linkBetween.get(`${goal.id}\u0000${t.id}`))),
    );
    g.style({ fill: LEVEL_FILL[goal.level], fontColor: LEVEL_FONT[goal.level] }, rect(r, 1));
  }
  m.last = g.rows.length;
  m.nRows = m.last - m.first + 1;
  const { first, nRows } = m;
  if (nRows <= 0) {
    g.add('No school, team or individual goals yet: the matrix has no rows.');
    return;
  }
  g.format(rect(first, 7, nRows, 1), '0.00');
  g.style({ wrap: true }, rect(first, 3, nRows, 1));
  g.conditional.push({
    type: 'textEquals',
    rect: rect(first, 6, nRows, 1),
    text: NOT_CONNECTED,
    fill: '#FFC7CE',
    fontColor: '#9C0006',
  });
  if (!targets.length) return;
  const cells = rect(first, FIXED + 1, nRows, targets.length);
  g.conditional.push({
    type: 'textEquals',
    rect: cells,
    text: MARK_EXPLICIT,
    fill: '#548235',
    fontColor: '#FFFFFF',
  });
  g.conditional.push({ type: 'textEquals', rect: cells, text: MARK_INFERRED, fill: '#C6E0B4' });
  g.style({ horizontalAlignment: 'center' }, cells);
}

/** Support counts per column: live formulas over the marks above. */
function supportCounts(m: MatrixContext): void {
  const { g, a, targets, linkBetween, first, last } = m;
  if (!targets.length || m.nRows <= 0) return;
  const count = (mark: string, col: number) =>
    a.goals
      .filter((x) => x.level !== 'district')
      .filter((x) => markOf(linkBetween.get(`${x.id}\u0000${targets[col].id}`)) === mark).length;
  const rows: number[] = [];
  for (const [label, mark] of [
    [`Supporting goals ${MARK_EXPLICIT}`, MARK_EXPLICIT],
    [`Supporting goals ${MARK_INFERRED}`, MARK_INFERRED],
  ] as const) {
    const r = g.add(label);
    rows.push(r);
    targets.forEach((_, k) => {
      const L = columnLetters(FIXED + 1 + k);
      g.set(r, FIXED + 1 + k, {
        formula: `=COUNTIF(${L}${first}:${L}${last},"${mark}")`,
        value: count(mark, k),
      });
    });
  }
  const total = g.add('Supporting goals, all links');
  targets.forEach((_, k) => {
    const L = columnLetters(FIXED + 1 + k);
    g.set(total, FIXED + 1 + k, {
      formula: `=${L}${rows[0]}+${L}${rows[1]}`,
      value: count(MARK_EXPLICIT, k) + count(MARK_INFERRED, k),
    });
  });
  g.style({ bold: true }, rect(rows[0], 1, 3, 1));
  g.style({ horizontalAlignment: 'center' }, rect(rows[0], FIXED + 1, 3, targets.length));
  g.conditional.push({
    type: 'colorScale',
    rect: rect(total, FIXED + 1, 1, targets.length),
    min: '#F8696B',
    max: '#63BE7B',
  });
}

/** Coherence, with its definition, as live formulas over the goal rows. */
function coherenceBlock(m: MatrixContext): void {
  const { g, a, first, last } = m;
  const coh = section(g, 'Coherence', m.width);
  g.set(coh, 3, COHERENCE_DEFINITION);
  if (m.nRows <= 0) {
    g.add('Coherence', `not defined: ${a.coherenceReason ?? 'no goals below district level'}`);
    return;
  }
  const ids = `B${first}:B${last}`;
  const tot = g.add('Goals below district level', {
    formula: `=COUNTA(${ids})`,
    value: a.belowDistrictCount,
  });
  const con = g.add('With a path to a district priority', {
    formula: `=COUNTA(${ids})-COUNTIF(F${first}:F${last},"${NOT_CONNECTED}")`,
    value: a.connectedCount,
  });
  const c = g.add('Coherence', { formula: `=B${con}/B${tot}`, value: a.coherence });
  g.format(rect(c, 2), '0%');
  g.style({ bold: true }, rect(c, 1, 1, 2));
}

/** Orphan goals, unsupported priorities and duplicated efforts. */
function gapBlocks(m: MatrixContext): void {
  const { g, a, byId, width } = m;
  section(g, 'Orphan goals: no path to a district priority (random acts)', width);
  if (a.orphans.length) {
    headerRow(g, ['Goal', 'Level', 'Statement', 'Focus', 'Why']);
    for (const id of a.orphans) {
      const x = byId.get(id)!;
      g.add(
        id,
        LEVEL_LABEL[x.level],
        x.statement || '(no statement)',
        x.focus ?? '',
        a.orphanReasons[id],
      );
    }
  } else g.add('None: every goal below district level connects to a district priority.');

  section(g, 'Unsupported priorities: no school, team or individual goal supports them', width);
  if (a.unsupported.length) {
    headerRow(g, ['Priority', 'Statement', 'Focus']);
    for (const id of a.unsupported) {
      const x = byId.get(id)!;
      g.add(id, x.statement || '(no statement)', x.focus ?? '');
    }
  } else
    g.add(
      m.districts.length
        ? 'None: every district priority has support.'
        : 'No district priorities in the goals sheet.',
    );

  section(g, 'Duplicated efforts: teams with the same focus and no shared parent goal', width);
  if (a.duplicates.length) {
    headerRow(g, ['Goals', 'Focus', 'Why']);
    for (const d of a.duplicates) g.add(d.goals.join(', '), d.focus, d.reason);
  } else g.add('None found.');
}

/** Resources (goals, PD hours, cost) by priority, against the need the data shows. */
function resourcesBlock(m: MatrixContext): void {
  const { g, a, byId } = m;
  section(g, 'Resources by priority, against the need the data shows', m.width);
  g.add(
    "Each goal counts toward every priority it has a path to, so a goal that supports two priorities appears in both rows. Need = the share not proficient on the priority's measure (latest window; students, or educators for a practice), from the impact figures.",
  );
  const rh = headerRow(g, [
    'Priority',
    'Statement',
    'Focus',
    'Goals',
    'PD hours',
    'Cost',
    'Need (not proficient)',
    'Need: source',
  ]);
  for (const res of a.resources) {
    const x = byId.get(res.id)!;
    g.add(
      res.id,
      x.statement || '(no statement)',
      x.focus ?? '',
      res.goals,
      res.hours,
      res.cost,
      res.need ?? 'no data',
      res.needNote,
    );
  }
  const nc = a.notConnected;
  g.add(NOT_CONNECTED, 'orphan goals', '', nc.goals, nc.hours, nc.cost, '', '');
  const rEnd = g.rows.length;
  g.format(rect(rh + 1, 5, rEnd - rh, 1), '#,##0.0');
  g.format(rect(rh + 1, 6, rEnd - rh, 1), '#,##0');
  g.format(rect(rh + 1, 7, rEnd - rh, 1), '0%');
}

/**
 * The "Alignment Matrix" sheet.
 * @param a the analysis
 * @param names final sheet names (the Data Quality sheet is named in a note)
 * @param issueCount goal-sheet data-quality issues, for the note
 */
export function buildMatrixPlan(
  a: AlignmentAnalysis,
  names: SheetNames,
  issueCount: number,
): SheetPlan {
  const g = new Grid();
  const districts = a.goals.filter((x) => x.level === 'district');
  const schools = a.goals.filter((x) => x.level === 'school');
  const targets = [...districts, ...schools];
  const linkBetween = new Map<string, LinkDetail>();
  for (const l of a.links) linkBetween.set(`${l.from}\u0000${l.to}`, l);
  const m: MatrixContext = {
    g,
    a,
    byId: new Map(a.goals.map((x) => [x.id, x])),
    districts,
    targets,
    linkBetween,
    width: Math.max(FIXED + targets.length, 8),
    first: 0,
    last: 0,
    nRows: 0,
  };
  const head = matrixHead(m, schools);
  m.first = head + 1;
  matrixRows(
    m,
    LEVEL_ORDER.slice(1).flatMap((lv) => a.goals.filter((x) => x.level === lv)),
  );
  supportCounts(m);
  coherenceBlock(m);
  gapBlocks(m);
  resourcesBlock(m);
  if (issueCount > 0) {
    g.add();
    g.add(
      `${issueCount} problem(s) in the goals sheet: see the "${names['data-quality']}" sheet (codes GOAL_…).`,
    );
  }
  return {
    key: 'alignment-matrix',
    name: names['alignment-matrix'],
    cells: g.cells(m.width),
    styles: g.styles,
    numberFormats: g.formats,
    conditionalFormats: g.conditional,
    freeze: { rows: head, columns: 2 },
    columnWidths: [28, 12, 48, 18, 16, 28, 12, ...targets.map(() => 14)],
  };
}

/** Goals in outline order: each district goal and the tree under it, then the rest by level. */
function outlineOrder(a: AlignmentAnalysis): {
  entries: { x: GoalRecord; parent: string | null }[];
  connected: number;
} {
  const order = new Map(a.goals.map((x, i) => [x.id, i]));
  const outLinks = new Map<string, LinkDetail[]>();
  for (const l of a.links) outLinks.set(l.from, [...(outLinks.get(l.from) ?? []), l]);
  const primary = new Map<string, string | null>();
  for (const x of a.goals) {
    const path = a.paths[x.id];
    const ups = outLinks.get(x.id) ?? [];
    primary.set(
      x.id,
      path && path.length > 1
        ? path[1]
        : ((ups.find((l) => l.kind === 'explicit') ?? ups[0])?.to ?? null),
    );
  }
  const children = new Map<string, GoalRecord[]>();
  for (const x of a.goals) {
    const p = primary.get(x.id);
    if (p) children.set(p, [...(children.get(p) ?? []), x]);
  }
  const out: { x: GoalRecord; parent: string | null }[] = [];
  const visited = new Set<string>();
  const visit = (x: GoalRecord, parent: string | null) => {
    if (visited.has(x.id)) return;
    visited.add(x.id);
    out.push({ x, parent });
    for (const c of children.get(x.id) ?? []) visit(c, x.id);
  };
  for (const d of a.goals.filter((x) => x.level === 'district')) visit(d, null);
  const connected = out.length;
  a.goals
    .filter((x) => !visited.has(x.id))
    .sort(
      (x, y) => LEVEL_RANK[x.level] - LEVEL_RANK[y.level] || order.get(x.id)! - order.get(y.id)!,
    )
    .forEach((x) => visit(x, primary.get(x.id) ?? null));
  return { entries: out, connected };
}

/** The text of a goal's "Link" cell: its main link and the others. */
function linkText(a: AlignmentAnalysis, x: GoalRecord, parent: string | null): string {
  const ups = a.links.filter((l) => l.from === x.id);
  const main = parent ? ups.find((l) => l.to === parent) : undefined;
  const parts: string[] = [];
  if (main)
    parts.push(main.kind === 'explicit' ? `● names ${main.to} as its parent` : `○ ${main.reason}`);
  const others = ups.filter((l) => l !== main);
  if (others.length) {
    parts.push(
      `also linked to ${others.map((l) => `${l.to} ${l.kind === 'explicit' ? '●' : '○'}`).join(', ')}`,
    );
  }
  if (x.level === 'district' && a.unsupported.includes(x.id)) parts.push('no supporting goals');
  return parts.join('; ');
}

/** Pixels of a default row (15 points). */
const ROW_PX = 20;

/**
 * The "Alignment Map" sheet: the map drawn (a shape per goal by level, a connector per link)
 * above the same tree as an outline (one column per level, each goal under the next goal on
 * its best path), goals with no path to a district priority under "Not connected".
 */
export function buildMapPlan(a: AlignmentAnalysis, names: SheetNames): SheetPlan {
  const g = new Grid();
  const { entries, connected } = outlineOrder(a);
  const title = g.add('Alignment Map');
  g.style({ bold: true, fontSize: 14 }, rect(title, 1));
  g.add(
    'Dark blue: district priorities; blue: school goals; light: team and individual goals. Solid line: the goal names its parent; dashed line: inferred (same focus). Red dashed outline: not linked to a priority; orange: a priority no goal serves. "PL": the professional learning serving the goal.',
  );
  const top = 3 * ROW_PX + 16;
  const { drawing, height } = mapDrawing(a, entries, top);
  const drawnRows = Math.ceil((top + height + ROW_PX) / ROW_PX);
  while (g.rows.length < drawnRows) g.add();
  g.add(
    `The same map as an outline. ${MARK_EXPLICIT.slice(0, 1)} = the goal names its parent; ${MARK_INFERRED.slice(0, 1)} = inferred link (same focus). Goals with no path to a district priority are under "${NOT_CONNECTED}".`,
  );
  const header = headerRow(g, [
    'District',
    'School',
    'Team',
    'Individual',
    'Focus',
    'Student group',
    'Owner',
    'Link',
  ]);
  let notConnectedDone = false;
  if (!a.goals.some((x) => x.level === 'district'))
    g.add('No district priorities in the goals sheet.');
  for (const [i, { x, parent }] of entries.entries()) {
    if (i >= connected && !notConnectedDone) {
      notConnectedDone = true;
      notConnectedRow(g);
    }
    const col = LEVEL_RANK[x.level] + 1;
    const r = g.add();
    g.set(r, col, `${x.id} · ${x.statement || '(no statement)'}`);
    g.set(r, 5, x.focus ?? '');
    g.set(r, 6, x.group ?? '');
    g.set(r, 7, x.owner ?? '');
    g.set(r, 8, linkText(a, x, parent));
    // The fill runs to the last level column, so the statement overflowing there stays readable.
    g.style(
      { fill: LEVEL_FILL[x.level], fontColor: LEVEL_FONT[x.level] },
      rect(r, col, 1, 5 - col),
    );
    // An individual goal has no empty level column to run into: it wraps in its own, as do
    // focus, group and owner (never cut by the column beside them).
    g.style({ wrap: true }, rect(r, 5, 1, 3));
    if (col === 4) g.style({ wrap: true }, rect(r, 4, 1, 1));
  }
  if (!notConnectedDone) {
    notConnectedRow(g);
    g.add('None.');
  }
  g.add();
  g.add(`The matrix of goals and priorities is on "${names['alignment-matrix']}".`);

  return {
    key: 'alignment-map',
    name: names['alignment-map'],
    cells: g.cells(8),
    styles: g.styles,
    columnWidths: [36, 36, 36, 36, ...outlineWidths(entries.map((e) => e.x)), 60],
    drawing,
    print: {
      orientation: 'landscape',
      fitWidth: 1,
      fitHeight: 0,
      titleRows: { first: header, last: header },
    },
  };
}

/** Focus, student group and owner columns: as wide as their longest text, 14 to 28 characters. */
function outlineWidths(goals: GoalRecord[]): number[] {
  const texts = (f: (x: GoalRecord) => string | null | undefined, header: string) =>
    Math.min(28, Math.max(14, header.length + 2, ...goals.map((x) => (f(x) ?? '').length + 2)));
  return [
    texts((x) => x.focus, 'Focus'),
    texts((x) => x.group, 'Student group'),
    texts((x) => x.owner, 'Owner'),
  ];
}

function notConnectedRow(g: Grid): void {
  const nc = g.add();
  g.set(nc, 1, `${NOT_CONNECTED} (no path to a district priority)`);
  g.style({ bold: true, fill: '#F8CBAD' }, rect(nc, 1, 1, 8));
}
