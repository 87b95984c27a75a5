/**
 * The words of a drop-down (SheetPlan.validations), the same in both adapters: what the list is
 * (written values or a range of cells) and the sentence shown when something else is typed.
 */
import type { ListValidation } from './types';

/** The list as a data-validation formula: `"Y,N"` for written values, the range for a source. */
export function listFormula(v: ListValidation): string {
  return v.source ?? `"${(v.values ?? []).join(',')}"`;
}

/** What the person is told when a typed value is not in the list. */
export function listError(v: ListValidation): string {
  return v.values
    ? `Choose ${v.values.join(' or ')}, or leave the cell empty.`
    : 'Choose a name from the list.';
}
