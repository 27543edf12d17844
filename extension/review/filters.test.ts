import { describe, expect, it } from 'vitest';
import { applyFilter, DEFAULT_FILTER, type ListRow } from './filters';

const row = (
  id: string,
  intent: string | null,
  status: ListRow['session']['status'],
  startedAt: number,
  bytes = 1,
): ListRow => ({
  session: {
    id,
    startedAt,
    endedAt: startedAt + 1000,
    status,
    intent,
    origins: [id === 'c' ? 'http://b.test' : 'http://a.test'],
    eventCount: 1,
    bytes,
    rawBytes: 1,
    redactions: {},
    consent: { version: 'v', acceptedAt: 0 },
  },
  stats: id === 'b' ? { eventCount: 1, steps: 2, trajectories: 1, title: 'Edited title' } : null,
});

describe('session list filters', () => {
  const rows = [
    row('a', 'Add a customer', 'stopped', 1, 5),
    row('b', 'Old', 'approved', 3),
    row('c', null, 'stopped', 2),
  ];
  it('filters by status, site and intent text (the edited title too), and sorts', () => {
    const ids = (f: Partial<typeof DEFAULT_FILTER>) =>
      applyFilter(rows, { ...DEFAULT_FILTER, ...f }).map((r) => r.session.id);
    expect(ids({})).toEqual(['b', 'c', 'a']);
    expect(ids({ sort: 'oldest' })).toEqual(['a', 'c', 'b']);
    expect(ids({ sort: 'largest' })[0]).toBe('a');
    expect(ids({ status: 'stopped' })).toEqual(['c', 'a']);
    expect(ids({ site: 'http://b.test' })).toEqual(['c']);
    expect(ids({ query: 'CUSTOMER' })).toEqual(['a']);
    expect(ids({ query: 'edited' })).toEqual(['b']);
  });
});
