import { describe, expect, it } from 'vitest';
import type { Action, Step, Trajectory } from '../../shared/trajectory';
import { ORIGIN } from './fixtures/demo';
import { h } from './fixtures/dom';
import { SessionSim } from './fixtures/recorder';
import {
  assistedReply,
  customerForm,
  heuristicSplits,
  loginThenNavigate,
  multiTab,
  searchWithEnter,
  widgets,
} from './fixtures/scenarios';
import { segmentSession } from './index';

function run(s: SessionSim, options = {}) {
  return segmentSession({ sessionId: 'sess', stored: s.stored(), options });
}

function summary(steps: Step[]): string[] {
  return steps.map((st) => {
    const a = st.action;
    const who = st.target?.attributes['data-testid'] ?? st.target?.tag ?? '-';
    switch (a.type) {
      case 'type':
        return `type ${who} ${JSON.stringify(a.value)}`;
      case 'select':
        return `select ${who} ${a.value}`;
      case 'check':
        return `check ${who} ${a.checked}`;
      case 'keypress':
        return `keypress ${who} ${a.combo}${a.count > 1 ? ` x${a.count}` : ''}`;
      case 'navigate':
        return `navigate ${a.url} ${a.transition}`;
      case 'tab_switch':
        return `tab_switch ${a.fromTabId}->${a.tabId}`;
      case 'paste':
        return `paste ${who} ${JSON.stringify(a.text)}`;
      case 'submit':
        return `submit ${who} ${a.via}`;
      case 'scroll':
        return `scroll ${who} ${a.y}`;
      default:
        return `${a.type} ${who}`;
    }
  });
}

function only(trajectories: Trajectory[]): Trajectory {
  expect(trajectories).toHaveLength(1);
  return trajectories[0]!;
}

describe('actions from a marked task on the customer form', () => {
  const { s } = customerForm();
  const t = only(run(s).trajectories);

  it('makes one step per user action, clicks to focus absorbed', () => {
    expect(summary(t.steps)).toEqual([
      'type customer-name "Ada Lovelace"',
      'type customer-email "[EMAIL:k3F9a2]"',
      'select customer-country DE',
      'check customer-newsletter true',
      'check customer-plan-pro true',
      'paste customer-notes "VIP"',
      'click customer-save',
    ]);
    expect(t.intent).toBe('Create customer Ada Lovelace');
    expect(t.intentSource).toBe('marker');
    expect(t.outcome).toBe('done');
  });

  it('keeps the intermediate values of a typo corrected before commit', () => {
    const type = t.steps[0]!.action as Extract<Action, { type: 'type' }>;
    expect(type.values).toEqual(['Ada Lovelacw', 'Ada Lovelac', 'Ada Lovelace']);
    expect(type.from).toBe('');
    expect(type.commit).toBe('focus_change');
    expect(t.steps[0]!.friction.corrections).toBe(1);
    expect(t.refinements).toEqual([
      expect.objectContaining({ kind: 'self_correction', proposal: 'Ada Lovelacw', final: 'Ada Lovelace' }),
    ]);
  });

  it('keeps redacted values as they are', () => {
    expect((t.steps[1]!.action as { value: string }).value).toBe('[EMAIL:k3F9a2]');
  });

  it('records the option label, the submit and the navigation it caused', () => {
    expect(t.steps[2]!.action).toEqual({ type: 'select', value: 'DE', label: 'Germany' });
    expect(t.steps[6]!.action.effects).toEqual({
      submit: true,
      navigation: { url: `${ORIGIN}/customers`, transition: 'link' },
    });
  });

  it('targets the checkbox when its label was clicked', () => {
    const step = t.steps[3]!;
    expect(step.target?.tag).toBe('input');
    expect(step.target?.name).toBe('Subscribe to newsletter');
  });

  it('links every step to the raw events it came from', () => {
    const events = s.tabs.get(1)!.events;
    for (const st of t.steps) {
      expect(st.events.length).toBeGreaterThan(0);
      for (const r of st.events) {
        expect(r.from).toBeLessThanOrEqual(r.to);
        if (r.stream === 'tab:1') {
          expect(events[r.from]!.timestamp).toBeGreaterThanOrEqual(st.startedAt);
          expect(events[r.to]!.timestamp).toBeLessThanOrEqual(st.endedAt);
        }
      }
    }
    // the type step covers its keystrokes and input events
    const first = t.steps[0]!.events.find((r) => r.stream === 'tab:1')!;
    expect(first.count).toBeGreaterThan(20);
  });

  it('measures think time between steps', () => {
    expect(t.steps[0]!.friction.thinkTimeMs).toBeNull();
    expect(t.steps[1]!.friction.thinkTimeMs).toBeGreaterThan(700);
  });
});

