/**
 * The layout corpus through the built command line (run `npm run build:node` first; this file does
 * not build, so it cannot race the build in test/cli/bin.test.ts):
 *
 * (c) Never silent: `throughline analyze <fixture> --json -` either uses records
 *     (dataQuality.rowsUsed > 0) or exits non-zero with a plain message on stderr that says why —
 *     never exit 0 with nothing used, never an internal error with a stack trace.
 * Score: at least 90% of the layouts fully detected (the same comparison as
 *     `npm run detect:layouts`, scripts/layouts-compare.cjs).
 *
 * Both are written as they must hold and are allowed to fail until detection catches up
 * (issue 14); the failures name the layouts and what went wrong.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  detectLayout,
  listLayouts,
  REPO,
  runJson,
  type Layout,
} from '../../scripts/layouts-compare.cjs';

const layouts = listLayouts();
const built = path.join(REPO, 'dist/node/throughline.js');

beforeAll(() => {
  if (!existsSync(built))
    throw new Error('Run `npm run build:node` before test/layouts/cli.test.ts.');
});

interface Outcome {
  status: number;
  rowsUsed: number | null;
  message: string | null;
  internal: boolean;
}

describe.each(layouts.map((l) => [l.slug, l] as [string, Layout]))('layout %s', (_slug, layout) => {
  it('is never silent: records used, or exit 1 with a plain reason', () => {
    const r = runJson(layout.dataFiles);
    const report = r.report as { dataQuality?: { rowsUsed?: number } } | null;
    const outcome: Outcome = {
      status: r.status,
      rowsUsed: report?.dataQuality?.rowsUsed ?? null,
      message: r.reason,
      internal: /internal error|\n\s+at .+:\d+:\d+\)?/.test(r.stderr),
    };
    const used = outcome.status === 0 && (outcome.rowsUsed ?? 0) > 0;
    const explained = outcome.status !== 0 && outcome.message !== null && !outcome.internal;
    expect({ ...outcome, ok: used || explained }).toMatchObject({ ok: true, internal: false });
  });
});

describe('detection on the corpus', () => {
  it('fully detects at least 90% of the layouts', () => {
    const results = layouts.map((l) => detectLayout(l));
    const misses = results
      .filter((r) => !r.ok)
      .map((r) => `${r.slug}: ${r.message ?? r.diffs.join('; ')}`);
    const full = results.length - misses.length;
    // The list of misses is part of the failure message, so a failing run says what to fix.
    expect({
      share: full / results.length >= 0.9,
      full,
      total: results.length,
      misses,
    }).toMatchObject({
      share: true,
    });
  }, 600_000);
});
