/**
 * Looking at one step of a session page: choosing it in the step list seeks the replay to it
 * (switching tab when it happened in another) and outlines its target; "what ships" opens the
 * exported form of that step under the replay.
 */

import type { StepView } from '../../shared/review';
import { put } from '../ui/dom';
import { worker } from './client';
import type { HighlightTarget } from './player';
import type { SessionPageState } from './session-state';
import { switchTab, tabIndexOf } from './session-tabs';
import { shipsPanel } from './ships-panel';
import type { StepRef } from './step-list';

export function stepOf(state: SessionPageState, ref: StepRef): StepView | undefined {
  return state.view?.trajectories[ref.t]?.steps[ref.s];
}

export function selectStep(state: SessionPageState, ref: StepRef): void {
  const step = stepOf(state, ref);
  if (!step || !state.stored) return;
  switchTab(state, tabIndexOf(state, step.tabId));
  const p = state.player;
  if (!p) return;
  // Seeks at once, also right after a tab switch: a paused Replayer's seek applies the events up to it.
  p.pause(); // a chosen step is for looking at: the playhead must not carry on past it
  p.seekTo(step.startedAt);
  state.steps?.setCurrent(ref, true);
  requestAnimationFrame(() => p.highlight(targetOf(step)));
}

/** Shows what the export holds for this step; closing it gives focus back to the step. */
export async function showShips(state: SessionPageState, ref: StepRef): Promise<void> {
  const { shipsSlot, side } = state.slots;
  const shipped = await worker.shippedStep(state.sessionId, ref.t, ref.s);
  if (!shipped) return;
  const where = `step ${ref.s + 1} of task ${ref.t + 1}`;
  put(
    shipsSlot,
    shipsPanel(shipped, where, () => {
      shipsSlot.replaceChildren();
      side.querySelector<HTMLButtonElement>(`[data-step="${ref.t}:${ref.s}"] .step-btn`)?.focus();
    }),
  );
  shipsSlot.scrollIntoView({ block: 'nearest' });
}

/** The node (or, inside a frame, the frame's node) and box the replay outlines for a step. */
function targetOf(step: StepView): HighlightTarget | null {
  const t = step.target;
  if (!t) return null;
  const id = (uid: string | null) => (uid ? Number(uid.slice(uid.lastIndexOf('n') + 1)) : null);
  const frame = t.framePath[0]?.uid ?? null;
  return {
    nodeId: step.inFrame ? null : id(t.uid),
    bbox: t.bbox,
    frameNodeId: step.inFrame ? id(frame) : null,
  };
}
