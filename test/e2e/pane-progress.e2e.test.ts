/**
 * The pane's Progress step in the browser (issue 19 item 6): the built pane (dist/web, browser-test
 * build) with the strict Excel simulator standing in for Excel, as in pane.e2e.test.ts (whose
 * set-up this file repeats in small, so the two files can change apart). A goal adopted on the
 * Goals step is tracked once the Progress step runs: its card shows the status, the rule in
 * words, the trajectory picture with its figures as a table, at 500 and 320 px, with no serious
 * accessibility violation (axe-core) and no horizontal scrolling at 320 px.
 *
 * The server listens on a free port (not 3000), so this file can run beside other browser tests.
 */
import { describe, it, beforeAll, afterAll } from '@jest/globals';
import { expect } from '../support/expect';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, startE2eServer, type E2eServer } from '../support/e2e-server';
import type { WorkbookSnapshot } from '../../src/core/snapshot';
import type { RawTable } from '../../src/core/types';
import { paneWorkbook } from './pane-workbook';
import { SCREENSHOTS, OFFICE_TELEMETRY_HOST, axeViolations, goToStep, snapshot } from './pane-page';

interface Session {
  page: Page;
  context: BrowserContext;
  problems: string[];
}

let server: E2eServer;
let browser: Browser;
let tables: RawTable[];
const sessions: Session[] = [];

beforeAll(async () => {
  ({ tables } = await paneWorkbook());
  server = await startE2eServer(0);
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  for (const s of sessions) await s.context.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

/** Opens the pane at a width; page errors, console errors, dialogs and foreign requests are problems. */
async function openPane(
  width: number,
  workbook: { tables?: RawTable[]; snapshot?: WorkbookSnapshot },
): Promise<Session> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const problems: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === 'localhost')
      return route.continue();
    if (url.hostname !== OFFICE_TELEMETRY_HOST) problems.push(`request ${url.href}`);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (/Content Security Policy/.test(text) && text.includes(OFFICE_TELEMETRY_HOST)) return;
    problems.push(`console ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`page ${String(error)}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.addInitScript((setup) => {
    (window as unknown as { __throughlineE2E: unknown }).__throughlineE2E = setup;
  }, workbook);
  await page.goto(`${server.url}taskpane.html`, { waitUntil: 'load' });
  await page
    .getByRole('status')
    .filter({ hasText: /^Ready/ })
    .waitFor();
  const session = { page, context, problems };
  sessions.push(session);
  return session;
}

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
  let s: Session;
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
    expect(s.problems).toEqual([]);
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
    expect(narrow.problems).toEqual([]);
  }, 420_000);
});
