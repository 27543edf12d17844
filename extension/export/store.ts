/**
 * What the export page keeps in chrome.storage.local: upload settings (the admin policy's endpoint
 * wins), the contributor id, which contributor each imported session belongs to, and the state of
 * every upload (so an upload resumes after the browser restarts).
 */

import type { ManagedPolicy } from '../../shared/policy';
import { isContributorId, newContributorId } from '../../worker/export/contributor';
import { DEFAULT_CHUNK_SIZE, type UploadRecord } from '../../worker/export/upload';
import { readPolicy } from '../background/settings';

export interface UploadSettings {
  endpoint: string | null;
  /** The endpoint comes from the admin policy (read-only here). */
  managed: boolean;
  token: string | null;
  deleteAfter: boolean;
  chunkSize: number;
}

interface Local {
  uploadEndpoint?: string | null;
  uploadToken?: string | null;
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
    local('uploadEndpoint', 'uploadToken', 'uploadDeleteAfter', 'uploadChunkSize'),
    opts.policy === false ? ({} as ManagedPolicy) : readPolicy(),
  ]);
  const chunk = s.uploadChunkSize;
  return {
    endpoint: policy.uploadEndpoint ?? s.uploadEndpoint ?? null,
    managed: policy.uploadEndpoint !== undefined,
    token: s.uploadToken ?? null,
    deleteAfter: s.uploadDeleteAfter ?? false,
    chunkSize:
      typeof chunk === 'number' && Number.isInteger(chunk) && chunk >= 1024 ? chunk : DEFAULT_CHUNK_SIZE,
  };
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
  return (await local('uploads')).uploads ?? {};
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
      fn((changes.uploads.newValue as Record<string, UploadRecord>) ?? {});
  };
  chrome.storage.onChanged.addListener(listener);
  return () => chrome.storage.onChanged.removeListener(listener);
}
