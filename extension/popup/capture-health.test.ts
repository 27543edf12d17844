import { describe, expect, it } from 'vitest';
import { describeHealth, STALL_MS } from './capture-health';

const base = {
  since: 0,
  sessionId: 's',
  eventsSaved: 42,
  lastSaveAt: 1000,
  pending: 1,
  oldestPendingAt: 5000,
};

describe('describeHealth', () => {
  it('is ok and says events saved and batches waiting while the oldest batch is fresh', () => {
    const d = describeHealth(base, 5000 + STALL_MS - 1);
    expect(d.kind).toBe('ok');
    expect(d.text).toMatch(/^42 events saved · last save .+ · 1 batch waiting$/);
  });

  it('is stalled once a batch has waited longer than STALL_MS', () => {
    const d = describeHealth(base, 5000 + STALL_MS + 1);
    expect(d.kind).toBe('stalled');
    expect(d.text).toMatch(/^Saves stalled/);
  });

  it('is unknown without stats', () => {
    expect(describeHealth(null, 0).kind).toBe('unknown');
  });
});
