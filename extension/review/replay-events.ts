/**
 * Reads a session's stored events for replay on this page: the same rows and the same assembly as
 * `readSession` (shared/read-session.ts), but gunzipped by the browser's native
 * DecompressionStream, which keeps a long session's first frame fast on the page's own thread.
 */
import type { eventWithTime } from '@rrweb/types';
import type { ReadView } from '../../shared/db';
import { assembleSession, type StoredSession } from '../../shared/read-session';

async function gunzipJson(data: Uint8Array): Promise<eventWithTime[]> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return JSON.parse(await new Response(stream).text()) as eventWithTime[];
}

export async function readForReplay(db: ReadView, sessionId: string): Promise<StoredSession> {
  const [streams, chunks] = await Promise.all([
    db.streams.where('sessionId').equals(sessionId).toArray(),
    db.chunks.where('sessionId').equals(sessionId).toArray(),
  ]);
  const decoded = await Promise.all(
    chunks.map(async (c) => ({ streamId: c.streamId, seq: c.seq, events: await gunzipJson(c.data) })),
  );
  return assembleSession(streams, decoded);
}
