/**
 * The report's `windows` section: every testing window of every measure with its n, mean and
 * SD, so a BOY/MOY/EOY layout shows all three windows (the impact rows compare two of them).
 */
import type { Dataset } from '../dataset';
import type { MeasureWindows, WindowSummary } from '../report';

function summarise(name: string, column: string, scores: ArrayLike<number>): WindowSummary {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    const x = scores[i];
    if (x === x) {
      n++;
      sum += x;
    }
  }
  const mean = n ? sum / n : null;
  let ss = 0;
  if (mean !== null)
    for (let i = 0; i < scores.length; i++) {
      const x = scores[i];
      if (x === x) ss += (x - mean) * (x - mean);
    }
  return {
    name,
    column,
    n,
    mean,
    sd: n >= 2 ? Math.sqrt(ss / (n - 1)) : null,
    undefinedReason: n === 0 ? 'no scores in this window' : n < 2 ? 'one score: no SD' : null,
  };
}

/** One entry per measure of every Dataset, its windows in order (v1 measures: pre and post). */
export function summariseWindows(datasets: Dataset[]): MeasureWindows[] {
  return datasets.flatMap((d) =>
    d.measures.map((m) => {
      const list = m.windows ?? [
        { name: m.preColumn, column: m.preColumn, scores: m.pre },
        { name: m.postColumn, column: m.postColumn, scores: m.post },
      ];
      const pre = m.windows ? (m.preWindow ?? 0) : 0;
      const post = m.windows ? (m.postWindow ?? list.length - 1) : 1;
      return {
        population: d.population,
        sheet: d.sheet,
        measure: m.name,
        pre: list[pre].name,
        post: list[post].name,
        windows: list.map((w) => summarise(w.name, w.column, w.scores)),
      };
    }),
  );
}
