/**
 * Every package the command line loads at run time must be in package.json `dependencies`:
 * an installed copy of the package (`npm install --omit=dev`) has nothing else. The command
 * line is built from src/core, src/files and src/cli (tsconfig.node.json); their bare imports
 * (`import … from 'x'`, `export … from 'x'`, `require('x')`, `require.resolve('x')`) are walked,
 * type-only imports left out (they vanish at build). The task pane is bundled whole by webpack,
 * so its packages may stay development dependencies. When the bundle has been built, the
 * packages it still loads (esbuild's externals) are checked too.
 */
import { describe, it, expect } from '@jest/globals';
import { builtinModules } from 'node:module';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
};
const declared = new Set(Object.keys(pkg.dependencies ?? {}));
const builtins = new Set(builtinModules);

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The package a bare specifier names ('@scope/name/x' → '@scope/name', 'a/b' → 'a'); null when relative or built in. */
export function packageOf(spec: string): string | null {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) return null;
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return builtins.has(name) ? null : name;
}

/** Bare specifiers a source text loads at run time (type-only imports excluded). */
export function runtimeSpecifiers(text: string): string[] {
  const found: string[] = [];
  const staticImport = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s*['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(staticImport)) if (!m[2]) found.push(m[3]);
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) found.push(m[1]);
  const call = /\b(?:require|require\.resolve|import)\(\s*['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(call)) found.push(m[1]);
  return found;
}

function missing(files: { name: string; text: string }[]): string[] {
  const out = new Set<string>();
  for (const f of files) {
    for (const spec of runtimeSpecifiers(f.text)) {
      const name = packageOf(spec);
      if (name && !declared.has(name)) out.add(`${name} (${f.name})`);
    }
  }
  return [...out].sort();
}

describe('runtime dependencies', () => {
  it('finds what it should in a probe (the walker itself)', () => {
    const probe = [
      "import ExcelJS from 'exceljs';",
      "import type { X } from 'only-a-type';",
      "export { y } from '@scope/pkg/sub';",
      "const s = require(require.resolve('saxes', { paths: [root] }));",
      "import { join } from 'node:path';",
      "import * as fs from 'fs';",
      "import { z } from './local';",
    ].join('\n');
    const names = runtimeSpecifiers(probe).map(packageOf).filter(Boolean);
    expect(names.sort()).toEqual(['@scope/pkg', 'exceljs', 'saxes']);
  });

  it('every package src/core, src/files and src/cli load is in dependencies', () => {
    const files = ['core', 'files', 'cli'].flatMap((d) => tsFiles(join(root, 'src', d)));
    const texts = files.map((f) => ({ name: relative(root, f), text: readFileSync(f, 'utf8') }));
    expect(texts.length).toBeGreaterThan(50);
    expect(missing(texts)).toEqual([]);
  });

  const bundle = join(root, 'dist', 'node', 'throughline.js');
  (existsSync(bundle) ? it : it.skip)(
    'every package the built bundle loads is in dependencies',
    () => {
      expect(
        missing([{ name: 'dist/node/throughline.js', text: readFileSync(bundle, 'utf8') }]),
      ).toEqual([]);
    },
  );
});
