/**
 * Deleting recorded data: a session, everything, or a time window of a session ("forget the last
 * N minutes"). Each is one transaction; the audit log keeps a line saying what was deleted.
 */
import type { eventWithTime } from '@rrweb/types';
import { decodeEvents, encodeEvents } from '../../shared/codec';
import { appendAudit } from './audit';
import type { RecorderDb } from './schema';

export async function deleteSession(db: RecorderDb, sessionId: string, actor: string): Promise<void> {
  const tables = [db.sessions, db.streams, db.chunks, db.keys, db.audit, db.reviews, db.undo, db.tombstones];
  await db.transaction('rw', tables, async () => {
    await db.chunks.where('sessionId').equals(sessionId).delete();
    await db.tombstones.where('sessionId').equals(sessionId).delete();
    await db.streams.where('sessionId').equals(sessionId).delete();
    await db.reviews.delete(sessionId);
    await db.undo.where('sessionId').equals(sessionId).delete(); // undo copies hold events too
    await db.keys.delete(sessionId); // the pseudonym key goes: placeholders can never be linked again
    await db.sessions.delete(sessionId);
    await appendAudit(db, sessionId, actor, Date.now(), { kind: 'session-deleted' });
  });
}

export async function deleteAllSessions(db: RecorderDb, actor: string): Promise<number> {
  const ids = await db.sessions.toCollection().primaryKeys();
  for (const id of ids) await deleteSession(db, id, actor);
  return ids.length;
}

/**
 * Forgets a time window [from, to] of a session, everything of it:
 * - every event with a timestamp inside (chunks wholly inside go; chunks straddling an edge are
 *   rewritten without those events);
 * - every stream that began inside (a page load: its URL and title), with all its events;
 * - the session's origins, recomputed from the streams that remain;
 * and leaves a tombstone, so a batch re-sent late from inside the window is dropped when written
 * (worker/store/chunks.ts). Emptied chunk rows stay (empty) so a re-sent seq is still recognised.
 * Counters follow. Returns the number of events removed.
 */
export async function forgetWindow(
  db: RecorderDb,
  sessionId: string,
  from: number,
  to: number,
  actor: string,
): Promise<number> {
  const tables = [db.sessions, db.streams, db.chunks, db.audit, db.tombstones];
  return db.transaction('rw', tables, async () => {
    const inWindow = (ts: number) => ts >= from && ts <= to;
    const streams = await db.streams.where('sessionId').equals(sessionId).toArray();
    const gone = new Set(streams.filter((s) => inWindow(s.startedAt)).map((s) => s.streamId));
    const chunks = await db.chunks
      .where('sessionId')
      .equals(sessionId)
      .filter((c) => gone.has(c.streamId) || (c.lastTs >= from && c.firstTs <= to))
      .toArray();
    let removed = 0;
    let bytesDelta = 0;
    let rawDelta = 0;
    for (const c of chunks) {
      const events = decodeEvents(c.data);
      const kept = gone.has(c.streamId) ? [] : events.filter((e: eventWithTime) => !inWindow(e.timestamp));
      if (kept.length === events.length) continue;
      removed += events.length - kept.length;
      bytesDelta -= c.data.length;
      rawDelta -= c.rawBytes;
      if (kept.length === 0) {
        // Keep the row (empty) so a re-sent batch with this seq is still recognised and ignored.
        const empty = encodeEvents([]);
        await db.chunks.put({ ...c, count: 0, data: empty.data, rawBytes: empty.rawBytes });
        bytesDelta += empty.data.length;
        rawDelta += empty.rawBytes;
      } else {
        const { data, rawBytes } = encodeEvents(kept);
        await db.chunks.put({
          ...c,
          count: kept.length,
          data,
          rawBytes,
          firstTs: kept[0]!.timestamp,
          lastTs: kept.at(-1)!.timestamp,
        });
        bytesDelta += data.length;
        rawDelta += rawBytes;
      }
    }
    await db.streams.bulkDelete([...gone].map((streamId): [string, string] => [sessionId, streamId]));
    const session = await db.sessions.get(sessionId);
    if (session) {
      // The same origins writeChunk adds (the origin of each stream's URL), from what is left.
      const left = new Set(
        streams.filter((s) => !gone.has(s.streamId)).flatMap((s) => originOf(s.url) ?? []),
      );
      await db.sessions.update(sessionId, {
        eventCount: session.eventCount - removed,
        bytes: session.bytes + bytesDelta,
        rawBytes: session.rawBytes + rawDelta,
        origins: session.origins.filter((o) => left.has(o)),
      });
    }
    await db.tombstones.add({ sessionId, from, to });
    await appendAudit(db, sessionId, actor, Date.now(), {
      kind: 'forgotten',
      removed,
      pageLoads: gone.size,
      from,
      to,
    });
    return removed;
  });
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
