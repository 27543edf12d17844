/**
 * Generic high-entropy tokens: runs of base64/base64url characters, at least 20 long, that look
 * random rather than like words, paths, hashes or identifiers. Decided on the dev corpus decoys:
 * - pure hex (git SHAs, digests, UUIDs) is public far more often than secret, so it is skipped
 *   here; hex secrets are still caught by key names, URL parameter names and vendor prefixes;
 * - lowercase "type_" prefixed ids (Stripe evt_/pi_/cus_, pk_live_ publishable keys) are public
 *   object ids; secret prefixes are matched first by the vendor table;
 * - subresource-integrity hashes (sha384-...) and base64 image data are public.
 * "Random" means many case/digit switches and short letter runs: camelCase identifiers and
 * slug-like paths have long runs of letters.
 */
import type { Sink } from '../types';

const CANDIDATE = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{20,}={0,2}(?![A-Za-z0-9+/=_-])/g;
const HEXISH = /^[0-9A-Fa-f-]+$/;
const TYPED_ID = /^[a-z]{2,8}_(?:(?:live|test)_)?[A-Za-z0-9]+$/;
const SRI = /^sha(?:1|256|384|512)-/;

function cls(c: number): number {
  if (c >= 48 && c <= 57) return 1;
  if (c >= 65 && c <= 90) return 2;
  if (c >= 97 && c <= 122) return 3;
  return 0;
}

/** True when `v` reads like a random token: mixed classes, frequent switches, short letter runs. */
export function looksRandom(v: string, minLen: number): boolean {
  if (v.length < minLen) return false;
  let up = 0;
  let lo = 0;
  let dg = 0;
  let switches = 0;
  let pairs = 0;
  let prev = 0;
  let letterRuns = 0;
  let letters = 0;
  for (let i = 0; i < v.length; i++) {
    const k = cls(v.charCodeAt(i));
    if (k === 1) dg++;
    else if (k === 2) up++;
    else if (k === 3) lo++;
    if (k >= 2) {
      letters++;
      if (!(prev >= 2 && (prev === k || (prev === 2 && k === 3)))) letterRuns++;
    }
    if (k !== 0 && prev !== 0) {
      pairs++;
      if (k !== prev) switches++;
    }
    prev = k;
  }
  const classes = (up > 0 ? 1 : 0) + (lo > 0 ? 1 : 0) + (dg > 0 ? 1 : 0);
  if (classes < 2) return false;
  const switchRate = pairs === 0 ? 0 : switches / pairs;
  const avgRun = letterRuns === 0 ? 0 : letters / letterRuns;
  if (dg === 0 && !(up >= 3 && lo >= 3 && v.length >= 24)) return false;
  return switchRate >= 0.3 && avgRun < 4 && shannon(v) >= 3.2;
}

export function shannon(v: string): number {
  const freq = new Map<number, number>();
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    freq.set(c, (freq.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const n of freq.values()) {
    const p = n / v.length;
    h -= p * Math.log2(p);
  }
  return h;
}

export function findHighEntropy(s: string, out: Sink): void {
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(s); m !== null; m = CANDIDATE.exec(s)) {
    const tok = m[0];
    if (HEXISH.test(tok) || TYPED_ID.test(tok) || SRI.test(tok)) continue;
    if (s.slice(Math.max(0, m.index - 8), m.index).endsWith('base64,')) {
      const head = s.slice(Math.max(0, m.index - 64), m.index);
      if (/data:(?:image|font|audio|video)\//i.test(head)) continue;
    }
    // Paths: judge each segment, since a long path of words is one run.
    if (tok.includes('/') && !tok.endsWith('=')) {
      let off = 0;
      for (const seg of tok.split('/')) {
        if (seg.length >= 20 && !HEXISH.test(seg) && !TYPED_ID.test(seg) && looksRandom(seg, 20)) {
          out.push({ start: m.index + off, end: m.index + off + seg.length, type: 'HIGH_ENTROPY' });
        }
        off += seg.length + 1;
      }
      if (!looksRandom(tok, 20) || tok.split('/').some((seg) => /^[a-z]{3,}$/.test(seg))) continue;
    }
    if (!looksRandom(tok, 20)) continue;
    out.push({ start: m.index, end: m.index + tok.length, type: 'HIGH_ENTROPY' });
  }
}
