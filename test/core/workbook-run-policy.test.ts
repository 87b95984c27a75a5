/**
 * Sheet-ownership policy lives in one place, src/core/workbook-run.ts (issue 15): this scans
 * src/ for lines that decide it elsewhere — comparisons with STATE_SHEET, the state sheet's
 * visibility rule, sets of "our" sheets, fingerprint comparisons (edited or not), the continued
 * sheet key, definitions of the policy functions. Reading or writing the state sheet by its name
 * (the adapters' I/O) is allowed. The scanner is shown to catch planted lines.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from '@jest/globals';
import { expect } from '../support/expect';

const POLICY: [string, RegExp][] = [
  [
    'a comparison with STATE_SHEET',
    /[!=]==\s*STATE_SHEET\b|\bSTATE_SHEET\s*[!=]==|STATE_SHEET\.toLowerCase\(/,
  ],
  ['the state sheet visibility rule', /visibility\s*[!=]==\s*['"](very|Very)Hidden['"]/],
  ['a set of our sheets', /\b(owned|ownedNames|ownedBefore|ours|everOwned)\.has\(/],
  ['an edited-or-not decision', /\.fingerprint\s*[!=]==|[!=]==\s*[\w.]*\.fingerprint\b/],
  ['the continued-sheet key', /\/:\\d\+\$\//],
  [
    'a policy function defined outside workbook-run',
    /function\s+(writtenSheets|adoptionSheets|keepEdited|resolveSheetNames|planWrite|sheetRoles|editedSheets)\b/,
  ],
  ['an old policy helper', /\b(writtenSheets|adoptionSheets)\s*\(/],
];

/** Lines of `text` that decide sheet ownership, with what they decide. */
export function policyLines(text: string): { line: number; what: string; text: string }[] {
  const out: { line: number; what: string; text: string }[] = [];
  text.split('\n').forEach((l, i) => {
    const code = l.replace(/\/\/.*$/, '');
    if (/^\s*\*/.test(code)) return; // a doc comment line
    for (const [what, re] of POLICY)
      if (re.test(code)) out.push({ line: i + 1, what, text: l.trim() });
  });
  return out;
}

const SRC = path.join(__dirname, '../../src');
const HOME = path.join(SRC, 'core/workbook-run.ts');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('sheet-ownership policy lives in core/workbook-run.ts', () => {
  it('no file of src/ but workbook-run.ts decides it', () => {
    const found = tsFiles(SRC)
      .filter((f) => f !== HOME)
      .flatMap((f) =>
        policyLines(readFileSync(f, 'utf8')).map(
          (x) => `${path.relative(SRC, f)}:${x.line} ${x.what}: ${x.text}`,
        ),
      );
    expect(found).toEqual([]);
  });

  it('the scanner finds workbook-run.ts itself (it is looking at the right things)', () => {
    expect(policyLines(readFileSync(HOME, 'utf8')).length).toBeGreaterThan(3);
  });

  it('catches planted lines and lets the adapters read and write the state sheet by name', () => {
    const planted = [
      '    if (s.name === STATE_SHEET || owned.has(s.name.toLowerCase())) continue;',
      "  if (ws.visibility !== 'VeryHidden') return null;",
      '  const previous = writtenSheets(state);',
      '    if (fingerprintGrid(grid) !== owned.fingerprint) edited.push(s.name);',
      '  const stale = prev.filter((s) => /:\\d+$/.test(s.key));',
      'export function keepEdited(state, edited, existing) {',
    ].join('\n');
    // Line 1 decides two things (the state sheet and ours): found twice.
    expect(policyLines(planted).map((x) => x.line)).toEqual([1, 1, 2, 3, 4, 5, 6]);
    const io = [
      '  const ws = context.workbook.worksheets.getItemOrNullObject(STATE_SHEET);',
      "  const stateSheet = workbook.addWorksheet(STATE_SHEET, { state: 'veryHidden' });",
      ' * if (s.name === STATE_SHEET) in a doc comment is not code',
    ].join('\n');
    expect(policyLines(io)).toEqual([]);
  });
});
