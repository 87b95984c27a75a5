/**
 * "Share a slice" in the browser (issue 20, item 4): the built pane (dist/web, browser-test
 * build) with the strict Excel simulator standing in for Excel, as in pane.e2e.test.ts (the
 * same set-up, pane-page.ts `PaneBrowser`). The slice is built in the
 * real Web Worker (exceljs's browser build, fflate), then
 *   at 500 px: Excel.createWorkbook receives it (the simulator records the base64 workbook);
 *   at 320 px, an Excel without ExcelApi 1.8: the pane offers it as a download instead.
 * Both with no serious accessibility violation (axe-core), no page or console error and no
 * request beyond localhost.
 *
 * The server listens on a free port (not 3000), so this file can run beside other browser tests.
 */
import { describe, it, beforeAll, afterAll } from '@jest/globals';
import { expect } from '../support/expect';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { RawTable } from '../../src/core/types';
import { paneWorkbook } from './pane-workbook';
import { PaneBrowser, SCREENSHOTS, axeViolations, problemsOf, type PaneSession } from './pane-page';

let pane: PaneBrowser;
let tables: RawTable[];

beforeAll(async () => {
  ({ tables } = await paneWorkbook());
  pane = await PaneBrowser.start(0);
});

afterAll(async () => {
  await pane?.close();
});

/** The pane at a width on the example's tables, in an Excel of that ExcelApi version (default: the newest). */
const openPane = (width: number, excelApi?: string) => pane.open(width, { tables, excelApi }, true);

/** Clicks a button and waits for the status line to match `done`; returns its text. */
async function clickAndWait(page: Page, name: string, done: RegExp): Promise<string> {
  await page.evaluate(() => {
    document.querySelector('[role="status"]')!.textContent = '';
  });
  await page.getByRole('button', { name, exact: true }).first().click();
  const status = page.getByRole('status').filter({ hasText: done });
  await status.waitFor({ timeout: 150_000 });
  return (await status.textContent()) ?? '';
}

/** Chooses the Coach role (the example names coaches); the coach shown is the role's first name. */
async function chooseCoachRole(page: Page): Promise<string> {
  const role = page.getByRole('combobox', { name: 'Role', exact: true });
  await role.click();
  await role.getByRole('option', { name: 'Coach', exact: true }).click();
  const coach = page.getByRole('combobox', { name: 'Coach', exact: true });
  await coach.waitFor();
  return coach.evaluate((e) => (e as unknown as { value: string }).value);
}

/** The status line once the share is over: a sentence, not a stage ("Building the slice…"). */
const DONE = /^[^…]+\.$/;

const shareButton = (page: Page) =>
  page.getByRole('button', { name: 'Share a slice', exact: true });

describe('"Share a slice" at 500 px opens the slice with Excel.createWorkbook', () => {
  let s: PaneSession;
  beforeAll(async () => {
    s = await openPane(500);
  });

  it('is disabled, with the reason, before an analysis and for the System leader', async () => {
    await expect(shareButton(s.page).getAttribute('disabled')).resolves.toBe('');
    await expect(s.page.locator('#share-slice-why').textContent()).resolves.toBe(
      'Analyse the workbook first, then choose whose slice to share.',
    );
    await clickAndWait(s.page, 'Analyse workbook', /^(Done|The |Excel )/);
    await expect(shareButton(s.page).getAttribute('disabled')).resolves.toBe('');
    await expect(s.page.locator('#share-slice-why').textContent()).resolves.toMatch(
      /^The System leader sees the whole district/,
    );
  });

  it("builds a coach's slice in the worker and hands it to Excel.createWorkbook", async () => {
    const coach = await chooseCoachRole(s.page);
    expect(coach.length).toBeGreaterThan(0);
    await expect(shareButton(s.page).getAttribute('disabled')).resolves.toBeNull();
    await s.page.evaluate(() =>
      (window as unknown as { __simRequirements(): void }).__simRequirements(),
    );
    const status = await clickAndWait(s.page, 'Share a slice', DONE);
    expect(status).toBe(
      `Opened a new workbook holding only ${coach}'s teams' records, goals and figures: check it, then save and share it.`,
    );
    const created = await s.page.evaluate(
      () => (window as unknown as { __sim: { createdWorkbooks: string[] } }).__sim.createdWorkbooks,
    );
    expect(created.length).toBe(1);
    const bytes = Buffer.from(created[0], 'base64');
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    expect(bytes.length).toBeGreaterThan(10_000);
    await s.page.screenshot({ path: join(SCREENSHOTS, 'pane-500-share.png') });
    expect(await axeViolations(s.page)).toEqual([]);
    expect(problemsOf(s.seen)).toEqual([]);
  });
});

describe('"Share a slice" at 320 px, in an Excel without ExcelApi 1.8, offers a download', () => {
  it('downloads "Throughline – <coach>.xlsx", with axe passing and nothing to scroll sideways', async () => {
    const s = await openPane(320, '1.7');
    await clickAndWait(s.page, 'Analyse workbook', /^(Done|The |Excel )/);
    const coach = await chooseCoachRole(s.page);
    const download = s.page.waitForEvent('download', { timeout: 150_000 });
    const created = await s.page.evaluate(
      () => (window as unknown as { __sim: { createdWorkbooks: string[] } }).__sim.createdWorkbooks,
    );
    const status = await clickAndWait(s.page, 'Share a slice', DONE);
    const file = await download;
    expect(file.suggestedFilename()).toBe(`Throughline – ${coach}.xlsx`);
    expect(status).toBe(
      `"Throughline – ${coach}.xlsx" holds only ${coach}'s teams' records, goals and figures: save it from your browser's downloads and share it.`,
    );
    const bytes = readFileSync(await file.path());
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    // The pane stays where it was (a download, not a page of its own), and Excel opened nothing.
    expect(s.page.url()).toBe(`${pane.server.url}taskpane.html`);
    expect(created).toEqual([]);
    await s.page.screenshot({ path: join(SCREENSHOTS, 'pane-320-share.png') });
    expect(await axeViolations(s.page)).toEqual([]);
    await expect(
      s.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      ),
    ).resolves.toBeLessThanOrEqual(0);
    expect(problemsOf(s.seen)).toEqual([]);
  });
});
