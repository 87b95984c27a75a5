/**
 * computeImpact adds each record to one cell (team × subgroup values) per measure and builds
 * every group by merging cells. Checked against hand calculations, against the group-by-group
 * computation it replaced (a PairedAccumulator per group fed every record of the group in
 * turn, written out here), and against a plain two-pass computation written here.
 */
import { describe, expect, it } from '@jest/globals';
import type { MappingConfig } from '../../../src/core/config';
import type { Dataset } from '../../../src/core/dataset';
import { computeImpact } from '../../../src/core/impact';
import {
  groupRefs,
  groupSpecs,
  reportedSubgroups,
  type GroupSpec,
} from '../../../src/core/impact/groups';
import { readDatasets } from '../../../src/core/intake';
import type { ImpactRow, PairedFigures } from '../../../src/core/report';
import { PairedAccumulator, pairedFigures } from '../../../src/core/stats';
import { mulberry32 } from '../../../bench/generate.cjs';
import { categorical, close, dataset, type MeasureInput } from './helpers';

const CONFIG: MappingConfig = { version: 1, students: [] };

/**
 * The figures of every group as computed before cells: for each record, a PairedAccumulator
 * per group it belongs to (overall, team, each subgroup value, team × value; with a School
 * column: each school, school × value), fed in record order; a group with no record left out,
 * overall always there.
 */
function groupByGroup(ds: Dataset): { groups: ImpactRow['groups']; figures: PairedFigures }[] {
  const subs = reportedSubgroups(ds);
  const school = ds.population === 'students' && ds.school !== null;
  const key = (s: GroupSpec) =>
    s.kind === 'all'
      ? 'all'
      : s.kind === 'team'
        ? `t${s.team}`
        : s.kind === 'subgroup'
          ? `s${s.sub}:${s.value}`
          : s.kind === 'cross'
            ? `c${s.team}:${s.sub}:${s.value}`
            : `x${s.school}:${s.sub}:${s.value}`;
  const out: { groups: ImpactRow['groups']; figures: PairedFigures }[] = [];
  ds.measures.forEach((m) => {
    const accs = new Map<string, PairedAccumulator>();
    const options = { max: m.max, proficient: m.proficient };
    for (let r = 0; r < ds.size; r++) {
      const x = m.pre[r];
      const y = m.post[r];
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      const team = ds.team ? ds.team.codes[r] : -1;
      const keys = ['all'];
      if (team >= 0) keys.push(`t${team}`);
      // With a school, it is subgroup 0: its own groups, never crossed with a team.
      const sc = school ? subs[0].codes[r] : -1;
      subs.forEach((s, j) => {
        const v = s.codes[r];
        if (v < 0) return;
        keys.push(`s${j}:${v}`);
        if (school && j === 0) return;
        if (team >= 0) keys.push(`c${team}:${j}:${v}`);
        if (sc >= 0) keys.push(`x${sc}:${j}:${v}`);
      });
      for (const k of keys) {
        let acc = accs.get(k);
        if (!acc) accs.set(k, (acc = new PairedAccumulator(options)));
        acc.add(x, y);
      }
    }
    for (const spec of groupSpecs(ds)) {
      const acc =
        accs.get(key(spec)) ?? (spec.kind === 'all' ? new PairedAccumulator(options) : null);
      if (acc) out.push({ groups: groupRefs(ds, spec), figures: pairedFigures(acc) });
    }
  });
  return out;
}

const FIGURES: (keyof PairedFigures)[] = [
  'n',
  'unpairedPre',
  'unpairedPost',
  'preMean',
  'postMean',
  'preSd',
  'postSd',
  'meanDiff',
  'sdDiff',
  'r',
  't',
  'df',
  'p',
  'ciLow',
  'ciHigh',
  'dz',
  'dav',
  'drm',
  'gav',
  'normalizedGain',
  'avgNormalizedGain',
  'gainExcluded',
  'pctProficientPre',
  'pctProficientPost',
  'ppChange',
  'undefinedReason',
];

/**
 * computeImpact's rows against the group-by-group figures: the same groups in the same order;
 * figures equal (`exact`: every one but avgNormalizedGain, a float sum whose additions now
 * come in another order) or within 1e-12 relative (absolute below 1).
 */
