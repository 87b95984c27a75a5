/**
 * Progress toward adopted goals, every figure worked by hand in the comments (docs/progress.md):
 * expected = baseline + share × (target − baseline); on track at or above it; watch at or above
 * baseline + ½ × (expected − baseline); off track below; at the last window met / not met.
 */
import { describe, expect, it } from '@jest/globals';
import type { Dataset, MeasureData } from '../../../src/core/dataset';
import type { MappingConfig } from '../../../src/core/config';
import { computeProgress, type TrackedGoal } from '../../../src/core/progress';
import { statusOf, windowShares } from '../../../src/core/progress/rule';
import { categorical } from '../impact/helpers';
import { buildDataSheet } from '../../../src/core/impact/data-sheet';
import { buildProgressPlan } from '../../../src/core/progress/sheet';
import { isFormulaCell } from '../../../src/core/plans/types';

const f = (a: (number | null)[]) => Float64Array.from(a, (v) => (v === null ? NaN : v));

function windowed(
  name: string,
  w: (number | null)[][],
  max: number,
  proficient: number | null,
): MeasureData {
  const names = ['BOY', 'MOY', 'EOY'].slice(0, w.length);
  const windows = w.map((s, k) => ({
    name: names[k],
    column: `${name} ${names[k]}`,
    scores: f(s),
  }));
  return {
    name,
    preColumn: windows[0].column,
    postColumn: windows[windows.length - 1].column,
    max,
    proficient,
    pre: windows[0].scores,
    post: windows[windows.length - 1].scores,
    windows,
    preWindow: 0,
    postWindow: windows.length - 1,
  };
}

function ds(
  population: 'students' | 'educators',
  ids: string[],
  team: string[],
  measures: MeasureData[],
  extra: Partial<Dataset> = {},
): Dataset {
  return {
    population,
    sheet: population === 'students' ? 'Students' : 'Educators',
    headerRow: 1,
    size: ids.length,
    rows: Int32Array.from(ids, (_, i) => i + 2),
    ids,
    idColumn: population === 'students' ? 'Student ID' : 'Educator',
    team: categorical('Team', team),
    school: null,
    teacher: null,
    subgroups: [],
    measures,
    ...extra,
  };
}

// Team A: 4 students; Team B: 4 students; Team C: 2 students. Reading on 0–100, cut 70.
const BOY = [60, 62, 64, 66, 50, 55, 60, 65, 70, 70];
const MOY = [66, 68, 70, 72, 51, 56, 58, 66, 73, 74];
const EOY = [70, 72, 74, 76, 52, 57, 61, 67, 80, 79];
const TEAM = ['A', 'A', 'A', 'A', 'B', 'B', 'B', 'B', 'C', 'C'];
const IDS = TEAM.map((_, i) => `S${i + 1}`);
const EL = ['N', 'N', 'N', 'N', 'Y', 'N', 'Y', 'N', 'N', 'N'];

function students(windows: number): Dataset {
  return ds(
    'students',
    IDS,
    TEAM,
    [windowed('Reading', [BOY, MOY, EOY].slice(0, windows), 100, 70)],
    {
      subgroups: [categorical('EL', EL)],
    },
  );
}

// Educators: Team A has five rated on Questioning; Team B two (E6 does not move).
const educators = (windows: number) =>
  ds(
    'educators',
    ['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7'],
    ['A', 'A', 'A', 'A', 'A', 'B', 'B'],
    [
      windowed(
        'Questioning',
        [
          [2, 2, 3, 1, 2, 2, 2],
          [3, 3, 3, 1, 2, 2, 3],
          [3, 3, 3, 3, 2, 2, 3],
        ].slice(0, windows),
        4,
        null,
      ),
    ],
    { pdHours: f([10, 12, 8, 10, 10, 0, 6]), pdHoursColumn: 'PD hours' },
  );

const goal = (o: Partial<TrackedGoal>): TrackedGoal => ({
  id: 'G',
  level: 'team',
  team: 'A',
  measure: 'Reading',
  groups: [],
  groupLabel: 'All students',
  metric: 'mean',
  adoptedBaseline: null,
  target: 0,
  statement: 'a goal',
  learningFocus: null,
  ...o,
});

const CONFIG: MappingConfig = { version: 2, students: [] };

