/**
 * The worker's API, exposed with comlink and typed at the caller as `typeof api`. The worker is the
 * only writer of events: everything it stores has passed the redactor.
 */
import type { eventWithTime } from '@rrweb/types';
import { RecorderDb } from '../shared/db';
import { forgetWindow } from '../shared/deletion';
import type { StreamHeader } from '../shared/protocol';
import type { ConsentRecord } from '../shared/session';
import { withLearnedValues } from './learned-values';
import { parseEventBatch } from './parse-batch';
import { createRedactor, type Redactor } from './redact/index';
import { createSession, endSession } from './store';
import { type SessionRedaction, StreamWriter } from './stream-writer';

export type AckListener = (streamId: string, seqs: number[]) => void;

let db = new RecorderDb();
let onAck: AckListener = () => {};
const streams = new Map<string, StreamWriter>();
const sessions = new Map<string, Promise<SessionRedaction>>();

function sessionRedaction(sessionId: string): Promise<SessionRedaction> {
  let s = sessions.get(sessionId);
  if (!s) {
    s = (async () => {
      const row = await db.keys.get(sessionId);
      if (!row) throw new Error(`no key for session ${sessionId}: session not started or already closed`);
      const redactor = withLearnedValues(createRedactor({ key: row.key }));
      return countingRedaction(redactor);
    })();
    s.catch(() => sessions.delete(sessionId));
    sessions.set(sessionId, s);
  }
  return s;
}

function countingRedaction(redactor: Redactor): SessionRedaction {
  let reported: Record<string, number> = {};
  let drops = 0;
  return {
    redactor,
    countDrop() {
      drops++;
    },
    takeCounts() {
      const now = redactor.report().counts;
      const delta: Record<string, number> = {};
      for (const [k, n] of Object.entries(now) as [string, number][]) {
        const d = n - (reported[k] ?? 0);
        if (d > 0) delta[k] = d;
      }
      reported = { ...now };
      if (drops > 0) delta.dropped = drops;
      drops = 0;
      return delta;
    },
  };
}

export const api = {
  /** For tests: use another database name. */
  useDatabase(name: string): void {
    db = new RecorderDb(name);
    streams.clear();
    sessions.clear();
  },

  setAckListener(listener: AckListener): void {
    onAck = listener;
  },

  async openStream(header: StreamHeader): Promise<void> {
    if (streams.has(header.streamId)) return;
    const session = await sessionRedaction(header.sessionId);
    if (!streams.has(header.streamId)) {
      streams.set(header.streamId, new StreamWriter(header, db, session, (id, seqs) => onAck(id, seqs)));
    }
  },

  /** Stores (or holds) one batch; acks arrive through the ack listener once it is durable. */
  async batch(streamId: string, seq: number, eventsJson: string): Promise<void> {
    const writer = streams.get(streamId);
    if (!writer) throw new Error(`stream ${streamId} not open`);
    await writer.accept(seq, parseEventBatch(eventsJson), Date.now());
  },

  async flush(streamId: string): Promise<void> {
    await streams.get(streamId)?.flush();
  },

  /** The page is gone (or its port is): write what is held; a re-sent batch dedups later. */
  async closeStream(streamId: string): Promise<void> {
    const writer = streams.get(streamId);
    if (!writer) return;
    await writer.flush();
    streams.delete(streamId);
  },

  async tick(): Promise<void> {
    const now = Date.now();
    await Promise.all([...streams.values()].map((w) => w.tick(now)));
  },

  async sessionStart(s: {
    sessionId: string;
    startedAt: number;
    consent: ConsentRecord;
    intent: string | null;
  }) {
    await createSession(db, { ...s, intent: null });
    const session = await sessionRedaction(s.sessionId);
    if (s.intent !== null) {
      await db.sessions.update(s.sessionId, { intent: session.redactor.text(s.intent) });
    }
  },

  async sessionEnd(sessionId: string, endedAt: number): Promise<void> {
    await Promise.all([...streams.values()].map((w) => w.flush()));
    await endSession(db, sessionId, endedAt);
  },

  /** Deletes a time window of a session, after writing whatever is held. */
  async forget(sessionId: string, from: number, to: number): Promise<{ removed: number }> {
    await Promise.all([...streams.values()].map((w) => w.flush()));
    return { removed: await forgetWindow(db, sessionId, from, to, 'recording user') };
  },

  /** Events the coordinator observed (tabs, navigation, task markers), deduplicated by key. */
  async sessionEvents(sessionId: string, key: string, eventsJson: string): Promise<void> {
    const session = await sessionRedaction(sessionId);
    const events: eventWithTime[] = parseEventBatch(eventsJson);
    const header: StreamHeader = {
      sessionId,
      streamId: `sw:${key}`,
      tabId: -1,
      frameId: -1,
      url: '',
      title: 'session events',
      startedAt: events[0]?.timestamp ?? Date.now(),
    };
    const writer = new StreamWriter(header, db, session, () => {});
    await writer.accept(0, events, Date.now());
    await writer.flush();
  },
};

export type WorkerApi = typeof api;
