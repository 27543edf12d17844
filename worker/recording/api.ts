/**
 * The worker's API, exposed with comlink and typed at the caller as `typeof api`. The worker is the
 * only writer of events: everything it stores has passed the redactor.
 */
import type { eventWithTime } from '@rrweb/types';
import {
  type Admission,
  admit,
  type BatchContext,
  type CoordinatorState,
  type DirectiveStamp,
} from '../../shared/admission';
import type { StreamHeader } from '../../shared/protocol';
import type { ConsentRecord } from '../../shared/session';
import { EchoGuard } from '../events/echo-guard';
import { parseEventBatch } from '../events/parse-batch';
import { type AdminRules, createRedactor, type Redactor, validateRules } from '../redact/index';
import { withLearnedValues } from '../redact/learned-values';
import { createPseudonymizer } from '../redact/pseudonym';
import { SessionTerms, TypingLog, withSessionTerms, withTypingLog } from '../redact/session-terms';
import { createSession, endSession, RefusedError, type RowAdmission, setIntent } from '../store/chunks';
import { forgetWindow } from '../store/deletion';
import { openStore } from '../store/open';
import { type SessionRedaction, StreamWriter } from './stream-writer';

export type AckListener = (streamId: string, seqs: number[]) => void;

let db = openStore();
let onAck: AckListener = () => {};
const streams = new Map<string, StreamWriter>();
const sessions = new Map<string, Promise<SessionRedaction>>();
/**
 * How each open stream was opened, kept when its writer is evicted (at stop): a straggler within
 * the grace period reopens it here, one after is refused, instead of a "not open" retry loop.
 */
const openedAs = new Map<string, { header: StreamHeader; madeUnder: DirectiveStamp }>();
/** The service worker's latest state, forwarded by the offscreen document (admission). */
let coordinator: CoordinatorState | undefined;

/** The admission check a writer runs against the session row inside each write transaction. */
function rowAdmission(ctx: BatchContext): RowAdmission {
  return (row) => admit(ctx, { now: Date.now(), coordinator, session: row });
}

/**
 * Drops a session's redactor (and with it the pseudonym key held in memory) and its writers. Done
 * when it stops, and whenever the row says it takes nothing more: approval and deletion happen in
 * the review worker, which this worker hears of only through the row (checked on each open, each
 * write, and each tick). A straggler within the grace period reloads the key from `keys`.
 */
function evict(sessionId: string, forgetStreams = true): void {
  sessions.delete(sessionId);
  if (forgetStreams) {
    pausedTerms.delete(sessionId); // kept through Stop: stragglers within the grace need them
    typingLogs.delete(sessionId);
  }
  for (const w of [...streams.values()]) if (w.sessionId === sessionId) dropWriter(w);
  if (!forgetStreams) return;
  for (const [id, o] of openedAs) if (o.header.sessionId === sessionId) openedAs.delete(id);
}

/** A refusal because of the session itself (not the sender): nothing of it may stay in memory. */
function sessionGone(a: Exclude<Admission, { ok: true }>): boolean {
  return a.reason === 'unknown-session' || a.reason === 'session-closed' || a.reason === 'session-ended';
}

/**
 * Per session, in memory only (worker/redact/session-terms.ts): what was typed while paused or in a
 * forgotten window, and the recent typing "forget" turns into such terms.
 */
const pausedTerms = new Map<string, SessionTerms>();
const typingLogs = new Map<string, TypingLog>();

function termsOf(sessionId: string): SessionTerms {
  let t = pausedTerms.get(sessionId);
  if (!t) {
    t = new SessionTerms();
    pausedTerms.set(sessionId, t);
  }
  return t;
}

function typingLogOf(sessionId: string): TypingLog {
  let l = typingLogs.get(sessionId);
  if (!l) {
    l = new TypingLog();
    typingLogs.set(sessionId, l);
  }
  return l;
}

function sessionRedaction(sessionId: string): Promise<SessionRedaction> {
  let s = sessions.get(sessionId);
  if (!s) {
    s = (async () => {
      const row = await db.keys.get(sessionId);
      if (!row) throw new Error(`no key for session ${sessionId}: session not started or already closed`);
      // The admin's rules were stored with the key: a restarted worker applies them too.
      const base = withLearnedValues(createRedactor({ key: row.key, rules: row.rules }));
      // Typed-while-paused (and forgotten) text first, on every string; the log sees raw values.
      const ps = createPseudonymizer(row.key);
      const terms = withSessionTerms(base, termsOf(sessionId), (t, run) => ps.placeholderOf(t, run));
      return countingRedaction(withTypingLog(terms, typingLogOf(sessionId)));
    })();
    s.catch(() => sessions.delete(sessionId));
    sessions.set(sessionId, s);
  }
  return s;
}

/**
 * Forgets a writer. Its open groups commit first: echoes they hold in other streams of the
 * session (a title, a URL) are released instead of waiting for a commit that would never come.
 */
function dropWriter(w: StreamWriter): void {
  if (streams.get(w.id) === w) streams.delete(w.id);
  w.closeGroups();
}

