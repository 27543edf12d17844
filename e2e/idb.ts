/**
 * Reads the extension's IndexedDB from one of its own pages, with the raw IndexedDB API (no
 * product code), decompressing event chunks: what a test sees is what is on disk.
 */
import type { Page } from '@playwright/test';
import type { eventWithTime } from '@rrweb/types';
import type { AuditRow, KeyRow, SessionRow, StreamRow } from '../shared/db';
import { assembleSession, type StoredSession } from '../shared/read-session';

export interface StoredChunk {
  sessionId: string;
  streamId: string;
  seq: number;
  count: number;
  events: eventWithTime[];
}

export interface DatabaseDump {
  sessions: SessionRow[];
  streams: StreamRow[];
  chunks: StoredChunk[];
  keys: KeyRow[];
  audit: AuditRow[];
  /** Every stored value as JSON text (chunks decompressed, undo copies included), for leak scans. */
  text: string;
}

export async function dumpDatabase(extensionPage: Page): Promise<DatabaseDump> {
  // Under tsx (benchmarks) functions carry esbuild's __name() helper, which the page lacks.
  await extensionPage.evaluate('globalThis.__name ??= (f) => f');
  const dump = await extensionPage.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('recorder');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = (store: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        if (!db.objectStoreNames.contains(store)) return resolve([]);
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const gunzip = async (data: Uint8Array) =>
      new Response(new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
    // Undo copies keep whole chunk rows: their events are part of what is on disk too.
    type Undo = { chunks?: { data: Uint8Array }[] } & Record<string, unknown>;
    const undo = (await all('undo')) as Undo[];
    const undoText = await Promise.all(
      undo.map(async (u) => [
        JSON.stringify({ ...u, chunks: undefined }),
        ...(await Promise.all((u.chunks ?? []).map((c) => gunzip(c.data)))),
      ]),
    );
    const rawChunks = (await all('chunks')) as {
      sessionId: string;
      streamId: string;
      seq: number;
      count: number;
      data: Uint8Array;
    }[];
    const chunks = await Promise.all(
      rawChunks.map(async (c) => ({
        sessionId: c.sessionId,
        streamId: c.streamId,
        seq: c.seq,
        count: c.count,
        json: await gunzip(c.data),
      })),
    );
    const result = {
      sessions: await all('sessions'),
      streams: await all('streams'),
      keys: (await all('keys')).map((k) => ({ ...(k as object), key: '<key bytes>' })),
      audit: await all('audit'),
      reviews: await all('reviews'),
      undoText: undoText.flat(),
      chunks,
    };
    db.close();
    return result;
  });
  const chunks = dump.chunks.map((c) => ({ ...c, events: JSON.parse(c.json) as eventWithTime[] }));
  const text = [
    JSON.stringify(dump.sessions),
    JSON.stringify(dump.streams),
    JSON.stringify(dump.audit),
    JSON.stringify(dump.reviews),
    ...dump.undoText,
    ...dump.chunks.map((c) => c.json),
  ].join('\n');
  return {
    sessions: dump.sessions as SessionRow[],
    streams: dump.streams as StreamRow[],
    keys: dump.keys as unknown as KeyRow[],
    audit: dump.audit as AuditRow[],
    chunks,
    text,
  };
}

export function eventsOf(dump: DatabaseDump, sessionId?: string): eventWithTime[] {
  return dump.chunks
    .filter((c) => sessionId === undefined || c.sessionId === sessionId)
    .sort((a, b) => a.streamId.localeCompare(b.streamId) || a.seq - b.seq)
    .flatMap((c) => c.events)
    .sort((a, b) => a.timestamp - b.timestamp);
}

/** The session as the product reads it (shared/read-session.ts), from a dump. */
export function storedSessionOf(dump: DatabaseDump, sessionId: string): StoredSession {
  return assembleSession(
    dump.streams.filter((s) => s.sessionId === sessionId),
    dump.chunks.filter((c) => c.sessionId === sessionId),
  );
}
