/** Everything a run may change in the simulated workbook, to compare before and after. */
import type { Simulator } from '../support/excel-simulator';

/** Cells (values, formulas, number formats), sheet order and visibility, each sheet's objects, table names. */
export function fullState(sim: Simulator) {
  return {
    snapshot: sim.toSnapshot(),
    details: sim.model.sheets.map((s) => sim.details(s.name)),
    tables: sim.model.tables.map((t) => t.name).sort(),
  };
}
