/** Goals sheet reading, inferred links and their reasons, data-quality issues, the report. */
import { describe, expect, it } from '@jest/globals';
import {
  analyzeAlignment,
  buildSynonyms,
  headerRole,
  inferLink,
  matchPhrase,
  parseLevel,
  readGoalsSheet,
  type GoalRecord,
} from '../../../src/core/alignment';
import type { MappingConfig } from '../../../src/core/config';
import { ConfigError } from '../../../src/core/intake';
import type { GoalSuggestion, ImpactRow } from '../../../src/core/report';
import type { CellValue, RawTable } from '../../../src/core/types';

const CONFIG: MappingConfig = { version: 1, students: [], goals: { sheet: 'Goals' } };
const HEADER = [
  'Goal ID',
  'Level',
  'Owner',
  'School',
  'Team',
  'Goal',
  'Focus',
  'Student group',
  'Parent goal',
  'Professional learning',
  'PD hours',
  'Cost',
  'Status',
];

function table(rows: CellValue[][], header = HEADER, firstRow = 1): RawTable {
  return { sheet: 'Goals', values: [header, ...rows], firstRow, firstColumn: 1 };
}

function goal(p: Partial<GoalRecord> & Pick<GoalRecord, 'id' | 'level'>): GoalRecord {
  return {
    owner: null,
    school: null,
    team: null,
    statement: `${p.id} statement`,
    focus: null,
    group: null,
    parents: [],
    learning: null,
    hours: null,
    cost: null,
    status: null,
    source: 'sheet',
    row: null,
    ...p,
  };
}

const syn = buildSynonyms();

