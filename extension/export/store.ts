/**
 * What the export page keeps in chrome.storage.local: upload settings (the admin policy's endpoint
 * wins), the contributor id, which contributor each imported session belongs to, and the state of
 * every upload (so an upload resumes after the browser restarts).
 */

import type { ManagedPolicy } from '../../shared/policy';
import { isContributorId, newContributorId } from '../../worker/export/contributor';
import { DEFAULT_CHUNK_SIZE, type UploadRecord } from '../../worker/ship/upload';
import { readPolicy } from '../background/settings';

export interface UploadSettings {
  endpoint: string | null;
  /** The endpoint comes from the admin policy (read-only here). */
  managed: boolean;
  token: string | null;
  /** Extra request headers for uploads and deletion requests (set with chrome.storage, no UI yet). */
  headers: Record<string, string>;
  deleteAfter: boolean;
  chunkSize: number;
}

interface Local {
  uploadEndpoint?: string | null;
  uploadToken?: string | null;
  uploadHeaders?: Record<string, string>;
  uploadDeleteAfter?: boolean;
  /** Not in the UI: tests use small chunks to interrupt an upload midway. */
  uploadChunkSize?: number;
  contributorId?: string;
  sessionContributors?: Record<string, string>;
  uploads?: Record<string, UploadRecord>;
}

const local = <K extends keyof Local>(...keys: K[]) =>
  chrome.storage.local.get(keys) as Promise<Pick<Local, K>>;

/**
 * Upload settings with the admin policy applied. Chrome answers chrome.storage.managed only once
 * its policy service has loaded, which can take several seconds after the browser starts: pass
 * `policy: false` for the user's own settings at once (to show something meanwhile).
 */
export async function getUploadSettings(opts: { policy?: boolean } = {}): Promise<UploadSettings> {
  const [s, policy] = await Promise.all([
    local('uploadEndpoint', 'uploadToken', 'uploadHeaders', 'uploadDeleteAfter', 'uploadChunkSize'),
    opts.policy === false ? ({} as ManagedPolicy) : readPolicy(),
  ]);
  const chunk = s.uploadChunkSize;
  return {
    endpoint: policy.uploadEndpoint ?? s.uploadEndpoint ?? null,
    managed: policy.uploadEndpoint !== undefined,
    token: s.uploadToken ?? null,
    headers: headerRecord(s.uploadHeaders),
    deleteAfter: s.uploadDeleteAfter ?? false,
    chunkSize:
      typeof chunk === 'number' && Number.isInteger(chunk) && chunk >= 1024 ? chunk : DEFAULT_CHUNK_SIZE,
  };
}

/** Only string-valued headers with a valid name; `authorization` comes from the token field. */
function headerRecord(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [k, v] of Object.entries(raw))
    if (
      /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k) &&
      k.toLowerCase() !== 'authorization' &&
      typeof v === 'string'
    )
      out[k] = v;
  return out;
}

export async function setUploadSettings(patch: {
  endpoint?: string | null;
  token?: string | null;
  deleteAfter?: boolean;
}): Promise<void> {
  const out: Local = {};
  if (patch.endpoint !== undefined) out.uploadEndpoint = patch.endpoint;
  if (patch.token !== undefined) out.uploadToken = patch.token;
  if (patch.deleteAfter !== undefined) out.uploadDeleteAfter = patch.deleteAfter;
  await chrome.storage.local.set(out);
}

/** This browser profile's contributor id, made on first use. */
export async function contributorId(): Promise<string> {
  const { contributorId: id } = await local('contributorId');
  if (isContributorId(id)) return id;
  const fresh = newContributorId();
  await chrome.storage.local.set({ contributorId: fresh });
  return fresh;
}

export async function sessionContributors(): Promise<Record<string, string>> {
  return (await local('sessionContributors')).sessionContributors ?? {};
}

export async function addSessionContributors(map: Record<string, string>): Promise<void> {
  await chrome.storage.local.set({ sessionContributors: { ...(await sessionContributors()), ...map } });
}

export async function uploads(): Promise<Record<string, UploadRecord>> {
  const all = (await local('uploads')).uploads ?? {};
  for (const [k, r] of Object.entries(all)) all[k] = withDefaults(r);
  return all;
}

/** Records written before uploads spoke tus lack the tus fields: they start over (a new upload). */
export function withDefaults(r: UploadRecord): UploadRecord {
  return {
    ...r,
    bytesSent: r.bytesSent ?? 0,
    uploadUrl: r.uploadUrl ?? null,
    nextRetryAt: r.nextRetryAt ?? null,
    duplicate: r.duplicate ?? false,
  };
}

export async function saveUpload(r: UploadRecord): Promise<void> {
  await chrome.storage.local.set({ uploads: { ...(await uploads()), [r.sha256]: r } });
}

export async function removeUpload(sha256: string): Promise<void> {
  const all = await uploads();
  delete all[sha256];
  await chrome.storage.local.set({ uploads: all });
}

/** Calls `fn` whenever upload records change (from this page or another). */
export function onUploadsChanged(fn: (all: Record<string, UploadRecord>) => void): () => void {
  const listener = (changes: Record<string, chrome.storage.StorageChange>, area: string) => {
    if (area === 'local' && changes.uploads)
      fn(
        Object.fromEntries(
          Object.entries((changes.uploads.newValue as Record<string, UploadRecord>) ?? {}).map(([k, r]) => [
            k,
            withDefaults(r),
          ]),
        ),
      );
  };
  chrome.storage.onChanged.addListener(listener);
  return () => chrome.storage.onChanged.removeListener(listener);
}
