/**
 * The bundle's manifest: versions, provenance (extension, export time, contributor, consent,
 * reviewer and approval), the redaction summary, counts, and the sha256 of every other file.
 * Readers check it with `parseManifest` before trusting anything else in the bundle.
 */

import * as v from 'valibot';
import { CONTRIBUTOR_ID_RE } from '../../shared/contributor';
import { BUNDLE_FORMAT, KNOWN_BUNDLE_MAJORS, KNOWN_SCHEMA_VERSIONS, PATH_RE, SESSION_ID_RE } from './format';
import { SHA256_RE } from './hash';

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

export interface ManifestSession {
  id: string;
  /** Pseudonymous id of the person who recorded the session (never their identity). */
  contributorId: string;
  startedAt: number;
  endedAt: number | null;
  intent: string | null;
  origins: string[];
  consent: { version: string; acceptedAt: number };
  review: { reviewer: string; approvedAt: number; note: string | null };
  /** Redactions by entity type, as counted when the session was stored. */
  redactions: Record<string, number>;
  counts: { tabs: number; events: number; trajectories: number; steps: number; refinements: number };
  /** Steps each UserFlow leaves out (tab switches, script submits...), summed over trajectories. */
  userflowSkippedSteps: number;
}

export interface Manifest {
  format: typeof BUNDLE_FORMAT;
  bundleVersion: string;
  schemaVersion: string;
  eventsVersion: number;
  schema: { path: string; id: string };
  extension: { name: string; version: string };
  exportedAt: string;
  /** Pseudonymous id of the contributor the bundle is exported for. */
  contributorId: string;
  sessions: ManifestSession[];
  redaction: { counts: Record<string, number>; notCovered: string[] };
  counts: { sessions: number; trajectories: number; steps: number; refinements: number; events: number };
  /** Every file of the bundle but the manifest, in bundle order. */
  files: ManifestFile[];
}

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const time = v.pipe(v.number(), v.finite());
const Counts = v.record(v.pipe(v.string(), v.maxLength(64)), count);

const ManifestSchema = v.object({
  format: v.literal(BUNDLE_FORMAT),
  bundleVersion: v.pipe(
    v.string(),
    v.check(
      (s) => KNOWN_BUNDLE_MAJORS.includes(s.split('.')[0] ?? ''),
      'is a bundle version this extension does not know',
    ),
  ),
  schemaVersion: v.pipe(
    v.string(),
    v.check(
      (s) => KNOWN_SCHEMA_VERSIONS.includes(s),
      'is a trajectory schema version this extension does not know',
    ),
  ),
  eventsVersion: v.literal(1),
  schema: v.object({ path: v.string(), id: v.string() }),
  extension: v.object({ name: v.string(), version: v.string() }),
  exportedAt: v.pipe(v.string(), v.isoTimestamp()),
  contributorId: v.pipe(v.string(), v.regex(CONTRIBUTOR_ID_RE)),
  sessions: v.pipe(
    v.array(
      v.object({
        id: v.pipe(v.string(), v.regex(SESSION_ID_RE)),
        contributorId: v.pipe(v.string(), v.regex(CONTRIBUTOR_ID_RE)),
        startedAt: time,
        endedAt: v.nullable(time),
        intent: v.nullable(v.string()),
        origins: v.array(v.string()),
        consent: v.object({ version: v.string(), acceptedAt: time }),
        review: v.object({ reviewer: v.string(), approvedAt: time, note: v.nullable(v.string()) }),
        redactions: Counts,
        counts: v.object({
          tabs: count,
          events: count,
          trajectories: count,
          steps: count,
          refinements: count,
        }),
        userflowSkippedSteps: count,
      }),
    ),
    v.minLength(1, 'lists no session'),
  ),
  redaction: v.object({ counts: Counts, notCovered: v.array(v.string()) }),
  counts: v.object({ sessions: count, trajectories: count, steps: count, refinements: count, events: count }),
  files: v.array(
    v.object({
      path: v.pipe(v.string(), v.regex(PATH_RE, 'is not a path a bundle may hold')),
      size: count,
      sha256: v.pipe(v.string(), v.regex(SHA256_RE)),
    }),
  ),
});

/** Checks a parsed manifest; throws an Error that says which field is wrong and how. */
export function parseManifest(raw: unknown): Manifest {
  const r = v.safeParse(ManifestSchema, raw);
  if (r.success) return r.output as Manifest;
  const issue = r.issues[0];
  const path = issue?.path?.map((p) => String(p.key)).join('.') ?? '';
  throw new Error(`manifest.json: ${path || 'the manifest'} ${issue?.message ?? 'is invalid'}`);
}

export function sumCounts(into: Record<string, number>, add: Record<string, number>): void {
  for (const [k, n] of Object.entries(add)) into[k] = (into[k] ?? 0) + n;
}
