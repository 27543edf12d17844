import { describe, expect, it, vi } from 'vitest';
import { BatchLanes } from './batch-lanes';

const value = (id: number, text: string, t: number) => ({
  type: 3,
  timestamp: t,
  data: { source: 5, id, text, isChecked: false, userTriggered: true },
});
const mutation = (t: number) => ({
  type: 3,
  timestamp: t,
  data: { source: 0, adds: [], removes: [], texts: [{ id: 9, value: `tick ${t}` }], attributes: [] },
});
const key = (kind: string, t: number, k?: string) => ({
  type: 5,
  timestamp: t,
  data: { tag: 'rec/keystroke', payload: { kind, key: k, targetId: 2 } },
});
const focus = (t: number) => ({
  type: 5,
  timestamp: t,
  data: { tag: 'rec/focus', payload: { targetId: 3 } },
});

function lanes() {
  const sent: { timestamp: number; data: { source?: number } }[][] = [];
  const l = new BatchLanes((json) => sent.push(JSON.parse(json)));
  const stamps = () => sent.map((b) => b.map((e) => e.timestamp));
  return { l, sent, stamps };
}

describe('BatchLanes', () => {
  it('puts field values (and printable keys) in batches of their own, so other events are not held with them', () => {
    const { l, sent } = lanes();
    l.push(mutation(1));
    l.push(key('printable', 2));
    l.push(value(2, 'p', 2));
    l.push(mutation(4));
    l.push(key('printable', 5));
    l.push(value(2, 'pa', 5));
    l.flush();
    expect(sent.map((b) => b.map((e) => e.timestamp))).toEqual([
      [2, 2, 5, 5],
      [1, 4],
    ]);
  });

  it('sends pending other events first when one has the same timestamp as a value (readers sort by time)', () => {
    const { l, stamps } = lanes();
    l.push(value(2, 'x', 1));
    l.push(mutation(3)); // e.g. our layout of a click, in the same millisecond as the input
    l.push(value(2, 'xy', 3));
    l.flush();
    expect(stamps()).toEqual([[1], [3], [3]]);
  });

  it('never sends a value before the mutation that added its field', () => {
    const { l, stamps } = lanes();
    const addInput = {
      type: 3,
      timestamp: 1,
      data: { source: 0, adds: [{ parentId: 1, nextId: null, node: { type: 2, id: 7, tagName: 'input' } }] },
    };
    l.push(addInput);
    l.push(value(7, 'prefilled', 2));
    l.flush();
    expect(stamps()).toEqual([[1], [2]]);
  });

  it('sends every value before any other batch captured after it (echoes follow their value)', () => {
    const { l, stamps } = lanes();
    l.push(value(2, 'pat.e', 1));
    l.push(mutation(2)); // the page echoing the value
    l.flush();
    expect(stamps()).toEqual([[1], [2]]);
  });

  it('sends a commit at once, after the values before it and before any value typed after it', () => {
    const { l, stamps } = lanes();
    l.push(value(2, 'pat', 1));
    l.push(mutation(2));
    l.push(key('named', 3, 'Tab'));
    l.push(value(3, 'x', 4));
    l.flush();
    expect(stamps()).toEqual([[1], [2, 3], [4]]);
    const { l: l2, stamps: s2 } = lanes();
    l2.push(value(2, 'pat', 1));
    l2.push(focus(2));
    l2.push(value(3, 'x', 3));
    l2.flush();
    expect(s2()).toEqual([[1], [2], [3]]);
  });

  it('keeps the values lane first when the other lane flushes on its timer', () => {
    vi.useFakeTimers();
    try {
      const { l, stamps } = lanes();
      l.push(mutation(1));
      l.push(value(2, 'p', 2));
      l.push(mutation(3));
      vi.advanceTimersByTime(1000);
      expect(stamps()).toEqual([[2], [1, 3]]);
    } finally {
      vi.useRealTimers();
    }
  });
});
