import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeEvents } from '../../shared/codec';
import { openReadView } from '../../shared/db';
import { readSession } from '../../shared/read-session';
import { RecorderDb } from './schema';

const NAME = 'upgrade-v1';
const NAME_V2 = 'upgrade-v2';
afterEach(async () => {
  await Dexie.delete(NAME);
  await Dexie.delete(NAME_V2);
});

/** Version 1 exactly as it shipped, declared on a bare Dexie so nothing of v2 leaks in. */
function v1(): Dexie {
  const db = new Dexie(NAME);
  db.version(1).stores({
    sessions: 'id, startedAt, status',
    streams: '[sessionId+streamId], sessionId',
    chunks: '[sessionId+streamId+seq], sessionId, [sessionId+firstTs]',
    keys: 'sessionId',
    audit: '++id, sessionId, at',
  });
  return db;
}

describe('schema upgrade', () => {
  it('opens a database written by v1 and keeps its data', async () => {
    const old = v1();
    const events = [
      { type: 4, timestamp: 10, data: { href: 'http://a.test/', width: 800, height: 600 } },
      { type: 5, timestamp: 20, data: { tag: 'x', payload: {} } },
    ] as Parameters<typeof encodeEvents>[0];
    const { data, rawBytes } = encodeEvents(events);
    await old.table('sessions').add({
      id: 's',
      startedAt: 10,
      endedAt: 20,
      status: 'stopped',
      intent: 'Old session',
      origins: ['http://a.test'],
      eventCount: 2,
      bytes: data.length,
      rawBytes,
      redactions: { EMAIL: 1 },
      consent: { version: 'v', acceptedAt: 1 },
    });
    await old.table('streams').add({
      sessionId: 's',
      streamId: 't',
      tabId: 1,
      frameId: 0,
      url: 'http://a.test/',
      title: 'A',
      startedAt: 10,
      lastSeq: 0,
    });
    await old.table('chunks').add({
      sessionId: 's',
      streamId: 't',
      seq: 0,
      firstTs: 10,
      lastTs: 20,
      count: 2,
      rawBytes,
      data,
      storedAt: 30,
    });
    await old.table('keys').add({ sessionId: 's', key: new Uint8Array(32).fill(1) });
    await old
      .table('audit')
      .add({ sessionId: 's', at: 10, actor: 'recorder', action: 'record', detail: 'started' });
    old.close();

    const db = new RecorderDb(NAME);
    await db.open();
    expect(db.verno).toBe(3);
    expect(await db.sessions.get('s')).toMatchObject({
      intent: 'Old session',
      status: 'stopped',
      redactions: { EMAIL: 1 },
    });
    expect((await db.keys.get('s'))?.key).toEqual(new Uint8Array(32).fill(1));
    expect(await db.audit.where('sessionId').equals('s').count()).toBe(1);
    expect((await readSession(db, 's')).tabs[0]?.events).toEqual(events);
    // the new tables are there and empty
    expect(await db.reviews.count()).toBe(0);
    expect(await db.undo.count()).toBe(0);
    await db.undo.add({
      sessionId: 's',
      at: 1,
      actor: 'r',
      label: 'x',
      edits: [],
      chunks: [],
      streams: [],
      session: null,
    });
    expect(await db.undo.where('sessionId').equals('s').count()).toBe(1);
    db.close();
  });
});

describe('schema upgrade to v3 (tombstones)', () => {
  it('opens a database written by v2, keeps its rows and adds an empty tombstones table', async () => {
    const old = new Dexie(NAME_V2);
    old.version(1).stores({
      sessions: 'id, startedAt, status',
      streams: '[sessionId+streamId], sessionId',
      chunks: '[sessionId+streamId+seq], sessionId, [sessionId+firstTs]',
      keys: 'sessionId',
      audit: '++id, sessionId, at',
    });
    old.version(2).stores({ reviews: 'sessionId', undo: '++id, sessionId' });
    await old.table('reviews').add({ sessionId: 's', edits: [], stats: null, updatedAt: 5 });
    await old.table('streams').add({
      sessionId: 's',
      streamId: 't',
      tabId: 1,
      frameId: 0,
      url: 'http://a.test/',
      title: 'A',
      startedAt: 10,
      lastSeq: 0,
    });
    old.close();

    const db = new RecorderDb(NAME_V2);
    await db.open();
    expect(db.verno).toBe(3);
    expect((await db.reviews.get('s'))?.updatedAt).toBe(5);
    expect(await db.streams.where('sessionId').equals('s').count()).toBe(1);
    expect(await db.tombstones.count()).toBe(0);
    await db.tombstones.add({ sessionId: 's', from: 1, to: 2 });
    expect(await db.tombstones.where('sessionId').equals('s').toArray()).toMatchObject([{ from: 1, to: 2 }]);
    db.close();
  });
});

describe('the pages’ read-only view', () => {
  it('reads what the writer stored, through the same schema', async () => {
    const db = new RecorderDb(NAME);
    await db.sessions.add({
      id: 's',
      startedAt: 1,
      endedAt: 2,
      status: 'stopped',
      intent: null,
      origins: [],
      eventCount: 0,
      bytes: 0,
      rawBytes: 0,
      redactions: {},
      consent: { version: 'v', acceptedAt: 0 },
    });
    const view = openReadView(NAME);
    expect(await view.sessions.where('status').equals('stopped').count()).toBe(1);
    expect((await view.sessions.get('s'))?.startedAt).toBe(1);
    view.close();
    db.close();
  });

  it('has no write methods and no pseudonym keys (type-checked: each line below must not compile)', () => {
    const view = openReadView(NAME);
    const refused = [
      // @ts-expect-error a page cannot put a row
      () => view.sessions.put,
      // @ts-expect-error a page cannot update a row
      () => view.sessions.update,
      // @ts-expect-error a page cannot add an audit line
      () => view.audit.add,
      // @ts-expect-error a page cannot delete a row
      () => view.chunks.delete,
      // @ts-expect-error a page never sees the pseudonym keys
      () => view.keys,
    ];
    expect(refused).toHaveLength(5);
    view.close();
  });
});
