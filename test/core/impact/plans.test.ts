/** The shapes of the three impact plans (what a person reads, and what the adapters need). */
import { describe, expect, it } from '@jest/globals';
import {
  buildImpactPlans,
  computeImpact,
  IMPACT_COLUMNS,
  IMPACT_HEADER_ROW,
} from '../../../src/core/impact';
import { OUTPUT_SHEETS, type SheetNames } from '../../../src/core/plans/names';
import {
  isFormulaCell,
  RowFormula,
  type RowPattern,
  type SheetPlan,
} from '../../../src/core/plans/types';
import type { MappingConfig } from '../../../src/core/config';
import { dataset } from './helpers';

const names = { ...OUTPUT_SHEETS, 'impact-data': "Kid's Data" } as SheetNames;
const students = dataset({
  sheet: 'Scores',
  team: ['1', '1', '1', '2', '2', '2'],
  subgroups: { EL: ['Y', 'N', 'Y', 'N', 'Y', 'N'] },
  measures: [
    {
      name: 'Reading',
      pre: [10, 12, 14, 9, 11, null],
      post: [8, 11, 12, 12, 15, 13],
      max: 20,
      proficient: 11,
    },
  ],
});
const educators = dataset({
  population: 'educators',
  sheet: 'Staff',
  team: ['1', '2', '2'],
  measures: [{ name: 'Questioning', pre: [1, 2, 2], post: [2, 3, 4], max: 4 }],
  pdHours: [5, 10, null],
});

function build(config: MappingConfig) {
  const rows = computeImpact([students, educators], config);
  const plans = buildImpactPlans([students, educators], rows, config, names);
  return { rows, plans, byKey: (k: string) => plans.find((p) => p.key === k) as SheetPlan };
}

