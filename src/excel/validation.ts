/**
 * A plan's drop-downs (SheetPlan.validations) through Office.js: a list rule with the in-cell
 * drop-down, blanks allowed, other entries refused with a sentence that says what to type.
 * The same words as the file writer (src/files/xlsx/write/validations.ts).
 */
import type { ListValidation } from '../core/plans/types';
import { listError } from '../core/plans/validation';

/** Queue one drop-down on its range (nothing is sent until the next sync). */
export function setListValidation(range: Excel.Range, v: ListValidation): void {
  const dv = range.dataValidation;
  const source = v.source ? `=${v.source}` : (v.values ?? []).join(',');
  dv.rule = { list: { inCellDropDown: true, source } };
  dv.ignoreBlanks = true;
  dv.errorAlert = {
    showAlert: true,
    style: 'Stop',
    title: 'Pick from the list',
    message: listError(v),
  };
  if (v.prompt) dv.prompt = { showPrompt: true, title: v.prompt.title, message: v.prompt.message };
}
