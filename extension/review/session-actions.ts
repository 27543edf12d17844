/**
 * What a reviewer can change on a session page: edits of the trajectories (split, merge, intent,
 * outcome), deleting a step or a time range, redacting more, undo, the decision, and deleting the
 * whole session. Every change runs in the review worker; the page then reloads what it changed
 * (`reload`, the page's load) and says the result.
 */

import type { ReviewEdit } from '../../shared/review';
import type { AdminRules } from '../../worker/redact/index';
import { formatDuration } from '../ui/dom';
import { actor, worker } from './client';
import { confirmDecision, type Decision } from './decision';
import { plural } from './session-head';
import type { SessionPageState } from './session-state';
import { selectStep, showShips, stepOf } from './session-steps';
import type { StepListHandlers } from './step-list';
import { describeStep } from './step-text';

/** Reloads the page after a change; `events` when the stored events changed, not only the view. */
export type Reload = (opts: { events: boolean }) => Promise<void>;

export interface SessionActions {
  /** Runs a change, reloads, then says its message (or its error). */
  run(work: () => Promise<string | null>, opts: { events: boolean }): Promise<void>;
  /** The step list's handlers: looking at a step, and the edits made from the list. */
  steps: StepListHandlers;
  redact(rules: AdminRules, what: string): Promise<void>;
  deleteRange(from: number, to: number): Promise<void>;
  undo(): Promise<void>;
  decide(decision: Decision): Promise<void>;
  deleteWhole(): Promise<void>;
}

export function sessionActions(state: SessionPageState, reload: Reload): SessionActions {
  const { ctx, sessionId } = state;

  const run = async (work: () => Promise<string | null>, opts: { events: boolean }) => {
    try {
      const message = await work();
      await reload({ events: opts.events });
      if (message) ctx.say(message);
    } catch (e) {
      ctx.say(e instanceof Error ? e.message : String(e), true);
    }
  };

  const edit = (e: ReviewEdit) =>
    run(
      async () => {
        await worker.edit(sessionId, e, actor());
        return 'Saved. Undo reverts it.';
      },
      { events: false },
    );

  // Edits name a trajectory by its anchor, not by an index a deleted step could shift (shared/review.ts).
  const anchor = (t: number) => state.view?.trajectories[t]?.anchor ?? 0;

  const steps: StepListHandlers = {
    select: (ref) => selectStep(state, ref),
    ships: (ref) => void showShips(state, ref),
    deleteStep: (ref) => {
      const step = stepOf(state, ref);
      if (!step) return;
      const what = describeStep(step.action, step.target);
      if (!confirm(`Delete step ${ref.s + 1} of task ${ref.t + 1} (${what}) and its recorded events?`))
        return;
      void run(
        async () => {
          const { removed } = await worker.deleteStep(sessionId, ref.t, ref.s, actor());
          return `Deleted the step and its ${removed} events. Undo brings them back until approval.`;
        },
        { events: true },
      );
    },
    split: (ref) => void edit({ op: 'split', anchor: anchor(ref.t), at: stepOf(state, ref)?.startedAt ?? 0 }),
    merge: (t) => void edit({ op: 'merge', anchor: anchor(t) }),
    editIntent: (t, text) => void edit({ op: 'intent', anchor: anchor(t), text }),
    setOutcome: (t, outcome) => void edit({ op: 'outcome', anchor: anchor(t), outcome }),
  };

  const redact = (rules: AdminRules, what: string) =>
    run(
      async () => {
        const { counts } = await worker.redactMore(sessionId, rules, actor());
        const n = Object.values(counts).reduce((a, b) => a + b, 0);
        return n === 0 ? `Nothing more matched ${what}.` : `Redacted ${plural(n, 'more value')} (${what}).`;
      },
      { events: true },
    );

  const deleteRange = async (from: number, to: number) => {
    const { session } = state;
    if (!session) return;
    const text = `${formatDuration(from - session.startedAt)} to ${formatDuration(to - session.startedAt)}`;
    if (!confirm(`Delete everything recorded from ${text}?`)) return;
    await run(
      async () => {
        const { removed } = await worker.deleteRange(sessionId, from, to, actor());
        return removed === 0
          ? 'Nothing was recorded in that range.'
          : `Deleted ${removed} events from ${text}.`;
      },
      { events: true },
    );
  };

  const undo = () =>
    run(
      async () => {
        const label = await worker.undo(sessionId, actor());
        return label ? `Undone: ${label}.` : 'Nothing to undo.';
      },
      { events: true },
    );

  const decide = async (decision: Decision) => {
    const stepCount = state.view?.trajectories.reduce((n, t) => n + t.steps.length, 0) ?? null;
    const answer = await confirmDecision(decision, null, {
      warning:
        decision === 'approved' && stepCount === 0
          ? 'This session has no steps (everything in it may have been forgotten): approving it exports an empty recording.'
          : null,
    });
    if (!answer) return;
    await run(
      async () => {
        const r = await worker.decide([sessionId], decision, answer.reviewer, answer.note);
        const skipped = r.skipped[0];
        if (skipped) throw new Error(`Could not decide: ${skipped.reason}`);
        return decision === 'approved' ? 'Session approved.' : 'Session rejected.';
      },
      { events: false },
    );
  };

  const deleteWhole = async () => {
    if (!confirm('Delete this session and all its events? This cannot be undone.')) return;
    await worker.deleteSessions([sessionId], actor());
    ctx.say('Session deleted.');
    ctx.back();
  };

  return { run, steps, redact, deleteRange, undo, decide, deleteWhole };
}
