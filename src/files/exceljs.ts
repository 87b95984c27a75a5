/**
 * exceljs, loaded on first use: it takes about 0.2 s to load, which a CSV-only `--json` run
 * never needs (`npm run bench` times that run end to end).
 */
import type ExcelJSModule from 'exceljs';

let loaded: typeof ExcelJSModule | null = null;

export function excelJs(): typeof ExcelJSModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('exceljs') as typeof ExcelJSModule;
  return loaded;
}
