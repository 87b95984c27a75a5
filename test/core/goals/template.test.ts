/**
 * Template filling on differently laid-out templates: labels left of the field, labels above
 * it, merged cells (a value in the top-left cell and nulls), and fields already filled.
 * Expected addresses are read off each hand-made grid below.
 */
import { describe, expect, it } from '@jest/globals';
import { defaultTemplate, fieldOfLabel, fillTemplate } from '../../../src/core/goals/template';
import type { CellValue, RawTable } from '../../../src/core/types';

const values = {
  goal: 'GOAL TEXT',
  baseline: '48.0% proficient',
  target: '61.2% proficient',
  measure: 'Reading',
  timeline: '15 June 2027',
  strategies: 'STRATEGIES',
  learning: 'questioning',
  evidence: 'EVIDENCE',
  owner: 'Grade 3 team',
};

const table = (values: CellValue[][], firstRow = 1, firstColumn = 1, sheet = 'Form'): RawTable => ({
  sheet,
  values,
  firstRow,
  firstColumn,
});
const cell = (cells: CellValue[][], a1: string) => {
  const m = /^([A-Z]+)(\d+)$/.exec(a1)!;
  const col = m[1].split('').reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return cells[Number(m[2]) - 1]?.[col - 1] ?? null;
};

describe('label synonyms', () => {
  it.each([
    ['Goal:', 'goal'],
    ['SMART goal', 'goal'],
    ['Goal statement', 'goal'],
    ['Current level', 'baseline'],
    ['Starting point:', 'baseline'],
    ['Due', 'timeline'],
    ['By when?', 'timeline'],
    ['Action steps', 'strategies'],
    ['PD', 'learning'],
    ['Monitoring', 'evidence'],
    ['Evidence of impact (how will we know?):', 'evidence'],
    ['Person responsible', 'owner'],
    ['SMART Goal Form (principal’s template)', null],
    ['Team:', 'team'],
    ['School:', 'school'],
    ['Campus', 'school'],
    ['Grade level team', 'team'],
    ['Team goal', 'goal'],
    [42, null],
  ])('%s → %s', (label, field) => expect(fieldOfLabel(label)).toBe(field));
});

describe('labels left of the field (the example district form: labels down A, values in B)', () => {
  // Rows 1–13 of "SMART Goal Form": a title (merged A1:D1 → value in A1, nulls), School, Team,
  // then Goal … Owner in A5:A13.
  const grid: CellValue[][] = [
    ['SMART Goal Form', null, null, null],
    [null, null, null, null],
    ['School:', null, null, null],
    ['Team:', null, null, null],
    ['Goal:', null, null, null],
    ['Measure:', null, null, null],
    ['Baseline:', null, null, null],
    ['Target:', null, null, null],
    ['Timeline:', null, null, null],
    ['Strategies:', null, null, null],
    ['Professional learning:', null, null, null],
    ['Evidence of impact:', null, null, null],
    ['Owner:', null, null, null],
  ];
  const t = table(grid);
  const r = fillTemplate(t, values, false, false, 'S1');
  it('fills B5:B13, keeps every template cell, finds all nine fields', () => {
    expect(r.missing).toEqual([]);
    expect(
      ['B5', 'B6', 'B7', 'B8', 'B9', 'B10', 'B11', 'B12', 'B13'].map((a) => cell(r.cells, a)),
    ).toEqual([
      'GOAL TEXT',
      'Reading',
      '48.0% proficient',
      '61.2% proficient',
      '15 June 2027',
      'STRATEGIES',
      'questioning',
      'EVIDENCE',
      'Grade 3 team',
    ]);
    expect(cell(r.cells, 'A1')).toBe('SMART Goal Form');
    expect(cell(r.cells, 'A13')).toBe('Owner:');
    expect(r.fields.find((f) => f.field === 'goal')).toMatchObject({
      labelRow: 5,
      labelColumn: 1,
      valueRow: 5,
      valueColumn: 2,
      status: 'filled',
    });
  });
  it('never changes the input table', () => {
    expect(grid[4][1]).toBeNull();
    expect(t.values[4][1]).toBeNull();
  });
  it('School and Team: filled when the goal names them (B3, B4), left empty when it does not', () => {
    const named = fillTemplate(
      t,
      { ...values, school: 'Lakeside Elementary', team: 'Lakeside Grade 3' },
      false,
      false,
      'S1',
    );
    expect([cell(named.cells, 'B3'), cell(named.cells, 'B4')]).toEqual([
      'Lakeside Elementary',
      'Lakeside Grade 3',
    ]);
    expect(named.fields.find((f) => f.field === 'school')).toMatchObject({
      labelRow: 3,
      valueRow: 3,
      valueColumn: 2,
      status: 'filled',
    });
    // `values` names no school or team: the cells stay empty and say why; nothing is missing.
    expect([cell(r.cells, 'B3'), cell(r.cells, 'B4')]).toEqual([null, null]);
    expect(r.fields.find((f) => f.field === 'team')!.status).toBe('left empty (no value)');
  });
});