const GOALS = [
  // A: BOY mean (60+62+64+66)/4 = 63; target 73. MOY mean 276/4 = 69, expected 63 + ½·10 = 68:
  // on track. EOY mean 292/4 = 73 ≥ 73: met.
  goal({ id: 'A-mean', target: 73 }),
  // B: BOY mean 230/4 = 57.5; target 67.5. MOY 231/4 = 57.75; expected 62.5; watch from
  // 57.5 + ½·5 = 60: off track. EOY 237/4 = 59.25 < 67.5: not met.
  goal({ id: 'B-mean', team: 'B', target: 67.5, learningFocus: 'Questioning' }),
  // C: BOY 70; target 80. MOY 73.5; expected 75, watch from 72.5: watch. EOY 79.5: not met.
  goal({ id: 'C-mean', team: 'C', target: 80 }),
  // A, share at 70+: BOY 0/4 = 0; target 0.5. MOY 70, 72 → 2/4 = 0.5 ≥ 0.25: on track.
  // EOY 4/4 = 1 ≥ 0.5: met.
  goal({ id: 'A-share', metric: 'pctProficient', target: 0.5 }),
  // Practice, A: share at level 3 (one below the top of 4): BOY 1/5 = 0.2 (E3); target 0.6.
  // MOY E1, E2, E3 → 0.6 ≥ expected 0.4: on track. EOY E1–E4 → 0.8 ≥ 0.6: met.
  goal({ id: 'A-questioning', measure: 'Questioning', metric: 'pctProficient', target: 0.6 }),
];