describe('inferred links: same focus in other words, and near-misses that must not link', () => {
  const lincolnSchool = goal({ id: 'S1', level: 'school', school: 'Lincoln', focus: 'Reading' });
  it.each([
    [
      'synonym: literacy ~ Reading, team → school, same school',
      goal({ id: 'T1', level: 'team', school: 'Lincoln', focus: 'literacy' }),
      lincolnSchool,
      "same focus: 'literacy' ~ 'Reading' (synonyms); adjacent levels team → school; same school 'Lincoln'",
    ],
    [
      'synonym: English language arts ~ Reading',
      goal({ id: 'T1', level: 'team', school: 'lincoln ', focus: 'English Language Arts' }),
      lincolnSchool,
      "same focus: 'English Language Arts' ~ 'Reading' (synonyms); adjacent levels team → school; same school 'Lincoln'",
    ],
    [
      'filler word: Reading proficiency is Reading',
      goal({ id: 'T1', level: 'team', school: 'Lincoln', focus: 'Reading proficiency' }),
      lincolnSchool,
      "same focus: 'Reading proficiency' ~ 'Reading'; adjacent levels team → school; same school 'Lincoln'",
    ],
    [
      'numeracy ~ mathematics, school → district, subgroup within all students',
      goal({ id: 'S2', level: 'school', school: 'Lincoln', focus: 'numeracy', group: 'EL' }),
      goal({ id: 'D1', level: 'district', focus: 'Mathematics', group: 'All students' }),
      "same focus: 'numeracy' ~ 'Mathematics' (synonyms); adjacent levels school → district; student group 'EL' within all students",
    ],
    [
      'group synonyms: ELL ~ English learners; individual → team, same team',
      goal({
        id: 'I1',
        level: 'individual',
        school: 'Lincoln',
        team: 'Grade 3',
        focus: 'Math',
        group: 'ELL',
      }),
      goal({
        id: 'T2',
        level: 'team',
        school: 'Lincoln',
        team: 'Grade 3',
        focus: 'math',
        group: 'English learners',
      }),
      "same focus: 'Math'; adjacent levels individual → team; same school 'Lincoln'; same team 'Grade 3'; same student group 'ELL' ~ 'English learners' (synonyms)",
    ],
    [
      'school not given on the team goal',
      goal({ id: 'T1', level: 'team', focus: 'Reading' }),
      lincolnSchool,
      "same focus: 'Reading'; adjacent levels team → school; school not given on both goals",
    ],
  ])('%s', (_name, lower, upper, reason) => {
    expect(inferLink(lower, upper, syn)).toBe(reason);
  });

  it.each([
    [
      'a focus word inside a longer phrase: "Math teacher attendance" is not "Math"',
      goal({ id: 'T1', level: 'team', school: 'Lincoln', focus: 'Math teacher attendance' }),
      goal({ id: 'S1', level: 'school', school: 'Lincoln', focus: 'Math' }),
    ],
    [
      '"Teacher attendance" is not (student) "Attendance"',
      goal({ id: 'T1', level: 'team', school: 'Lincoln', focus: 'Teacher attendance' }),
      goal({ id: 'S1', level: 'school', school: 'Lincoln', focus: 'Attendance' }),
    ],
    [
      'different student groups',
      goal({ id: 'T1', level: 'team', school: 'Lincoln', focus: 'Reading', group: 'FRL' }),
      goal({
        id: 'S1',
        level: 'school',
        school: 'Lincoln',
        focus: 'Reading',
        group: 'English learners',
      }),
    ],
    [
      'non-adjacent levels (team → district)',
      goal({ id: 'T1', level: 'team', school: 'Lincoln', focus: 'Reading' }),
      goal({ id: 'D1', level: 'district', focus: 'Reading' }),
    ],
    [
      'same level (team → team)',
      goal({ id: 'T1', level: 'team', school: 'Lincoln', focus: 'Reading' }),
      goal({ id: 'T2', level: 'team', school: 'Lincoln', focus: 'Reading' }),
    ],
    [
      'upward only (school → team)',
      goal({ id: 'S1', level: 'school', school: 'Lincoln', focus: 'Reading' }),
      goal({ id: 'T1', level: 'team', school: 'Lincoln', focus: 'Reading' }),
    ],
    [
      'different schools',
      goal({ id: 'T1', level: 'team', school: 'Washington', focus: 'Reading' }),
      goal({ id: 'S1', level: 'school', school: 'Lincoln', focus: 'Reading' }),
    ],
    [
      'different teams (individual → team)',
      goal({ id: 'I1', level: 'individual', team: 'Grade 4', focus: 'Math' }),
      goal({ id: 'T1', level: 'team', team: 'Grade 3', focus: 'Math' }),
    ],
    [
      'different subjects (writing is not reading)',
      goal({ id: 'T1', level: 'team', school: 'Lincoln', focus: 'Writing' }),
      goal({ id: 'S1', level: 'school', school: 'Lincoln', focus: 'Reading' }),
    ],
    [
      'no focus on the lower goal',
      goal({ id: 'T1', level: 'team', school: 'Lincoln' }),
      goal({ id: 'S1', level: 'school', school: 'Lincoln', focus: 'Reading' }),
    ],
  ])('no link: %s', (_name, lower, upper) => {
    expect(inferLink(lower, upper, syn)).toBeNull();
  });

  it('config.synonyms extends the list, and replaces a default group it overlaps', () => {
    expect(matchPhrase('Numeracy', 'Quantitative reasoning', syn)).toBeNull();
    const custom = buildSynonyms([
      ['math', 'quantitative reasoning'],
      ['oracy', 'speaking and listening'],
    ]);
    expect(matchPhrase('math', 'Quantitative reasoning', custom)?.kind).toBe('synonyms');
    // The configured math group replaced the default one: numeracy is no longer math.
    expect(matchPhrase('Numeracy', 'math', custom)).toBeNull();
    expect(matchPhrase('Oracy', 'Speaking and listening', custom)?.kind).toBe('synonyms');
    expect(matchPhrase('ELA', 'literacy', custom)?.kind).toBe('synonyms');
    expect(() => buildSynonyms([['a', 3 as unknown as string]])).toThrow(
      /config.synonyms must be a list of lists/,
    );
  });

  it('a goal that names its parent gets no inferred links; one that names none does', () => {
    const r = analyzeAlignment({
      goalsTable: table([
        [
          'D1',
          'District',
          null,
          null,
          null,
          'Reading for all',
          'Reading',
          null,
          null,
          null,
          null,
          null,
          null,
        ],
        [
          'S1',
          'School',
          null,
          'Lincoln',
          null,
          'Lincoln reads',
          'Literacy',
          null,
          null,
          null,
          null,
          null,
          null,
        ],
        [
          'S2',
          'School',
          null,
          'Lincoln',
          null,
          'Lincoln ELA',
          'ELA',
          null,
          'D1',
          null,
          null,
          null,
          null,
        ],
        [
          'T1',
          'Team',
          null,
          'Lincoln',
          'G3',
          'Grade 3 reads',
          'Reading',
          null,
          'S2',
          null,
          null,
          null,
          null,
        ],
        [
          'T2',
          'Team',
          null,
          'Lincoln',
          'G4',
          'Grade 4 reads',
          'reading',
          null,
          null,
          null,
          null,
          null,
          null,
        ],
      ]),
      suggestions: [],
      impact: [],
      config: CONFIG,
    }).report!;
    expect(r.links).toEqual([
      { from: 'S2', to: 'D1', strength: 2, reason: 'parent goal: S2 names D1 as its parent' },
      { from: 'T1', to: 'S2', strength: 2, reason: 'parent goal: T1 names S2 as its parent' },
      {
        from: 'S1',
        to: 'D1',
        strength: 1,
        reason: "same focus: 'Literacy' ~ 'Reading' (synonyms); adjacent levels school → district",
      },
      {
        from: 'T2',
        to: 'S1',
        strength: 1,
        reason:
          "same focus: 'reading' ~ 'Literacy' (synonyms); adjacent levels team → school; same school 'Lincoln'",
      },
      {
        from: 'T2',
        to: 'S2',
        strength: 1,
        reason:
          "same focus: 'reading' ~ 'ELA' (synonyms); adjacent levels team → school; same school 'Lincoln'",
      },
    ]);
    // Hand: 4 goals below district (S1, S2, T1, T2), each with a path → coherence 4/4; T1 (→ S2)
    // and T2 (→ S1, S2) share S2, so they are not a duplicated effort.
    expect(r.orphans).toEqual([]);
    expect(r.coherence).toBe(1);
    expect(r.duplicates).toEqual([]);
  });
});

