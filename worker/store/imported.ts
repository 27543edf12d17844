/**
 * Writes the sessions of an imported bundle (worker/ship/import.ts built and redacted them): all
 * rows and their audit lines in one transaction, so a failed import leaves nothing behind. An
 * imported session begins where the lifecycle says imports begin (`INITIAL.import`).
 */
import type { ChunkRow, KeyRow, SessionRow, StreamRow } from '../../shared/db';
import { type AuditLine, appendAuditRows } from './audit';
import { INITIAL } from './lifecycle';
import type { RecorderDb } from './schema';

export interface ImportedRows {
  sessions: SessionRow[];
  streams: StreamRow[];
  chunks: ChunkRow[];
  keys: KeyRow[];
  audit: AuditLine[];
}

export async function insertImported(db: RecorderDb, rows: ImportedRows): Promise<void> {
  const wrong = rows.sessions.find((s) => s.status !== INITIAL.import);
  if (wrong) throw new Error(`an imported session begins ${INITIAL.import}, not ${wrong.status}`);
  await db.transaction('rw', [db.sessions, db.streams, db.chunks, db.keys, db.audit], async () => {
    await db.sessions.bulkAdd(rows.sessions);
    await db.keys.bulkAdd(rows.keys);
    await db.streams.bulkAdd(rows.streams);
    await db.chunks.bulkAdd(rows.chunks);
    await appendAuditRows(db, rows.audit);
  });
}
