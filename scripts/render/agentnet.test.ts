import { describe, expect, it } from 'vitest';
import type { Step, Trajectory } from '../../shared/trajectory';
import { toAgentNet } from './agentnet';
import type { RenderedStep } from './types';

const step = (index: number, type: 'click' | 'submit'): Step => ({
  index,
  action: type === 'click' ? { type, button: 'left', x: 1, y: 1, via: 'pointer' } : { type, via: 'script' },
  target: null,
  observation: {
    url: null,
    title: null,
    tabId: 1,
    viewport: null,
    html: '',
    axtree: '- button "[PERSON_NAME:aaaaaa]"',
    targetUid: null,
    candidates: [],
  },
  friction: { thinkTimeMs: null, corrections: 0, backtrack: null, tabSwitches: 0 },
  startedAt: index,
  endedAt: index,
  tabId: 1,
  events: [{ stream: 'tab:1', from: index, to: index, count: 1 }],
});

const traj: Trajectory = {
  schemaVersion: '1.0.0',
  id: 's1:t0',
  sessionId: 's1',
  index: 0,
  intent: 'Write to [PERSON_NAME:aaaaaa]',
  intentSource: 'marker',
  taskId: null,
  outcome: 'done',
  boundary: { start: 'marker', end: 'marker' },
  startedAt: 0,
  endedAt: 9,
  steps: [step(0, 'click'), step(1, 'submit')],
  refinements: [],
};

const rendered = (stepIndex: number, fidelity: RenderedStep['action']['fidelity']): RenderedStep => ({
  sessionId: 's1',
  trajectoryId: 's1:t0',
  stepIndex,
  events: [],
  actionType: 'click',
  at: stepIndex,
  screenshot: `screens/${stepIndex}.png`,
  box: null,
  boxSource: null,
  recordedBox: null,
  iou: null,
  pointer: { x: 1, y: 1 },
  action: {
    code: fidelity === 'none' ? '' : 'pyautogui.click(x=0.1, y=0.1)',
    description: 'Click',
    fidelity,
    note: null,
  },
});

describe('toAgentNet', () => {
  const task = toAgentNet(
    traj,
    [rendered(0, 'exact'), rendered(1, 'none')],
    { trajectoryId: 's1:t0', screenshot: 'screens/end.png', at: 10 },
    new Map([['screens/0.png', { width: 1280, height: 800 }]]),
    (s) => s.replace('[PERSON_NAME:aaaaaa]', 'Alex Example'),
  );

  it('writes the intent and steps with surrogate values, ids back to the events, and a closing terminate', () => {
    expect(task.instruction).toBe('Write to Alex Example');
    expect(task.task_completed).toBe(true);
    expect(task.resolution).toEqual([1280, 800]);
    expect(task.traj.map((s) => s.value.code)).toEqual([
      'pyautogui.click(x=0.1, y=0.1)',
      'computer.terminate(status="success")',
    ]);
    expect(task.traj[0]?.image).toBe('screens/0.png');
    expect(task.traj[0]?.axtree).toBe('- button "Alex Example"');
    expect(task.traj[0]?.source).toMatchObject({
      session_id: 's1',
      trajectory_id: 's1:t0',
      step_index: 0,
      events: [{ stream: 'tab:1', from: 0 }],
    });
    expect(task.traj[1]?.image).toBe('screens/end.png');
  });

  it('leaves out steps without a user input, and says why', () => {
    expect(task.skipped).toEqual([{ step_index: 1, reason: 'no user input' }]);
  });
});
