/**
 * eslint.config.mjs turns on eslint-plugin-office-addins where Office.js code lives (the Excel
 * adapter, the task pane, the commands) and not elsewhere. Probes are linted as text under
 * those paths; nothing is written to the tree.
 */
import { describe, it, expect } from '@jest/globals';
import { ESLint } from 'eslint';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

// Reads a range's values without load() and sync(): Office.js throws at run time.
const unloadedRead = [
  'export async function probe(): Promise<unknown> {',
  '  return Excel.run(async (context) => {',
  '    const range = context.workbook.getSelectedRange();',
  '    return range.values;',
  '  });',
  '}',
  '',
].join('\n');

async function ruleIds(code: string, path: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result.messages.map((m) => m.ruleId ?? `(fatal) ${m.message}`);
}

describe('eslint-plugin-office-addins in the project config', () => {
  it.each(['src/excel/__probe__.ts', 'src/taskpane/__probe__.ts', 'src/commands/__probe__.ts'])(
    'reports a read before load and sync in %s',
    async (path) => {
      const ids = await ruleIds(unloadedRead, path);
      expect(ids).toContain('office-addins/load-object-before-read');
      expect(ids).toContain('office-addins/call-sync-before-read');
    },
  );

  it('accepts the same read once loaded and synced', async () => {
    const code = unloadedRead.replace(
      '    return range.values;',
      "    range.load('values');\n    await context.sync();\n    return range.values;",
    );
    expect(await ruleIds(code, 'src/excel/__probe__.ts')).toEqual([]);
  });

  it('reports eval anywhere (the plugin recommended no-eval)', async () => {
    expect(await ruleIds("export const x = eval('1');\n", 'src/files/__probe__.ts')).toContain(
      'no-eval',
    );
  });
});
