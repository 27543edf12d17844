/**
 * Runs uploads from the export page, one at a time: builds (or, after a restart, rebuilds and
 * checks) the bundle, sends it with the upload client, and once the server confirms, marks the
 * sessions uploaded, writes the audit log and, if asked, deletes them from this browser.
 */
import type { RecorderDb } from '../../shared/db';
import { deleteSession } from '../../shared/deletion';
import type { Manifest } from '../../worker/export/manifest';
import { type UploadRecord, uploadBundle } from '../../worker/export/upload';
import { buildBundleInWorker } from './client';
import { getUploadSettings, saveUpload } from './store';

export interface ReadyBundle {
  bytes: Uint8Array;
  manifest: Manifest;
}

let queue: Promise<unknown> = Promise.resolve();
const running = new Map<string, AbortController>();

export function isRunning(sha256: string): boolean {
  return running.has(sha256);
}

export function pause(sha256: string): void {
  running.get(sha256)?.abort();
}

/**
 * Queues an upload; resolves when it is done, paused or failed (the record says which). A Web Lock
 * per bundle keeps two open export pages from sending the same upload at once.
 */
export function runUpload(db: RecorderDb, record: UploadRecord, bundle: ReadyBundle | null): Promise<void> {
  const next = queue.then(async () => {
    await navigator.locks.request(`upload-${record.sha256}`, { ifAvailable: true }, async (lock) => {
      if (lock) await upload(db, record, bundle);
    });
  });
  queue = next.catch(() => {});
  return next;
}

async function upload(db: RecorderDb, record: UploadRecord, ready: ReadyBundle | null): Promise<void> {
  const controller = new AbortController();
  running.set(record.sha256, controller);
  let rec = record;
  const save = async (r: UploadRecord) => {
    rec = r;
    await saveUpload(r);
  };
  try {
    const settings = await getUploadSettings({ policy: false }); // only the token: never in the policy
    let bundle = ready;
    if (!bundle) {
      await save({ ...rec, status: 'uploading', error: 'rebuilding the bundle', updatedAt: Date.now() });
      const built = await buildBundleInWorker(
        {
          sessionIds: rec.sessionIds,
          exportedAt: rec.exportedAt,
          contributorId: rec.contributorId,
          contributors: rec.contributors,
          extension: rec.extension,
          audit: false,
        },
        () => {},
      );
      if (built.sha256 !== rec.sha256) {
        await save({
          ...rec,
          status: 'failed',
          error:
            'The sessions changed since this upload started (edited, deleted or re-reviewed); export them again.',
          updatedAt: Date.now(),
        });
        return;
      }
      bundle = built;
    }
    const done = await uploadBundle(bundle.bytes, bundle.manifest, rec, settings.token, {
      fetch: (input, init) => fetch(input, init),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      now: () => Date.now(),
      random: () => Math.random(),
      save,
      signal: controller.signal,
    });
    await afterUpload(db, done);
  } catch (e) {
    // uploadBundle has saved why (paused or failed); anything before it failed here.
    if (rec.status === 'uploading' || rec.status === 'retrying') {
      await save({
        ...rec,
        status: 'failed',
        error: e instanceof Error ? e.message : String(e),
        updatedAt: Date.now(),
      });
    }
  } finally {
    running.delete(record.sha256);
  }
}

async function afterUpload(db: RecorderDb, rec: UploadRecord): Promise<void> {
  const at = Date.now();
  const where = new URL(rec.endpoint).origin;
  await db.transaction('rw', db.sessions, db.audit, async () => {
    for (const id of rec.sessionIds) {
      const s = await db.sessions.get(id);
      if (!s) continue;
      if (s.status === 'approved') await db.sessions.update(id, { status: 'uploaded' });
      await db.audit.add({
        sessionId: id,
        at,
        actor: 'uploader',
        action: 'upload',
        detail: `bundle ${rec.sha256} uploaded to ${where}`,
      });
    }
  });
  if (rec.deleteAfter) {
    for (const id of rec.sessionIds)
      if (await db.sessions.get(id)) await deleteSession(db, id, 'uploader (delete after upload)');
  }
}
