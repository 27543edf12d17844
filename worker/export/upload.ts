/**
 * The upload client (protocol: docs/upload-protocol.md). Chunked PUTs keyed by the bundle's
 * sha256, so every request is idempotent; retried with exponential backoff and jitter; resumable
 * because the server says which chunks it has and the state is persisted after every chunk.
 *
 * Pure: fetch, sleep, clock, randomness and the state store are injected (the extension passes
 * chrome.storage.local; tests pass fakes).
 */
import { sha256Hex } from './hash';
import type { Manifest } from './manifest';

export const DEFAULT_CHUNK_SIZE = 1024 * 1024;

export type UploadStatus = 'uploading' | 'retrying' | 'paused' | 'failed' | 'done';

/** What is persisted per bundle: enough to rebuild the identical bundle and resume after a restart. */
export interface UploadRecord {
  sha256: string;
  size: number;
  chunkSize: number;
  endpoint: string;
  /** Inputs of the bundle, to rebuild the same bytes. */
  sessionIds: string[];
  exportedAt: number;
  contributorId: string;
  contributors: Record<string, string>;
  extension: { name: string; version: string };
  name: string;
  status: UploadStatus;
  /** Chunks the server has confirmed. */
  chunksDone: number;
  chunks: number;
  error: string | null;
  startedAt: number;
  updatedAt: number;
  completedAt: number | null;
  deleteAfter: boolean;
}

export interface UploadDeps {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
  /** Persists the record (called after every state change). */
  save: (r: UploadRecord) => Promise<void>;
  signal?: AbortSignal;
  /** Attempts per request before the upload pauses (default 8). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** `permanent`: retrying cannot help (auth, refused, corrupt); otherwise the upload may resume later. */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

interface ServerState {
  complete: boolean;
  received: number[];
  chunkSize: number | null;
}

export function bundleUrl(endpoint: string, sha256: string): string {
  return `${endpoint.replace(/\/+$/, '')}/bundles/${sha256}`;
}

/** Uploads `bytes` (whose sha256 and size `record` names); resolves with the final record. */
export async function uploadBundle(
  bytes: Uint8Array,
  manifest: Manifest,
  record: UploadRecord,
  token: string | null,
  deps: UploadDeps,
): Promise<UploadRecord> {
  let rec: UploadRecord = { ...record, error: null };
  const update = async (patch: Partial<UploadRecord>) => {
    rec = { ...rec, ...patch, updatedAt: deps.now() };
    await deps.save(rec);
  };
  if (bytes.length !== rec.size) throw new UploadError('the bundle to upload is not the one recorded', true);
  const base = bundleUrl(rec.endpoint, rec.sha256);
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const request = (label: string, url: string, init: RequestInit) =>
    withRetry(
      label,
      () => deps.fetch(url, { ...init, signal: deps.signal }),
      deps,
      (status) => update({ status: status === 'retrying' ? 'retrying' : 'uploading' }),
    );

  try {
    await update({ status: 'uploading' });
    for (let round = 0; round < 3; round++) {
      const state = await serverState(await request('status', base, { method: 'GET', headers: auth }));
      if (state.complete) break;
      if (state.chunkSize && state.chunkSize !== rec.chunkSize) {
        // The server already holds chunks of another size for this bundle: follow it.
        await update({
          chunkSize: state.chunkSize,
          chunks: Math.max(1, Math.ceil(rec.size / state.chunkSize)),
        });
      }
      const have = new Set(state.received);
      await update({ chunksDone: count(have, rec.chunks) });
      for (let n = 0; n < rec.chunks; n++) {
        if (have.has(n)) continue;
        const body = bytes.subarray(n * rec.chunkSize, Math.min(rec.size, (n + 1) * rec.chunkSize));
        const res = await request(`chunk ${n}`, `${base}/chunks/${n}`, {
          method: 'PUT',
          headers: {
            ...auth,
            'content-type': 'application/octet-stream',
            'x-bundle-size': String(rec.size),
            'x-chunk-size': String(rec.chunkSize),
            'x-chunk-sha256': await sha256Hex(body),
          },
          body: body as Uint8Array<ArrayBuffer>,
        });
        await expectOk(res, `chunk ${n}`);
        have.add(n);
        await update({ chunksDone: count(have, rec.chunks) });
      }
      const res = await request('complete', `${base}/complete`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ size: rec.size, chunkSize: rec.chunkSize, chunks: rec.chunks, manifest }),
      });
      if (res.status === 409) continue; // the server is missing chunks (it lost some): send them again
      if (res.status === 422) {
        // The assembled bytes did not hash to the key; the server dropped them. Start over once.
        if (round === 0) continue;
        throw new UploadError('the server could not verify the bundle after two tries', true);
      }
      await expectOk(res, 'complete');
      return await finish();
    }
    return await finish();
  } catch (e) {
    const err = e instanceof UploadError ? e : new UploadError(messageOf(e), false);
    if (deps.signal?.aborted) await update({ status: 'paused', error: 'paused' });
    else await update({ status: err.permanent ? 'failed' : 'paused', error: err.message });
    throw err;
  }

  async function finish(): Promise<UploadRecord> {
    await update({ status: 'done', chunksDone: rec.chunks, completedAt: deps.now(), error: null });
    return rec;
  }
}

