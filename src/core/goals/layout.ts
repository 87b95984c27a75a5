/**
 * How a dataset's records fall into the needs analysis' units (teams, or the whole school when
 * the data names no team) and groups (everyone in a unit, or one value of one subgroup column
 * in it), and the listing of a group's records in record order (per-student targets and the
 * few figures that are not sums). The groups' figures themselves come from grouped cells
 * (`group-stats.ts`).
 */
import type { Categorical, Dataset } from '../dataset';
import type { GoalLevel, GroupRef } from '../report';
import { teamSchools } from '../team-schools';

/** One collator for every label comparison: `localeCompare` with options builds one per call. */
const collator = new Intl.Collator('en', { numeric: true });
export const byLabel = collator.compare;

/** A team (or the whole school when the data names no team). */
export interface Unit {
  team: string | null;
  school: string | null;
  level: GoalLevel;
  /** Number of records. */
  size: number;
  /** Position of the unit's first record in the listing by unit. */
  offset: number;
  /** The unit's first slot among the groups (its team code × stride; 0 without teams). */
  base: number;
}

/** A group of a unit: everyone (col −1) or the records with value `code` in subgroup column `col`. */
export interface GroupSel {
  groups: GroupRef[];
  label: string;
  col: number;
  code: number;
}

/** How a dataset's records fall into units and groups. */
export interface Layout {
  ds: Dataset;
  units: Unit[];
  /** Unit of each team code (-1: none); null when the data names no team: one unit of all records. */
  unitOf: Int32Array | null;
  /** The subgroup columns groups come from (students: every subgroup column; educators: none). */
  cols: Categorical[];
  /**
   * Group slots per team code: everyone, then each column's values, then for each column of
   * more than two values the rest of each value (the unit's other known values; with two values
   * the rest is the other group, with one there is none).
   */
  stride: number;
  groupBase: number[];
  /** First rest slot of each column (-1: two values or fewer). */
  restBase: number[];
  /** Each unit's groups, in the needs' order: everyone, then every value of each column. */
  groups: GroupSel[][];
  /** Records at each position: the units' records one after another (made on first use). */
  order: Int32Array | null;
  /** Scratch space as long as the largest unit (made on first use). */
  scratch: Float64Array | null;
  largest: number;
}

/** Units (teams present, in label order, each with its most frequent school) and their groups. */
export function layoutOf(ds: Dataset, cols: Categorical[]): Layout {
  const groupBase: number[] = [];
  const restBase: number[] = [];
  let stride = 1;
  for (const sg of cols) {
    groupBase.push(stride);
    stride += sg.labels.length;
  }
  for (const sg of cols) {
    restBase.push(sg.labels.length > 2 ? stride : -1);
    if (sg.labels.length > 2) stride += sg.labels.length;
  }
  const layout: Layout = {
    ds,
    units: [],
    unitOf: null,
    cols,
    stride,
    groupBase,
    restBase,
    groups: [],
    order: null,
    scratch: null,
    largest: 0,
  };
  if (!ds.team) {
    const school = ds.school && ds.school.labels.length === 1 ? ds.school.labels[0] : null;
    layout.units = [{ team: null, school, level: 'school', size: ds.size, offset: 0, base: 0 }];
  } else {
    const { labels, codes } = ds.team;
    const count = new Int32Array(labels.length);
    for (let i = 0; i < ds.size; i++) if (codes[i] >= 0) count[codes[i]]++;
    const present: number[] = [];
    for (let c = 0; c < labels.length; c++) if (count[c] > 0) present.push(c);
    present.sort((a, b) => byLabel(labels[a], labels[b]));
    const unitOf = (layout.unitOf = new Int32Array(labels.length).fill(-1));
    let offset = 0;
    layout.units = present.map((c, k): Unit => {
      unitOf[c] = k;
      const u: Unit = {
        team: labels[c],
        school: null,
        level: 'team',
        size: count[c],
        offset,
        base: c * stride,
      };
      offset += count[c];
      return u;
    });
    if (ds.school) unitSchools(layout);
  }
  for (const u of layout.units) layout.largest = Math.max(layout.largest, u.size);
  layout.groups = groupsOf(layout);
  return layout;
}

/** Each unit's school: its team's (team-schools.ts, the one rule for it). */
function unitSchools(layout: Layout): void {
  const schools = teamSchools(layout.ds);
  for (const u of layout.units) u.school = schools[u.base / layout.stride];
}

/**
 * The groups of each unit: everyone, then every value of each subgroup column, in label order
 * (a value absent from a unit has no scores: no need is made of it).
 */
function groupsOf(layout: Layout): GroupSel[][] {
  const { units, cols, ds } = layout;
  const everyone = ds.population === 'students' ? 'All students' : 'All educators';
  const list: GroupSel[] = [{ groups: [], label: everyone, col: -1, code: -1 }];
  cols.forEach((sg, j) => {
    const byLabelOrder = Array.from(sg.labels, (_, k) => k).sort((a, b) =>
      byLabel(sg.labels[a], sg.labels[b]),
    );
    for (const k of byLabelOrder) {
      list.push({
        groups: [{ column: sg.column, value: sg.labels[k] }],
        label: `${sg.column}: ${sg.labels[k]}`,
        col: j,
        code: k,
      });
    }
  });
  // Every unit has the same groups: one shared, read-only list.
  return units.map(() => list);
}

/** `layout.order`, made on first use; null when every record is in the one unit (position = record). */
function orderOf(layout: Layout): Int32Array | null {
  if (!layout.unitOf) return null;
  if (layout.order) return layout.order;
  const { units, unitOf } = layout;
  const codes = layout.ds.team!.codes;
  const fill = Int32Array.from(units, (u) => u.offset);
  const last = units.length ? units[units.length - 1] : null;
  const order = new Int32Array(last ? last.offset + last.size : 0);
  for (let i = 0; i < layout.ds.size; i++) {
    const c = codes[i];
    if (c >= 0) order[fill[unitOf[c]]++] = i;
  }
  return (layout.order = order);
}

/** Scratch space as long as the largest unit, for a group's scores or targets. */
export function scratchOf(layout: Layout): Float64Array {
  return (layout.scratch ??= new Float64Array(layout.largest));
}

/**
 * Visit, in record order, the records of unit `ui` in a group: everyone (col −1), the records
 * with value `code` in column `col`, or (rest) those with another known value in that column.
 */
export function eachRecord(
  layout: Layout,
  ui: number,
  col: number,
  code: number,
  rest: boolean,
  visit: (i: number) => void,
): void {
  const u = layout.units[ui];
  const order = orderOf(layout);
  const codes = col >= 0 ? layout.cols[col].codes : null;
  for (let p = u.offset, end = u.offset + u.size; p < end; p++) {
    const i = order ? order[p] : p;
    if (codes) {
      const c = codes[i];
      if (rest ? c < 0 || c === code : c !== code) continue;
    }
    visit(i);
  }
}
