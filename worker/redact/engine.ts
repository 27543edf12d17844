/**
 * Runs every detector over one string and renders placeholders. One pass over the characters
 * gathers digit runs, token windows and a few class flags; each detector is gated on them, so clean
 * UI text pays for a handful of checks rather than twenty scans. Existing placeholders are blanked
 * out of the scanned copy (same length, so offsets hold), which makes redaction idempotent and keeps
 * placeholders from being read as `key: value` pairs.
 */
import { findAddresses } from './detectors/address';
import { findCards } from './detectors/card';
import { findDobs } from './detectors/dob';
import { findEmails } from './detectors/email';
import { findHighEntropy } from './detectors/entropy';
import { findIbans } from './detectors/iban';
import { findIps } from './detectors/ip';
import { findJwts } from './detectors/jwt';
import { findAuthSchemes, findConnectionStrings, findKeyValues } from './detectors/kv';
import { findNames } from './detectors/name';
import { findPhones } from './detectors/phone';
import type { Runs } from './detectors/runs';
import { findKnownSecrets, findPrivateKeys, findServiceAccounts } from './detectors/secrets';
import { findSsns } from './detectors/ssn';
import { normalize, PLACEHOLDER_RE, type Pseudonymizer } from './pseudonym';
import { type CompiledRules, findRuleMatches } from './rules';
import type { Span } from './types';
import { analyzeUrl, findUrls } from './url';

export class BudgetExceeded extends Error {}

interface Features {
  digits: number;
  maxDigitRun: number;
  /** Class bits seen anywhere (see CLASS): upper case, non-ASCII, '@', ':' or '=', '.', ';'. */
  flags: number;
  runs: Runs;
  /** Token windows (see runs.ts) of 16+ characters. */
  wins: Runs;
}

const F_UPPER = 2;
const F_NONASCII = 4;
const F_AT = 16;
const F_KV = 32;
const F_DOT = 64;
const F_SEMI = 128;
/** Joins token windows without being a letter or digit (_ - + / . = : ~). */
const WIN = 512;
// Per-character class bits: 1 digit, 2 upper, 4 non-ASCII, 8 letter or digit, 16 '@',
// 32 ':' or '=', 64 '.', 128 ';', 512 other token-window characters. A table lookup keeps the one
// pass over every string cheap.
const CLASS = new Uint16Array(65536);
for (let c = 48; c <= 57; c++) CLASS[c] = 1 | 8;
for (let c = 65; c <= 90; c++) CLASS[c] = 2 | 8;
for (let c = 97; c <= 122; c++) CLASS[c] = 8;
for (const c of [95, 45, 43, 47, 126]) CLASS[c] = WIN;
CLASS[64] = F_AT;
CLASS[58] = F_KV | WIN;
CLASS[61] = F_KV | WIN;
CLASS[46] = F_DOT | WIN;
CLASS[59] = F_SEMI;
CLASS.fill(F_NONASCII, 128);

export function features(s: string): Features {
  let flags = 0;
  let drun = 0;
  let win = 0;
  const runs: Runs = [];
  const wins: Runs = [];
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const t = CLASS[s.charCodeAt(i)]!;
    if (t & 1) {
      drun++;
      win++;
      continue;
    }
    if (drun > 0) {
      runs.push(i - drun, i);
      drun = 0;
    }
    // Lowercase letters dominate text: one compare and out.
    if (t === 8) {
      win++;
      continue;
    }
    flags |= t;
    if (t & (8 | WIN)) {
      win++;
      continue;
    }
    if (win >= 16) wins.push(i - win, i);
    win = 0;
  }
  if (win >= 16) wins.push(n - win, n);
  if (drun > 0) runs.push(n - drun, n);
  let digits = 0;
  let maxDigitRun = 0;
  for (let k = 0; k < runs.length; k += 2) {
    const len = (runs[k + 1] ?? 0) - (runs[k] ?? 0);
    digits += len;
    if (len > maxDigitRun) maxDigitRun = len;
  }
  return { digits, maxDigitRun, flags, runs, wins };
}

// Higher wins when overlapping spans merge: the most specific explanation names the placeholder.
const PRIORITY: Record<string, number> = {
  GCP_SERVICE_ACCOUNT: 101,
  PRIVATE_KEY: 100,
  URL_CREDENTIALS: 95,
  CONNECTION_STRING: 95,
  AWS_KEY: 90,
  GITHUB_TOKEN: 90,
  GITLAB_TOKEN: 90,
  SLACK_TOKEN: 90,
  STRIPE_KEY: 90,
  GOOGLE_API_KEY: 90,
  GOOGLE_OAUTH: 90,
  NPM_TOKEN: 90,
  PYPI_TOKEN: 90,
  OPENAI_KEY: 90,
  ANTHROPIC_KEY: 90,
  API_TOKEN: 89,
  WEBHOOK: 89,
  JWT: 88,
  URL_QUERY_SECRET: 86,
  URL_PATH_SECRET: 86,
  KV_SECRET: 85,
  AUTH_HEADER: 85,
  TOKEN: 75,
  HIGH_ENTROPY: 70,
  CREDIT_CARD: 60,
  IBAN: 60,
  US_SSN: 58,
  EMAIL: 55,
  PHONE: 50,
  IPV4: 45,
  IPV6: 45,
  DOB: 40,
  STREET_ADDRESS: 30,
  PERSON_NAME: 30,
};

function prio(type: string): number {
  return PRIORITY[type] ?? 80;
}

