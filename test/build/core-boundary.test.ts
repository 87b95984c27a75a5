/**
 * The lint rule that keeps src/core pure (no Office, Node, DOM, file libraries or adapter code)
 * must actually fire, and src/core as it is must pass it. Uses ESLint's Node API with the
 * project's own eslint.config.mjs; probe files are linted as text under a src/core path (never
 * written to disk), so other people's work in the tree is untouched.
 */
import { describe, it, expect } from '@jest/globals';
import { ESLint } from 'eslint';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

/** Lints text as if it were the file src/core/<name>; returns "ruleId: message" lines. */
async function lintAsCore(code: string, name = '__lint_probe__.ts'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, 'src', 'core', name) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('src/core boundary rule', () => {
  it.each([
    ["import { readFileSync } from 'fs';", 'no-restricted-imports', 'src/core must not use Node'],
    ["import { join } from 'node:path';", 'no-restricted-imports', 'src/core must not use Node'],
    ["import * as cp from 'child_process';", 'no-restricted-imports', 'src/core must not use Node'],
    ["import { createHash } from 'crypto';", 'no-restricted-imports', 'src/core must not use Node'],
    ["import ExcelJS from 'exceljs';", 'no-restricted-imports', 'must not import exceljs'],
    ["import Papa from 'papaparse';", 'no-restricted-imports', 'must not import papaparse'],
    ["import { chromium } from 'playwright-core';", 'no-restricted-imports', 'playwright-core'],
    [
      "import { readSheets } from '../excel';",
      'no-restricted-imports',
      'must not import the adapters',
    ],
    ["import { x } from '../excel/read';", 'no-restricted-imports', 'must not import the adapters'],
    [
      "import { x } from '../files/xlsx/read/xlsx-read';",
      'no-restricted-imports',
      'must not import the adapters',
    ],
    ["import { x } from '../taskpane/shell';", 'no-restricted-imports', 'the task pane'],
    ["import { main } from '../cli/main';", 'no-restricted-imports', 'the command line'],
  ])('%s is reported', async (code, rule, text) => {
    const messages = await lintAsCore(`${code}\nexport const probe = 1;\n`);
    expect(messages.some((m) => m.startsWith(`${rule}:`) && m.includes(text))).toBe(true);
  });

  it.each([
    ['Office.onReady();', 'Office'],
    ['Excel.run(async () => undefined);', 'Excel'],
    ["document.getElementById('x');", 'document'],
    ['window.alert(1);', 'window'],
    ['process.exit(1);', 'process'],
    ["require('fs');", 'require'],
  ])('the global in %s is reported', async (code, name) => {
    const messages = await lintAsCore(`export function probe(): void {\n  ${code}\n}\n`);
    expect(messages).toContainEqual(expect.stringMatching(`^no-restricted-globals: .*${name}`));
  });

  it('reports an fs import and an Office global in one probe, as the issue describes', async () => {
    const code = [
      "import { readFileSync } from 'fs';",
      'export function probe(): string {',
      '  Office.onReady();',
      "  return readFileSync('x', 'utf8');",
      '}',
      '',
    ].join('\n');
    const rules = (await lintAsCore(code)).map((m) => m.split(':')[0]);
    expect(rules).toContain('no-restricted-imports');
    expect(rules).toContain('no-restricted-globals');
  });

  it('leaves a pure module alone (and imports between core modules)', async () => {
    const code = [
      "import type { DataQualityIssue } from './report';",
      'export function countIssues(issues: readonly DataQualityIssue[]): number {',
      '  return issues.length;',
      '}',
      '',
    ].join('\n');
    expect(await lintAsCore(code)).toEqual([]);
  });

  it('does not apply outside src/core: the file adapter may use fs', async () => {
    const [result] = await eslint.lintText(
      "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n",
      {
        filePath: join(root, 'src', 'files', '__lint_probe__.ts'),
      },
    );
    expect(result.messages.filter((m) => m.ruleId?.startsWith('no-restricted'))).toEqual([]);
  });

  it('src/core as it is passes the boundary rules', async () => {
    const results = await eslint.lintFiles(['src/core/**/*.ts']);
    expect(results.length).toBeGreaterThan(0);
    const breaches = results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
        .map((m) => `${r.filePath}:${m.line}: ${m.message}`),
    );
    expect(breaches).toEqual([]);
  });
});
