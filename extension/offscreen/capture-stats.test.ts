import { describe, expect, it } from 'vitest';
import { CaptureCounter } from './capture-stats';

describe('CaptureCounter', () => {
  it('counts events only once acked, and the oldest pending batch', () => {
    const c = new CaptureCounter(0);
    c.session('s1', 10);
    c.received('a', 0, 5, 100);
    c.received('a', 1, 3, 200);
    expect(c.snapshot()).toMatchObject({
      eventsSaved: 0,
      pending: 2,
      oldestPendingAt: 100,
      lastSaveAt: null,
    });
    c.ackedSeqs('a', [0], 300);
    expect(c.snapshot()).toMatchObject({ eventsSaved: 5, pending: 1, oldestPendingAt: 200, lastSaveAt: 300 });
  });

  it('does not count a batch re-sent after its ack twice', () => {
    const c = new CaptureCounter(0);
    c.received('a', 0, 5, 1);
    c.ackedSeqs('a', [0], 2);
    c.received('a', 0, 5, 3);
    c.ackedSeqs('a', [0], 4);
    expect(c.snapshot()).toMatchObject({ eventsSaved: 5, pending: 0 });
  });

  it('starts again for a new session and forgets dropped batches', () => {
    const c = new CaptureCounter(0);
    c.received('a', 0, 5, 1);
    c.ackedSeqs('a', [0], 2);
    c.received('a', 1, 2, 3);
    c.dropped('a', 1);
    expect(c.snapshot().pending).toBe(0);
    c.session('s2', 50);
    expect(c.snapshot()).toEqual({
      since: 50,
      sessionId: 's2',
      eventsSaved: 0,
      lastSaveAt: null,
      pending: 0,
      oldestPendingAt: null,
    });
  });
});
