/**
 * The task pane opened in a browser outside Office, with the real office.js (the offline copy
 * of @microsoft/office-js): Office.onReady resolves with host null, and the page must say what
 * it is ("Open Throughline in Excel …"), with no console error, no page error, and no request
 * from our code to any address but localhost.
 *
 * office.js itself, outside a host, reaches for a Microsoft telemetry page
 * (telemetryservice.firstpartyapps.oaspapps.com/…/telemetryproxy.html) in an iframe. That one
 * is office.js's, not ours: our Content-Security-Policy refuses the frame (frame-src), and a
 * route would block the request if it were ever made. It is counted separately; any other
 * non-localhost request fails the test.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, startE2eServer, type E2eServer } from '../support/e2e-server';

const NOT_IN_EXCEL =
  'Open Throughline in Excel: this page is an Excel add-in. In Excel, choose Home › Throughline.';
const OFFICE_TELEMETRY_HOST = 'telemetryservice.firstpartyapps.oaspapps.com';

/** What one page load did, as seen from the browser. */
interface Observed {
  consoleErrors: string[];
  pageErrors: string[];
  /** Requests to anything but localhost, other than office.js's telemetry page. */
  foreignRequests: string[];
  /** office.js's telemetry: requests blocked by the route, and frames refused by our CSP. */
  officeTelemetryRequests: string[];
  officeTelemetryCspRefusals: string[];
}

let server: E2eServer;
let browser: Browser;

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page (the task pane unless told) at a width, watching console, errors and requests. */
async function openPane(
  width: number,
  path = 'taskpane.html',
): Promise<{ page: Page; context: BrowserContext; seen: Observed }> {
  const context = await browser.newContext({ viewport: { width, height: 700 } });
  const seen: Observed = {
    consoleErrors: [],
    pageErrors: [],
    foreignRequests: [],
    officeTelemetryRequests: [],
    officeTelemetryCspRefusals: [],
  };
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.hostname === 'localhost') return route.continue();
    if (url.hostname === OFFICE_TELEMETRY_HOST) seen.officeTelemetryRequests.push(url.href);
    else seen.foreignRequests.push(url.href);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    // Chromium's report of our CSP refusing office.js's telemetry frame: expected, counted.
    // ("Framing 'https://telemetryservice…/' violates the following Content Security Policy…")
    if (/Content Security Policy/.test(text) && text.includes(OFFICE_TELEMETRY_HOST)) {
      seen.officeTelemetryCspRefusals.push(text);
    } else {
      seen.consoleErrors.push(text);
    }
  });
  page.on('pageerror', (error) => seen.pageErrors.push(String(error)));
  await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
  return { page, context, seen };
}

describe('task pane outside Office, real office.js', () => {
  let page: Page;
  let context: BrowserContext;
  let seen: Observed;
  let telemetryFrames = 0;

  beforeAll(async () => {
    ({ page, context, seen } = await openPane(1024));
    await page.getByRole('status').filter({ hasText: 'Open Throughline in Excel' }).waitFor();
    // office.js keeps working after onReady: about 3 s after load it adds its telemetry frame.
    // Wait for that (bounded: a later office.js may not do it), then a little more, so late
    // requests and errors are seen too.
    telemetryFrames = await page
      .locator(`iframe[src*="${OFFICE_TELEMETRY_HOST}"]`)
      .waitFor({ state: 'attached', timeout: 15_000 })
      .then(() => page.locator(`iframe[src*="${OFFICE_TELEMETRY_HOST}"]`).count())
      .catch(() => 0);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1_000);
  });

  afterAll(async () => {
    await context?.close();
  });

  it('shows the "Open Throughline in Excel" message in the status region', async () => {
    await expect(page.getByRole('status').textContent()).resolves.toBe(NOT_IN_EXCEL);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Throughline',
    );
    // No "Analyse workbook" button outside Excel.
    await expect(page.getByRole('button').count()).resolves.toBe(0);
  });

  it('really ran the real office.js: Office.onReady resolved with host and platform null', async () => {
    const info = await page.evaluate(async () => {
      const office = (window as unknown as { Office?: typeof Office }).Office;
      if (!office) return 'no Office global';
      const r = await office.onReady();
      return { host: r.host, platform: r.platform };
    });
    expect(info).toEqual({ host: null, platform: null });
    expect(server.requests.some((r) => r.path === '/office-js/office.js' && r.status === 200)).toBe(
      true,
    );
  });

  it('logs no console error and no page error', () => {
    expect(seen.pageErrors).toEqual([]);
    expect(seen.consoleErrors).toEqual([]);
  });

  it('makes no request to any address but localhost (office.js telemetry aside)', () => {
    expect(seen.foreignRequests).toEqual([]);
    // Reported so a change in office.js's behaviour shows up in the test output.
    console.info(
      `office.js telemetry: ${telemetryFrames} frame(s) added, ` +
        `${seen.officeTelemetryCspRefusals.length} refused by our CSP, ` +
        `${seen.officeTelemetryRequests.length} request(s) blocked by the test route`,
    );
  });

  it("stops office.js's telemetry frame by our own CSP, not only by the test's route", () => {
    // In production there is no test route: the CSP alone must stop it.
    if (telemetryFrames > 0) {
      expect(seen.officeTelemetryCspRefusals.length).toBeGreaterThanOrEqual(1);
    }
    expect(seen.officeTelemetryRequests).toEqual([]);
  });

  it('asks the server only for files it has (no 404 from our pages)', () => {
    const missing = server.requests.filter((r) => r.status !== 200).map((r) => r.path);
    expect(missing).toEqual([]);
  });
});

describe('task pane at 320 px', () => {
  it('shows the message without horizontal scrolling', async () => {
    const { page, context, seen } = await openPane(320);
    try {
      await page.getByRole('status').filter({ hasText: 'Open Throughline in Excel' }).waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBe(0);
      expect(seen.pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('commands.html (the ribbon function file) outside Office', () => {
  it('loads office.js and our handlers without a console or page error', async () => {
    const { page, context, seen } = await openPane(800, 'commands.html');
    try {
      await page.waitForFunction(() => typeof (window as { Office?: unknown }).Office === 'object');
      const associate = await page.evaluate(async () => {
        const office = (window as unknown as { Office: typeof Office }).Office;
        await office.onReady();
        return typeof office.actions?.associate;
      });
      // registerCommands calls Office.actions.associate; it must exist outside a host too.
      expect(associate).toBe('function');
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1_000);
      expect(seen.pageErrors).toEqual([]);
      expect(seen.consoleErrors).toEqual([]);
      expect(seen.foreignRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
