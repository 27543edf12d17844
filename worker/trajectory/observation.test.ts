import { describe, expect, it } from 'vitest';
import { ORIGIN } from './fixtures/demo';
import { h, withShadow } from './fixtures/dom';
import { SessionSim } from './fixtures/recorder';
import * as scenarios from './fixtures/scenarios';
import { segmentSession } from './index';

const all = Object.entries(scenarios).map(([name, make]) => ({
  name,
  result: segmentSession({ sessionId: name, stored: make().s.stored() }),
}));

function single(
  body: Parameters<SessionSim['tab']>[0] extends number ? ReturnType<typeof h>[] : never,
  act: (tab: ReturnType<SessionSim['tab']>) => void,
) {
  const s = new SessionSim();
  const tab = s.tab(1);
  tab.load(`${ORIGIN}/x`, 'Page title', body);
  act(tab);
  const t = segmentSession({ sessionId: 'x', stored: s.stored() }).trajectories[0]!;
  return { tab, t };
}

describe('observations', () => {
  it.each(all)('$name: every step with a target has it marked in its observation', ({ result }) => {
    let checked = 0;
    for (const t of result.trajectories) {
      for (const step of t.steps) {
        if (!step.target) {
          expect(step.observation.targetUid).toBeNull();
          continue;
        }
        const uid = step.target.uid;
        expect(step.observation.targetUid).toBe(uid);
        expect(step.observation.html).toContain(` uid="${uid}" data-target="true"`);
        expect(step.observation.html.split('data-target=').length).toBe(2);
        expect(step.observation.axtree).toMatch(new RegExp(`\\[uid=${uid}\\][^\\n]*\\[target\\]`));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('shows the page just before the action (value before typing, title and url)', () => {
    const { t } = single([h('input', { 'aria-label': 'City', 'data-testid': 'c' })], (tab) => {
      tab.wait(10).click('c').type('c', 'Oslo').wait(10).focus(null);
    });
    const obs = t.steps[0]!.observation;
    expect(obs.html).not.toContain('Oslo');
    expect(obs.url).toBe(`${ORIGIN}/x`);
    expect(obs.title).toBe('Page title');
    expect(obs.viewport).toEqual({ width: 1280, height: 800 });
  });

  it('drops scripts, styles, hidden and empty noise, unwraps bare divs, keeps meaningful attributes', () => {
    const { t } = single(
      [
        h('script', {}, 'alert(1)'),
        h('style', {}, '.a{}'),
        h('div', {}, h('div', { class: 'x' }, h('span', {}, 'Hello'))),
        h('div', { hidden: '' }, 'secret-ish'),
        h('div', { style: 'display: none' }, 'gone'),
        h('div', { 'aria-hidden': 'true' }, 'deco'),
        h('div', { class: 'empty' }),
        h('a', { href: 'https://x.test/a', id: 'l', class: 'btn' }, 'Go <now>'),
        h('button', { type: 'button', 'data-testid': 'b' }, 'Press'),
      ],
      (tab) => tab.wait(10).click('b'),
    );
    const html = t.steps[0]!.observation.html;
    expect(html).not.toMatch(/alert|\.a\{\}|secret-ish|gone|deco|class=|id="l"|<div/);
    expect(html).toContain('Hello');
    expect(html).toMatch(/<a uid="p0n\d+" href="https:\/\/x.test\/a">Go &lt;now&gt;<\/a>/);
    expect(html).toMatch(/<button uid="p0n\d+" data-target="true" type="button">Press<\/button>/);
  });

  it('keeps the target even when it is hidden', () => {
    const { t } = single(
      [h('div', { hidden: '' }, h('span', { 'data-testid': 'ghost' }, 'Ghost'))],
      (tab) => {
        tab.wait(10).click('ghost');
      },
    );
    const step = t.steps[0]!;
    expect(step.observation.html).toContain('data-target="true"');
    expect(step.observation.axtree).toContain('[target]');
    expect(step.observation.axtree).toMatch(/- generic \[uid=p0n\d+\] \[target\]/);
  });

  it('renders shadow roots flattened with slots filled', () => {
    const host = withShadow(
      h('x-card', { 'data-testid': 'card' }, h('span', { slot: 'title' }, 'Light title')),
      h('h2', {}, h('slot', { name: 'title' })),
      h('button', { type: 'button', 'data-testid': 'inner' }, 'Inner'),
    );
    const { t } = single([host], (tab) => tab.wait(10).click('inner'));
    const obs = t.steps[0]!.observation;
    expect(obs.html).toContain('<h2>Light title</h2>');
    expect(obs.axtree).toContain('heading "Light title" [level=2]');
    expect(obs.axtree).toMatch(/button "Inner" \[uid=p0n\d+\] \[target\]/);
  });

  it('lists candidates with boxes from the layout event', () => {
    const s = new SessionSim();
    const tab = s.tab(1);
    tab.load(`${ORIGIN}/x`, 'X', [
      h('button', { 'data-testid': 'a' }, 'A'),
      h('button', { 'data-testid': 'b' }, 'B'),
    ]);
    tab.wait(10).click('a');
    // capture's layout lists nearby interactive elements
    const layout = tab.events.at(-1)!;
    (layout.data as { payload: { candidates: unknown[] } }).payload.candidates = [
      { id: tab.id('b'), box: { x: 1, y: 2, width: 3, height: 4 } },
    ];
    const step = segmentSession({ sessionId: 'x', stored: s.stored() }).trajectories[0]!.steps[0]!;
    expect(step.observation.candidates).toEqual([
      { uid: `p0n${tab.id('b')}`, bbox: { x: 1, y: 2, width: 3, height: 4 } },
    ]);
  });

  it('can be turned off', () => {
    const { s } = scenarios.customerForm();
    const r = segmentSession({ sessionId: 'x', stored: s.stored(), options: { observations: false } });
    expect(
      r.trajectories[0]!.steps.every((st) => st.observation.html === '' && st.observation.axtree === ''),
    ).toBe(true);
    expect(r.trajectories[0]!.steps[0]!.target?.selectors.length).toBeGreaterThan(0);
  });
});
