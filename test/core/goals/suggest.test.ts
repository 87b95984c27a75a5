/**
 * Needs, ranking, targets, statements and learning needs on a tiny hand-made district whose every
 * number is worked out by hand in the comments (minN = 3).
 */
import { describe, expect, it } from '@jest/globals';
import { buildGoalPlans, suggestGoals } from '../../../src/core/goals';
import { OUTPUT_SHEETS, type SheetNames } from '../../../src/core/plans/names';
import { isFormulaCell } from '../../../src/core/plans/types';
import { input } from './fixture';

const result = suggestGoals(input);

describe('needs analysis', () => {
  const need = (team: string, group: string) =>
    result.needs.find(
      (n) => n.population === 'students' && n.team === team && n.groupLabel === group,
    )!;
  // District post: 3,5,7,10,6,7,6,10: mean 6.75; sd sqrt(39.5/7) = 2.375470 (R: sd(c(3,5,7,10,6,7,6,10)))
  it('team A, EL: Y — share proficient, reach, z vs district, gap, priority', () => {
    const n = need('A', 'EL: Y');
    expect(n.n).toBe(2);
    expect(n.pctProficient).toBe(0); // 3, 5 < 6
    expect(n.reach).toBe(2);
    expect(n.zDistrict).toBeCloseTo((4 - 6.75) / 2.3754699, 6); // -1.157666
    expect(n.gapPp).toBeCloseTo(100, 12); // rest (7, 10) all proficient
    // pooled sd of (3,5) and (7,10): sqrt((2 + 4.5)/2) = 1.802776; (8.5 - 4)/1.802776 = 2.496151
    expect(n.gapEs).toBeCloseTo(2.496151, 5);
    expect(n.severity).toBeCloseTo(2.1576657, 6);
    expect(n.priority).toBeCloseTo(4.3153314, 8); // R: 2*(1+2.75/sd(c(3,5,7,10,6,7,6,10)))
    expect(n.smallGroup).toBe(true);
    expect(n.flags).toContain('small group (n = 2 < 3)');
    // growth: team A diffs 1,1,1,2 → 1.25; team B 1,2,0,1 → 1; median 1.125
    expect(n.teamGrowthMedian).toBeCloseTo(1.125, 12);
    expect(n.weakestPractice).toBe('Questioning'); // team A means: Q 7/3 < D 8/3
  });
  it('team A, all students', () => {
    const n = need('A', 'All students');
    expect([n.n, n.mean, n.pctProficient, n.notProficient]).toEqual([4, 6.25, 0.5, 2]);
    expect(n.priority).toBeCloseTo(1.420969346, 8); // R: 2*(0.5+0.5/sd(c(3,5,7,10,6,7,6,10)))
  });
});

