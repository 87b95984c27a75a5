/**
 * The report written in pieces is, byte for byte, JSON.stringify(report, null, 2) + "\n"
 * (the oracle): at block boundaries, with no issues, and with awkward text in the data.
 */
import { describe, expect, it } from '@jest/globals';
import { reportJsonPieces } from '../../src/cli/report-json';
import type { DataQualityIssue, Report } from '../../src/core/report';

function issue(k: number, value: string | null = `v${k}`): DataQualityIssue {
  return {
    code: k % 2 ? 'MISSING_SCORE' : 'NOT_A_NUMBER',
    severity: 'warning',
    sheet: 'Students',
    row: k + 2,
    column: 'Reading Fall',
    value,
    message: `Row ${k + 2}: "quoted" text\nwith a line break, a tab\t and é ☃`,
  };
}

/** An impact row as the report holds it (nested groups, nulls, a note with awkward text). */
function impactRow(k: number) {
  return {
    population: 'students',
    measure: 'Reading',
    groups: k % 3 ? [{ column: 'Team', value: `T${k}` }] : [],
    n: k,
    meanDiff: k / 7,
    ci: [k / 7 - 1, null],
    note: k % 5 ? null : 'fewer than 10 pairs: "read" with care',
  };
}

function report(issues: DataQualityIssue[], impactRows = 0): Report {
  return {
    version: 1,
    config: { version: 1, students: [] },
    dataQuality: { rowsRead: 10, rowsUsed: 9, issues },
    impact: Array.from({ length: impactRows }, (_, k) => impactRow(k)),
    goals: [],
    alignment: { goals: [], links: [], orphans: [], unsupported: [], coherence: 0 },
  } as unknown as Report;
}

const joined = (r: Report) => [...reportJsonPieces(r)].join('');
const oracle = (r: Report) => `${JSON.stringify(r, null, 2)}\n`;

describe('reportJsonPieces', () => {
  it.each([0, 1, 2, 199, 200, 201, 400, 401, 4001, 6500])('%i issues: same text', (n) => {
    const r = report(Array.from({ length: n }, (_, k) => issue(k, k % 7 ? `v${k}` : null)));
    expect(joined(r)).toBe(oracle(r));
  });

  it.each([
    [0, 1],
    [1, 0],
    [3, 201],
    [450, 1000],
  ])('%i issues and %i impact rows: same text', (n, rows) => {
    const r = report(
      Array.from({ length: n }, (_, k) => issue(k)),
      rows,
    );
    expect(joined(r)).toBe(oracle(r));
  });

  it('writes many small pieces for many issues and rows (the point of it), one for none', () => {
    const pieces = [
      ...reportJsonPieces(
        report(
          Array.from({ length: 4001 }, (_, k) => issue(k)),
          3000,
        ),
      ),
    ];
    const total = pieces.reduce((n, p) => n + p.length, 0);
    expect(pieces.length).toBeGreaterThan(30);
    // No piece holds more than a few percent of the report.
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(total / 20);
    expect([...reportJsonPieces(report([]))].length).toBe(1);
  });

  it('a data value that equals its placeholder falls back to the plain text', () => {
    const r = report([issue(0, '\u0000throughline:issues\u0000'), issue(1)]);
    (r.config as unknown as { note: string }).note = '\u0000throughline:issues\u0000';
    expect(joined(r)).toBe(oracle(r));
  });
});
