/**
 * Admission: may this stream message be stored? One pure function with every rule, called at two
 * places that each know part of the picture:
 *
 * - the offscreen document knows the sender (Chrome's word for the frame's origin) and what the
 *   service worker last said (`CoordinatorState`, pushed on every change and pulled on startup);
 * - the worker knows the session row, and checks it inside the write transaction, so nothing is
 *   written after another context (the review worker) approved, rejected or deleted the session.
 *
 * A rule whose input a caller does not have is skipped there; the other caller applies it. A
 * refusal never stops the session that is recording now: a stale sender (a frame that missed Stop,
 * a tab moved to another window) must not be able to end someone else's recording. The sender
 * drops what was refused and stops re-sending it (see StreamLink), so nothing loops.
 *
 * `madeUnder` is the identity of the directive the stream was recorded under (session id and the
 * service worker's epoch, bumped on every state change). A stream is made under one directive: the
 * content script stops its recorder whenever a directive stops allowing recording (pause, Stop, a
 * site turned off) and starts a new stream when recording is allowed again. So the rule "made under
 * a directive that did not allow recording" is decided by the stamp, against the coordinator's
 * recording spans (`RecordingSpan`), never by when the batch arrives: batches made before a pause
 * and re-sent after a restart are kept, a stream stamped inside a pause is refused.
 */
import { originEnabled } from './origins';
import type { RecordingState } from './protocol';
import type { OriginRule, SessionStatus } from './session';

/**
 * How long a stopped session still takes frame batches. Stop flushes every frame before it ends
 * the session, so only stragglers arrive later (a frame whose drain was slow); anything after
 * this is a frame that missed the stop.
 */
export const LATE_GRACE_MS = 5_000;

/** Identity of a directive: which session it was for, and which state of the coordinator. */
export interface DirectiveStamp {
  sessionId: string;
  epoch: number;
}

/**
 * Epochs `[from, to)` during which the coordinator was recording (not paused, not stopped) for
 * `sessionId`; `to: null` while it still is. A directive stamped with an epoch inside a span
 * allowed recording.
 */
export interface RecordingSpan {
  sessionId: string;
  from: number;
  to: number | null;
}

/** What the service worker says now; the offscreen document keeps the latest (highest epoch). */
export interface CoordinatorState {
  epoch: number;
  state: RecordingState;
  /** Kept while paused and in `error` (until Stop), so frames still draining are recognised. */
  sessionId: string | null;
  origins: OriginRule[];
  /**
   * The recording spans of the current (or, after Stop, the last) session. Absent from a
   * coordinator that does not keep them: the stamp rule is then skipped.
   */
  spans?: RecordingSpan[] | undefined;
}

/**
 * The spans after a write of the recording record (pure; the service worker's `setRecording` calls
 * it). A span opens when recording starts or resumes and closes at the epoch of the write that
 * pauses, stops or fails it; only the newest session's spans are kept, through Stop, so stragglers
 * of a stopped session are still judged by them.
 */
export function nextSpans(
  spans: readonly RecordingSpan[],
  next: { state: RecordingState; sessionId: string | null; epoch: number },
): RecordingSpan[] {
  const closed = spans.map((s) => (s.to === null ? { ...s, to: next.epoch } : s));
  const open = spans.find((s) => s.to === null);
  if (next.state !== 'recording' || next.sessionId === null) return closed;
  if (open && open.sessionId === next.sessionId) return [...spans];
  const same = closed.filter((s) => s.sessionId === next.sessionId);
  return [...same, { sessionId: next.sessionId, from: next.epoch, to: null }];
}

/** Did the directive with this stamp allow recording? `null`: the coordinator cannot tell. */
export function stampAllowedRecording(
  stamp: DirectiveStamp,
  coordinator: CoordinatorState | undefined,
): boolean | null {
  const spans = coordinator?.spans?.filter((s) => s.sessionId === stamp.sessionId);
  if (!coordinator || !spans || spans.length === 0) return null; // another, older session: row rules decide
  // A directive newer than what we heard (the service worker wrote its record and has not told us
  // yet): only an open span can vouch for it.
  const inside = (s: RecordingSpan) => stamp.epoch >= s.from && (s.to === null || stamp.epoch < s.to);
  if (spans.some(inside)) return true;
  return stamp.epoch > coordinator.epoch ? null : false;
}

