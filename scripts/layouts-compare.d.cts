/** Types of scripts/layouts-compare.cjs (plain JS so `npm run detect:layouts` runs without a build step). */
export interface Layout {
  slug: string;
  folder: string;
  dataFiles: string[];
  dataFile: string | null;
  expectedPath: string;
  sourcePath: string;
  expected: Expected | null;
}
/** A layout's expected.json: a version 2 config (the parts that matter) plus `accept`, `expectIssue`, `why`. */
export interface Expected {
  version: 2;
  students?: ExpectedSheet[];
  educators?: ExpectedSheet[];
  pd?: ExpectedSheet[];
  accept?: Record<string, unknown>;
  expectIssue?: { row: number };
  why?: Record<string, string>;
}
export type ExpectedSheet = { sheet: string; id: string } & Record<string, unknown>;
export interface Block {
  population: 'students' | 'educators' | 'pd';
  sheet: string;
  format: string;
  id: string | null;
  [key: string]: unknown;
}
export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
  reason: string | null;
}
export const REPO: string;
export const LAYOUTS_DIR: string;
export function listLayouts(dir?: string): Layout[];
export function normalizeConfig(config: unknown): Block[];
export function expectedBlocks(
  expected: Expected,
): { population: 'students' | 'educators' | 'pd'; sheet: string; spec: ExpectedSheet }[];
export function compareLayout(expected: Expected, detectedConfig: unknown): string[];
export function compareExpectedIssue(
  expected: Expected,
  run: { status: number; reason: string | null; report?: unknown },
): string[];
export function messageLines(stderr: string): string[];
export function runCli(args: string[], options?: { timeout?: number }): Omit<CliRun, 'reason'>;
export function printConfig(files: string[]): CliRun & { config: unknown };
export function runJson(files: string[]): CliRun & { report: unknown };
export function detectLayout(layout: Layout): {
  slug: string;
  ok: boolean;
  diffs: string[];
  message: string | null;
};
