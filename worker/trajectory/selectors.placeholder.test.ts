import { describe, expect, it } from 'vitest';
import { documentNode, h, newIds } from './fixtures/dom';
import { Mirror } from './mirror';
import { replayable, selectorsFor } from './selectors';
import { PageIndex } from './semantics';
import { shadowHosts } from './targets';

function page(body: ReturnType<typeof h>[]) {
  const ids = newIds();
  const m = new Mirror();
  m.loadSnapshot(documentNode('T', body, ids));
  return (testId: string) => {
    const n = m.get(ids.byTestId.get(testId)!)!;
    return selectorsFor(n, shadowHosts(n), new PageIndex(m.root!));
  };
}

const PH = '[EMAIL:x1Y2z3]';

describe('selectors never hold a redaction placeholder (they could not match the live page)', () => {
  it('offers no text/ selector built from redacted text, and lists a replayable one first', () => {
    const sel = page([
      h('div', {}, h('a', { href: '/r/1', 'data-testid': 'mail' }, `Email ${PH} about the report`)),
      h('a', { href: '/r/2' }, 'Other'),
    ]);
    const s = sel('mail');
    expect(s.length).toBeGreaterThan(0);
    expect(s.every(replayable)).toBe(true);
    expect(s.some((x) => x[0]?.startsWith('text/'))).toBe(false);
  });

  it('does not anchor on an id, name or test id holding a placeholder; the css path goes on structurally', () => {
    const sel = page([
      h(
        'form',
        {},
        h('input', { id: `user-${PH}`, name: `to-${PH}`, 'data-testid': `row-${PH}` }),
        h('input', { name: 'subject' }),
      ),
    ]);
    const s = sel(`row-${PH}`);
    expect(s.every(replayable)).toBe(true);
    expect(s).toContainEqual(['input:nth-of-type(1)']);
    expect(s).toContainEqual(['xpath//html/body/form/input[1]']);
  });

  it('replayable() spots pseudonyms and the fail-closed mask in any part', () => {
    expect(replayable(['text/Email [EMAIL:abc123] about the report'])).toBe(false);
    expect(replayable(['[data-testid="host"]', '#x-[REDACTED]'])).toBe(false);
    expect(replayable(['aria/Save[role="button"]'])).toBe(true);
    expect(replayable(['[data-testid="save"]'])).toBe(true);
  });
});
