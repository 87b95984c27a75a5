#!/usr/bin/env node
// `npm run bench` (issue 9): seeded data sets, the command line end to end, the engine alone, and
// a full run on the Excel simulator. Writes bench/results.json and the results table in
// docs/performance.md. Not part of `npm run test:all`: it takes minutes and wants a quiet machine.
//
//   node scripts/bench.mjs [--sizes 10000,100000,1000000] [--runs 5] [--sim 10000,100000] [--out 100000] [--no-build] [--table-only]
//
// --runs: command-line `--json` runs per size; the median wall time and the highest peak RSS are
// reported (one run moves by about ±50 ms with the machine), every run is kept in results.json.
//
// --out: sizes whose analysed workbook the command line writes (`--out`), timed end to end
// (100,000 rows by default: ~10 s; 1,000,000 takes minutes, so it is measured by hand).
// With --sizes, --sim or --out (a partial run; `--sizes ''` for none) the results go to
// bench/data/results-partial.json and bench/results.json and the docs table are left as they are.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBenchCsv } from '../bench/generate.cjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.join(root, 'bench', 'data');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg('--sizes', '10000,100000,1000000').split(',').filter(Boolean).map(Number);
/** Command-line `--json` runs per size (median reported). */
const CLI_RUNS = Number(arg('--runs', '5'));
const simSizes = arg('--sim', '10000,100000').split(',').filter(Boolean).map(Number);
const outSizes = arg('--out', '100000').split(',').filter(Boolean).map(Number);
// `--sizes ''` runs no command-line sizes (e.g. `--sizes '' --sim 100000`: the simulator only).
const partial =
  process.argv.includes('--sizes') ||
  process.argv.includes('--sim') ||
  process.argv.includes('--out');
const SEED = 20261123;
const CHILD_TIMEOUT_MS = 15 * 60 * 1000;

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cpu: model.trim(),
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

function build() {
  console.log(
    'building dist/node (tsc -p tsconfig.node.json, then the bundle bin/throughline.js runs) and the simulator (dist/bench-sim)…',
  );
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.node.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle-cli.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  // The simulator is test code (TypeScript): compiled with the adapter and the engine to CommonJS.
  execFileSync(
    process.execPath,
    [
      tsc,
      '--outDir',
      'dist/bench-sim',
      '--rootDir',
      '.',
      '--module',
      'commonjs',
      '--moduleResolution',
      'node10',
      '--target',
      'es2022',
      '--lib',
      'es2022,dom',
      '--types',
      'node,office-js',
      '--strict',
      '--esModuleInterop',
      '--skipLibCheck',
      '--resolveJsonModule',
      'test/support/excel-simulator/index.ts',
      'src/excel/index.ts',
      'src/core/analyze.ts',
    ],
    { cwd: root, stdio: 'inherit' },
  );
}

async function dataFile(rows) {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, `students-${rows}.csv`);
  const stamp = `${file}.seed`;
  if (!existsSync(file) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== String(SEED)) {
    console.log(`generating ${rows} rows → ${path.relative(root, file)}`);
    await generateBenchCsv(rows, file, SEED);
    writeFileSync(stamp, String(SEED));
  }
  return file;
}

/** Run a node child; wall time from here, peak RSS from /usr/bin/time -v or the child's own report. */
function timed(args, { env } = {}) {
  const useTime = existsSync('/usr/bin/time');
  const started = process.hrtime.bigint();
  const r = useTime
    ? spawnSync('/usr/bin/time', ['-v', process.execPath, ...args], {
        cwd: root,
        encoding: 'utf8',
        timeout: CHILD_TIMEOUT_MS,
        env: { ...process.env, ...env },
        maxBuffer: 64 * 2 ** 20,
      })
    : spawnSync(process.execPath, [path.join(root, 'bench', 'rss-wrapper.cjs'), ...args], {
        cwd: root,
        encoding: 'utf8',
        timeout: CHILD_TIMEOUT_MS,
        env: { ...process.env, ...env },
        maxBuffer: 64 * 2 ** 20,
      });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const maxKb = useTime
    ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '')?.[1])
    : Number(/maxRSS (\d+)/.exec(r.stderr ?? '')?.[1]);
  if (r.status !== 0) {
    console.error(
      `child failed (status ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${(r.stderr ?? '').slice(-2000)}`,
    );
  }
  return {
    ok: r.status === 0,
    wallSeconds: round(wall, 3),
    peakRssMB: maxKb ? round(maxKb / 1024, 1) : null,
    stdout: r.stdout,
    status: r.status,
  };
}

const round = (x, d) => Math.round(x * 10 ** d) / 10 ** d;