describe('the goals sheet: header spellings, title rows, levels', () => {
  it.each([
    ['Goal ID', 'id'],
    ['ID', 'id'],
    ['Goal #', 'id'],
    ['Level', 'level'],
    ['Tier', 'level'],
    ['Goal statement', 'statement'],
    ['Goal', 'statement'],
    ['Focus area', 'focus'],
    ['Measure', 'focus'],
    ['Aligned to', 'parent'],
    ['Supports goal', 'parent'],
    ['Parent goal', 'parent'],
    ['PD plan', 'learning'],
    ['Professional learning', 'learning'],
    ['Hours', 'hours'],
    ['PD hours', 'hours'],
    ['Budget', 'cost'],
    ['Cost ($)', 'cost'],
    ['Student group', 'group'],
    ['Subgroup', 'group'],
    ['School', 'school'],
    ['Campus', 'school'],
    ['PLC', 'team'],
    ['Owner', 'owner'],
    ['Status', 'status'],
    ['Notes', null],
  ])('header %j → %s', (header, role) => {
    expect(headerRole(header)).toBe(role);
  });

  it.each([
    ['District', 'district'],
    ['district priority', 'district'],
    ['School goal', 'school'],
    ['Campus', 'school'],
    ['Team', 'team'],
    ['PLC', 'team'],
    ['Grade level', 'team'],
    ['Individual', 'individual'],
    ['Teacher', 'individual'],
    ['Tier 2', null],
    ['State', null],
    [3, null],
    [null, null],
  ])('level %j → %s', (cell, level) => {
    expect(parseLevel(cell as CellValue)).toBe(level);
  });

  it('reads a district\'s own sheet: a title block, other headers, "$" and "h" amounts, two parents', () => {
    const t: RawTable = {
      sheet: 'Our goals',
      firstRow: 3,
      firstColumn: 2,
      values: [
        ['2026–27 goals', null, null, null, null, null, null],
        [null, null, null, null, null, null, null],
        ['Goal #', 'Tier', 'Goal statement', 'Focus area', 'Aligned to', 'Hours', 'Budget'],
        [1, 'District', 'Every child reads', 'Reading', null, '10 h', '$12,000'],
        [2, 'District', 'Math for all', 'Math', null, null, null],
        ['2a', 'School', 'Lincoln reads and counts', 'literacy', '1; 2', 4.5, 300],
      ],
    };
    const read = readGoalsSheet(t, { sheet: 'Our goals' });
    expect(read.issues.map((i) => [i.code, i.row])).toEqual([['TITLE_ROWS', 3]]);
    expect(read.columns).toEqual({
      id: 'Goal #',
      level: 'Tier',
      statement: 'Goal statement',
      focus: 'Focus area',
      parent: 'Aligned to',
      hours: 'Hours',
      cost: 'Budget',
    });
    expect(read.goals.map((g) => [g.id, g.level, g.parents, g.hours, g.cost, g.row])).toEqual([
      ['1', 'district', [], 10, 12000, 6],
      ['2', 'district', [], null, null, 7],
      ['2a', 'school', ['1', '2'], 4.5, 300, 8],
    ]);
  });

  it('config.goals.columns overrides a role; an unknown role or header is a config error', () => {
    const t = table(
      [
        [
          'D1',
          'District',
          null,
          null,
          null,
          'Read',
          'Reading',
          null,
          null,
          null,
          null,
          null,
          'Math',
        ],
      ],
      [...HEADER.slice(0, 12), 'Area'],
    );
    expect(readGoalsSheet(t, { sheet: 'Goals', columns: { focus: 'Area' } }).goals[0].focus).toBe(
      'Math',
    );
    expect(() => readGoalsSheet(t, { sheet: 'Goals', columns: { colour: 'Area' } })).toThrow(
      /unknown role "colour"/,
    );
    expect(() => readGoalsSheet(t, { sheet: 'Goals', columns: { focus: 'Topic' } })).toThrow(
      ConfigError,
    );
  });
});

