import { describe, expect, it } from 'vitest';
import { ReadBudget } from './freshness';

describe('ReadBudget (re-reads driven by untrusted main-world signals)', () => {
  it('allows a burst up to its capacity, then refuses until time refills it', () => {
    const b = new ReadBudget(10, 100, 0);
    let taken = 0;
    while (b.take(1, 0)) taken++;
    expect(taken).toBe(10);
    expect(b.take(1, 5)).toBe(false); // 5 ms refill 0.5 token
    expect(b.take(1, 10)).toBe(true); // 10 ms refill 1 token
  });

  it('bounds a forged-signal flood to its refill rate', () => {
    const b = new ReadBudget(400, 200, 0);
    let taken = 0;
    // A page dispatching a signal every millisecond for 10 s.
    for (let t = 0; t < 10_000; t++) if (b.take(1, t)) taken++;
    expect(taken).toBeLessThanOrEqual(400 + 200 * 10);
    expect(taken).toBeGreaterThan(2000);
  });

  it('never holds more than its capacity after a long idle time', () => {
    const b = new ReadBudget(5, 1000, 0);
    let taken = 0;
    while (b.take(1, 60_000)) taken++;
    expect(taken).toBe(5);
  });

  it('says how long until a cost is affordable', () => {
    const b = new ReadBudget(8, 100, 0);
    expect(b.take(8, 0)).toBe(true);
    expect(b.waitFor(8)).toBe(80);
    expect(b.take(8, 79)).toBe(false);
    expect(b.take(8, 80 + 79)).toBe(true);
  });
});
