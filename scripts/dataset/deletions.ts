/**
 * Deletion requests, as the contributor's export page saves them (shared/contributor.ts,
 * `consent-recorder/deletion-request` version 1) and as the reference receiver files them
 * (`deletion-requests/<id>.json` holding `{receivedAt, request}`): one request per `.json` file, or
 * one per line in a `.jsonl` file. What a request removes:
 *
 * - scope `contributor`: every session whose contributor id (the session's, or its bundle's) is the
 *   request's;
 * - scope `bundles`: every session of a listed bundle (by sha256), and every listed session id
 *   wherever it is (a re-export of the same session has another sha256), in both cases only where
 *   the contributor id is the request's: a request never removes someone else's sessions.
 */
import { basename } from 'node:path';
import * as v from 'valibot';
import { CONTRIBUTOR_ID_RE } from '../../shared/contributor';
import { DataError, parseJson, readInput } from '../cli';

const RequestSchema = v.object({
  type: v.literal('consent-recorder/deletion-request'),
  version: v.literal(1),
  scope: v.picklist(['contributor', 'bundles']),
  contributorId: v.pipe(v.string(), v.regex(CONTRIBUTOR_ID_RE)),
  bundles: v.array(
    v.object({
      sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
      sessionIds: v.array(v.string()),
    }),
  ),
  reason: v.string(),
  requestedAt: v.pipe(v.string(), v.isoTimestamp()),
});

export type DeletionRequest = v.InferOutput<typeof RequestSchema> & { file: string };

/** Reads one file of deletion requests; a request that is not one stops the build (DataError). */
export function readDeletionFile(file: string): DeletionRequest[] {
  const text = readInput(file).toString('utf8');
  const name = basename(file);
  const docs: [unknown, number][] = file.endsWith('.jsonl')
    ? text.split('\n').flatMap((line, i) => (line.trim() ? [[parseJson(line, name, i + 1), i + 1]] : []))
    : [[parseJson(text, name), 1]];
  return docs.map(([doc, line]) => {
    const r = v.safeParse(RequestSchema, unwrap(doc));
    if (!r.success) {
      const issue = r.issues[0];
      const path = issue?.path?.map((p) => String(p.key)).join('.') || 'the request';
      throw new DataError(`${name}:${line}: not a deletion request: ${path} ${issue?.message ?? ''}`.trim());
    }
    return { ...r.output, file };
  });
}

/** The receiver's record `{receivedAt, request}` → the request. */
function unwrap(doc: unknown): unknown {
  if (typeof doc === 'object' && doc !== null && !('type' in doc) && 'request' in doc) return doc.request;
  return doc;
}

export interface SessionRef {
  sessionId: string;
  bundleSha256: string;
  /** The session's contributor id and its bundle's (they are the same for bundles the extension makes). */
  contributorIds: string[];
}

/** The first request that removes this session, or null. */
export function deletionFor(s: SessionRef, requests: DeletionRequest[]): DeletionRequest | null {
  for (const r of requests) {
    if (!s.contributorIds.includes(r.contributorId)) continue;
    if (r.scope === 'contributor') return r;
    for (const b of r.bundles)
      if (b.sha256 === s.bundleSha256 || b.sessionIds.includes(s.sessionId)) return r;
  }
  return null;
}
