/** The page's handle on its module worker (export-worker.ts). */
import { proxy, type Remote, transfer, wrap } from 'comlink';
import type { BundleProgress } from '../../worker/export/bundle';
import type { BuildRequest, BuiltBundle, ExportWorkerApi } from './export-worker';

let api: Remote<ExportWorkerApi> | null = null;

function worker(): Remote<ExportWorkerApi> {
  if (!api) {
    const w = new Worker(new URL('./export-worker.ts', import.meta.url), { type: 'module' });
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

export function extensionInfo(): { name: string; version: string } {
  const m = chrome.runtime.getManifest();
  return { name: m.name, version: m.version };
}
