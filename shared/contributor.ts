/**
 * Contributor rights. Each bundle names a pseudonymous contributor id: random, made once per
 * browser profile and kept, so it is stable for the person but says nothing about who they are.
 * With it (or a bundle's sha256) the store's operators can find and delete what someone shared: a
 * deletion request is a small JSON file the contributor sends them.
 */

const ALPHABET = '0123456789abcdefghijklmnopqrstuv';

/** `c_` + 26 base32 characters from 16 random bytes (128 bits). */
/** `c_` and 16-64 lowercase letters or digits: random, and the same for every bundle of one contributor. */
export const CONTRIBUTOR_ID_RE = /^c_[0-9a-z]{16,64}$/;

export function newContributorId(random: Uint8Array = crypto.getRandomValues(new Uint8Array(16))): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of random) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return `c_${out}`;
}

export function isContributorId(s: unknown): s is string {
  return typeof s === 'string' && CONTRIBUTOR_ID_RE.test(s);
}

export interface DeletionRequest {
  type: 'consent-recorder/deletion-request';
  version: 1;
  /** `contributor`: everything the contributor ever shared; `bundles`: only the listed bundles. */
  scope: 'contributor' | 'bundles';
  contributorId: string;
  bundles: { sha256: string; sessionIds: string[]; endpoint: string | null; uploadedAt: number | null }[];
  reason: 'consent_withdrawn' | 'contributor_request';
  requestedAt: string;
  instructions: string;
}

export function deletionRequest(opts: {
  contributorId: string;
  scope: DeletionRequest['scope'];
  bundles: DeletionRequest['bundles'];
  reason: DeletionRequest['reason'];
  now: number;
}): DeletionRequest {
  if (!isContributorId(opts.contributorId)) throw new Error('not a contributor id');
  if (opts.scope === 'bundles' && opts.bundles.length === 0) throw new Error('no bundle to ask deletion for');
  return {
    type: 'consent-recorder/deletion-request',
    version: 1,
    scope: opts.scope,
    contributorId: opts.contributorId,
    bundles: [...opts.bundles].sort((a, b) => a.sha256.localeCompare(b.sha256)),
    reason: opts.reason,
    requestedAt: new Date(opts.now).toISOString(),
    instructions:
      opts.scope === 'contributor'
        ? 'Delete every bundle whose manifest names this contributorId (top level or in sessions[].contributorId), and everything derived from them.'
        : 'Delete the bundles with these sha256 keys, and everything derived from them.',
  };
}
