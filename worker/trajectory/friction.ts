/**
 * Friction per step: what a step cost the user beyond the action itself.
 *
 * Decisions: think time is measured from the end of the previous step of the same trajectory
 * (null for the first); corrections count deletion runs and undos inside a typed value (a run of
 * Backspaces is one correction); backtracks are undo shortcuts, back navigations and dialogs closed
 * (Escape or a close/cancel button) without any other action in them; tab switches count tab
 * activations and window focus changes since the previous step.
 */
import type { Friction } from '../../shared/trajectory';
import type { Draft } from './actions/state';

export function frictionOf(d: Draft, previous: Draft | null): Friction {
  return {
    thinkTimeMs: previous ? Math.max(0, d.startedAt - previous.endedAt) : null,
    corrections: d.corrections,
    backtrack: d.backtrack,
    tabSwitches: d.tabSwitches,
  };
}
