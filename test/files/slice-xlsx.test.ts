/**
 * The pane's slice workbook (src/files/xlsx/write/slice-xlsx.ts: plan-book, exceljs, fflate) holds
 * the same parts as the command line's writer gives the same plans with no input sheet (yazl into
 * a file, as `--slice` writes): every part's text equal once the two things that differ between
 * any two runs are masked (the document's dates, which exceljs stamps, and the random GUIDs it
 * gives data bars). And the fflate zip itself: parts in pieces and whole, read back by yauzl and
 * by the system's unzip.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { analyze } from '../../src/core/analyze';
import { openWorkbookFiles } from '../../src/files/source';
import { createXlsxWriter } from '../../src/files/xlsx/write/xlsx-write';
import { planOnlyXlsx } from '../../src/files/xlsx/write/slice-xlsx';
import { FflateZipSink } from '../../src/files/zip/fflate-sink';
import { readZipEntries } from '../../src/files/zip/zip';
import { SAMPLE } from '../examples/workbook';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-slice-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOW = new Date('2026-05-01T10:00:00Z');

/** Part name → text, dates and exceljs's random GUIDs masked. */
async function parts(bytes: Buffer): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [name, data] of await readZipEntries(bytes))
    out.set(
      name,
      data
        .toString('utf8')
        .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'DATE')
        .replace(/\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}/g, '{GUID}'),
    );
  return out;
}

describe('planOnlyXlsx', () => {
  it("gives the command line's parts for the slice of a team", async () => {
    const source = await openWorkbookFiles([SAMPLE]);
    const out = analyze({
      tables: source.sheets.map((s) => s.table),
      existingSheets: [],
      state: null,
      now: NOW,
      slice: { kind: 'team', name: 'Lakeside Grade 4' },
    });
    const state = { version: 1 as const, sheets: [], config: out.report.config };
    const file = path.join(dir, 'cli.xlsx');
    await createXlsxWriter({
      outPath: file,
      inputs: [],
      inputFiles: [SAMPLE],
      previousState: null,
      now: () => NOW,
    }).render([...out.plans], { state });
    const cli = await parts(readFileSync(file));
    const pane = await parts(Buffer.from(await planOnlyXlsx(out.plans, state, NOW)));
    expect([...pane.keys()]).toEqual([...cli.keys()]);
    const differ = [...cli].filter(([name, text]) => pane.get(name) !== text).map(([n]) => n);
    expect(differ).toEqual([]);
    // Not trivially equal: the slice's sheets, a chart and the state are there.
    expect([...cli.keys()].filter((n) => n.startsWith('xl/charts/')).length).toBeGreaterThan(0);
    expect(cli.get('xl/workbook.xml')).toContain('Throughline State');
  }, 120_000);
});

describe('FflateZipSink', () => {
  it('writes parts whole and in pieces that yauzl and unzip read back', async () => {
    const zip = new FflateZipSink();
    const big = Array.from({ length: 5000 }, (_, i) => `<row r="${i + 1}">é ${i}</row>`);
    await zip.add('a/whole.xml', new TextEncoder().encode('<a>ü</a>'));
    await zip.addStream('b/pieces.xml', big);
    await zip.addStream('c/empty.xml', []);
    const bytes = Buffer.from(zip.finish());
    const back = await readZipEntries(bytes);
    expect([...back.keys()]).toEqual(['a/whole.xml', 'b/pieces.xml', 'c/empty.xml']);
    expect(back.get('a/whole.xml')!.toString('utf8')).toBe('<a>ü</a>');
    expect(back.get('b/pieces.xml')!.toString('utf8')).toBe(big.join(''));
    expect(back.get('c/empty.xml')!.length).toBe(0);
    const file = path.join(dir, 'sink.zip');
    writeFileSync(file, bytes);
    expect(execFileSync('unzip', ['-t', file]).toString()).toMatch(/No errors detected/);
    // Deflated, and dated 1980-01-01 as the command line's zips are.
    expect(bytes.length).toBeLessThan(big.join('').length / 3);
    expect(execFileSync('unzip', ['-l', file]).toString()).toMatch(/1980/);
  });
});
