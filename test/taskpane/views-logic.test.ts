/**
 * What the pane's pictures are drawn from (src/taskpane/logic.ts): goal card facts, bars of
 * change per team, the alignment tree. Expected values worked out by hand beside each case.
 */
import { describe, it, expect } from '@jest/globals';
import type { MappingConfig } from '../../src/core/config';
import type { AlignmentReport, ImpactRow } from '../../src/core/report';
import {
  alignmentTree,
  changeCharts,
  goalCardFacts,
  type PaneGoal,
} from '../../src/taskpane/logic';

const goal: PaneGoal = {
  id: 'S1',
  level: 'team',
  team: 'Cedar',
  measure: 'Math',
  groups: [{ column: 'SWD', value: 'Y' }],
  baseline: { metric: 'pctProficient', value: 0.019 },
  target: { value: 0.206, method: 'proficiency-gap' },
  statement: 'By 15 June 2027 …',
  rationale: 'because',
  priority: 3,
};

describe('goalCardFacts', () => {
  it("uses the sheet's own texts and words the growth check", () => {
    const facts = goalCardFacts({
      ...goal,
      groupLabel: 'SWD: Y',
      baselineText: '1.9%',
      targetText: '20.6%',
      growthCheck: { label: 'stretch' },
    });
    expect(facts).toEqual({
      who: 'Team Cedar',
      what: 'Math · SWD: Y',
      baseline: '1.9%',
      target: '20.6%',
      metric: 'proficient',
      check: { text: 'Growth check: a stretch (above 9 in 10 teams’ growth)', tone: 'stretch' },
    });
  });

  it('falls back to the numbers (a share as a percentage, one decimal) and says when no check is possible', () => {
    const facts = goalCardFacts({ ...goal, team: null, growthCheck: { label: null } });
    // 0.019 → 1.9%, 0.206 → 20.6%; no team and no school → the district.
    expect([facts.who, facts.what, facts.baseline, facts.target]).toEqual([
      'District',
      'Math · SWD: Y',
      '1.9%',
      '20.6%',
    ]);
    expect(facts.check?.text).toBe('Growth check: not possible (fewer than two comparable teams)');
    const mean = goalCardFacts({
      ...goal,
      school: 'Oak',
      team: null,
      baseline: { metric: 'mean', value: 212.345 },
      target: { value: 220, method: 'effect-size' },
    });
    expect([mean.who, mean.baseline, mean.target, mean.metric, mean.check]).toEqual([
      'School Oak',
      '212.3',
      '220',
      'mean score',
      null,
    ]);
    expect(goalCardFacts({ ...goal, growthCheck: { label: 'beyond reach' } }).check?.tone).toBe(
      'warn',
    );
  });
});

describe('changeCharts', () => {
  const config = {
    students: [{ sheet: 'S', team: 'Team', measures: [] }],
  } as unknown as MappingConfig;
  const row = (team: string | null, measure: string, meanDiff: number | null, n = 10) =>
    ({
      population: 'students',
      measure,
      n,
      meanDiff,
      undefinedReason: meanDiff === null ? 'fewer than 2 pairs' : null,
      groups: team === null ? [] : [{ column: team.startsWith('EL') ? 'EL' : 'Team', value: team }],
    }) as unknown as ImpactRow;

  it('one chart per measure, teams largest change first, the scale through 0, missing teams said', () => {
    const charts = changeCharts(
      [
        row(null, 'Reading', 3),
        row('Blue', 'Reading', -1.25, 8),
        row('Gold', 'Reading', 4.5, 12),
        row('EL Y', 'Reading', 9),
        row('Red', 'Reading', null, 1),
        row('Blue', 'Math', 2),
      ],
      config,
    );
    expect(charts.map((c) => c.measure)).toEqual(['Math', 'Reading']);
    const reading = charts[1];
    // Overall and subgroup rows are not bars; Gold (+4.5) before Blue (−1.25).
    expect(reading.bars).toEqual([
      { team: 'Gold', value: 4.5, n: 12, text: '+4.5' },
      { team: 'Blue', value: -1.25, n: 8, text: '-1.3' },
    ]);
    expect([reading.min, reading.max]).toEqual([-1.25, 4.5]);
    expect(reading.missing).toEqual(['Red: fewer than 2 pairs']);
    // Only positive changes: the scale still starts at 0.
    expect([charts[0].min, charts[0].max]).toEqual([0, 2]);
  });
});

describe('alignmentTree', () => {
  it('hangs goals under the goals they link to, marks orphans and unsupported goals', () => {
    const alignment: AlignmentReport = {
      goals: [
        { id: 'D1', level: 'district', statement: 'Read by grade 3', parent: null },
        { id: 'D2', level: 'district', statement: 'Attendance', parent: null },
        { id: 'SC1', level: 'school', statement: 'Oak reading', parent: 'D1' },
        { id: 'T1', level: 'team', statement: 'Grade 2 reading', parent: null },
        { id: 'T2', level: 'team', statement: 'Robotics', parent: null },
      ],
      links: [
        { from: 'SC1', to: 'D1', strength: 2, reason: 'names D1' },
        { from: 'T1', to: 'SC1', strength: 1, reason: 'shares "reading"' },
      ],
      orphans: ['T2'],
      unsupported: ['D2'],
      coherence: 2 / 3,
    };
    const brief = (n: ReturnType<typeof alignmentTree>[number]): unknown => ({
      id: n.id,
      link: n.link,
      flags: [n.orphan && 'orphan', n.unsupported && 'unsupported'].filter(Boolean),
      children: n.children.map(brief),
    });
    expect(alignmentTree(alignment).map(brief)).toEqual([
      {
        id: 'D1',
        link: null,
        flags: [],
        children: [
          {
            id: 'SC1',
            link: 'named',
            flags: [],
            children: [{ id: 'T1', link: 'inferred', flags: [], children: [] }],
          },
        ],
      },
      { id: 'D2', link: null, flags: ['unsupported'], children: [] },
      { id: 'T2', link: null, flags: ['orphan'], children: [] },
    ]);
    expect(alignmentTree(null)).toEqual([]);
  });

  it('cuts a cycle instead of recursing for ever', () => {
    const alignment = {
      goals: [
        { id: 'A', level: 'school', statement: 'a', parent: 'B' },
        { id: 'B', level: 'school', statement: 'b', parent: 'A' },
      ],
      links: [
        { from: 'A', to: 'B', strength: 2, reason: '' },
        { from: 'B', to: 'A', strength: 2, reason: '' },
      ],
      orphans: ['A', 'B'],
      unsupported: [],
      coherence: 0,
    } as AlignmentReport;
    // Both have a parent, so neither is a top; each is still drawn once: A, with B under it.
    const tree = alignmentTree(alignment);
    expect(tree.map((n) => [n.id, n.children.map((c) => [c.id, c.children.length])])).toEqual([
      ['A', [['B', 0]]],
    ]);
  });
});
