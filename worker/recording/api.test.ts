/**
 * The worker refusing late and wrong-session writes (shared/admission.ts) and dropping sessions
 * from memory, against fake-indexeddb. Only `Date` is faked: Dexie needs the real timers.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LATE_GRACE_MS } from '../../shared/admission';
import type { StreamHeader } from '../../shared/protocol';
import { decide } from '../review/decide';
import { deleteSession } from '../store/deletion';
import { RecorderDb } from '../store/schema';
import { api } from './api';

const t0 = 1_700_000_000_000;
let name: string;
let n = 0;
let acks: [string, number][];

const header = (sessionId: string, streamId = `${sessionId}-st`): StreamHeader => ({
  sessionId,
  streamId,
  tabId: 1,
  frameId: 0,
  url: 'https://app.test/page',
  title: 'page',
  startedAt: Date.now(),
});
const stamp = (sessionId: string) => ({ sessionId, epoch: 1 });
const events = () =>
  JSON.stringify([
    { type: 4, timestamp: Date.now(), data: { href: 'https://app.test/', width: 1, height: 1 } },
  ]);
const consent = { version: 'v', acceptedAt: t0 };
const recording = (sessionId: string | null) =>
  api.setCoordinator({
    epoch: 1,
    state: sessionId ? 'recording' : 'idle',
    sessionId,
    origins: [{ pattern: 'https://app.test', source: 'user' }],
  });
const chunksOf = (sessionId: string) =>
  new RecorderDb(name).chunks.where('sessionId').equals(sessionId).count();

async function start(sessionId: string): Promise<void> {
  recording(sessionId);
  await api.sessionStart({ sessionId, startedAt: Date.now(), consent, intent: null });
  expect(await api.openStream(header(sessionId), stamp(sessionId))).toEqual({ ok: true });
  expect(await api.batch(`${sessionId}-st`, 0, events())).toEqual({ ok: true });
}

/** What stop does: end the session in the worker, then the coordinator goes idle. */
async function stop(sessionId: string): Promise<void> {
  await api.sessionEnd(sessionId, Date.now());
  recording(null);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(t0);
  name = `api-test-${n++}`;
  api.useDatabase(name);
  acks = [];
  api.setAckListener((id, seqs) => acks.push(...seqs.map((s): [string, number] => [id, s])));
});
afterEach(async () => {
  vi.useRealTimers();
  await new RecorderDb(name).delete();
});

describe('worker: late writes', () => {
  it('takes a straggler within the grace period after stop, and refuses one after it, storing nothing', async () => {
    await start('s1');
    await stop('s1');
    vi.setSystemTime(t0 + LATE_GRACE_MS);
    expect(await api.openStream(header('s1'), stamp('s1'))).toEqual({ ok: true });
    expect(await api.batch('s1-st', 1, events())).toEqual({ ok: true });
    vi.setSystemTime(t0 + LATE_GRACE_MS + 1);
    expect(await api.batch('s1-st', 2, events())).toMatchObject({ ok: false, reason: 'session-ended' });
    expect(await api.openStream(header('s1', 'late'), stamp('s1'))).toMatchObject({
      ok: false,
      reason: 'session-ended',
    });
    expect(await chunksOf('s1')).toBe(2);
    expect(acks.map(([, s]) => s)).toEqual([0, 1]);
  });

  it('refuses batches of an open stream once the review worker approved the session, and drops its key from memory', async () => {
    await start('s1');
    await stop('s1');
    await decide(new RecorderDb(name), 's1', 'approved', 'Rita', null); // another worker, same database
    expect(await api.batch('s1-st', 1, events())).toMatchObject({ ok: false, reason: 'session-closed' });
    expect(api.held()).toEqual({ sessions: [], streams: [] });
    expect(await chunksOf('s1')).toBe(1);
  });

  it('refuses a deleted session without stopping anything else', async () => {
    await start('s1');
    await stop('s1');
    await deleteSession(new RecorderDb(name), 's1', 'Rita');
    await start('s2');
    expect(await api.openStream(header('s1', 'again'), stamp('s1'))).toMatchObject({
      ok: false,
      reason: 'unknown-session',
    });
    expect(await api.batch('s2-st', 1, events())).toEqual({ ok: true });
    expect(await chunksOf('s2')).toBe(2);
  });

  it('refuses a session left recording that the coordinator no longer has (another one is on)', async () => {
    await start('s1'); // never ended: the service worker died in the middle of Stop
    vi.setSystemTime(t0 + LATE_GRACE_MS + 1);
    await start('s2'); // ends s1 at its last write (api.pause.test.ts): its grace is over
    expect(await api.batch('s1-st', 1, events())).toMatchObject({ ok: false, reason: 'session-ended' });
    expect(await api.batch('s2-st', 1, events())).toEqual({ ok: true });
    expect(await chunksOf('s1')).toBe(1);
  });

  it("drops the service worker's late events for a deleted session instead of failing (the outbox would retry for ever)", async () => {
    await start('s1');
    await stop('s1');
    await deleteSession(new RecorderDb(name), 's1', 'Rita');
    await expect(api.sessionEvents('s1', 'k1', events())).resolves.toBeUndefined();
    expect(await chunksOf('s1')).toBe(0);
  });

  it("keeps the service worker's events for a stopped session, even past the grace period", async () => {
    await start('s1');
    await stop('s1');
    vi.setSystemTime(t0 + 60 * 60_000);
    await api.sessionEvents('s1', 'k1', events());
    expect(await chunksOf('s1')).toBe(2);
  });
});

describe('worker: eviction', () => {
  it('drops the session (redactor, key, streams) from memory at stop', async () => {
    await start('s1');
    expect(api.held()).toEqual({ sessions: ['s1'], streams: ['s1-st'] });
    await stop('s1');
    expect(api.held()).toEqual({ sessions: [], streams: [] });
  });

  it('drops a session approved elsewhere at the next tick, with no batch arriving', async () => {
    await start('s1');
    await stop('s1');
    expect(await api.openStream(header('s1', 'straggler'), stamp('s1'))).toEqual({ ok: true }); // reloads the key
    expect(api.held().sessions).toEqual(['s1']);
    await decide(new RecorderDb(name), 's1', 'approved', 'Rita', null);
    await api.tick();
    expect(api.held().sessions).toEqual([]);
  });

  it('drops a stopped session at the first tick past the grace period', async () => {
    await start('s1');
    await stop('s1');
    await api.openStream(header('s1', 'straggler'), stamp('s1'));
    await api.tick();
    expect(api.held().sessions).toEqual(['s1']);
    vi.setSystemTime(t0 + LATE_GRACE_MS + 1);
    await api.tick();
    expect(api.held().sessions).toEqual([]);
  });
});
