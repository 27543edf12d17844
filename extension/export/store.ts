/**
 * What the export page keeps in chrome.storage.local (storage items, shared/storage-items.ts):
 * upload settings (the admin policy's endpoint wins), the contributor id, which contributor each
 * imported session belongs to, and the state of every upload (so an upload resumes after the
 * browser restarts).
 */

import { isContributorId, newContributorId } from '../../shared/contributor';
import type { ManagedPolicy } from '../../shared/policy';
import { readPolicy } from '../../shared/settings';
import { read, watch, write } from '../../shared/storage';
import {
  contributorIdItem,
  sessionContributorsItem,
  uploadChunkSizeItem,
  uploadDeleteAfterItem,
  uploadEndpointItem,
  uploadHeadersItem,
  uploadsItem,
  uploadTokenItem,
} from '../../shared/storage-items';
import { DEFAULT_CHUNK_SIZE, type UploadRecord } from '../../shared/uploads';

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

/**
 * Upload settings with the admin policy applied. Chrome answers chrome.storage.managed only once
 * its policy service has loaded, which can take several seconds after the browser starts: pass
 * `policy: false` for the user's own settings at once (to show something meanwhile).
 */
export async function getUploadSettings(opts: { policy?: boolean } = {}): Promise<UploadSettings> {
  const [endpoint, token, headers, deleteAfter, chunkSize, policy] = await Promise.all([
    read(uploadEndpointItem),
    read(uploadTokenItem),
    read(uploadHeadersItem),
    read(uploadDeleteAfterItem),
    read(uploadChunkSizeItem),
    opts.policy === false ? ({} as ManagedPolicy) : readPolicy(),
  ]);
  return {
    endpoint: policy.uploadEndpoint ?? endpoint,
    managed: policy.uploadEndpoint !== undefined,
    token,
    headers,
    deleteAfter,
    chunkSize: chunkSize ?? DEFAULT_CHUNK_SIZE,
  };
}

export async function setUploadSettings(patch: {
  endpoint?: string | null;
  token?: string | null;
  deleteAfter?: boolean;
}): Promise<void> {
  if (patch.endpoint !== undefined) await write(uploadEndpointItem, patch.endpoint);
  if (patch.token !== undefined) await write(uploadTokenItem, patch.token);
  if (patch.deleteAfter !== undefined) await write(uploadDeleteAfterItem, patch.deleteAfter);
}

/** This browser profile's contributor id, made on first use. */
export async function contributorId(): Promise<string> {
  const id = await read(contributorIdItem);
  if (isContributorId(id)) return id;
  const fresh = newContributorId();
  await write(contributorIdItem, fresh);
  return fresh;
}

export function sessionContributors(): Promise<Record<string, string>> {
  return read(sessionContributorsItem);
}

export async function addSessionContributors(map: Record<string, string>): Promise<void> {
  await write(sessionContributorsItem, { ...(await sessionContributors()), ...map });
}

/** Records written before uploads spoke tus lack the tus fields: the item's migration adds them. */
export function uploads(): Promise<Record<string, UploadRecord>> {
  return read(uploadsItem);
}

export async function saveUpload(r: UploadRecord): Promise<void> {
  await write(uploadsItem, { ...(await uploads()), [r.sha256]: r });
}

export async function removeUpload(sha256: string): Promise<void> {
  const all = await uploads();
  delete all[sha256];
  await write(uploadsItem, all);
}

/** Calls `fn` whenever upload records change (from this page or another). */
export function onUploadsChanged(fn: (all: Record<string, UploadRecord>) => void): () => void {
  return watch(uploadsItem, fn);
}
