/**
 * Every value the extension keeps in chrome.storage, declared once (the contract between the
 * service worker and the pages; shared/storage.ts reads and writes them). Keys and stored shapes
 * are those of the builds before items existed, so values they stored, and e2e specs that seed
 * keys, read unchanged.
 *
 * Fail closed: `origins`, `consent` and `recording` decide whether anything is recorded. A stored
 * value that fails validation reads as no site enabled, no consent, and an idle recording record
 * (whose epoch outranks every directive already sent, so frames and the offscreen document obey it).
 */
import * as v from 'valibot';
import { DEFAULT_BLOCK_SELECTORS, DEFAULT_MASK_SELECTORS, parsePolicy } from './policy';
import { defineItem } from './storage';

// ---- Shapes shared by several items --------------------------------------------------------

export const OriginRuleSchema = v.object({ pattern: v.string(), source: v.picklist(['user', 'policy']) });
export const ConsentRecordSchema = v.object({ version: v.string(), acceptedAt: v.number() });

const AdminRulesSchema = v.object({
  patterns: v.optional(
    v.array(v.object({ name: v.string(), regex: v.string(), flags: v.optional(v.string()) })),
  ),
  terms: v.optional(v.array(v.string())),
});

/** The admin policy as `parsePolicy` returns it (what the session cache holds). */
export const ManagedPolicySchema = v.object({
  allowedOrigins: v.optional(v.array(v.string())),
  blockSelectors: v.optional(v.array(v.string())),
  maskSelectors: v.optional(v.array(v.string())),
  uploadEndpoint: v.optional(v.string()),
  reviewer: v.optional(v.string()),
  restrictToAllowedOrigins: v.optional(v.boolean()),
  redactionRules: v.optional(AdminRulesSchema),
  redactionRulesError: v.optional(v.string()),
});

