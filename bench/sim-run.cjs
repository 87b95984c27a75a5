// A full run on the Excel simulator (run by scripts/bench.mjs): a student sheet of N rows read
// through the Office.js adapter, analysed, every output sheet written. Prints one JSON line:
// syncs (read and render), largest and total request/response bytes, the time of each phase
// (read, analyze: the engine's share, render) and in all.
'use strict';
const path = require('node:path');
const sim = path.join(__dirname, '..', 'dist', 'bench-sim');
const { createSimulator, snapshotFromTables } = require(
  `${sim}/test/support/excel-simulator/index.js`,
);
const { createExcelAdapter } = require(`${sim}/src/excel/index.js`);
const { analyze } = require(`${sim}/src/core/analyze.js`);
const { mulberry32 } = require('./seeded.cjs');

const rows = Number(process.argv[2]);
// The same shape as bench/generate.cjs: two measures, 400 teams, three flags, 2% missing.
const rand = mulberry32(20261123);
const values = [
  [
    'Student ID',
    'School',
    'Team',
    'EL',
    'SWD',
    'FRL',
    'Reading Fall',
    'Reading Spring',
    'Math Fall',
    'Math Spring',
  ],
];
const score = (m) =>
  rand() < 0.02 ? null : Math.max(0, Math.min(100, Math.round(m + 24 * (rand() - 0.5))));
for (let i = 0; i < rows; i++) {
  const team = Math.floor(rand() * 400);
  const flags = [rand() < 0.15, rand() < 0.12, rand() < 0.45];
  const base = 62 - (flags[0] ? 8 : 0) - (flags[1] ? 9 : 0) - (flags[2] ? 5 : 0);
  values.push([
    `S${String(i + 1).padStart(7, '0')}`,
    `School ${1 + (team % 40)}`,
    `Team ${team + 1}`,
    ...flags.map((f) => (f ? 'Y' : 'N')),
    score(base),
    score(base + 4),
    score(base - 2),
    score(base + 2),
  ]);
}
(async () => {
  const simulator = createSimulator(
    snapshotFromTables([{ sheet: 'Students', values, firstRow: 1, firstColumn: 1 }]),
  );
  const excel = createExcelAdapter(simulator.Excel, {
    now: () => new Date('2026-06-01T00:00:00Z'),
    runId: () => 'b1',
  });
  const t0 = process.hrtime.bigint();
  const sheets = await excel.listSheets();
  const state = await excel.readState();
  const tables = [];
  for (const s of sheets) tables.push(await excel.readSheet(s.name));
  const readSyncs = simulator.stats.syncs;
  const t1 = process.hrtime.bigint();
  const { report, plans } = analyze({
    tables,
    existingSheets: sheets.map((s) => s.name),
    state,
    now: new Date('2026-06-01T00:00:00Z'),
  });
  const t2 = process.hrtime.bigint();
  await excel.render(plans, { state: { version: 1, sheets: [], config: report.config } });
  const t3 = process.hrtime.bigint();
  const s = simulator.stats;
  const sec = (a, b) => Math.round(Number(b - a) / 1e6) / 1000;
  process.stdout.write(
    `${JSON.stringify({ syncs: s.syncs, readSyncs, renderSyncs: s.syncs - readSyncs, largestRequest: s.largestRequest, largestResponse: s.largestResponse, requestBytes: s.requestBytes.reduce((a, b) => a + b, 0), responseBytes: s.responseBytes.reduce((a, b) => a + b, 0), planRows: plans.reduce((n, p) => n + p.cells.length, 0), readSeconds: sec(t0, t1), analyzeSeconds: sec(t1, t2), renderSeconds: sec(t2, t3), totalSeconds: sec(t0, t3) })}\n`,
  );
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
