/**
 * The command line's own plumbing (state, ownership, outputs, messages), driven by a small
 * test engine that builds one output sheet the way analyze() does: names resolved with
 * resolveSheetNames. The real engine's figures are tested in test/core and in main.test.ts.
 */
import { ConfigError } from '../../src/core/errors';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, it } from '@jest/globals';
import { expect } from '../support/expect';
import { main } from '../../src/cli/main';
import type { AnalyzeFn, AnalyzeInput } from '../../src/cli/engine';
import type { MappingConfig } from '../../src/core/config';
import type { Report } from '../../src/core/report';
import { detectConfig } from '../../src/core/intake';
import { STATE_SHEET } from '../../src/core/state';
import { resolveSheetNames } from '../../src/core/workbook-run';
import { hashXlsxSheets } from '../support/hash';

class Capture {
  text = '';
  constructor(public isTTY = false) {}
  write(s: string) {
    this.text += s;
    return true;
  }
}

const CONFIG: MappingConfig = {
  version: 1,
  students: [
    { sheet: 'scores', id: 'id', measures: [{ name: 'Reading', pre: 'pre', post: 'post' }] },
  ],
};

/** Records what the command line hands the engine, and returns a one-sheet plan. */
function testEngine(
  calls: AnalyzeInput[],
  behaviour: 'ok' | 'config-error' | 'bug' = 'ok',
): AnalyzeFn {
  return (input) => {
    calls.push(input);
    if (behaviour === 'config-error') {
      const e = new ConfigError(
        'UNKNOWN_SHEET',
        'The config names sheet "Scorez", which is not in the workbook; the sheets are: scores. Did you mean "scores"?',
      );
      throw e;
    }
    if (behaviour === 'bug') throw new TypeError('Cannot read properties of undefined');
    const [impact] = resolveSheetNames(
      [{ key: 'impact', name: 'Impact' }],
      input.existingSheets,
      input.state,
    );
    const report: Report = {
      version: 1,
      config: input.config ?? CONFIG,
      dataQuality: { rowsRead: 3, rowsUsed: 3, issues: [] },
      impact: [],
      goals: [],
      alignment: { goals: [], links: [], orphans: [], unsupported: [], coherence: 0 },
    } as unknown as Report;
    return {
      report,
      plans: [
        {
          key: 'impact',
          name: impact.name,
          cells: [
            ['Measure', 'Mean diff'],
            ['Reading', { formula: '=AVERAGE(scores!C2:C4)-AVERAGE(scores!B2:B4)', value: 2 }],
          ],
        },
      ],
    };
  };
}

