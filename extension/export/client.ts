/** The page's handle on its module worker (worker/entries/export.ts, its API in worker/ship/api.ts). */
import { proxy, type Remote, transfer, wrap } from 'comlink';
import type { DeletionRequest } from '../../shared/contributor';
import type { UploadAuth, UploadRecord } from '../../shared/uploads';
import type { BuildRequest, BuiltBundle, ExportWorkerApi } from '../../worker/ship/api';
import type { BundleProgress } from '../../worker/ship/bundle';
import type { DeletionOutcome } from '../../worker/ship/upload-deletion';
import type { UploadJob } from '../../worker/ship/upload-run';

let api: Remote<ExportWorkerApi> | null = null;

function worker(): Remote<ExportWorkerApi> {
  if (!api) {
    const w = new Worker(new URL('../../worker/entries/export.ts', import.meta.url), { type: 'module' });
    w.addEventListener('error', () => {
      api = null; // a crashed worker is replaced on the next call
    });
    api = wrap<ExportWorkerApi>(w);
  }
  return api;
}

export function buildBundleInWorker(
  req: BuildRequest,
  onProgress: (p: BundleProgress) => void,
): Promise<BuiltBundle> {
  return worker().build(req, proxy(onProgress)) as Promise<BuiltBundle>;
}

export function importBundleInWorker(bytes: Uint8Array, actor: string) {
  return worker().import(transfer(bytes, [bytes.buffer as ArrayBuffer]), actor);
}

/** Runs an upload in the worker; `save` is called with every state change, in order. */
export function uploadInWorker(
  job: UploadJob,
  save: (r: UploadRecord) => Promise<void>,
): Promise<UploadRecord> {
  return worker().upload(job, proxy(save)) as Promise<UploadRecord>;
}

export function pauseUploadInWorker(sha256: string): Promise<void> {
  return worker().pause(sha256);
}

export function sendDeletionInWorker(
  endpoint: string,
  request: DeletionRequest,
  auth: UploadAuth,
  allowLoopbackHttp: boolean,
): Promise<DeletionOutcome> {
  return worker().sendDeletion(endpoint, request, auth, allowLoopbackHttp) as Promise<DeletionOutcome>;
}

export function extensionInfo(): { name: string; version: string } {
  const m = chrome.runtime.getManifest();
  return { name: m.name, version: m.version };
}
