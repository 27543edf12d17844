/**
 * Undo, until approval: the last change of a session is reverted from what it replaced (chunk rows,
 * stream rows, session counters, the overlay's edit list). Approval and rejection drop the stack
 * (worker/review/decide.ts), so nothing of a decided session can come back.
 */
import type { UndoRow } from '../../shared/db';
import { appendAudit } from './audit';
import { assertEditable } from './review-changes';
import type { RecorderDb } from './schema';

export async function lastUndo(db: RecorderDb, sessionId: string): Promise<UndoRow | undefined> {
  return db.undo.where('sessionId').equals(sessionId).last();
}

export async function undoLast(db: RecorderDb, sessionId: string, actor: string): Promise<string | null> {
  const tables = [db.sessions, db.chunks, db.streams, db.reviews, db.undo, db.audit];
  return db.transaction('rw', tables, async () => {
    assertEditable(await db.sessions.get(sessionId));
    const row = await lastUndo(db, sessionId);
    if (!row?.id) return null;
    if (row.chunks.length > 0) await db.chunks.bulkPut(row.chunks);
    if (row.streams.length > 0) await db.streams.bulkPut(row.streams);
    if (row.session) await db.sessions.update(sessionId, row.session);
    await db.reviews.put({ sessionId, edits: row.edits, stats: null, updatedAt: Date.now() });
    await db.undo.delete(row.id);
    await appendAudit(db, sessionId, actor, Date.now(), { kind: 'undone', label: row.label });
    return row.label;
  });
}
