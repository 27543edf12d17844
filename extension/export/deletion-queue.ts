/**
 * Deletion requests waiting to reach a receiver (`<endpoint>/deletion-requests`), kept in
 * chrome.storage.local and sent from the page's worker: retried with backoff (honouring
 * Retry-After) while the export page is open and again whenever it opens, until the receiver has
 * them. A refused token stops retrying until the user retries (like uploads).
 */

import type { DeletionRequest } from '../../shared/contributor';
import { read, write } from '../../shared/storage';
import { deletionQueueItem, type QueuedDeletion } from '../../shared/storage-items';
import { TEST_BUILD } from './build-flags';
import { sendDeletionInWorker } from './client';
import { getUploadSettings } from './store';

export type { QueuedDeletion } from '../../shared/storage-items';

const BASE_MS = 2000;
const CAP_MS = 10 * 60_000;

function all(): Promise<Record<string, QueuedDeletion>> {
  return read(deletionQueueItem);
}

async function put(q: QueuedDeletion): Promise<void> {
  await write(deletionQueueItem, { ...(await all()), [q.id]: q });
}

export async function deletionQueue(): Promise<QueuedDeletion[]> {
  return Object.values(await all()).sort((a, b) =>
    b.request.requestedAt.localeCompare(a.request.requestedAt),
  );
}

export async function enqueueDeletion(endpoint: string, request: DeletionRequest): Promise<QueuedDeletion> {
  const q: QueuedDeletion = {
    id: `${endpoint} ${request.requestedAt}`,
    endpoint,
    request,
    status: 'queued',
    attempts: 0,
    nextRetryAt: null,
    error: null,
    sentAt: null,
  };
  await put(q);
  return q;
}

/** Puts a stopped request back in the queue (after the token was fixed). */
export async function requeue(id: string): Promise<void> {
  const q = (await all())[id];
  if (q && q.status !== 'sent') await put({ ...q, status: 'queued', attempts: 0, nextRetryAt: null });
}

let timer: ReturnType<typeof setTimeout> | null = null;
let draining: Promise<void> | null = null;

/** Sends every queued request that is due; schedules the next try. Calls `changed` after each update. */
export function drainDeletions(changed: () => void): Promise<void> {
  draining ??= drain(changed).finally(() => {
    draining = null;
  });
  return draining;
}

async function drain(changed: () => void): Promise<void> {
  const settings = await getUploadSettings({ policy: false });
  const auth = { token: settings.token, headers: settings.headers };
  for (const q of Object.values(await all())) {
    if (q.status !== 'queued' || (q.nextRetryAt ?? 0) > Date.now()) continue;
    const out = await sendDeletionInWorker(q.endpoint, q.request, auth, TEST_BUILD).catch(
      (e: unknown) => ({ kind: 'retry', error: String(e), retryAfterMs: null }) as const,
    );
    const attempts = q.attempts + 1;
    if (out.kind === 'sent')
      await put({ ...q, status: 'sent', attempts, error: null, nextRetryAt: null, sentAt: Date.now() });
    else if (out.kind === 'retry') {
      const backoff = Math.min(CAP_MS, BASE_MS * 2 ** (attempts - 1));
      const wait = Math.max(backoff, out.retryAfterMs ?? 0);
      await put({ ...q, attempts, error: out.error, nextRetryAt: Date.now() + wait });
    } else await put({ ...q, status: out.kind, attempts, error: out.error, nextRetryAt: null });
    changed();
  }
  const next = Math.min(
    ...Object.values(await all()).flatMap((q) =>
      q.status === 'queued' && q.nextRetryAt ? [q.nextRetryAt] : [],
    ),
  );
  if (timer) clearTimeout(timer);
  timer = Number.isFinite(next)
    ? setTimeout(() => void drainDeletions(changed), Math.max(0, next - Date.now()))
    : null;
}
