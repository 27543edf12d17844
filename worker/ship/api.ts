/**
 * The export worker's API (worker/entries/export.ts exposes it to the export page): bundling (segmentation, zip, hashing) and import (unzip,
 * validation, re-redaction, one write transaction) run here, so the page stays responsive and
 * imported events, like recorded ones, are redacted in a worker before they reach IndexedDB.
 * Uploads (tus, worker/ship/) and deletion requests are sent from here too: the page only shows
 * their state, which this worker hands back through `save` for the page to persist.
 */
import { transfer } from 'comlink';
import type { DeletionRequest } from '../../shared/contributor';
import { createRedactor } from '../redact/index';
import { appendAuditRows, auditRow } from '../store/audit';
import { openStore } from '../store/open';
import { type BundleProgress, buildBundle } from './bundle';
import { sessionLoader } from './collect';
import { importBundle } from './import';
import type { Manifest } from './manifest';
import { readBundle } from './read-bundle';
import { abortableSleep, type UploadAuth, type UploadRecord } from './upload';
import { sendDeletionRequest } from './upload-deletion';
import { runUploadJob, type UploadJob } from './upload-run';

const db = openStore();
const running = new Map<string, AbortController>();

export interface BuildRequest {
  sessionIds: string[];
  exportedAt: number;
  contributorId: string;
  /** Contributors of imported sessions (others are `contributorId`'s). */
  contributors: Record<string, string>;
  extension: { name: string; version: string };
  /** Write an `export` audit line per session (not when an upload rebuilds its bundle). */
  audit: boolean;
}

export interface BuiltBundle {
  bytes: Uint8Array;
  sha256: string;
  manifest: Manifest;
  name: string;
}

export const exportApi = {
  async build(req: BuildRequest, onProgress?: (p: BundleProgress) => void): Promise<BuiltBundle> {
    const notCovered = createRedactor({ key: new Uint8Array(32) }).report().notCovered;
    const load = sessionLoader(db, (id) => req.contributors[id] ?? req.contributorId);
    const bundle = await buildBundle(req.sessionIds, load, {
      exportedAt: req.exportedAt,
      extension: req.extension,
      contributorId: req.contributorId,
      notCovered,
      onProgress: (p) => void onProgress?.(p),
    });
    if (req.audit) {
      const at = Date.now();
      const event = {
        kind: 'exported',
        sha256: bundle.sha256,
        bytes: bundle.bytes.length,
        files: bundle.manifest.files.length + 1,
      } as const;
      await appendAuditRows(
        db,
        bundle.manifest.sessions.map((s) => auditRow(s.id, 'exporter', at, event)),
      );
    }
    return transfer(bundle, [bundle.bytes.buffer as ArrayBuffer]);
  },

  async import(bytes: Uint8Array, actor: string) {
    const parsed = await readBundle(bytes);
    return importBundle(db, parsed, { now: Date.now(), actor });
  },

  /** Runs an upload to its end (done, paused, failed); `save` persists each state change (the page's storage). */
  async upload(job: UploadJob, save: (r: UploadRecord) => Promise<void>): Promise<UploadRecord> {
    const controller = new AbortController();
    running.set(job.record.sha256, controller);
    try {
      return await runUploadJob(db, job, {
        fetch: (input, init) => fetch(input, init),
        sleep: abortableSleep,
        now: () => Date.now(),
        random: () => Math.random(),
        save: (r) => save(r),
        signal: controller.signal,
        locks: navigator.locks,
        rebuild: (rec) =>
          exportApi.build({
            sessionIds: rec.sessionIds,
            exportedAt: rec.exportedAt,
            contributorId: rec.contributorId,
            contributors: rec.contributors,
            extension: rec.extension,
            audit: false,
          }),
      });
    } finally {
      running.delete(job.record.sha256);
    }
  },

  pause(sha256: string): void {
    running.get(sha256)?.abort();
  },

  sendDeletion(endpoint: string, request: DeletionRequest, auth: UploadAuth, allowLoopbackHttp: boolean) {
    return sendDeletionRequest(endpoint, request, auth, {
      fetch: (input, init) => fetch(input, init),
      now: () => Date.now(),
      allowLoopbackHttp,
    });
  },
};

export type ExportWorkerApi = typeof exportApi;