describe('Enter', () => {
  it('commits typing without a form: type, then keypress Enter', () => {
    const t = only(run(searchWithEnter().s).trajectories);
    expect(summary(t.steps)).toEqual([
      'type tickets-search "refund"',
      'keypress tickets-search Enter',
      'select tickets-status-filter open',
    ]);
    expect((t.steps[0]!.action as { commit: string }).commit).toBe('enter');
    expect(t.intentSource).toBe('heuristic');
  });

  it('commits typing before an implicit form submission and the page going away', () => {
    const r = run(loginThenNavigate().s);
    expect(r.trajectories).toHaveLength(2);
    const [login, next] = r.trajectories as [Trajectory, Trajectory];
    expect(summary(login.steps)).toEqual([
      'type login-username "dana"',
      'type login-password "********"',
      'submit login-password enter',
    ]);
    expect((login.steps[1]!.action as { commit: string }).commit).toBe('enter');
    expect(login.steps[2]!.action.effects?.navigation?.transition).toBe('form_submit');
    expect(login.outcome).toBe('done');
    expect(login.boundary.end).toBe('submit_navigation');
    expect(summary(next.steps)).toEqual(['click ticket-link-1']);
    expect(next.steps[0]!.action.effects?.navigation?.url).toBe(`${ORIGIN}/tickets/1`);
  });

  it('keeps the typed value when Enter navigates before focus leaves', () => {
    const s = new SessionSim();
    const tab = s.tab(1);
    tab.load(`${ORIGIN}/search`, 'Search', [
      h('input', { type: 'search', 'aria-label': 'Query', 'data-testid': 'q' }),
    ]);
    s.activate(1);
    tab.wait(300).click('q').type('q', 'invoice 77').press('q', 'Enter');
    s.navigation(1, `${ORIGIN}/results`, 'form_submit');
    tab.wait(5).load(`${ORIGIN}/results`, 'Results', [h('p', {}, 'No results')]);
    const t = only(run(s).trajectories);
    expect(summary(t.steps)).toEqual(['type q "invoice 77"', 'keypress q Enter']);
    expect(t.steps[1]!.action.effects?.navigation?.url).toBe(`${ORIGIN}/results`);
  });
});

describe('refinements', () => {
  it('turns a script-filled editor edited by the user into an assist_edit', () => {
    const r = run(assistedReply().s);
    const t = only(r.trajectories);
    expect(summary(t.steps)).toEqual([
      'click reply-suggest',
      'type reply-editor "Thanks for reaching out. We wilrefund you today."',
      'click reply-send',
      'select ticket-status-select closed',
    ]);
    expect(r.refinements).toHaveLength(1);
    const ref = r.refinements[0]!;
    expect(ref).toMatchObject({
      kind: 'assist_edit',
      proposal: 'Thanks for reaching out. We will look into it.',
      final: 'Thanks for reaching out. We wilrefund you today.',
      trajectoryId: t.id,
      stepIndex: 1,
      context: {
        intent: 'Reply to the refund request',
        proposedAfter: { stepIndex: 0, type: 'click', targetName: 'Suggest reply' },
        target: expect.objectContaining({ name: 'Reply', role: 'textbox' }),
      },
    });
    expect(ref.edits[0]).toBe(ref.proposal);
    expect(ref.edits[ref.edits.length - 1]).toBe(ref.final);
  });

  it('turns a page-set input value edited by the user into an assist_edit', () => {
    const r = run(widgets().s);
    const ref = r.refinements.find((x) => x.context.target?.name === 'Programmatic value');
    expect(ref).toMatchObject({ kind: 'assist_edit', proposal: 'set-by-script', final: 'set-by-user' });
    expect(ref?.edits).toEqual(['set-by-script', 'set-by-', 'set-by-user']);
  });

  it('makes none for a page-set value left as it was', () => {
    const s = new SessionSim();
    const tab = s.tab(1);
    tab.load(`${ORIGIN}/x`, 'X', [
      h('input', { 'aria-label': 'Name', 'data-testid': 'n' }),
      h('button', { 'data-testid': 'b' }, 'Go'),
    ]);
    tab.wait(100).click('b');
    tab.setByPage('n', 'Grace Hopper');
    tab.wait(500).click('b');
    expect(run(s).refinements).toEqual([]);
  });
});

