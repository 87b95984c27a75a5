/**
 * The bad-use corpus (issue 16): careless and hostile uses of `throughline analyze`, generated
 * here (no case is stored whole). Each case asserts the exit status, the first line of the
 * message, that no input changed (a hash of every file before and after), that no partial or
 * temporary file is left, and that no stack trace is printed without --debug. Every workbook a
 * successful case writes is opened in LibreOffice (one batched conversion at the end).
 *
 * Runs in-process (main with captured streams), except where a real process is the point:
 * SIGINT during a write, `--json - | head`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, it, jest } from '@jest/globals';
import { expect } from '../support/expect';
import { main } from '../../src/cli/main';
import { writeOps } from '../../src/files/atomic-write';
import { findSoffice } from '../support/libreoffice';
import { Capture } from '../support/capture';
import {
  datesXlsx,
  mergedXlsx,
  scoresOf,
  summaryRowXlsx,
  totalsXlsx,
} from '../support/careless-xlsx';

const root = mkdtempSync(path.join(os.tmpdir(), 'tl-bad-use-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// ---------------------------------------------------------------- data makers

/** A wide CSV of n students: id, team, pre, post (post = pre + 10 + i % 7, so differences vary). */
function studentsCsv(n = 30, sep = ',', cell?: (i: number, col: string) => string | null): string {
  const lines = [['id', 'team', 'pre', 'post'].join(sep)];
  for (let i = 1; i <= n; i++) {
    const row: Record<string, string> = {
      id: `s${i}`,
      team: `T${i % 3}`,
      pre: String(40 + (i % 23)),
      post: String(50 + (i % 23) + (i % 7)),
    };
    for (const k of Object.keys(row)) {
      const v = cell?.(i, k);
      if (v !== undefined && v !== null) row[k] = v;
    }
    lines.push([row.id, row.team, row.pre, row.post].join(sep));
  }
  return `${lines.join('\n')}\n`;
}

async function studentsXlsx(file: string, n = 30, sheet = 'Scores'): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(['id', 'team', 'pre', 'post']);
  for (let i = 1; i <= n; i++)
    ws.addRow([`s${i}`, `T${i % 3}`, 40 + (i % 23), 50 + (i % 23) + (i % 7)]);
  await wb.xlsx.writeFile(file);
}

const CONFIG_OK = {
  version: 1,
  students: [
    {
      sheet: 'a',
      id: 'id',
      team: 'team',
      measures: [{ name: 'Reading', pre: 'pre', post: 'post', max: null }],
    },
  ],
};

// ---------------------------------------------------------------- the harness

interface Case {
  name: string;
  /** The defect of issue 16 (or item of issue 15) the case stands for. */
  kind: string;
  /** Makes the files in `dir`; returns the arguments after "analyze". */
  setup(dir: string): string[] | Promise<string[]>;
  code: 0 | 1 | 2;
  /** The first line of the message: stderr's first "throughline:" line, or stdout's on success. */
  first: RegExp;
  /** Outputs a success writes (relative to dir); on failure none of them may appear or change. */
  outputs?: string[];
  /** More checks on the run. */
  check?(dir: string, r: Run): void | Promise<void>;
  /** Fault injection into the write path for this case. */
  fault?: () => () => void;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.set(p, `link`);
      else if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.set(p, createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

const STACK = /\n\s+at .+:\d+:\d+/;

function firstLine(r: Run): string {
  const err = r.stderr.split('\n').find((l) => /^(throughline|error):/.test(l));
  if (err !== undefined) return err;
  return r.stdout.split('\n')[0] ?? '';
}

async function run(argv: string[]): Promise<Run> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(argv, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Workbooks successful cases wrote, opened in LibreOffice at the end. */
const written: string[] = [];

function defineCases(title: string, cases: Case[]): void {
  describe(title, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const dir = path.join(root, c.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60));
      mkdirSync(dir, { recursive: true });
      const argv = await c.setup(dir);
      const before = hashTree(dir);
      const undo = c.fault?.();
      let r: Run;
      try {
        r = await run(['analyze', ...argv]);
      } finally {
        undo?.();
      }
      const after = hashTree(dir);
      expect(r.code, r.stderr).toBe(c.code);
      expect(firstLine(r)).toMatch(c.first);
      expect(r.stderr).not.toMatch(STACK);
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/internal error/);
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/undefined undefined/);
      const outs = new Set((c.outputs ?? []).map((o) => path.join(dir, o)));
      // Every file that was there is unchanged (inputs, earlier outputs), but the outputs of a
      // success; nothing new appears but those outputs (no partial or temporary file).
      for (const [p, h] of before)
        if (!(c.code === 0 && outs.has(p))) expect(after.get(p), p).toBe(h);
      for (const p of after.keys()) {
        expect(p, 'a temporary file was left').not.toMatch(/\.tmp$/);
        if (!before.has(p)) expect(c.code === 0 && outs.has(p), `unexpected file ${p}`).toBe(true);
      }
      if (c.code === 0)
        for (const o of outs) {
          expect(existsSync(o), o).toBe(true);
          if (o.endsWith('.xlsx')) written.push(o);
          if (o.endsWith('.json')) expect(() => JSON.parse(readFileSync(o, 'utf8'))).not.toThrow();
        }
      await c.check?.(dir, r);
    });
  });
}

const w = (dir: string, name: string, text: string | Buffer) => {
  const p = path.join(dir, name);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
};
const json = (dir: string, name: string) =>
  JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as {
    dataQuality: { rowsRead: number; rowsUsed: number; issues: { code: string; row: number }[] };
    impact: { n: number; preMean: number | null; postMean: number | null }[];
  };

// ---------------------------------------------------------------- 1. an output that is an input

const sameFileCases: Case[] = [];
for (const opt of ['--json', '--out'] as const) {
  const ext = opt === '--json' ? 'json' : 'xlsx';
  const ways: [string, (dir: string, input: string) => string][] = [
    ['the same path', (_d, input) => input],
    [
      'a symlink to the input',
      (d, input) => (symlinkSync(input, path.join(d, `r.${ext}`)), path.join(d, `r.${ext}`)),
    ],
    [
      'a relative symlink',
      (d, input) => (
        symlinkSync(path.basename(input), path.join(d, `r.${ext}`)),
        path.join(d, `r.${ext}`)
      ),
    ],
    [
      'a hard link',
      (d, input) => (linkSync(input, path.join(d, `r.${ext}`)), path.join(d, `r.${ext}`)),
    ],
    ['/proc/self/cwd/…', (_d, input) => `/proc/self/cwd/${path.relative(process.cwd(), input)}`],
    ['a path through ..', (d, input) => path.join(d, 'sub', '..', path.basename(input))],
    [
      'a symlinked folder',
      (d, input) => (
        symlinkSync(d, path.join(d, 'alias')),
        path.join(d, 'alias', path.basename(input))
      ),
    ],
  ];
  for (const [how, target] of ways) {
    // --out must end in .xlsx: the input is an .xlsx there; the CSV is the second input.
    sameFileCases.push({
      name: `${opt} onto an input by ${how}`,
      kind: 'output is an input (defect 1)',
      async setup(dir) {
        mkdirSync(path.join(dir, 'sub'), { recursive: true });
        const csv = w(dir, 'a.csv', studentsCsv());
        const input = ext === 'xlsx' ? path.join(dir, 'a.xlsx') : csv;
        if (ext === 'xlsx') await studentsXlsx(input);
        const out = target(dir, input);
        return ext === 'xlsx' ? [input, opt, out] : [csv, opt, out];
      },
      code: 2,
      first: new RegExp(
        `^throughline: ${opt} .* is the input .*; Throughline never writes its inputs`,
      ),
    });
  }
}
defineCases('an output that is an input is refused before anything is read', sameFileCases);

