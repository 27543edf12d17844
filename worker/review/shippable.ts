/**
 * What ships for a session: its stored (redacted) events, the trajectories segmented from them
 * with the reviewer's edits (worker/review/overlay.ts) applied, and the approval. Edits that
 * rewrite events (redact more, delete steps) are already in the stored events. Review preview,
 * export and upload all call this one function, so what the reviewer sees is exactly what is
 * exported (invariant 6).
 */
import type { SessionRow } from '../../shared/db';
import { readSession, type StoredSession } from '../../shared/read-session';
import type { ReviewDecision } from '../../shared/session';
import type { Refinement, Trajectory } from '../../shared/trajectory';
import type { RecorderDb } from '../store/schema';
import { segmentSession } from '../trajectory/index';
import { applyOverlay } from './overlay';

export interface ShippableSession {
  session: SessionRow;
  stored: StoredSession;
  trajectories: Trajectory[];
  refinements: Refinement[];
  /** Present when the session is approved. */
  approval: ReviewDecision | null;
}

export class NotApprovedError extends Error {}

export async function shippableSession(
  db: RecorderDb,
  sessionId: string,
  opts: { requireApproved?: boolean } = {},
): Promise<ShippableSession> {
  const session = await db.sessions.get(sessionId);
  if (!session) throw new Error(`no session ${sessionId}`);
  const approved = session.status === 'approved' || session.status === 'uploaded';
  if ((opts.requireApproved ?? true) && !approved) {
    throw new NotApprovedError(
      `session ${sessionId} is ${session.status}; only approved sessions can be exported or uploaded`,
    );
  }
  const [stored, review] = await Promise.all([readSession(db, sessionId), db.reviews.get(sessionId)]);
  const segmented = segmentSession({ sessionId, stored }).trajectories;
  const trajectories = applyOverlay(sessionId, segmented, review?.edits ?? []);
  const refinements = trajectories.flatMap((t) => t.refinements);
  return {
    session,
    stored,
    trajectories,
    refinements,
    approval: approved && session.review?.decision === 'approved' ? session.review : null,
  };
}