describe('impact plans', () => {
  const { rows, byKey } = build({ version: 1, students: [], benchmark: 'cohen1988' });

  it('are rectangular, with no NaN or Infinity anywhere', () => {
    for (const key of ['impact-data', 'impact-view', 'impact', 'impact-chain']) {
      const p = byKey(key);
      const width = p.cells[0].length;
      for (const row of p.cells) {
        expect(row).toHaveLength(width);
        for (const c of row) {
          const v = isFormulaCell(c) ? c.value : c;
          if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
          if (typeof v === 'string') expect(v).not.toMatch(/NaN|Infinity|#DIV/);
        }
      }
    }
  });

  it('Impact Data: IDs, teams and subgroups as text, missing scores blank', () => {
    const d = byKey('impact-data');
    expect(d.name).toBe("Kid's Data");
    expect(d.cells[0].slice(0, 6)).toEqual([
      'Population',
      'Source sheet',
      'Source row',
      'ID',
      'Team',
      'EL',
    ]);
    expect(d.cells[1].slice(0, 6)).toEqual(['students', 'Scores', 2, 'S1', '1', 'Y']);
    expect(d.cells[6].slice(6, 8)).toEqual([null, 13]); // S6: no pre score, post 13
    expect(d.cells).toHaveLength(1 + 6 + 3);
  });

  it('Impact Data: a cell read alone (the width rule reads columns A and B) is the cell of its row', () => {
    const fresh = build({ version: 1, students: [], benchmark: 'cohen1988' });
    const rows = fresh.byKey('impact-data').rows!;
    // Both blocks (students, then educators), every column, rows asked for out of order too.
    const order = [9, 1, 7, 2, 6, 8, 3, 5, 4, 0];
    for (const i of order)
      for (let j = 0; j < 10; j++) expect(rows.cell!(i, j)).toEqual(rows.row(i)[j] ?? null);
    expect([rows.cell!(6, 0), rows.cell!(7, 0), rows.cell!(7, 1)]).toEqual([
      'students',
      'educators',
      'Staff',
    ]);
  });

  it('Impact: a table under the how-to block, one row per report row, formulas quoting the data sheet', () => {
    const p = byKey('impact');
    expect(p.tables![0].rect).toEqual({
      row: IMPACT_HEADER_ROW,
      column: 1,
      rowCount: rows.length + 1,
      columnCount: IMPACT_COLUMNS.length,
    });
    const intro = p.cells
      .slice(0, IMPACT_HEADER_ROW - 1)
      .map((r) => r[0] ?? '')
      .join(' ');
    expect(intro).toMatch(/Cohen \(1988\)/);
    expect(intro).toMatch(/Lakens 2013, eq\. 10/);
    expect(intro).toMatch(/not pingouin's/);
    expect(intro).toMatch(/dz = mean change ÷ SD of the changes/);
    const header = p.cells[IMPACT_HEADER_ROW - 1];
    expect(header).toContain('Against other teams (Cohen 1988)');
    const n = p.cells[IMPACT_HEADER_ROW][header.indexOf('n (pairs)')];
    expect(isFormulaCell(n) && n.formula).toContain("'Kid''s Data'!$");
    expect(isFormulaCell(n) && n.value).toBe(rows[0].n);
    // Team 1 Reading: d = (−2, −1, −2) → a decline; the Effect text says so.
    const team1 = p.cells.find((r) => r[2] === 'Team = 1' && r[1] === 'Reading')!;
    const effect = team1[header.indexOf('Pre/post change')];
    expect(isFormulaCell(effect) && effect.value).toMatch(/too few to tell|decline$/);
    expect(p.freeze).toEqual({ rows: IMPACT_HEADER_ROW, columns: 3 });
    expect(
      p.conditionalFormats!.some(
        (c) => c.type === 'colorScale' && c.rect.column === header.indexOf('dav') + 1,
      ),
    ).toBe(true);
    // No formula uses COUNTIFS (wildcards) or functions LibreOffice 7.4 lacks.
    for (const row of p.cells)
      for (const c of row)
        if (isFormulaCell(c)) expect(c.formula).not.toMatch(/COUNTIFS|LET\(|_xlfn/);
  });

  it("Impact: every formula is its row's RowFormula, the text its pattern gives at that row", () => {
    const p = byKey('impact');
    const patterns = new Set<RowPattern>();
    let formulas = 0;
    p.cells.forEach((row, i) => {
      for (const c of row) {
        if (!isFormulaCell(c)) continue;
        formulas++;
        expect(c).toBeInstanceOf(RowFormula);
        const f = c as RowFormula;
        expect(f.row).toBe(i + 1);
        expect(f.pattern.text(String(i + 1))).toBe(f.formula);
        patterns.add(f.pattern);
      }
    });
    // Rows of one shape share their patterns: far fewer patterns than formulas.
    expect(formulas).toBeGreaterThan(100);
    expect(patterns.size).toBeLessThan(formulas / 2);
  });

  it('an undefined figure is "" in the formula cell and explained in Notes', () => {
    const p = byKey('impact');
    const header = p.cells[IMPACT_HEADER_ROW - 1];
    // Educators, team 1: one pair → no SD, t or dav.
    const row = p.cells.find((r) => r[0] === 'educators' && r[2] === 'Team = 1')!;
    const t = row[header.indexOf('t')];
    expect(isFormulaCell(t) && t.value).toBe('');
    expect(row[header.indexOf('Notes')]).toMatch(/insufficient pairs/);
  });

  it('Impact Chain: PD hours, practice and student change per team, bars of practice and of student change', () => {
    const c = byKey('impact-chain');
    const header = c.cells[3];
    expect(header).toEqual([
      'Team',
      'Educators with PD hours',
      'PD hours (total)',
      'PD hours (mean)',
      'Questioning: change',
      'Questioning: dav',
      'Reading: pre mean',
      'Reading: post mean',
      'Reading: change',
      'Reading: dav',
    ]);
    const team2 = c.cells[5];
    expect(team2[0]).toBe('2');
    // Team 2 educators: hours 10 and blank → 1 educator, total 10, mean 10.
    expect(team2.slice(1, 4).map((x) => (isFormulaCell(x) ? x.value : x))).toEqual([1, 10, 10]);
    const change = team2[8];
    // Mean change is the 15th column of Impact (O: after Team, School, Subgroup, value, n …).
    expect(isFormulaCell(change) && change.formula).toMatch(/^='Impact'!\$O\$\d+$/);
    expect(IMPACT_COLUMNS[14]).toBe('meanDiff');
    // Too few educators with PD hours and practice scores for a scatter: the two bar charts.
    expect(c.charts!.map((x) => [x.type, x.title, x.series.map((s) => s.values.column)])).toEqual([
      ['columnClustered', 'Practice change by team', [5]],
      ['columnClustered', 'Student change by team', [9]],
    ]);
    expect(c.charts!.every((x) => x.axes.x && x.axes.y)).toBe(true);
  });

  it('Impact Summary: one row per Impact row, the figures as formulas on that row', () => {
    const v = byKey('impact-view');
    const impact = byKey('impact');
    const header = v.cells[2];
    expect(header).toEqual([
      'Population',
      'Measure',
      'Group',
      'n (pairs)',
      'Pre mean',
      'Post mean',
      'Change',
      '95% CI low',
      '95% CI high',
      'p',
      'dav',
      'Effect',
      'Proficient before',
      'Proficient after',
    ]);
    expect(v.cells.length - 3).toBe(rows.length);
    const impactHeader = impact.cells.findIndex((r) => r[0] === 'Population');
    v.cells.slice(3).forEach((line, i) => {
      const R = impactHeader + 2 + i;
      // Labels are the Impact row's text; every figure reads the same row of Impact.
      expect(line.slice(0, 3)).toEqual(impact.cells[R - 1].slice(0, 3));
      for (const c of line.slice(3)) {
        // The Impact cell, or "" when it is empty (a bare reference would show 0).
        expect(isFormulaCell(c) && c.formula).toMatch(
          new RegExp(`^=IF\\(ISBLANK\\(('Impact'!\\$[A-Z]+\\$${R})\\),"",\\1\\)$`),
        );
      }
      const n = line[3];
      expect(isFormulaCell(n) && n.value).toBe(rows[i].n);
    });
  });
});
