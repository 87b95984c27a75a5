/**
 * Needs, ranking, targets, statements and learning needs on a tiny hand-made district whose every
 * number is worked out by hand in the comments (minN = 3).
 */
import { describe, expect, it } from 'vitest';
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
  const [s1, s2, s3, s4] = result.suggestions;
  it('S1 team A EL: Y (4.32) > S2 team A Questioning practice (1.91) > S3 team A (1.42) > S4 individual', () => {
    expect(result.suggestions.map((g) => [g.id, g.team, g.measure, g.groupLabel, g.level])).toEqual(
      [
        ['S1', 'A', 'Reading', 'EL: Y', 'team'],
        ['S2', 'A', 'Questioning', 'All educators', 'team'],
        ['S3', 'A', 'Reading', 'All students', 'team'],
        ['S4', 'A', 'Discussion', 'E3', 'individual'],
      ],
    );
    // Questioning, team A: posts 2,2,3, mean 2.3333, sd 0.57735; district Q mean 2.5, sd 0.57735;
    // reach 2 (below 2.5); severity 2/3 + (2.5 - 2.3333)/0.57735 = 0.955342; priority 1.910684
    expect(s2.priority).toBeCloseTo(1.910684, 5);
  });
  it('half-gap for a measure with max: the mean of x + 0.5·(10 − x)', () => {
    // EL Y: 3 → 6.5, 5 → 7.5: target 7, baseline 4
    expect(s1.baseline).toEqual({ metric: 'mean', value: 4 });
    expect(s1.target).toEqual({ value: 7, method: 'half-gap' });
    // team A: 6.5, 7.5, 8.5, 10 → 8.125
    expect(s3.target.value).toBeCloseTo(8.125, 12);
    // growth asked 3 and 1.875 > P90 of (1, 1.25) = 1.225: stretch
    expect(s1.growthCheck.label).toBe('stretch');
    expect(s1.flags).toContain('small group (n = 2 < 3)');
  });
  it('effect-size for practice: 2.3333 + 0.2·0.57735 = 2.448803; individual: 2 + 0.2·0.957427', () => {
    expect(s2.target.method).toBe('effect-size');
    expect(s2.target.value).toBeCloseTo(2.448803, 5);
    // district Discussion 3,3,2,1: sd sqrt(2.75/3) = 0.957427 (R: sd(c(3,3,2,1)))
    expect(s4.target.value).toBeCloseTo(2.191485, 5);
    expect(s4.purpose).toBe('individual growth');
    expect(s2.purpose).toBe('program implementation');
    expect(s1.purpose).toBe('team or school goal');
  });
  it('SMART statements: values as on the sheet, due date, district priority, learning focus', () => {
    expect(s1.statement).toContain('from 4.00 to 7.00 (out of 10)');
    expect(s1.statement).toContain('By 15 June 2027');
    expect(s1.statement).toContain('A students in the group EL: Y');
    expect(s1.statement).toContain('district priority D1');
    expect(s1.statement).toContain('Team learning focus: Questioning.');
    expect(s2.statement).toContain('from 2.33 to 2.45 (out of 4)');
    expect(s2.districtPriority?.id).toBe('D2');
    expect(s1.rationale).toContain('priority = reach 2 × severity 2.158 = 4.32');
  });
  it('no goal where everyone is proficient, and the result says why', () => {
    const b = result.skipped.find((s) => s.team === 'B' && s.groupLabel === 'All students')!;
    expect(b.reason).toBe('every student is already proficient: no goal of this kind is needed');
    // Team B Discussion: one educator, no spread → no effect-size target
    expect(
      result.skipped.find((s) => s.team === 'B' && s.measure === 'Discussion')!.reason,
    ).toContain('no spread');
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
  it('Suggested Goals: Adopt blank, ID, statement holding the sheet values', () => {
    expect(goals.cells[0].slice(0, 8)).toEqual([
      'Adopt',
      'ID',
      'Level',
      'Team',
      'Measure',
      'Group',
      'Baseline',
      'Target',
    ]);
    expect(goals.cells[1][0]).toBeNull();
    expect(goals.cells[1][1]).toBe('S1');
    expect(goals.cells[1][6]).toBe(4);
    expect(goals.numberFormats![0]).toEqual({
      rect: { row: 2, column: 7, rowCount: 1, columnCount: 2 },
      format: '0.00',
    });
    expect(goals.tables![0].rect).toEqual({ row: 1, column: 1, rowCount: 5, columnCount: 18 });
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
