/**
 * Which windows a measure has and which two are pre and post, from a v1 or v2 config: one
 * place for the rule "with `windows`, pre/post name windows (default first → last); without,
 * they are column headers (wide) or window values (long)".
 */
import type {
  EducatorSheetConfig,
  MeasureConfig,
  PracticeConfig,
  StudentSheetConfig,
  WindowConfig,
} from '../config';
import { ConfigError } from './validate';

export interface WindowPlan {
  /** Window names, in order. */
  names: string[];
  /** Per window: the column (wide) or the window column's value (long). */
  refs: string[];
  /** Index of the pre and post windows in `names`. */
  pre: number;
  post: number;
}

function pick(windows: WindowConfig[], name: string | undefined, fallback: number, where: string) {
  if (name === undefined || name === null) return fallback;
  const i = windows.findIndex((w) => w.name === name);
  if (i < 0)
    throw new ConfigError(
      'UNKNOWN_WINDOW',
      `${where}: "${name}" is not one of the windows (${windows.map((w) => `"${w.name}"`).join(', ')}); name one of them or leave it out (first → last).`,
    );
  return i;
}

function fromList(
  windows: WindowConfig[],
  ref: (w: WindowConfig) => string | undefined,
  pre: string | undefined,
  post: string | undefined,
  where: string,
): WindowPlan {
  if (windows.length < 2)
    throw new ConfigError(
      'CONFIG_TYPE',
      `${where}.windows: list at least two windows (got ${windows.length}).`,
    );
  return {
    names: windows.map((w) => w.name),
    refs: windows.map((w) => ref(w) ?? ''),
    pre: pick(windows, pre, 0, `${where}.pre`),
    post: pick(windows, post, windows.length - 1, `${where}.post`),
  };
}

/** Wide layout: the measure's windows (v2 `windows` with columns, or v1 pre/post headers). */
export function wideWindows(m: MeasureConfig | PracticeConfig, where: string): WindowPlan {
  if (m.windows?.length) return fromList(m.windows, (w) => w.column, m.pre, m.post, where);
  return { names: [m.pre ?? '', m.post ?? ''], refs: [m.pre ?? '', m.post ?? ''], pre: 0, post: 1 };
}

/** Long layout: the sheet's windows (v2 `windows` with values, or v1 pre/post values). */
export function longWindows(
  cfg: StudentSheetConfig | EducatorSheetConfig,
  where: string,
): WindowPlan {
  if (cfg.windows?.length)
    return fromList(cfg.windows, (w) => w.value ?? w.name, cfg.pre, cfg.post, where);
  return {
    names: [cfg.pre ?? '', cfg.post ?? ''],
    refs: [cfg.pre ?? '', cfg.post ?? ''],
    pre: 0,
    post: 1,
  };
}
