/**
 * Per-student targets (the Student Targets sheet: one per student × measure, two million at a
 * million students) as columns: a target is a record of a dataset, its measure and method, its
 * baseline and target. Its sheet, row, ID, team and groups are read from the dataset when asked.
 * As StudentTarget objects the same list took about 150 bytes a target; this about 30.
 */
import type { Dataset } from '../dataset';
import type { TargetMethod } from '../report';
import { labelOf } from './learning';
import type { StudentTarget } from './types';

/** The Student Targets label of a student's team: "(school)" without a team column. */
export const teamText = (t: string | null) => t ?? '(school)';

/** A value's code in a short list of distinct values (datasets, measures, methods). */
function codeOf<T>(list: T[], value: T): number {
  let code = list.indexOf(value);
  if (code < 0) code = list.push(value) - 1;
  return code;
}

const EMPTY = {
  u8: new Uint8Array(0),
  u16: new Uint16Array(0),
  i32: new Int32Array(0),
  f64: new Float64Array(0),
};

export class StudentTargets {
  length = 0;
  private readonly datasets: Dataset[] = [];
  private readonly measures: string[] = [];
  private readonly methods: TargetMethod[] = [];
  // Empty until the first push (most drafts set no per-student target): shared, never written.
  private dsCode = EMPTY.u16;
  private record = EMPTY.i32;
  private measureCode = EMPTY.u16;
  private methodCode = EMPTY.u8;
  private baselines = EMPTY.f64;
  private targets = EMPTY.f64;
  private atMaxes = EMPTY.u8;

  private grow(): void {
    const n = Math.max(16, 2 * this.record.length);
    const more = <A extends Uint8Array | Uint16Array | Int32Array | Float64Array>(a: A): A => {
      const b = new (a.constructor as new (n: number) => A)(n);
      b.set(a);
      return b;
    };
    this.dsCode = more(this.dsCode);
    this.record = more(this.record);
    this.measureCode = more(this.measureCode);
    this.methodCode = more(this.methodCode);
    this.baselines = more(this.baselines);
    this.targets = more(this.targets);
    this.atMaxes = more(this.atMaxes);
  }

  /** A target for record `i` of `ds`. */
  push(
    ds: Dataset,
    i: number,
    measure: string,
    method: TargetMethod,
    baseline: number,
    target: number,
    atMax: boolean,
  ): void {
    if (this.length === this.record.length) this.grow();
    const k = this.length++;
    this.dsCode[k] = codeOf(this.datasets, ds);
    this.record[k] = i;
    this.measureCode[k] = codeOf(this.measures, measure);
    this.methodCode[k] = codeOf(this.methods, method);
    this.baselines[k] = baseline;
    this.targets[k] = target;
    this.atMaxes[k] = atMax ? 1 : 0;
  }

  /** Target `k` of `other`, appended. */
  pushFrom(other: StudentTargets, k: number): void {
    this.push(
      other.dataset(k),
      other.record[k],
      other.measure(k),
      other.method(k),
      other.baselines[k],
      other.targets[k],
      other.atMaxes[k] === 1,
    );
  }

  /** The targets for which `keep(k)` holds, in order. */
  filter(keep: (k: number) => boolean): StudentTargets {
    const out = new StudentTargets();
    for (let k = 0; k < this.length; k++) if (keep(k)) out.pushFrom(this, k);
    return out;
  }

  dataset(k: number): Dataset {
    return this.datasets[this.dsCode[k]];
  }
  sheet(k: number): string {
    return this.dataset(k).sheet;
  }
  /** The student's row on its sheet. */
  row(k: number): number {
    return this.dataset(k).rows[this.record[k]];
  }
  id(k: number): string {
    return this.dataset(k).ids[this.record[k]];
  }
  /** The team's label, or "(school)" without a team column. */
  team(k: number): string {
    return teamText(labelOf(this.dataset(k).team, this.record[k]));
  }
  measure(k: number): string {
    return this.measures[this.measureCode[k]];
  }
  method(k: number): TargetMethod {
    return this.methods[this.methodCode[k]];
  }
  baseline(k: number): number {
    return this.baselines[k];
  }
  target(k: number): number {
    return this.targets[k];
  }

