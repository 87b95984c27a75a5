/**
 * A plan's drop-downs (SheetPlan.validations) through Office.js: a list rule with the in-cell
 * drop-down, blanks allowed, other entries refused with a sentence that says what to type.
 * The same words as the file writer (src/files/validations.ts).
 */
import type { ListValidation } from '../core/plans/types';

/** Queue one drop-down on its range (nothing is sent until the next sync). */
export function setListValidation(range: Excel.Range, v: ListValidation): void {
  const dv = range.dataValidation;
  dv.rule = { list: { inCellDropDown: true, source: v.values.join(',') } };
  dv.ignoreBlanks = true;
  dv.errorAlert = {
    showAlert: true,
    style: 'Stop',
    title: 'Pick from the list',
    message: `Choose ${v.values.join(' or ')}, or leave the cell empty.`,
  };
  if (v.prompt) dv.prompt = { showPrompt: true, title: v.prompt.title, message: v.prompt.message };
}
