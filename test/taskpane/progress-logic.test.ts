/**
 * The Progress step's figures (src/taskpane/progress-logic.ts) on goals written out by hand: the
 * rule in words with the goal's own numbers, the trajectory's points and scale, the value now,
 * who is behind, the counts. Every expected figure is worked in the comments.
 */
import { describe, expect, it } from '@jest/globals';
import type { GoalProgress } from '../../src/core/progress/types';
import {
  progressCards,
  progressCounts,
  progressNumber,
  ruleInWords,
  trajectoryOf,
} from '../../src/taskpane/progress-logic';

/** A share goal of team Blue: 40% proficient in the fall, 60% the target, 46% at winter. */
function winterShare(): GoalProgress {
  return {
    goal: 'G1',
    level: 'team',
    team: 'Blue',
    measure: 'Reading',
    population: 'students',
    sheet: 'Students',
    groups: [],
    groupLabel: 'All students',
    metric: 'pctProficient',
    statement: 'Team Blue: 60% proficient in Reading by spring.',
    baseline: 0.4,
    adoptedBaseline: 0.4,
    target: 0.6,
    cut: 70,
    windows: [
      {
        window: 'Fall',
        n: 50,
        value: 0.4,
        share: 0,
        expected: 0.4,
        status: 'baseline',
        undefinedReason: null,
      },
      // expected = 0.40 + 0.5 × (0.60 − 0.40) = 0.50; watch from 0.40 + 0.5 × (0.50 − 0.40) = 0.45.
      {
        window: 'Winter',
        n: 48,
        value: 0.46,
        share: 0.5,
        expected: 0.5,
        status: 'watch',
        undefinedReason: null,
      },
    ],
    status: 'watch',
    final: false,
    rule: 'the rule',
    behind: [{ id: 'S7', row: 8, baselineScore: 50, score: 52, expected: 60, shortfall: 8 }],
    behindCount: 1,
    behindGroups: [{ column: 'EL', value: 'Y', n: 12, meanShortfall: 3.25 }],
    adjust: ['Most behind: EL Y.'],
    undefinedReason: null,
  };
}

describe('progressNumber', () => {
  it('shows a share in % with one decimal, a mean with one decimal, nothing as a dash', () => {
    expect(progressNumber(0.4567, true)).toBe('45.7%');
    expect(progressNumber(52.25, false)).toBe('52.3');
    expect(progressNumber(null, false)).toBe('—');
  });
});

describe('ruleInWords', () => {
  it("states the rule at the latest window with the goal's own numbers", () => {
    expect(ruleInWords(winterShare())).toBe(
      'By Winter, 50% of the growth from 40% to 60% is expected: 50%. On track at 50% or more; ' +
        'watch at 45% or more (50% of the growth expected by now); off track below.',
    );
  });

  it('at the last window of the year, says the goal is met when the target is reached', () => {
    const p = winterShare();
    p.windows[1] = {
      ...p.windows[1],
      window: 'Spring',
      share: 1,
      expected: 0.6,
      status: 'not met',
    };
    p.final = true;
    p.status = 'not met';
    expect(ruleInWords(p)).toBe(
      'Spring is the last window of the year: met when the value reaches the target, 60%.',
    );
  });

  it('without a figure after the baseline, gives the rule as the report words it', () => {
    const p = winterShare();
    p.windows = p.windows.slice(0, 1);
    expect(ruleInWords(p)).toBe('The rule: the rule.');
  });
});

describe('trajectoryOf', () => {
  it("adds the year's end (the target) when the run has not reached it; the scale holds every point", () => {
    const t = trajectoryOf(winterShare())!;
    expect(t.points).toEqual([
      { label: 'Fall', value: 0.4, expected: 0.4 },
      { label: 'Winter', value: 0.46, expected: 0.5 },
      { label: 'End of year', value: null, expected: 0.6 },
    ]);
    // Lowest 0.40, highest 0.60; 10% of the span (0.02) beyond each end.
    expect(t.min).toBeCloseTo(0.38, 12);
    expect(t.max).toBeCloseTo(0.62, 12);
    expect(t.share).toBe(true);
  });

  it('ends at the last window when it is the last of the year; no picture without a baseline', () => {
    const p = winterShare();
    p.windows[1] = { ...p.windows[1], share: 1, expected: 0.6 };
    p.final = true;
    expect(trajectoryOf(p)!.points.map((x) => x.label)).toEqual(['Fall', 'Winter']);
    p.baseline = null;
    expect(trajectoryOf(p)).toBeNull();
  });
});

describe('progressCards', () => {
  it('gives who, what, the status and its tone, the value now against the path, who is behind', () => {
    const [c] = progressCards([winterShare()]);
    expect(c.who).toBe('Team Blue');
    expect(c.what).toBe('Reading · All students');
    expect(c.status).toEqual({ text: 'Watch', tone: 'watch' });
    expect(c.now).toBe('Winter: 46% now, expected 50% (n = 48); baseline 40%, target 60%.');
    expect(c.adopted).toBeNull();
    expect(c.behind).toEqual([
      '1 student behind its own path at Winter.',
      'EL Y (n = 12): 3.3 below the path on average.',
      'S7 (row 8): 52 now, 60 expected.',
    ]);
    expect(c.adjust).toEqual(['Most behind: EL Y.']);
  });

  it("names a school's goal by its school, and says when the adopted baseline differs", () => {
    const p = { ...winterShare(), level: 'school' as const, team: 'Oak', adoptedBaseline: 0.35 };
    const [c] = progressCards([p]);
    expect(c.who).toBe('School Oak');
    expect(c.adopted).toBe("Adopted with a baseline of 35%; this year's first window gives 40%.");
  });

  it('a goal with no figure says why', () => {
    const p = { ...winterShare(), windows: [], baseline: null, status: null };
    p.undefinedReason = 'no sheet has a measure named "Writing"';
    const [c] = progressCards([p]);
    expect(c.status).toEqual({ text: 'No status yet', tone: 'none' });
    expect(c.now).toBe(
      'No figure after the first window yet: no sheet has a measure named "Writing".',
    );
    expect(c.trajectory).toBeNull();
  });
});

describe('a goal of the Goals sheet that is not tracked', () => {
  it('reads "Not tracked" with its reason, and is counted apart', () => {
    const p: GoalProgress = {
      ...winterShare(),
      windows: [],
      baseline: null,
      status: null,
      notTracked: true,
      undefinedReason: 'no target',
    };
    const [c] = progressCards([p]);
    expect([c.status, c.now]).toEqual([
      { text: 'Not tracked', tone: 'none' },
      'Not tracked: no target.',
    ]);
    // One tracked (watch), one not: never "2 goals tracked" when one of them is not.
    expect(progressCounts([winterShare(), p])).toBe('1 goal tracked: 1 watch; 1 goal not tracked.');
    expect(progressCounts([p, p])).toBe('No goal tracked; 2 goals not tracked.');
  });
});

describe('progressCounts', () => {
  it('counts the goals by status, in the order of the rule', () => {
    const a = winterShare();
    const b = { ...winterShare(), status: 'off track' as const };
    const c = { ...winterShare(), status: 'watch' as const };
    expect(progressCounts([a, b, c])).toBe('3 goals tracked: 2 watch, 1 off track.');
  });
});
