/**
 * What the pane's browser tests (pane, pane-progress, pane-share) do on a page alike: where
 * screenshots go, the Office telemetry host the page may try (refused, not a problem), moving
 * between steps, axe-core's serious violations, sideways scrolling, and the simulated workbook.
 * Each file keeps its own session set-up (server, browser, what a problem is).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { WorkbookSnapshot } from '../../src/core/snapshot';

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