/**
 * Writes what the writers hold; a writer whose session was closed meanwhile is dropped. Every
 * writer's groups close before any drains: a commit in one stream releases echoes held in
 * another, and a drain that ran first would have stopped short of them (docs/decisions.md,
 * "Flushing with echoes across streams").
 */
async function flushWriters(which: StreamWriter[] = [...streams.values()]): Promise<void> {
  for (const w of which) w.closeGroups();
  await Promise.all(
    which.map((w) =>
      w.drain().catch((e: unknown) => {
        if (!(e instanceof RefusedError)) throw e;
        dropWriter(w);
      }),
    ),
  );
}

const writersOf = (sessionId: string): StreamWriter[] =>
  [...streams.values()].filter((w) => w.sessionId === sessionId);

/** Evicts sessions whose row takes nothing more (approved or deleted elsewhere, or past the grace). */
async function sweepSessions(now: number): Promise<void> {
  const ids = [...new Set([...sessions.keys(), ...[...openedAs.values()].map((o) => o.header.sessionId)])];
  if (ids.length === 0) return;
  const rows = await db.sessions.bulkGet(ids);
  ids.forEach((id, i) => {
    const ctx: BatchContext = { source: 'frame', sessionId: id, madeUnder: { sessionId: id, epoch: 0 } };
    const verdict = admit(ctx, { now, session: rows[i] ?? null });
    if (!verdict.ok && sessionGone(verdict)) evict(id);
  });
}

