/** `throughline analyze … --json -` reports impact rows with the field names of contracts.md. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from '@jest/globals';
import { expect } from '../../support/expect';
import { main } from '../../../src/cli/main';
import type { Report } from '../../../src/core/report';
import { IMPACT_TEST_CONFIG } from '../../fixtures/impact/config';
import { Capture } from '../../support/capture';

/** contracts.md, "impact": every key, in its words. */
const CONTRACT_KEYS = [
  'population',
  'measure',
  'groups',
  'n',
  'unpairedPre',
  'unpairedPost',
  'preMean',
  'postMean',
  'preSd',
  'postSd',
  'meanDiff',
  'sdDiff',
  'r',
  't',
  'df',
  'p',
  'ciLow',
  'ciHigh',
  'dz',
  'dav',
  'drm',
  'gav',
  'normalizedGain',
  'avgNormalizedGain',
  'gainExcluded',
  'pctProficientPre',
  'pctProficientPost',
  'ppChange',
  'interpretation',
  'undefinedReason',
];

describe('analyze --json: impact rows', () => {
  it('carry every contracts.md key (plus the additive "note"), JSON numbers or null', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-impact-json-'));
    try {
      const config = path.join(dir, 'config.json');
      writeFileSync(config, JSON.stringify(IMPACT_TEST_CONFIG));
      const fixtures = path.join(__dirname, '../../fixtures/impact');
      const inputs = ['baumann.csv', 'subgroups.csv', 'educators.csv'].map((f) =>
        path.join(fixtures, f),
      );
      const stdout = new Capture();
      const stderr = new Capture();
      const code = await main(['analyze', ...inputs, '--config', config, '--json', '-'], {
        stdout,
        stderr,
      });
      expect(code, stderr.text).toBe(0);
      const report = JSON.parse(stdout.text) as Report;
      expect(report.impact.length).toBeGreaterThan(10);
      for (const row of report.impact) {
        expect(Object.keys(row).sort()).toEqual(
          [...CONTRACT_KEYS, 'note', 'relative', 'norm'].sort(),
        );
        expect(Object.keys(row.interpretation).sort()).toEqual([
          'benchmark',
          'effect',
          'label',
          'reading',
        ]);
      }
      const basal = report.impact.find(
        (r) => r.measure === 'Test 1' && r.groups[0]?.value === 'Basal',
      )!;
      expect(basal.groups).toEqual([{ column: 'group', value: 'Basal' }]);
      // Issue 17: a pre/post change is not sized by Kraft (it includes ordinary growth); the
      // label sizes Basal's growth relative to the other groups (its CI excludes 0).
      expect(basal.interpretation).toEqual({
        benchmark: 'kraft2020',
        effect: 'relativeEffect',
        label: 'large',
        reading: 'decline',
      });
      expect(
        report.impact.some((r) => r.population === 'educators' && r.measure === 'Questioning'),
      ).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
