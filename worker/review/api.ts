/**
 * The review page's worker API (comlink, typed at the caller as `ReviewApi`). Everything heavy or
 * destructive runs here, off the page's main thread: segmentation, re-redaction, cuts, undo,
 * decisions, retention.
 *
 * The last built view is cached per session and dropped on every change, so opening a step's
 * exported form does not segment again.
 */
import type { Outcome, ReviewEdit, ReviewStats, SessionView, ShippedStep } from '../../shared/review';
import type { AdminRules } from '../redact/index';
import { createRedactor } from '../redact/index';
import { deleteAllSessions, deleteSession } from '../store/deletion';
import { transition } from '../store/lifecycle';
import { openStore } from '../store/open';
import { assertEditable, commitChange, loadStreams } from '../store/review-changes';
import { undoLast } from '../store/undo';
import { deleteWindows, stepWindows } from './cut';
import { decide, sweepRetention } from './decide';
import { type LeftoverItem, sessionLeftovers } from './leftover-texts';
import type { LeftoverKind } from './leftovers';
import { resolveAnchor } from './overlay';
import { type RedactMoreResult, redactMore } from './rewrite';
import { type BuiltView, buildView, listStats } from './view';

let db = openStore();
let cache: BuiltView | null = null;

async function built(sessionId: string): Promise<BuiltView> {
  if (cache?.view.sessionId !== sessionId) cache = await buildView(db, sessionId);
  return cache;
}

async function changed<T>(work: Promise<T>): Promise<T> {
  cache = null;
  try {
    return await work;
  } finally {
    cache = null;
  }
}

const OUTCOMES: readonly Outcome[] = ['done', 'abandoned', 'unknown'];
const KINDS: readonly LeftoverKind[] = ['name', 'account', 'address', 'number'];