function expectSameAsGroupByGroup(ds: Dataset, exact: boolean) {
  const rows = computeImpact([ds], CONFIG);
  const want = groupByGroup(ds);
  expect(rows.map((r) => r.groups)).toEqual(want.map((w) => w.groups));
  let worst = 0;
  const mismatches: string[] = [];
  rows.forEach((row, i) => {
    for (const f of FIGURES) {
      const got = row[f];
      const exp = want[i].figures[f];
      const where = `${JSON.stringify(row.groups)} ${f}: ${got} vs ${exp}`;
      if (
        typeof got === 'number' &&
        typeof exp === 'number' &&
        (!exact || f === 'avgNormalizedGain')
      ) {
        const diff = Math.abs(got - exp) / Math.max(1, Math.abs(exp));
        worst = Math.max(worst, diff);
        if (!(diff <= 1e-12)) mismatches.push(where);
      } else if (got !== exp) mismatches.push(where);
    }
  });
  expect(mismatches).toEqual([]);
  return { rows: rows.length, worst };
}

/** A table of `size` students: teams, subgroups with missing values, scores from `score`. */
function students(
  seed: number,
  size: number,
  score: (rnd: () => number) => number,
  extra: Record<string, number> = {},
): Dataset {
  const rnd = mulberry32(seed);
  const pick = (labels: string[], missing: number) =>
    Array.from({ length: size }, () =>
      rnd() < missing ? null : labels[Math.floor(rnd() * labels.length)],
    );
  const scores = (missing: number) =>
    Array.from({ length: size }, () => (rnd() < missing ? null : score(rnd)));
  const labels = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const subgroups: Record<string, (string | null)[]> = {
    EL: pick(['Y', 'N'], 0.03),
    FRL: pick(['Y', 'N'], 0),
    Grade: pick(['K', '1', '2', '3', '4', '5'], 0.02),
  };
  for (const [name, n] of Object.entries(extra)) subgroups[name] = pick(labels(name, n), 0.01);
  const measures: MeasureInput[] = [
    { name: 'Reading', pre: scores(0.08), post: scores(0.08), max: 100, proficient: 70 },
    { name: 'Math', pre: scores(0.3), post: scores(0.05), max: null, proficient: null },
  ];
  return dataset({ team: pick(labels('T', 6), 0.05), subgroups, measures });
}

const wholeScore = (rnd: () => number) => Math.min(100, Math.floor(rnd() * 106));
const fractionalScore = (rnd: () => number) => Math.min(100, 40 + rnd() * 60.5);

