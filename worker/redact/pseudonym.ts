/**
 * Keyed pseudonyms: HMAC-SHA256 of the normalised value under the per-session key, so the same
 * address links within a session and nothing links across sessions (the key is destroyed at
 * approval or deletion). Six base62 characters carry ~35 bits: enough to tell values apart in one
 * session, too few to serve as a dictionary-attack oracle even if the key leaked.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { FULL_MASK, PLACEHOLDER_RE } from '../../shared/placeholder';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CACHE_MAX = 8192;

// The placeholder's format is a contract with the review page and exports (shared/placeholder.ts).
export { FULL_MASK, PLACEHOLDER_RE };

export interface Pseudonymizer {
  placeholder(type: string, norm: string): string;
  /** placeholder(type, normalize(type, raw)), memoized on the raw text. */
  placeholderOf(type: string, raw: string): string;
}

export function createPseudonymizer(key: Uint8Array): Pseudonymizer {
  if (!ArrayBuffer.isView(key) || key.byteLength < 16) {
    throw new Error('redactor key must be a Uint8Array of at least 16 bytes');
  }
  // A private copy: works for keys from another realm (IndexedDB, postMessage) and survives the
  // caller zeroing its buffer. Precomputing the pads once makes each pseudonym two short hashes.
  const base = hmac.create(
    sha256,
    new Uint8Array(key.buffer.slice(key.byteOffset, key.byteOffset + key.byteLength)),
  );
  const encoder = new TextEncoder();
  // Placeholders per type, keyed by the normalised value: the same values recur across a session's
  // events. Nested maps avoid building a concatenated key (a copy) on every lookup.
  const cache = new Map<string, Map<string, string>>();
  let size = 0;

  const pseudo = (norm: string): string => {
    const digest = base.clone().update(encoder.encode(norm)).digest();
    let out = '';
    for (let i = 0; i < 6; i++) out += ALPHABET[(digest[i] ?? 0) % 62];
    return out;
  };

  const placeholder = (type: string, norm: string): string => {
    let byType = cache.get(type);
    if (byType === undefined) {
      byType = new Map();
      cache.set(type, byType);
    }
    const hit = byType.get(norm);
    if (hit !== undefined) return hit;
    const ph = `[${type}:${pseudo(norm)}]`;
    if (size >= CACHE_MAX) {
      cache.clear();
      size = 0;
      byType = new Map();
      cache.set(type, byType);
    }
    // Copied: a norm sliced from the page text would keep the whole text alive in the cache.
    byType.set(copyOf(norm), ph);
    size++;
    return ph;
  };

  // The same placeholders keyed by the text as found, so a recurring value skips normalize().
  const rawCache = new Map<string, Map<string, string>>();
  let rawSize = 0;

  return {
    placeholder,
    placeholderOf(type, raw) {
      let byType = rawCache.get(type);
      if (byType === undefined) {
        byType = new Map();
        rawCache.set(type, byType);
      }
      const hit = byType.get(raw);
      if (hit !== undefined) return hit;
      const ph = placeholder(type, normalize(type, raw));
      if (rawSize >= CACHE_MAX) {
        rawCache.clear();
        rawSize = 0;
        byType = new Map();
        rawCache.set(type, byType);
      }
      byType.set(copyOf(raw), ph);
      rawSize++;
      return ph;
    },
  };
}

/** A string with its own storage, not a view into a larger one. */
function copyOf(s: string): string {
  return ` ${s}`.slice(1);
}

/** Default normalisation per type so formatting differences do not split one value in two. */
export function normalize(type: string, raw: string): string {
  switch (type) {
    case 'CREDIT_CARD':
    case 'PHONE':
    case 'US_SSN':
    case 'TAX_ID':
    case 'ACCOUNT_NUMBER':
      return digitsOnly(raw);
    case 'IBAN':
      return raw.replace(/[^A-Za-z0-9]+/g, '').toUpperCase();
    case 'EMAIL':
    case 'IPV6':
      return raw.trim().toLowerCase();
    case 'PERSON_NAME':
    case 'STREET_ADDRESS':
    case 'DOB':
    case 'POSTAL_CODE':
      return plainSpaced(raw) ? raw.toLowerCase() : raw.trim().replace(/\s+/g, ' ').toLowerCase();
    default:
      return raw.trim();
  }
}

function digitsOnly(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) out += raw[i];
  }
  return out;
}

/** Printable ASCII with single inner spaces: trimming and collapsing whitespace would change nothing. */
function plainSpaced(raw: string): boolean {
  const n = raw.length;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c > 32 && c < 127) continue;
    if (c !== 32 || i === 0 || i === n - 1 || raw.charCodeAt(i + 1) === 32) return false;
  }
  return true;
}
