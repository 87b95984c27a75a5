/**
 * A Dataset cut down to some of its records: every column keeps only the chosen records, and a
 * category column keeps only the labels those records use (a team or teacher that is not in the
 * slice leaves no label behind for a sheet to show).
 */
import type {
  Categorical,
  CodeArray,
  Dataset,
  MeasureData,
  ScoreArray,
  WindowData,
} from '../dataset';

/** The values of `a` at `keep` (record indices in order), in an array of the same kind. */
function pick<T extends ScoreArray | Float64Array | Int32Array>(a: T, keep: number[]): T {
  const out = new (a.constructor as new (n: number) => T)(keep.length);
  keep.forEach((r, k) => (out[k] = a[r]));
  return out;
}

/** A category column for the kept records, re-coded onto the labels they use (first-use order). */
export function pickCategorical(c: Categorical, keep: number[]): Categorical {
  const recode = new Map<number, number>();
  const labels: string[] = [];
  const codes: CodeArray = new Int32Array(keep.length);
  keep.forEach((r, k) => {
    const old = c.codes[r];
    if (old < 0) {
      codes[k] = -1;
      return;
    }
    let code = recode.get(old);
    if (code === undefined) {
      code = labels.length;
      recode.set(old, code);
      labels.push(c.labels[old]);
    }
    codes[k] = code;
  });
  return {
    column: c.column,
    labels,
    codes: labels.length < 32767 ? Int16Array.from(codes) : codes,
  };
}

function pickMeasure(m: MeasureData, keep: number[]): MeasureData {
  const windows: WindowData[] | undefined = m.windows?.map((w) => ({
    ...w,
    scores: pick(w.scores, keep),
  }));
  const out: MeasureData = { ...m, pre: pick(m.pre, keep), post: pick(m.post, keep) };
  if (windows) {
    out.windows = windows;
    // pre and post are the scores of their windows (dataset.ts): keep them the same arrays.
    if (m.preWindow !== undefined) out.pre = windows[m.preWindow].scores;
    if (m.postWindow !== undefined) out.post = windows[m.postWindow].scores;
  }
  return out;
}

/** The dataset holding only the records at `keep` (indices in ascending order). */
export function pickRecords(d: Dataset, keep: number[]): Dataset {
  const cat = (c: Categorical | null) => (c ? pickCategorical(c, keep) : null);
  const out: Dataset = {
    ...d,
    size: keep.length,
    rows: pick(d.rows, keep),
    ids: keep.map((r) => d.ids[r]),
    team: cat(d.team),
    school: cat(d.school),
    teacher: cat(d.teacher),
    subgroups: d.subgroups.map((s) => pickCategorical(s, keep)),
    measures: d.measures.map((m) => pickMeasure(m, keep)),
  };
  if (d.pdHours) out.pdHours = pick(d.pdHours, keep);
  if (d.coach) out.coach = pickCategorical(d.coach, keep);
  return out;
}

/** The label of record `r` in a category column (null when missing or no column). */
export function labelOf(c: Categorical | null, r: number): string | null {
  if (!c) return null;
  const code = c.codes[r];
  return code < 0 ? null : c.labels[code];
}