describe('frames and shadow DOM', () => {
  const r = run(widgets().s);
  const t = only(r.trajectories);

  it('segments actions in a same-origin iframe, a cross-origin frame stream and a shadow root', () => {
    expect(summary(t.steps)).toEqual([
      'type note-input "call back"',
      'click note-save',
      'click partner-button',
      'click rating-star-3',
      'type rating-comment "Great"',
      'click rating-submit',
      'click programmatic-set',
      'type programmatic-input "set-by-user"',
      'keypress programmatic-input Tab',
    ]);
  });

  it('gives frame paths: same-origin by the iframe in the mirror, cross-origin by URL', () => {
    const note = t.steps[0]!.target!;
    expect(note.framePath).toHaveLength(1);
    expect(note.framePath[0]!.selectors[0]).toEqual(['[data-testid="widgets-frame-notes"]']);
    expect(note.framePath[0]!.index).toBe(0);
    expect(note.selectors).toContainEqual(['xpath///*[@id="note"]']);
    const partner = t.steps[2]!.target!;
    expect(partner.framePath).toEqual([
      expect.objectContaining({ index: 1, url: 'http://localhost:4173/partner.html' }),
    ]);
    expect(partner.framePath[0]!.selectors[0]).toEqual(['[data-testid="widgets-frame-partner"]']);
    expect(partner.uid.startsWith('p1n')).toBe(true);
  });

  it('pierces shadow roots with selector steps and has no xpath there', () => {
    const star = t.steps[3]!.target!;
    expect(star.shadowPath).toHaveLength(1);
    expect(star.selectors[0]).toEqual(['[data-testid="rating-widget"]', '[data-testid="rating-star-3"]']);
    expect(star.selectors).toContainEqual(['aria/Rate 3 stars[role="button"]']);
    expect(star.selectors.some((sel) => sel.some((x) => x.startsWith('xpath/')))).toBe(false);
    expect(star.name).toBe('Rate 3 stars');
  });

  it('has no geometry where capture does not listen (same-origin iframe) and has it elsewhere', () => {
    expect(t.steps[0]!.target!.bbox).toBeNull();
    const star = t.steps[3]!.target!;
    expect(star.bbox).toEqual({ x: 20, y: expect.any(Number), width: 160, height: 24 });
    expect(star.viewport).toEqual({ width: 1280, height: 800 });
    expect(star.devicePixelRatio).toBe(2);
  });
});

describe('multi-tab work', () => {
  const t = only(run(multiTab().s).trajectories);

  it('covers dblclick, merged scroll, keypress, undo, tab switches, navigate and back', () => {
    expect(summary(t.steps)).toEqual([
      'dblclick tickets-count',
      'scroll - 600',
      'keypress tickets-search Escape',
      'keypress tickets-search Control+z',
      'tab_switch 1->2',
      `navigate ${ORIGIN}/customers/new typed`,
      'type customer-name "Tom"',
      'tab_switch 2->1',
      'click ticket-link-2',
      `navigate ${ORIGIN}/tickets link`,
    ]);
    expect(t.outcome).toBe('abandoned');
  });

  it('records friction: undo, back navigation and tab switches', () => {
    expect(t.steps[3]!.friction.backtrack).toBe('undo');
    expect(t.steps[9]!.friction.backtrack).toBe('back_navigation');
    expect(t.steps[4]!.friction.tabSwitches).toBe(1);
    expect(t.steps[7]!.friction.tabSwitches).toBe(1);
    expect(t.steps[4]!.tabId).toBe(2);
    const scroll = t.steps[1]!.action as Extract<Action, { type: 'scroll' }>;
    expect(scroll.deltaY).toBe(600);
  });

  it('gives each tab its own uids', () => {
    expect(t.steps[6]!.target!.uid).toMatch(/^p1n/);
    expect(t.steps[8]!.target!.uid).toMatch(/^p0n/);
  });
});

