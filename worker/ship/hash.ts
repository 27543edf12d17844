/**
 * SHA-256 in hex. Whole buffers go to WebCrypto (native, ~3x faster); streams that cannot be held
 * whole use @noble/hashes incrementally.
 */
import { sha256 } from '@noble/hashes/sha2.js';

export async function sha256Hex(data: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
  return hex(new Uint8Array(digest));
}

export interface IncrementalHash {
  update(data: Uint8Array): void;
  hex(): string;
}

export function incrementalSha256(): IncrementalHash {
  const h = sha256.create();
  return {
    update: (data) => {
      h.update(data);
    },
    hex: () => hex(h.digest()),
  };
}

export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export const SHA256_RE = /^[0-9a-f]{64}$/;
