import { describe, expect, it } from '@jest/globals';
import { normalizeConfig } from '../../../src/core/options';

const cfg = (progress: unknown) => ({ version: 2, students: [], progress });

describe('config.progress is checked once, with a message that says what it accepts', () => {
  it('accepts the documented forms', () => {
    for (const p of [
      undefined,
      {},
      { windowsInYear: 4 },
      { shares: [0.6, 1] },
      { windowsInYear: 3, shares: [0.5, 1] },
    ])
      expect(() => normalizeConfig(cfg(p))).not.toThrow();
  });
  it.each([
    [{ windowsInYear: 1 }, 'config.progress.windowsInYear must be a whole number from 2 to 12'],
    [{ windowsInYear: 2.5 }, 'config.progress.windowsInYear must be'],
    [
      { shares: [0.6, 0.9] },
      'config.progress.shares must be a list of rising shares above 0, ending at 1',
    ],
    [{ shares: [0.7, 0.5, 1] }, 'config.progress.shares must be a list of rising shares'],
    [{ shares: [] }, 'config.progress.shares must be'],
    [
      { windowsInYear: 4, shares: [0.5, 1] },
      'one share per window after the first (4 windows in the year: 3 shares)',
    ],
    ['linear', 'config.progress must be an object'],
  ])('refuses %j', (p, message) => {
    expect(() => normalizeConfig(cfg(p))).toThrow(message);
  });
});
