/**
 * Durable writes. A chunk and the session's counters change in one transaction, and a
 * (session, stream, seq) already stored is ignored: at-least-once delivery becomes exactly-once
 * storage.
 */
import type { eventWithTime } from '@rrweb/types';
import type { Admission } from '../../shared/admission';
import { encodeEvents } from '../../shared/codec';
import type { SessionRow, StreamRow } from '../../shared/db';
import type { StreamHeader } from '../../shared/protocol';
import type { ConsentRecord } from '../../shared/session';
import type { AdminRules } from '../redact/types';
import { appendAudit } from './audit';
import { INITIAL, transition } from './lifecycle';
import type { RecorderDb } from './schema';

export class UnknownSessionError extends Error {}

/** Admission said no (shared/admission.ts); thrown inside the write transaction, which aborts. */
export class RefusedError extends Error {
  constructor(readonly refusal: Exclude<Admission, { ok: true }>) {
    super(`refused: ${refusal.reason} (${refusal.detail})`);
  }
}

/** Decides, from the session row read in the write transaction, whether the chunk may be written. */
export type RowAdmission = (row: Pick<SessionRow, 'status' | 'endedAt'> | null) => Admission;

export async function hasChunk(
  db: RecorderDb,
  sessionId: string,
  streamId: string,
  seq: number,
): Promise<boolean> {
  return (await db.chunks.where({ sessionId, streamId, seq }).count()) > 0;
}

export async function writeChunk(
  db: RecorderDb,
  stream: StreamHeader,
  seq: number,
  events: eventWithTime[],
  redactions: Record<string, number>,
  admission: RowAdmission = () => ({ ok: true }),
): Promise<'stored' | 'duplicate' | 'forgotten'> {
  const encoded = encodeEvents(events);
  const { sessionId, streamId } = stream;
  return db.transaction('rw', [db.chunks, db.sessions, db.streams, db.tombstones], async () => {
    if (await db.chunks.get([sessionId, streamId, seq])) return 'duplicate';
    const session = await db.sessions.get(sessionId);
    // In the transaction: a session approved or deleted by the review worker a moment ago is seen.
    const verdict = admission(session ?? null);
    if (!verdict.ok) throw new RefusedError(verdict);
    if (!session) throw new UnknownSessionError(`unknown session ${sessionId}`);
    // A forgotten window stays forgotten: a late batch from a page load inside it leaves only an
    // empty row (so a re-send dedups), and its events inside a window are dropped.
    const windows = await db.tombstones.where('sessionId').equals(sessionId).toArray();
    const forgotten = (ts: number) => windows.some((w) => ts >= w.from && ts <= w.to);
    if (forgotten(stream.startedAt)) {
      const empty = encodeEvents([]);
      await db.chunks.add({
        sessionId,
        streamId,
        seq,
        firstTs: stream.startedAt,
        lastTs: stream.startedAt,
        count: 0,
        rawBytes: empty.rawBytes,
        data: empty.data,
        storedAt: Date.now(),
      });
      return 'forgotten';
    }
    const kept = windows.length === 0 ? events : events.filter((e) => !forgotten(e.timestamp));
    const { data, rawBytes } = kept.length === events.length ? encoded : encodeEvents(kept);
    const firstTs = kept[0]?.timestamp ?? stream.startedAt;
    const lastTs = kept.at(-1)?.timestamp ?? firstTs;
    await db.chunks.add({
      sessionId,
      streamId,
      seq,
      firstTs,
      lastTs,
      count: kept.length,
      rawBytes,
      data,
      storedAt: Date.now(),
    });
    const origin = originOf(stream.url);
    const merged = { ...session.redactions };
    for (const [k, n] of Object.entries(redactions)) merged[k] = (merged[k] ?? 0) + n;
    await db.sessions.update(sessionId, {
      eventCount: session.eventCount + kept.length,
      bytes: session.bytes + data.length,
      rawBytes: session.rawBytes + rawBytes,
      redactions: merged,
      origins: origin && !session.origins.includes(origin) ? [...session.origins, origin] : session.origins,
      // A stopped session's end stays the stop: a straggler must not extend its grace period.
      endedAt: session.status === 'recording' ? Math.max(session.endedAt ?? 0, lastTs) : session.endedAt,
    });
    const existing = await db.streams.get([sessionId, streamId]);
    const row: StreamRow = { ...stream, lastSeq: Math.max(existing?.lastSeq ?? -1, seq) };
    await db.streams.put(row);
    return 'stored';
  });
}

export async function createSession(
  db: RecorderDb,
  s: {
    sessionId: string;
    startedAt: number;
    consent: ConsentRecord;
    intent: string | null;
    /** The admin's redaction rules, kept with the key (KeyRow.rules). */
    rules?: AdminRules | undefined;
  },
): Promise<void> {
  // One transaction: no session exists whose key row lacks the rules it must be redacted with.
  await db.transaction('rw', db.sessions, db.keys, db.audit, async () => {
    if (await db.sessions.get(s.sessionId)) return;
    await db.sessions.add({
      id: s.sessionId,
      startedAt: s.startedAt,
      endedAt: null,
      status: INITIAL.recorder,
      intent: s.intent,
      origins: [],
      eventCount: 0,
      bytes: 0,
      rawBytes: 0,
      redactions: {},
      consent: s.consent,
    });
    const key = crypto.getRandomValues(new Uint8Array(32));
    await db.keys.add(
      s.rules ? { sessionId: s.sessionId, key, rules: s.rules } : { sessionId: s.sessionId, key },
    );
    await appendAudit(db, s.sessionId, 'recorder', s.startedAt, { kind: 'started' });
  });
}

/** Sets a session's intent (already redacted by the caller's session redactor). */
export async function setIntent(db: RecorderDb, sessionId: string, intent: string): Promise<void> {
  await db.sessions.update(sessionId, { intent });
}

/** Stops a recording session (lifecycle.ts); one no longer recording, or deleted, is left as it is. */
export async function endSession(db: RecorderDb, sessionId: string, endedAt: number): Promise<void> {
  await transition(db, sessionId, 'stopped', {
    actor: 'recorder',
    at: endedAt,
    endedAt,
    onlyFrom: ['recording'],
  });
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
