/**
 * The task pane inside "Excel": the built pane (dist/web, browser-test build) served from
 * https://localhost:3000, with the strict Excel simulator standing in for Excel (the test-only
 * e2e-simulator.js swaps the Excel and Office globals when a test puts a workbook in
 * window.__throughlineE2E). Chromium (Debian's, through playwright-core) clicks through the whole
 * flow; what the pane wrote is read back from the simulator in the page.
 *
 * Every page fails the test on a console error, a page error, a dialog (alert from markup in
 * the workbook), or a request to any address but localhost. office.js (really loaded, then set
 * aside by the simulator) adds its telemetry frame outside Office; our CSP refuses it, and
 * Chromium's report of that refusal is the one console error allowed (no-host.e2e.test.ts).
 */
import { describe, it, beforeAll, afterAll } from '@jest/globals';
import { expect } from '../support/expect';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { WorkbookSnapshot } from '../../src/core/snapshot';
import { stateFromTable, STATE_SHEET } from '../../src/core/state';
import type { ThroughlineState } from '../../src/core/ports';
import type { RawTable } from '../../src/core/types';
import type { MappingConfig } from '../../src/core/config';
import { HOSTILE, paneWorkbook } from './pane-workbook';
import {
  PaneBrowser,
  SCREENSHOTS,
  axeViolations,
  type PaneSession,
  type Seen,
  goToStep,
  horizontalOverflow,
  snapshot,
} from './pane-page';

/** Kept as test artifacts (git-ignored); a few are copied to docs/pane/ for the record. */

let pane: PaneBrowser;
let tables: RawTable[];
let example = false;

beforeAll(async () => {
  ({ tables, example } = await paneWorkbook());
  pane = await PaneBrowser.start();
});

afterAll(async () => {
  await pane?.close();
});

/** Opens the pane at a width with a workbook (tables, or a snapshot of an earlier session). */
const openPane = (width: number, workbook: { tables?: RawTable[]; snapshot?: WorkbookSnapshot }) =>
  pane.open(width, workbook);

/** The pane's clean-bill: nothing logged, thrown, alerted or sent elsewhere. */
function expectClean(seen: Seen): void {
  expect(seen.pageErrors).toEqual([]);
  expect(seen.consoleErrors).toEqual([]);
  expect(seen.dialogs).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
}

function sheetTable(snap: WorkbookSnapshot, name: string): RawTable | null {
  const s = snap.sheets.find((x) => x.name === name);
  if (!s) return null;
  return {
    sheet: name,
    values: s.cells.map((row) => row.map((c) => c?.value ?? null)),
    firstRow: 1,
    firstColumn: 1,
  };
}

/** The state stored in the workbook's very hidden sheet. */
function savedState(snap: WorkbookSnapshot): ThroughlineState | null {
  return stateFromTable(sheetTable(snap, STATE_SHEET));
}

/** Clicks a button and waits for the run it starts to end; returns the status text. */
async function runAndWait(page: Page, name: string | RegExp): Promise<string> {
  await page.evaluate(() => {
    document.querySelector('[role="status"]')!.textContent = '';
  });
  await page
    .getByRole('button', { name, exact: typeof name === 'string' })
    .first()
    .click();
  const status = page
    .getByRole('status')
    .filter({ hasText: /^(Done|Cancelled|The |Excel |A sheet)/ });
  await status.waitFor({ timeout: 60_000 });
  return (await status.textContent()) ?? '';
}

const STEP_LABELS = ['Data', 'Goals', 'Alignment', 'Impact'];