export interface BatchContext {
  /** `frame`: a content script's stream. `coordinator`: the service worker's own session events. */
  source: 'frame' | 'coordinator';
  /** The session the stream header names. */
  sessionId: string;
  madeUnder: DirectiveStamp;
  /**
   * The port's sender (frame origin as Chrome reports it) and the header's URL; offscreen only.
   * `opening`: the stream's `open` (the enabled-site rule applies there, see `admit`).
   */
  sender?: { origin: string; headerUrl: string; opening: boolean } | undefined;
}

export interface KnownState {
  now: number;
  /** Absent until the service worker has told us (the offscreen waits for it before admitting). */
  coordinator?: CoordinatorState | undefined;
  /** The session row (`null`: no such session); absent where the row is not read (offscreen). */
  session?: { status: SessionStatus; endedAt: number | null } | null | undefined;
}

export type RefusalReason =
  | 'stamp-mismatch'
  | 'not-recording-directive'
  | 'url-origin-mismatch'
  | 'origin-not-enabled'
  | 'not-current-session'
  | 'unknown-session'
  | 'session-ended'
  | 'session-closed';

/**
 * `scope: 'stream'`: the whole stream is dead (the sender drops every unacked batch and stops that
 * frame's recorder). `'batch'`: only the named batches are dropped (for directive-based rules).
 */
export interface Refusal {
  reason: RefusalReason;
  detail: string;
  scope: 'stream' | 'batch';
}

export type Admission = { ok: true } | ({ ok: false } & Refusal);

const OK: Admission = { ok: true };
const CLOSED: ReadonlySet<SessionStatus> = new Set(['in_review', 'approved', 'rejected', 'uploaded']);

function refuse(reason: RefusalReason, detail: string): Admission {
  return { ok: false, reason, detail, scope: 'stream' };
}

function originOf(url: string): string | null {
  try {
    const o = new URL(url).origin;
    return o === 'null' ? null : o;
  } catch {
    return null;
  }
}

export function admit(ctx: BatchContext, known: KnownState): Admission {
  if (ctx.madeUnder.sessionId !== ctx.sessionId) {
    return refuse('stamp-mismatch', 'the stream names another session than its directive');
  }
  // Made under a directive that did not allow recording (paused, stopped, failed): the whole stream
  // carries that stamp, so the whole stream is refused (its frame stops and asks again).
  if (ctx.source === 'frame' && stampAllowedRecording(ctx.madeUnder, known.coordinator) === false) {
    return refuse(
      'not-recording-directive',
      `made under directive ${ctx.madeUnder.epoch}, which did not allow recording`,
    );
  }
  if (ctx.sender) {
    const headerOrigin = originOf(ctx.sender.headerUrl);
    if (headerOrigin === null || headerOrigin !== ctx.sender.origin) {
      return refuse('url-origin-mismatch', `header URL is not of the sending frame's origin`);
    }
    // Origin strings parse as URLs; an opaque origin ("null") never matches a rule. Checked when a
    // stream opens, not per batch: batches captured before a site was turned off and delivered
    // after (the frame drains when told to stop) are kept; a frame that missed the directive has
    // its port closed (offscreen `closeDisabled`) and is refused when it reopens. Origins are not
    // part of the epoch, so this rule (unlike pause and stop) is not decided by the stamp.
    if (
      ctx.sender.opening &&
      known.coordinator &&
      !originEnabled(ctx.sender.origin, known.coordinator.origins)
    ) {
      return refuse('origin-not-enabled', `${ctx.sender.origin} is not an enabled site`);
    }
  }
  const row = known.session;
  if (row === undefined) return OK; // the worker decides the session rules
  if (row === null) return refuse('unknown-session', `no session ${ctx.sessionId}`);
  if (CLOSED.has(row.status)) return refuse('session-closed', `the session is ${row.status}`);
  if (ctx.source === 'coordinator') return OK; // the service worker's own events, made while recording
  if (row.status === 'stopped') {
    const end = row.endedAt ?? 0;
    return known.now <= end + LATE_GRACE_MS
      ? OK
      : refuse('session-ended', `the session stopped ${Math.round((known.now - end) / 1000)} s ago`);
  }
  // status 'recording': only while the coordinator still has it (recording, paused, or failed and
  // draining). A row left 'recording' by a service worker killed mid-stop takes nothing more.
  if (known.coordinator && known.coordinator.sessionId !== ctx.sessionId) {
    return refuse('not-current-session', 'the service worker is not recording this session');
  }
  return OK;
}
