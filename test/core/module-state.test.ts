/**
 * No module-level mutable state in src/core (issue 15): a core function's result depends on its
 * arguments, not on what an earlier call left in a module variable (the intake's old `lastParse`
 * flags were such a variable). This scans src/core for top-level `let`/`var` and for a
 * module-level object whose fields are assigned (`name.field = …`) anywhere in core. Caches of
 * pure functions (a Map that only remembers answers) are allowed. The scanner is shown to catch
 * planted lines.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from '@jest/globals';
import { expect } from '../support/expect';

const CORE = path.join(__dirname, '../../src/core');

/**
 * Allowed, with why. issues.ts `_flattened`: a write-only sink that keeps the engine from
 * dropping the character read that flattens a message; nothing reads it.
 */
const ALLOWED = new Set(['quality/issues.ts _flattened']);

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Top-level `let`/`var` names, and top-level object constants, of one file's text. */
export function moduleBindings(text: string): { variables: string[]; objects: string[] } {
  const variables: string[] = [];
  const objects: string[] = [];
  for (const line of text.split('\n')) {
    const v = /^(?:export\s+)?(?:let|var)\s+([A-Za-z_$][\w$]*)/.exec(line);
    if (v) variables.push(v[1]);
    const o = /^(?:export\s+)?const\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*\{/.exec(line);
    if (o) objects.push(o[1]);
  }
  return { variables, objects };
}

/** Names among `objects` whose fields `text` assigns (`name.field = …`, not `==`). */
export function assignedFields(text: string, objects: string[]): string[] {
  return objects.filter((name) =>
    new RegExp(`(^|[^\\w$.])${name.replace(/\$/g, '\\$')}\\.[\\w$]+\\s*=(?!=)`, 'm').test(text),
  );
}

describe('src/core keeps no module-level mutable state', () => {
  it('no top-level let or var, and no module object whose fields are assigned', () => {
    const files = tsFiles(CORE).map((f) => ({
      name: path.relative(CORE, f).split(path.sep).join('/'),
      text: readFileSync(f, 'utf8'),
    }));
    const allCore = files.map((f) => f.text).join('\n');
    const found = files.flatMap((f) => {
      const { variables, objects } = moduleBindings(f.text);
      return [...variables, ...assignedFields(allCore, objects)]
        .map((n) => `${f.name} ${n}`)
        .filter((k) => !ALLOWED.has(k));
    });
    expect(found).toEqual([]);
  });

  it('catches planted lines', () => {
    const planted = [
      'export const lastParse = { percent: false, digits: false };',
      'let counter = 0;',
      'const LIMITS = { rows: 10 };',
      'function parse() {',
      '  lastParse.percent = true;',
      '  if (LIMITS.rows === 10) return;',
      '}',
    ].join('\n');
    const { variables, objects } = moduleBindings(planted);
    expect(variables).toEqual(['counter']);
    expect(objects).toEqual(['lastParse', 'LIMITS']);
    expect(assignedFields(planted, objects)).toEqual(['lastParse']);
  });
});
