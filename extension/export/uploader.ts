/**
 * The export page's side of uploads: queues them (one at a time), hands each to the page's worker
 * (worker/ship/upload-run.ts runs the tus client there, issue 14: no page runs worker code) and
 * persists every state change the worker reports in chrome.storage.local, which the export page and
 * the review list watch. The record holds the tus upload URL, so an upload resumes from the
 * server's offset after the page or the browser restarts.
 */
import type { UploadRecord } from '../../shared/uploads';
import { TEST_BUILD } from './build-flags';
import { pauseUploadInWorker, uploadInWorker } from './client';
import { getUploadSettings, saveUpload } from './store';

let queue: Promise<unknown> = Promise.resolve();
const running = new Set<string>();

export function isRunning(sha256: string): boolean {
  return running.has(sha256);
}

export function pause(sha256: string): void {
  void pauseUploadInWorker(sha256);
}

/**
 * Queues an upload; resolves when it is done, paused or failed (the record says which). `bundle`:
 * the bytes if this page still has them (copied to the worker), else the worker rebuilds them.
 */
export function runUpload(record: UploadRecord, bundle: Uint8Array | null): Promise<void> {
  const next = queue.then(async () => {
    running.add(record.sha256);
    try {
      const settings = await getUploadSettings({ policy: false }); // token and headers: never in the policy
      await uploadInWorker(
        {
          record,
          auth: { token: settings.token, headers: settings.headers },
          bundle,
          allowLoopbackHttp: TEST_BUILD,
        },
        saveUpload,
      );
    } catch (e) {
      // The worker crashed or could not start: say so on the record (it resumes on the next open).
      await saveUpload({
        ...record,
        status: 'paused',
        error: `The upload stopped: ${e instanceof Error ? e.message : String(e)}`,
        nextRetryAt: null,
        updatedAt: Date.now(),
      });
    } finally {
      running.delete(record.sha256);
    }
  });
  queue = next.catch(() => {});
  return next;
}
