/**
 * The list's cached step and task counts of a session (ReviewRow.stats), kept beside the reviewer's
 * edits. A session deleted meanwhile gets no row back.
 */
import type { ReviewStats } from '../../shared/review';
import type { RecorderDb } from './schema';

export async function saveReviewStats(db: RecorderDb, sessionId: string, stats: ReviewStats): Promise<void> {
  await db.transaction('rw', db.reviews, db.sessions, async () => {
    if (!(await db.sessions.get(sessionId))) return;
    const review = await db.reviews.get(sessionId);
    await db.reviews.put({ sessionId, edits: review?.edits ?? [], stats, updatedAt: Date.now() });
  });
}
