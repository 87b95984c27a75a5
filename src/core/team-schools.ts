/**
 * A team's school, the one rule for it: the school most of the team's records name (a tie: the
 * one met first in record order); null when none of its records names a school. Goals
 * (goals/layout.ts) and the role views (views/index.ts) both show a team under it, so a team
 * whose records span two schools is shown under the same school everywhere.
 */
import type { Dataset } from './dataset';

/** Team × school pairs counted in one table at most (else in a Map of the pairs met). */
const PAIR_TABLE = 1 << 22;

/**
 * Each team code's school label (null: none named), for a dataset's team and school columns;
 * empty without a team column.
 * @example teamSchools(ds)[ds.team.codes[0]] // the school of the first record's team
 */
export function teamSchools(ds: Dataset): (string | null)[] {
  const team = ds.team;
  if (!team) return [];
  const out = new Array<string | null>(team.labels.length).fill(null);
  const school = ds.school;
  if (!school) return out;
  const sl = school.labels.length;
  const pairs = pairCounts(ds, team.labels.length * sl);
  const best = new Int32Array(team.labels.length).fill(-1);
  const bestCount = new Int32Array(team.labels.length);
  const bestFirst = new Int32Array(team.labels.length);
  pairs.forEach((count, first, key) => {
    const t = Math.floor(key / sl);
    if (best[t] < 0 || count > bestCount[t] || (count === bestCount[t] && first < bestFirst[t])) {
      best[t] = key - t * sl;
      bestCount[t] = count;
      bestFirst[t] = first;
    }
  });
  for (let t = 0; t < out.length; t++) if (best[t] >= 0) out[t] = school.labels[best[t]];
  return out;
}

/** The records of each team × school pair met (key team × schools + school) and its first record. */
interface PairCounts {
  forEach(each: (count: number, first: number, key: number) => void): void;
}

function pairCounts(ds: Dataset, range: number): PairCounts {
  const tc = ds.team!.codes;
  const sc = ds.school!.codes;
  const sl = ds.school!.labels.length;
  if (range <= PAIR_TABLE) {
    const count = new Int32Array(range);
    const first = new Int32Array(range);
    for (let i = 0; i < ds.size; i++) {
      const t = tc[i];
      const b = sc[i];
      if (t < 0 || b < 0) continue;
      if (count[t * sl + b]++ === 0) first[t * sl + b] = i;
    }
    return {
      forEach: (each) => {
        for (let k = 0; k < range; k++) if (count[k] > 0) each(count[k], first[k], k);
      },
    };
  }
  const met = new Map<number, { count: number; first: number }>();
  for (let i = 0; i < ds.size; i++) {
    const t = tc[i];
    const b = sc[i];
    if (t < 0 || b < 0) continue;
    const key = t * sl + b;
    const pair = met.get(key);
    if (pair) pair.count++;
    else met.set(key, { count: 1, first: i });
  }
  return { forEach: (each) => met.forEach((p, key) => each(p.count, p.first, key)) };
}
