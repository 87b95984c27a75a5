/**
 * LibreOffice headless as the independent spreadsheet engine: it opens an .xlsx, RECALCULATES
 * every formula (a private profile sets OOXMLRecalcMode = 0, "always"; by default LibreOffice
 * shows the cached results stored in the file, which would prove nothing), saves it again, and
 * the recalculated values are read back with exceljs.
 *
 * Calls are serialised (one soffice at a time, across test workers too, via a lock directory)
 * because two instances fight over the same resources and each takes about 4 s anyway.
 */
import { spawn, spawnSync } from 'node:child_process';
import { promises as fs, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import type { CellValue } from '../../src/core/types';
import { cellFormula, cellValue, isDate1904 } from '../../src/files/xlsx/read/xlsx-read';

const RECALC_XCU = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

let sofficePath: string | null | undefined;

/** The soffice executable, or null when LibreOffice is not installed. */
export function findSoffice(): string | null {
  if (sofficePath !== undefined) return sofficePath;
  const r = spawnSync('sh', ['-c', 'command -v soffice || command -v libreoffice'], {
    encoding: 'utf8',
  });
  sofficePath = r.status === 0 && r.stdout.trim() ? r.stdout.trim().split('\n')[0] : null;
  return sofficePath;
}

/** Why LibreOffice tests are skipped, or null when they can run (use with describe.skipIf). */
export function libreOfficeSkipReason(): string | null {
  return findSoffice()
    ? null
    : 'LibreOffice (soffice) is not installed: install libreoffice-calc-nogui to run the recalculation tests';
}

/** Skip helper: true when absent, and says why once on stderr. */
export function noLibreOffice(): boolean {
  const why = libreOfficeSkipReason();
  if (why) process.stderr.write(`[skipped] ${why}\n`);
  return why !== null;
}

/**
 * One private profile at a fixed place, reused by every call and every run (calls are
 * serialised by the lock), so no profile directories pile up in the temporary folder.
 */
const PROFILE_DIR = path.join(os.tmpdir(), 'throughline-lo-profile-v1');
function profile(): string {
  const xcu = path.join(PROFILE_DIR, 'user', 'registrymodifications.xcu');
  if (!existsSync(xcu)) {
    mkdirSync(path.dirname(xcu), { recursive: true });
    writeFileSync(xcu, RECALC_XCU);
  }
  return PROFILE_DIR;
}

const LOCK_DIR = path.join(os.tmpdir(), 'throughline-soffice.lock');
let chain: Promise<unknown> = Promise.resolve();

/** Cross-process lock: mkdir is atomic; a lock older than 3 minutes is considered stale. */
async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const run = chain.then(async () => {
    for (;;) {
      try {
        await fs.mkdir(LOCK_DIR);
        break;
      } catch {
        const st = await fs.stat(LOCK_DIR).catch(() => null);
        if (st && Date.now() - st.mtimeMs > 180_000)
          await fs.rm(LOCK_DIR, { recursive: true, force: true });
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    try {
      return await fn();
    } finally {
      await fs.rm(LOCK_DIR, { recursive: true, force: true });
    }
  });
  chain = run.catch(() => undefined);
  return run;
}

function runSoffice(args: string[], timeoutMs = 120_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(findSoffice()!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`soffice exited with ${code}: ${err}`));
    });
  });
}

/**
 * Convert an .xlsx with LibreOffice (`soffice --convert-to FORMAT`, under the lock) in a
 * temporary directory, removed after; returns the converted file's bytes.
 * @param profileUrl the -env:UserInstallation profile (null: a fresh one in the directory)
 */
async function convertWithLibreOffice(
  file: string,
  format: 'xlsx' | 'csv',
  profileUrl: string | null,
  timeoutMs?: number,
): Promise<Buffer> {
  if (!findSoffice()) throw new Error(libreOfficeSkipReason()!);
  return withLock(async () => {
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'throughline-lo-'));
    try {
      const input = path.join(work, 'in.xlsx');
      const outDir = path.join(work, 'out');
      await fs.mkdir(outDir);
      await fs.copyFile(file, input);
      const own = profileUrl ?? `file://${path.join(work, 'profile')}`;
      const args = ['--headless', '--norestore', '--convert-to', format, '--outdir', outDir, input];
      await runSoffice([`-env:UserInstallation=${own}`, ...args], timeoutMs);
      return await fs.readFile(path.join(outDir, `in.${format}`));
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  });
}

/**
 * Open an .xlsx in LibreOffice as saved (its own profile: no forced recalculation, which takes
 * minutes on a workbook of hundreds of thousands of formula rows) and return its first sheet as
 * CSV: proof that LibreOffice reads the whole file. Serialised with the other calls.
 */
export async function libreOfficeOpenAsCsv(file: string, timeoutMs = 600_000): Promise<string> {
  return (await convertWithLibreOffice(file, 'csv', null, timeoutMs)).toString('utf8');
}

export interface RecalculatedSheet {
  /** Values from A1 after LibreOffice recalculated (formulas → their new results). */
  values: CellValue[][];
  /** Formula text ("=…", no `_xlfn.`) where LibreOffice kept a formula, else null. */
  formulas: (string | null)[][];
}

/**
 * Open an .xlsx in LibreOffice (recalculating every formula) and save it again as .xlsx;
 * returns the saved bytes. The temporary directory is removed.
 */
export async function libreOfficeRoundTrip(file: string): Promise<Buffer> {
  return convertWithLibreOffice(file, 'xlsx', `file://${profile()}`);
}

/** Recalculate an .xlsx in LibreOffice; sheet name → values and formulas from A1. */
export async function recalculateXlsxDetailed(
  file: string,
): Promise<Map<string, RecalculatedSheet>> {
  const bytes = await libreOfficeRoundTrip(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const date1904 = isDate1904(wb);
  const out = new Map<string, RecalculatedSheet>();
  for (const ws of wb.worksheets) {
    const values: CellValue[][] = [];
    const formulas: (string | null)[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        while (values.length < r) {
          values.push([]);
          formulas.push([]);
        }
        const vr = values[r - 1];
        const fr = formulas[r - 1];
        while (vr.length < c) vr.push(null);
        while (fr.length < c) fr.push(null);
        vr[c - 1] = cellValue(cell, date1904);
        fr[c - 1] = cellFormula(cell);
      });
    });
    out.set(ws.name, { values, formulas });
  }
  return out;
}

/** Recalculate an .xlsx in LibreOffice; sheet name → recalculated values from A1. */
export async function recalculateXlsx(file: string): Promise<Map<string, CellValue[][]>> {
  const detailed = await recalculateXlsxDetailed(file);
  return new Map([...detailed].map(([name, s]) => [name, s.values]));
}