// ---------------------------------------------------------------- 2/8. outputs that cannot be written

const badOutputCases: Case[] = [
  {
    name: '--json into a folder',
    kind: 'file errors (defect 8)',
    setup: (d) => (
      mkdirSync(path.join(d, 'out.json')),
      [w(d, 'a.csv', studentsCsv()), '--json', path.join(d, 'out.json')]
    ),
    code: 1,
    first: /^throughline: Could not write .*out\.json: it is a folder; name a file\.$/,
  },
  {
    name: '--out into a folder',
    kind: 'file errors (defect 8)',
    setup: (d) => (
      mkdirSync(path.join(d, 'o.xlsx')),
      [w(d, 'a.csv', studentsCsv()), '--out', path.join(d, 'o.xlsx')]
    ),
    code: 1,
    first: /^throughline: Could not write .*o\.xlsx: it is a folder/,
  },
  {
    name: '--json /dev/full',
    kind: 'file errors (defect 8)',
    setup: (d) => [w(d, 'a.csv', studentsCsv()), '--json', '/dev/full'],
    code: 1,
    first: /^throughline: Could not write \/dev\/full: it is not a regular file/,
  },
  {
    name: '--json onto a read-only earlier report',
    kind: 'read-only output (defect 2)',
    setup: (d) => {
      const p = w(d, 'old.json', '{"old":true}');
      chmodSync(p, 0o444);
      return [w(d, 'a.csv', studentsCsv()), '--json', p];
    },
    code: 1,
    first: /^throughline: .*old\.json is read-only; Throughline does not replace a read-only file/,
  },
  {
    name: '--out onto a read-only earlier workbook',
    kind: 'read-only output (defect 2)',
    setup: (d) => {
      const p = w(d, 'old.xlsx', 'not really a workbook');
      chmodSync(p, 0o444);
      return [w(d, 'a.csv', studentsCsv()), '--out', p];
    },
    code: 1,
    first: /^throughline: .*old\.xlsx is read-only/,
  },
  {
    name: '--json with a name too long for the disk',
    kind: 'file errors (defect 8)',
    setup: (d) => [w(d, 'a.csv', studentsCsv()), '--json', path.join(d, `${'r'.repeat(300)}.json`)],
    code: 1,
    first:
      /^throughline: Could not write .*: the name is too long for the disk; choose a shorter name\.$/,
  },
  {
    name: '--out with a name too long for the disk',
    kind: 'file errors (defect 8)',
    setup: (d) => [w(d, 'a.csv', studentsCsv()), '--out', path.join(d, `${'r'.repeat(300)}.xlsx`)],
    code: 1,
    first: /^throughline: Could not write .*: the name is too long/,
  },
  {
    name: '--json under a path whose folder is a file',
    kind: 'file errors (defect 8)',
    setup: (d) => [
      w(d, 'a.csv', studentsCsv()),
      '--json',
      path.join(w(d, 'plain.txt', 'x'), 'r.json'),
    ],
    code: 1,
    first: /^throughline: Could not write .*r\.json: /,
  },
  {
    name: '--out that is not .xlsx',
    kind: 'usage',
    setup: (d) => [w(d, 'a.csv', studentsCsv()), '--out', path.join(d, 'r.xls')],
    code: 2,
    first: /^throughline: --out must name an \.xlsx file, got ".*r\.xls"\.$/,
  },
];
defineCases('an output that cannot be written: one sentence, exit 1, nothing left', badOutputCases);

// ---------------------------------------------------------------- 2. faults injected into the write path

type Ops = typeof writeOps;
function inject<K extends keyof Ops>(
  key: K,
  impl: (...a: Parameters<Ops[K]>) => ReturnType<Ops[K]>,
) {
  return () => {
    const spy = jest.spyOn(writeOps, key).mockImplementation(impl as never);
    return () => spy.mockRestore();
  };
}
const realWrite = writeOps.write;
const enospc = () =>
  Object.assign(new Error('ENOSPC: no space left on device, write'), {
    code: 'ENOSPC',
    syscall: 'write',
  });
const faultCases: Case[] = [];
for (const [opt, file] of [
  ['--json', 'r.json'],
  ['--out', 'r.xlsx'],
] as const) {
  const setup = (d: string) => {
    w(d, file, 'an earlier output');
    return [w(d, 'a.csv', studentsCsv()), opt, path.join(d, file)];
  };
  let calls = 0;
  faultCases.push(
    {
      name: `${opt}: every write short (half taken) still writes the whole file`,
      kind: 'short writes (defect 2)',
      setup,
      fault: inject('write', (fh, buf, off, len, pos) =>
        realWrite(fh, buf, off, Math.max(1, len >> 1), pos),
      ),
      code: 0,
      first: /^Wrote /,
      outputs: [file],
    },
    {
      name: `${opt}: a write that takes nothing is a full disk`,
      kind: 'disk full (defect 2)',
      setup,
      fault: inject('write', async () => ({ bytesWritten: 0, buffer: Buffer.alloc(0) })),
      code: 1,
      first: new RegExp(
        `^throughline: Could not write .*${file.replace('.', '\\.')}: the disk is full`,
      ),
    },
    {
      name: `${opt}: ENOSPC on the ${opt === '--json' ? 'first' : 'third'} write`,
      kind: 'disk full (defect 2)',
      setup: (d) => ((calls = 0), setup(d)),
      fault: inject('write', async (fh, buf, off, len, pos) => {
        // The JSON report of 30 students is one write; the workbook is many.
        if (++calls >= (opt === '--json' ? 1 : 3)) throw enospc();
        return realWrite(fh, buf, off, len, pos);
      }),
      code: 1,
      first: /^throughline: Could not write .*: the disk is full/,
    },
    {
      name: `${opt}: EIO at fsync`,
      kind: 'failed write (defect 2)',
      setup,
      fault: inject('sync', async () => {
        throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO', syscall: 'fsync' });
      }),
      code: 1,
      first: /^throughline: Could not write .*: the disk reported an input\/output error/,
    },
    {
      name: `${opt}: the rename fails`,
      kind: 'failed write (defect 2)',
      setup,
      fault: inject('rename', async () => {
        throw Object.assign(new Error('EACCES: permission denied, rename'), {
          code: 'EACCES',
          syscall: 'rename',
        });
      }),
      code: 1,
      first: /^throughline: Could not write .*: there is no permission to write there/,
    },
  );
}
let bothCalls = 0;
faultCases.push({
  name: '--json and --out: the workbook fails, so the report is not left behind either',
  kind: 'failed run leaves no output (defect 2)',
  setup: (d) => {
    bothCalls = 0;
    w(d, 'r.json', 'an earlier report');
    return [
      w(d, 'a.csv', studentsCsv()),
      '--json',
      path.join(d, 'r.json'),
      '--out',
      path.join(d, 'r.xlsx'),
    ];
  },
  // The report is the first write; the workbook's third write fails.
  fault: inject('write', async (fh, buf, off, len, pos) => {
    if (++bothCalls >= 4) throw enospc();
    return realWrite(fh, buf, off, len, pos);
  }),
  code: 1,
  first: /^throughline: Could not write .*r\.xlsx: the disk is full/,
});
defineCases(
  'faults injected into the write path: the earlier output untouched, no temporary file',
  faultCases,
);

