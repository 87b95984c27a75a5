/**
 * TEST ONLY. Bundled by webpack into e2e-simulator.js only when THROUGHLINE_OFFICE_JS=local
 * (browser tests); production builds have no such entry (test/e2e/production-bundle.e2e.test.ts
 * checks). Loaded by taskpane.html after office.js and before the pane's own bundle.
 *
 * When a test has put its workbook in window.__throughlineE2E (page.addInitScript), this swaps
 * the globals Excel and Office for the strict simulator holding that workbook, so the pane runs
 * as if inside Excel. Without it (the "no Office host" test) nothing changes.
 *
 * Also exposed for the tests: window.__sim (the simulator: toSnapshot(), model, createdWorkbooks) and
 * window.__simControl.syncDelayMs (slows every sync, so a test can cancel mid-run).
 */
import { createSimulator, snapshotFromTables } from '../../support/excel-simulator';
import type { WorkbookSnapshot } from '../../../src/core/snapshot';
import type { RawTable } from '../../../src/core/types';

interface E2eSetup {
  snapshot?: WorkbookSnapshot;
  tables?: RawTable[];
  /** The highest ExcelApi set the simulated Excel has (default 1.8: Excel.createWorkbook). */
  excelApi?: string;
}

type Batch = (context: { sync(): Promise<void> }) => Promise<unknown>;

const page = window as unknown as Record<string, unknown>;
const setup = page.__throughlineE2E as E2eSetup | undefined;

/**
 * Office with the requirement sets of the simulated Excel (Excel.createWorkbook: ExcelApi 1.8).
 * office.js may hold `context` as a property it does not let go of: then its requirements are
 * replaced, or else the global Office becomes an object inheriting from office.js's.
 */
function withRequirements(office: Record<string, unknown>, requirements: unknown): unknown {
  let current: object = {};
  try {
    current = (office.context as object) ?? {};
  } catch {
    // office.js's getter may throw outside Office
  }
  const context = { ...current, requirements };
  try {
    // An accessor that keeps the simulated context: office.js, still setting up outside Office
    // on a slow machine, may assign its own context later (the pane then saw no ExcelApi 1.8).
    Object.defineProperty(office, 'context', {
      configurable: true,
      get: () => context,
      set: () => undefined,
    });
    if (office.context === context) return office;
  } catch {
    // not configurable: below
  }
  try {
    Object.defineProperty(current, 'requirements', {
      configurable: true,
      value: requirements,
    });
    if ((office.context as { requirements?: unknown }).requirements === requirements) return office;
  } catch {
    // not configurable either: below
  }
  return Object.create(office, { context: { value: context, enumerable: true } });
}

if (setup) {
  const sim = createSimulator(setup.snapshot ?? snapshotFromTables(setup.tables ?? []), {
    excelApi: setup.excelApi,
  });
  const control = { syncDelayMs: 0, syncs: 0 };
  const run = (a: unknown, b?: unknown) => {
    const batch = (typeof a === 'function' ? a : b) as Batch;
    return sim.Excel.run(async (context) => {
      const sync = context.sync.bind(context);
      (context as { sync(): Promise<void> }).sync = async () => {
        control.syncs++;
        if (control.syncDelayMs > 0) await new Promise((ok) => setTimeout(ok, control.syncDelayMs));
        return sync();
      };
      return batch(context);
    });
  };
  // The simulated Excel stays the global Excel whatever office.js's later set-up assigns.
  const excel = { ...sim.Excel, run };
  Object.defineProperty(window, 'Excel', {
    configurable: true,
    get: () => excel,
    set: () => undefined,
  });
  const onReady = (callback?: (info: { host: string; platform: string }) => void) =>
    sim.Office.onReady().then((info) => {
      callback?.(info);
      return info;
    });
  // office.js keeps running after this (outside Office it still sets up, and its later code
  // uses its own Office object), so its object is patched rather than replaced.
  const office = (page.Office ?? {}) as Record<string, unknown>;
  office.onReady = onReady;
  office.HostType = { ...((office.HostType as object) ?? {}), ...sim.Office.HostType };
  page.Office = withRequirements(office, sim.Office.context.requirements);
  // office.js, still setting up outside Office on a loaded machine, may redefine the context
  // after this (the pane then sees no requirements): a test calls this before it relies on them.
  page.__simRequirements = () => {
    const o = page.Office as Record<string, unknown>;
    if (
      (o.context as { requirements?: unknown } | undefined)?.requirements !==
      sim.Office.context.requirements
    )
      page.Office = withRequirements(o, sim.Office.context.requirements);
  };
  page.__sim = sim;
  page.__simControl = control;
}
