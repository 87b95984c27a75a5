/**
 * How each output sheet prints: one place for the rule. A plan that sets `print` itself keeps
 * it; every other sheet of ours prints landscape, shrunk to one page across, its frozen header
 * rows repeated on every page. The Goal Template is a form: portrait, on one page.
 */
import type { OutputSheetKey } from './names';
import { type PrintPlan, type SheetPlan, withPlan } from './types';
import { withAlignedLabels } from './align';
import { fitWidths } from './widths';

/** Printed pages say which sheet they are (left) and their page (centre), in Excel's codes. */
export const PRINT_HEADER = '&L&A&RThroughline';
export const PRINT_FOOTER = '&CPage &P of &N';

const BY_KEY: Partial<Record<OutputSheetKey, PrintPlan>> = {
  'goal-template': { orientation: 'portrait', fitWidth: 1, fitHeight: 1 },
};

/**
 * The print settings of a plan.
 *
 * @param plan an output sheet's plan
 * @returns its own settings, the settings for its key, or the default
 */
export function printFor(plan: SheetPlan): PrintPlan {
  if (plan.print) return plan.print;
  const byKey = BY_KEY[plan.key as OutputSheetKey];
  if (byKey) return byKey;
  const rows = plan.freeze?.rows ?? 0;
  return {
    orientation: 'landscape',
    fitWidth: 1,
    fitHeight: 0,
    ...(rows > 0 ? { titleRows: { first: rows, last: rows } } : {}),
  };
}

/**
 * Every plan with its print settings filled in, its headers and names fitted (widths.ts) and
 * its labels aligned with their values (align.ts).
 */
export function withPrintSettings(plans: SheetPlan[]): SheetPlan[] {
  return plans.map((p) => withAlignedLabels(fitWidths(withPlan(p, { print: printFor(p) }))));
}
