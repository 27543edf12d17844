import 'fake-indexeddb/auto';
import type { eventWithTime } from '@rrweb/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeEvents } from './codec';
import { RecorderDb } from './db';
import { deleteAllSessions, deleteSession, forgetWindow } from './deletion';
import { readSession } from './read-session';

let db: RecorderDb;
let n = 0;
const ev = (timestamp: number) =>
  ({ type: 5, timestamp, data: { tag: 'x', payload: {} } }) as unknown as eventWithTime;

async function seed(sessionId: string) {
  await db.sessions.add({
    id: sessionId,
    startedAt: 0,
    endedAt: 600,
    status: 'stopped',
    intent: null,
    origins: [],
    eventCount: 6,
    bytes: 0,
    rawBytes: 0,
    redactions: {},
    consent: { version: 'v', acceptedAt: 0 },
  });
  await db.keys.add({ sessionId, key: new Uint8Array(32) });
  await db.streams.add({
    sessionId,
    streamId: 's',
    tabId: 1,
    frameId: 0,
    url: '',
    title: '',
    startedAt: 0,
    lastSeq: 1,
  });
  for (const [seq, ts] of [
    [0, [100, 200, 300]],
    [1, [400, 500, 600]],
  ] as const) {
    const { data, rawBytes } = encodeEvents(ts.map(ev));
    await db.chunks.add({
      sessionId,
      streamId: 's',
      seq,
      firstTs: ts[0],
      lastTs: ts[2],
      count: 3,
      rawBytes,
      data,
      storedAt: 0,
    });
  }
}

beforeEach(async () => {
  db = new RecorderDb(`del-${n++}`);
  await seed('a');
  await seed('b');
});
afterEach(() => db.delete());

describe('deletion', () => {
  it('forgets a time window, rewriting straddling chunks and keeping seq rows', async () => {
    expect(await forgetWindow(db, 'a', 250, 450, 'user')).toBe(2);
    const stored = await readSession(db, 'a');
    expect(stored.tabs[0]?.events.map((e) => e.timestamp)).toEqual([100, 200, 500, 600]);
    expect(await db.chunks.where('sessionId').equals('a').count()).toBe(2);
    expect((await db.sessions.get('a'))?.eventCount).toBe(4);
    expect((await readSession(db, 'b')).tabs[0]?.events).toHaveLength(6); // other sessions untouched
  });

  it('deletes a session with its key and leaves an audit line', async () => {
    await deleteSession(db, 'a', 'reviewer');
    expect(await db.sessions.get('a')).toBeUndefined();
    expect(await db.keys.get('a')).toBeUndefined();
    expect(await db.chunks.where('sessionId').equals('a').count()).toBe(0);
    expect(await db.chunks.where('sessionId').equals('b').count()).toBe(2);
    const audit = await db.audit.where('sessionId').equals('a').toArray();
    expect(audit.map((a) => a.action)).toEqual(['delete']);
  });

  it('deletes everything', async () => {
    expect(await deleteAllSessions(db, 'user')).toBe(2);
    expect(await db.chunks.count()).toBe(0);
    expect(await db.sessions.count()).toBe(0);
  });
});
