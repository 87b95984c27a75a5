/**
 * The example district's winter window (scripts/generate-district.mjs, WINTER_SHARE) plants
 * teams on track, on watch and off track. Each team's goal here is the one a team would type:
 * a mean reading (or math) score 6 points above its fall mean by spring. By winter, half of it
 * is expected (3 points; linear path over three windows); watch from half of that (1.5 points).
 * The means are worked from the sheet's cells in this test (plain sums over the rows of the
 * team with a fall and a winter score), not from the engine's Datasets.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { MappingConfig } from '../../src/core/config';
import { readDatasets } from '../../src/core/intake';
import { computeProgress, type GoalProgress, type TrackedGoal } from '../../src/core/progress';
import type { RawTable } from '../../src/core/types';
import { readValues, ROOT, SAMPLE, type SheetValues } from './workbook';

const GROWTH = 6;
const PLANTED: [string, 'Reading' | 'Math', string][] = [
  ['Cedar Grade 2', 'Reading', 'on track'],
  ['Lakeside Grade 2', 'Math', 'on track'],
  ['Northview Grade 7', 'Reading', 'watch'],
  ['Cedar Grade 3', 'Reading', 'off track'],
  ['Lakeside Grade 4', 'Reading', 'off track'],
];

let students: SheetValues;
let progress: GoalProgress[];

/** Column (0-based) of a header in the Students sheet. */
const col = (h: string) => students.values[0].indexOf(h);

/** A team's rows with a number in both columns: [fall, winter, id, Excel row]. */
function pairs(team: string, measure: string) {
  const [t, id, f, w] = [
    'Team',
    'Student ID',
    `${measure} Fall (0-100)`,
    `${measure} Winter (0-100)`,
  ].map(col);
  const out: [number, number, string, number][] = [];
  const seen = new Set<string>();
  students.values.slice(1).forEach((r, k) => {
    const key = String(r[id]);
    if (seen.has(key)) return; // the double-entered row (403) is excluded, as Data Quality says
    seen.add(key);
    if (
      r[t] === team &&
      typeof r[f] === 'number' &&
      typeof r[w] === 'number' &&
      (r[f] as number) <= 100 &&
      (r[w] as number) <= 100
    )
      out.push([r[f] as number, r[w] as number, key, k + 2]);
  });
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

beforeAll(async () => {
  const sheets = await readValues(SAMPLE);
  students = sheets.get('Students')!;
  const tables: RawTable[] = [...sheets].map(([sheet, v]) => ({
    sheet,
    firstRow: 1,
    firstColumn: 1,
    values: v.values,
  }));
  const config = JSON.parse(
    readFileSync(path.join(ROOT, 'examples/district-sample.config.json'), 'utf8'),
  ) as MappingConfig;
  // Mid-year: the windows up to winter.
  for (const m of config.students[0].measures) m.windows = m.windows!.slice(0, 2);
  const { datasets } = readDatasets(tables, config);
  const goals: TrackedGoal[] = PLANTED.map(([team, measure]) => ({
    id: team,
    level: 'team',
    team,
    measure,
    groups: [],
    groupLabel: 'All students',
    metric: 'mean',
    adoptedBaseline: null,
    target: mean(pairs(team, measure).map((p) => p[0])) + GROWTH,
    statement: `${measure} +${GROWTH}`,
    learningFocus: null,
  }));
  progress = computeProgress(goals, datasets, config);
}, 120_000);

describe('the example district at winter: planted progress', () => {
  it.each(PLANTED)('%s %s is %s', (team, measure, status) => {
    const p = progress.find((x) => x.team === team)!;
    const ps = pairs(team, measure);
    const fall = mean(ps.map((x) => x[0]));
    const winter = mean(ps.map((x) => x[1]));
    // expected = fall + ½ × 6 = fall + 3; watch from fall + 1.5
    const hand = winter >= fall + 3 ? 'on track' : winter >= fall + 1.5 ? 'watch' : 'off track';
    expect([p.windows[1].n, p.baseline, p.windows[1].value, p.windows[1].expected]).toEqual([
      ps.length,
      expect.closeTo(fall, 9),
      expect.closeTo(winter, 9),
      expect.closeTo(fall + 3, 9),
    ]);
    expect(hand).toBe(status);
    expect(p.status).toBe(status);
  });

  it('lists the students furthest behind their own path (fall + 3 by winter)', () => {
    for (const [team, measure] of PLANTED) {
      const p = progress.find((x) => x.team === team)!;
      const behind = pairs(team, measure)
        .map(([f, w, id, row]) => ({ id, row, short: f + 3 - w }))
        .filter((s) => s.short > 1e-9)
        .sort((a, b) => b.short - a.short || a.row - b.row);
      expect(p.behindCount).toBe(behind.length);
      expect(p.behind.map((b) => [b.id, b.row, b.shortfall])).toEqual(
        behind.slice(0, 5).map((b) => [b.id, b.row, b.short]),
      );
    }
  });

  it('the goals off track get adjust sentences; those on track none', () => {
    for (const p of progress) expect(p.adjust.length > 0).toBe(p.status === 'off track');
  });
});