describe('the whole flow at 500 px', () => {
  let s: PaneSession;
  let before: WorkbookSnapshot;
  let afterFirst: WorkbookSnapshot;

  beforeAll(async () => {
    s = await openPane(500, { tables });
    before = await snapshot(s.page);
  });

  it('starts on the Data step with no serious accessibility violation', async () => {
    await expect(
      s.page.getByRole('heading', { level: 2, name: 'Data', exact: true }).count(),
    ).resolves.toBe(1);
    expect(await axeViolations(s.page)).toEqual([]);
  });

  it('"Analyse workbook" writes Data Quality and the state, and nothing to the person\'s sheets', async () => {
    const status = await runAndWait(s.page, 'Analyse workbook');
    expect(status).toMatch(/^Done\. Added: Throughline, Data Quality/);
    afterFirst = await snapshot(s.page);
    const names = afterFirst.sheets.map((x) => [x.name, x.visibility]);
    expect(names).toContainEqual(['Data Quality', 'visible']);
    expect(names).toContainEqual([STATE_SHEET, 'veryHidden']);
    // Every sheet that was there before is exactly as it was.
    for (const sheet of before.sheets) {
      expect(afterFirst.sheets.find((x) => x.name === sheet.name)).toEqual(sheet);
    }
    const dq = sheetTable(afterFirst, 'Data Quality')!;
    expect(dq.values[0].slice(0, 8)).toEqual([
      'Severity',
      'Code',
      'Sheet',
      'Row',
      'Column',
      'Value',
      'Message',
      'Go to',
    ]);
    if (!example) {
      // The small workbook repeats S3 on Excel row 26 (header row 1, S1…S24 on rows 2…25).
      expect(dq.values[1].slice(0, 6)).toEqual([
        'warning',
        'DUPLICATE_ID',
        'Students',
        26,
        'Student ID',
        'S3',
      ]);
    }
    await expect(s.page.locator('.pane__summary-text').textContent()).resolves.toMatch(
      /Added: .*Data Quality/,
    );
    const state = savedState(afterFirst)!;
    expect(state.sheets.map((x) => x.name)).toContain('Data Quality');
    expect((state.config as MappingConfig).students.length).toBeGreaterThan(0);
  });

  it('shows markup from the workbook as text, never as markup', async () => {
    // The sheet named with markup is listed under "Sheets found", as text.
    await expect(
      s.page.locator('.pane__list .pane__name', { hasText: HOSTILE }).count(),
    ).resolves.toBeGreaterThan(0);
    if (!example) {
      // The column headed with markup is listed in the mapping, as text.
      await expect(
        s.page.locator('.pane__columns .pane__name', { hasText: HOSTILE }).count(),
      ).resolves.toBe(1);
    }
    await expect(s.page.locator('#app img').count()).resolves.toBe(0);
    expect(pane.server.requests.filter((r) => r.path === '/x')).toEqual([]);
  });

  it('selects the offending cell when a data-quality issue is clicked', async () => {
    const issue = s.page.locator('.pane__issue').first();
    const title = (await issue.getAttribute('title'))!;
    const [, address, sheet] = /^Select (\S+) on (.+)$/.exec(title)!;
    if (!example) {
      expect([address, sheet]).toEqual(['A26', 'Students']);
    }
    await issue.click();
    await s.page
      .getByRole('status')
      .filter({ hasText: `Selected ${address} on "${sheet}".` })
      .waitFor();
    const selection = await s.page.evaluate(() => {
      const m = (
        window as unknown as {
          __sim: {
            model: {
              selection: { sheetId: string; box: unknown } | null;
              sheets: { id: string; name: string }[];
              activeSheetId: string;
            };
          };
        }
      ).__sim.model;
      return {
        sheet: m.sheets.find((x) => x.id === m.selection?.sheetId)?.name,
        active: m.sheets.find((x) => x.id === m.activeSheetId)?.name,
        box: m.selection?.box,
      };
    });
    expect(selection.sheet).toBe(sheet);
    expect(selection.active).toBe(sheet);
    if (!example)
      expect(selection.box).toEqual({ row: 25, column: 0, rowCount: 1, columnCount: 1 });
  });

  it('steps through Goals, Alignment and Impact with empty states, no serious accessibility violation, and screenshots', async () => {
    await s.page.evaluate(() => window.scrollTo(0, 0));
    await s.page.screenshot({ path: join(SCREENSHOTS, 'pane-500-data.png') });
    await s.page.locator('.pane__issues').scrollIntoViewIfNeeded();
    await s.page.screenshot({ path: join(SCREENSHOTS, 'pane-500-data-quality.png') });
    for (const label of STEP_LABELS.slice(1)) {
      await goToStep(s.page, label);
      expect(await axeViolations(s.page), label).toEqual([]);
      await s.page.screenshot({ path: join(SCREENSHOTS, `pane-500-${label.toLowerCase()}.png`) });
    }
    await goToStep(s.page, 'Goals');
    const goals = await s.page.locator('.pane__goal').count();
    if (goals === 0) await s.page.getByText('No goals suggested yet.').waitFor();
    await goToStep(s.page, 'Data');
    expect(await axeViolations(s.page)).toEqual([]);
  });

  it('runs one step alone: Impact writes only its own sheets (none yet when impact is empty)', async () => {
    await goToStep(s.page, 'Impact');
    const status = await runAndWait(s.page, 'Run this step');
    expect(status).toMatch(/^Done\./);
    const snap = await snapshot(s.page);
    // Data Quality was not rewritten by the Impact step: same cells as after the first run.
    expect(snap.sheets.find((x) => x.name === 'Data Quality')).toEqual(
      afterFirst.sheets.find((x) => x.name === 'Data Quality'),
    );
    await goToStep(s.page, 'Data');
  });

  let editedMeasure = '';
  let editedColumn = '';
  let editedSheet = '';

  it('edits the mapping with the drop-downs and saves it in the workbook', async () => {
    const config = savedState(await snapshot(s.page))!.config as MappingConfig;
    const students = config.students[0];
    editedSheet = students.sheet;
    editedMeasure = students.measures[0].name;
    editedColumn = (students.school ?? students.team)!;
    expect(editedColumn).toBeTruthy();
    // The column's role: School (or Team) → Not used.
    const role = s.page.getByRole('combobox', {
      name: `${editedSheet}: role of column ${editedColumn}`,
    });
    await role.click();
    await role.getByRole('option', { name: 'Not used' }).click();
    await s.page
      .getByRole('status')
      .filter({ hasText: /^Mapping changed/ })
      .waitFor();
    // The measure's highest score → 80.
    const max = s.page
      .getByRole('group', { name: `${editedSheet}, measure ${editedMeasure}` })
      .getByRole('textbox', { name: 'Highest score' });
    await max.fill('80');
    await max.press('Tab');
    await s.page
      .getByRole('status')
      .filter({ hasText: /^Mapping changed/ })
      .waitFor();
    const status = await runAndWait(s.page, 'Save mapping');
    expect(status).toMatch(/^Done\./);
    const saved = savedState(await snapshot(s.page))!.config as MappingConfig;
    const savedStudents = saved.students[0];
    expect(savedStudents.measures[0].max).toBe(80);
    expect([savedStudents.school, savedStudents.team]).not.toContain(editedColumn);
  });

  it('logged nothing, threw nothing, sent nothing anywhere', () => {
    expectClean(s.seen);
  });

  describe('the next session reuses the saved mapping', () => {
    let next: PaneSession;
    beforeAll(async () => {
      next = await openPane(500, { snapshot: await snapshot(s.page) });
    });

    it('shows the edited role and maximum after "Analyse workbook", and keeps them', async () => {
      const status = await runAndWait(next.page, 'Analyse workbook');
      expect(status).toMatch(/^Done\. Replaced: .*Data Quality/);
      const role = next.page.getByRole('combobox', {
        name: `${editedSheet}: role of column ${editedColumn}`,
      });
      await expect(role.evaluate((e) => (e as unknown as { value: string }).value)).resolves.toBe(
        'none',
      );
      const max = next.page
        .getByRole('group', { name: `${editedSheet}, measure ${editedMeasure}` })
        .getByRole('textbox', { name: 'Highest score' });
      await expect(max.inputValue()).resolves.toBe('80');
      const saved = savedState(await snapshot(next.page))!.config as MappingConfig;
      expect(saved.students[0].measures[0].max).toBe(80);
      expectClean(next.seen);
    });
  });

  describe('cancel', () => {
    let c: PaneSession;
    beforeAll(async () => {
      // A workbook that already has our sheets, so a run would replace them.
      c = await openPane(500, { snapshot: afterFirst });
    });

    // Every sync slowed by 250 ms, on the example district: minutes on a loaded machine.
    it('cancelled while writing, leaves the workbook exactly as it was', async () => {
      const start = await snapshot(c.page);
      await c.page.evaluate(() => {
        (window as unknown as { __simControl: { syncDelayMs: number } }).__simControl.syncDelayMs =
          250;
      });
      await c.page.evaluate(() => {
        document.querySelector('[role="status"]')!.textContent = '';
      });
      await c.page.getByRole('button', { name: 'Analyse workbook', exact: true }).click();
      await c.page
        .locator('.pane__progress-text', { hasText: /^Writing/ })
        .waitFor({ timeout: 60_000 });
      // The pane stays responsive while it works: the steps can be browsed.
      await goToStep(c.page, 'Impact');
      await c.page.getByRole('button', { name: 'Cancel', exact: true }).click();
      await c.page
        .getByRole('status')
        .filter({ hasText: 'Cancelled: the workbook was left as it was.' })
        .waitFor({ timeout: 60_000 });
      const end = await snapshot(c.page);
      expect(end).toEqual(start);
      await expect(c.page.getByRole('alert').textContent()).resolves.toBe('');
      expectClean(c.seen);
    }, 420_000);
  });
});

