import { describe, expect, it } from 'vitest';
import { documentNode, h, newIds, withShadow } from './fixtures/dom';
import { Mirror } from './mirror';
import { countInScope, selectorsFor } from './selectors';
import { PageIndex } from './semantics';
import { shadowHosts } from './targets';

function page(body: ReturnType<typeof h>[]) {
  const ids = newIds();
  const m = new Mirror();
  m.loadSnapshot(documentNode('T', body, ids));
  const node = (testId: string) => m.get(ids.byTestId.get(testId)!)!;
  const sel = (testId: string) => {
    const n = node(testId);
    return selectorsFor(n, shadowHosts(n), new PageIndex(m.root!));
  };
  return { m, node, sel };
}

describe('selectors', () => {
  it('offers test id, aria, text, css and xpath, each unique', () => {
    const { sel } = page([
      h('div', {}, h('button', { type: 'button', 'data-testid': 'save' }, 'Save')),
      h('button', { type: 'button' }, 'Cancel'),
    ]);
    expect(sel('save')).toEqual([
      ['[data-testid="save"]'],
      ['aria/Save[role="button"]'],
      ['text/Save'],
      ['div > button'],
      ['xpath//html/body/div/button'],
    ]);
  });

  it('leaves out what is not unique', () => {
    const { sel } = page([
      h('button', { type: 'button', 'data-testid': 'dup' }, 'Open'),
      h('button', { type: 'button', 'data-testid': 'dup' }, 'Open'),
      h('p', {}, 'Open the thing'),
    ]);
    const s = sel('dup');
    expect(s.some((x) => x[0]?.startsWith('[data-testid'))).toBe(false);
    expect(s.some((x) => x[0]?.startsWith('aria/'))).toBe(false);
    expect(s.some((x) => x[0]?.startsWith('text/'))).toBe(false);
    expect(s).toContainEqual(['button:nth-of-type(2)']); // the fixture's test-id map points at the last one
    expect(s).toContainEqual(['xpath//html/body/button[2]']);
  });

  it('anchors css and xpath on a unique id, and checks css by matching it', () => {
    const { sel, m } = page([
      h(
        'form',
        { id: 'f' },
        h('div', {}, h('input', { 'data-testid': 'x' })),
        h('div', {}, h('input', { 'data-testid': 'y' })),
      ),
    ]);
    const s = sel('y');
    expect(s).toContainEqual(['div:nth-of-type(2) > input']);
    expect(s).toContainEqual(['xpath///*[@id="f"]/div[2]/input']);
    expect(countInScope(m.root!, [{ tag: 'input' }])).toBe(2);
  });

  it('names labelled fields and pierces shadow roots step by step', () => {
    const { sel } = page([
      h('label', { for: 'e' }, 'Email'),
      h('input', { id: 'e', name: 'email', 'data-testid': 'email' }),
      withShadow(
        h('x-w', { 'data-testid': 'host' }),
        h('input', { name: 'q', 'aria-label': 'Query', 'data-testid': 'inner' }),
      ),
      withShadow(h('x-w', {}), h('input', { name: 'q' })),
    ]);
    expect(sel('email')).toContainEqual(['aria/Email[role="textbox"]']);
    const inner = sel('inner');
    expect(inner[0]).toEqual(['[data-testid="host"]', '[data-testid="inner"]']);
    expect(inner).toContainEqual(['aria/Query[role="textbox"]']);
    expect(inner).toContainEqual(['[data-testid="host"]', 'input[name="q"]']);
  });
});
