/**
 * The storage contract: the one Dexie schema (versions, row types) and the read-only view extension
 * pages read through. Only worker/store writes, through the writable class built on this schema
 * (worker/store/schema.ts, opened by `openStore`); pages get `openReadView()`, whose tables have no
 * write methods and which omits the pseudonym keys (docs/decisions.md, "One owner for every write").
 *
 * The versions live here, not in worker/store, because whichever context opens the database first
 * creates or upgrades it: a page declaring fewer versions (or none of their `.upgrade()`s) would
 * skip an upgrade. Versions are append-only; each new version gets an `.upgrade()` and a test that
 * opens a database written by the previous version.
 *
 * Events are stored as compressed chunks (one per acked batch), keyed by (session, stream, seq) so
 * a re-sent batch is recognised and ignored.
 */
import Dexie, { type Table } from 'dexie';
import type { StreamHeader } from './protocol';
import type { AdminRules } from './redaction-rules';
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
    | 'review'
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

/** Declares every version of the schema on `db` (the writer's class and the pages' view alike). */
export function declareSchema(db: Dexie): void {
  db.version(1).stores({
    sessions: 'id, startedAt, status',
    streams: '[sessionId+streamId], sessionId',
    chunks: '[sessionId+streamId+seq], sessionId, [sessionId+firstTs]',
    keys: 'sessionId',
    audit: '++id, sessionId, at',
  });
  // v2: review overlay and undo snapshots. New tables only; v1 rows are read as they are.
  db.version(2).stores({
    reviews: 'sessionId',
    undo: '++id, sessionId',
  });
  // v3: tombstones of forgotten windows. A new table only; older rows are read as they are.
  db.version(3).stores({ tombstones: '++id, sessionId' });
}

/** A table as pages see it: reads only. (A `where()` collection still has `delete()`; the boundary test catches it.) */
export type ReadTable<T, K> = Pick<
  Table<T, K>,
  | 'get'
  | 'bulkGet'
  | 'where'
  | 'filter'
  | 'toArray'
  | 'count'
  | 'orderBy'
  | 'toCollection'
  | 'reverse'
  | 'limit'
>;

/** What an extension page may read. No `keys`: a page never needs a pseudonym key. */
export interface ReadView {
  sessions: ReadTable<SessionRow, string>;
  streams: ReadTable<StreamRow, [string, string]>;
  chunks: ReadTable<ChunkRow, [string, string, number]>;
  audit: ReadTable<AuditRow, number>;
  reviews: ReadTable<ReviewRow, string>;
  undo: ReadTable<UndoRow, number>;
  tombstones: ReadTable<TombstoneRow, number>;
  close(): void;
}

/** The pages' connection: one per page, read-only. Writes go to a worker, which calls worker/store. */
export function openReadView(name = DB_NAME): ReadView {
  const db = new Dexie(name);
  declareSchema(db);
  return {
    sessions: db.table('sessions'),
    streams: db.table('streams'),
    chunks: db.table('chunks'),
    audit: db.table('audit'),
    reviews: db.table('reviews'),
    undo: db.table('undo'),
    tombstones: db.table('tombstones'),
    close: () => db.close(),
  };
}