/** Takes an adoption back with the toggle and waits for the cell to be cleared. */
async function unmark(page: Page, id: string): Promise<void> {
  await goToStep(page, 'Goals');
  await page.locator(`[data-key="adopt-${id}"]`).click();
  await page
    .getByRole('status')
    .filter({ hasText: `No longer adopted: ${id}` })
    .waitFor();
}

describe('adopting a goal in the pane', () => {
  let a: PaneSession;
  let b: PaneSession;
  beforeAll(async () => {
    a = await openPane(500, { tables });
  });

  // Two sessions and four runs of the example district: minutes on a loaded machine.
  it('lasts in the workbook: Y beside it in Suggested Goals, and Adopted when the pane reopens', async () => {
    expect(await runAndWait(a.page, 'Analyse workbook')).toMatch(/^Done\./);
    await goToStep(a.page, 'Goals');
    const first = a.page.locator('[data-key^="adopt-"]').first();
    const id = (await first.getAttribute('data-key'))!.slice('adopt-'.length);
    await first.click();
    const pressed = (page: Page) =>
      page.locator(`[data-key="adopt-${id}"]`).getAttribute('aria-pressed');
    await expect(pressed(a.page)).resolves.toBe('true');
    // The choice is written by the next run, even of another step.
    await goToStep(a.page, 'Alignment');
    expect(await runAndWait(a.page, 'Run this step')).toMatch(/^Done\./);
    const snap = await snapshot(a.page);
    const sheet = sheetTable(snap, 'Suggested Goals')!;
    expect(sheet.values[1][0]).toBe('Adopt'); // below the instruction row
    const marked = sheet.values.filter((r) => r[0] === 'Y').map((r) => r[1]);
    expect(marked).toEqual([id]);
    expectClean(a.seen);

    // With the sheet there, the toggle marks the goal's Adopt cell at once, from the keyboard,
    // and the sheet stays ours: the next run replaces it (no "Suggested Goals (2)").
    await goToStep(a.page, 'Goals');
    const second = a.page.locator('[data-key^="adopt-"]').nth(1);
    const id2 = (await second.getAttribute('data-key'))!.slice('adopt-'.length);
    await a.page.locator(`[data-key="adopt-${id2}"]`).focus();
    await a.page.keyboard.press('Enter');
    await a.page
      .getByRole('status')
      .filter({ hasText: new RegExp(`^Adopted: ${id2} \\(A\\d+ on "Suggested Goals"\\)`) })
      .waitFor();
    await expect(
      a.page.locator(`[data-key="adopt-${id2}"]`).getAttribute('aria-pressed'),
    ).resolves.toBe('true');
    const marks = sheetTable(await snapshot(a.page), 'Suggested Goals')!
      .values.filter((r) => r[0] === 'Y')
      .map((r) => r[1]);
    expect(marks.sort()).toEqual([id, id2].sort());
    expect(await axeViolations(a.page)).toEqual([]);
    // Goals are adopted now: their Progress sheet is new; Suggested Goals is replaced.
    expect(await runAndWait(a.page, 'Analyse workbook')).toMatch(
      /^Done\. Added: Progress\. Replaced: .*Suggested Goals/,
    );
    const names = (await snapshot(a.page)).sheets.map((x) => x.name);
    expect(names.filter((n) => n.startsWith('Suggested Goals'))).toEqual(['Suggested Goals']);
    await unmark(a.page, id2);

    b = await openPane(500, { snapshot: snap });
    expect(await runAndWait(b.page, 'Analyse workbook')).toMatch(/^Done\./);
    await goToStep(b.page, 'Goals');
    await expect(pressed(b.page)).resolves.toBe('true');
    const again = sheetTable(await snapshot(b.page), 'Suggested Goals')!;
    expect(again.values.filter((r) => r[0] === 'Y').map((r) => r[1])).toEqual([id]);
    expectClean(b.seen);
  }, 480_000);
});

