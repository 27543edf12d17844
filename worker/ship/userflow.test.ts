import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../../shared/trajectory';
import * as scenarios from '../trajectory/fixtures/scenarios';
import { segmentSession } from '../trajectory/index';
import { toUserFlow } from './userflow';

const stored = scenarios.customerForm().s.stored();
const [trajectory] = segmentSession({ sessionId: 's', stored }).trajectories;

/** The fixture's trajectory with the first click's selectors replaced. */
function withClickSelectors(selectors: string[][]): { t: Trajectory; index: number } {
  const t = structuredClone(trajectory!);
  const index = t.steps.findIndex((s) => s.action.type === 'click' && s.target);
  const target = t.steps[index]?.target;
  if (!target) throw new Error('fixture has no click with a target');
  target.selectors = selectors;
  return { t, index };
}

describe('UserFlow selectors', () => {
  it('never lists first a selector holding a placeholder (stored trajectories may still have one)', () => {
    const { t } = withClickSelectors([
      ['text/Email [EMAIL:abc123] about the report'],
      ['[data-testid="save"]'],
    ]);
    const mine = toUserFlow(t).flow.steps.flatMap((s) =>
      'selectors' in s && JSON.stringify(s.selectors).includes('data-testid=\\"save\\"') ? [s.selectors] : [],
    );
    expect(mine).toEqual([[['[data-testid="save"]']]]);
  });

  it('skips a step whose every selector holds a placeholder, and says why', () => {
    const { t, index } = withClickSelectors([['text/Hi [PERSON_NAME:abc123]']]);
    const { skipped } = toUserFlow(t);
    expect(skipped).toContainEqual(expect.objectContaining({ stepIndex: t.steps[index]!.index }));
    expect(JSON.stringify(skipped)).toContain('placeholder');
  });
});