describe('data-quality issues in the goals sheet (never a crash)', () => {
  const row = (
    id: CellValue,
    level: CellValue,
    statement: CellValue,
    parent: CellValue = null,
    hours: CellValue = null,
  ): CellValue[] => [
    id,
    level,
    null,
    null,
    null,
    statement,
    'Reading',
    null,
    parent,
    null,
    hours,
    null,
    null,
  ];
  it.each([
    [
      'duplicate ID',
      [row('D1', 'District', 'a'), row('D1', 'School', 'b', 'D1')],
      [['GOAL_DUPLICATE_ID', 3, 'Goal ID', 'D1']],
    ],
    [
      'unknown level',
      [row('D1', 'District', 'a'), row('X1', 'Region', 'b', 'D1')],
      [['GOAL_UNKNOWN_LEVEL', 3, 'Level', 'Region']],
    ],
    ['blank level', [row('D1', '', 'a')], [['GOAL_UNKNOWN_LEVEL', 2, 'Level', null]]],
    [
      'missing parent',
      [row('D1', 'District', 'a'), row('S1', 'School', 'b', 'D9')],
      [['GOAL_MISSING_PARENT', 3, 'Parent goal', 'D9']],
    ],
    [
      'parent left out for its level',
      [row('X1', 'Region', 'a'), row('S1', 'School', 'b', 'X1')],
      [
        ['GOAL_UNKNOWN_LEVEL', 2, 'Level', 'Region'],
        ['GOAL_MISSING_PARENT', 3, 'Parent goal', 'X1'],
      ],
    ],
    ['no statement', [row('D1', 'District', null)], [['GOAL_NO_STATEMENT', 2, 'Goal', null]]],
    ['missing ID', [row(null, 'District', 'a')], [['GOAL_MISSING_ID', 2, 'Goal ID', null]]],
    [
      'hours not a number',
      [row('D1', 'District', 'a', null, 'lots')],
      [['GOAL_BAD_AMOUNT', 2, 'PD hours', 'lots']],
    ],
    ['self parent', [row('S1', 'School', 'a', 'S1')], [['GOAL_CYCLE', 2, 'Parent goal', 'S1']]],
    [
      'cycle of two',
      [row('T1', 'Team', 'a', 'S1'), row('S1', 'School', 'b', 'T1')],
      [
        ['GOAL_PARENT_LEVEL', 3, 'Parent goal', 'T1'],
        ['GOAL_CYCLE', 2, 'Parent goal', 'T1 → S1 → T1'],
      ],
    ],
    [
      'cycle of three',
      [row('T1', 'Team', 'a', 'T2'), row('T2', 'Team', 'b', 'T3'), row('T3', 'Team', 'c', 'T1')],
      [
        ['GOAL_PARENT_LEVEL', 2, 'Parent goal', 'T2'],
        ['GOAL_PARENT_LEVEL', 3, 'Parent goal', 'T3'],
        ['GOAL_PARENT_LEVEL', 4, 'Parent goal', 'T1'],
        ['GOAL_CYCLE', 2, 'Parent goal', 'T1 → T2 → T3 → T1'],
      ],
    ],
  ])('%s', (_name, rows, expected) => {
    const result = analyzeAlignment({
      goalsTable: table(rows as CellValue[][]),
      suggestions: [],
      impact: [],
      config: CONFIG,
    });
    expect(result.issues.map((i) => [i.code, i.row, i.column, i.value])).toEqual(expected);
    for (const i of result.issues) expect(i.sheet).toBe('Goals');
    expect(result.report).not.toBeNull();
  });

  it('goals in a cycle are orphans; an empty sheet is an issue, not a crash', () => {
    const cyc = analyzeAlignment({
      goalsTable: table([
        ['D1', 'District', null, null, null, 'd', 'Math', null, null, null, null, null, null],
        ['T1', 'Team', null, null, null, 'a', 'Reading', null, 'S1', null, null, null, null],
        ['S1', 'School', null, null, null, 'b', 'Reading', null, 'T1', null, null, null, null],
      ]),
      suggestions: [],
      impact: [],
      config: CONFIG,
    });
    expect(cyc.report!.orphans).toEqual(['T1', 'S1']);
    expect(cyc.analysis!.orphanReasons['T1']).toBe('its parent goals go round in a circle');
    expect(cyc.report!.coherence).toBe(0);
    const empty = analyzeAlignment({
      goalsTable: { sheet: 'Goals', values: [], firstRow: 1, firstColumn: 1 },
      suggestions: [],
      impact: [],
      config: CONFIG,
    });
    expect(empty.issues.map((i) => i.code)).toEqual(['EMPTY_SHEET']);
    expect(empty.report).toEqual({
      goals: [],
      links: [],
      orphans: [],
      unsupported: [],
      coherence: null,
      duplicates: [],
    });
  });
});