async function run(argv: string[], engine: AnalyzeFn, tty = false) {
  const stdout = new Capture();
  const stderr = new Capture(tty);
  const code = await main(argv, {
    stdout,
    stderr,
    analyze: engine,
    now: () => new Date('2026-05-01T12:00:00Z'),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-flow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const csv = path.join(dir, 'scores.csv');
writeFileSync(csv, 'id,pre,post\n1,10,12\n2,11,13\n3,9,11\n');

/** The mapping the first run used (stored in its workbook, reused by the re-run). */
let firstConfig: MappingConfig | undefined;

describe('throughline analyze flow', () => {
  it('streams a CSV to the engine (its first rows as a table, the mapping detected on them, the Datasets read), writes beside the first input by default, and says where', async () => {
    const calls: AnalyzeInput[] = [];
    const r = await run(['analyze', csv], testEngine(calls));
    expect(r.code, r.stderr).toBe(0);
    const out = path.join(dir, 'scores-throughline.xlsx');
    expect(r.stdout).toBe(`Wrote ${out}\n3 of 3 rows used; 0 data-quality notes.\n`);
    expect(calls[0].tables).toEqual([
      {
        sheet: 'scores',
        firstRow: 1,
        firstColumn: 1,
        values: [
          ['id', 'pre', 'post'],
          ['1', '10', '12'],
          ['2', '11', '13'],
          ['3', '9', '11'],
        ],
      },
    ]);
    expect(calls[0].existingSheets).toEqual(['scores']);
    expect(calls[0].state).toBeNull();
    // A workbook run streams its CSVs as a --json run does: the mapping is detected on the
    // first rows (all 3 here) and the engine gets it with the Datasets read in the stream.
    expect(calls[0].config).toEqual(detectConfig(calls[0].tables).config);
    expect(calls[0].intake?.result.datasets[0].size).toBe(3);
    expect(calls[0].plans).toBe(true);
    firstConfig = calls[0].config;
    expect(calls[0].now.toISOString()).toBe('2026-05-01T12:00:00.000Z');
    // Plain progress lines when stderr is not a terminal.
    expect(r.stderr).toMatch(/^Reading .*scores\.csv…\n/);
    expect(r.stderr).toContain('Writing the workbook…\n');
  });

  it('a re-run on its own output replaces only its own sheet and reuses the stored config', async () => {
    const first = path.join(dir, 'scores-throughline.xlsx');
    const second = path.join(dir, 'second.xlsx');
    const calls: AnalyzeInput[] = [];
    const r = await run(['analyze', first, '--out', second], testEngine(calls));
    expect(r.code, r.stderr).toBe(0);
    // Our earlier output and the state sheet are not data.
    expect(calls[0].tables.map((t) => t.sheet)).toEqual(['scores']);
    expect(calls[0].state?.sheets.map((s) => s.name)).toEqual(['Impact']);
    expect(calls[0].config).toEqual(firstConfig);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(second);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['scores', 'Impact', STATE_SHEET]);
    const [h1, h2] = [await hashXlsxSheets(first), await hashXlsxSheets(second)];
    expect(h2.get('scores')).toBe(h1.get('scores'));
    expect(h2.get('Impact')).toBe(h1.get('Impact'));
  });

  it('keeps a sheet of ours that a person edited, and writes the new results beside it', async () => {
    const second = path.join(dir, 'second.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(second);
    wb.getWorksheet('Impact')!.getCell('C2').value = 'my note';
    const edited = path.join(dir, 'edited.xlsx');
    await wb.xlsx.writeFile(edited);
    const third = path.join(dir, 'third.xlsx');
    const r = await run(['analyze', edited, '--out', third], testEngine([]));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'Kept "Impact" as edited by hand; the new results go to new sheets.',
    );
    const out = new ExcelJS.Workbook();
    await out.xlsx.readFile(third);
    expect(out.worksheets.map((w) => w.name)).toEqual([
      'scores',
      'Impact',
      'Impact (2)',
      STATE_SHEET,
    ]);
    expect(out.getWorksheet('Impact')!.getCell('C2').value).toBe('my note');
    expect((await hashXlsxSheets(third)).get('Impact')).toBe(
      (await hashXlsxSheets(edited)).get('Impact'),
    );
  });

  it('--print-config prints the config used and writes nothing', async () => {
    const sub = mkdtempSync(path.join(dir, 'pc-'));
    const input = path.join(sub, 'scores.csv');
    writeFileSync(input, readFileSync(csv));
    const calls: AnalyzeInput[] = [];
    const r = await run(['analyze', input, '--print-config'], testEngine(calls));
    expect(r.code).toBe(0);
    // One pipeline: the mapping is detected on the first rows, as a workbook or --json run does,
    // and the engine is given it; the config printed is the one the run used.
    expect(JSON.parse(r.stdout)).toEqual(detectConfig(calls[0].tables).config);
    expect(calls[0].config).toEqual(detectConfig(calls[0].tables).config);
    expect(() => readFileSync(path.join(sub, 'scores-throughline.xlsx'))).toThrow();
  });

  it('--config is read and passed to the engine', async () => {
    const cfgFile = path.join(dir, 'cfg.json');
    const given = { ...CONFIG, benchmark: 'cohen1988' };
    writeFileSync(cfgFile, '\uFEFF' + JSON.stringify(given));
    const calls: AnalyzeInput[] = [];
    const r = await run(['analyze', csv, '--config', cfgFile, '--json', '-'], testEngine(calls));
    expect(r.code).toBe(0);
    expect(calls[0].config).toEqual(given);
    expect(JSON.parse(r.stdout).config).toEqual(given);
    // With --json - the messages go to stderr, so stdout is pure JSON.
    expect(r.stderr).toContain('3 of 3 rows used');
  });

  it('a ConfigError from the engine: exit 2 (a config error), its message, no stack trace', async () => {
    const r = await run(['analyze', csv], testEngine([], 'config-error'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'throughline: The config names sheet "Scorez", which is not in the workbook',
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a programming error: exit 1, "internal error", the stack only with --debug', async () => {
    const argv = ['analyze', csv, '--out', path.join(dir, 'bug.xlsx')];
    const r = await run(argv, testEngine([], 'bug'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'internal error: Cannot read properties of undefined. Please report it (run again with --debug to see where).',
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const d = await run([...argv, '--debug'], testEngine([], 'bug'));
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(/\n\s+at /);
  });

  it('draws a bar when stderr is a terminal', async () => {
    const r = await run(
      ['analyze', csv, '--out', path.join(dir, 'tty.xlsx')],
      testEngine([]),
      true,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\r\[#{24}\] 100% /);
  });
});

describe('throughline analyze reads the same table whatever the CSV delimiter', () => {
  const body = 'student_id,name,read1,read2\n001,"Lopez, Ana",85,\n002,"Ben ""B"" Oak",-3.5,90\n';
  it.each([
    ['comma', body],
    ['semicolon', body.replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/g, ';')],
    ['tab', body.replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/g, '\t')],
    ['comma with BOM and CRLF', '\uFEFF' + body.replace(/\n/g, '\r\n')],
  ])('%s', async (label, text) => {
    const sub = mkdtempSync(path.join(dir, `${label.replace(/\W+/g, '_')}-`));
    const file = path.join(sub, 'star.csv');
    writeFileSync(file, text);
    const calls: AnalyzeInput[] = [];
    const r = await run(['analyze', file, '--json', path.join(sub, 'r.json')], testEngine(calls));
    expect(r.code, r.stderr).toBe(0);
    expect(calls[0].tables).toEqual([
      {
        sheet: 'star',
        firstRow: 1,
        firstColumn: 1,
        values: [
          ['student_id', 'name', 'read1', 'read2'],
          ['001', 'Lopez, Ana', '85', null],
          ['002', 'Ben "B" Oak', '-3.5', '90'],
        ],
      },
    ]);
  });
});

describe('throughline analyze never writes its inputs', () => {
  it('the bytes of every input are the same after a run, and the output holds every input sheet unchanged', async () => {
    const { createHash } = await import('node:crypto');
    const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
    const sub = mkdtempSync(path.join(dir, 'bytes-'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Roster');
    ws.addRow(['id', 'teacher', 'started']);
    ws.addRow(['001', '=HYPERLINK("http://x")', new Date(Date.UTC(2025, 7, 20))]);
    ws.addRow([
      '002',
      { formula: 'B2&"!"', result: '=HYPERLINK("http://x")!' },
      { formula: 'C2+1', result: new Date(Date.UTC(2025, 7, 21)) },
    ]);
    wb.addWorksheet('Hidden', { state: 'hidden' }).getCell('C3').value = 42;
    const xlsxIn = path.join(sub, 'roster.xlsx');
    writeFileSync(xlsxIn, Buffer.from(await wb.xlsx.writeBuffer()));
    const csvIn = path.join(sub, 'scores.csv');
    writeFileSync(csvIn, readFileSync(csv));
    const before = [sha(xlsxIn), sha(csvIn)];
    const out = path.join(sub, 'out.xlsx');
    const r = await run(
      ['analyze', xlsxIn, csvIn, '--out', out, '--json', path.join(sub, 'r.json')],
      testEngine([]),
    );
    expect(r.code, r.stderr).toBe(0);
    expect([sha(xlsxIn), sha(csvIn)]).toEqual(before);
    const hIn = await hashXlsxSheets(xlsxIn);
    const hOut = await hashXlsxSheets(out);
    expect(hOut.get('Roster')).toBe(hIn.get('Roster'));
    expect(hOut.get('Hidden')).toBe(hIn.get('Hidden'));
  });
});
