/**
 * The example district workbook (examples/district-sample.xlsx, item 7 of the foundation issue):
 * the generator is deterministic, the committed file is exactly what it writes, and the sheets
 * hold the counts and planted flaws that scripts/generate-district.mjs documents. Every check
 * reads the written workbook, as a person or another tool would; expected rows and counts are
 * the generator's documented design, written out here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import type { CellValue } from '../../src/core/types';
import { generate, readValues, records, SAMPLE, type SheetValues } from './workbook';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let sample: Map<string, SheetValues>;
beforeAll(async () => {
  sample = await readValues(SAMPLE);
});
const sheet = (name: string) => {
  const s = sample.get(name);
  if (!s) throw new Error(`examples/district-sample.xlsx has no sheet "${name}"`);
  return s;
};

describe('generator: the same seed writes the same values', () => {
  it('two runs with seed 7 write equal cell values and merges in every sheet', async () => {
    const a = path.join(dir, 'a.xlsx');
    const b = path.join(dir, 'b.xlsx');
    expect(generate(a, 7)).toContain('seed 7');
    generate(b, 7);
    const [va, vb] = [await readValues(a), await readValues(b)];
    expect([...va.keys()]).toEqual([
      'Students',
      'Educators',
      'Goals',
      'SMART Goal Form',
      'Read me',
    ]);
    expect([...vb.keys()]).toEqual([...va.keys()]);
    for (const name of va.keys()) expect(vb.get(name), name).toEqual(va.get(name));
  });

  it('another seed writes other scores (the seed is really used)', async () => {
    const c = path.join(dir, 'c.xlsx');
    generate(c, 8);
    const a = await readValues(path.join(dir, 'a.xlsx'));
    const c8 = await readValues(c);
    expect(c8.get('Students')!.values).not.toEqual(a.get('Students')!.values);
  });

  it('the committed examples/district-sample.xlsx equals a fresh generation with the default seed', async () => {
    const fresh = path.join(dir, 'fresh.xlsx');
    expect(generate(fresh)).toContain('seed 20260901');
    const f = await readValues(fresh);
    expect([...sample.keys()]).toEqual([...f.keys()]);
    // If this fails: the generator changed; run `npm run example:generate` and commit the file.
    for (const name of f.keys()) expect(sample.get(name), name).toEqual(f.get(name));
  });

  it.each([
    [['--seed', 'x'], /whole number/],
    [['--bogus'], /Unknown argument "--bogus"/],
  ])('rejects bad arguments %j with exit status 2', async (args, message) => {
    const { spawnSync } = await import('node:child_process');
    const { GENERATOR } = await import('./workbook');
    const r = spawnSync(
      process.execPath,
      [GENERATOR, ...args, '--out', path.join(dir, 'bad.xlsx')],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('Students sheet: counts and layout', () => {
  it('has the documented header', () => {
    expect(sheet('Students').values[0]).toEqual([
      'Student ID',
      'School',
      'Team',
      'Teacher',
      'Grade',
      'Gender',
      'EL',
      'SWD',
      'FRL',
      'Reading Fall (0-100)',
      'Reading Fall Level',
      'Reading Winter (0-100)',
      'Reading Spring (0-100)',
      'Reading Spring Level',
      'Math Fall (0-100)',
      'Math Fall Level',
      'Math Winter (0-100)',
      'Math Spring (0-100)',
      'Math Spring Level',
    ]);
  });

  it('holds 1,500 students (1,501 rows: one double entry), 3 schools, 12 teams, 60 teachers', () => {
    const rs = records(sheet('Students'));
    expect(rs).toHaveLength(1501);
    expect(new Set(rs.map((r) => r.cells['Student ID'])).size).toBe(1500);
    expect(new Set(rs.map((r) => r.cells.School)).size).toBe(3);
    expect(new Set(rs.map((r) => r.cells.Team)).size).toBe(12);
    expect(new Set(rs.map((r) => r.cells.Teacher)).size).toBe(60);
  });

  it('IDs are six-digit text with leading zeros', () => {
    const ids = records(sheet('Students')).map((r) => r.cells['Student ID']);
    for (const id of ids) expect(id).toMatch(/^\d{6}$/);
    expect(ids.filter((id) => String(id).startsWith('000')).length).toBeGreaterThan(0);
  });

  it('scores are whole numbers 0..100 except the planted cells; levels follow the cut 70', () => {
    const cols = ['Reading Fall', 'Reading Spring', 'Math Fall', 'Math Spring'];
    const planted = new Set([
      '1088 Reading Spring',
      '611 Reading Spring',
      '777 Math Fall',
      '905 Math Spring',
      '1240 Math Fall',
    ]);
    // Level bands written in examples/README.md: Below < 50 ≤ Approaching < 70 ≤ Proficient < 90 ≤ Advanced.
    const band = (s: number) =>
      s >= 90 ? 'Advanced' : s >= 70 ? 'Proficient' : s >= 50 ? 'Approaching' : 'Below';
    let checked = 0;
    for (const r of records(sheet('Students'))) {
      for (const c of cols) {
        const v = r.cells[`${c} (0-100)`];
        const level = r.cells[`${c} Level`];
        if (planted.has(`${r.row} ${c}`)) continue;
        if (v === null) {
          expect(level, `row ${r.row} ${c}`).toBeNull();
          continue;
        }
        expect(
          Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 100,
          `row ${r.row} ${c}: ${v}`,
        ).toBe(true);
        expect(level, `row ${r.row} ${c}`).toBe(band(v as number));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5900);
  });
});

describe('Students sheet: each planted flaw is where the generator says', () => {
  const cell = (row: number, col: string): CellValue =>
    records(sheet('Students'))[row - 2].cells[col];
  const R = (side: string) => `Reading ${side} (0-100)`;
  const M = (side: string) => `Math ${side} (0-100)`;

  it('row 403 repeats the ID of row 402, and that ID is on no other row', () => {
    const id = cell(402, 'Student ID');
    expect(cell(403, 'Student ID')).toBe(id);
    expect(
      records(sheet('Students'))
        .filter((r) => r.cells['Student ID'] === id)
        .map((r) => r.row),
    ).toEqual([402, 403]);
  });

  it.each([
    [57, R('Spring'), null, 'moved away: no spring reading'],
    [57, M('Spring'), null, 'moved away: no spring math'],
    [130, R('Fall'), null, 'arrived late: no fall reading'],
    [130, M('Fall'), null, 'arrived late: no fall math'],
    [611, R('Spring'), 'NA', '"NA"'],
    [777, M('Fall'), 'NA', '"NA"'],
    [905, M('Spring'), 'absent', '"absent"'],
    [1088, R('Spring'), 105, 'out of range'],
    [1240, M('Fall'), '7O', 'typo (letter O)'],
    [1333, R('Fall'), null, 'not tested in reading'],
    [1333, R('Spring'), null, 'not tested in reading'],
    [1420, R('Fall'), null, 'blank fall reading'],
    [214, 'FRL', 'FRL', 'FRL spelling'],
    [688, 'FRL', 'frl ', 'FRL spelling with a trailing space'],
    [1012, 'FRL', 'Free/Reduced', 'FRL spelling'],
    [1399, 'FRL', 'FRL', 'FRL spelling'],
  ])('row %i "%s" holds %j (%s)', (row, col, value, _why) => {
    expect(cell(row, col)).toBe(value);
  });

  it('the partner scores of the unpaired rows are present (so they are unpaired, not empty)', () => {
    for (const [row, col] of [
      [57, R('Fall')],
      [57, M('Fall')],
      [130, R('Spring')],
      [130, M('Spring')],
      [611, R('Fall')],
      [777, M('Spring')],
      [905, M('Fall')],
      [1088, R('Fall')],
      [1240, M('Spring')],
      [1420, R('Spring')],
    ] as const) {
      expect(typeof cell(row, col), `row ${row} ${col}`).toBe('number');
    }
  });

  it('no other score cell is blank, text or out of range, and FRL is Y/N elsewhere', () => {
    const planted = new Set([
      `57 ${R('Spring')}`,
      `57 ${M('Spring')}`,
      `130 ${R('Fall')}`,
      `130 ${M('Fall')}`,
      `611 ${R('Spring')}`,
      `777 ${M('Fall')}`,
      `905 ${M('Spring')}`,
      `1088 ${R('Spring')}`,
      `1240 ${M('Fall')}`,
      `1333 ${R('Fall')}`,
      `1333 ${R('Spring')}`,
      `1420 ${R('Fall')}`,
    ]);
    const odd: string[] = [];
    for (const r of records(sheet('Students'))) {
      for (const c of [R('Fall'), R('Spring'), M('Fall'), M('Spring')]) {
        const v = r.cells[c];
        const ok = typeof v === 'number' && v >= 0 && v <= 100;
        if (!ok && !planted.has(`${r.row} ${c}`)) odd.push(`${r.row} ${c}: ${JSON.stringify(v)}`);
      }
      if (![214, 688, 1012, 1399].includes(r.row) && !['Y', 'N'].includes(String(r.cells.FRL)))
        odd.push(`${r.row} FRL`);
    }
    expect(odd).toEqual([]);
  });
});

describe('Students sheet: structure that makes goal suggestions meaningful', () => {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const complete = () =>
    records(sheet('Students')).filter((r) =>
      ['Reading Fall (0-100)', 'Reading Spring (0-100)'].every(
        (c) => typeof r.cells[c] === 'number' && (r.cells[c] as number) <= 100,
      ),
    );
  const spring = (rs: ReturnType<typeof complete>) =>
    mean(rs.map((r) => r.cells['Reading Spring (0-100)'] as number));
  const growth = (rs: ReturnType<typeof complete>) =>
    mean(
      rs.map(
        (r) =>
          (r.cells['Reading Spring (0-100)'] as number) -
          (r.cells['Reading Fall (0-100)'] as number),
      ),
    );

  it.each(['EL', 'SWD', 'FRL'])(
    '%s = Y students score lower in spring reading than N students',
    (col) => {
      const rs = complete();
      const y = spring(rs.filter((r) => r.cells[col] === 'Y'));
      const n = spring(rs.filter((r) => r.cells[col] === 'N'));
      expect(n - y).toBeGreaterThan(4);
    },
  );

  it('reading growth differs by team: the designed low-growth teams grow less than the designed high-growth ones', () => {
    const rs = complete();
    const team = (t: string) => growth(rs.filter((r) => r.cells.Team === t));
    // Design (generator TEAMS): Lakeside Grade 4 grows 2 points, Cedar Grade 3 3; Lakeside Grade 2 9, Literacy Lab 10.
    expect(Math.max(team('Lakeside Grade 4'), team('Cedar Grade 3'))).toBeLessThan(
      Math.min(team('Lakeside Grade 2'), team('Northview Literacy Lab')) - 3,
    );
  });
});

describe('Educators sheet', () => {
  const C = ['Questioning', 'Discussion', 'Feedback', 'Classroom Environment'];
  it('has 60 educators, 5 in each of the 12 teams, the same people as the Students sheet teachers', () => {
    const es = records(sheet('Educators'));
    expect(sheet('Educators').values[0]).toEqual([
      'Educator Name',
      'Team',
      'School',
      'Role',
      'Instructional Coach',
      'PD Hours',
      ...C.flatMap((c) => [`${c} Fall (out of 4)`, `${c} Spring (out of 4)`]),
    ]);
    expect(es).toHaveLength(60);
    const perTeam = new Map<CellValue, number>();
    for (const e of es) perTeam.set(e.cells.Team, (perTeam.get(e.cells.Team) ?? 0) + 1);
    expect([...perTeam.values()]).toEqual(new Array(12).fill(5));
    const teachers = new Set(records(sheet('Students')).map((r) => r.cells.Teacher));
    expect(new Set(es.map((e) => e.cells['Educator Name']))).toEqual(teachers);
  });

  it('three instructional coaches: each team has one, and they hold 4, 5 and 3 teams (one coach across two schools)', () => {
    const teamsOf = new Map<CellValue, Set<CellValue>>();
    const schoolsOf = new Map<CellValue, Set<CellValue>>();
    const coachOf = new Map<CellValue, Set<CellValue>>();
    for (const e of records(sheet('Educators'))) {
      const coach = e.cells['Instructional Coach'];
      (teamsOf.get(coach) ?? teamsOf.set(coach, new Set()).get(coach)!).add(e.cells.Team);
      (schoolsOf.get(coach) ?? schoolsOf.set(coach, new Set()).get(coach)!).add(e.cells.School);
      const team = e.cells.Team;
      (coachOf.get(team) ?? coachOf.set(team, new Set()).get(team)!).add(coach);
    }
    expect([...coachOf.values()].map((s) => s.size)).toEqual(new Array(12).fill(1));
    expect([...teamsOf].map(([c, t]) => [c, t.size, schoolsOf.get(c)!.size])).toEqual([
      ['Renata Sokolova', 4, 1],
      ['Theo Lindqvist', 5, 2],
      ['Mirela Achebe', 3, 1],
    ]);
    // No coach is an educator, a teacher of the students or a goal owner (slices search names).
    const people = new Set([
      ...records(sheet('Educators')).map((e) => e.cells['Educator Name']),
      ...records(sheet('Goals')).map((g) => g.cells.Owner),
    ]);
    for (const c of teamsOf.keys()) expect(people.has(c), String(c)).toBe(false);
  });

  it('ratings are whole numbers 1..4 and PD hours are whole numbers 0..60', () => {
    for (const e of records(sheet('Educators'))) {
      for (const c of C) {
        for (const side of ['Fall', 'Spring']) {
          const v = e.cells[`${c} ${side} (out of 4)`];
          expect([1, 2, 3, 4], `${e.row} ${c} ${side}`).toContain(v);
        }
      }
      const pd = e.cells['PD Hours'] as number;
      expect(Number.isInteger(pd) && pd >= 0 && pd <= 60).toBe(true);
    }
  });

  it('the designed collective need: in the four Questioning teams, Questioning is the weakest fall component', () => {
    const es = records(sheet('Educators'));
    for (const team of [
      'Cedar Grade 3',
      'Lakeside Grade 3',
      'Lakeside Grade 4',
      'Northview Grade 6',
    ]) {
      const mine = es.filter((e) => e.cells.Team === team);
      const avg = (c: string) =>
        mine.reduce((a, e) => a + (e.cells[`${c} Fall (out of 4)`] as number), 0) / mine.length;
      for (const c of C.slice(1))
        expect(avg('Questioning'), `${team}: Questioning vs ${c}`).toBeLessThan(avg(c));
    }
  });

  it('practice change relates to PD hours: the 20 most-trained gain more than the 20 least-trained', () => {
    const es = records(sheet('Educators')).map((e) => ({
      pd: e.cells['PD Hours'] as number,
      gain: C.reduce(
        (a, c) =>
          a +
          (e.cells[`${c} Spring (out of 4)`] as number) -
          (e.cells[`${c} Fall (out of 4)`] as number),
        0,
      ),
    }));
    es.sort((a, b) => a.pd - b.pd);
    const sum = (xs: typeof es) => xs.reduce((a, x) => a + x.gain, 0);
    expect(sum(es.slice(-20))).toBeGreaterThan(sum(es.slice(0, 20)));
  });
});

describe('Goals sheet', () => {
  const goals = () => records(sheet('Goals'));
  const byId = () => new Map(goals().map((g) => [g.cells['Goal ID'], g.cells]));

  it('uses the shared layout, with district, school, team and individual goals', () => {
    expect(sheet('Goals').values[0]).toEqual([
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
    ]);
    const levels = goals().map((g) => g.cells.Level);
    expect(levels.filter((l) => l === 'District')).toHaveLength(3);
    expect(levels.filter((l) => l === 'School')).toHaveLength(5);
    expect(levels.filter((l) => l === 'Team')).toHaveLength(12);
    expect(levels.filter((l) => l === 'Individual')).toHaveLength(4);
  });

  it('every parent named exists; district goals have none', () => {
    const ids = byId();
    for (const g of goals()) {
      const p = g.cells['Parent goal'];
      if (g.cells.Level === 'District') expect(p).toBeNull();
      else if (p !== null) expect(ids.has(p), `${g.cells['Goal ID']} → ${p}`).toBe(true);
    }
  });

  it('by design: T3, T4, T7, T10 are the only goals below district without a parent', () => {
    const noParent = goals().filter(
      (g) => g.cells.Level !== 'District' && g.cells['Parent goal'] === null,
    );
    expect(noParent.map((g) => g.cells['Goal ID'])).toEqual(['T3', 'T4', 'T7', 'T10']);
  });

  it('by design: the orphans T4 and T10 share their focus with no district or school goal', () => {
    const upper = goals().filter((g) => g.cells.Level === 'District' || g.cells.Level === 'School');
    const focus = new Set(upper.map((g) => String(g.cells.Focus).toLowerCase()));
    expect(byId().get('T4')!.Focus).toBe('Attendance');
    expect(byId().get('T10')!.Focus).toBe('Social-emotional learning');
    for (const id of ['T4', 'T10'])
      expect(focus.has(String(byId().get(id)!.Focus).toLowerCase())).toBe(false);
    // The inferred ones do share a focus with a district goal.
    expect(byId().get('T3')!.Focus).toBe(byId().get('D2')!.Focus);
    expect(byId().get('T7')!.Focus).toBe(byId().get('D1')!.Focus);
  });

  it('by design: D3 (instructional practice) is supported by no school or team goal', () => {
    const ids = byId();
    const d3Focus = String(ids.get('D3')!.Focus).toLowerCase();
    expect(d3Focus).toBe('questioning and discussion');
    for (const g of goals()) {
      if (g.cells.Level !== 'School' && g.cells.Level !== 'Team') continue;
      expect(g.cells['Parent goal']).not.toBe('D3');
      expect(String(g.cells.Focus).toLowerCase()).not.toMatch(/questioning|discussion|practice/);
    }
  });

  it('by design: T9 and T11 (one school, focus Math) share no parent: duplicated effort', () => {
    const ids = byId();
    const [t9, t11] = [ids.get('T9')!, ids.get('T11')!];
    expect([t9.School, t9.Focus]).toEqual([t11.School, t11.Focus]);
    expect(t9['Parent goal']).not.toBe(t11['Parent goal']);
  });

  it('focus words vary: Reading, Literacy and ELA all appear', () => {
    const focus = new Set(goals().map((g) => g.cells.Focus));
    for (const f of ['Reading', 'Literacy', 'ELA', 'Math']) expect(focus.has(f), f).toBe(true);
  });
});

describe('SMART Goal Form sheet', () => {
  it('has a merged title in A1 and the labels down column A with column B blank', () => {
    const s = sheet('SMART Goal Form');
    expect(s.values[0][0]).toMatch(/^SMART Goal Form/);
    expect(s.merges).toEqual(['A1:D1']);
    const labels = s.values.slice(2).map((row) => row[0]);
    expect(labels).toEqual([
      'School:',
      'Team:',
      'Goal:',
      'Measure:',
      'Baseline:',
      'Target:',
      'Timeline:',
      'Strategies:',
      'Professional learning:',
      'Evidence of impact:',
      'Owner:',
    ]);
    for (const row of s.values.slice(2)) expect(row.length).toBe(1);
  });

  it('a Read me sheet says the data are synthetic and seeded', () => {
    const text = sheet('Read me')
      .values.map((r) => r[0] ?? '')
      .join('\n');
    expect(text).toMatch(/SYNTHETIC/);
    expect(text).toMatch(/seed 20260901/);
  });
});
