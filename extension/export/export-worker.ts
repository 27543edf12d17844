/// <reference lib="webworker" />
/**
 * The export page's module worker: bundling (segmentation, zip, hashing) and import (unzip,
 * validation, re-redaction, one write transaction) run here, so the page stays responsive and
 * imported events, like recorded ones, are redacted in a worker before they reach IndexedDB.
 * Uploads (tus, worker/ship/) and deletion requests are sent from here too: the page only shows
 * their state, which this worker hands back through `save` for the page to persist.
 */
import { expose, transfer } from 'comlink';
import { type BundleProgress, buildBundle } from '../../worker/export/bundle';
import { sessionLoader } from '../../worker/export/collect';
import type { DeletionRequest } from '../../worker/export/contributor';
import { importBundle } from '../../worker/export/import';
import type { Manifest } from '../../worker/export/manifest';
import { readBundle } from '../../worker/export/read-bundle';
import { createRedactor } from '../../worker/redact/index';
import { abortableSleep, type UploadAuth, type UploadRecord } from '../../worker/ship/upload';
import { sendDeletionRequest } from '../../worker/ship/upload-deletion';
import { runUploadJob, type UploadJob } from '../../worker/ship/upload-run';
import { appendAuditRows, auditRow } from '../../worker/store/audit';
import { openStore } from '../../worker/store/open';

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

const api = {
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
          api.build({
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

export type ExportWorkerApi = typeof api;
expose(api);
