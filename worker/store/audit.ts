/**
 * The one place audit rows are built and appended. Callers say what happened as a typed event;
 * the row's `action` (the log's "What" column) and its `detail` text follow from it here, so the
 * log reads the same wherever a change was made. Rows are only ever appended: nothing updates or
 * deletes them (deleting a session keeps its lines).
 *
 * `append` must run inside the caller's write transaction (with `db.audit` in its scope), so a
 * change and its line commit or fail together.
 */
import type { AuditRow } from '../../shared/db';
import type { RecorderDb } from './schema';

export type AuditEvent =
  /** A recording began (the recorder created the session). */
  | { kind: 'started' }
  /** Recording ended. */
  | { kind: 'stopped' }
  /** A reviewer began reviewing: by opening the session, or by changing it before opening it. */
  | { kind: 'review-started'; cause: 'opened' | 'edited' }
  | { kind: 'decided'; decision: 'approved' | 'rejected'; note: string | null }
  /** A bundle holding the session reached the upload endpoint (or was already there). */
  | { kind: 'uploaded'; sha256: string; where: string; duplicate: boolean }
  | { kind: 'exported'; sha256: string; bytes: number; files: number }
  /** The session was created from an imported bundle, for review. */
  | { kind: 'imported'; sha256: string; originalId: string; contributorId: string }
  /** An overlay edit (intent, outcome, split, merge); `what` says which, never typed text. */
  | { kind: 'edited'; what: string }
  /** Redact-more; `what` names the rule types and counts, never the terms. */
  | { kind: 'redacted'; what: string }
  /** Events cut by the reviewer (a step, a range). */
  | { kind: 'events-deleted'; label: string; removed: number }
  | { kind: 'undone'; label: string }
  | { kind: 'session-deleted' }
  /** A time window forgotten by the recording user. */
  | { kind: 'forgotten'; removed: number; pageLoads: number; from: number; to: number };

export type AuditKind = AuditEvent['kind'];

/** The text an import's lines carry, so a second import of the same bundle is recognised. */
export function importTag(sha256: string): string {
  return `imported from bundle ${sha256}`;
}

function lineOf(e: AuditEvent): { action: AuditRow['action']; detail: string } {
  switch (e.kind) {
    case 'started':
      return { action: 'record', detail: 'started' };
    case 'stopped':
      return { action: 'stop', detail: 'stopped' };
    case 'review-started':
      return {
        action: 'review',
        detail: e.cause === 'opened' ? 'opened for review' : 'review began with a change',
      };
    case 'decided':
      return {
        action: e.decision === 'approved' ? 'approve' : 'reject',
        detail: e.note ? `note: ${e.note}` : 'no note',
      };
    case 'uploaded':
      return {
        action: 'upload',
        detail: `bundle ${e.sha256} ${e.duplicate ? 'was already on' : 'uploaded to'} ${e.where}`,
      };
    case 'exported':
      return {
        action: 'export',
        detail: `exported in bundle ${e.sha256} (${e.bytes} bytes, ${e.files} files)`,
      };
    case 'imported':
      return {
        action: 'record',
        detail: `${importTag(e.sha256)} (session ${e.originalId}, contributor ${e.contributorId}) for review`,
      };
    case 'edited':
      return { action: 'edit', detail: e.what };
    case 'redacted':
      return { action: 'redact', detail: e.what };
    case 'events-deleted':
      return { action: 'delete', detail: `${e.label}: ${e.removed} events deleted` };
    case 'undone':
      return { action: 'undo', detail: `undid: ${e.label}` };
    case 'session-deleted':
      return { action: 'delete', detail: 'session deleted' };
    case 'forgotten':
      return {
        action: 'delete',
        detail: `forgot ${e.removed} events and ${e.pageLoads} page loads from ${new Date(e.from).toISOString()} to ${new Date(e.to).toISOString()}`,
      };
  }
}

declare const BUILT: unique symbol;
/** A row built here (a type-only brand: no other code can make one without a cast). */
export type AuditLine = AuditRow & { readonly [BUILT]: true };

/** The row for one event (without its auto-incremented id). */
export function auditRow(sessionId: string, actor: string, at: number, event: AuditEvent): AuditLine {
  return { sessionId, at, actor, ...lineOf(event) } as AuditLine;
}

/** Appends one line; call it inside the transaction that makes the change it records. */
export async function appendAudit(
  db: RecorderDb,
  sessionId: string,
  actor: string,
  at: number,
  event: AuditEvent,
): Promise<void> {
  await db.audit.add(auditRow(sessionId, actor, at, event));
}

/** Appends many lines at once (an import, an export of several sessions). */
export async function appendAuditRows(db: RecorderDb, rows: AuditLine[]): Promise<void> {
  if (rows.length > 0) await db.audit.bulkAdd(rows);
}
