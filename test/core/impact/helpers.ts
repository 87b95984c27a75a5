/** Build Datasets directly (no intake), so the impact tests see exactly the numbers given. */
import { readFileSync } from 'node:fs';
import type { Categorical, Dataset, MeasureData } from '../../../src/core/dataset';

export function categorical(column: string, values: (string | null)[]): Categorical {
  const labels: string[] = [];
  const codes = new Int32Array(values.length);
  values.forEach((v, i) => {
    if (v === null) return void (codes[i] = -1);
    let c = labels.indexOf(v);
    if (c < 0) c = labels.push(v) - 1;
    codes[i] = c;
  });
  return { column, labels, codes };
}

export interface MeasureInput {
  name: string;
  pre: (number | null)[];
  post: (number | null)[];
  max?: number | null;
  proficient?: number | null;
}

export function measure(m: MeasureInput): MeasureData {
  const f = (a: (number | null)[]) => Float64Array.from(a, (v) => (v === null ? NaN : v));
  return {
    name: m.name,
    preColumn: `${m.name} pre`,
    postColumn: `${m.name} post`,
    max: m.max ?? null,
    proficient: m.proficient ?? null,
    pre: f(m.pre),
    post: f(m.post),
  };
}

export function dataset(options: {
  population?: 'students' | 'educators';
  sheet?: string;
  team?: (string | null)[];
  /** A School column of its own (reported beside the teams and crossed with the subgroups). */
  school?: (string | null)[];
  subgroups?: Record<string, (string | null)[]>;
  measures: MeasureInput[];
  pdHours?: (number | null)[];
}): Dataset {
  const size = options.measures[0].pre.length;
  return {
    population: options.population ?? 'students',
    sheet: options.sheet ?? 'Data',
    headerRow: 1,
    size,
    rows: Int32Array.from({ length: size }, (_, i) => i + 2),
    ids: Array.from({ length: size }, (_, i) => `S${i + 1}`),
    idColumn: 'ID',
    team: options.team ? categorical('Team', options.team) : null,
    school: options.school ? categorical('School', options.school) : null,
    teacher: null,
    subgroups: Object.entries(options.subgroups ?? {}).map(([c, v]) => categorical(c, v)),
    measures: options.measures.map(measure),
    pdHours: options.pdHours
      ? Float64Array.from(options.pdHours, (v) => (v === null ? NaN : v))
      : undefined,
    pdHoursColumn: options.pdHours ? 'PD hours' : undefined,
  };
}

/** A CSV of plain values (quotes stripped), as columns by header. */
export function readCsv(file: string, sep = ','): Record<string, string[]> {
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const unq = (s: string) => s.replace(/^"|"$/g, '');
  const header = lines[0].split(sep).map(unq);
  const cols: Record<string, string[]> = Object.fromEntries(header.map((h) => [h, []]));
  for (const line of lines.slice(1))
    line.split(sep).forEach((v, i) => cols[header[i]].push(unq(v)));
  return cols;
}

/** |got − want| within 1e-12 relative (absolute for values near 0). */
export function close(got: number | null | undefined, want: number, tol = 1e-12): boolean {
  return typeof got === 'number' && Math.abs(got - want) <= tol * Math.max(1, Math.abs(want));
}