describe('progress toward adopted goals over windows (worked by hand)', () => {
  it('linear shares: half the growth by the middle of three windows', () => {
    expect(windowShares(3)).toEqual([0, 0.5, 1]);
    expect(windowShares(4)).toEqual([0, 1 / 3, 2 / 3, 1]);
    expect(windowShares(3, [0.7, 1])).toEqual([0, 0.7, 1]);
  });

  it('the rule: on track at the path, watch from half the expected growth, met at the target', () => {
    // baseline 50, expected 60, target 70
    expect(statusOf(60, 50, 60, 70, false)).toBe('on track');
    expect(statusOf(55, 50, 60, 70, false)).toBe('watch');
    expect(statusOf(54.9, 50, 60, 70, false)).toBe('off track');
    expect(statusOf(70, 50, 70, 70, true)).toBe('met');
    expect(statusOf(69.9, 50, 70, 70, true)).toBe('not met');
  });

  it('mid-year (BOY + MOY): values, expected values and statuses', () => {
    const out = computeProgress(GOALS, [students(2), educators(2)], CONFIG);
    const at = out.map((p) => [
      p.goal,
      p.baseline,
      p.windows[1].value,
      p.windows[1].expected,
      p.status,
      p.final,
    ]);
    expect(at).toEqual([
      ['A-mean', 63, 69, 68, 'on track', false],
      ['B-mean', 57.5, 57.75, 62.5, 'off track', false],
      ['C-mean', 70, 73.5, 75, 'watch', false],
      ['A-share', 0, 0.5, 0.25, 'on track', false],
      ['A-questioning', 0.2, 0.6, expect.closeTo(0.4, 12), 'on track', false],
    ]);
  });

  it('lists the students furthest behind their own path, and the group most behind', () => {
    const [, b] = computeProgress(GOALS, [students(2), educators(2)], CONFIG);
    // Each B student's own path: BOY + ½ × (67.5 − 57.5) = BOY + 5 by MOY.
    // S5 50→51 (55 expected, 4 short), S6 55→56 (4), S7 60→58 (7), S8 65→66 (4).
    expect(b.behindCount).toBe(4);
    expect(b.behind.map((r) => [r.id, r.row, r.score, r.expected, r.shortfall])).toEqual([
      ['S7', 8, 58, 65, 7],
      ['S5', 6, 51, 55, 4],
      ['S6', 7, 56, 60, 4],
      ['S8', 9, 66, 70, 4],
    ]);
    // EL = Y (S5, S7): (4 + 7) / 2 = 5.5 short; EL = N (S6, S8): 4.
    expect(b.behindGroups).toEqual([
      { column: 'EL', value: 'Y', n: 2, meanShortfall: 5.5 },
      { column: 'EL', value: 'N', n: 2, meanShortfall: 4 },
    ]);
  });

  it('a share goal: a student behind is one below the cut short of their path to it', () => {
    const [, , , share] = computeProgress(GOALS, [students(2), educators(2)], CONFIG);
    // Own target max(BOY, 70); by MOY half-way: S1 60→65 expected, 66 now: not behind;
    // S2 62→66, 68: no; S3 64→67, 70: no; S4 66→68, 72: no.
    expect(share.behindCount).toBe(0);
  });

  it('the adjust sentences of the goal off track say who, what practice and what PD', () => {
    const [, b] = computeProgress(GOALS, [students(2), educators(2)], CONFIG, [
      {
        id: 'T2',
        level: 'team',
        owner: null,
        school: null,
        team: 'B',
        statement: 'x',
        focus: 'Reading',
        group: null,
        parents: [],
        learning: 'Guided reading PLC',
        hours: 10,
        cost: null,
        status: null,
        source: 'sheet',
        row: 4,
      },
    ]);
    expect(b.adjust).toEqual([
      '4 of 4 students are behind their own path to the target; furthest behind: S7 (58 now, 65 expected), S5 (51 now, 55 expected), S6 (56 now, 60 expected), S8 (66 now, 70 expected).',
      'EL = Y students are furthest behind as a group: 5.5 points below their path on average (n = 2).',
      // E6 2 → 2 (not moved), E7 2 → 3.
      "Questioning (the team's learning focus) has not moved for 1 of 2 educators: E6.",
      'Planned professional learning for B: Guided reading PLC (T2).',
      // (0 + 6) / 2 = 3 hours per educator; E6 none.
      'B recorded 3 PD hours per educator (2 educators, 1 with none).',
    ]);
    const onTrack = computeProgress(GOALS, [students(2), educators(2)], CONFIG)[0];
    expect(onTrack.adjust).toEqual([]);
  });

  it('with EOY in, every goal is final: met or not met', () => {
    const out = computeProgress(GOALS, [students(3), educators(3)], CONFIG);
    expect(out.map((p) => [p.goal, p.windows[2].value, p.status, p.final])).toEqual([
      ['A-mean', 73, 'met', true],
      ['B-mean', 59.25, 'not met', true],
      ['C-mean', 79.5, 'not met', true],
      ['A-share', 1, 'met', true],
      ['A-questioning', 0.8, 'met', true],
    ]);
  });

  it('configured shares: 70% of the growth by MOY moves A from on track to watch', () => {
    const cfg: MappingConfig = { ...CONFIG, progress: { shares: [0.7, 1] } };
    const [a] = computeProgress(GOALS, [students(2)], cfg);
    // expected 63 + 0.7 × 10 = 70; 69 < 70; watch from 63 + ½ × 7 = 66.5.
    expect([a.windows[1].expected, a.status]).toEqual([70, 'watch']);
  });

  it('counts only records with a baseline score and a score at the window', () => {
    const d = students(2);
    d.measures[0].windows![1].scores[6] = NaN; // S7 not tested at MOY
    const [, b] = computeProgress(GOALS, [d], CONFIG);
    // B at MOY: S5, S6, S8: (51 + 56 + 66) / 3 = 57.666…
    expect(b.windows[1].n).toBe(3);
    expect(b.windows[1].value).toBeCloseTo(173 / 3, 12);
  });

  it('a goal about data the workbook lacks is kept with its reason, never thrown', () => {
    const [p] = computeProgress([goal({ measure: 'Science', target: 1 })], [students(2)], CONFIG);
    expect([p.status, p.undefinedReason]).toEqual([null, 'no sheet has a measure named "Science"']);
  });

  it('the Progress sheet: a chart per goal, the winter window read from its Impact Data column', () => {
    const data = [students(2), educators(2)];
    const progress = computeProgress(GOALS, data, CONFIG);
    const { plan: dataPlan, layout } = buildDataSheet(data, 'Impact Data');
    // Students block: Reading pre (BOY) and post (MOY) columns; with two windows no extra column.
    expect(dataPlan.cells[0]).toContain('Reading pre');
    const plan = buildProgressPlan(progress, data, layout, 'Progress')!;
    expect(plan.charts!.map((c) => c.title)).toEqual(
      progress.map((p) => expect.stringContaining(p.goal)),
    );
    // A line per goal: the value solid, the expected path and the target dashed, axes named.
    for (const c of plan.charts!) {
      expect(c.type).toBe('line');
      expect(c.series.map((x) => [x.name, x.dash ?? false])).toEqual([
        ['Value', false],
        ['Expected (path)', true],
        ['Target', true],
      ]);
      expect(c.axes.x).toBe('Window');
      expect(['Share proficient', 'Mean score']).toContain(c.axes.y);
    }
    // B-mean's winter row: n, value, expected, status are formulas with the engine's values.
    const r = plan.cells.findIndex(
      (row) => row[0] === 'B-mean · B · Reading · All students: a goal',
    );
    const winter = plan.cells[r + 3];
    expect(winter[0]).toBe('MOY');
    const cells = [winter[1], winter[2], winter[4], winter[6]];
    expect(cells.every((c) => isFormulaCell(c!))).toBe(true);
    expect(cells.map((c) => (isFormulaCell(c!) ? c.value : null))).toEqual([
      4,
      57.75,
      62.5,
      'off track',
    ]);
    expect(isFormulaCell(winter[2]!) && winter[2].formula).toContain(
      `'Impact Data'!$E$2:$E$11="B"`,
    );
  });
});