// ---------------------------------------------------------------- 3/6. CSV file names that are not sheet names

const nameCases: Case[] = [
  'Grade 7 Reading Scores 2024-2025 (Fall)',
  'scores: fall',
  'scores [fall]',
  'scores*',
  'what?',
  "'quoted'",
  'History',
  'x'.repeat(31),
  'y'.repeat(32),
  'a\\b',
  'Ünïcödé naïve scores for the whole district',
].map((base) => ({
  name: `a CSV named ${JSON.stringify(base).slice(0, 50)}`,
  kind: 'CSV sheet names (defect 3)',
  setup: (d: string) => [
    w(d, `${base}.csv`, studentsCsv()),
    '--out',
    path.join(d, 'r.xlsx'),
    '--json',
    path.join(d, 'r.json'),
  ],
  code: 0 as const,
  first: /^Wrote .*r\.xlsx$/,
  outputs: ['r.xlsx', 'r.json'],
}));
nameCases.push({
  name: 'two long CSV names sharing their first 31 characters',
  kind: 'CSV sheet names (defect 3)',
  setup: (d) => [
    w(d, 'Grade 7 Reading Scores 2024-2025 Fall.csv', studentsCsv()),
    w(d, 'Grade 7 Reading Scores 2024-2025 Spring.csv', studentsCsv()),
    '--out',
    path.join(d, 'r.xlsx'),
  ],
  code: 0,
  first: /^Wrote .*r\.xlsx$/,
  outputs: ['r.xlsx'],
});
nameCases.push({
  name: '--json of a CSV is reported as --json',
  kind: '--json in.csv (defect 12)',
  setup: (d) => [w(d, 'in.csv', studentsCsv()), '--json', path.join(d, 'in.csv')],
  code: 2,
  first: /^throughline: --json .*in\.csv is the input/,
});
defineCases('CSV names that are not legal sheet names: a legal, unique name', nameCases);

// ---------------------------------------------------------------- 5. empty or unusable input

const emptyCases: Case[] = [
  ['a 0-byte CSV', () => ''],
  ['a header only', () => 'id,team,pre,post\n'],
  ['blank lines only', () => '\n\n\n'],
  ['all text', () => studentsCsv(30, ',', (_i, c) => (c === 'pre' || c === 'post' ? 'n/a' : null))],
  ['only an ID column', () => `id\n${Array.from({ length: 30 }, (_, i) => `s${i}`).join('\n')}\n`],
  [
    'one score column',
    () => `id,score\n${Array.from({ length: 30 }, (_, i) => `s${i},${i}`).join('\n')}\n`,
  ],
  [
    'scores all blank',
    () => studentsCsv(30, ',', (_i, c) => (c === 'pre' || c === 'post' ? '' : null)),
  ],
].flatMap(([what, text]) =>
  (['--json', '--out'] as const).map((opt) => ({
    name: `${what as string} (${opt})`,
    kind: 'no usable data (defect 5)',
    setup: (d: string) => [
      w(d, 'e.csv', (text as () => string)()),
      opt,
      path.join(d, opt === '--json' ? 'r.json' : 'r.xlsx'),
    ],
    code: 1 as const,
    first:
      /^throughline: No data was analysed: no sheet gave a student or educator with a pre and a post score\.$/,
    check: (_d: string, r: Run) => expect(r.stderr).toMatch(/- Sheet "e": /),
  })),
);
emptyCases.push(
  {
    name: 'a .docx renamed .xlsx',
    kind: 'no usable data (defect 5)',
    setup: async (d) => {
      const { writeZip } = await import('../support/zip');
      const p = path.join(d, 'report.xlsx');
      writeFileSync(
        p,
        writeZip(
          new Map([
            ['[Content_Types].xml', Buffer.from('<Types/>')],
            ['word/document.xml', Buffer.from('<w:document/>')],
          ]),
        ),
      );
      return [p, '--json', path.join(d, 'r.json')];
    },
    code: 1,
    first: /^throughline: .*report\.xlsx is a Word document named \.xlsx, not an Excel workbook\./,
  },
  {
    name: 'an encrypted .xlsx (an OLE file)',
    kind: 'unusable input (defect 12)',
    setup: (d) => [
      w(
        d,
        'locked.xlsx',
        Buffer.concat([
          Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
          Buffer.alloc(4000),
        ]),
      ),
      '--json',
      path.join(d, 'r.json'),
    ],
    code: 1,
    first:
      /^throughline: .*locked\.xlsx is password-protected \(encrypted\) or an old \.xls saved as \.xlsx\./,
  },
  {
    name: 'random bytes named .xlsx',
    kind: 'unusable input',
    setup: (d) => [
      w(d, 'x.xlsx', Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251))),
      '--json',
      path.join(d, 'r.json'),
    ],
    code: 1,
    first: /^throughline: .*x\.xlsx/,
  },
  {
    name: 'a missing input file',
    kind: 'file errors (defect 8)',
    setup: (d) => [path.join(d, 'nope.csv'), '--json', path.join(d, 'r.json')],
    code: 1,
    first: /^throughline: .*nope\.csv/,
  },
  {
    name: 'a folder as the input',
    kind: 'file errors (defect 8)',
    setup: (d) => (
      mkdirSync(path.join(d, 'in.csv')),
      [path.join(d, 'in.csv'), '--json', path.join(d, 'r.json')]
    ),
    code: 1,
    first: /^throughline: .*in\.csv/,
  },
  {
    name: 'a CSV that is binary',
    kind: 'unusable input',
    setup: (d) => [
      w(d, 'b.csv', Buffer.from([0, 1, 2, 3, 0, 255, 0])),
      '--json',
      path.join(d, 'r.json'),
    ],
    code: 1,
    first: /^throughline: .*b\.csv/,
  },
  {
    name: 'a config naming a sheet that is not there',
    kind: 'missing sheet (defect 5)',
    setup: (d) => {
      const cfg = { ...CONFIG_OK, students: [{ ...CONFIG_OK.students[0], sheet: 'Nope' }] };
      return [
        w(d, 'a.csv', studentsCsv()),
        '--config',
        w(d, 'c.json', JSON.stringify(cfg)),
        '--json',
        path.join(d, 'r.json'),
      ];
    },
    code: 2,
    first: /^throughline: students\[0\]: no sheet named "Nope"/,
  },
  {
    name: 'a workbook missing the sheet its config names',
    kind: 'missing sheet (defect 5)',
    setup: async (d) => {
      await studentsXlsx(path.join(d, 'b.xlsx'), 30, 'Other');
      const cfg = { ...CONFIG_OK, students: [{ ...CONFIG_OK.students[0], sheet: 'Scores' }] };
      return [
        path.join(d, 'b.xlsx'),
        '--config',
        w(d, 'c.json', JSON.stringify(cfg)),
        '--json',
        path.join(d, 'r.json'),
      ];
    },
    code: 2,
    first: /^throughline: students\[0\]: no sheet named "Scores"/,
  },
);
defineCases(
  'empty or unusable input: exit 1 with the reason per sheet, nothing written',
  emptyCases,
);

