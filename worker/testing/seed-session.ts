/**
 * Test support: writes a simulated recording (worker/trajectory/fixtures) into a database the way
 * the recording worker stores it: a session row with its key, one stream row per tab / frame /
 * session-event stream, and gzip chunks of `chunkSize` events.
 */

import type { eventWithTime } from '@rrweb/types';
import { encodeEvents } from '../../shared/codec';
import type { StreamRow } from '../../shared/db';
import { EventType } from '../../shared/events';
import type { SessionStatus } from '../../shared/session';
import { createRedactor } from '../redact/index';
import { redactStream } from '../review/rewrite';
import type { RecorderDb } from '../store/schema';
import type { SessionSim } from '../trajectory/fixtures/recorder';

export const SEED_KEY = new Uint8Array(32).fill(7);

export interface SeedOptions {
  status?: SessionStatus;
  chunkSize?: number;
  intent?: string | null;
  /** Redact as the recording worker would, typing groups included (default true). */
  redact?: boolean;
}

export async function seedSession(
  db: RecorderDb,
  sessionId: string,
  sim: SessionSim,
  opts: SeedOptions = {},
): Promise<void> {
  const stored = sim.stored();
  const streams: { row: StreamRow; events: eventWithTime[] }[] = [];
  const header = (streamId: string, tabId: number, frameId: number, events: eventWithTime[]) => {
    const meta = events.find((e) => e.type === EventType.Meta);
    streams.push({
      row: {
        sessionId,
        streamId,
        tabId,
        frameId,
        url: meta?.type === EventType.Meta ? meta.data.href : '',
        title: '',
        startedAt: events[0]?.timestamp ?? 0,
        lastSeq: 0,
      },
      events,
    });
  };
  if (opts.redact ?? true) {
    const redactor = createRedactor({ key: SEED_KEY });
    const redact = (events: eventWithTime[]) => redactStream([events], redactor);
    for (const t of stored.tabs) redact(t.events);
    for (const events of stored.frames.values()) redact(events);
    redact(stored.sessionEvents);
  }
  for (const t of stored.tabs) header(`tab-${t.tabId}`, t.tabId, 0, t.events);
  for (const [id, events] of stored.frames) header(id, 1, 1, events);
  header('sw:session', -1, -1, stored.sessionEvents);

  const all = streams.flatMap((s) => s.events);
  const first = Math.min(...all.map((e) => e.timestamp));
  const last = Math.max(...all.map((e) => e.timestamp));
  let bytes = 0;
  let rawBytes = 0;
  const size = opts.chunkSize ?? 50;
  await db.transaction('rw', [db.sessions, db.keys, db.streams, db.chunks], async () => {
    for (const s of streams) {
      let seq = 0;
      for (let i = 0; i < s.events.length; i += size, seq++) {
        const part = structuredClone(s.events.slice(i, i + size));
        const { data, rawBytes: raw } = encodeEvents(part);
        bytes += data.length;
        rawBytes += raw;
        await db.chunks.add({
          sessionId,
          streamId: s.row.streamId,
          seq,
          firstTs: part[0]!.timestamp,
          lastTs: part.at(-1)!.timestamp,
          count: part.length,
          rawBytes: raw,
          data,
          storedAt: 0,
        });
      }
      await db.streams.add({ ...s.row, lastSeq: Math.max(0, seq - 1) });
    }
    await db.sessions.add({
      id: sessionId,
      startedAt: first,
      endedAt: last,
      status: opts.status ?? 'stopped',
      intent: opts.intent ?? null,
      origins: ['http://127.0.0.1:4173'],
      eventCount: all.length,
      bytes,
      rawBytes,
      redactions: {},
      consent: { version: 'test', acceptedAt: 0 },
    });
    await db.keys.add({ sessionId, key: SEED_KEY });
  });
}
