/**
 * The pane's logic without a DOM (src/taskpane/logic.ts): which sheets a step writes, mapping
 * edits, where an issue points, errors in words, headline figures. Expected values are worked
 * out by hand beside each case.
 */
import { describe, it, expect } from '@jest/globals';
import type { MappingConfig } from '../../src/core/config';
import type { SheetPlan } from '../../src/core/plans/types';
import type { ImpactRow } from '../../src/core/report';
import type { RawTable } from '../../src/core/types';
import {
  alignmentSummary,
  columnRole,
  describeError,
  impactHeadlines,
  issueAddress,
  plansForStep,
  rankedGoals,
  withAdoptions,
  renderSummary,
  setColumnRole,
  setMeasureField,
  sheetConfig,
} from '../../src/taskpane/logic';

function plan(
  key: string,
  name: string,
  cells: SheetPlan['cells'] = [['x']],
  links?: SheetPlan['links'],
): SheetPlan {
  return { key, name, cells, links };
}

const config: MappingConfig = {
  version: 1,
  students: [
    {
      sheet: 'Students',
      id: 'Student ID',
      team: 'Team',
      school: 'School',
      subgroups: ['EL'],
      measures: [
        { name: 'Reading', pre: 'Reading Pre', post: 'Reading Post', max: 100, proficient: null },
      ],
    },
  ],
  educators: [
    {
      sheet: 'Educators',
      id: 'Educator',
      team: 'PLC',
      pdHours: 'PD Hours',
      practice: [{ name: 'Questioning', pre: 'Q Pre', post: 'Q Post', max: 4 }],
    },
  ],
};

describe('plansForStep', () => {
  const impact = plan('impact', 'Impact', [[{ formula: "='Impact Data'!B2", value: 1 }]]);
  const impactData = plan('impact-data', 'Impact Data');
  const goals = plan('suggested-goals', 'Suggested Goals', [
    [{ formula: '=Impact!C3*2', value: 2 }],
  ]);
  const dq = plan(
    'data-quality',
    'Data Quality',
    [['x']],
    [{ row: 2, column: 8, sheet: 'Students', targetRow: 5, targetColumn: 1 }],
  );
  const matrix = plan('alignment-matrix', 'Alignment Matrix');
  const all = [dq, impactData, impact, goals, matrix];

  it.each([
    // data: its own sheet only; its link to Students is not a plan.
    ['data', ['Data Quality']],
    // impact: Impact refers to 'Impact Data' (quoted), so both.
    ['impact', ['Impact Data', 'Impact']],
    // goals: Suggested Goals → Impact (bare name) → Impact Data, in the engine's order.
    ['goals', ['Impact Data', 'Impact', 'Suggested Goals']],
    ['alignment', ['Alignment Matrix']],
  ] as const)('%s → %j', (step, names) => {
    expect(plansForStep(all, step).map((p) => p.name)).toEqual(names);
  });

  it('does not take a longer sheet name for a shorter one (MyImpact! is not Impact!)', () => {
    const other = plan('suggested-goals', 'Suggested Goals', [
      [{ formula: '=MyImpact!A1', value: 0 }],
    ]);
    expect(plansForStep([impact, impactData, other], 'goals').map((p) => p.name)).toEqual([
      'Suggested Goals',
    ]);
  });

  it('rewrites the summary with Impact when its headline reads Impact (else #REF! in Excel), not what it links to', () => {
    const summary = plan(
      'summary',
      'Throughline',
      [[{ formula: '=IF(ISBLANK(Impact!$B$2),"",Impact!$B$2)', value: 1 }]],
      [{ row: 1, column: 1, sheet: 'Data Quality', targetRow: 1, targetColumn: 1 }],
    );
    expect(plansForStep([summary, ...all], 'impact').map((p) => p.name)).toEqual([
      'Throughline',
      'Impact Data',
      'Impact',
    ]);
    // The Alignment step replaces nothing the summary reads: it is left alone.
    expect(plansForStep([summary, ...all], 'alignment').map((p) => p.name)).toEqual([
      'Alignment Matrix',
    ]);
  });

  it('returns nothing when the step has no plans yet', () => {
    expect(plansForStep([dq], 'goals')).toEqual([]);
  });
});

describe('withAdoptions', () => {
  const impact = plan('impact', 'Impact', [[{ formula: "='Impact Data'!B2", value: 1 }]]);
  const impactData = plan('impact-data', 'Impact Data');
  const goals = plan('suggested-goals', 'Suggested Goals', [
    [{ formula: '=Impact!C3*2', value: 2 }],
  ]);
  const matrix = plan('alignment-matrix', 'Alignment Matrix');
  const all = [impactData, impact, goals, matrix];
  it('without choices a step writes its own sheets only', () =>
    expect(withAdoptions(all, 'alignment', false).map((p) => p.name)).toEqual([
      'Alignment Matrix',
    ]));
  it('with choices it also writes Suggested Goals (and what its formulas need), in engine order', () =>
    expect(withAdoptions(all, 'alignment', true).map((p) => p.name)).toEqual([
      'Impact Data',
      'Impact',
      'Suggested Goals',
      'Alignment Matrix',
    ]));
  it('the Goals step has Suggested Goals already', () =>
    expect(withAdoptions(all, 'goals', true)).toEqual(plansForStep(all, 'goals')));
});