describe('ranked goals', () => {
  const [s1, s2, s3, s4, s5] = result.suggestions;
  it('S1 team A EL: Y (4.32) > S2 team B Discussion practice (2.31) > S3 team A Questioning (1.91) > S4 team A (1.42) > S5 individual', () => {
    expect(result.suggestions.map((g) => [g.id, g.team, g.measure, g.groupLabel, g.level])).toEqual(
      [
        ['S1', 'A', 'Reading', 'EL: Y', 'team'],
        ['S2', 'B', 'Discussion', 'All educators', 'team'],
        ['S3', 'A', 'Questioning', 'All educators', 'team'],
        ['S4', 'A', 'Reading', 'All students', 'team'],
        ['S5', 'A', 'Discussion', 'E3', 'individual'],
      ],
    );
    // Discussion, team B: E4's post 1; district D mean 2.25, sd 0.957427 (R: sd(c(3,3,2,1)));
    // reach 1 of 1; severity 1 + (2.25 − 1)/0.957427 = 2.305582
    expect(s2.priority).toBeCloseTo(2.305582, 5);
    // Questioning, team A: posts 2,2,3, mean 2.3333, sd 0.57735; district Q mean 2.5, sd 0.57735;
    // reach 2 (below 2.5); severity 2/3 + (2.5 - 2.3333)/0.57735 = 0.955342; priority 1.910684
    expect(s3.priority).toBeCloseTo(1.910684, 5);
  });
  it('observed growth by default (two comparable teams): the 75th percentile of team growth in share proficient', () => {
    // Team growth in share proficient (cut 6): A 2/4 → 2/4 = 0; B 2/4 → 4/4 = +0.5.
    // R: quantile(c(0, 0.5), 0.75) = 0.375, below the best team (0.5).
    expect(s1.baseline).toEqual({ metric: 'pctProficient', value: 0 });
    expect(s1.target.method).toBe('observed-growth');
    expect(s1.target.value).toBeCloseTo(0.375, 12);
    expect(s4.baseline).toEqual({ metric: 'pctProficient', value: 0.5 });
    expect(s4.target.value).toBeCloseTo(0.875, 12);
    // asks 0.375: between the median (0.25) and the 90th percentile (0.45) of (0, 0.5)
    expect(s1.growthCheck.label).toBe('within range');
    expect(s1.flags).toContain('small group (n = 2 < 3)');
  });
  it('half-gap stays as an option: the mean of x + 0.5·(10 − x)', () => {
    const r = suggestGoals({
      ...input,
      config: { ...input.config, targets: { method: 'half-gap' } },
    });
    const el = r.suggestions.find((g) => g.groupLabel === 'EL: Y')!;
    // EL Y: 3 → 6.5, 5 → 7.5: target 7, baseline 4
    expect(el.baseline).toEqual({ metric: 'mean', value: 4 });
    expect(el.target).toEqual({ value: 7, method: 'half-gap' });
    // team A: 6.5, 7.5, 8.5, 10 → 8.125
    const all = r.suggestions.find((g) => g.team === 'A' && g.groupLabel === 'All students')!;
    expect(all.target.value).toBeCloseTo(8.125, 12);
    // growth asked 3 > the best team's growth (A 1.25, B 1): beyond reach
    expect(el.growthCheck.label).toBe('beyond reach');
    expect(el.flags.some((f) => f.startsWith('beyond reach'))).toBe(true);
  });
  it('half-gap over a horizon: the annual share 1 − (1 − 0.5)^(1/2) of each gap', () => {
    const r = suggestGoals({
      ...input,
      config: { ...input.config, targets: { method: 'half-gap', horizonYears: 2 } },
    });
    const el = r.suggestions.find((g) => g.groupLabel === 'EL: Y')!;
    // f = 1 − √0.5 = 0.2928932; 3 + f·7 = 5.0502525, 5 + f·5 = 6.4644661; mean 5.7573593
    expect(el.target.value).toBeCloseTo(5.7573593, 6);
  });
  it('rubric steps for practice: half of those below level 3 (rounded up) move up; an individual a whole level', () => {
    // team A Questioning 2, 2, 3: 1 of 3 at 3+; 2 below → 1 more: 2 of 3
    expect(s3.target.method).toBe('rubric-share');
    expect(s3.baseline.value).toBeCloseTo(1 / 3, 12);
    expect(s3.target.value).toBeCloseTo(2 / 3, 12);
    expect(s3.statement).toContain('from 1 of 3 (33.3%) to 2 of 3 (66.7%)');
    // E3 Discussion 2 → 3
    expect(s5.target).toEqual({ value: 3, method: 'rubric-level' });
    expect(s5.purpose).toBe('individual growth');
    expect(s3.purpose).toBe('program implementation');
    expect(s1.purpose).toBe('team or school goal');
  });
  it('SMART statements: one sentence (who, measure, from → to, by when); method and check in their own fields', () => {
    expect(s1.statement).toBe(
      'By 15 June 2027, the share of A students in the group EL: Y proficient in Reading (a score of 6 or more) will rise from 0.0% to 37.5%.',
    );
    expect(s1.districtPriority?.id).toBe('D1');
    expect(s1.learningFocus).toBe('Questioning');
    expect(s3.districtPriority?.id).toBe('D2');
    expect(s1.rationale).toContain('priority = reach 2 × severity 2.158 = 4.32');
  });
  it('no goal where everyone is proficient, and the result says why', () => {
    const b = result.skipped.find((s) => s.team === 'B' && s.groupLabel === 'All students')!;
    expect(b.reason).toBe('every student is already proficient: no goal of this kind is needed');
  });
});

