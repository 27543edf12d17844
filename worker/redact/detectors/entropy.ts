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
import { type Runs, tokenWindows } from './runs';

// Tokens: (?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{20,}={0,2}(?![A-Za-z0-9+/=_-]) (see scanWindow), in
// windows with [A-Za-z0-9]{10} (see hasAlnumRun).
const HEXISH = /^[0-9A-Fa-f-]+$/;
const TYPED_ID = /^[a-z]{2,8}_(?:(?:live|test)_)?[A-Za-z0-9]+$/;
// "tennis-6c1f1622-823a-...": a word slug glued to a hex id (test ids, CSS hashes).
const SLUG_HEX = /^[A-Za-z]+(?:[-_][A-Za-z]+)*[-_][0-9A-Fa-f]+(?:-[0-9A-Fa-f]+)*$/;
const SRI = /^sha(?:1|256|384|512)-/;

const counts = new Uint16Array(128);

// Class of a code unit below 128: 1 digit, 2 upper, 3 lower, 0 other (as is every unit above).
const KIND = new Uint8Array(128);
for (let c = 48; c <= 57; c++) KIND[c] = 1;
for (let c = 65; c <= 90; c++) KIND[c] = 2;
for (let c = 97; c <= 122; c++) KIND[c] = 3;
// By previous class * 4 + class: a letter that starts a new letter run (a capital followed by
// lowercase continues one word); two classed characters in a row; two different ones.
const RUN_STARTS = new Uint8Array(16);
const PAIRS = new Uint8Array(16);
const SWITCHES = new Uint8Array(16);
for (let prev = 0; prev < 4; prev++) {
  for (let k = 0; k < 4; k++) {
    const t = prev * 4 + k;
    RUN_STARTS[t] = k >= 2 && !(prev === k || (prev === 2 && k === 3)) ? 1 : 0;
    PAIRS[t] = k !== 0 && prev !== 0 ? 1 : 0;
    SWITCHES[t] = k !== 0 && prev !== 0 && k !== prev ? 1 : 0;
  }
}
const tally = new Int32Array(4);

/**
 * True when `v` reads like a random token: mixed classes, frequent switches, short letter runs.
 * One table-driven pass counts the classes and the characters; the entropy is summed from those
 * counts exactly as shannon() sums it.
 */
export function looksRandom(v: string, minLen: number): boolean {
  const n = v.length;
  if (n < minLen) return false;
  tally.fill(0);
  counts.fill(0);
  let other = 0;
  let switches = 0;
  let pairs = 0;
  let prev = 0;
  let letterRuns = 0;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    let k = 0;
    if (c < 128) {
      counts[c]!++;
      k = KIND[c]!;
    } else other++;
    tally[k]!++;
    const t = prev * 4 + k;
    letterRuns += RUN_STARTS[t]!;
    pairs += PAIRS[t]!;
    switches += SWITCHES[t]!;
    prev = k;
  }
  const dg = tally[1]!;
  const up = tally[2]!;
  const lo = tally[3]!;
  const letters = up + lo;
  if ((up > 0 ? 1 : 0) + (lo > 0 ? 1 : 0) + (dg > 0 ? 1 : 0) < 2) return false;
  if (dg === 0 && !(up >= 3 && lo >= 3 && n >= 24)) return false;
  if (pairs === 0 || switches / pairs < 0.3) return false;
  if (letterRuns > 0 && letters / letterRuns >= 4) return false;
  return entropyOfCounts(n, other) >= 3.2;
}

export function shannon(v: string): number {
  const n = v.length;
  counts.fill(0);
  let other = 0;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c < 128) counts[c] = (counts[c] ?? 0) + 1;
    else other++;
  }
  return entropyOfCounts(n, other);
}

/**
 * p * log2(p) for p = k / n, by n and k, filled as met (1 until then, never a term as p <= 1):
 * the same doubles the formula gives, without a logarithm per distinct character of every token.
 * Most tokens are 20 to 100 characters long; past 256 (all tables together at most ~260 KB) the
 * formula runs as before.
 */
const TERMS_MAX = 256;
const termTables: (Float64Array | undefined)[] = [];
function termsFor(n: number): Float64Array {
  let t = termTables[n];
  if (t === undefined) {
    t = new Float64Array(n + 1).fill(1);
    termTables[n] = t;
  }
  return t;
}