describe('more reductions', () => {
  it('turns Enter/Space on a focused button into a keyboard click', () => {
    const s = new SessionSim();
    const tab = s.tab(1);
    tab.load(`${ORIGIN}/x`, 'X', [h('button', { type: 'button', 'data-testid': 'go' }, 'Go')]);
    tab.focus(tab.id('go'));
    tab.press('go', 'Enter');
    tab.wait(1);
    tab.layout('click', tab.id('go'));
    const t = only(run(s).trajectories);
    expect(t.steps.map((x) => x.action)).toEqual([
      { type: 'click', button: 'left', x: null, y: null, via: 'keyboard' },
    ]);
  });

  it('ignores clicks scripts make (no capture event) and merges repeated keys', () => {
    const s = new SessionSim();
    const tab = s.tab(1);
    tab.load(`${ORIGIN}/x`, 'X', [
      h('ul', { role: 'listbox', tabindex: '0', 'data-testid': 'list' }, h('li', { role: 'option' }, 'A')),
    ]);
    tab.wait(10).press('list', 'ArrowDown').press('list', 'ArrowDown').press('list', 'ArrowDown');
    // a scripted el.click(): rrweb sees a Click, capture emits no layout
    tab.events.push({
      type: 3,
      data: { source: 2, type: 2, id: tab.id('list'), x: 0, y: 0 },
      timestamp: tab.clock.tick(5),
    });
    const t = only(run(s).trajectories);
    expect(summary(t.steps)).toEqual(['keypress list ArrowDown x3']);
  });

  it('uses rrweb clicks alone in streams without capture events', () => {
    const s = new SessionSim();
    const tab = s.tab(1, { capture: false });
    tab.load(`${ORIGIN}/x`, 'X', [h('button', { type: 'button', 'data-testid': 'go' }, 'Go')]);
    tab.wait(10).click('go');
    expect(summary(only(run(s).trajectories).steps)).toEqual(['click go']);
  });

  it('marks closing a dialog without acting as a backtrack', () => {
    const s = new SessionSim();
    const tab = s.tab(1);
    tab.load(`${ORIGIN}/x`, 'X', [
      h('button', { type: 'button', 'data-testid': 'open' }, 'Delete'),
      h(
        'div',
        { role: 'dialog', 'aria-label': 'Confirm' },
        h('button', { type: 'button', 'data-testid': 'cancel' }, 'Cancel'),
      ),
    ]);
    tab.wait(10).click('open').wait(500).click('cancel');
    const t = only(run(s).trajectories);
    expect(t.steps.map((x) => x.friction.backtrack)).toEqual([null, 'dialog_dismissed']);
  });

  it('keeps a click into a field where nothing gets typed', () => {
    const s = new SessionSim();
    const tab = s.tab(1);
    tab.load(`${ORIGIN}/x`, 'X', [h('input', { 'aria-label': 'Name', readonly: '', 'data-testid': 'n' })]);
    tab.wait(10).click('n');
    tab.custom('rec/keystroke', {
      kind: 'printable',
      targetId: tab.id('n'),
      modifiers: { ctrl: false, alt: false, shift: false, meta: false },
      repeat: false,
    });
    tab.wait(100).focus(null);
    expect(summary(only(run(s).trajectories).steps)).toEqual(['click n']);
  });
});

describe('boundaries', () => {
  it('splits unmarked work on idle and on origin change', () => {
    const r = run(heuristicSplits().s);
    expect(r.trajectories.map((t) => [t.boundary.start, t.boundary.end, t.outcome, t.steps.length])).toEqual([
      ['session_start', 'idle', 'abandoned', 1],
      ['idle', 'origin_change', 'unknown', 1],
      ['origin_change', 'session_end', 'unknown', 2],
    ]);
    expect(r.trajectories.every((t) => t.intentSource === 'heuristic' && t.intent === null)).toBe(true);
    expect(r.trajectories.map((t) => t.id)).toEqual(['sess:t0', 'sess:t1', 'sess:t2']);
  });

  it('respects the idle option', () => {
    const r = run(heuristicSplits().s, { idleMs: 60 * 60_000 });
    expect(r.trajectories.map((t) => t.boundary.start)).toEqual(['session_start', 'origin_change']);
  });

  it('keeps a marked task without steps, and its outcome', () => {
    const s = new SessionSim();
    s.tab(1).load(`${ORIGIN}/x`, 'X', [h('p', {}, 'hi')]);
    s.startTask('Look around').endTask('abandoned');
    const t = only(run(s).trajectories);
    expect(t).toMatchObject({ intent: 'Look around', outcome: 'abandoned', steps: [], taskId: 'task-1' });
  });

  it('is deterministic', () => {
    const a = run(multiTab().s);
    const b = run(multiTab().s);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