export const RecordingRecordSchema = v.object({
  state: v.picklist(['idle', 'recording', 'paused', 'error']),
  sessionId: v.nullable(v.string()),
  windowId: v.nullable(v.number()),
  startedAt: v.nullable(v.number()),
  /**
   * The task in progress, without its intent: the raw intent only passes through the outbox.
   * `key` names the stored stream that holds the task's start event (redacted intent included).
   */
  task: v.nullable(v.object({ taskId: v.string(), key: v.string() })),
  error: v.nullable(v.string()),
  /**
   * Bumped on every write of this record, reset included: the identity of the directives sent
   * under it (`FrameDirective.epoch`, see shared/admission.ts). Never goes back within a browser run.
   */
  epoch: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** When this session was recording, by epoch (admission decides a stream's stamp by them). */
  spans: v.array(v.object({ sessionId: v.string(), from: v.number(), to: v.nullable(v.number()) })),
});
export type RecordingRecord = v.InferOutput<typeof RecordingRecordSchema>;

export const IDLE_RECORDING: RecordingRecord = {
  state: 'idle',
  sessionId: null,
  windowId: null,
  startedAt: null,
  task: null,
  error: null,
  epoch: 0,
  spans: [],
};

export const UploadRecordSchema = v.object({
  sha256: v.string(),
  size: v.number(),
  chunkSize: v.number(),
  endpoint: v.string(),
  sessionIds: v.array(v.string()),
  exportedAt: v.number(),
  contributorId: v.string(),
  contributors: v.record(v.string(), v.string()),
  extension: v.object({ name: v.string(), version: v.string() }),
  name: v.string(),
  status: v.picklist(['uploading', 'retrying', 'paused', 'failed', 'needs-auth', 'done']),
  bytesSent: v.number(),
  uploadUrl: v.nullable(v.string()),
  error: v.nullable(v.string()),
  nextRetryAt: v.nullable(v.number()),
  duplicate: v.boolean(),
  startedAt: v.number(),
  updatedAt: v.number(),
  completedAt: v.nullable(v.number()),
  deleteAfter: v.boolean(),
});

export const DeletionRequestSchema = v.object({
  type: v.literal('consent-recorder/deletion-request'),
  version: v.literal(1),
  scope: v.picklist(['contributor', 'bundles']),
  contributorId: v.string(),
  bundles: v.array(
    v.object({
      sha256: v.string(),
      sessionIds: v.array(v.string()),
      endpoint: v.nullable(v.string()),
      uploadedAt: v.nullable(v.number()),
    }),
  ),
  reason: v.picklist(['consent_withdrawn', 'contributor_request']),
  requestedAt: v.string(),
  instructions: v.string(),
});

export const QueuedDeletionSchema = v.object({
  /** endpoint + requestedAt: one entry per request and receiver. */
  id: v.string(),
  endpoint: v.string(),
  request: DeletionRequestSchema,
  status: v.picklist(['queued', 'sent', 'needs-auth', 'failed']),
  attempts: v.number(),
  nextRetryAt: v.nullable(v.number()),
  error: v.nullable(v.string()),
  sentAt: v.nullable(v.number()),
});
export type QueuedDeletion = v.InferOutput<typeof QueuedDeletionSchema>;

export const OutboxItemSchema = v.object({ key: v.string(), sessionId: v.string(), events: v.string() });
export type OutboxItem = v.InferOutput<typeof OutboxItemSchema>;

/** Header names a fetch accepts; `authorization` comes from the token, never from here. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/**
 * A map of records where one bad record is dropped (with a warning), not the whole map: the others
 * (uploads to resume, deletions to send) stay.
 */
function recordsOf<S extends v.GenericSchema<unknown, unknown>>(schema: S, what: string) {
  return v.pipe(
    v.record(v.string(), v.unknown()),
    v.transform((raw) => {
      const out: Record<string, v.InferOutput<S>> = {};
      for (const [k, x] of Object.entries(raw)) {
        const parsed = v.safeParse(schema, x);
        if (parsed.success) out[k] = parsed.output;
        else console.warn(`[storage] ${what} ${k} dropped: ${parsed.issues[0]?.message ?? 'invalid'}`);
      }
      return out;
    }),
  );
}

// ---- chrome.storage.local: the user's settings ---------------------------------------------

/** The sites the user enabled (policy sites are never stored here). Fails closed: none. */
export const originsItem = defineItem({
  area: 'local',
  key: 'origins',
  schema: v.array(OriginRuleSchema),
  fallback: () => [],
});

/** The user's consent to the current text. Fails closed: no consent. */
export const consentItem = defineItem({
  area: 'local',
  key: 'consent',
  schema: v.nullable(ConsentRecordSchema),
  fallback: () => null,
});

/** A bad value reads as the built-in selectors (which a policy can only add to). */
export const blockSelectorsItem = defineItem({
  area: 'local',
  key: 'blockSelectors',
  schema: v.array(v.string()),
  fallback: () => [...DEFAULT_BLOCK_SELECTORS],
});

export const maskSelectorsItem = defineItem({
  area: 'local',
  key: 'maskSelectors',
  schema: v.array(v.string()),
  fallback: () => [...DEFAULT_MASK_SELECTORS],
});

export const uploadEndpointItem = defineItem({
  area: 'local',
  key: 'uploadEndpoint',
  schema: v.nullable(v.string()),
  fallback: () => null,
});

export const reviewerItem = defineItem({
  area: 'local',
  key: 'reviewer',
  schema: v.nullable(v.string()),
  fallback: () => null,
});

export const uploadTokenItem = defineItem({
  area: 'local',
  key: 'uploadToken',
  schema: v.nullable(v.string()),
  fallback: () => null,
});

/** Extra request headers (no UI yet): only string values under a valid name are kept. */
export const uploadHeadersItem = defineItem({
  area: 'local',
  key: 'uploadHeaders',
  schema: v.pipe(
    v.record(v.string(), v.unknown()),
    v.transform((raw) => {
      const out: Record<string, string> = {};
      for (const [k, x] of Object.entries(raw))
        if (HEADER_NAME.test(k) && k.toLowerCase() !== 'authorization' && typeof x === 'string') out[k] = x;
      return out;
    }),
  ),
  fallback: () => ({}),
});

export const uploadDeleteAfterItem = defineItem({
  area: 'local',
  key: 'uploadDeleteAfter',
  schema: v.boolean(),
  fallback: () => false,
});

/** Not in the UI: tests use small chunks to interrupt an upload midway. null: the default size. */
export const uploadChunkSizeItem = defineItem({
  area: 'local',
  key: 'uploadChunkSize',
  schema: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1024))),
  fallback: () => null,
});

