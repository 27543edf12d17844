/**
 * Runs one upload where the bundle is built (the export page's worker): takes the bundle's Web Lock
 * (two open export pages never send the same bundle at once), rebuilds and checks the bundle when
 * resuming after a restart (only the approved sessions it was made of, byte for byte), uploads it
 * over tus, and once the server has it marks the sessions uploaded, writes the audit log and, if
 * asked, deletes them from this browser.
 */

import { deleteSession } from '../store/deletion';
import type { RecorderDb } from '../store/schema';
import { recordUpload } from '../store/uploaded';
import { type UploadAuth, type UploadDeps, type UploadRecord, uploadBundle } from './upload';

export interface UploadJob {
  record: UploadRecord;
  auth: UploadAuth;
  /** The bundle's bytes when the page still has them; null after a restart (rebuilt here). */
  bundle: Uint8Array | null;
  allowLoopbackHttp: boolean;
}

export interface RunDeps extends Omit<UploadDeps, 'allowLoopbackHttp'> {
  /** Rebuilds the bundle from the record's inputs (no export audit lines). */
  rebuild: (rec: UploadRecord) => Promise<{ bytes: Uint8Array; sha256: string }>;
  /** Web Locks; absent in tests. */
  locks?: LockManager;
}

/** Resolves with the final record; when another page holds the bundle's lock, with the record unchanged. */
export async function runUploadJob(db: RecorderDb, job: UploadJob, deps: RunDeps): Promise<UploadRecord> {
  const run = () => upload(db, job, deps);
  if (!deps.locks) return run();
  return deps.locks.request(`upload-${job.record.sha256}`, { ifAvailable: true }, (lock) =>
    lock ? run() : job.record,
  );
}

async function upload(db: RecorderDb, job: UploadJob, deps: RunDeps): Promise<UploadRecord> {
  let rec = job.record;
  const save = async (r: UploadRecord) => {
    rec = r;
    await deps.save(r);
  };
  let bytes = job.bundle;
  if (!bytes) {
    await save({ ...rec, status: 'uploading', error: 'Rebuilding the bundle…', updatedAt: deps.now() });
    try {
      const built = await deps.rebuild(rec);
      if (built.sha256 !== rec.sha256) {
        await save({
          ...rec,
          status: 'failed',
          error:
            'The sessions changed since this upload started (edited, deleted or re-reviewed); export them again.',
          nextRetryAt: null,
          updatedAt: deps.now(),
        });
        return rec;
      }
      bytes = built.bytes;
    } catch (e) {
      // Unapproved or deleted sessions are refused by the bundle builder: never uploaded.
      await save({ ...rec, status: 'failed', error: messageOf(e), nextRetryAt: null, updatedAt: deps.now() });
      return rec;
    }
  }
  const done = await uploadBundle(bytes, { ...rec, error: null }, job.auth, {
    ...deps,
    save,
    allowLoopbackHttp: job.allowLoopbackHttp,
  });
  if (done.status === 'done') await afterUpload(db, done, deps.now());
  return done;
}

/** After a finished upload: approved sessions become uploaded, each logs the upload, and "delete after upload" deletes. */
export async function afterUpload(db: RecorderDb, rec: UploadRecord, at: number): Promise<void> {
  const where = new URL(rec.endpoint).origin;
  const uploaded = { sha256: rec.sha256, where, duplicate: rec.duplicate } as const;
  await recordUpload(db, rec.sessionIds, uploaded, at);
  if (rec.deleteAfter) {
    for (const id of rec.sessionIds)
      if (await db.sessions.get(id)) await deleteSession(db, id, 'uploader (delete after upload)');
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
