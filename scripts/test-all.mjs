#!/usr/bin/env node
// Every test, in the order that fails fastest: types, lint, manifest, unit and integration
// (LibreOffice included), then the browser end-to-end tests against the built task pane.
// Ends with one line "N passed, N failed, N skipped" summed over the Jest runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tmp = mkdtempSync(join(tmpdir(), 'throughline-tests-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedStep = null;

function run(name, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    process.stdout.write(`=== ${name} FAILED (exit ${r.status})\n`);
    failedStep ??= name;
    return false;
  }
  return true;
}

function jest(name, extraArgs) {
  const out = join(tmp, `${name}.json`);
  // ESLint loads its flat config with import(), which Jest runs only with VM modules enabled
  // (test/build/*: the lint rules are tested through ESLint's API).
  const ok = run(name, process.execPath, [
    '--experimental-vm-modules',
    'node_modules/jest/bin/jest.js',
    '--ci',
    ...extraArgs,
    '--json',
    `--outputFile=${out}`,
  ]);
  let failed = 0;
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += j.numPassedTests ?? 0;
    totals.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
    failed = j.numFailedTests ?? 0;
    // A test file that failed without a failed test (it could not be collected, or a beforeAll
    // threw and its tests were skipped) counts once. numFailedTestSuites is not used: it also
    // counts every describe that holds a failed test, so a failed test would be counted twice.
    for (const file of j.testResults ?? [])
      if (
        file.status === 'failed' &&
        !(file.assertionResults ?? []).some((a) => a.status === 'failed')
      )
        failed += 1;
  }
  // Jest failed for a reason the report does not show (no report, an unhandled error): still one.
  if (!ok && failed === 0) failed = 1;
  totals.failed += failed;
  return ok;
}

run('typecheck', 'npm', ['run', 'typecheck']);
run('lint', 'npm', ['run', 'lint']);
run('manifest', 'npm', ['run', 'validate']);
jest('unit+integration', []);
if (run('build (task pane for browser tests)', 'npm', ['run', 'build:e2e'])) {
  jest('e2e', ['--config', 'jest.e2e.config.mjs']);
}

process.stdout.write(
  `\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`,
);
if (failedStep) {
  process.stdout.write(`first failing step: ${failedStep}\n`);
  process.exit(1);
}