function countingRedaction(redactor: Redactor): SessionRedaction {
  let reported: Record<string, number> = {};
  let drops = 0;
  return {
    redactor,
    echo: new EchoGuard(),
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
    db = openStore(name);
    streams.clear();
    sessions.clear();
    openedAs.clear();
    pausedTerms.clear();
    typingLogs.clear();
  },

  setAckListener(listener: AckListener): void {
    onAck = listener;
  },

  /** For tests and diagnostics: which sessions (redactor and key) and streams are held in memory. */
  held(): { sessions: string[]; streams: string[] } {
    return { sessions: [...sessions.keys()], streams: [...streams.keys()] };
  },

  setCoordinator(state: CoordinatorState): void {
    coordinator = state;
  },

  /**
   * Terms a page collected (text typed while paused): redacted wherever they appear in the session
   * from now on. Ignored for a session that takes nothing (closed, deleted, past its grace).
   */
  async sessionTerms(sessionId: string, terms: string[]): Promise<{ known: number }> {
    const ctx: BatchContext = { source: 'coordinator', sessionId, madeUnder: { sessionId, epoch: 0 } };
    const verdict = rowAdmission(ctx)((await db.sessions.get(sessionId)) ?? null);
    if (!verdict.ok) return { known: 0 };
    const t = termsOf(sessionId);
    t.add(terms);
    return { known: t.size };
  },

  /** For tests: how many terms a session holds in memory. */
  termCount(sessionId: string): number {
    return pausedTerms.get(sessionId)?.size ?? 0;
  },

  /**
   * Opens a frame's stream if admission allows (the row checked here; the sender in the offscreen).
   * `terms`: what the page saw typed while paused, handed on every open (so again after any
   * restart), added before the stream's first batch is redacted.
   */
  async openStream(
    header: StreamHeader,
    madeUnder: DirectiveStamp,
    terms: string[] = [],
  ): Promise<Admission> {
    const ctx: BatchContext = { source: 'frame', sessionId: header.sessionId, madeUnder };
    const row = await db.sessions.get(header.sessionId);
    const verdict = rowAdmission(ctx)(row ?? null);
    if (!verdict.ok) {
      streams.delete(header.streamId);
      openedAs.delete(header.streamId);
      if (sessionGone(verdict)) evict(header.sessionId);
      return verdict;
    }
    if (terms.length > 0) termsOf(header.sessionId).add(terms);
    openedAs.set(header.streamId, { header, madeUnder });
    if (streams.has(header.streamId)) return verdict;
    const session = await sessionRedaction(header.sessionId);
    if (!streams.has(header.streamId)) {
      const writer = new StreamWriter(header, db, session, (id, seqs) => onAck(id, seqs), rowAdmission(ctx));
      streams.set(header.streamId, writer);
    }
    return verdict;
  },

  /**
   * Stores (or holds) one batch; acks arrive through the ack listener once it is durable. A refusal
   * (the session was stopped, approved or deleted meanwhile) is returned, and the stream dropped.
   */
  async batch(streamId: string, seq: number, eventsJson: string): Promise<Admission> {
    const opened = openedAs.get(streamId);
    if (!streams.has(streamId) && opened) {
      const again = await api.openStream(opened.header, opened.madeUnder); // evicted at stop
      if (!again.ok) return again;
    }
    const writer = streams.get(streamId);
    if (!writer) throw new Error(`stream ${streamId} not open`);
    try {
      await writer.accept(seq, parseEventBatch(eventsJson), Date.now());
      return { ok: true };
    } catch (e) {
      if (!(e instanceof RefusedError)) throw e;
      dropWriter(writer);
      openedAs.delete(streamId);
      if (sessionGone(e.refusal)) evict(writer.sessionId);
      return e.refusal;
    }
  },

  /**
   * Writes what a stream holds. Every group of its session commits first (flush is a commit
   * trigger), so that echoes this stream holds of a field typed in another frame are written too;
   * this stream's own failure is the caller's.
   */
  async flush(streamId: string): Promise<void> {
    const writer = streams.get(streamId);
    if (!writer) return;
    const others = writersOf(writer.sessionId).filter((w) => w !== writer);
    for (const w of others) w.closeGroups();
    writer.closeGroups();
    await Promise.all([writer.drain(), flushWriters(others)]);
  },

  /** The page is gone (or its port is): write what is held; a re-sent batch dedups later. */
  async closeStream(streamId: string): Promise<void> {
    openedAs.delete(streamId);
    const writer = streams.get(streamId);
    if (!writer) return;
    await writer.flush();
    // A batch holding an echo of a field still typed in another frame stays until that commits
    // (it is written then; the writer goes at sessionEnd's evict).
    if (writer.held === 0) streams.delete(streamId);
  },

  async tick(): Promise<void> {
    const now = Date.now();
    await Promise.all(
      [...streams.values()].map((w) =>
        w.tick(now).catch((e: unknown) => {
          // A held batch refused when written at last: its sender hears so when it re-sends.
          if (!(e instanceof RefusedError)) throw e;
          dropWriter(w);
        }),
      ),
    );
    await sweepSessions(now);
  },

  async sessionStart(s: {
    sessionId: string;
    startedAt: number;
    consent: ConsentRecord;
    intent: string | null;
    redactionRules?: AdminRules | null;
  }) {
    const rules = s.redactionRules ?? undefined;
    const valid = rules ? validateRules(rules) : { ok: true as const };
    if (!valid.ok) throw new Error(`the admin's redaction rules are invalid: ${valid.error}`);
    // Only one session records at a time: a row still 'recording' was left by a service worker
    // killed in the middle of Stop. It ends now, at its last write, and becomes reviewable.
    for (const o of await db.sessions.where('status').equals('recording').toArray()) {
      if (o.id !== s.sessionId) await endSession(db, o.id, o.endedAt ?? o.startedAt);
    }
    await createSession(db, { ...s, intent: null, rules });
    const session = await sessionRedaction(s.sessionId);
    if (s.intent !== null) await setIntent(db, s.sessionId, session.redactor.text(s.intent));
  },

  async sessionEnd(sessionId: string, endedAt: number): Promise<void> {
    await flushWriters(writersOf(sessionId));
    await endSession(db, sessionId, endedAt);
    evict(sessionId, false); // stragglers within the grace period reopen their stream
  },

  /**
   * Deletes a time window of a session, after writing whatever is held; what was typed in it
   * is redacted for the rest of the session.
   */
  async forget(sessionId: string, from: number, to: number): Promise<{ removed: number }> {
    await flushWriters(writersOf(sessionId));
    // What was typed in the window may still be on screen (or echoed on the next page) at resume:
    // it becomes a session term, like text typed while paused (docs/decisions.md, "Pause").
    termsOf(sessionId).add(typingLogs.get(sessionId)?.since(from) ?? []);
    return { removed: await forgetWindow(db, sessionId, from, to, 'recording user') };
  },

  /**
   * Events the coordinator observed (tabs, navigation, task markers), deduplicated by key. Resolves
   * only once they are written: a title or URL that echoes a field being typed is held until that
   * field commits, and the service worker drops its outbox item when this resolves
   * (docs/decisions.md, "Session events resolve once written").
   */
  async sessionEvents(sessionId: string, key: string, eventsJson: string): Promise<void> {
    // The service worker's own events: kept for a stopped session whenever they arrive (its outbox
    // may wait out a killed service worker), never for a reviewed or deleted one. A refusal returns
    // normally, so the outbox drops the item instead of retrying it for ever.
    const ctx: BatchContext = {
      source: 'coordinator',
      sessionId,
      madeUnder: { sessionId, epoch: coordinator?.epoch ?? 0 },
    };
    const verdict = rowAdmission(ctx)((await db.sessions.get(sessionId)) ?? null);
    if (!verdict.ok) {
      console.warn(`[worker] session events for ${sessionId} dropped: ${verdict.reason}`);
      return;
    }
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
    // Kept among the streams while held: flushes, ticks and evictions see it; a re-sent item
    // (service worker restarted meanwhile) joins it instead of redacting a second copy.
    let writer = streams.get(header.streamId);
    if (!writer) {
      writer = new StreamWriter(header, db, session, () => {}, rowAdmission(ctx));
      streams.set(header.streamId, writer);
    }
    try {
      await writer.accept(0, events, Date.now());
      await writer.flush();
      await writer.written();
    } catch (e) {
      if (!(e instanceof RefusedError)) throw e;
      console.warn(`[worker] session events for ${sessionId} dropped: ${e.refusal.reason}`);
    } finally {
      if (streams.get(header.streamId) === writer) streams.delete(header.streamId);
    }
  },
};

export type WorkerApi = typeof api;