describe('mapping edits', () => {
  it('reads each column role from the config', () => {
    const s = sheetConfig(config, 'Students')!;
    expect(columnRole(s, 'Student ID')).toBe('id');
    expect(columnRole(s, 'EL')).toBe('subgroup');
    expect(columnRole(s, 'Reading Post')).toEqual({ measure: 'Reading', side: 'post' });
    expect(columnRole(s, 'Notes')).toBe('none');
    expect(columnRole(sheetConfig(config, 'Educators')!, 'PD Hours')).toBe('pd-hours');
  });

  it('moves a single role to the new column and frees the old one', () => {
    const r = setColumnRole(config, 'Students', 'Grade', 'team');
    expect(r.refused).toBeNull();
    expect(r.config.students[0].team).toBe('Grade');
    expect(columnRole(sheetConfig(r.config, 'Students')!, 'Team')).toBe('none');
    // The input is not changed.
    expect(config.students[0].team).toBe('Team');
  });

  it('takes a column out of its role with "Not used", and adds student groups', () => {
    expect(
      setColumnRole(config, 'Students', 'School', 'none').config.students[0].school,
    ).toBeNull();
    expect(
      setColumnRole(config, 'Students', 'Gender', 'subgroup').config.students[0].subgroups,
    ).toEqual(['EL', 'Gender']);
    expect(setColumnRole(config, 'Students', 'EL', 'none').config.students[0].subgroups).toEqual(
      [],
    );
  });

  it("gives an educator sheet's column the coach role, and takes it back", () => {
    const r = setColumnRole(config, 'Educators', 'Email', 'coach');
    expect(r.refused).toBeNull();
    expect(r.config.educators![0].coach).toBe('Email');
    expect(columnRole(sheetConfig(r.config, 'Educators')!, 'Email')).toBe('coach');
    expect(setColumnRole(r.config, 'Educators', 'Email', 'none').config.educators![0].coach).toBe(
      null,
    );
    expect(setColumnRole(config, 'Students', 'Grade', 'coach').refused).toContain(
      'is not a role for a sheet of students',
    );
  });

  it('makes another column the ID', () => {
    expect(setColumnRole(config, 'Educators', 'Email', 'id').config.educators![0].id).toBe('Email');
  });

  it.each([
    ['Students', 'Student ID', 'none', 'Choose another column as the ID first'],
    ['Students', 'Reading Pre', 'team', 'Change it under Measures instead'],
    ['Students', 'Grade', 'pd-hours', 'is not a role for a sheet of students'],
    ['Nowhere', 'Grade', 'team', 'The mapping has no sheet "Nowhere"'],
  ] as const)('refuses %s / %s → %s, saying why', (sheet, header, role, why) => {
    const r = setColumnRole(config, sheet, header, role);
    expect(r.refused).toContain(why);
    expect(r.config).toBe(config);
  });

  it('sets a measure maximum and cut score from typed text; blank means none', () => {
    expect(
      setMeasureField(config, 'Students', 'Reading', 'max', '80').config.students[0].measures[0]
        .max,
    ).toBe(80);
    expect(
      setMeasureField(config, 'Students', 'Reading', 'proficient', ' 3,5 ').config.students[0]
        .measures[0].proficient,
    ).toBe(3.5);
    expect(
      setMeasureField(config, 'Students', 'Reading', 'max', '').config.students[0].measures[0].max,
    ).toBeNull();
    expect(
      setMeasureField(config, 'Educators', 'Questioning', 'pre', 'Q2 Pre').config.educators![0]
        .practice[0].pre,
    ).toBe('Q2 Pre');
  });

  it.each([
    ['max', 'eighty', 'must be a number'],
    ['pre', '', 'Choose a column'],
  ] as const)('refuses %s = %j', (field, text, why) => {
    expect(setMeasureField(config, 'Students', 'Reading', field, text).refused).toContain(why);
  });
});

describe('issueAddress', () => {
  // Header on Excel row 3, data from column B: "Score" is the third header → column D.
  const tables: RawTable[] = [
    {
      sheet: 'Scores',
      firstRow: 2,
      firstColumn: 2,
      values: [
        ['title', null, null],
        ['ID', 'Name', 'Score'],
        ['a', 'b', 5],
      ],
    },
  ];
  it.each([
    [
      { sheet: 'Scores', row: 4, column: 'Score' },
      { sheet: 'Scores', address: 'D4' },
    ],
    [
      { sheet: 'Scores', row: 4, column: null },
      { sheet: 'Scores', address: '4:4' },
    ],
    [
      { sheet: 'Scores', row: null, column: 'Name' },
      { sheet: 'Scores', address: 'C3' },
    ],
    [
      { sheet: 'Scores', row: null, column: null },
      { sheet: 'Scores', address: 'A1' },
    ],
    [
      { sheet: 'Scores', row: 9, column: 'Missing' },
      { sheet: 'Scores', address: '9:9' },
    ],
    [{ sheet: 'Gone', row: 2, column: 'ID' }, null],
  ])('%j → %j', (issue, expected) => {
    expect(issueAddress(issue, tables, { Scores: 3 })).toEqual(expected);
  });
});

