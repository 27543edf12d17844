/**
 * Approve or reject: a decision needs a reviewer name and is confirmed in a dialog that asks for it
 * (prefilled from the options page, read-only when set by policy) and takes an optional note. A name
 * typed there is saved as the reviewer name. Shared by the session view and the list's bulk actions.
 */
import { currentReviewer, saveReviewer } from './client';
import { ask } from './dialog';

export type Decision = 'approved' | 'rejected';

/** `count` null: the session on screen; otherwise that many selected sessions. */
export async function confirmDecision(
  decision: Decision,
  count: number | null,
  opts: { warning?: string | null } = {},
): Promise<{ reviewer: string; note: string | null } | null> {
  const current = currentReviewer();
  const approving = decision === 'approved';
  const what = count === null ? 'this session' : `${count} session${count === 1 ? '' : 's'}`;
  const answer = await ask({
    title: `${approving ? 'Approve' : 'Reject'} ${what}?`,
    body: approving
      ? 'Approve only what you have replayed. Approval is final: approved sessions can be exported and uploaded, their edits can no longer be undone, and their pseudonym keys are destroyed.'
      : 'Rejected sessions are never exported, and are deleted by the retention setting.',
    confirm: approving ? 'Confirm approval' : 'Confirm rejection',
    note: 'Note (optional)',
    danger: !approving,
    name: { label: 'Reviewer name', value: current.name, readonly: current.managed },
    warning: opts.warning,
  });
  if (!answer?.name) return null;
  if (answer.name !== current.name && !current.managed) {
    await saveReviewer(answer.name);
    // The page header shows who is reviewing: it listens for this.
    window.dispatchEvent(new Event('reviewer-changed'));
  }
  return { reviewer: answer.name, note: answer.note || null };
}