describe('learning needs', () => {
  it('E1, E2 share Questioning (2 of 3 in team A); E3 alone needs Discussion, E4 elsewhere too', () => {
    const by = Object.fromEntries(result.learning.educators.map((e) => [e.educator, e]));
    expect(by.E1.needs).toEqual([
      { component: 'Questioning', shared: true, kind: 'team learning', peers: [] },
    ]);
    expect(by.E3.needs).toEqual([
      { component: 'Discussion', shared: false, kind: 'individual learning', peers: ['E4'] },
    ]);
    // team B has one educator: E4's need is a majority of one
    expect(by.E4.needs[0].shared).toBe(true);
    expect(result.learning.teams.find((t) => t.team === 'A')!.shared).toEqual([
      { component: 'Questioning', count: 2 },
    ]);
  });
});

describe('plans', () => {
  const names = { ...OUTPUT_SHEETS } as SheetNames;
  const [goals, targets, template] = buildGoalPlans(result, input, names);
  it('Suggested Goals: the instruction above, Adopt blank with a Y/N drop-down, ID, the sheet values', () => {
    expect(String(goals.cells[0][0])).toMatch(/^Pick Y in "Adopt"/);
    expect(goals.cells[1].slice(0, 8)).toEqual([
      'Adopt',
      'ID',
      'Level',
      'Team',
      'Measure',
      'Group',
      'Baseline',
      'Target',
    ]);
    expect(goals.cells[2][0]).toBeNull();
    expect(goals.cells[2][1]).toBe('S1');
    expect(goals.cells[2][6]).toBe(0);
    expect(goals.numberFormats![0]).toEqual({
      rect: { row: 3, column: 7, rowCount: 1, columnCount: 2 },
      format: '0.0%',
    });
    // Header row 2 and the 5 suggestions of rows 3-7.
    expect(result.suggestions.length).toBe(5);
    expect(goals.tables![0].rect).toEqual({ row: 2, column: 1, rowCount: 6, columnCount: 18 });
    expect(goals.freeze).toEqual({ rows: 2, columns: 2 });
    expect(goals.validations!.map((v) => [v.rect, v.values])).toEqual([
      [{ row: 3, column: 1, rowCount: 5, columnCount: 1 }, ['Y', 'N']],
    ]);
  });
  it('Student Targets: one row per student of team A and B with a Met? formula', () => {
    expect(targets.cells[0].slice(0, 12)).toEqual([
      'Sheet',
      'Row',
      'ID',
      'Team',
      'EL',
      'Measure',
      'Method',
      'Baseline',
      'Target',
      'Next score',
      'Met?',
      'Change',
    ]);
    // per-student targets come from the all-students rows of teams that got a goal (team A): 4 rows
    expect(targets.cells.filter((r) => r[0] === 'Students').length).toBe(4);
    const met = targets.cells[1][10];
    expect(isFormulaCell(met) && met.formula).toBe('=IF(J2="","",IF(J2>=I2,"Y","N"))');
  });
  it('Goal Template: the default template filled for S1', () => {
    expect(template.cells[2][1]).toBe(result.suggestions[0].statement);
    expect(result.template.isDefault).toBe(true);
  });
  it('no NaN or Infinity anywhere in the result', () => {
    expect(
      JSON.stringify(result, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? 'BAD' : v)),
    ).not.toContain('BAD');
  });
});
