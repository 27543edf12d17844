/**
 * The upload client: tus 1.0 (core, creation, termination-capable servers) through tus-js-client,
 * with our own retry loop around it so that retries honour `Retry-After`, an authentication error
 * stops instead of retrying, and the UI can show the last error and when the next try happens.
 * Protocol and receiver checks: docs/uploads.md.
 *
 * Pure apart from fetch: the clock, sleeping, randomness and where the record is persisted are
 * injected (the export worker persists through the page; tests pass fakes), so it runs in the
 * export worker and in Node.
 */
import { type DetailedError, Upload } from 'tus-js-client';
import { checkEndpoint, tusEndpoint } from '../../shared/upload-endpoint';
import type { UploadAuth, UploadRecord } from '../../shared/uploads';
import { BytesFileReader, FetchHttpStack } from './upload-http';
import { RecordUrlStorage } from './upload-url-storage';

export {
  DEFAULT_CHUNK_SIZE,
  newUploadRecord,
  type UploadAuth,
  type UploadRecord,
  type UploadStatus,
} from '../../shared/uploads';

export interface UploadDeps {
  fetch: typeof fetch;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  random: () => number;
  /** Persists the record (called after every state change, in order). */
  save: (r: UploadRecord) => Promise<void>;
  signal?: AbortSignal;
  /** Plain http to this machine (the test build only). */
  allowLoopbackHttp: boolean;
  /** Failed tries in a row (without progress) before the upload pauses (default 8). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

type Outcome =
  | { kind: 'done'; duplicate: boolean }
  | { kind: 'aborted' }
  | { kind: 'error'; status: number; body: string; retryAfter: string | null; message: string };

/** Statuses that retrying can change; any other 4xx is final. */
const RETRY_STATUS = new Set([408, 409, 423, 425, 429, 500, 502, 503, 504]);

/** Uploads `bytes` (whose sha256 and size `record` names); resolves with the final record, never throws. */
export async function uploadBundle(
  bytes: Uint8Array,
  record: UploadRecord,
  auth: UploadAuth,
  deps: UploadDeps,
): Promise<UploadRecord> {
  let rec: UploadRecord = { ...record };
  let saving = Promise.resolve();
  const update = (patch: Partial<UploadRecord>) => {
    rec = { ...rec, ...patch, updatedAt: deps.now() };
    const snapshot = rec;
    saving = saving.then(() => deps.save(snapshot)).catch(() => {});
    return saving;
  };
  const stop = async (patch: Partial<UploadRecord>) => {
    await update({ nextRetryAt: null, ...patch });
    return rec;
  };

  let base: string;
  try {
    base = checkEndpoint(rec.endpoint, deps.allowLoopbackHttp);
  } catch (e) {
    return stop({ status: 'failed', error: messageOf(e) });
  }
  if (bytes.length !== rec.size)
    return stop({ status: 'failed', error: 'the bundle to upload is not the one recorded' });

  const max = deps.maxAttempts ?? 8;
  const cap = deps.maxDelayMs ?? 60_000;
  const baseDelay = deps.baseDelayMs ?? 1000;
  let failures = 0;
  await update({ status: 'uploading', nextRetryAt: null });
  for (;;) {
    if (deps.signal?.aborted) return stop({ status: 'paused' });
    const before = rec.bytesSent;
    const outcome = await attempt(bytes, rec, base, auth, deps, (patch) => void update(patch));
    if (outcome.kind === 'done') {
      return stop({
        status: 'done',
        bytesSent: rec.size,
        error: null,
        duplicate: outcome.duplicate,
        completedAt: deps.now(),
      });
    }
    if (outcome.kind === 'aborted') return stop({ status: 'paused' });
    const error = outcome.message;
    if (outcome.status === 401 || outcome.status === 403) {
      return stop({
        status: 'needs-auth',
        error: `The server refused the access token (HTTP ${outcome.status}).`,
      });
    }
    if (outcome.status >= 400 && outcome.status < 500 && !RETRY_STATUS.has(outcome.status)) {
      // Refused for good (the receiver rejected the bundle, or the request): a new try starts a new upload.
      return stop({ status: 'failed', error, uploadUrl: null });
    }
    failures = rec.bytesSent > before ? 1 : failures + 1;
    if (failures >= max) {
      return stop({
        status: 'paused',
        error: `${error} — gave up after ${max} tries; resumes when the export page opens again`,
      });
    }
    const backoff = Math.min(cap, baseDelay * 2 ** (failures - 1)) * (0.5 + deps.random() / 2);
    const wait = Math.min(cap * 10, Math.max(backoff, retryAfterMs(outcome.retryAfter, deps.now()) ?? 0));
    await update({ status: 'retrying', error, nextRetryAt: deps.now() + wait });
    await deps.sleep(wait, deps.signal);
    if (!deps.signal?.aborted) await update({ status: 'uploading', nextRetryAt: null });
  }
}

/** One tus-js-client run: resumes from the stored upload URL (HEAD for the offset) or creates one. */
function attempt(
  bytes: Uint8Array,
  rec: UploadRecord,
  base: string,
  auth: UploadAuth,
  deps: UploadDeps,
  progress: (patch: Partial<UploadRecord>) => void,
): Promise<Outcome> {
  const endpoint = tusEndpoint(base);
  const fingerprint = `consent-recorder::${rec.sha256}::${endpoint}`;
  let url = rec.uploadUrl;
  const storage = new RecordUrlStorage(fingerprint, rec.size, {
    get: () => url,
    set: async (next) => {
      url = next;
      progress({ uploadUrl: next });
    },
  });
  return new Promise<Outcome>((resolve) => {
    const headers: Record<string, string> = { ...auth.headers };
    if (auth.token) headers.Authorization = `Bearer ${auth.token}`;
    const upload = new Upload(bytes as unknown as Blob, {
      endpoint,
      uploadSize: rec.size,
      chunkSize: rec.chunkSize,
      // The bundle's sha256 travels as metadata; the receiver checks it when the upload finishes
      // (neither tus-js-client nor @tus/file-store implement the tus checksum extension).
      metadata: {
        filename: rec.name,
        filetype: 'application/zip',
        sha256: rec.sha256,
        contributorId: rec.contributorId,
      },
      headers,
      retryDelays: null, // our loop retries (Retry-After, auth, the UI's next-retry time)
      httpStack: new FetchHttpStack(deps.fetch),
      fileReader: new BytesFileReader(new Blob([bytes as Uint8Array<ArrayBuffer>])),
      urlStorage: storage,
      fingerprint: async () => fingerprint,
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: false,
      onChunkComplete: (_chunk, accepted) => progress({ bytesSent: accepted }),
      onSuccess: () => resolve({ kind: 'done', duplicate: false }),
      onError: (e) => {
        const res = (e as DetailedError).originalResponse ?? null;
        const status = res?.getStatus() ?? 0;
        const body = res?.getBody() ?? '';
        // Our receiver answers a creation for a bundle it already filed with 409 "duplicate bundle".
        if (status === 409 && /duplicate bundle/.test(body)) {
          resolve({ kind: 'done', duplicate: true });
          return;
        }
        resolve({
          kind: 'error',
          status,
          body,
          retryAfter: res?.getHeader('Retry-After') ?? null,
          message: describeError(e, status, body),
        });
      },
    });
    const onAbort = () => {
      void upload.abort();
      resolve({ kind: 'aborted' });
    };
    if (deps.signal?.aborted) return onAbort();
    deps.signal?.addEventListener('abort', onAbort, { once: true });
    void upload
      .findPreviousUploads()
      .then((previous) => {
        const last = previous[0];
        if (last) upload.resumeFromPreviousUpload(last);
        upload.start();
      })
      .catch((e: unknown) =>
        resolve({ kind: 'error', status: 0, body: '', retryAfter: null, message: messageOf(e) }),
      );
  });
}

/** `Retry-After` as delay-seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (!value) return null;
  const s = value.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const at = Date.parse(s);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function describeError(e: Error, status: number, body: string): string {
  const detail = body.trim().slice(0, 200);
  if (status > 0) return `HTTP ${status}${detail ? `: ${detail}` : ''}`;
  // tus-js-client's messages name the step ("failed to upload chunk at offset 4096"), the cause is in causingError.
  const cause = (e as DetailedError).causingError;
  const step = e.message.replace(/^tus: /, '').split(',')[0] ?? e.message;
  return cause ? `${step}: ${cause.message}` : step;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** setTimeout as a promise that resolves early when `signal` aborts (a pause must not wait out a backoff). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}
