/**
 * A finished upload, in the store: every approved session of the bundle becomes uploaded with its
 * audit line (lifecycle.ts), in one transaction for the whole bundle; a session uploaded before
 * (a retried or duplicate upload) gets the line only, and a deleted one nothing.
 */
import { appendAudit } from './audit';
import { transition } from './lifecycle';
import type { RecorderDb } from './schema';

export interface Uploaded {
  sha256: string;
  /** The receiver's origin. */
  where: string;
  duplicate: boolean;
}

export async function recordUpload(
  db: RecorderDb,
  sessionIds: readonly string[],
  uploaded: Uploaded,
  at: number,
): Promise<void> {
  await db.transaction('rw', db.sessions, db.audit, async () => {
    for (const id of sessionIds) {
      const moved = await transition(db, id, 'uploaded', {
        actor: 'uploader',
        at,
        ...uploaded,
        onlyFrom: ['approved'],
      });
      if (!moved && (await db.sessions.get(id))) {
        await appendAudit(db, id, 'uploader', at, { kind: 'uploaded', ...uploaded });
      }
    }
  });
}
