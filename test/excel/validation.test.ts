/**
 * Drop-downs through the Office.js adapter (range.dataValidation), against the strict simulator:
 * what the adapter sets, and what the simulator refuses as Excel would.
 */
import { describe, expect, it } from '@jest/globals';
import type { SheetPlan } from '../../src/core/plans/types';
import { STATE, adapterFor, newSim } from './fixtures';

const plan: SheetPlan = {
  key: 'suggested-goals',
  name: 'Suggested Goals',
  cells: [
    ['Pick Y in "Adopt" for the goals you keep.', null],
    ['Adopt', 'ID'],
    ['Y', 'S1'],
    [null, 'S2'],
    [null, 'S3'],
  ],
  validations: [
    {
      rect: { row: 3, column: 1, rowCount: 3, columnCount: 1 },
      values: ['Y', 'N'],
      prompt: { title: 'Adopt this goal?', message: 'Y keeps it.' },
    },
  ],
};

describe('drop-downs in the add-in', () => {
  it('a plan’s list validation is set on exactly its cells, with the same words as the file', async () => {
    const sim = newSim();
    await adapterFor(sim).render([plan], { state: STATE });
    expect(sim.details('Suggested Goals').dataValidations).toEqual([
      {
        address: 'A3:A5',
        box: { row: 2, column: 0, rowCount: 3, columnCount: 1 },
        rule: { list: { inCellDropDown: true, source: 'Y,N' } },
        ignoreBlanks: true,
        errorAlert: {
          showAlert: true,
          style: 'Stop',
          title: 'Pick from the list',
          message: 'Choose Y or N, or leave the cell empty.',
        },
        prompt: { showPrompt: true, title: 'Adopt this goal?', message: 'Y keeps it.' },
      },
    ]);
    // The cells themselves are unchanged: a Y stays a Y, blanks stay blank.
    expect(sim.cell('Suggested Goals', 'A3')?.v).toBe('Y');
    expect(sim.cell('Suggested Goals', 'A4')?.v ?? null).toBeNull();
  });

  it('the simulator refuses what Excel refuses, and what it does not model', async () => {
    const sim = newSim();
    await sim.Excel.run(async (context) => {
      const ws = context.workbook.worksheets.add('V');
      const dv = ws.getRange('A1:A3').dataValidation as unknown as Record<string, unknown>;
      // A list longer than Excel's 255 characters, two kinds at once, an unknown field.
      expect(() => (dv.rule = { list: { source: 'Y,'.repeat(128) + 'N' } })).toThrow(/255/);
      expect(() => (dv.rule = { list: { source: 'Y' }, custom: { formula: '=1' } })).toThrow(
        /exactly one/,
      );
      expect(() => (dv.rule = { list: { source: 'Y', dropDown: true } })).toThrow(/dropDown/);
      // Titles over 32 characters, an unknown alert style, a rule read back without load.
      expect(() => (dv.prompt = { showPrompt: true, title: 'x'.repeat(33), message: '' })).toThrow(
        /32/,
      );
      expect(
        () => (dv.errorAlert = { showAlert: true, style: 'Loud', title: '', message: '' }),
      ).toThrow(/Stop, Warning or Information/);
      expect(() => dv.rule).toThrow(/not available|load/i);
      dv.rule = { list: { inCellDropDown: true, source: 'Y,N' } };
      // Another validation overlapping it is not something the simulator models: it says so.
      const other = ws.getRange('A2:B2').dataValidation as unknown as Record<string, unknown>;
      other.rule = { list: { source: 'A,B' } };
      await expect(context.sync()).rejects.toThrow(/does not support a data validation on A2:B2/);
    });
  });
});
