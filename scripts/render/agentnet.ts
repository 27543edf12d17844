/**
 * AgentNet-style tasks (the OpenCUA data layout) from our trajectories and their rendered
 * screenshots: per trajectory the intent and per step the screenshot, the action as pyautogui
 * code with coordinates normalised to the screenshot, the accessibility tree as text, and our ids
 * back to the raw events. Pure: the renderer supplies screenshots and mapped actions.
 *
 * AgentNet's annotation fields we have no source for (observation, thought, reflection: written
 * by people or a model there) are empty strings; `last_step_correct`/`last_step_redundant` are
 * true/false (a recorded human step is taken as it was). docs/pixels.md describes every field.
 */
import type { Trajectory } from '../../shared/trajectory';
import { terminateCode } from './pyautogui';
import type { RenderedEnd, RenderedStep } from './types';

export interface AgentNetStep {
  index: number;
  /** Screenshot path relative to the output folder. */
  image: string;
  value: {
    observation: string;
    thought: string;
    action: string;
    code: string;
    last_step_correct: boolean;
    last_step_redundant: boolean;
    reflection: string;
  };
  /** Ours: the accessibility tree at the step (target line marked `[target]`), surrogate values. */
  axtree: string;
  /** Ours: how faithful `code` is and why (docs/pixels.md). */
  fidelity: RenderedStep['action']['fidelity'];
  note: string | null;
  /** Ours: the target's box and the pointer in screenshot pixels. */
  box: RenderedStep['box'];
  pointer: RenderedStep['pointer'];
  /** Ours: back to the bundle (session, trajectory, step, event ranges); null on the closing step. */
  source: {
    session_id: string;
    trajectory_id: string;
    step_index: number | null;
    action_type: string;
    events: RenderedStep['events'];
  };
}

export interface AgentNetTask {
  task_id: string;
  instruction: string;
  natural_language_task: string;
  actual_task: string;
  task_completed: boolean | null;
  traj: AgentNetStep[];
  /** Ours: the screenshot's size in pixels (coordinates in `code` are fractions of it). */
  resolution: [number, number] | null;
  /** Steps left out (no user input to map, or no screenshot), with why. */
  skipped: { step_index: number; reason: string }[];
}

export function toAgentNet(
  t: Trajectory,
  rendered: readonly RenderedStep[],
  end: RenderedEnd | undefined,
  sizes: ReadonlyMap<string, { width: number; height: number }>,
  surrogate: (s: string) => string,
): AgentNetTask {
  const byIndex = new Map(rendered.filter((r) => r.trajectoryId === t.id).map((r) => [r.stepIndex, r]));
  const traj: AgentNetStep[] = [];
  const skipped: AgentNetTask['skipped'] = [];
  for (const step of t.steps) {
    const r = byIndex.get(step.index);
    if (!r) {
      skipped.push({ step_index: step.index, reason: 'not rendered' });
      continue;
    }
    if (r.action.fidelity === 'none') {
      skipped.push({ step_index: step.index, reason: r.action.note ?? 'no user input' });
      continue;
    }
    traj.push({
      index: traj.length,
      image: r.screenshot,
      value: {
        observation: '',
        thought: '',
        action: r.action.description,
        code: r.action.code,
        last_step_correct: true,
        last_step_redundant: false,
        reflection: '',
      },
      axtree: surrogate(step.observation.axtree),
      fidelity: r.action.fidelity,
      note: r.action.note,
      box: r.box,
      pointer: r.pointer,
      source: {
        session_id: t.sessionId,
        trajectory_id: t.id,
        step_index: step.index,
        action_type: step.action.type,
        events: step.events,
      },
    });
  }
  const close = terminateCode(t.outcome);
  if (close && end) {
    traj.push({
      index: traj.length,
      image: end.screenshot,
      value: {
        observation: '',
        thought: '',
        action: t.outcome === 'done' ? 'The task is done' : 'The task was given up',
        code: close,
        last_step_correct: true,
        last_step_redundant: false,
        reflection: '',
      },
      axtree: '',
      fidelity: 'exact',
      note: null,
      box: null,
      pointer: null,
      source: {
        session_id: t.sessionId,
        trajectory_id: t.id,
        step_index: null,
        action_type: 'terminate',
        events: [],
      },
    });
  }
  const first = traj[0] ? sizes.get(traj[0].image) : undefined;
  const intent = surrogate(t.intent ?? '');
  return {
    task_id: t.id,
    instruction: intent,
    natural_language_task: intent,
    actual_task: intent,
    task_completed: t.outcome === 'done' ? true : t.outcome === 'abandoned' ? false : null,
    traj,
    resolution: first ? [first.width, first.height] : null,
    skipped,
  };
}
