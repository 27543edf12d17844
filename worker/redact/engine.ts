/**
 * Runs every detector over one string and renders placeholders. Cheap character statistics
 * gate each detector so clean UI text pays for a handful of scans, not twenty. Existing
 * placeholders are blanked out of the scanned copy (same length, so offsets hold), which makes
 * redaction idempotent and keeps placeholders from being read as `key: value` pairs.
 */
import { findAddresses } from './detectors/address';
import { findCards } from './detectors/card';
import { findDobs } from './detectors/dob';
import { findEmails } from './detectors/email';
import { findHighEntropy } from './detectors/entropy';
import { findIbans } from './detectors/iban';
import { findIps } from './detectors/ip';
import { findJwts } from './detectors/jwt';
import { findAuthSchemes, findKeyValues } from './detectors/kv';
import { findNames } from './detectors/name';
import { findPhones } from './detectors/phone';
import { findKnownSecrets, findPrivateKeys, findServiceAccounts } from './detectors/secrets';
import { findSsns } from './detectors/ssn';
import { normalize, PLACEHOLDER_RE, type Pseudonymizer } from './pseudonym';
import { type CompiledRules, findRuleMatches } from './rules';
import type { Span } from './types';
import { analyzeUrl, findUrls } from './url';

export class BudgetExceeded extends Error {}

interface Features {
  digits: number;
  upper: number;
  nonAscii: number;
  longRun: number;
  at: boolean;
  kv: boolean;
}

function features(s: string): Features {
  let digits = 0;
  let upper = 0;
  let nonAscii = 0;
  let run = 0;
  let longRun = 0;
  let at = false;
  let kv = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      run++;
    } else if (c >= 65 && c <= 90) {
      upper++;
      run++;
    } else if ((c >= 97 && c <= 122) || c === 95 || c === 45 || c === 43 || c === 47) {
      run++;
    } else {
      if (run > longRun) longRun = run;
      run = 0;
      if (c === 64) at = true;
      else if (c === 58 || c === 61) kv = true;
      else if (c > 127) nonAscii++;
    }
  }
  if (run > longRun) longRun = run;
  return { digits, upper, nonAscii, longRun, at, kv };
}

// Higher wins when overlapping spans merge: the most specific explanation names the placeholder.
const PRIORITY: Record<string, number> = {
  PRIVATE_KEY: 100,
  GCP_SERVICE_ACCOUNT: 99,
  URL_CREDENTIALS: 95,
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
  urlMode?: boolean;
  /** Decoded URL parts are scanned without URL analysis, to bound recursion. */
  inner?: boolean;
  deadline?: number;
}

const now = (): number => globalThis.performance.now();

function check(opts: ScanOptions): void {
  if (opts.deadline !== undefined && now() > opts.deadline) throw new BudgetExceeded('time budget exceeded');
}

export function maskPlaceholders(s: string): string {
  if (s.indexOf('[') === -1) return s;
  return s.replace(PLACEHOLDER_RE, (m) => '\u0001'.repeat(m.length));
}

/** All raw detector spans over `scan` (placeholders already blanked). */
export function detect(scan: string, opts: ScanOptions): Span[] {
  const out: Span[] = [];
  const f = features(scan);
  if (f.longRun >= 16) {
    if (scan.indexOf('-----BEGIN') !== -1) findPrivateKeys(scan, out);
    if (scan.indexOf('service_account') !== -1) findServiceAccounts(scan, out);
    findKnownSecrets(scan, out);
    if (scan.indexOf('eyJ') !== -1) findJwts(scan, out);
    findHighEntropy(scan, out);
    check(opts);
  } else if (scan.indexOf('-----BEGIN') !== -1) {
    findPrivateKeys(scan, out);
  }
  if (f.kv || f.longRun >= 8) {
    if (f.kv) findKeyValues(scan, out);
    if (f.longRun >= 8 && /Bearer|Basic/i.test(scan)) findAuthSchemes(scan, out);
    check(opts);
  }
  if (!opts.inner) {
    if (opts.urlMode) analyzeUrl(scan, 0, scan.length, out, (d) => innerScan(d, opts));
    else if (f.kv && scan.indexOf('://') !== -1) findUrls(scan, out, (d) => innerScan(d, opts));
  }
  if (f.at) findEmails(scan, out);
  if (f.digits >= 4) {
    if (f.digits >= 12) findCards(scan, out);
    if (f.digits >= 6) findIbans(scan, out);
    if (f.digits >= 9) findSsns(scan, out);
    if (f.digits >= 7) findPhones(scan, out);
    findIps(scan, out);
    findDobs(scan, out);
    check(opts);
  }
  if (f.digits >= 1) findAddresses(scan, out);
  if (f.upper >= 1 || f.nonAscii >= 1) findNames(scan, out);
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
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  let cur: Span | undefined;
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
    cur = { ...sp };
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
