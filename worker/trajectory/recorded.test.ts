/** Segmentation of sessions recorded from the demo app by the real extension. */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import schema from '../../shared/schema/trajectory.v1.schema.json';
import type { Step } from '../../shared/trajectory';
import { loadRecorded, type RecordedName } from './fixtures/recorded';
import { segmentSession } from './index';

const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addSchema(schema);
const validTrajectory = ajv.getSchema(`${schema.$id}#/$defs/trajectory`)!;

function segment(name: RecordedName) {
  return segmentSession({ sessionId: name, stored: loadRecorded(name) });
}
const marked = (name: RecordedName) => segment(name).trajectories.filter((t) => t.intentSource === 'marker');
const find = (steps: Step[], type: string, name: string) =>
  steps.find((s) => s.action.type === type && s.target?.name === name);

describe('recorded sessions', () => {
  it.each(['customer-task', 'tickets-task', 'widgets-tabs-task'] as const)(
    '%s: every trajectory validates and every target is in its observation',
    (name) => {
      const { trajectories } = segment(name);
      expect(trajectories.length).toBeGreaterThan(0);
      for (const t of trajectories) {
        expect(validTrajectory(t), JSON.stringify(validTrajectory.errors)).toBe(true);
        for (const s of t.steps) {
          if (!s.target) continue;
          expect(s.observation.targetUid).toBe(s.target.uid);
          expect(s.observation.html).toContain(`uid="${s.target.uid}"`);
          expect(s.observation.axtree).toContain('[target]');
        }
      }
    },
  );

  it('is deterministic', () => {
    expect(JSON.stringify(segment('customer-task'))).toBe(JSON.stringify(segment('customer-task')));
  });

  it('customer form: page-set values edited by the user, a typo corrected, select, check, paste, submit', () => {
    const [task] = marked('customer-task');
    const steps = task?.steps ?? [];
    expect(task?.intent).toBe('Create the customer Pat');
    expect(find(steps, 'select', 'Country')?.action).toMatchObject({ value: 'DE' });
    expect(find(steps, 'check', 'Pro')?.action).toMatchObject({ checked: true });
    expect(find(steps, 'paste', 'Notes')).toBeDefined();
    const save = find(steps, 'click', 'Save customer');
    expect(save?.target?.selectors[0]).toEqual(['[data-testid="customer-save"]']);
    expect(save?.target?.bbox?.width).toBeGreaterThan(0);
    const { refinements } = segment('customer-task');
    expect(refinements.map((r) => r.kind)).toEqual(['assist_edit', 'assist_edit', 'self_correction']);
    expect(refinements[2]).toMatchObject({ proposal: 'Prefers emial', final: 'Prefers email. ' });
    expect(find(steps, 'type', 'Notes')?.friction.corrections).toBeGreaterThan(0);
  });

  it('tickets: typing committed with Enter, double-click, back navigation', () => {
    const [task] = marked('tickets-task');
    const steps = task?.steps ?? [];
    expect(find(steps, 'type', 'Search tickets')?.action).toMatchObject({ value: 'invoice' });
    const types = steps.map((s) => s.action.type);
    expect(types.indexOf('keypress')).toBe(types.indexOf('type') + 1); // Enter right after the typing
    expect(types).toContain('dblclick');
    expect(find(steps, 'click', 'Send reply')).toBeDefined();
    expect(steps.at(-1)?.action.type).toBe('navigate');
  });

  it('widgets: same-origin iframe, shadow DOM, cross-origin frame, scroll and a tab switch', () => {
    const [task] = marked('widgets-tabs-task');
    const steps = task?.steps ?? [];
    expect(find(steps, 'type', 'Note')?.target?.framePath.length).toBeGreaterThan(0);
    expect(find(steps, 'click', 'Rate 4 stars')?.target?.shadowPath.length).toBeGreaterThan(0);
    expect(find(steps, 'type', 'Rating comment')).toBeDefined();
    expect(find(steps, 'click', 'Connect ShipFast')?.target?.framePath.length).toBeGreaterThan(0);
    expect(steps.some((s) => s.action.type === 'scroll')).toBe(true);
    expect(steps.some((s) => s.action.type === 'tab_switch')).toBe(true);
  });
});
