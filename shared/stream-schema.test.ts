import { describe, expect, it } from 'vitest';
import { parseStreamUp } from './stream-schema';

const header = {
  sessionId: 's',
  streamId: 'st',
  tabId: 1,
  frameId: 0,
  url: 'https://a.test/',
  title: 't',
  startedAt: 1,
};
const directive = { sessionId: 's', epoch: 3 };

describe('parseStreamUp', () => {
  it('accepts the three message kinds', () => {
    expect(parseStreamUp({ type: 'open', stream: header, directive }).ok).toBe(true);
    expect(parseStreamUp({ type: 'batch', streamId: 'st', seq: 0, count: 1, events: '[]' }).ok).toBe(true);
    expect(parseStreamUp({ type: 'flush', streamId: 'st', id: 3 }).ok).toBe(true);
  });

  it('accepts terms typed while paused with an open and on their own, bounded', () => {
    expect(parseStreamUp({ type: 'open', stream: header, directive, terms: ['typed while paused'] }).ok).toBe(
      true,
    );
    expect(parseStreamUp({ type: 'terms', directive, terms: ['typed while paused'] }).ok).toBe(true);
    for (const bad of [
      { type: 'terms', directive, terms: ['x'.repeat(4097)] },
      { type: 'terms', directive, terms: Array.from({ length: 501 }, () => 'x') },
      { type: 'terms', terms: ['no directive'] },
      { type: 'open', stream: header, directive, terms: [1] },
    ]) {
      expect(parseStreamUp(bad).ok, JSON.stringify(bad).slice(0, 80)).toBe(false);
    }
  });

  it('rejects unknown kinds, negative seqs, oversized ids and missing fields', () => {
    for (const bad of [
      { type: 'drive', action: 'stop' },
      { type: 'batch', streamId: 'st', seq: -1, count: 1, events: '[]' },
      { type: 'batch', streamId: 'x'.repeat(65), seq: 0, count: 1, events: '[]' },
      { type: 'batch', streamId: 'st', seq: 0, count: 1, events: [] },
      { type: 'open', stream: { ...header, tabId: 'one' }, directive },
      { type: 'open', stream: header }, // no directive: admission could not tell what it was made under
      { type: 'open', stream: header, directive: { sessionId: 's', epoch: -1 } },
      null,
      'batch',
    ]) {
      const r = parseStreamUp(bad);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
    }
  });
});