describe('computeImpact by cells', () => {
  // Records (team, EL, pre, post). Cell A×Y is made first (record 0, post only); team A's and
  // the overall first pair is record 1, in cell A×N. Cell B×Y holds one unpaired pre score
  // (record 8). Record 5 has no EL (team B and overall only); record 6 has no score at all.
  const ds = dataset({
    team: ['A', 'A', 'A', 'B', 'A', 'B', 'B', 'A', 'B'],
    subgroups: { EL: ['Y', 'N', 'Y', 'N', 'Y', null, 'Y', 'Y', 'Y'] },
    measures: [
      {
        name: 'M',
        pre: [null, 2, 4, 6, 3, 5, null, 8, 7],
        post: [5, 4, 7, 6, null, 9, null, 9, null],
      },
    ],
  });
  const rows = computeImpact([ds], { ...CONFIG, minN: 1 });
  const row = (...groups: string[]) =>
    rows.find((r) => r.groups.map((g) => `${g.column}=${g.value}`).join(' ') === groups.join(' '))!;

  it('reports the groups with records, by hand', () => {
    expect(rows.map((r) => r.groups.map((g) => g.value).join('×'))).toEqual([
      '',
      'A',
      'B',
      'N',
      'Y',
      'A×N',
      'A×Y',
      'B×N',
      'B×Y',
    ]);
  });

  it('overall: pairs from four cells and a record without EL', () => {
    // Pairs (2,4) (4,7) (6,6) (5,9) (8,9): means 5 and 7; SS pre 20, post 18, diff 10, cross 14.
    // SDs √(20/4), √(18/4), √(10/4); r = 14 / √(20·18). Unpaired: pre records 4, 8; post 0.
    const o = row();
    expect([o.n, o.unpairedPre, o.unpairedPost, o.preMean, o.postMean, o.meanDiff]).toEqual([
      5, 2, 1, 5, 7, 2,
    ]);
    expect(close(o.preSd, Math.sqrt(5))).toBe(true);
    expect(close(o.postSd, Math.sqrt(4.5))).toBe(true);
    expect(close(o.sdDiff, Math.sqrt(2.5))).toBe(true);
    expect(close(o.r, 14 / Math.sqrt(360))).toBe(true);
  });

  it('team A: its first pair is in a cell made after another of its cells', () => {
    // Pairs (2,4) (4,7) (8,9): means 14/3 and 20/3, diffs 2 3 1 → 2. SS pre 84 − 196/3 = 56/3,
    // post 146 − 400/3 = 38/3, diff 14 − 12 = 2, cross 108 − 280/3 = 44/3. Unpaired: pre
    // record 4, post record 0.
    const a = row('Team=A');
    expect([a.n, a.unpairedPre, a.unpairedPost, a.meanDiff]).toEqual([3, 1, 1, 2]);
    expect(close(a.preMean, 14 / 3)).toBe(true);
    expect(close(a.postMean, 20 / 3)).toBe(true);
    expect(close(a.preSd, Math.sqrt(56 / 3 / 2))).toBe(true);
    expect(close(a.postSd, Math.sqrt(38 / 3 / 2))).toBe(true);
    expect(close(a.sdDiff, 1)).toBe(true);
    expect(close(a.r, 44 / 3 / Math.sqrt((56 / 3) * (38 / 3)))).toBe(true);
  });

  it('team B, the EL groups and the crosses', () => {
    // B: (6,6) (5,9), unpaired pre record 8. N: (2,4) (6,6). Y: (4,7) (8,9), unpaired pre 4, 8,
    // post 0. A×Y: (4,7) (8,9), unpaired pre 4, post 0. A×N: (2,4). B×N: (6,6).
    const pick = (r: ImpactRow) => [r.n, r.unpairedPre, r.unpairedPost, r.preMean, r.postMean];
    expect(pick(row('Team=B'))).toEqual([2, 1, 0, 5.5, 7.5]);
    expect(pick(row('EL=N'))).toEqual([2, 0, 0, 4, 5]);
    expect(pick(row('EL=Y'))).toEqual([2, 2, 1, 6, 8]);
    expect(pick(row('Team=A', 'EL=Y'))).toEqual([2, 1, 1, 6, 8]);
    expect(pick(row('Team=A', 'EL=N'))).toEqual([1, 0, 0, 2, 4]);
    expect(pick(row('Team=B', 'EL=N'))).toEqual([1, 0, 0, 6, 6]);
    // B×Y: only an unpaired pre score (and a record with no score, which is not counted).
    const by = row('Team=B', 'EL=Y');
    expect([by.n, by.unpairedPre, by.unpairedPost, by.preMean]).toEqual([0, 1, 0, null]);
    expect(by.undefinedReason).toBe('no pairs');
  });

  it('whole-number scores: every figure as group by group (the normalized-gain mean to 1e-12)', () => {
    // 4,000 students, six teams, EL / FRL / Grade with missing values, scores 0–100 with 100s
    // (gains excluded), one measure with many unpaired pre scores and no maximum or cut.
    expectSameAsGroupByGroup(students(20261127, 4000, wholeScore), true);
  });

  it('fractional scores: every figure within 1e-12 of group by group', () => {
    const { rows: n, worst } = expectSameAsGroupByGroup(students(7, 4000, fractionalScore), false);
    expect(n).toBeGreaterThan(100);
    expect(worst).toBeLessThan(1e-12);
  });

  it('fractional scores on a large offset (1e6 + score) within 1e-12 of group by group', () => {
    expectSameAsGroupByGroup(
      students(11, 3000, (rnd) => 1e6 + fractionalScore(rnd)),
      false,
    );
  });

  it('fractional scores: every group against a plain two-pass computation', () => {
    const ds = students(3, 3000, fractionalScore);
    const rows = computeImpact([ds], CONFIG);
    const teams = ds.team!;
    let checked = 0;
    for (const row of rows) {
      const m = ds.measures.find((x) => x.name === row.measure)!;
      // The group's records, by its team and subgroup values.
      const inGroup = (r: number) =>
        row.groups.every((g) => {
          const cat =
            g.column === teams.column ? teams : ds.subgroups.find((s) => s.column === g.column)!;
          return cat.codes[r] >= 0 && cat.labels[cat.codes[r]] === g.value;
        });
      const x: number[] = [];
      const y: number[] = [];
      let unpairedPre = 0;
      let unpairedPost = 0;
      for (let r = 0; r < ds.size; r++) {
        if (!inGroup(r)) continue;
        const a = m.pre[r];
        const b = m.post[r];
        if (!Number.isNaN(a) && !Number.isNaN(b)) {
          x.push(a);
          y.push(b);
        } else if (!Number.isNaN(a)) unpairedPre++;
        else if (!Number.isNaN(b)) unpairedPost++;
      }
      const n = x.length;
      expect([row.n, row.unpairedPre, row.unpairedPost]).toEqual([n, unpairedPre, unpairedPost]);
      if (n < 3) continue;
      const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
      const mx = sum(x) / n;
      const my = sum(y) / n;
      const d = y.map((v, i) => v - x[i]);
      const md = sum(d) / n;
      const ssx = sum(x.map((v) => (v - mx) ** 2));
      const ssy = sum(y.map((v) => (v - my) ** 2));
      const ssd = sum(d.map((v) => (v - md) ** 2));
      const sxy = sum(x.map((v, i) => (v - mx) * (y[i] - my)));
      expect(close(row.preMean, mx)).toBe(true);
      expect(close(row.postMean, my)).toBe(true);
      expect(close(row.meanDiff, md)).toBe(true);
      expect(close(row.preSd, Math.sqrt(ssx / (n - 1)))).toBe(true);
      expect(close(row.postSd, Math.sqrt(ssy / (n - 1)))).toBe(true);
      expect(close(row.sdDiff, Math.sqrt(ssd / (n - 1)))).toBe(true);
      expect(close(row.r, sxy / Math.sqrt(ssx * ssy))).toBe(true);
      if (m.max !== null) {
        const gains = x.flatMap((v, i) => (v < m.max! ? [(y[i] - v) / (m.max! - v)] : []));
        expect(row.gainExcluded).toBe(n - gains.length);
        expect(close(row.avgNormalizedGain, sum(gains) / gains.length)).toBe(true);
      }
      if (m.proficient !== null) {
        expect(row.pctProficientPre).toBe(x.filter((v) => v >= m.proficient!).length / n);
        expect(row.pctProficientPost).toBe(y.filter((v) => v >= m.proficient!).length / n);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('columns in two blocks (a 300-value column) and codes past the array (a Map)', () => {
    // Teams 7 codes (6 + none) × EL 3 × FRL 3 × Grade 7 = 441 codes; Zone adds 301: past
    // 16,384, so Zone gets a block of its own.
    expectSameAsGroupByGroup(students(5, 4000, wholeScore, { Zone: 300 }), true);
    // 300 teams × a 300-value column: about 90,000 codes, more than 2¹⁶ and than the 8,000
    // records (looked up in a Map), and far more team × value groups than records per group.
    const rnd = mulberry32(9);
    const size = 8000;
    const team = Array.from({ length: size }, () => `T${Math.floor(rnd() * 300)}`);
    const zone = Array.from({ length: size }, () => `Z${Math.floor(rnd() * 300)}`);
    const score = () => (rnd() < 0.1 ? null : 30 + rnd() * 70);
    const wide = dataset({
      team,
      subgroups: { Zone: zone },
      measures: [
        {
          name: 'M',
          pre: Array.from({ length: size }, score),
          post: Array.from({ length: size }, score),
          max: 100,
          proficient: 60,
        },
      ],
    });
    const codes = (wide.team!.labels.length + 1) * (wide.subgroups[0].labels.length + 1);
    expect(codes).toBeGreaterThan(Math.max(2 ** 16, size));
    expectSameAsGroupByGroup(wide, false);
  });

  it('school × subgroup rows, by hand', () => {
    // Records (team, school, EL, pre, post); team C is in both schools, record 4 has no school.
    const ds = dataset({
      team: ['A', 'A', 'B', 'C', 'C', 'C'],
      school: ['N', 'N', 'S', 'S', null, 'N'],
      subgroups: { EL: ['Y', 'N', 'Y', 'Y', 'Y', 'Y'] },
      measures: [{ name: 'M', pre: [1, 2, 3, 4, 5, 6], post: [3, 2, 6, 8, 6, 8] }],
    });
    const rows = computeImpact([ds], { ...CONFIG, minN: 1 });
    const text = (r: ImpactRow) => r.groups.map((g) => `${g.column}=${g.value}`).join(' ');
    // Overall, teams, schools, EL, school × EL, team × EL (no team × school).
    expect(rows.map(text)).toEqual([
      '',
      'Team=A',
      'Team=B',
      'Team=C',
      'School=N',
      'School=S',
      'EL=N',
      'EL=Y',
      'School=N EL=N',
      'School=N EL=Y',
      'School=S EL=Y',
      'Team=A EL=N',
      'Team=A EL=Y',
      'Team=B EL=Y',
      'Team=C EL=Y',
    ]);
    const at = (t: string) => rows.find((r) => text(r) === t)!;
    // N × Y: records 0 (1→3) and 5 (6→8): pre mean 3.5, post 5.5, changes 2 and 2.
    expect([
      at('School=N EL=Y').n,
      at('School=N EL=Y').preMean,
      at('School=N EL=Y').postMean,
    ]).toEqual([2, 3.5, 5.5]);
    // S × Y: records 2 (3→6) and 3 (4→8): changes 3 and 4, mean 3.5, SD √0.5.
    const sy = at('School=S EL=Y');
    expect([sy.n, sy.meanDiff]).toEqual([2, 3.5]);
    expect(close(sy.sdDiff, Math.sqrt(0.5))).toBe(true);
    // N × N: record 1 only (2→2).
    expect([at('School=N EL=N').n, at('School=N EL=N').meanDiff]).toEqual([1, 0]);
  });

  it('school × subgroup in later blocks (keyed by the school there too), as group by group', () => {
    // Zone (300 values) goes to a block of its own: its school × Zone groups come from cells
    // keyed by the school as well.
    const base = students(23, 4000, wholeScore, { Zone: 300 });
    const rnd = mulberry32(29);
    const school = Array.from({ length: base.size }, () =>
      rnd() < 0.02 ? null : ['North', 'South', 'East'][Math.floor(rnd() * 3)],
    );
    const withSchool = { ...base, school: categorical('School', school) };
    const { rows: n } = expectSameAsGroupByGroup(withSchool, true);
    expect(n).toBeGreaterThan(3 * 300);
  });

  it('educators (overall and team), no team, no records', () => {
    const ed = students(13, 500, fractionalScore);
    expectSameAsGroupByGroup({ ...ed, population: 'educators' }, false);
    expectSameAsGroupByGroup({ ...students(17, 500, wholeScore), team: null }, true);
    const empty = dataset({
      team: [],
      subgroups: { EL: [] },
      measures: [{ name: 'M', pre: [], post: [] }],
    });
    expect(computeImpact([empty], CONFIG).map((r) => [r.groups, r.n])).toEqual([[[], 0]]);
    expectSameAsGroupByGroup(empty, true);
  });

  it('a long layout read by intake (a row per student × measure × window)', () => {
    const rnd = mulberry32(21);
    const values: (string | number | null)[][] = [
      ['ID', 'Team', 'EL', 'Subject', 'Window', 'Score'],
    ];
    for (let s = 0; s < 600; s++) {
      const team = `T${s % 7}`;
      const el = s % 5 === 0 ? null : s % 3 === 0 ? 'Y' : 'N';
      for (const subject of ['Reading', 'Math']) {
        for (const window of ['Fall', 'Spring']) {
          if (rnd() < 0.1) continue;
          values.push([`S${s}`, team, el, subject, window, Math.round(rnd() * 1e4) / 100]);
        }
      }
    }
    const config: MappingConfig = {
      version: 1,
      students: [
        {
          sheet: 'Scores',
          format: 'long',
          id: 'ID',
          team: 'Team',
          subgroups: ['EL'],
          measureColumn: 'Subject',
          windowColumn: 'Window',
          scoreColumn: 'Score',
          pre: 'Fall',
          post: 'Spring',
          measures: [
            { name: 'Reading', max: 100, proficient: 50 },
            { name: 'Math', max: null, proficient: null },
          ],
        },
      ],
    };
    const { datasets } = readDatasets(
      [{ sheet: 'Scores', values, firstRow: 1, firstColumn: 1 }],
      config,
    );
    expect(datasets[0].size).toBe(600);
    expectSameAsGroupByGroup(datasets[0], false);
  });
});
