/**
 * Excel.Range.dataValidation (ExcelApi 1.8), write-only and strict: a rule must be one of
 * Excel's kinds with the fields its interface has; a list's source is a non-empty string of at
 * most 255 characters (Excel's limit on a list typed into the rule); an alert or prompt title is
 * at most 32 characters and its message at most 255 (Excel refuses longer ones). Reading a
 * property back throws, as it is not loaded. Recorded in the sheet's `dataValidations`.
 */
import { boxAddress } from './address';
import { SimulatedExcelError, ErrorCodes, propertyNotLoaded } from './errors';
import type { DataValidationModel } from './model';
import type { RangeProxy, RangeTarget } from './range';

const RULE_KINDS: Record<string, string[]> = {
  list: ['inCellDropDown', 'source'],
  custom: ['formula'],
  wholeNumber: ['formula1', 'formula2', 'operator'],
  decimal: ['formula1', 'formula2', 'operator'],
  textLength: ['formula1', 'formula2', 'operator'],
  date: ['formula1', 'formula2', 'operator'],
  time: ['formula1', 'formula2', 'operator'],
};

function invalid(why: string): SimulatedExcelError {
  return new SimulatedExcelError(
    ErrorCodes.invalidArgument,
    `The argument is invalid or missing or has an incorrect format. (dataValidation: ${why})`,
  );
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkKeys(v: Record<string, unknown>, allowed: string[], what: string): void {
  for (const k of Object.keys(v))
    if (!allowed.includes(k)) throw invalid(`${what} has no property "${k}"`);
}

function checkRule(rule: unknown): void {
  if (!isObject(rule)) throw invalid('rule must be an object');
  const kinds = Object.keys(rule);
  if (kinds.length !== 1 || !RULE_KINDS[kinds[0]])
    throw invalid(`rule must have exactly one of ${Object.keys(RULE_KINDS).join(', ')}`);
  const body = rule[kinds[0]];
  if (!isObject(body)) throw invalid(`rule.${kinds[0]} must be an object`);
  checkKeys(body, RULE_KINDS[kinds[0]], `rule.${kinds[0]}`);
  if (kinds[0] !== 'list') return;
  if (typeof body.source !== 'string' || body.source.length === 0 || body.source.length > 255)
    throw invalid('rule.list.source must be text of 1 to 255 characters');
  if (body.inCellDropDown !== undefined && typeof body.inCellDropDown !== 'boolean')
    throw invalid('rule.list.inCellDropDown must be true or false');
}

function checkMessage(v: unknown, flag: string, extra: string[], what: string): void {
  if (!isObject(v)) throw invalid(`${what} must be an object`);
  checkKeys(v, [flag, 'title', 'message', ...extra], what);
  if (typeof v[flag] !== 'boolean') throw invalid(`${what}.${flag} must be true or false`);
  if (v.title !== undefined && (typeof v.title !== 'string' || v.title.length > 32))
    throw invalid(`${what}.title must be text of at most 32 characters`);
  if (v.message !== undefined && (typeof v.message !== 'string' || v.message.length > 255))
    throw invalid(`${what}.message must be text of at most 255 characters`);
  if (v.style !== undefined && !['Stop', 'Warning', 'Information'].includes(v.style as string))
    throw invalid(`${what}.style must be Stop, Warning or Information`);
}

/** The validation of a range's exact box (a new one if none); another box overlapping it is not simulated. */
function validationOf(t: RangeTarget): DataValidationModel {
  const address = boxAddress(t.box);
  const found = t.sheet.dataValidations.find((v) => v.address === address);
  if (found) return found;
  const b = t.box;
  for (const v of t.sheet.dataValidations) {
    const o = v.box;
    if (
      o.row < b.row + b.rowCount &&
      b.row < o.row + o.rowCount &&
      o.column < b.column + b.columnCount &&
      b.column < o.column + o.columnCount
    )
      throw new TypeError(
        `The Excel simulator does not support a data validation on ${address} overlapping the one on ${v.address}`,
      );
  }
  const made: DataValidationModel = {
    address,
    box: { ...b },
    rule: null,
    ignoreBlanks: true,
    errorAlert: null,
    prompt: null,
  };
  t.sheet.dataValidations.push(made);
  return made;
}

export class DataValidationProxy {
  constructor(private readonly range: RangeProxy) {}
  private queue(prop: string, value: unknown, apply: (v: DataValidationModel) => void): void {
    this.range.queueOn(`dataValidation.${prop}`, value, (t) => {
      if (t.sheet.protected)
        throw new SimulatedExcelError(
          ErrorCodes.accessDenied,
          `The cell or chart you're trying to change is on a protected sheet. (${t.sheet.name})`,
        );
      apply(validationOf(t));
    });
  }
  set rule(v: unknown) {
    checkRule(v);
    this.queue('rule', v, (m) => void (m.rule = structuredClone(v) as Record<string, unknown>));
  }
  set ignoreBlanks(v: unknown) {
    if (typeof v !== 'boolean') throw invalid('ignoreBlanks must be true or false');
    this.queue('ignoreBlanks', v, (m) => void (m.ignoreBlanks = v));
  }
  set errorAlert(v: unknown) {
    checkMessage(v, 'showAlert', ['style'], 'errorAlert');
    this.queue(
      'errorAlert',
      v,
      (m) => void (m.errorAlert = structuredClone(v) as Record<string, unknown>),
    );
  }
  set prompt(v: unknown) {
    checkMessage(v, 'showPrompt', [], 'prompt');
    this.queue('prompt', v, (m) => void (m.prompt = structuredClone(v) as Record<string, unknown>));
  }
  get rule(): never {
    throw propertyNotLoaded('rule');
  }
}
