import { parse } from '@puppeteer/replay';
import { describe, expect, it } from 'vitest';
import * as scenarios from '../trajectory/fixtures/scenarios';
import { segmentSession } from '../trajectory/index';
import { toMind2Web } from './mind2web';
import { rawHtmlOfSteps } from './raw-html';
import { createSynthesizer } from './synthetic';
import { toUserFlow } from './userflow';

const all = Object.entries(scenarios).map(([name, make]) => {
  const stored = make().s.stored();
  return { name, stored, ...segmentSession({ sessionId: `s-${name}`, stored }) };
});
const customer = all.find((s) => s.name === 'customerForm')!;

describe('synthetic values', () => {
  it('keep one value per placeholder and tell placeholders of a type apart', () => {
    const s = createSynthesizer();
    expect(s.value('[EMAIL:aaaaaa]')).toBe('user1@example.com');
    expect(s.value('mail [EMAIL:bbbbbb] and [EMAIL:aaaaaa]')).toBe(
      'mail user2@example.com and user1@example.com',
    );
    expect(s.value('[PHONE:cccccc]')).toBe('+1 555 0101');
    expect(s.value('[CREDIT_CARD:dddddd]')).toBe('4242 4242 4242 4242');
    expect(s.value('[PERSON_NAME:eeeeee]')).toBe('Alex Example');
    expect(s.value('[SOME_NEW_TYPE:ffffff]')).toBe('example-some-new-type-1');
    expect(s.value('********')).toBe('Example-Passw0rd!');
    expect(s.value('no placeholder')).toBe('no placeholder');
    expect(s.counts()).toMatchObject({ EMAIL: 2, PHONE: 1 });
  });
});

describe('UserFlow', () => {
  it('parses with @puppeteer/replay for every fixture trajectory', () => {
    for (const s of all)
      for (const t of s.trajectories) expect(() => parse(toUserFlow(t).flow)).not.toThrow();
  });

  it('starts from the viewport and first page and swaps placeholders for synthetic values', () => {
    const { flow, skipped } = toUserFlow(customer.trajectories[0]!);
    expect(flow.steps[0]).toMatchObject({ type: 'setViewport', width: 1280, height: 800 });
    expect(flow.steps[1]).toMatchObject({ type: 'navigate', url: 'http://127.0.0.1:4173/customers/new' });
    const changes = flow.steps
      .filter((s) => s.type === 'change')
      .map((s) => (s.type === 'change' ? s.value : ''));
    expect(changes).toEqual(['Ada Lovelace', 'user1@example.com', 'DE', 'VIP']);
    expect(JSON.stringify(flow)).not.toContain('[EMAIL:');
    const clicks = flow.steps.filter((s) => s.type === 'click');
    expect(clicks.length).toBe(3); // newsletter, plan, save
    for (const c of clicks) if (c.type === 'click') expect(c.selectors[0]?.[0]).toMatch(/^\[data-testid=/);
    expect(skipped).toEqual([]);
  });

  it('leaves out what a replay cannot do, and says why', () => {
    const multi = all.find((s) => s.name === 'multiTab')!;
    const skipped = multi.trajectories.flatMap((t) => toUserFlow(t).skipped);
    expect(skipped.some((s) => s.action === 'tab_switch')).toBe(true);
  });

  it('turns Enter that submitted into key presses', () => {
    const login = all.find((s) => s.name === 'loginThenNavigate')!;
    const steps = login.trajectories.flatMap((t) => toUserFlow(t).flow.steps);
    expect(steps.some((s) => s.type === 'keyDown' && s.key === 'Enter')).toBe(true);
  });
});

describe('Mind2Web', () => {
  it('puts the target in pos_candidates with the uid cleaned_html and raw_html use', () => {
    let actions = 0;
    for (const s of all) {
      const raw = rawHtmlOfSteps(s.stored, s.trajectories);
      for (const t of s.trajectories) {
        const task = toMind2Web(t, (step) => raw.get(step) ?? '');
        expect(task.action_reprs.length).toBe(task.actions.length);
        for (const a of task.actions) {
          actions++;
          const step = t.steps[a.step_index]!;
          const [pos] = a.pos_candidates;
          expect(a.pos_candidates).toHaveLength(1);
          expect(pos?.backend_node_id).toBe(step.target?.uid);
          expect(JSON.parse(pos!.attributes).backend_node_id).toBe(step.target?.uid);
          expect(a.neg_candidates.some((c) => c.backend_node_id === pos?.backend_node_id)).toBe(false);
          if (step.observation.targetUid)
            expect(a.cleaned_html).toContain(`uid="${pos?.backend_node_id}" data-target="true"`);
          if (step.target?.framePath.length === 0 && s.stored.tabs.length > 0 && step.tabId !== null) {
            expect(a.raw_html).toContain(`backend_node_id="${pos?.backend_node_id}"`);
          }
        }
      }
    }
    expect(actions).toBeGreaterThan(20);
  });

  it('maps actions to Mind2Web operations', () => {
    const raw = rawHtmlOfSteps(customer.stored, customer.trajectories);
    const task = toMind2Web(customer.trajectories[0]!, (step) => raw.get(step) ?? '');
    expect(task.confirmed_task).toBe('Create customer Ada Lovelace');
    expect(task.actions.map((a) => `${a.operation.original_op}:${a.operation.value}`)).toEqual([
      'TYPE:Ada Lovelace',
      'TYPE:[EMAIL:k3F9a2]',
      'SELECT:Germany',
      'CLICK:',
      'CLICK:',
      'TYPE:VIP',
      'CLICK:',
    ]);
    expect(task.action_reprs[0]).toBe('[textbox]  Full name -> TYPE: Ada Lovelace');
    const neg = JSON.parse(task.actions[0]!.neg_candidates[0]!.attributes);
    expect(neg.backend_node_id).toMatch(/^p\d+n\d+$/);
  });
});
