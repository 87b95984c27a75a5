import { it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import Papa from 'papaparse';
import { detectConfig } from '../src/core/intake';
it('debug', () => {
  for (const slug of (process.env.SLUGS ?? '').split(',')) {
    const dir = `/work/wt-layouts/test/fixtures/layouts/${slug}`;
    const f = readdirSync(dir).find((x) => x.endsWith('.csv'))!;
    const rows = Papa.parse<string[]>(readFileSync(`${dir}/${f}`, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    const values = rows.map((r) => r.map((c) => (c === '' ? null : c)));
    const d = detectConfig([{ sheet: f.replace(/\.csv$/, ''), firstRow: 1, firstColumn: 1, values }]);
    console.log('=====', slug, d.sheets[0].kind, d.sheets[0].reason);
    console.log(d.sheets[0].columns.filter((c) => c.role !== 'ignored').map((c) => `${c.header}:${c.role}`).join(' | '));
    for (const n of d.notes) console.log(' -', n.level, n.message.slice(0, 300));
  }
});