// ---------------------------------------------------------------- 5/6. CSVs read rightly

const readCases: Case[] = [
  ...[2, 11, 31].map((row) => ({
    name: `an unclosed quote in Excel row ${row}`,
    kind: 'unclosed quote (defect 6)',
    setup: (d: string) => [
      w(
        d,
        'q.csv',
        studentsCsv(30, ',', (i, c) => (i === row - 1 && c === 'pre' ? `"4${i}` : null)),
      ),
      '--json',
      path.join(d, 'r.json'),
    ],
    code: 0 as const,
    first: /^Wrote .*r\.json$/,
    outputs: ['r.json'],
    check: (d: string) => {
      const r = json(d, 'r.json');
      expect(r.dataQuality.rowsRead).toBe(30);
      expect(r.dataQuality.rowsUsed).toBe(29);
      expect(
        r.dataQuality.issues.filter((i) => i.code === 'CSV_UNCLOSED_QUOTE').map((i) => i.row),
      ).toEqual([row]);
    },
  })),
  {
    name: 'two unclosed quotes (rows 5 and 20), with --out too',
    kind: 'unclosed quote (defect 6)',
    setup: (d) => [
      w(
        d,
        'q.csv',
        studentsCsv(30, ',', (i, c) => ((i === 4 || i === 19) && c === 'team' ? '"T' : null)),
      ),
      '--json',
      path.join(d, 'r.json'),
      '--out',
      path.join(d, 'r.xlsx'),
    ],
    code: 0,
    first: /^Wrote .*r\.xlsx$/,
    outputs: ['r.json', 'r.xlsx'],
    check: (d) => {
      const r = json(d, 'r.json');
      expect(r.dataQuality.rowsRead).toBe(30);
      expect(
        r.dataQuality.issues.filter((i) => i.code === 'CSV_UNCLOSED_QUOTE').map((i) => i.row),
      ).toEqual([5, 20]);
    },
  },
  {
    name: 'a semicolon CSV with decimal commas',
    kind: 'semicolon + decimal comma (defect 5)',
    setup: (d) => [
      w(
        d,
        'eu.csv',
        studentsCsv(30, ';', (i, c) => (c === 'pre' ? `${40 + (i % 23)},5` : null)),
      ),
      '--json',
      path.join(d, 'r.json'),
    ],
    code: 0,
    first: /^Wrote .*r\.json$/,
    outputs: ['r.json'],
    check: (d) => {
      const r = json(d, 'r.json');
      expect(r.dataQuality.rowsUsed).toBe(30);
      // pre = 40 + (i mod 23) + 0.5 for i = 1..30: (sum of i mod 23) = 253 + 28 = 281 → 40.5 + 281/30.
      expect(r.impact[0].preMean).toBeCloseTo(40.5 + 281 / 30, 10);
    },
  },
  {
    name: 'a semicolon CSV with decimal commas and a config',
    kind: 'semicolon + decimal comma (defect 5)',
    setup: (d) => [
      w(
        d,
        'a.csv',
        studentsCsv(30, ';', (i, c) => (c === 'post' ? `${50 + (i % 23) + (i % 7)},25` : null)),
      ),
      '--config',
      w(d, 'c.json', JSON.stringify(CONFIG_OK)),
      '--json',
      path.join(d, 'r.json'),
    ],
    code: 0,
    first: /^Wrote .*r\.json$/,
    outputs: ['r.json'],
    check: (d) => {
      const r = json(d, 'r.json');
      expect(r.dataQuality.rowsUsed).toBe(30);
      // post = 50 + (i mod 23) + (i mod 7) + 0.25: sums 281 and (i mod 7 for 1..30: 4·21 + 1+2) = 87.
      expect(r.impact[0].postMean).toBeCloseTo(50.25 + (281 + 87) / 30, 10);
      expect(r.dataQuality.issues.map((x) => x.code)).toContain('DECIMAL_COMMA');
    },
  },
  {
    name: 'a tab CSV with a BOM and CRLF',
    kind: 'read rightly',
    setup: (d) => [
      w(d, 't.csv', `\uFEFF${studentsCsv(30, '\t').replace(/\n/g, '\r\n')}`),
      '--json',
      path.join(d, 'r.json'),
    ],
    code: 0,
    first: /^Wrote .*r\.json$/,
    outputs: ['r.json'],
    check: (d) => expect(json(d, 'r.json').dataQuality.rowsUsed).toBe(30),
  },
  {
    name: 'one team spelled in NFC and in NFD',
    kind: 'Unicode names (defect 12)',
    setup: (d) => [
      w(
        d,
        'a.csv',
        studentsCsv(30, ',', (i, c) =>
          c === 'team' ? (i % 2 ? 'Équipe'.normalize('NFC') : 'Équipe'.normalize('NFD')) : null,
        ),
      ),
      '--config',
      w(d, 'c.json', JSON.stringify(CONFIG_OK)),
      '--json',
      path.join(d, 'r.json'),
    ],
    code: 0,
    first: /^Wrote .*r\.json$/,
    outputs: ['r.json'],
    check: (d) => {
      const r = JSON.parse(readFileSync(path.join(d, 'r.json'), 'utf8')) as {
        impact: { groups: { column: string; value: string }[]; n: number }[];
      };
      const teams = r.impact.filter((x) => x.groups.length === 1 && x.groups[0].column === 'team');
      expect(teams.map((x) => x.n)).toEqual([30]);
    },
  },
  {
    name: 'a 100,000-character cell is cut at 32,767 in the workbook',
    kind: 'long cell (defect 12)',
    setup: (d) => [
      w(
        d,
        'a.csv',
        studentsCsv(30, ',', (i, c) => (i === 3 && c === 'id' ? `s3${'x'.repeat(100_000)}` : null)),
      ),
      '--out',
      path.join(d, 'r.xlsx'),
    ],
    code: 0,
    first: /^Wrote .*r\.xlsx$/,
    outputs: ['r.xlsx'],
    check: async (d) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(d, 'r.xlsx'));
      const cell = String(wb.getWorksheet('a')!.getCell('A4').value);
      expect(cell.length).toBeLessThanOrEqual(32_767);
      expect(cell).toMatch(/\[cut: 100,002 characters in all; a cell holds 32,767\]$/);
    },
  },
];
defineCases('CSV problems are coded issues; European CSVs are read', readCases);

