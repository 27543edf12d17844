/**
 * Approve or reject: a decision needs a reviewer name (options page or policy) and is confirmed in
 * a dialog that takes an optional note. Shared by the session view and the list's bulk actions.
 */
import { currentReviewer } from './client';
import { ask } from './dialog';

export type Decision = 'approved' | 'rejected';

/** `count` null: the session on screen; otherwise that many selected sessions. */
export async function confirmDecision(
  decision: Decision,
  count: number | null,
  needReviewer: () => Promise<string | null>,
): Promise<{ reviewer: string; note: string | null } | null> {
  const reviewer = currentReviewer().name ?? (await needReviewer());
  if (!reviewer) return null;
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
  });
  return answer ? { reviewer, note: answer.note || null } : null;
}