export interface ScanOptions {
  rules: CompiledRules | null;
  /** Whole string is a URL (href/src/action): parse it even without a scheme. */
  urlMode: boolean;
  /** Decoded URL parts are scanned without URL analysis, to bound recursion. */
  inner: boolean;
  /** performance.now() deadline, or Infinity when the string is not timed. */
  deadline: number;
}

const now = (): number => globalThis.performance.now();

function check(opts: ScanOptions): void {
  if (opts.deadline !== Number.POSITIVE_INFINITY && now() > opts.deadline) {
    throw new BudgetExceeded('time budget exceeded');
  }
}

export function maskPlaceholders(s: string): string {
  if (s.indexOf('[') === -1) return s;
  return s.replace(PLACEHOLDER_RE, (m) => '\u0001'.repeat(m.length));
}

/** All raw detector spans over `scan` (placeholders already blanked). */
export function detect(scan: string, opts: ScanOptions): Span[] {
  const out: Span[] = [];
  const f = features(scan);
  const kv = (f.flags & F_KV) !== 0;
  const caps = (f.flags & (F_UPPER | F_NONASCII)) !== 0;
  if (scan.indexOf('-----BEGIN') !== -1) findPrivateKeys(scan, out);
  if (f.wins.length > 0) {
    if (scan.indexOf('service_account') !== -1) findServiceAccounts(scan, out);
    findKnownSecrets(scan, out, f.wins);
    if (scan.indexOf('eyJ') !== -1) findJwts(scan, out, f.wins);
    findHighEntropy(scan, out, f.wins);
    check(opts);
  }
  if (kv) {
    findKeyValues(scan, out);
    if ((f.flags & F_SEMI) !== 0) findConnectionStrings(scan, out);
  }
  // Unlabelled credentials ("Bearer abc...") come capitalised; labelled ones are key=value above.
  if (scan.indexOf('Bearer ') !== -1 || scan.indexOf('Basic ') !== -1 || scan.indexOf('BEARER ') !== -1) {
    findAuthSchemes(scan, out);
  }
  if (!opts.inner) {
    if (opts.urlMode) analyzeUrl(scan, 0, scan.length, out, (d) => innerScan(d, opts));
    else if (kv && scan.indexOf('://') !== -1) findUrls(scan, out, (d) => innerScan(d, opts));
  }
  if ((f.flags & F_AT) !== 0) findEmails(scan, out);
  if (f.digits >= 4) {
    const r = f.runs;
    if (f.digits >= 12 && f.maxDigitRun >= 4) findCards(scan, out, r);
    if (f.digits >= 6) findIbans(scan, out, r);
    if (f.digits >= 9 && f.maxDigitRun >= 3) findSsns(scan, out, r);
    if (f.digits >= 7) findPhones(scan, out, r);
    if ((r.length >= 8 && (f.flags & F_DOT) !== 0) || kv) findIps(scan, out, r);
    if (f.maxDigitRun >= 4 || r.length >= 6) findDobs(scan, out, r);
    check(opts);
  }
  if (f.digits >= 1 && caps) findAddresses(scan, out, f.runs);
  if (caps) findNames(scan, out);
  if (opts.rules) findRuleMatches(scan, out, opts.rules);
  check(opts);
  return out;
}

function innerScan(decoded: string, opts: ScanOptions): Span[] {
  const spans = detect(maskPlaceholders(decoded), { ...opts, inner: true, urlMode: false });
  return spans.sort((a, b) => prio(b.type) - prio(a.type));
}

/** Sorts, unions overlaps (higher priority names the result) and drops blanked placeholder text. */
export function merge(spans: Span[], scan: string): Span[] {
  if (spans.length === 0) return spans;
  if (spans.length > 1) spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  let cur: Span | undefined;
  // Detector spans are fresh objects owned by this call, so they are merged in place.
  for (const sp of spans) {
    if (sp.end <= sp.start) continue;
    if (cur && sp.start < cur.end) {
      if (sp.end > cur.end) {
        cur.end = sp.end;
        cur.norm = undefined;
      }
      if (prio(sp.type) > prio(cur.type)) {
        cur.type = sp.type;
        cur.label = sp.label;
        cur.norm = undefined;
      }
      continue;
    }
    cur = sp;
    merged.push(cur);
  }
  if (scan.indexOf('\u0001') === -1) return merged;
  const clipped: Span[] = [];
  for (const sp of merged) {
    let i = sp.start;
    while (i < sp.end) {
      while (i < sp.end && scan.charCodeAt(i) === 1) i++;
      let j = i;
      while (j < sp.end && scan.charCodeAt(j) !== 1) j++;
      if (j > i && /[\p{L}\p{N}]/u.test(scan.slice(i, j))) {
        clipped.push({ ...sp, start: i, end: j, norm: i === sp.start && j === sp.end ? sp.norm : undefined });
      }
      i = j;
    }
  }
  return clipped;
}

export function render(s: string, spans: Span[], ps: Pseudonymizer, counts: Record<string, number>): string {
  let out = '';
  let last = 0;
  for (const sp of spans) {
    const raw = s.slice(sp.start, sp.end);
    out += s.slice(last, sp.start) + ps.placeholder(sp.type, sp.norm ?? normalize(sp.type, raw));
    const key = sp.label ?? sp.type;
    counts[key] = (counts[key] ?? 0) + 1;
    last = sp.end;
  }
  return out + s.slice(last);
}
