// The cumulative level model: choosing level N means levels 1..N hold. One function decides, for each
// of the five steps, whether it is the chosen one, included below it, or above it, for rendering and tests.
import { LEVEL_COUNT } from './protocol';

export type StepState = 'chosen' | 'included' | 'above' | 'empty';

export interface Step {
  level: number;
  state: StepState;
  /** 0..1: how much of the staircase this step reaches (level / 5) */
  height: number;
}

/** The five steps for a chosen level (null: nothing chosen, every step 'empty'). */
export function cumulativeSteps(chosen: number | null): Step[] {
  const steps: Step[] = [];
  for (let level = 1; level <= LEVEL_COUNT; level++) {
    let state: StepState = 'empty';
    if (chosen !== null) state = level === chosen ? 'chosen' : level < chosen ? 'included' : 'above';
    steps.push({ level, state, height: level / LEVEL_COUNT });
  }
  return steps;
}

/** Desired minus current, or null when either is missing. */
export function gapOf(current: number | null | undefined, desired: number | null | undefined): number | null {
  return current && desired ? desired - current : null;
}