// ---------------------------------------------------------------- 9/10/12. values of a careless export

const CONFIG_SCORES = {
  version: 1,
  students: [
    {
      sheet: 'Scores',
      id: 'ID',
      team: 'Team',
      measures: [{ name: 'Reading', pre: 'Pre', post: 'Post', max: null }],
    },
  ],
};

/** Mean post score of the students (1–30) not in `left`, worked out from their scores. */
const postMeanWithout = (left: number[]) => {
  const kept = Array.from({ length: 30 }, (_, k) => k + 1).filter((i) => !left.includes(i));
  return kept.reduce((a, i) => a + scoresOf(i).post, 0) / kept.length;
};

type Report = ReturnType<typeof json>;
const codes = (r: Report, code: string) =>
  (r.dataQuality.issues as { code: string; row: number; column: string | null }[]).filter(
    (i) => i.code === code,
  );

/**
 * A careless export's workbook, read both ways: `--json` alone streams the .xlsx, `--out` with
 * `--json` reads it whole with exceljs. The same checks hold for both.
 */
function valueCases(
  name: string,
  kind: string,
  make: (file: string) => Promise<void>,
  check: (r: Report) => void,
): Case[] {
  return (['--json', '--out'] as const).map((opt) => ({
    name: `${name} (${opt === '--json' ? 'streamed' : 'read whole'})`,
    kind,
    async setup(d: string) {
      const input = path.join(d, 'export.xlsx');
      await make(input);
      return [
        input,
        '--config',
        w(d, 'c.json', JSON.stringify(CONFIG_SCORES)),
        '--json',
        path.join(d, 'r.json'),
        ...(opt === '--out' ? ['--out', path.join(d, 'r.xlsx')] : []),
      ];
    },
    code: 0 as const,
    first: /^Wrote /,
    outputs: opt === '--out' ? ['r.json', 'r.xlsx'] : ['r.json'],
    check: (d: string) => check(json(d, 'r.json') as Report),
  }));
}

const careless: Case[] = [
  ...[
    ['yyyy-mm-dd', [3, 8, 20]],
    ['m/d/yyyy', [1, 30]],
    ['d-mmm-yy', [12]],
    ['m/d/yyyy h:mm', [5, 6, 7, 8]],
  ].flatMap(([format, dated]) =>
    valueCases(
      `date cells (${format as string}) in a score column with max null`,
      'dates as scores (defect 9)',
      (f) => datesXlsx(f, dated as number[], format as string),
      (r) => {
        const rows = (dated as number[]).map((i) => i + 1);
        expect(codes(r, 'DATE_NOT_SCORE').map((i) => [i.row, i.column])).toEqual(
          rows.map((x) => [x, 'Post']),
        );
        expect(r.impact[0].n).toBe(30 - rows.length);
        expect(r.impact[0].postMean).toBeCloseTo(postMeanWithout(dated as number[]), 10);
      },
    ),
  ),
  ...[
    ['2024-09-15', 'ISO'],
    ['9/15/2024', 'US'],
    ['15/09/2024', 'day-first'],
  ].map(([text, how]) => ({
    name: `${how} date text in a CSV score column`,
    kind: 'dates as scores (defect 9)',
    setup: (d: string) => [
      w(
        d,
        'a.csv',
        studentsCsv(30, ',', (i, c) => (i === 4 && c === 'post' ? text : null)),
      ),
      '--config',
      w(d, 'c.json', JSON.stringify(CONFIG_OK)),
      '--json',
      path.join(d, 'r.json'),
    ],
    code: 0 as const,
    first: /^Wrote .*r\.json$/,
    outputs: ['r.json'],
    check: (d: string) => {
      const r = json(d, 'r.json') as Report;
      // "15/09/2024" is no date to a US reader (month 15): text that is not a number.
      const code = how === 'day-first' ? 'NOT_A_NUMBER' : 'DATE_NOT_SCORE';
      expect(codes(r, code).map((i) => i.row)).toEqual([5]);
      expect(r.impact[0].n).toBe(29);
    },
  })),
  ...valueCases("an Excel Table's Total Row", 'totals row (defect 10)', totalsXlsx, (r) => {
    expect(r.dataQuality.rowsRead).toBe(30);
    expect(r.impact[0].n).toBe(30);
    expect(codes(r, 'TOTALS_ROW').map((i) => i.row)).toEqual([32]);
  }),
  ...[
    ['Average', 'B'],
    ['Total', 'A'],
    ['TOTAL', 'A'],
    ['Class average', 'B'],
  ].flatMap(([label, column]) =>
    valueCases(
      `a "${label}" row under a plain range`,
      'totals row (defect 10)',
      (f) => summaryRowXlsx(f, label, column as 'A' | 'B'),
      (r) => {
        expect(r.dataQuality.rowsRead).toBe(30);
        expect(r.impact[0].n).toBe(30);
        expect(codes(r, 'TOTALS_ROW').map((i) => i.row)).toEqual([32]);
        expect(codes(r, 'MISSING_ID')).toEqual([]);
      },
    ),
  ),
  ...valueCases(
    'Team cells merged in blocks of ten',
    'merged cells (defect 12)',
    (f) => mergedXlsx(f),
    (r) => {
      expect(codes(r, 'MISSING_TEAM')).toEqual([]);
      expect(codes(r, 'MERGED_CELLS').map((i) => [i.row, i.column])).toEqual([[3, 'Team']]);
      const teams = (
        r.impact as unknown as { groups: { column: string; value: string }[]; n: number }[]
      ).filter((x) => x.groups.length === 1 && x.groups[0].column === 'Team');
      expect(teams.map((x) => [x.groups[0].value, x.n])).toEqual([
        ['T-A', 10],
        ['T-B', 10],
        ['T-C', 10],
      ]);
    },
  ),
  ...valueCases(
    'a merged score cell and a merged ID cell',
    'merged cells (defect 12)',
    (f) => mergedXlsx(f, ['C5:C6', 'A8:A9']),
    (r) => {
      expect(codes(r, 'MERGED_VALUE').map((i) => [i.row, i.column])).toEqual([
        [6, 'Pre'],
        [9, 'ID'],
      ]);
      // Student 8 (no ID of its own) and student 5 (no Pre of its own) are not paired.
      expect(r.impact[0].n).toBe(28);
    },
  ),
];
defineCases('values of a careless export: dates, totals rows, merged cells', careless);