describe('the report, suggestions and impact', () => {
  const sugg = (id: string, adopted?: boolean): GoalSuggestion => ({
    id,
    level: 'team',
    team: 'G3',
    measure: 'Reading',
    groups: [],
    baseline: { metric: 'mean', value: 40 },
    target: { value: 50, method: 'half-gap' },
    statement: `${id} statement`,
    rationale: 'r',
    priority: 1,
    ...(adopted === undefined ? {} : { adopted }),
  });

  it('no goals sheet and nothing adopted: no report', () => {
    expect(
      analyzeAlignment({
        goalsTable: null,
        suggestions: [sugg('G1'), sugg('G2', false)],
        impact: [],
        config: CONFIG,
      }),
    ).toEqual({ report: null, issues: [], analysis: null });
  });

  it('adopted suggestions join as goals; others do not', () => {
    const r = analyzeAlignment({
      goalsTable: table([
        [
          'S1',
          'School',
          null,
          null,
          'G3',
          'School reads',
          'Literacy',
          null,
          null,
          null,
          null,
          null,
          null,
        ],
      ]),
      suggestions: [sugg('G1', true), sugg('G2'), sugg('G3', false)],
      impact: [],
      config: CONFIG,
    }).report!;
    expect(r.goals).toEqual([
      { id: 'S1', level: 'school', statement: 'School reads', parent: null },
      { id: 'G1', level: 'team', statement: 'G1 statement', parent: null },
    ]);
    expect(r.links).toEqual([
      {
        from: 'G1',
        to: 'S1',
        strength: 1,
        reason:
          "same focus: 'Reading' ~ 'Literacy' (synonyms); adjacent levels team → school; school not given on both goals",
      },
    ]);
    // Hand: S1 has no district goal above it; G1 reaches only S1 → both orphans, coherence 0/2.
    expect(r.orphans).toEqual(['S1', 'G1']);
    expect(r.coherence).toBe(0);
    // The report has the contract's fields (contracts.md) and is plain JSON.
    expect(Object.keys(r).sort()).toEqual([
      'coherence',
      'duplicates',
      'goals',
      'links',
      'orphans',
      'unsupported',
    ]);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('need per priority and effect per goal come from the impact rows; "no data" otherwise', () => {
    const base = {
      n: 20,
      unpairedPre: 0,
      unpairedPost: 0,
      preMean: 40,
      postMean: 50,
      preSd: 10,
      postSd: 10,
      meanDiff: 10,
      sdDiff: 5,
      r: 0.9,
      t: 8.9,
      df: 19,
      p: 0.001,
      ciLow: 7,
      ciHigh: 13,
      dz: 2,
      drm: 1,
      gav: 0.96,
      normalizedGain: null,
      avgNormalizedGain: null,
      gainExcluded: 0,
      ppChange: 0.1,
      undefinedReason: null,
      interpretation: { benchmark: 'kraft2020', effect: 'dav', label: 'large' },
    } as const;
    const impact: ImpactRow[] = [
      {
        ...base,
        population: 'students',
        measure: 'Reading',
        groups: [],
        dav: 1,
        pctProficientPre: 0.3,
        pctProficientPost: 0.4,
      },
      {
        ...base,
        population: 'students',
        measure: 'Reading',
        groups: [{ column: 'Team', value: 'Grade 3' }],
        dav: 0.45,
        pctProficientPre: 0.2,
        pctProficientPost: 0.25,
      },
    ];
    const result = analyzeAlignment({
      goalsTable: table([
        ['D1', 'District', null, null, null, 'Read', 'literacy', null, null, null, 100, 5000, null],
        ['D2', 'District', null, null, null, 'Count', 'Math', null, null, null, null, null, null],
        ['S1', 'School', null, 'L', null, 'L reads', 'Reading', null, 'D1', null, 20, 1000, null],
        ['T1', 'Team', null, 'L', 'grade 3', 'G3 reads', 'ELA', null, null, null, 5, 250.5, null],
        [
          'T2',
          'Team',
          null,
          'L',
          'Grade 5',
          'G5 attends',
          'Attendance',
          null,
          null,
          null,
          7,
          70,
          null,
        ],
      ]),
      suggestions: [],
      impact,
      config: CONFIG,
    });
    const a = result.analysis!;
    // Hand: D1 counts itself, S1 and T1 (→ S1 inferred): 100 + 20 + 5 = 125 h, 5000 + 1000 + 250.5 = 6250.5.
    // Need = 1 − 0.4 (post share proficient, overall row) = 0.6.
    expect(a.resources[0]).toMatchObject({ id: 'D1', goals: 3, hours: 125, cost: 6250.5 });
    expect(a.resources[0].need).toBeCloseTo(0.6, 12);
    expect(a.resources[1]).toEqual({
      id: 'D2',
      goals: 1,
      hours: 0,
      cost: 0,
      need: null,
      needNote: "no data (no impact figures for 'Math')",
    });
    expect(a.notConnected).toEqual({ goals: 1, hours: 7, cost: 70 });
    // T1's team "grade 3" matches the row of team "Grade 3" (case ignored): dav 0.45.
    expect(a.effects['T1']).toMatchObject({ dav: 0.45, label: 'large', n: 20 });
    expect(a.effects['T2'].dav).toBeNull();
    expect(a.effects['T2'].note).toBe("no data (no impact figures for 'Attendance')");
  });
});