  /**
   * The subgroup columns of the targets' datasets, in order of first appearance, and a reader of
   * target k's value in column j of them ("" when missing, or when its dataset has no such column).
   */
  groups(): { columns: string[]; value: (k: number, j: number) => string } {
    const columns: string[] = [];
    for (const ds of this.datasets)
      for (const sg of ds.subgroups) if (!columns.includes(sg.column)) columns.push(sg.column);
    const byDataset = this.datasets.map((ds) =>
      columns.map((c) => ds.subgroups.find((sg) => sg.column === c) ?? null),
    );
    const value = (k: number, j: number) =>
      labelOf(byDataset[this.dsCode[k]][j], this.record[k]) ?? '';
    return { columns, value };
  }

  /**
   * The targets by team label, then measure, each in order of first appearance; a group's
   * targets in order. Read from codes (two million targets at a million students), not labels.
   */
  byTeamAndMeasure(): { team: string; measure: string; targets: Int32Array }[] {
    const teams: string[] = [];
    const index = new Map<string, number>();
    // Per dataset, team code + 1 → the team's index in `teams` (-1: not seen yet).
    const tables = this.datasets.map((ds) =>
      new Int32Array((ds.team?.labels.length ?? 0) + 1).fill(-1),
    );
    const teamOf = new Int32Array(this.length);
    for (let k = 0; k < this.length; k++) {
      const d = this.dsCode[k];
      const team = this.datasets[d].team;
      const slot = (team ? team.codes[this.record[k]] : -1) + 1;
      let t = tables[d][slot];
      if (t < 0) {
        const label = this.team(k);
        t = index.get(label) ?? -1;
        if (t < 0) index.set(label, (t = teams.push(label) - 1));
        tables[d][slot] = t;
      }
      teamOf[k] = t;
    }
    const m = this.measures.length;
    const counts = new Int32Array(teams.length * m);
    for (let k = 0; k < this.length; k++) counts[teamOf[k] * m + this.measureCode[k]]++;
    const lists = Array.from(counts, (n) => new Int32Array(n));
    const filled = new Int32Array(counts.length);
    for (let k = 0; k < this.length; k++) {
      const g = teamOf[k] * m + this.measureCode[k];
      lists[g][filled[g]++] = k;
    }
    const out: { team: string; measure: string; targets: Int32Array }[] = [];
    for (let g = 0; g < counts.length; g++)
      if (counts[g])
        out.push({ team: teams[(g / m) | 0], measure: this.measures[g % m], targets: lists[g] });
    return out;
  }

  /**
   * How many of `targets` have each value of group column j (of groups()), the values sorted,
   * without the missing ("").
   */
  valueCounts(targets: Int32Array, columns: string[], j: number): [string, number][] {
    const byValue = new Map<string, number>();
    // Per dataset, counts by the column's code, then summed by label.
    const cats = this.datasets.map(
      (ds) => ds.subgroups.find((sg) => sg.column === columns[j]) ?? null,
    );
    const tallies = cats.map((c) => new Int32Array(c ? c.labels.length : 0));
    for (let i = 0; i < targets.length; i++) {
      const k = targets[i];
      const c = cats[this.dsCode[k]];
      const code = c ? c.codes[this.record[k]] : -1;
      if (code >= 0) tallies[this.dsCode[k]][code]++;
    }
    tallies.forEach((t, d) =>
      t.forEach((n, code) => {
        const v = cats[d]!.labels[code];
        if (n && v !== '') byValue.set(v, (byValue.get(v) ?? 0) + n);
      }),
    );
    return [...byValue.keys()].sort().map((v) => [v, byValue.get(v)!]);
  }

  /** Target k as an object (for a reader of a few; the sheet is made from the columns). */
  at(k: number): StudentTarget {
    const ds = this.dataset(k);
    const i = this.record[k];
    const groups: Record<string, string> = {};
    for (const sg of ds.subgroups) groups[sg.column] = labelOf(sg, i) ?? '';
    return {
      sheet: ds.sheet,
      row: this.row(k),
      id: this.id(k),
      team: labelOf(ds.team, i),
      groups,
      measure: this.measure(k),
      method: this.method(k),
      baseline: this.baselines[k],
      target: this.targets[k],
      atMax: this.atMaxes[k] === 1,
    };
  }
}
