import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionRow } from '../../shared/db';
import type { SessionStatus } from '../../shared/session';
import {
  canTransition,
  type Target,
  TRANSITIONS,
  type TransitionDetails,
  TransitionError,
  type TransitionMeta,
  transition,
} from './lifecycle';
import { RecorderDb } from './schema';

const STATUSES: SessionStatus[] = ['recording', 'stopped', 'in_review', 'approved', 'rejected', 'uploaded'];
const TARGETS: Target[] = ['stopped', 'in_review', 'approved', 'rejected', 'uploaded'];

/** What each target is given, and the audit line (action, detail) it must write. */
const CASES: { [T in Target]: { details: TransitionDetails[T]; action: string; detail: RegExp } } = {
  stopped: { details: { endedAt: 500 }, action: 'stop', detail: /^stopped$/ },
  in_review: { details: { cause: 'opened' }, action: 'review', detail: /^opened for review$/ },
  approved: { details: { note: 'looks right' }, action: 'approve', detail: /^note: looks right$/ },
  rejected: { details: { note: null }, action: 'reject', detail: /^no note$/ },
  uploaded: {
    details: { sha256: 'ab12', where: 'https://store.test', duplicate: false },
    action: 'upload',
    detail: /^bundle ab12 uploaded to https:\/\/store\.test$/,
  },
};

function row(status: SessionStatus): SessionRow {
  return {
    id: 's',
    startedAt: 100,
    endedAt: status === 'recording' ? null : 200,
    status,
    intent: null,
    origins: [],
    eventCount: 0,
    bytes: 0,
    rawBytes: 0,
    redactions: {},
    consent: { version: 'v', acceptedAt: 0 },
  };
}

function meta<T extends Target>(to: T): TransitionMeta<T> {
  return { ...CASES[to].details, actor: 'Rita', at: 1000 } as TransitionMeta<T>;
}

let db: RecorderDb;
let n = 0;
beforeEach(() => {
  db = new RecorderDb(`lifecycle-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

describe('the transition table', () => {
  it('is the documented state machine', () => {
    expect(TRANSITIONS).toEqual({
      recording: ['stopped'],
      stopped: ['in_review', 'approved', 'rejected'],
      in_review: ['approved', 'rejected'],
      approved: ['uploaded'],
      rejected: [],
      uploaded: [],
    });
  });
});

describe('transition', () => {
  const pairs = STATUSES.flatMap((from) =>
    TARGETS.map((to) => ({ from, to, allowed: canTransition(from, to) })),
  );
  const allowed = pairs.filter((p) => p.allowed);
  const refused = pairs.filter((p) => !p.allowed);

  it.each(allowed)('$from -> $to writes the status and its audit line together', async ({ from, to }) => {
    await db.sessions.add(row(from));
    const written = await transition(db, 's', to, meta(to));
    const stored = await db.sessions.get('s');
    expect(stored?.status).toBe(to);
    expect(written).toEqual(stored);
    const audit = await db.audit.toArray();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ sessionId: 's', actor: 'Rita', at: 1000, action: CASES[to].action });
    expect(audit[0]?.detail).toMatch(CASES[to].detail);
  });

  it.each(allowed)('$from -> $to writes nothing when its audit line fails', async ({ from, to }) => {
    await db.sessions.add(row(from));
    db.audit.hook('creating', () => {
      throw new Error('audit write failed');
    });
    await expect(transition(db, 's', to, meta(to))).rejects.toThrow('audit write failed');
    expect((await db.sessions.get('s'))?.status).toBe(from);
    expect(await db.audit.count()).toBe(0);
  });

  it.each(refused)('$from -> $to is refused and writes nothing', async ({ from, to }) => {
    await db.sessions.add(row(from));
    const error = await transition(db, 's', to, meta(to)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransitionError);
    expect(error).toMatchObject({ from, to });
    expect((error as Error).message).not.toBe('');
    expect(await db.sessions.get('s')).toEqual(row(from));
    expect(await db.audit.count()).toBe(0);
  });

  it('refuses a session that does not exist', async () => {
    await expect(transition(db, 'nope', 'stopped', meta('stopped'))).rejects.toThrow('no such session');
    expect(await db.audit.count()).toBe(0);
  });

  it('says why a decided or recording session cannot be decided', async () => {
    await db.sessions.add(row('recording'));
    await expect(transition(db, 's', 'approved', meta('approved'))).rejects.toThrow(
      'the session is still recording',
    );
    await db.sessions.put(row('approved'));
    await expect(transition(db, 's', 'rejected', meta('rejected'))).rejects.toThrow(
      'the session is already approved',
    );
  });

  it('keeps the later end when stopping, and the decision on the row', async () => {
    await db.sessions.add({ ...row('recording'), endedAt: 900 });
    await transition(db, 's', 'stopped', { actor: 'recorder', endedAt: 500 });
    expect((await db.sessions.get('s'))?.endedAt).toBe(900);
    await transition(db, 's', 'approved', { actor: 'Rita', at: 1000, note: 'ok' });
    expect((await db.sessions.get('s'))?.review).toEqual({
      decision: 'approved',
      reviewer: 'Rita',
      at: 1000,
      note: 'ok',
    });
  });

  it('drops the undo copies at a decision, and the pseudonym key only at approval', async () => {
    await db.sessions.bulkAdd([row('stopped'), { ...row('stopped'), id: 't' }]);
    for (const id of ['s', 't']) {
      await db.keys.add({ sessionId: id, key: new Uint8Array(32) });
      await db.undo.add({
        sessionId: id,
        at: 1,
        actor: 'Rita',
        label: 'x',
        edits: [],
        chunks: [],
        streams: [],
        session: null,
      });
    }
    await transition(db, 's', 'approved', meta('approved'));
    await transition(db, 't', 'rejected', meta('rejected'));
    expect(await db.keys.get('s')).toBeUndefined();
    expect(await db.keys.get('t')).toBeDefined();
    expect(await db.undo.count()).toBe(0);
  });

  it('with onlyFrom, leaves a session in another status (or missing) as it is and says so', async () => {
    await db.sessions.add(row('in_review'));
    const opened = await transition(db, 's', 'in_review', {
      actor: 'Rita',
      cause: 'opened',
      onlyFrom: ['stopped'],
    });
    expect(opened).toBeNull();
    expect(
      await transition(db, 'gone', 'stopped', { actor: 'recorder', endedAt: 1, onlyFrom: ['recording'] }),
    ).toBeNull();
    expect(await db.audit.count()).toBe(0);
  });

  it('joins the caller’s transaction: a later failure there undoes the transition', async () => {
    await db.sessions.add(row('stopped'));
    const work = db.transaction('rw', [db.sessions, db.audit, db.undo, db.keys], async () => {
      await transition(db, 's', 'approved', meta('approved'));
      throw new Error('key deletion failed');
    });
    await expect(work).rejects.toThrow('key deletion failed');
    expect((await db.sessions.get('s'))?.status).toBe('stopped');
    expect(await db.audit.count()).toBe(0);
  });
});