describe('describeError', () => {
  it.each([
    [{ name: 'CancelledError', message: 'x' }, 'Cancelled: the workbook was left as it was.'],
    [
      { name: 'ConfigError', message: 'No column "Pre".' },
      'The saved mapping does not fit this workbook: No column "Pre". Fix it under Data',
    ],
    [{ code: 'AccessDenied', message: 'denied' }, 'is protected'],
    [{ code: 'ItemNotFound', message: 'gone' }, 'Run again'],
    [new Error('Something broke'), 'Something broke. Nothing was written.'],
  ])('%j', (error, words) => {
    expect(describeError(error)).toContain(words);
  });
});

describe('summaries', () => {
  it('says which sheets were added, replaced, or kept as edited', () => {
    expect(renderSummary({ written: ['Impact'], replaced: ['Data Quality'] }, ['Goals Old'])).toBe(
      'Added: Impact. Replaced: Data Quality. Kept as you edited them: Goals Old (the new results went to new sheets).',
    );
    expect(renderSummary({ written: [], replaced: [] }, [])).toBe('No sheet was written.');
  });

  it('keeps the engine ranking (S1 first, the greatest need), whatever the priority scale', () => {
    const g = (id: string, priority: number) =>
      ({ id, priority }) as Parameters<typeof rankedGoals>[0][number];
    // S10 after S2: ranks compare as numbers, not text; a practice goal's smaller score stays ranked.
    expect(rankedGoals([g('S10', 1), g('S2', 3), g('S1', 220)]).map((x) => x.id)).toEqual([
      'S1',
      'S2',
      'S10',
    ]);
  });

  it('gives no alignment lines without goals, and counts otherwise', () => {
    expect(alignmentSummary(null)).toEqual([]);
    const lines = alignmentSummary({
      goals: [
        { id: 'D1', level: 'district', statement: 's', parent: null },
        { id: 'S1', level: 'school', statement: 's', parent: 'D1' },
        { id: 'S2', level: 'school', statement: 's', parent: null },
      ],
      links: [{ from: 'S1', to: 'D1', strength: 2, reason: 'parent' }],
      orphans: ['S2'],
      unsupported: [],
      // 1 of the 2 goals below district level traces up: 0.5 → "50%".
      coherence: 0.5,
    });
    expect(lines).toEqual([
      '3 goals, 1 link.',
      'Coherence: 50% of goals below district level trace up to a district goal.',
      'No path to a district goal: S2.',
    ]);
  });

  it('groups impact headlines per team, "All" first, and says why a figure is missing', () => {
    const base = {
      population: 'students',
      measure: 'Reading',
      n: 20,
      dav: 0.5,
      ppChange: null,
      undefinedReason: null,
      interpretation: {
        benchmark: 'kraft2020',
        effect: 'relativeEffect',
        label: null,
        reading: 'gain (includes ordinary growth)',
      },
    };
    const rows = [
      {
        ...base,
        groups: [{ column: 'Team', value: 'Gold' }],
        meanDiff: -1.25,
        interpretation: { ...base.interpretation, label: 'large', reading: 'decline' },
        relative: { reading: 'below other teams (large)' },
      },
      { ...base, groups: [], meanDiff: 3, ppChange: 0.125 },
      { ...base, groups: [{ column: 'EL', value: 'Y' }], meanDiff: 9 },
      {
        ...base,
        groups: [{ column: 'Team', value: 'Blue' }],
        meanDiff: null,
        n: 1,
        undefinedReason: 'fewer than 2 pairs',
      },
    ] as unknown as ImpactRow[];
    expect(impactHeadlines(rows, config)).toEqual([
      {
        team: 'All',
        lines: [
          {
            population: 'students',
            measure: 'Reading',
            n: 20,
            // issue 17: no size word on a pre/post gain without its comparison
            text: 'Reading (n = 20): mean change +3; effect 0.5; gain (includes ordinary growth); proficient +12.5 percentage points',
          },
        ],
      },
      {
        team: 'Blue',
        lines: [
          {
            population: 'students',
            measure: 'Reading',
            n: 1,
            text: 'Reading (n = 1): fewer than 2 pairs',
          },
        ],
      },
      {
        team: 'Gold',
        lines: [
          {
            population: 'students',
            measure: 'Reading',
            n: 20,
            text: 'Reading (n = 20): mean change -1.25; effect 0.5; below other teams (large)',
          },
        ],
      },
    ]);
  });
});
