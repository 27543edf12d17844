/**
 * The one message protocol. Every runtime message is declared here once, per receiver, as a
 * function type; send and handle types are inferred from these maps, so a missing handler or a
 * wrong payload is a compile error.
 *
 * Runtime messages (chrome.runtime.sendMessage / chrome.tabs.sendMessage) carry an envelope
 * `{ to, type, data }`; receivers ignore envelopes for other receivers. Event data does not travel
 * here: it goes over the stream port (see `StreamUp` / `StreamDown`).
 */

import type { InferOutput } from 'valibot';
import type { AdminRules } from '../worker/redact/types';
import type { CoordinatorState } from './admission';
import type { ConsentRecord, OriginRule } from './session';
import type { StreamHeaderSchema, StreamUpSchema } from './stream-schema';

export type RecordingState = 'idle' | 'recording' | 'paused' | 'error';

/** What a frame should do, as decided by the service worker from consent, allowlist and state. */
export interface FrameDirective {
  record: boolean;
  sessionId: string | null;
  paused: boolean;
  tabId: number;
  frameId: number;
  /**
   * Masking selectors (defaults, user settings, admin rules) as they are stored: unchecked, since
   * the service worker has no DOM to parse them. The frame checks each one (shared/selectors.ts).
   */
  blockSelectors: string[];
  maskSelectors: string[];
  /** The enabled origins, so a frame can mark child frames that are not recorded. */
  origins: OriginRule[];
  /** The coordinator's state serial when this was decided; streams carry it (`DirectiveStamp`). */
  epoch: number;
}

/**
 * A task in progress as the coordinator remembers it: no intent (raw strings do not stay in
 * chrome.storage.session). Its start event, intent redacted, is stored in stream `sw:<key>`.
 */
export interface TaskRef {
  taskId: string;
  key: string;
}

export interface UiState {
  consent: ConsentRecord | null;
  state: RecordingState;
  error: string | null;
  sessionId: string | null;
  windowId: number | null;
  startedAt: number | null;
  task: TaskRef | null;
  origins: OriginRule[];
  /** For the tab the popup is about. */
  tab: { id: number; url: string; origin: string | null; enabled: boolean; recordable: boolean } | null;
}

/**
 * Capture health as the offscreen document sees it (it relays every batch to the writer and every
 * ack back): counts since `since` (its start or the session's), no recording data.
 */
export interface CaptureStats {
  since: number;
  sessionId: string | null;
  /** Events in batches the writer acked (durably stored). */
  eventsSaved: number;
  lastSaveAt: number | null;
  /** Batches handed to the writer and not yet acked. */
  pending: number;
  oldestPendingAt: number | null;
}

export interface ServiceWorkerProtocol {
  'content/hello': (req: { url: string }) => FrameDirective;
  /** A frame stopped recording: `frame` stops only its stream, `session` (storage full, buffer full) stops all. */
  'content/failed': (req: { reason: string; scope: 'frame' | 'session' }) => void;
  'content/ensureStore': (req: Record<string, never>) => void;
  /** The offscreen document asks for the coordinator's state when it starts (it may start after a change). */
  'offscreen/hello': (req: Record<string, never>) => CoordinatorState;
  'ui/state': (req: { tabId: number | null }) => UiState;
  'ui/consent': (req: { version: string }) => UiState;
  'ui/withdrawConsent': (req: Record<string, never>) => UiState;
  'ui/enableOrigin': (req: { origin: string }) => UiState;
  'ui/disableOrigin': (req: { origin: string }) => UiState;
  'ui/start': (req: { tabId: number; intent: string | null }) => UiState;
  'ui/stop': (req: Record<string, never>) => UiState;
  'ui/pause': (req: Record<string, never>) => UiState;
  'ui/resume': (req: Record<string, never>) => UiState;
  'ui/startTask': (req: { intent: string }) => UiState;
  'ui/endTask': (req: { outcome: 'done' | 'abandoned' }) => UiState;
  /** Deletes the last `minutes` of the active session (recording restarts with fresh snapshots). */
  'ui/forget': (req: { minutes: number }) => UiState & { removed: number };
  /** Capture health for the popup (null when the offscreen document is not running). */
  'ui/health': (req: Record<string, never>) => CaptureStats | null;
  /** Resolves when every frame of the session has had everything it captured durably stored. */
  'ui/flush': (req: Record<string, never>) => { frames: number };
  /** The reviewer's name (audit log, approvals): reads it, or sets the user's own when `set` is given. */
  'ui/reviewer': (req: { set?: string | null }) => { reviewer: string | null; managed: boolean };
}