export const reviewApi = {
  /** For tests and benchmarks: use another database name. */
  useDatabase(name: string): void {
    db = openStore(name);
    cache = null;
  },

  async open(sessionId: string): Promise<SessionView> {
    cache = null;
    return (await built(sessionId)).view;
  },

  /**
   * The reviewer opened the session: a stopped session moves to "in review", and the audit log
   * names who opened it (lifecycle.ts). Explicit, so building a view never changes a status.
   */
  async startReview(sessionId: string, actor: string): Promise<void> {
    await transition(db, sessionId, 'in_review', { actor, cause: 'opened', onlyFrom: ['stopped'] });
  },

  async stats(ids: string[]): Promise<Record<string, ReviewStats>> {
    return listStats(db, ids);
  },

  /** Exactly what ships for one step (trajectory JSONL form: action, target, observation). */
  async shippedStep(sessionId: string, trajectory: number, step: number): Promise<ShippedStep | null> {
    const { shippable } = await built(sessionId);
    return shippable.trajectories[trajectory]?.steps[step] ?? null;
  },

  async redactMore(sessionId: string, rules: AdminRules, actor: string): Promise<RedactMoreResult> {
    return changed(redactMore(db, sessionId, rules, actor));
  },

  /**
   * "Possible personal data left": what the detectors were not sure enough about, ranked, with
   * where each occurs. Computed from the cached view on every call, never stored.
   */
  async leftovers(sessionId: string): Promise<LeftoverItem[]> {
    const { shippable } = await built(sessionId);
    return sessionLeftovers(shippable.stored, shippable.trajectories);
  },

  /**
   * Redacts one listed candidate everywhere through "Redact more". The audit line and Undo name
   * the action and the kind, never the term (it is the very text being removed).
   */
  async redactLeftover(
    sessionId: string,
    term: string,
    kind: LeftoverKind,
    actor: string,
  ): Promise<RedactMoreResult> {
    if (!KINDS.includes(kind)) throw new Error('unknown kind');
    const what = `a listed candidate (${kind})`;
    return changed(redactMore(db, sessionId, { terms: [term] }, actor, { what }));
  },

  async deleteStep(
    sessionId: string,
    trajectory: number,
    step: number,
    actor: string,
  ): Promise<{ removed: number }> {
    const { shippable } = await built(sessionId);
    const s = shippable.trajectories[trajectory]?.steps[step];
    if (!s) throw new Error('no such step');
    const streams = await loadStreams(db, sessionId);
    const windows = stepWindows(s, shippable.stored, streams);
    const label = `delete step ${step + 1} of task ${trajectory + 1} (${s.action.type})`;
    return changed(deleteWindows(db, sessionId, windows, actor, label, streams));
  },

  /** Deletes every event (task markers aside) between two absolute timestamps. */
  async deleteRange(
    sessionId: string,
    from: number,
    to: number,
    actor: string,
  ): Promise<{ removed: number }> {
    if (!(to >= from)) throw new Error('the range ends before it starts');
    const seconds = ((to - from) / 1000).toFixed(1);
    return changed(deleteWindows(db, sessionId, { from, to }, actor, `delete ${seconds} s of recording`));
  },

  async edit(sessionId: string, edit: ReviewEdit, actor: string): Promise<void> {
    await changed(applyEdit(sessionId, edit, actor));
  },

  async undo(sessionId: string, actor: string): Promise<string | null> {
    return changed(undoLast(db, sessionId, actor));
  },

  /** Approves or rejects each session; ones that cannot be decided are reported, not thrown. */
  async decide(
    ids: string[],
    decision: 'approved' | 'rejected',
    reviewer: string,
    note: string | null,
  ): Promise<{ done: string[]; skipped: { id: string; reason: string }[] }> {
    cache = null;
    const done: string[] = [];
    const skipped: { id: string; reason: string }[] = [];
    for (const id of ids) {
      try {
        await decide(db, id, decision, reviewer, note);
        done.push(id);
      } catch (e) {
        skipped.push({ id, reason: e instanceof Error ? e.message : String(e) });
      }
    }
    return { done, skipped };
  },

  async deleteSessions(ids: string[], actor: string): Promise<number> {
    cache = null;
    for (const id of ids) await deleteSession(db, id, actor);
    return ids.length;
  },

  async deleteAll(actor: string): Promise<number> {
    cache = null;
    return deleteAllSessions(db, actor);
  },

  async retention(days: number, actor: string): Promise<number> {
    cache = null;
    return sweepRetention(db, days, Date.now(), actor);
  },
};

export type ReviewApi = typeof reviewApi;

async function applyEdit(sessionId: string, edit: ReviewEdit, actor: string): Promise<void> {
  const [session, review, key] = await Promise.all([
    db.sessions.get(sessionId),
    db.reviews.get(sessionId),
    db.keys.get(sessionId),
  ]);
  assertEditable(session);
  const { shippable } = await built(sessionId);
  const i = resolveAnchor(shippable.trajectories, edit.anchor);
  if (i < 0) throw new Error('that task is no longer there');
  let e = edit;
  let detail: string;
  switch (edit.op) {
    case 'intent':
      if (edit.text.length > 500) throw new Error('the intent is longer than 500 characters');
      // Typed by the reviewer, stored and exported: redacted like recorded text.
      e = { ...edit, text: key ? createRedactor({ key: key.key }).text(edit.text) : edit.text };
      detail = `intent of task ${i + 1} changed`;
      break;
    case 'outcome':
      if (!OUTCOMES.includes(edit.outcome)) throw new Error('unknown outcome');
      detail = `outcome of task ${i + 1} set to ${edit.outcome}`;
      break;
    case 'split':
      detail = `task ${i + 1} split`;
      break;
    case 'merge':
      if (i + 1 >= shippable.trajectories.length) throw new Error('there is no next task to merge with');
      detail = `tasks ${i + 1} and ${i + 2} merged`;
      break;
  }
  await commitChange(db, {
    sessionId,
    actor,
    label: detail,
    edits: [...(review?.edits ?? []), e],
    audit: { kind: 'edited', what: detail },
  });
}
