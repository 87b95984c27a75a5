/**
 * A step of the pane: a button in the step list, the sheets it writes when run alone, and its
 * panel. A new step is one module exporting a PaneStep and one line in steps/index.ts.
 */
import type { PaneContext, StepRun } from '../handlers';

export interface PaneStep extends StepRun {
  /** Its name in the step list and the panel's heading. */
  label: string;
  /** The panel's content, drawn from the store (DOM only; actions call handlers). */
  view(ctx: PaneContext): HTMLElement[];
}
