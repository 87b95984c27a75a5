/**
 * What the pane's browser tests (pane, pane-progress, pane-share) do alike: the server and the
 * browser, a session of the pane with what it did wrong (`PaneBrowser`), where screenshots go,
 * the Office telemetry host the page may try (refused, not a problem), moving between steps,
 * axe-core's serious violations, sideways scrolling, and the simulated workbook.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { WorkbookSnapshot } from '../../src/core/snapshot';
import { launchChromium, startE2eServer, type E2eServer } from '../support/e2e-server';

const root = join(__dirname, '..', '..');
export const SCREENSHOTS = join(root, 'test', 'e2e', '.tmp', 'screenshots');
const AXE = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
export const OFFICE_TELEMETRY_HOST = 'telemetryservice.firstpartyapps.oaspapps.com';

/** Opens a step by its button in the step list; waits for its heading. */
export async function goToStep(page: Page, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Steps' })
    .getByRole('button', { name: new RegExp(`^\\d\\. ${label}$`) })
    .click();
  await page.getByRole('heading', { level: 2, name: label, exact: true }).waitFor();
}

/** axe-core's serious and critical violations on the page as it is. */
export async function axeViolations(page: Page): Promise<string[]> {
  // page.evaluate is not subject to the page's CSP; a <script> tag (addScriptTag) would be
  // refused by script-src 'self', and loosening the CSP for the test would test less.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(): Promise<{
            violations: { id: string; impact: string; nodes: { target: unknown }[] }[];
          }>;
        };
      }
    ).axe;
    const r = await axe.run();
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.targets.join(' ')}`);
}

/** How far the page scrolls sideways (0: it fits its width). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

/** The simulated workbook as it is now. */
export function snapshot(page: Page): Promise<WorkbookSnapshot> {
  return page.evaluate(() =>
    (window as unknown as { __sim: { toSnapshot(): WorkbookSnapshot } }).__sim.toSnapshot(),
  );
}

/** What a session did that is a problem: page errors, console errors, dialogs, requests beyond localhost. */
export interface Seen {
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
  foreignRequests: string[];
}

export interface PaneSession {
  page: Page;
  context: BrowserContext;
  seen: Seen;
}

/** Every problem a session saw, each named by its kind (empty: a clean session). */
export const problemsOf = (seen: Seen): string[] => [
  ...seen.pageErrors.map((e) => `page ${e}`),
  ...seen.consoleErrors.map((e) => `console ${e}`),
  ...seen.dialogs.map((d) => `dialog ${d}`),
  ...seen.foreignRequests.map((r) => `request ${r}`),
];

/**
 * The built pane served (port 3000, or 0 for a free one so a file can run beside others) to
 * Chromium; `open` starts a session, `close` ends them all, the browser and the server.
 */
export class PaneBrowser {
  private readonly sessions: PaneSession[] = [];

  private constructor(
    readonly server: E2eServer,
    private readonly browser: Browser,
  ) {}

  static async start(port?: number): Promise<PaneBrowser> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const server = await startE2eServer(port);
    try {
      return new PaneBrowser(server, await launchChromium());
    } catch (err) {
      await server.close();
      throw err;
    }
  }

  /**
   * The pane at a width with `setup` as the simulated Excel's start (window.__throughlineE2E: a
   * workbook's tables or snapshot, an ExcelApi version), once its status says Ready.
   */
  async open(width: number, setup: unknown, acceptDownloads = false): Promise<PaneSession> {
    const context = await this.browser.newContext({
      viewport: { width, height: 900 },
      acceptDownloads,
    });
    const seen: Seen = { consoleErrors: [], pageErrors: [], dialogs: [], foreignRequests: [] };
    const session = { page: await watchedPage(context, seen), context, seen };
    this.sessions.push(session);
    await session.page.addInitScript((start) => {
      (window as unknown as { __throughlineE2E: unknown }).__throughlineE2E = start;
    }, setup);
    await session.page.goto(`${this.server.url}taskpane.html`, { waitUntil: 'load' });
    await session.page
      .getByRole('status')
      .filter({ hasText: /^Ready/ })
      .waitFor();
    return session;
  }

  async close(): Promise<void> {
    for (const s of this.sessions) await s.context.close().catch(() => undefined);
    await this.browser.close();
    await this.server.close();
  }
}

/** A new page of `context` whose errors, dialogs and requests beyond localhost go to `seen`. */
async function watchedPage(context: BrowserContext, seen: Seen): Promise<Page> {
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === 'localhost')
      return route.continue();
    if (url.hostname !== OFFICE_TELEMETRY_HOST) seen.foreignRequests.push(url.href);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (/Content Security Policy/.test(text) && text.includes(OFFICE_TELEMETRY_HOST)) return;
    seen.consoleErrors.push(text);
  });
  page.on('pageerror', (error) => seen.pageErrors.push(String(error)));
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return page;
}