/** This profile's pseudonymous contributor id (made on first use by the export page). */
export const contributorIdItem = defineItem({
  area: 'local',
  key: 'contributorId',
  schema: v.nullable(v.string()),
  fallback: () => null,
});

/** Which contributor each imported session belongs to, by session id. */
export const sessionContributorsItem = defineItem({
  area: 'local',
  key: 'sessionContributors',
  schema: v.record(v.string(), v.string()),
  fallback: () => ({}),
});

/**
 * Every upload's state, by bundle sha256, so an upload resumes after the browser restarts.
 * Version 2 added the tus fields: records stored before them start over (a new upload).
 */
export const uploadsItem = defineItem({
  area: 'local',
  key: 'uploads',
  schema: recordsOf(UploadRecordSchema, 'upload'),
  fallback: () => ({}),
  version: 2,
  migrations: {
    2: (old) =>
      isObject(old)
        ? Object.fromEntries(
            Object.entries(old).map(([k, r]) => [
              k,
              isObject(r) ? { bytesSent: 0, uploadUrl: null, nextRetryAt: null, duplicate: false, ...r } : r,
            ]),
          )
        : old,
  },
});

/** Deletion requests waiting to reach a receiver, by id. */
export const deletionQueueItem = defineItem({
  area: 'local',
  key: 'deletionQueue',
  schema: recordsOf(QueuedDeletionSchema, 'deletion request'),
  fallback: () => ({}),
});

/** Rejected and uploaded sessions are deleted after this many days; 0 keeps them. */
export const retentionDaysItem = defineItem({
  area: 'local',
  key: 'retentionDays',
  schema: v.pipe(v.number(), v.integer(), v.minValue(0)),
  fallback: () => 0,
});

// ---- chrome.storage.session: the coordinator's state (gone when the browser closes) ----------

/**
 * The recording state. Version 2 added `epoch` and `spans`: a record stored before them reads as
 * epoch 0 with no span. Fails closed: idle, no span (no stream is admitted), and an epoch above any
 * the counter reached, so the directives it produces supersede those sent under the lost record.
 */
export const recordingItem = defineItem({
  area: 'session',
  key: 'recording',
  schema: RecordingRecordSchema,
  fallback: () => ({ ...IDLE_RECORDING, spans: [] }),
  invalid: () => ({ ...IDLE_RECORDING, spans: [], epoch: Date.now() }),
  version: 2,
  migrations: { 2: (old) => (isObject(old) ? { epoch: 0, spans: [], ...old } : old) },
});

/** The last policy read, used while chrome.storage.managed is slow to answer. A bad one: none. */
export const policyCacheItem = defineItem({
  area: 'session',
  key: 'policyCache',
  schema: v.nullable(ManagedPolicySchema),
  fallback: () => null,
});

/** The tab last active outside the extension's own pages (a return to it is no switch of work). */
export const lastWorkTabItem = defineItem({
  area: 'session',
  key: 'lastWorkTab',
  schema: v.nullable(v.number()),
  fallback: () => null,
});

/**
 * Session events not yet acked by the worker (raw strings: removed, not emptied, once delivered).
 * A bad value reads as empty: those events are lost, never replayed from a value we cannot trust.
 */
export const outboxItem = defineItem({
  area: 'session',
  key: 'outbox',
  schema: v.array(OutboxItemSchema),
  fallback: () => [],
});

// ---- chrome.storage.managed: the admin policy ----------------------------------------------

/**
 * The whole managed area, parsed (what a policy file may hold but we cannot use is dropped;
 * invalid redaction rules become `redactionRulesError`, which refuses recording).
 */
export const policyItem = defineItem({
  area: 'managed',
  key: null,
  schema: v.pipe(v.unknown(), v.transform(parsePolicy)),
  fallback: () => ({}),
});
