/**
 * The session lifecycle, the one place a session's status changes:
 *
 *   recording -> stopped -> in_review -> approved -> uploaded
 *                       \             \-> rejected
 *                        \-> approved | rejected   (decided without opening: bulk approve/reject)
 *
 * Sessions begin as `recording` (the recorder) or `in_review` (an imported bundle); deletion
 * removes the row and is not a status. Each transition checks, inside one read-write
 * transaction, that the current status may move to the target, then writes the status (and what
 * belongs with it: the stop time, the review decision) and appends its audit line, so a status
 * never changes without its line, nor a line appear for a change that did not happen.
 *
 * A decision is final in the same transaction: both drop the session's undo copies (nothing more
 * will be edited, no earlier version can return), and approval destroys the pseudonym key, so
 * placeholders can never be linked back. Rejection keeps the key until the session is deleted.
 */
import type { SessionRow } from '../../shared/db';
import type { SessionStatus } from '../../shared/session';
import { type AuditEvent, appendAudit } from './audit';
import type { RecorderDb } from './schema';

/** The allowed transitions, as data: from each status, where it may go. */
export const TRANSITIONS = {
  recording: ['stopped'],
  stopped: ['in_review', 'approved', 'rejected'],
  in_review: ['approved', 'rejected'],
  approved: ['uploaded'],
  rejected: [],
  uploaded: [],
} as const satisfies Record<SessionStatus, readonly SessionStatus[]>;

/** Where a session may begin, by who creates it. */
export const INITIAL = { recorder: 'recording', import: 'in_review' } as const satisfies Record<
  string,
  SessionStatus
>;

/** What each target needs besides the actor: it becomes part of the row and of the audit line. */
export interface TransitionDetails {
  stopped: { endedAt: number };
  in_review: { cause: 'opened' | 'edited' };
  approved: { note: string | null };
  rejected: { note: string | null };
  uploaded: { sha256: string; where: string; duplicate: boolean };
}

export type Target = keyof TransitionDetails;

export type TransitionMeta<T extends Target> = TransitionDetails[T] & {
  actor: string;
  /** When it happened (default now; a stop is logged at its end time). */
  at?: number;
  /**
   * A conditional transition: when the session is missing or its status is not one of these,
   * nothing is written and `transition` returns null (a stop of a session already stopped or
   * deleted, opening a session already in review). Still checked against the table.
   */
  onlyFrom?: readonly SessionStatus[];
};

export class TransitionError extends Error {
  constructor(
    readonly sessionId: string,
    readonly from: SessionStatus | null,
    readonly to: SessionStatus,
  ) {
    super(transitionMessage(from, to));
  }
}

function transitionMessage(from: SessionStatus | null, to: SessionStatus): string {
  if (from === null) return 'no such session';
  if (from === 'recording') return 'the session is still recording';
  if (from === to || ((to === 'approved' || to === 'rejected') && isDecided(from))) {
    return `the session is already ${from}`;
  }
  return `a ${from} session cannot become ${to}`;
}

function isDecided(s: SessionStatus): boolean {
  return s === 'approved' || s === 'rejected' || s === 'uploaded';
}

export function canTransition(from: SessionStatus, to: SessionStatus): boolean {
  return (TRANSITIONS[from] as readonly SessionStatus[]).includes(to);
}

/**
 * Moves a session to `to` in one read-write transaction (joining the caller's, when it has one
 * over `sessions` and `audit`, and for a decision `undo` and `keys` too). Throws TransitionError, writing nothing, when the session is
 * missing or its status may not move there. Returns the row as written, or null when `onlyFrom`
 * did not match.
 */
export async function transition<T extends Target>(
  db: RecorderDb,
  sessionId: string,
  to: T,
  meta: TransitionMeta<T>,
): Promise<SessionRow | null> {
  const decision = to === 'approved' || to === 'rejected';
  const tables = decision ? [db.sessions, db.audit, db.undo, db.keys] : [db.sessions, db.audit];
  return db.transaction('rw', tables, async () => {
    const row = await db.sessions.get(sessionId);
    if (meta.onlyFrom && !(row && meta.onlyFrom.includes(row.status))) return null;
    if (!row || !canTransition(row.status, to)) throw new TransitionError(sessionId, row?.status ?? null, to);
    const at = meta.at ?? Date.now();
    const { patch, event } = effects(row, to, meta as TransitionMeta<Target>, at);
    const next: SessionRow = { ...row, ...patch, status: to };
    await db.sessions.put(next);
    if (decision) await db.undo.where('sessionId').equals(sessionId).delete();
    if (to === 'approved') await db.keys.delete(sessionId);
    await appendAudit(db, sessionId, meta.actor, at, event);
    return next;
  });
}

function effects(
  row: SessionRow,
  to: Target,
  meta: TransitionMeta<Target>,
  at: number,
): { patch: Partial<SessionRow>; event: AuditEvent } {
  switch (to) {
    case 'stopped': {
      const { endedAt } = meta as TransitionMeta<'stopped'>;
      return { patch: { endedAt: Math.max(row.endedAt ?? 0, endedAt) }, event: { kind: 'stopped' } };
    }
    case 'in_review':
      return {
        patch: {},
        event: { kind: 'review-started', cause: (meta as TransitionMeta<'in_review'>).cause },
      };
    case 'approved':
    case 'rejected': {
      const { note } = meta as TransitionMeta<'approved'>;
      return {
        patch: { review: { decision: to, reviewer: meta.actor, at, note } },
        event: { kind: 'decided', decision: to, note },
      };
    }
    case 'uploaded': {
      const m = meta as TransitionMeta<'uploaded'>;
      return {
        patch: {},
        event: { kind: 'uploaded', sha256: m.sha256, where: m.where, duplicate: m.duplicate },
      };
    }
  }
}
