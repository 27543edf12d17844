import { describe, expect, it } from 'vitest';
import { MalformedBatchError, parseEventBatch } from './parse-batch';

describe('parseEventBatch', () => {
  it('accepts well-formed events', () => {
    const events = [
      { type: 4, timestamp: 1, data: { href: 'https://a.test', width: 1, height: 1 } },
      { type: 3, timestamp: 2, data: { source: 2, type: 2, id: 5, x: 1, y: 1 } },
      { type: 5, timestamp: 3, data: { tag: 'rec/focus', payload: { targetId: 1, previousId: null } } },
    ];
    expect(parseEventBatch(JSON.stringify(events))).toEqual(events);
  });

  it.each([
    ['not JSON', '{'],
    ['not an array', '{"type":3}'],
    ['a bad event type', '[{"type":42,"timestamp":1,"data":{}}]'],
    ['no timestamp', '[{"type":3,"data":{"source":1}}]'],
    ['a bad source', '[{"type":3,"timestamp":1,"data":{"source":99}}]'],
    ['a snapshot without node', '[{"type":2,"timestamp":1,"data":{}}]'],
    ['a custom event without tag', '[{"type":5,"timestamp":1,"data":{"payload":1}}]'],
    ['null data', '[{"type":3,"timestamp":1,"data":null}]'],
  ])('rejects %s with a reason', (_what, json) => {
    expect(() => parseEventBatch(json)).toThrow(MalformedBatchError);
  });
});
