import 'fake-indexeddb/auto';
import type { eventWithTime } from '@rrweb/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeEvents } from '../../shared/codec';
import { readSession } from '../../shared/read-session';
import { writeChunk } from './chunks';
import { deleteAllSessions, deleteSession, forgetWindow } from './deletion';
import { RecorderDb } from './schema';

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

describe('forgetWindow forgets the page loads of the window too', () => {
  /** A page load of tab 2 inside the window [250, 450], with one chunk of its own. */
  async function pageLoadInside(sessionId: string) {
    await db.streams.add({
      sessionId,
      streamId: 'p',
      tabId: 2,
      frameId: 0,
      url: 'https://inside.test/secret-page',
      title: 'Inside title',
      startedAt: 300,
      lastSeq: 0,
    });
    const { data, rawBytes } = encodeEvents([ev(300), ev(320)]);
    await db.chunks.add({
      sessionId,
      streamId: 'p',
      seq: 0,
      firstTs: 300,
      lastTs: 320,
      count: 2,
      rawBytes,
      data,
      storedAt: 0,
    });
    await db.streams.update([sessionId, 's'], { url: 'https://before.test/page' });
    await db.sessions.update(sessionId, {
      origins: ['https://before.test', 'https://inside.test'],
      eventCount: 8,
    });
  }

  it('deletes the stream rows (URL, title) that begin inside the window, with all their events', async () => {
    await pageLoadInside('a');
    expect(await forgetWindow(db, 'a', 250, 450, 'user')).toBe(4);
    const streams = await db.streams.where('sessionId').equals('a').toArray();
    expect(streams.map((s) => s.streamId)).toEqual(['s']);
    const stored = await readSession(db, 'a');
    expect(stored.tabs.map((t) => t.tabId)).toEqual([1]);
    expect((await db.sessions.get('a'))?.eventCount).toBe(4);
    // the emptied chunk row stays, so a re-sent seq of that stream is still recognised
    expect((await db.chunks.get(['a', 'p', 0]))?.count).toBe(0);
  });

  it('recomputes the session origins from the streams that remain', async () => {
    await pageLoadInside('a');
    await forgetWindow(db, 'a', 250, 450, 'user');
    expect((await db.sessions.get('a'))?.origins).toEqual(['https://before.test']);
  });

  it('leaves a tombstone so a late batch from a page load inside the window is dropped', async () => {
    await forgetWindow(db, 'a', 250, 450, 'user');
    const late = {
      sessionId: 'a',
      streamId: 'late',
      tabId: 3,
      frameId: 0,
      url: 'https://late.test/only-inside',
      title: 'Late title',
      startedAt: 260,
    };
    expect(await writeChunk(db, late, 0, [ev(270), ev(280)], {})).toBe('forgotten');
    expect(await db.streams.get(['a', 'late'])).toBeUndefined();
    expect((await db.sessions.get('a'))?.origins).toEqual([]);
    expect(await writeChunk(db, late, 0, [ev(270)], {})).toBe('duplicate'); // a re-send dedups
    expect((await readSession(db, 'a')).tabs.flatMap((t) => t.events.map((e) => e.timestamp))).toEqual([
      100, 200, 500, 600,
    ]);
  });

  it('drops the events inside the window from a late batch of a stream that began before it', async () => {
    await forgetWindow(db, 'a', 250, 450, 'user');
    const stream = { sessionId: 'a', streamId: 's', tabId: 1, frameId: 0, url: '', title: '', startedAt: 0 };
    expect(await writeChunk(db, stream, 7, [ev(240), ev(300), ev(460)], {})).toBe('stored');
    expect((await readSession(db, 'a')).tabs[0]?.events.map((e) => e.timestamp)).toEqual([
      100, 200, 240, 460, 500, 600,
    ]);
    expect((await db.sessions.get('a'))?.eventCount).toBe(6);
  });

  it('deleting the session deletes its tombstones', async () => {
    await forgetWindow(db, 'a', 250, 450, 'user');
    await forgetWindow(db, 'b', 250, 450, 'user');
    await deleteSession(db, 'a', 'user');
    expect(await db.tombstones.where('sessionId').equals('a').count()).toBe(0);
    expect(await db.tombstones.where('sessionId').equals('b').count()).toBe(1);
  });
});