function count(have: Set<number>, chunks: number): number {
  let n = 0;
  for (const c of have) if (c >= 0 && c < chunks) n++;
  return n;
}

async function serverState(res: Response): Promise<ServerState> {
  if (res.status === 404) return { complete: false, received: [], chunkSize: null };
  await expectOk(res, 'status');
  const body = (await res.json().catch(() => null)) as Partial<ServerState> | null;
  if (!body || !Array.isArray(body.received))
    throw new UploadError('the server answered the status request with something else', true);
  return {
    complete: body.complete === true,
    received: body.received.filter((n): n is number => Number.isInteger(n)),
    chunkSize: typeof body.chunkSize === 'number' && body.chunkSize > 0 ? body.chunkSize : null,
  };
}

async function expectOk(res: Response, what: string): Promise<void> {
  if (res.ok) return;
  const detail = await res.text().catch(() => '');
  const why =
    res.status === 401 || res.status === 403 ? 'the server refused the token' : `HTTP ${res.status}`;
  throw new UploadError(`${what}: ${why}${detail ? ` (${detail.slice(0, 200)})` : ''}`, true);
}

const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Runs a request until it answers with a status that retrying cannot change, backing off between tries. */
async function withRetry(
  label: string,
  run: () => Promise<Response>,
  deps: UploadDeps,
  onStatus: (s: 'retrying' | 'ok') => Promise<void>,
): Promise<Response> {
  const max = deps.maxAttempts ?? 8;
  const base = deps.baseDelayMs ?? 500;
  const cap = deps.maxDelayMs ?? 30_000;
  let last = '';
  for (let attempt = 0; attempt < max; attempt++) {
    if (deps.signal?.aborted) throw new UploadError('paused', false);
    let retryAfterMs: number | null = null;
    try {
      const res = await run();
      if (!RETRY_STATUS.has(res.status)) {
        if (attempt > 0) await onStatus('ok');
        return res;
      }
      last = `HTTP ${res.status}`;
      const ra = Number(res.headers.get('retry-after'));
      if (Number.isFinite(ra) && ra > 0) retryAfterMs = ra * 1000;
    } catch (e) {
      if (deps.signal?.aborted) throw new UploadError('paused', false);
      last = messageOf(e);
    }
    if (attempt === max - 1) break;
    await onStatus('retrying');
    const backoff = Math.min(cap, base * 2 ** attempt) * (0.5 + deps.random() / 2);
    await deps.sleep(Math.min(cap, Math.max(backoff, retryAfterMs ?? 0)));
  }
  throw new UploadError(`${label}: the server could not be reached after ${max} tries (${last})`, false);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
