/**
 * A plan's drop-downs (SheetPlan.validations) as exceljs data validations: a list of plain values,
 * blank allowed, anything else refused with a sentence that says what to type.
 */
import type ExcelJS from 'exceljs';
import type { ListValidation, Rect } from '../../../core/plans/types';
import { cellAddress } from '../../../core/types';
import { listError, listFormula } from '../../../core/plans/validation';

function rangeRef(rect: Rect): string {
  const a = cellAddress(rect.row, rect.column);
  const b = cellAddress(rect.row + rect.rowCount - 1, rect.column + rect.columnCount - 1);
  return a === b ? a : `${a}:${b}`;
}

/** The exceljs validation of one drop-down. */
export function listValidation(v: ListValidation): ExcelJS.DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [listFormula(v)],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: 'Pick from the list',
    error: listError(v),
    ...(v.prompt
      ? { showInputMessage: true, promptTitle: v.prompt.title, prompt: v.prompt.message }
      : {}),
  };
}

interface DataValidations {
  add(address: string, validation: ExcelJS.DataValidation): void;
}

/** Add a plan's drop-downs to its worksheet. */
export function addValidations(
  ws: ExcelJS.Worksheet,
  validations: readonly ListValidation[] | undefined,
): void {
  // exceljs has `dataValidations` on a worksheet but not in its typings.
  const dv = (ws as unknown as { dataValidations: DataValidations }).dataValidations;
  for (const v of validations ?? []) dv.add(rangeRef(v.rect), listValidation(v));
}