async function main() {
  if (process.argv.includes('--table-only')) {
    // Redraw the docs table from the last results.
    writeTable(JSON.parse(readFileSync(path.join(root, 'bench', 'results.json'), 'utf8')));
    return;
  }
  if (!process.argv.includes('--no-build')) build();
  const results = {
    when: new Date().toISOString(),
    machine: machine(),
    seed: SEED,
    cli: [],
    engine: [],
    out: [],
    simulator: [],
  };
  for (const rows of sizes) {
    const file = await dataFile(rows);
    const mb = round(statSync(file).size / 2 ** 20, 1);
    const out = path.join(dataDir, `report-${rows}.json`);
    console.log(`CLI: throughline analyze ${path.relative(root, file)} --json … (${mb} MB)`);
    // CLI_RUNS runs: one run moves by ±50 ms with the machine; the median is reported, the
    // highest peak RSS, and every run in results.json.
    const runs = Array.from({ length: CLI_RUNS }, () =>
      timed(['bin/throughline.js', 'analyze', file, '--json', out]),
    );
    const ok = runs.every((c) => c.ok);
    const walls = runs.map((c) => c.wallSeconds).sort((a, b) => a - b);
    const wallSeconds = walls[Math.floor(walls.length / 2)];
    const peakRssMB = Math.max(...runs.map((c) => c.peakRssMB ?? 0)) || null;
    results.cli.push({
      rows,
      fileMB: mb,
      ok,
      wallSeconds,
      peakRssMB,
      rowsPerSecond: ok ? Math.round(rows / wallSeconds) : null,
      runs: runs.map((c) => ({ wallSeconds: c.wallSeconds, peakRssMB: c.peakRssMB })),
    });
    console.log(
      `  median ${wallSeconds} s (runs ${walls.join(', ')}), highest peak ${peakRssMB} MB RSS`,
    );
    console.log('engine alone (in-process: whole-table intake + analyze, no plans)…');
    const eng = timed(['bench/engine-run.cjs', file]);
    let stages = null;
    try {
      stages = JSON.parse(eng.stdout.trim().split('\n').pop());
    } catch {
      stages = null;
    }
    results.engine.push({
      rows,
      ok: eng.ok,
      peakRssMB: eng.peakRssMB,
      ...stages,
      rowsPerSecond: stages
        ? Math.round(rows / ((stages.intakeMs + stages.analyzeMs) / 1000))
        : null,
    });
    console.log(`  ${JSON.stringify(stages)}, ${eng.peakRssMB} MB peak RSS`);
  }
  for (const rows of outSizes) {
    const file = await dataFile(rows);
    const xlsx = path.join(dataDir, `out-${rows}.xlsx`);
    console.log(`CLI: throughline analyze ${path.relative(root, file)} --out … (the workbook)`);
    const run = timed(['bin/throughline.js', 'analyze', file, '--out', xlsx]);
    results.out.push({
      rows,
      ok: run.ok,
      wallSeconds: run.wallSeconds,
      peakRssMB: run.peakRssMB,
      xlsxMB: run.ok ? round(statSync(xlsx).size / 2 ** 20, 1) : null,
    });
    console.log(`  ${run.wallSeconds} s, ${run.peakRssMB} MB peak RSS`);
  }
  for (const rows of simSizes) {
    console.log(`simulator: full run (read + analyze + render) of ${rows} rows…`);
    const sim = timed(['bench/sim-run.cjs', String(rows)]);
    let r = null;
    try {
      r = JSON.parse(sim.stdout.trim().split('\n').pop());
    } catch {
      r = null;
    }
    results.simulator.push({ rows, ok: sim.ok, peakRssMB: sim.peakRssMB, ...r });
    console.log(`  ${JSON.stringify(r)}`);
  }
  results.machine.loadAverageAtEnd = os.loadavg().map((x) => round(x, 2));
  if (partial) {
    // A run of chosen sizes leaves the full run's results and table alone.
    mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, 'results-partial.json');
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    console.log(
      `wrote ${path.relative(root, file)} (bench/results.json and docs/performance.md untouched)`,
    );
    return;
  }
  writeFileSync(path.join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeTable(results);
  console.log('wrote bench/results.json and the table in docs/performance.md');
}

function writeTable(r) {
  const doc = path.join(root, 'docs', 'performance.md');
  if (!existsSync(doc)) return;
  const m = r.machine;
  const lines = [
    `Run ${r.when} on ${m.cpu}, ${m.nproc} cores, ${m.memoryGiB} GiB, Node ${m.node}; load average ${m.loadAverageAtStart.join(' / ')} at the start, ${m.loadAverageAtEnd.join(' / ')} at the end (above ~1 means other work shared the machine).`,
    '',
    '| rows | CSV MB | CLI `--json` wall s (median of runs) | CLI peak RSS MB (highest) | CLI rows/s | engine: detect ms | intake ms | impact ms | analysis after intake ms | engine peak RSS MB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.cli.map((c, i) => {
      const e = r.engine[i] ?? {};
      const v = (x) => (x === undefined || x === null ? '—' : x);
      return `| ${c.rows.toLocaleString('en-US')} | ${c.fileMB} | ${c.ok ? c.wallSeconds : 'failed'} | ${v(c.peakRssMB)} | ${v(c.rowsPerSecond)} | ${v(e.detectMs)} | ${v(e.intakeMs)} | ${v(e.impactMs)} | ${v(e.analyzeMs)} | ${v(e.peakRssMB)} |`;
    }),
    '',
    '| rows | CLI `--out` (workbook) wall s | peak RSS MB | .xlsx MB |',
    '| ---: | ---: | ---: | ---: |',
    ...(r.out ?? []).map(
      (o) =>
        `| ${o.rows.toLocaleString('en-US')} | ${o.ok ? o.wallSeconds : 'failed'} | ${o.peakRssMB ?? '—'} | ${o.xlsxMB ?? '—'} |`,
    ),
    '',
    '| simulator full run rows | syncs | largest request bytes | largest response bytes | read syncs | render syncs | engine (analyze) s | total s |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.simulator.map(
      (s) =>
        `| ${s.rows.toLocaleString('en-US')} | ${s.syncs ?? '—'} | ${s.largestRequest ?? '—'} | ${s.largestResponse ?? '—'} | ${s.readSyncs ?? '—'} | ${s.renderSyncs ?? '—'} | ${s.analyzeSeconds ?? '—'} | ${s.totalSeconds ?? '—'} |`,
    ),
  ];
  const text = readFileSync(doc, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) return;
  writeFileSync(doc, `${text.slice(0, a + start.length)}\n${lines.join('\n')}\n${text.slice(b)}`);
}

await main();
