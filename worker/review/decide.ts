/**
 * Decisions and retention. A decision is a lifecycle transition (worker/store/lifecycle.ts), which
 * also drops the undo copies and, at approval, the pseudonym key, in the same transaction.
 */
import { createRedactor } from '../redact/index';
import { deleteSession } from '../store/deletion';
import { TransitionError, transition } from '../store/lifecycle';
import type { RecorderDb } from '../store/schema';

export class DecisionError extends Error {}

export async function decide(
  db: RecorderDb,
  sessionId: string,
  decision: 'approved' | 'rejected',
  reviewer: string,
  note: string | null,
): Promise<void> {
  const name = reviewer.trim();
  if (name === '') throw new DecisionError('set a reviewer name first');
  // Read before the transition's own transaction: if the session is decided meanwhile its key is
  // gone and the transition below is refused, so a note is never redacted with a stale key.
  const key = await db.keys.get(sessionId);
  // The note ships with the approval: it is redacted like everything else.
  const clean = note?.trim()
    ? key
      ? createRedactor({ key: key.key }).text(note.trim())
      : note.trim()
    : null;
  // The status, the decision, its audit line, undo copies and key (lifecycle.ts); refused unless
  // stopped or in review.
  await transition(db, sessionId, decision, { actor: name, note: clean }).catch((e: unknown) => {
    throw e instanceof TransitionError ? new DecisionError(e.message) : e;
  });
}

const DAY = 24 * 60 * 60 * 1000;

/** Deletes rejected and uploaded sessions decided (or uploaded) more than `days` ago. */
export async function sweepRetention(
  db: RecorderDb,
  days: number,
  now: number,
  actor: string,
): Promise<number> {
  if (!(days > 0)) return 0;
  const cutoff = now - days * DAY;
  const candidates = await db.sessions.where('status').anyOf('rejected', 'uploaded').toArray();
  let deleted = 0;
  for (const s of candidates) {
    let at = s.review?.at ?? s.endedAt ?? s.startedAt;
    if (s.status === 'uploaded') {
      const uploads = await db.audit
        .where('sessionId')
        .equals(s.id)
        .filter((a) => a.action === 'upload')
        .toArray();
      at = Math.max(at, ...uploads.map((a) => a.at));
    }
    if (at < cutoff) {
      await deleteSession(db, s.id, `${actor} (retention: ${days} days)`);
      deleted++;
    }
  }
  return deleted;
}