/** Shannon entropy in bits from `counts` (ASCII units) and the number of other units, of `n`. */
function entropyOfCounts(n: number, other: number): number {
  let h = 0;
  const terms = n <= TERMS_MAX ? termsFor(n) : null;
  for (let c = 0; c < 128; c++) {
    const k = counts[c] ?? 0;
    if (k === 0) continue;
    if (terms !== null) {
      let x = terms[k]!;
      if (x > 0) {
        const p = k / n;
        x = p * Math.log2(p);
        terms[k] = x;
      }
      h -= x;
      continue;
    }
    const p = k / n;
    h -= p * Math.log2(p);
  }
  if (other > 0) h -= (other / n) * Math.log2(other / n);
  return h;
}

/** Spans already found (vendor keys, JWTs, PEM bodies), sorted, walked with one cursor. */
interface Known {
  spans: { start: number; end: number }[];
  at: number;
}

function covered(k: Known, a: number, b: number): boolean {
  while (k.at < k.spans.length && (k.spans[k.at]?.end ?? 0) < b) k.at++;
  for (let j = k.at; j < k.spans.length; j++) {
    const sp = k.spans[j];
    if (!sp || sp.start > a) break;
    if (sp.end >= b) return true;
  }
  return false;
}

const NO_KNOWN: { start: number; end: number }[] = [];

export function findHighEntropy(s: string, out: Sink, wins: Runs = tokenWindows(s)): void {
  const known: Known = {
    spans:
      out.length === 0
        ? NO_KNOWN
        : out.map((x) => ({ start: x.start, end: x.end })).sort((x, y) => x.start - y.start),
    at: 0,
  };
  for (let w = 0; w < wins.length; w += 2) {
    const a = wins[w] ?? 0;
    const b = wins[w + 1] ?? 0;
    // Paths and slugs are long windows of short words; random tokens have long alphanumeric runs.
    if (b - a >= 20 && hasAlnumRun(s, a, b)) scanWindow(s, a, b, out, known);
  }
}

// Candidate characters, by UTF-16 code unit: 1 for [A-Za-z0-9+/_-], 2 for '=' (both are the
// characters CANDIDATE's edges refuse), 4 marks letters and digits.
const CAND = new Uint8Array(65536);
for (const c of '+/_-') CAND[c.charCodeAt(0)] = 1;
for (let c = 48; c <= 57; c++) CAND[c] = 1 | 4;
for (let c = 65; c <= 90; c++) CAND[c] = 1 | 4;
for (let c = 97; c <= 122; c++) CAND[c] = 1 | 4;
CAND[61] = 2;

/** ALNUM10 on s[a, b): ten letters or digits in a row. */
function hasAlnumRun(s: string, a: number, b: number): boolean {
  let run = 0;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if ((CAND[c]! & 4) !== 0) {
      if (++run >= 10) return true;
    } else run = 0;
  }
  return false;
}

/**
 * The CANDIDATE matches of window s[a, b), in order. The edges refuse every candidate character,
 * so a match is a whole maximal run of them (the window's edges are not candidate characters):
 * one that is 20+ of [A-Za-z0-9+/_-] followed by at most two '='.
 */
function scanWindow(s: string, a: number, b: number, out: Sink, known: Known): void {
  let p = a;
  while (p < b) {
    const c0 = s.charCodeAt(p);
    if (CAND[c0] === 0) {
      p++;
      continue;
    }
    let q = p;
    for (let c = c0; q < b && (CAND[c]! & 1) !== 0; c = s.charCodeAt(q)) q++;
    let e = q;
    while (e < b && s.charCodeAt(e) === 61) e++;
    let r = e;
    for (let c = s.charCodeAt(r); r < b && CAND[c] !== 0; c = s.charCodeAt(r)) r++;
    const start = p;
    p = r;
    if (q - start < 20 || e - q > 2 || r !== e) continue;
    candidate(s, start, s.slice(start, e), out, known);
  }
}

function candidate(s: string, index: number, tok: string, out: Sink, known: Known): void {
  const m = { index };
  // Already inside a vendor key, JWT or PEM body: nothing to add.
  if (known.spans.length > 0 && covered(known, m.index, m.index + tok.length)) return;
  if (HEXISH.test(tok) || SRI.test(tok)) return;
  if ((tok.indexOf('_') !== -1 || tok.indexOf('-') !== -1) && (TYPED_ID.test(tok) || SLUG_HEX.test(tok)))
    return;
  if (s.charCodeAt(m.index - 1) === 44 && s.slice(Math.max(0, m.index - 7), m.index) === 'base64,') {
    if (/data:(?:image|font|audio|video)\//i.test(s.slice(Math.max(0, m.index - 64), m.index))) return;
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
    if (!looksRandom(tok, 20) || tok.split('/').some((seg) => /^[a-z]{3,}$/.test(seg))) return;
  } else if (!looksRandom(tok, 20)) return;
  out.push({ start: m.index, end: m.index + tok.length, type: 'HIGH_ENTROPY' });
}