describe('the pane at 320 px', () => {
  let s: PaneSession;
  beforeAll(async () => {
    s = await openPane(320, { tables });
  });

  it('runs from the keyboard: Tab to "Analyse workbook", Enter', async () => {
    let name = '';
    for (let i = 0; i < 10 && name !== 'Analyse workbook'; i++) {
      await s.page.keyboard.press('Tab');
      name = await s.page.evaluate(() => (document.activeElement?.textContent ?? '').trim());
    }
    expect(name).toBe('Analyse workbook');
    await s.page.evaluate(() => {
      document.querySelector('[role="status"]')!.textContent = '';
    });
    await s.page.keyboard.press('Enter');
    await s.page
      .getByRole('status')
      .filter({ hasText: /^Done\./ })
      .waitFor({ timeout: 60_000 });
  });

  it.each(STEP_LABELS)(
    '%s: no horizontal scrolling, no serious accessibility violation; screenshot',
    async (label) => {
      await goToStep(s.page, label);
      expect(await horizontalOverflow(s.page)).toBe(0);
      expect(await axeViolations(s.page)).toEqual([]);
      await s.page.screenshot({ path: join(SCREENSHOTS, `pane-320-${label.toLowerCase()}.png`) });
      if (label === 'Data') {
        await s.page.locator('.pane__mapping').first().scrollIntoViewIfNeeded();
        await s.page.screenshot({ path: join(SCREENSHOTS, 'pane-320-mapping.png') });
        await s.page.evaluate(() => window.scrollTo(0, 0));
      }
    },
  );

  it('logged nothing, threw nothing, sent nothing anywhere', () => {
    expectClean(s.seen);
  });
});