// ---------------------------------------------------------------- 7. huge scores with max null

const hugeCases: Case[] = [
  '2e9',
  '1e200',
  '1e300',
  '1.7976931348623157e308',
  '1e400',
  '-1e400',
  '-1e250',
  '123456789012',
].flatMap((big) =>
  (['--json', '--out'] as const).map((opt) => ({
    name: `a score of ${big} with max null (${opt})`,
    kind: 'huge score (defect 7)',
    setup: (d: string) => [
      w(
        d,
        'a.csv',
        studentsCsv(30, ',', (i, c) => (i === 5 && c === 'post' ? big : null)),
      ),
      '--config',
      w(d, 'c.json', JSON.stringify(CONFIG_OK)),
      '--json',
      path.join(d, 'r.json'),
      ...(opt === '--out' ? ['--out', path.join(d, 'r.xlsx')] : []),
    ],
    code: 0 as const,
    first: /^Wrote /,
    outputs: opt === '--out' ? ['r.json', 'r.xlsx'] : ['r.json'],
    check: (d: string) => {
      const r = json(d, 'r.json');
      const out = r.dataQuality.issues.filter((i) => i.code === 'OUT_OF_RANGE');
      expect(out.map((i) => i.row)).toEqual([6]);
      expect(r.impact[0].n).toBe(29);
    },
  })),
);
defineCases('a huge score is an out-of-range issue, never a crash', hugeCases);

// ---------------------------------------------------------------- 11 / issue 15. bad configs exit 2

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a config edited into every wrong shape
type Loose = Record<string, any>;

const badConfigs: [string, (c: Loose) => void, RegExp][] = [
  // Version 2 is a valid config since issue 14 (windows, visit and PD logs); 3 is not.
  ['version 3', (c) => (c.version = 3), /config\.version must be the number 1 or 2, got 3\./],
  [
    'no students',
    (c) => delete c.students,
    /config\.students must be a list of student sheets, got nothing\./,
  ],
  ['students an object', (c) => (c.students = {}), /config\.students must be a list/],
  [
    'max 1e308',
    (c) => (c.students[0].measures[0].max = 1e308),
    /config\.students\[0\]\.measures\[0\]\.max must be a number above 0 and at most 1,000,000, or null .*got 1e\+308\./,
  ],
  [
    'max 0',
    (c) => (c.students[0].measures[0].max = 0),
    /measures\[0\]\.max must be a number above 0/,
  ],
  [
    'max negative',
    (c) => (c.students[0].measures[0].max = -5),
    /measures\[0\]\.max must be .*got -5\./,
  ],
  [
    'max text',
    (c) => (c.students[0].measures[0].max = '100'),
    /measures\[0\]\.max must be .*got "100"\./,
  ],
  [
    'proficient -5',
    (c) => Object.assign(c.students[0].measures[0], { max: 100, proficient: -5 }),
    /measures\[0\]\.proficient must be a score from 0 to the maximum \(100\), got -5\./,
  ],
  [
    'proficient 150 of 100',
    (c) => Object.assign(c.students[0].measures[0], { max: 100, proficient: 150 }),
    /proficient must be a score from 0 to the maximum \(100\), got 150\./,
  ],
  [
    'proficient text',
    (c) => (c.students[0].measures[0].proficient = 'high'),
    /proficient must be a number or null, got "high"\./,
  ],
  [
    'pre equal to post',
    (c) => (c.students[0].measures[0].post = 'pre'),
    /measures\[0\]\.post must be a different header from pre \("pre"\), got "pre"\./,
  ],
  [
    'pre missing',
    (c) => delete c.students[0].measures[0].pre,
    /measures\[0\]\.pre must be a header, got nothing\./,
  ],
  [
    'measure without a name',
    (c) => (c.students[0].measures[0].name = ''),
    /measures\[0\]\.name must be a name, got ""\./,
  ],
  [
    'schoolYearEnd 30 February',
    (c) => (c.schoolYearEnd = '2027-02-30'),
    /config\.schoolYearEnd must be a real date written YYYY-MM-DD .*got "2027-02-30"\./,
  ],
  [
    'schoolYearEnd in words',
    (c) => (c.schoolYearEnd = '30 February 2027'),
    /schoolYearEnd must be a real date .*got "30 February 2027"\./,
  ],
  [
    'schoolYearEnd a number',
    (c) => (c.schoolYearEnd = 2027),
    /schoolYearEnd must be a real date .*got 2027\./,
  ],
  [
    'targets.fraction 2',
    (c) => (c.targets = { fraction: 2 }),
    /config\.targets\.fraction must be a number above 0 and at most 1 .*got 2\./,
  ],
  [
    'targets.fraction 0',
    (c) => (c.targets = { fraction: 0 }),
    /targets\.fraction must be .*got 0\./,
  ],
  [
    'targets.method bogus',
    (c) => (c.targets = { method: 'bogus' }),
    /config\.targets\.method must be one of "half-gap", "tiered", "proficiency-gap", "observed-growth", "effect-size", got "bogus"\./,
  ],
  [
    'targets.percentile 100',
    (c) => (c.targets = { percentile: 100 }),
    /targets\.percentile must be a number from 1 to 99 .*got 100\./,
  ],
  [
    'targets.percentile 0',
    (c) => (c.targets = { percentile: 0 }),
    /targets\.percentile must be .*got 0\./,
  ],
  ['targets.delta 5', (c) => (c.targets = { delta: 5 }), /targets\.delta must be .*got 5\./],
  ['targets a list', (c) => (c.targets = []), /config\.targets must be an object, got a list\./],
  [
    'benchmark unknown',
    (c) => (c.benchmark = 'glass'),
    /config\.benchmark must be one of "kraft2020", "cohen1988", "hattie", got "glass"\./,
  ],
  ['minN 0', (c) => (c.minN = 0), /config\.minN must be a whole number of at least 1 .*got 0\./],
  ['minN 2.5', (c) => (c.minN = 2.5), /config\.minN must be .*got 2\.5\./],
  [
    'format tall',
    (c) => (c.students[0].format = 'tall'),
    /students\[0\]\.format must be "wide" or "long", got "tall"\./,
  ],
  [
    'headerRow 0',
    (c) => (c.students[0].headerRow = 0),
    /students\[0\]\.headerRow must be a whole number ≥ 1, got 0\./,
  ],
  [
    'subgroups text',
    (c) => (c.students[0].subgroups = 'EL'),
    /students\[0\]\.subgroups must be a list of headers, got "EL"\./,
  ],
  [
    'team a number',
    (c) => (c.students[0].team = 3),
    /students\[0\]\.team must be a header or null, got 3\./,
  ],
  [
    'long layout with pre = post',
    (c) =>
      Object.assign(c.students[0], {
        format: 'long',
        measureColumn: 'team',
        windowColumn: 'team',
        scoreColumn: 'pre',
        pre: 'Fall',
        post: 'Fall',
      }),
    /students\[0\]\.post must be a different window value from pre \("Fall"\), got "Fall"\./,
  ],
  [
    'educators not a list',
    (c) => (c.educators = 'E'),
    /config\.educators must be a list of educator sheets, got "E"\./,
  ],
  [
    'a column that is not there',
    (c) => (c.students[0].measures[0].pre = 'pree'),
    /students\[0\]\.measures\[0\]\.pre: sheet "a" has no column "pree"/,
  ],
  [
    'the whole file a list',
    (c) => (c.__replace = []),
    /config\.\(whole file\) must be an object .*got a list\./,
  ],
];
const configCases: Case[] = badConfigs.map(([what, edit, message]) => ({
  name: `config: ${what}`,
  kind: 'bad config (defect 11, issue 15)',
  setup: (d: string) => {
    const c = JSON.parse(JSON.stringify(CONFIG_OK)) as Loose;
    edit(c);
    const text = '__replace' in c ? JSON.stringify(c.__replace) : JSON.stringify(c);
    return [
      w(d, 'a.csv', studentsCsv()),
      '--config',
      w(d, 'c.json', text),
      '--json',
      path.join(d, 'r.json'),
    ];
  },
  code: 2,
  first: new RegExp(`^throughline: \\S*${message.source}`),
}));
configCases.push(
  {
    name: 'config: not JSON',
    kind: 'bad config',
    setup: (d) => [
      w(d, 'a.csv', studentsCsv()),
      '--config',
      w(d, 'c.json', '{version: 1'),
      '--json',
      path.join(d, 'r.json'),
    ],
    code: 2,
    first: /^throughline: --config .*c\.json is not valid JSON/,
  },
  {
    name: 'config: the file is missing',
    kind: 'bad config',
    setup: (d) => [
      w(d, 'a.csv', studentsCsv()),
      '--config',
      path.join(d, 'none.json'),
      '--json',
      path.join(d, 'r.json'),
    ],
    code: 2,
    first: /^throughline: --config .*none\.json was not found/,
  },
);
defineCases('bad configs: exit 2, the key named with what it accepts', configCases);

