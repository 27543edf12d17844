/**
 * How review changes reach the database: one transaction that writes the rewritten chunks, keeps
 * the session's counters in step, records what was replaced (so it can be undone until approval)
 * and appends the audit line. Every review change goes through `commitChange`.
 */
import type { eventWithTime } from '@rrweb/types';
import { gunzipSync, strFromU8 } from 'fflate';
import { encodeEvents } from '../../shared/codec';
import type { ChunkRow, SessionRow, StreamRow } from '../../shared/db';
import type { ReviewEdit } from '../../shared/review';
import { type AuditEvent, appendAudit } from './audit';
import { transition } from './lifecycle';
import type { RecorderDb } from './schema';

export interface LoadedChunk {
  row: ChunkRow;
  /** The stored JSON text, to tell whether a rewrite changed anything. */
  json: string;
  events: eventWithTime[];
}

export interface LoadedStream {
  stream: StreamRow;
  chunks: LoadedChunk[];
}

export async function loadStreams(db: RecorderDb, sessionId: string): Promise<LoadedStream[]> {
  const [streams, rows] = await Promise.all([
    db.streams.where('sessionId').equals(sessionId).toArray(),
    db.chunks.where('sessionId').equals(sessionId).toArray(),
  ]);
  const byStream = new Map<string, LoadedChunk[]>();
  for (const row of rows.sort((a, b) => a.seq - b.seq)) {
    const json = strFromU8(gunzipSync(row.data));
    const list = byStream.get(row.streamId) ?? [];
    list.push({ row, json, events: JSON.parse(json) as eventWithTime[] });
    byStream.set(row.streamId, list);
  }
  return streams
    .sort((a, b) => a.startedAt - b.startedAt || a.streamId.localeCompare(b.streamId))
    .map((stream) => ({ stream, chunks: byStream.get(stream.streamId) ?? [] }));
}

/** A chunk row holding `events` instead (an empty chunk keeps its row so its seq stays taken). */
export function rewriteChunk(row: ChunkRow, events: eventWithTime[]): ChunkRow {
  const { data, rawBytes } = encodeEvents(events);
  return {
    ...row,
    data,
    rawBytes,
    count: events.length,
    firstTs: events[0]?.timestamp ?? row.firstTs,
    lastTs: events.at(-1)?.timestamp ?? row.lastTs,
  };
}

export interface Change {
  sessionId: string;
  actor: string;
  /** Shown on the Undo button. */
  label: string;
  /** The change's audit line (worker/store/audit.ts). */
  audit: AuditEvent;
  /** Chunk rows before and after (only changed ones). */
  chunks?: { before: ChunkRow; after: ChunkRow }[];
  streams?: { before: StreamRow; after: StreamRow }[];
  /** Session fields to set besides the counters that follow the chunks. */
  session?: Partial<Pick<SessionRow, 'intent' | 'redactions'>>;
  /** The new overlay edit list. */
  edits?: ReviewEdit[];
  /** Rewrites and edits are undoable; false for changes that are not (none yet). */
  undoable?: boolean;
}

export class ReviewClosedError extends Error {}

/** Sessions that may still change: not recording, not decided. */
export function assertEditable(session: SessionRow | undefined): asserts session is SessionRow {
  if (!session) throw new ReviewClosedError('no such session');
  if (session.status === 'recording') throw new ReviewClosedError('the session is still recording');
  if (session.status === 'approved' || session.status === 'uploaded' || session.status === 'rejected') {
    throw new ReviewClosedError(`the session is ${session.status}; it can no longer be changed`);
  }
}

export async function commitChange(db: RecorderDb, c: Change): Promise<void> {
  const tables = [db.sessions, db.chunks, db.streams, db.reviews, db.undo, db.audit];
  await db.transaction('rw', tables, async () => {
    let session = await db.sessions.get(c.sessionId);
    assertEditable(session);
    // A change is a reviewer's act: a session not yet opened for review is in review from now on.
    session =
      (await transition(db, c.sessionId, 'in_review', {
        actor: c.actor,
        cause: 'edited',
        onlyFrom: ['stopped'],
      })) ?? session;
    const review = await db.reviews.get(c.sessionId);
    const chunks = c.chunks ?? [];
    if (c.undoable ?? true) {
      await db.undo.add({
        sessionId: c.sessionId,
        at: Date.now(),
        actor: c.actor,
        label: c.label,
        edits: review?.edits ?? [],
        chunks: chunks.map((x) => x.before),
        streams: (c.streams ?? []).map((x) => x.before),
        session: {
          eventCount: session.eventCount,
          bytes: session.bytes,
          rawBytes: session.rawBytes,
          redactions: session.redactions,
          intent: session.intent,
        },
      });
    }
    let events = 0;
    let bytes = 0;
    let raw = 0;
    for (const { before, after } of chunks) {
      events += after.count - before.count;
      bytes += after.data.length - before.data.length;
      raw += after.rawBytes - before.rawBytes;
    }
    if (chunks.length > 0) await db.chunks.bulkPut(chunks.map((x) => x.after));
    if (c.streams && c.streams.length > 0) await db.streams.bulkPut(c.streams.map((x) => x.after));
    await db.sessions.update(c.sessionId, {
      ...c.session,
      eventCount: session.eventCount + events,
      bytes: session.bytes + bytes,
      rawBytes: session.rawBytes + raw,
    });
    await db.reviews.put({
      sessionId: c.sessionId,
      edits: c.edits ?? review?.edits ?? [],
      stats: null, // recomputed by the next view
      updatedAt: Date.now(),
    });
    await appendAudit(db, c.sessionId, c.actor, Date.now(), c.audit);
  });
}