describe('labels above the field, a template placed at C3, some labels absent', () => {
  // C3:F3 holds "SMART goal | Current level | Target | By when?"; row 4 holds the values, with
  // "Target" already filled ("55%"). Row 6: "Action steps" above row 7. No measure, PD,
  // monitoring or owner labels.
  const grid: CellValue[][] = [
    ['SMART goal', 'Current level', 'Target', 'By when?'],
    [null, null, '55%', null],
    [null, null, null, null],
    ['Action steps', null, null, null],
    [null, null, null, null],
  ];
  const r = fillTemplate(table(grid, 3, 3), values, false, false, 'S2');
  it('fills below each label, keeps the filled target, reports the missing labels', () => {
    expect(cell(r.cells, 'C4')).toBe('GOAL TEXT');
    expect(cell(r.cells, 'D4')).toBe('48.0% proficient');
    expect(cell(r.cells, 'E4')).toBe('55%');
    expect(cell(r.cells, 'F4')).toBe('15 June 2027');
    expect(cell(r.cells, 'C7')).toBe('STRATEGIES');
    expect(r.fields.find((f) => f.field === 'target')).toMatchObject({
      status: 'kept (already filled)',
      value: '55%',
      valueRow: 4,
      valueColumn: 5,
    });
    expect(r.found).toEqual(['goal', 'baseline', 'target', 'timeline', 'strategies']);
    // No School or Team label either: those are never reported missing.
    expect(r.missing).toEqual(['measure', 'learning', 'evidence', 'owner']);
  });
  it('with overwrite, the filled target is replaced', () => {
    const o = fillTemplate(table(grid, 3, 3), values, true, false, 'S2');
    expect(cell(o.cells, 'E4')).toBe('61.2% proficient');
    expect(o.fields.find((f) => f.field === 'target')!.status).toBe('filled');
  });
});

describe('merged cells and fields already filled', () => {
  // Labels merged over A:B (value in A, null in B); values merged over C:F (value in C). Goal and
  // Owner are already filled; the rest are empty, so their value cell is C (the column the filled
  // fields use), not B (inside the label's merge).
  const grid: CellValue[][] = [
    ['Team goal', null, 'Our own goal text', null, null, null],
    ['Baseline data', null, null, null, null, null],
    ['Target', null, null, null, null, null],
    ['Due date', null, null, null, null, null],
    ['Responsible', null, 'Ms. Diaz', null, null, null],
    ['PD plan', null, null, null, null, null],
  ];
  const r = fillTemplate(table(grid), values, false, false, 'S1');
  it('keeps the filled fields, fills the empty ones in column C', () => {
    expect(cell(r.cells, 'C1')).toBe('Our own goal text');
    expect(cell(r.cells, 'C5')).toBe('Ms. Diaz');
    expect(cell(r.cells, 'C2')).toBe('48.0% proficient');
    expect(cell(r.cells, 'C3')).toBe('61.2% proficient');
    expect(cell(r.cells, 'C4')).toBe('15 June 2027');
    expect(cell(r.cells, 'C6')).toBe('questioning');
    expect(cell(r.cells, 'B2')).toBeNull();
    expect(
      r.fields.filter((f) => f.status === 'kept (already filled)').map((f) => f.field),
    ).toEqual(['goal', 'owner']);
    expect(r.missing).toEqual(['measure', 'strategies', 'evidence']);
  });
});

describe('the default template', () => {
  it('is used when there is none, and every field is found', () => {
    const r = fillTemplate(defaultTemplate(), values, false, true, 'S1');
    expect(r.isDefault).toBe(true);
    expect(r.missing).toEqual([]);
    expect(cell(r.cells, 'B3')).toBe('GOAL TEXT');
    expect(cell(r.cells, 'B11')).toBe('Grade 3 team');
  });
});
