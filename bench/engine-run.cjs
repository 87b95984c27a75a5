// The engine alone, in-process (run by scripts/bench.mjs): the CSV parsed into a whole table
// (not timed), then detection, intake and the analysis (no sheet plans) timed separately.
// Prints one JSON line of stage times in ms.
'use strict';
const { readFileSync } = require('node:fs');
const dist = require('node:path').join(__dirname, '..', 'dist', 'node');
const { decodeCsvBytes, parseCsvText } = require(`${dist}/files/csv/csv-read.js`);
const { detectConfig, readDatasets } = require(`${dist}/core/intake/index.js`);
const { computeImpact } = require(`${dist}/core/impact/index.js`);
const { analyze } = require(`${dist}/core/analyze.js`);

const file = process.argv[2];
const table = parseCsvText('students', decodeCsvBytes(readFileSync(file)).text);
const ms = (t) => Math.round(Number(process.hrtime.bigint() - t) / 1e6);
let t = process.hrtime.bigint();
const detection = detectConfig([table]);
const detectMs = ms(t);
t = process.hrtime.bigint();
const intake = readDatasets([table], detection.config);
const intakeMs = ms(t);
t = process.hrtime.bigint();
const impact = computeImpact(intake.datasets, detection.config);
const impactMs = ms(t);
t = process.hrtime.bigint();
// The whole use case on the same tables (intake again inside), as the command line calls it.
const out = analyze({
  tables: [table],
  config: detection.config,
  existingSheets: ['students'],
  state: null,
  now: new Date('2026-06-01T00:00:00Z'),
  plans: false,
});
const analyzeAllMs = ms(t);
process.stdout.write(
  `${JSON.stringify({ detectMs, intakeMs, impactMs, analyzeMs: analyzeAllMs - intakeMs, analyzeAllMs, impactRows: impact.length, issues: out.report.dataQuality.issues.length })}\n`,
);
