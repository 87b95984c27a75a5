/**
 * The pane's Progress step in the browser (issue 19 item 6): the built pane (dist/web, browser-test
 * build) with the strict Excel simulator standing in for Excel, as in pane.e2e.test.ts (the
 * same set-up, pane-page.ts `PaneBrowser`). A goal adopted on the
 * Goals step is tracked once the Progress step runs: its card shows the status, the rule in
 * words, the trajectory picture with its figures as a table, at 500 and 320 px, with no serious
 * accessibility violation (axe-core) and no horizontal scrolling at 320 px.
 *
 * The server listens on a free port (not 3000), so this file can run beside other browser tests.
 */
import { describe, it, beforeAll, afterAll } from '@jest/globals';
import { expect } from '../support/expect';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { WorkbookSnapshot } from '../../src/core/snapshot';
import type { RawTable } from '../../src/core/types';
import { paneWorkbook } from './pane-workbook';
import {
  PaneBrowser,
  SCREENSHOTS,
  axeViolations,
  goToStep,
  problemsOf,
  snapshot,
  type PaneSession,
} from './pane-page';

let pane: PaneBrowser;
let tables: RawTable[];

beforeAll(async () => {
  ({ tables } = await paneWorkbook());
  pane = await PaneBrowser.start(0);
});

afterAll(async () => {
  await pane?.close();
});

/** The pane at a width with a workbook (its tables, or a snapshot of an earlier session). */
const openPane = (width: number, workbook: { tables?: RawTable[]; snapshot?: WorkbookSnapshot }) =>
  pane.open(width, workbook);

/** Clicks a button and waits for the run it starts to end; returns the status text. */
async function runAndWait(page: Page, name: string): Promise<string> {
  await page.evaluate(() => {
    document.querySelector('[role="status"]')!.textContent = '';
  });
  await page.getByRole('button', { name, exact: true }).first().click();
  const status = page.getByRole('status').filter({ hasText: /^(Done|Cancelled|The |Excel )/ });
  await status.waitFor({ timeout: 120_000 });
  return (await status.textContent()) ?? '';
}

/** What a tracked goal's card shows, read from the page. */
async function cards(page: Page) {
  return page.locator('.pane__progress-goal').evaluateAll((items) =>
    items.map((li) => ({
      status: li.querySelector('.pane__status-tag')?.textContent ?? '',
      rule: li.querySelector('.pane__progress-rule')?.textContent ?? '',
      pictures: li.querySelectorAll('svg.pane__traj').length,
      windows: [...li.querySelectorAll('.pane__traj-table tbody th')].map((th) => th.textContent),
    })),
  );
}

describe('the Progress step', () => {
  let s: PaneSession;
  let adopted: WorkbookSnapshot;

  beforeAll(async () => {
    s = await openPane(500, { tables });
  });

  it('at 500 px: empty until a goal is adopted, then a card per tracked goal; no serious accessibility violation', async () => {
    expect(await runAndWait(s.page, 'Analyse workbook')).toMatch(/^Done\./);
    await goToStep(s.page, 'Progress');
    await s.page.getByText(/^No goal is tracked yet\./).waitFor();
    expect(await axeViolations(s.page)).toEqual([]);

    await goToStep(s.page, 'Goals');
    const first = s.page.locator('[data-key^="adopt-"]').first();
    await first.click();
    await expect(first.getAttribute('aria-pressed')).resolves.toBe('true');
    await goToStep(s.page, 'Progress');
    expect(await runAndWait(s.page, 'Run this step')).toMatch(/^Done\..*Progress/);
    await s.page.locator('.pane__progress-goal').first().waitFor();
    const shown = await cards(s.page);
    expect(shown).toHaveLength(1);
    // The example district has its spring window: the goal is final.
    expect(['Met', 'Not met']).toContain(shown[0].status);
    expect(shown[0].rule).toMatch(/is the last window of the year: met when the value reaches/);
    expect(shown[0].pictures).toBe(1);
    expect(shown[0].windows.length).toBeGreaterThanOrEqual(2);
    await expect(s.page.getByText(/^1 goal tracked: 1 (met|not met)\.$/).count()).resolves.toBe(1);
    expect(await axeViolations(s.page)).toEqual([]);
    await s.page.screenshot({ path: join(SCREENSHOTS, 'pane-500-progress.png'), fullPage: true });
    adopted = await snapshot(s.page);
    expect(adopted.sheets.map((x) => x.name)).toContain('Progress');
    expect(problemsOf(s.seen)).toEqual([]);
  }, 420_000);

  it('at 320 px, reopened on that workbook: the adoption read back, the card fits, no serious violation', async () => {
    const narrow = await openPane(320, { snapshot: adopted });
    expect(await runAndWait(narrow.page, 'Analyse workbook')).toMatch(/^Done\./);
    await goToStep(narrow.page, 'Progress');
    await narrow.page.locator('.pane__progress-goal').first().waitFor();
    expect(await cards(narrow.page)).toHaveLength(1);
    await narrow.page.locator('.pane__progress-goal summary').first().click();
    const overflow = await narrow.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    expect(await axeViolations(narrow.page)).toEqual([]);
    await narrow.page.screenshot({
      path: join(SCREENSHOTS, 'pane-320-progress.png'),
      fullPage: true,
    });
    expect(problemsOf(narrow.seen)).toEqual([]);
  }, 420_000);
});
