/**
 * An upload's persisted record: the export page keeps it (chrome.storage, shared/storage-items.ts)
 * and shows it; the export worker (worker/ship/upload.ts) drives the upload and hands each new
 * state back. Defined here because both sides read and write it.
 */
export const DEFAULT_CHUNK_SIZE = 1024 * 1024;

/**
 * `needs-auth`: the server refused the credentials (401/403); not retried until the settings change.
 * `paused`: stopped by the user or after too many failed tries; resumes when asked or the export page opens.
 */
export type UploadStatus = 'uploading' | 'retrying' | 'paused' | 'failed' | 'needs-auth' | 'done';

/** What is persisted per bundle: enough to rebuild the identical bundle and resume after a restart. */
export interface UploadRecord {
  sha256: string;
  size: number;
  chunkSize: number;
  /** The receiver's base URL (tus endpoint: `<endpoint>/files/`). */
  endpoint: string;
  /** Inputs of the bundle, to rebuild the same bytes. */
  sessionIds: string[];
  exportedAt: number;
  contributorId: string;
  contributors: Record<string, string>;
  extension: { name: string; version: string };
  name: string;
  status: UploadStatus;
  /** Bytes the server has confirmed (its Upload-Offset). */
  bytesSent: number;
  /** The tus upload URL once created (our tus-js-client urlStorage). */
  uploadUrl: string | null;
  /** Why the last try failed (kept while retrying; cleared when done). */
  error: string | null;
  /** When the next automatic try happens, while `retrying`. */
  nextRetryAt: number | null;
  /** The receiver already had this bundle (it answered the creation with "duplicate"). */
  duplicate: boolean;
  startedAt: number;
  updatedAt: number;
  completedAt: number | null;
  deleteAfter: boolean;
}

export interface UploadAuth {
  /** Sent as `Authorization: Bearer …`. */
  token: string | null;
  /** Extra request headers (options or policy), e.g. an API gateway's key. */
  headers: Record<string, string>;
}

export function newUploadRecord(
  fields: Omit<
    UploadRecord,
    'status' | 'bytesSent' | 'uploadUrl' | 'error' | 'nextRetryAt' | 'duplicate' | 'updatedAt' | 'completedAt'
  >,
): UploadRecord {
  return {
    ...fields,
    status: 'uploading',
    bytesSent: 0,
    uploadUrl: null,
    error: null,
    nextRetryAt: null,
    duplicate: false,
    updatedAt: fields.startedAt,
    completedAt: null,
  };
}