// ---------------------------------------------------------------- usage, and runs that work

const usageCases: Case[] = [
  {
    name: '--print-config on a sheet it cannot map: the config on stdout, the unsure notes on stderr',
    kind: 'never silent (issue 14)',
    setup: (d) => [w(d, 'h.csv', 'id,team,pre,post\n'), '--print-config'],
    code: 0,
    first: /^\{$/,
    check: (_d, r) => {
      expect(JSON.parse(r.stdout)).toMatchObject({ version: 2 });
      expect(r.stderr).toMatch(/^Unsure \(sheet "h"\): /m);
    },
  },
  {
    name: 'an unknown option',
    kind: 'usage',
    setup: (d) => [w(d, 'a.csv', studentsCsv()), '--jsn', 'x'],
    code: 2,
    first: /^error: unknown option '--jsn'/,
  },
  {
    name: '--max-size -1',
    kind: 'usage',
    setup: (d) => [w(d, 'a.csv', studentsCsv()), '--max-size', '-1'],
    code: 2,
    first: /--max-size takes a number of megabytes above 0, got "-1"/,
  },
  {
    name: '--max-size smaller than the file',
    kind: 'limits',
    setup: (d) => [
      w(d, 'a.csv', studentsCsv(3000)),
      '--max-size',
      '0.01',
      '--json',
      path.join(d, 'r.json'),
    ],
    code: 1,
    first: /^throughline: .*a\.csv/,
  },
  {
    name: 'a CSV --json',
    kind: 'works',
    setup: (d) => [w(d, 'a.csv', studentsCsv()), '--json', path.join(d, 'r.json')],
    code: 0,
    first: /^Wrote .*r\.json$/,
    outputs: ['r.json'],
  },
  {
    name: 'a CSV --out over an earlier output',
    kind: 'works',
    setup: (d) => (
      w(d, 'r.xlsx', 'old'),
      [w(d, 'a.csv', studentsCsv()), '--out', path.join(d, 'r.xlsx')]
    ),
    code: 0,
    first: /^Wrote .*r\.xlsx$/,
    outputs: ['r.xlsx'],
  },
  {
    name: 'an .xlsx --out and --json',
    kind: 'works',
    setup: async (d) => (
      await studentsXlsx(path.join(d, 'b.xlsx')),
      [path.join(d, 'b.xlsx'), '--out', path.join(d, 'r.xlsx'), '--json', path.join(d, 'r.json')]
    ),
    code: 0,
    first: /^Wrote .*r\.xlsx$/,
    outputs: ['r.xlsx', 'r.json'],
  },
  {
    name: 'an .xlsx --json alone (streamed)',
    kind: 'works',
    setup: async (d) => (
      await studentsXlsx(path.join(d, 'b.xlsx')),
      [path.join(d, 'b.xlsx'), '--json', path.join(d, 'r.json')]
    ),
    code: 0,
    first: /^Wrote .*r\.json$/,
    outputs: ['r.json'],
  },
  {
    name: 'the default output beside the input',
    kind: 'works',
    setup: (d) => [w(d, 'a.csv', studentsCsv())],
    code: 0,
    first: /^Wrote .*a-throughline\.xlsx$/,
    outputs: ['a-throughline.xlsx'],
  },
  {
    name: 'an output into a new folder',
    kind: 'works',
    setup: (d) => [w(d, 'a.csv', studentsCsv()), '--json', path.join(d, 'new', 'deep', 'r.json')],
    code: 0,
    first: /^Wrote .*r\.json$/,
    outputs: ['new/deep/r.json'],
  },
];
defineCases('usage errors, and runs that work', usageCases);

const allCases = [
  sameFileCases,
  badOutputCases,
  faultCases,
  nameCases,
  emptyCases,
  readCases,
  careless,
  hugeCases,
  configCases,
  usageCases,
].flat();

describe('the corpus as a whole', () => {
  it('has at least 120 cases and covers every kind of defect', () => {
    expect(allCases.length).toBeGreaterThanOrEqual(120);
    const kinds = new Set(allCases.map((c) => c.kind.replace(/ \(.*$/, '')));
    for (const k of [
      'output is an input',
      'file errors',
      'read-only output',
      'disk full',
      'CSV sheet names',
      'no usable data',
      'unclosed quote',
      'semicolon + decimal comma',
      'huge score',
      'bad config',
      'dates as scores',
      'totals row',
      'merged cells',
    ])
      expect(kinds, k).toContain(k);
  });

  it('--debug is the only way to a stack trace', async () => {
    const d = path.join(root, 'debug');
    mkdirSync(d, { recursive: true });
    const args = ['analyze', w(d, 'a.csv', studentsCsv()), '--json', '/dev/full'];
    const plain = await run(args);
    const debug = await run([...args, '--debug']);
    expect(plain.code).toBe(1);
    expect(debug.code).toBe(1);
    expect(plain.stderr).not.toMatch(STACK);
    expect(debug.stderr).toMatch(STACK);
  });

  it('every workbook a successful case wrote opens in LibreOffice', () => {
    const soffice = findSoffice();
    if (!soffice) {
      console.log('SKIPPED LibreOffice check: soffice is not installed');
      return;
    }
    expect(written.length).toBeGreaterThan(10);
    const outDir = path.join(root, 'converted');
    const copies = written.map((f, i) => {
      const p = path.join(root, 'to-convert', `w${i}.xlsx`);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, readFileSync(f));
      return p;
    });
    const profile = path.join(root, 'lo-profile');
    const r = spawnSync(
      soffice,
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--convert-to',
        'csv',
        '--outdir',
        outDir,
        ...copies,
      ],
      { encoding: 'utf8', timeout: 240_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    for (let i = 0; i < copies.length; i++) {
      const csv = path.join(outDir, `w${i}.csv`);
      expect(existsSync(csv), written[i]).toBe(true);
      expect(readFileSync(csv, 'utf8').length).toBeGreaterThan(0);
    }
  }, 300_000);
});

// ---------------------------------------------------------------- real processes: signals, pipes, a full disk

const BIN = path.join(__dirname, '../../bin/throughline.js');
const built = existsSync(path.join(__dirname, '../../dist/node/throughline.js'));

(!built ? describe.skip : describe)('a real process (the built command line)', () => {
  let big: string;
  beforeAll(() => {
    const d = path.join(root, 'proc');
    mkdirSync(d, { recursive: true });
    big = w(d, 'big.csv', studentsCsv(150_000));
  });

  it('--json - | head: one sentence, no stack, exit 1', () => {
    // Every other post score is "NA": a data-quality issue a row, so the report (megabytes) is far
    // more than a pipe holds and head closes it mid-way (a 12 KB report could fit the pipe whole).
    const d = path.dirname(big);
    const noisy = w(
      d,
      'noisy.csv',
      studentsCsv(150_000, ',', (i, c) => (c === 'post' && i % 2 ? 'NA' : null)),
    );
    const r = spawnSync(
      'sh',
      ['-c', `node "${BIN}" analyze "${noisy}" --json - | head -c 100 >/dev/null`],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    const line = r.stderr.split('\n').find((l) => l.startsWith('throughline:'));
    expect(line).toBe(
      'throughline: the program reading the report closed it before the end (EPIPE); any output being written was removed.',
    );
    expect(r.stderr).not.toMatch(STACK);
  }, 130_000);

  it('SIGINT while the workbook is written: exit 130, no temporary file, the earlier output untouched', async () => {
    const d = path.dirname(big);
    const out = w(d, 'out.xlsx', 'an earlier output');
    const before = readFileSync(out, 'utf8');
    const child = spawn('node', [BIN, 'analyze', big, '--out', out], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const tmpSeen = await new Promise<boolean>((resolve) => {
      const t0 = Date.now();
      const poll = setInterval(() => {
        const tmp = readdirSync(d).some((f) => f.endsWith('.tmp'));
        if (tmp || Date.now() - t0 > 100_000 || child.exitCode !== null) {
          clearInterval(poll);
          resolve(tmp);
        }
      }, 20);
    });
    expect(tmpSeen, 'the run never started writing').toBe(true);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(
      /throughline: stopped \(interrupted\); any output being written was removed\./,
    );
    expect(stderr).not.toMatch(STACK);
    expect(readdirSync(d).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(out, 'utf8')).toBe(before);
  }, 130_000);

  it('a real full disk (a 64 KB tmpfs): exit 1, one sentence, nothing left', () => {
    const mnt = path.join(root, 'tiny');
    mkdirSync(mnt, { recursive: true });
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt], {
      encoding: 'utf8',
    });
    if (m.status !== 0) {
      console.log(`SKIPPED real disk-full test: cannot mount a tmpfs here (${m.stderr.trim()})`);
      return;
    }
    try {
      const small = w(path.dirname(big), 'mid.csv', studentsCsv(3000));
      writeFileSync(path.join(mnt, 'r.xlsx'), 'earlier');
      // The disk nearly full: 13 of its 16 pages taken, so no report fits.
      writeFileSync(path.join(mnt, 'fill.bin'), Buffer.alloc(13 * 4096));
      for (const [opt, file] of [
        ['--json', 'r.json'],
        ['--out', 'r.xlsx'],
      ]) {
        const r = spawnSync('node', [BIN, 'analyze', small, opt, path.join(mnt, file)], {
          encoding: 'utf8',
          timeout: 120_000,
        });
        expect(r.status, r.stderr).toBe(1);
        expect(r.stderr).toMatch(
          new RegExp(
            `throughline: Could not write ${mnt}/${file.replace('.', '\\.')}: the disk is full`,
          ),
        );
        expect(r.stderr).not.toMatch(STACK);
        expect(readdirSync(mnt).sort()).toEqual(['fill.bin', 'r.xlsx']);
        expect(readFileSync(path.join(mnt, 'r.xlsx'), 'utf8')).toBe('earlier');
      }
    } finally {
      spawnSync('umount', [mnt]);
    }
  }, 260_000);

  it('a read-only folder (a tmpfs mounted read-only): exit 1, one sentence', () => {
    const mnt = path.join(root, 'ro');
    mkdirSync(mnt, { recursive: true });
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', mnt], {
      encoding: 'utf8',
    });
    if (m.status !== 0) {
      console.log(`SKIPPED read-only folder test: cannot mount a tmpfs here (${m.stderr.trim()})`);
      return;
    }
    try {
      const small = w(path.dirname(big), 'ro.csv', studentsCsv(30));
      const r = spawnSync('node', [BIN, 'analyze', small, '--json', path.join(mnt, 'r.json')], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(
        /throughline: Could not write .*r\.json: there is no permission to write there/,
      );
      expect(r.stderr).not.toMatch(STACK);
    } finally {
      spawnSync('umount', [mnt]);
    }
  }, 70_000);
});
