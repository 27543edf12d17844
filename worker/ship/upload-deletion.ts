/**
 * Sends one deletion request to the receiver (`<endpoint>/deletion-requests`, docs/uploads.md).
 * One try; the caller queues and retries like uploads (extension/export/deletion-queue.ts).
 */
import type { DeletionRequest } from '../../shared/contributor';
import { checkEndpoint, deletionEndpoint } from '../../shared/upload-endpoint';
import { retryAfterMs, type UploadAuth } from './upload';

export type DeletionOutcome =
  | { kind: 'sent' }
  | { kind: 'retry'; error: string; retryAfterMs: number | null }
  | { kind: 'needs-auth'; error: string }
  | { kind: 'failed'; error: string };

const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

export async function sendDeletionRequest(
  endpoint: string,
  request: DeletionRequest,
  auth: UploadAuth,
  deps: { fetch: typeof fetch; now: () => number; allowLoopbackHttp: boolean },
): Promise<DeletionOutcome> {
  let url: string;
  try {
    url = deletionEndpoint(checkEndpoint(endpoint, deps.allowLoopbackHttp));
  } catch (e) {
    return { kind: 'failed', error: e instanceof Error ? e.message : String(e) };
  }
  const headers: Record<string, string> = { ...auth.headers, 'content-type': 'application/json' };
  if (auth.token) headers.Authorization = `Bearer ${auth.token}`;
  let res: Response;
  try {
    res = await deps.fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(request),
      redirect: 'error',
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (e) {
    return { kind: 'retry', error: e instanceof Error ? e.message : String(e), retryAfterMs: null };
  }
  if (res.ok) return { kind: 'sent' };
  const error = `HTTP ${res.status}${await res.text().then(
    (t) => (t ? `: ${t.slice(0, 200)}` : ''),
    () => '',
  )}`;
  if (res.status === 401 || res.status === 403) return { kind: 'needs-auth', error };
  if (RETRY_STATUS.has(res.status))
    return { kind: 'retry', error, retryAfterMs: retryAfterMs(res.headers.get('retry-after'), deps.now()) };
  return { kind: 'failed', error };
}
