/** The receiver's check of a deletion request (the shape shared/contributor.ts makes). */
import * as v from 'valibot';
import type { DeletionRequest } from '../../shared/contributor';
import { CONTRIBUTOR_ID_RE } from '../../shared/contributor';

const Sha = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const Schema = v.strictObject({
  type: v.literal('consent-recorder/deletion-request'),
  version: v.literal(1),
  scope: v.picklist(['contributor', 'bundles']),
  contributorId: v.pipe(v.string(), v.regex(CONTRIBUTOR_ID_RE)),
  bundles: v.pipe(
    v.array(
      v.strictObject({
        sha256: Sha,
        sessionIds: v.pipe(v.array(v.pipe(v.string(), v.maxLength(200))), v.maxLength(10_000)),
        endpoint: v.nullable(v.pipe(v.string(), v.maxLength(2000))),
        uploadedAt: v.nullable(v.number()),
      }),
    ),
    v.maxLength(10_000),
  ),
  reason: v.picklist(['consent_withdrawn', 'contributor_request']),
  requestedAt: v.pipe(v.string(), v.isoTimestamp()),
  instructions: v.pipe(v.string(), v.maxLength(1000)),
});

export function parseDeletionRequest(
  text: string,
): { ok: true; value: DeletionRequest } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  const r = v.safeParse(Schema, json);
  if (!r.success)
    return { ok: false, error: `not a deletion request: ${v.summarize(r.issues).slice(0, 300)}` };
  return { ok: true, value: r.output };
}