/**
 * Issue 20, item 3: each role's view, chosen at the top of the pane, at 500 and 320 px: the
 * Goals, Impact and Alignment steps show only the chosen educator's, coach's (her teams, from
 * the Educators sheet's coach column), team's or school's goals and figures (the system leader: everything), with no serious accessibility violation and no
 * horizontal scrolling; a screenshot of each.
 */
const ROLES: { label: string; names: string | null; slug: string }[] = [
  { label: 'Educator', names: 'Educator', slug: 'educator' },
  { label: 'Coach', names: 'Coach', slug: 'coach' },
  { label: 'Team', names: 'Team', slug: 'team' },
  { label: 'School leader', names: 'School', slug: 'school' },
  { label: 'System leader', names: null, slug: 'system' },
];

/** Each educator the Educators sheet names, with her team, school and coach (A, B, C, E). */
function educatorsSheet(): { name: string; team: string; school: string; coach: string }[] {
  const t = tables.find((x) => x.sheet === 'Educators');
  return (t?.values.slice(1) ?? []).map((r) => ({
    name: String(r[0] ?? ''),
    team: String(r[1] ?? ''),
    school: String(r[2] ?? ''),
    coach: String(r[4] ?? ''),
  }));
}

/** The teams a goal card names ("S3 · Team Lakeside Grade 4" → "Lakeside Grade 4"). */
async function cardTeams(page: Page): Promise<string[]> {
  const heads = await page.locator('.pane__goal-who').allTextContents();
  return heads.map((h) => h.replace(/^\S+ · (Team )?/, ''));
}

