/**
 * The review page's connections: its own module worker (everything heavy or destructive runs
 * there, off this thread) and the reviewer's identity (options page or managed policy, through the
 * service worker).
 */
import { type Remote, wrap } from 'comlink';
import { send } from '../../shared/messaging';
import type { ReviewApi } from '../../worker/review/api';

export const worker: Remote<ReviewApi> = wrap<ReviewApi>(
  new Worker(new URL('../../worker/entries/review.ts', import.meta.url), { type: 'module' }),
);

export interface Reviewer {
  name: string | null;
  managed: boolean;
}

let reviewer: Reviewer = { name: null, managed: false };

export async function loadReviewer(): Promise<Reviewer> {
  const r = await send('sw', 'ui/reviewer', {}).catch(() => ({ reviewer: null, managed: false }));
  reviewer = { name: r.reviewer, managed: r.managed };
  return reviewer;
}

export async function saveReviewer(name: string): Promise<Reviewer> {
  const r = await send('sw', 'ui/reviewer', { set: name });
  reviewer = { name: r.reviewer, managed: r.managed };
  return reviewer;
}

export function currentReviewer(): Reviewer {
  return reviewer;
}

/** Who the audit log names for edits when no reviewer name is set (decisions require one). */
export function actor(): string {
  return reviewer.name ?? 'unnamed reviewer';
}
