/**
 * The writable database: the schema of shared/db.ts with write access. Constructed only by
 * `openStore` (open.ts) in a worker, and by tests; pages read through `openReadView` instead.
 */
import Dexie, { type EntityTable } from 'dexie';
import {
  type AuditRow,
  type ChunkRow,
  DB_NAME,
  declareSchema,
  type KeyRow,
  type ReviewRow,
  type SessionRow,
  type StreamRow,
  type TombstoneRow,
  type UndoRow,
} from '../../shared/db';

export type {
  AuditRow,
  ChunkRow,
  KeyRow,
  ReviewRow,
  SessionRow,
  StreamRow,
  TombstoneRow,
  UndoRow,
} from '../../shared/db';

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
    declareSchema(this);
  }
}