describe.each([500, 320])('the role views at %i px', (width) => {
  let s: PaneSession;
  let districtGoals = 0;
  beforeAll(async () => {
    s = await openPane(width, { tables });
    expect(await runAndWait(s.page, 'Analyse workbook')).toMatch(/^Done\./);
    await goToStep(s.page, 'Goals');
    districtGoals = await s.page.locator('.pane__goal').count();
  }, 240_000);

  it.each(ROLES)(
    '$label: every step shows that scope only; axe, no horizontal scrolling; screenshots',
    async ({ label, names, slug }) => {
      const role = s.page.getByRole('combobox', { name: 'Role' });
      await role.click();
      await role.getByRole('option', { name: label, exact: true }).click();
      let chosen: string | null = null;
      if (names) {
        const picker = s.page.getByRole('combobox', { name: names });
        await picker.waitFor();
        chosen = await picker.evaluate((e) => (e as unknown as { value: string }).value);
        await s.page.locator('.pane__role-line').filter({ hasText: chosen }).waitFor();
      } else {
        await s.page.locator('.pane__role-line').filter({ hasText: 'whole district' }).waitFor();
        expect(await s.page.getByRole('combobox').count()).toBe(1);
      }
      const people = educatorsSheet();
      const teams =
        slug === 'educator'
          ? people.filter((e) => e.name === chosen).map((e) => e.team)
          : slug === 'coach'
            ? people.filter((e) => e.coach === chosen).map((e) => e.team)
            : slug === 'team'
              ? [chosen!]
              : people.filter((e) => e.school === chosen).map((e) => e.team);
      for (const step of ['Goals', 'Alignment', 'Impact']) {
        await goToStep(s.page, step);
        if (step === 'Goals') {
          const shown = await cardTeams(s.page);
          if (slug === 'system') expect(shown.length).toBe(districtGoals);
          else {
            expect(shown.length).toBeLessThan(districtGoals);
            for (const t of shown) expect(teams).toContain(t);
          }
        }
        if (step === 'Impact' && slug !== 'system') {
          const heads = await s.page.locator('.pane__panel-body h3').allTextContents();
          expect(heads.length).toBeGreaterThan(0);
          for (const h of heads) expect(teams).toContain(h.replace(/^Team /, ''));
        }
        expect(await horizontalOverflow(s.page), step).toBe(0);
        expect(await axeViolations(s.page), `${label}, ${step}`).toEqual([]);
        await s.page.evaluate(() => window.scrollTo(0, 0));
        await s.page.screenshot({
          path: join(SCREENSHOTS, `pane-${width}-role-${slug}-${step.toLowerCase()}.png`),
        });
      }
    },
    240_000,
  );

  it('logged nothing, threw nothing, sent nothing anywhere', () => {
    expectClean(s.seen);
  });
});
