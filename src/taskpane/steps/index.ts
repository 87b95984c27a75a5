/**
 * The pane's steps, in order. A new step (Progress, Role views …) is a module exporting a
 * PaneStep (steps/types.ts) and one line here.
 */
import { alignmentStep } from './alignment';
import { dataStep } from './data';
import { goalsStep } from './goals';
import { impactStep } from './impact';
import { progressStep } from './progress';
import type { PaneStep } from './types';

export type { PaneStep } from './types';

export const PANE_STEPS: readonly PaneStep[] = [
  dataStep,
  goalsStep,
  alignmentStep,
  impactStep,
  progressStep,
];