export interface ContentProtocol {
  'content/directive': (req: FrameDirective) => void;
  'content/flush': (req: Record<string, never>) => { pending: number };
}

export interface OffscreenProtocol {
  'offscreen/ping': (req: Record<string, never>) => { ok: true };
  'offscreen/stats': (req: Record<string, never>) => CaptureStats;
  /** The coordinator's state, sent on every change and when the service worker starts (admission). */
  'offscreen/state': (req: CoordinatorState) => void;
  'offscreen/sessionStart': (req: {
    sessionId: string;
    startedAt: number;
    consent: ConsentRecord;
    intent: string | null;
    /** The admin policy's always-redact rules (shared/policy.ts), applied from the first event. */
    redactionRules: AdminRules | null;
  }) => void;
  'offscreen/sessionEnd': (req: { sessionId: string; endedAt: number }) => void;
  'offscreen/forget': (req: { sessionId: string; from: number; to: number }) => { removed: number };
  /** Closes every stream port from a frame whose site is not in `origins` (a site was turned off). */
  'offscreen/closeDisabled': (req: { origins: OriginRule[] }) => { closed: number };
  /** Session-level events the service worker observes (tabs, navigation, task markers). */
  'offscreen/sessionEvents': (req: { sessionId: string; key: string; events: string }) => void;
}

export interface Protocols {
  sw: ServiceWorkerProtocol;
  content: ContentProtocol;
  offscreen: OffscreenProtocol;
}
export type Receiver = keyof Protocols;

export type MessageType<R extends Receiver> = keyof Protocols[R] & string;
type Fn<R extends Receiver, K extends MessageType<R>> = Protocols[R][K] extends (...args: infer _A) => unknown
  ? Protocols[R][K]
  : never;
export type RequestOf<R extends Receiver, K extends MessageType<R>> = Parameters<Fn<R, K>>[0];
export type ResponseOf<R extends Receiver, K extends MessageType<R>> = ReturnType<Fn<R, K>>;

export interface Envelope<R extends Receiver = Receiver, K extends string = string> {
  to: R;
  type: K;
  data: unknown;
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

/** Handlers for one receiver: one function per message type, possibly async. */
export type Handlers<R extends Receiver, Ctx> = {
  [K in MessageType<R>]: (req: RequestOf<R, K>, ctx: Ctx) => ResponseOf<R, K> | Promise<ResponseOf<R, K>>;
};

// ---- the stream port (content script <-> offscreen document) ----

export const STREAM_PORT = 'rec-stream';

/** A stream's header (sent with `open`), derived from its schema (shared/stream-schema.ts). */
export type StreamHeader = InferOutput<typeof StreamHeaderSchema>;

/** Content script -> offscreen on the stream port; shapes and their meaning in shared/stream-schema.ts. */
export type StreamUp = InferOutput<typeof StreamUpSchema>;

export type StreamDown =
  | { type: 'ack'; streamId: string; seqs: number[] }
  | { type: 'flushed'; streamId: string; id: number }
  /**
   * A message failed. `fatal`: retrying cannot help, the frame stops; `sessionFatal`: no frame can
   * go on (storage full), the session stops. Otherwise the sender reconnects and re-sends.
   */
  | { type: 'rejected'; streamId: string; reason: string; fatal: boolean; sessionFatal: boolean }
  /**
   * Admission said no (shared/admission.ts): the sender drops what was refused and never re-sends
   * it. `stream`: every unacked batch and the stream itself; `batch`: only `seqs`.
   */
  | { type: 'refused'; streamId: string; scope: 'stream' | 'batch'; seqs: number[]; reason: string };
