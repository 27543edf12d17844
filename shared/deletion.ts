/**
 * Deleting recorded data: a session, everything, or a time window of a session ("forget the last
 * N minutes"). Each is one transaction; the audit log keeps a line saying what was deleted.
 */
import type { eventWithTime } from '@rrweb/types';
import { decodeEvents, encodeEvents } from './codec';
import type { RecorderDb } from './db';

export async function deleteSession(db: RecorderDb, sessionId: string, actor: string): Promise<void> {
  const tables = [db.sessions, db.streams, db.chunks, db.keys, db.audit, db.reviews, db.undo];
  await db.transaction('rw', tables, async () => {
    await db.chunks.where('sessionId').equals(sessionId).delete();
    await db.streams.where('sessionId').equals(sessionId).delete();
    await db.reviews.delete(sessionId);
    await db.undo.where('sessionId').equals(sessionId).delete(); // undo copies hold events too
    await db.keys.delete(sessionId); // the pseudonym key goes: placeholders can never be linked again
    await db.sessions.delete(sessionId);
    await db.audit.add({ sessionId, at: Date.now(), actor, action: 'delete', detail: 'session deleted' });
  });
}

export async function deleteAllSessions(db: RecorderDb, actor: string): Promise<number> {
  const ids = await db.sessions.toCollection().primaryKeys();
  for (const id of ids) await deleteSession(db, id, actor);
  return ids.length;
}

/**
 * Removes every event of a session with a timestamp in [from, to]. Chunks wholly inside go; chunks
 * straddling an edge are rewritten without those events. Counters follow.
 */
export async function forgetWindow(
  db: RecorderDb,
  sessionId: string,
  from: number,
  to: number,
  actor: string,
): Promise<number> {
  return db.transaction('rw', [db.sessions, db.chunks, db.audit], async () => {
    const chunks = await db.chunks
      .where('sessionId')
      .equals(sessionId)
      .filter((c) => c.lastTs >= from && c.firstTs <= to)
      .toArray();
    let removed = 0;
    let bytesDelta = 0;
    let rawDelta = 0;
    for (const c of chunks) {
      const events = decodeEvents(c.data);
      const kept = events.filter((e: eventWithTime) => e.timestamp < from || e.timestamp > to);
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
    const session = await db.sessions.get(sessionId);
    if (session) {
      await db.sessions.update(sessionId, {
        eventCount: session.eventCount - removed,
        bytes: session.bytes + bytesDelta,
        rawBytes: session.rawBytes + rawDelta,
      });
    }
    await db.audit.add({
      sessionId,
      at: Date.now(),
      actor,
      action: 'delete',
      detail: `forgot ${removed} events from ${new Date(from).toISOString()} to ${new Date(to).toISOString()}`,
    });
    return removed;
  });
}
