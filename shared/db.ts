/**
 * The one Dexie schema. Versions are append-only; each new version gets an `.upgrade()` and a
 * test that opens a database written by the previous version.
 *
 * Events are stored as compressed chunks (one per acked batch), keyed by (session, stream, seq) so
 * a re-sent batch is recognised and ignored.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { AdminRules } from '../worker/redact/types';
import type { StreamHeader } from './protocol';
import type { ReviewEdit, ReviewStats } from './review';
import type { SessionSummary } from './session';

export const DB_NAME = 'recorder';

export interface SessionRow extends SessionSummary {}

export interface StreamRow extends StreamHeader {
  /** Highest seq stored so far (streams are written in order). */
  lastSeq: number;
}

export interface ChunkRow {
  sessionId: string;
  streamId: string;
  seq: number;
  firstTs: number;
  lastTs: number;
  count: number;
  /** JSON length before compression. */
  rawBytes: number;
  /** gzip (fflate) of the redacted events' JSON array. */
  data: Uint8Array;
  /** When the chunk became durable (for event-to-durable latency). */
  storedAt: number;
}

export interface KeyRow {
  sessionId: string;
  /** Per-session pseudonym key; destroyed at approval or deletion so sessions never link. */
  key: Uint8Array;
  /**
   * The admin's redaction rules the session started with, kept here (never exported, deleted with
   * the key) so a restarted worker redacts the rest of the session the same way.
   */
  rules?: AdminRules;
}

export interface AuditRow {
  id?: number;
  sessionId: string;
  at: number;
  actor: string;
  action:
    | 'record'
    | 'stop'
    | 'approve'
    | 'reject'
    | 'redact'
    | 'delete'
    | 'edit'
    | 'undo'
    | 'export'
    | 'upload';
  detail: string;
}

/** The reviewer's overlay for a session (v2). */
export interface ReviewRow {
  sessionId: string;
  /** Applied in order after segmentation (worker/review/overlay.ts). */
  edits: ReviewEdit[];
  stats: ReviewStats | null;
  updatedAt: number;
}

/**
 * What a change replaced, so it can be undone until approval (v2). Destructive rewrites keep the
 * chunk rows as they were; overlay edits keep only the previous edit list. Dropped at approval.
 */
export interface UndoRow {
  id?: number;
  sessionId: string;
  at: number;
  actor: string;
  label: string;
  edits: ReviewEdit[];
  chunks: ChunkRow[];
  streams: StreamRow[];
  session: Pick<SessionRow, 'eventCount' | 'bytes' | 'rawBytes' | 'redactions' | 'intent'> | null;
}

/**
 * A forgotten time window of a session (v3). Writes check it, so a batch re-sent late from inside
 * the window (a content script that had not heard the ack, the service worker's outbox) is dropped
 * instead of bringing the forgotten minutes back.
 */
export interface TombstoneRow {
  id?: number;
  sessionId: string;
  from: number;
  to: number;
}

export class RecorderDb extends Dexie {
  sessions!: EntityTable<SessionRow, 'id'>;
  streams!: Dexie.Table<StreamRow, [string, string]>;
  chunks!: Dexie.Table<ChunkRow, [string, string, number]>;
  keys!: EntityTable<KeyRow, 'sessionId'>;
  audit!: EntityTable<AuditRow, 'id'>;
  reviews!: EntityTable<ReviewRow, 'sessionId'>;
  undo!: EntityTable<UndoRow, 'id'>;
  tombstones!: EntityTable<TombstoneRow, 'id'>;

  constructor(name = DB_NAME) {
    super(name);
    this.version(1).stores({
      sessions: 'id, startedAt, status',
      streams: '[sessionId+streamId], sessionId',
      chunks: '[sessionId+streamId+seq], sessionId, [sessionId+firstTs]',
      keys: 'sessionId',
      audit: '++id, sessionId, at',
    });
    // v2: review overlay and undo snapshots. New tables only; v1 rows are read as they are.
    this.version(2).stores({
      reviews: 'sessionId',
      undo: '++id, sessionId',
    });
    // v3: tombstones of forgotten windows. A new table only; older rows are read as they are.
    this.version(3).stores({ tombstones: '++id, sessionId' });
  }
}
