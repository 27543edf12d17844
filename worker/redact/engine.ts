/**
 * Runs every detector over one string and renders placeholders. One pass over the characters
 * gathers digit runs, token windows and a few class flags; each detector is gated on them, so clean
 * UI text pays for a handful of checks rather than twenty scans. Existing placeholders are blanked
 * out of the scanned copy (same length, so offsets hold), which makes redaction idempotent and keeps
 * placeholders from being read as `key: value` pairs.
 */
import { findAddresses as findAddresses_ } from './detectors/address';
import { findCuedAddresses as findCuedAddresses_ } from './detectors/address-cue';
import { findBareNames as findBareNames_ } from './detectors/bare-name';
import { findCards as findCards_ } from './detectors/card';
import { findDobs as findDobs_ } from './detectors/dob';
import { findEmails as findEmails_ } from './detectors/email';
import { findHighEntropy as findHighEntropy_ } from './detectors/entropy';
import { findIbans as findIbans_ } from './detectors/iban';
import { findIps as findIps_ } from './detectors/ip';
import { findJwts as findJwts_ } from './detectors/jwt';
import {
  findAuthSchemes as findAuthSchemes_,
  findConnectionStrings as findConnectionStrings_,
  findKeyValues as findKeyValues_,
} from './detectors/kv';
import { findNames as findNames_ } from './detectors/name';
import {
  capitalisedCopy as capitalisedCopy_,
  findAddressees as findAddressees_,
  findMailNames as findMailNames_,
} from './detectors/name-context';
import { findPhones as findPhones_ } from './detectors/phone';
import type { Runs } from './detectors/runs';
import {
  findKnownSecrets as findKnownSecrets_,
  findPrivateKeys as findPrivateKeys_,
  findServiceAccounts as findServiceAccounts_,
} from './detectors/secrets';
import { findSingleNames as findSingleNames_ } from './detectors/single-name';
import { findSsns as findSsns_ } from './detectors/ssn';
import { PLACEHOLDER_RE as PLACEHOLDER_RE_, type Pseudonymizer } from './pseudonym';
import { type CompiledRules, findRuleMatches as findRuleMatches_ } from './rules';
import type { Span } from './types';
import { analyzeUrl as analyzeUrl_, findUrls as findUrls_ } from './url';

// Local bindings: module imports compiled to CommonJS (tsx, tests, bench) read through getters on
// every use, which every string would pay for once per detector.
const findAddresses = findAddresses_;
const findCuedAddresses = findCuedAddresses_;
const findBareNames = findBareNames_;
const findCards = findCards_;
const findDobs = findDobs_;
const findEmails = findEmails_;
const findHighEntropy = findHighEntropy_;
const findIbans = findIbans_;
const findIps = findIps_;
const findJwts = findJwts_;
const findAuthSchemes = findAuthSchemes_;
const findConnectionStrings = findConnectionStrings_;
const findKeyValues = findKeyValues_;
const findNames = findNames_;
const capitalisedCopy = capitalisedCopy_;
const findAddressees = findAddressees_;
const findMailNames = findMailNames_;
const findPhones = findPhones_;
const findKnownSecrets = findKnownSecrets_;
const findPrivateKeys = findPrivateKeys_;
const findServiceAccounts = findServiceAccounts_;
const findSingleNames = findSingleNames_;
const findSsns = findSsns_;
const PLACEHOLDER_RE = PLACEHOLDER_RE_;
const findRuleMatches = findRuleMatches_;
const analyzeUrl = analyzeUrl_;
const findUrls = findUrls_;

export class BudgetExceeded extends Error {}

export interface Features {
  digits: number;
  maxDigitRun: number;
  /** Class bits seen anywhere (see CLASS). */
  flags: number;
  runs: Runs;
  /** Token windows (see runs.ts) of 16+ characters. */
  wins: Runs;
}

const F_UPPER = 2;
const F_NONASCII = 4;
const F_AT = 16;
/** ':' or '='. */
const F_KV = 32;
const F_DOT = 64;
const F_SEMI = 128;
/** 'B' (Bearer, Basic, BEARER, -----BEGIN). */
const F_B = 256;
/** 'J' (eyJ). */
const F_J = 1024;
/** '_' (service_account). */
const F_UNDERSCORE = 2048;
/** '-' (-----BEGIN). */
const F_DASH = 4096;
/** '[' (placeholders). */
export const F_BRACKET = 8192;
/** U+0001, the blanked-placeholder marker. */
export const F_BLANK = 16384;
export const F_COLON = 32768;
/** A line break. */
const F_NL = 512;
/** Token-window character: a letter or digit, or one of _ - + / . = : ~ (see runs.ts). */
const WIN = 8;
// Per-character class bits: 1 digit, 2 upper, 4 non-ASCII, 8 token-window character, plus the F_*
// bits above for the few characters whose mere presence gates a detector. A table lookup keeps the
// one pass over every string cheap.
const CLASS = new Uint16Array(65536);
for (let c = 48; c <= 57; c++) CLASS[c] = 1 | WIN;
for (let c = 65; c <= 90; c++) CLASS[c] = F_UPPER | WIN;
for (let c = 97; c <= 122; c++) CLASS[c] = WIN;
CLASS.fill(F_NONASCII, 128);
CLASS[64] = F_AT;
CLASS[58] = F_KV | F_COLON | WIN;
CLASS[61] = F_KV | WIN;
CLASS[46] = F_DOT | WIN;
CLASS[59] = F_SEMI;
CLASS[66] = F_UPPER | F_B | WIN;
CLASS[74] = F_UPPER | F_J | WIN;
CLASS[95] = F_UNDERSCORE | WIN;
CLASS[45] = F_DASH | WIN;
CLASS[43] = WIN;
CLASS[47] = WIN;
CLASS[126] = WIN;
CLASS[91] = F_BRACKET;
CLASS[1] = F_BLANK;
CLASS[10] = F_NL;

const NO_RUNS: Runs = [];
const HAS_UPPER = /\p{Lu}/u;
const FUNCTION_WORD =
  /(?:^|[^\p{L}])(?:the|an?|is|are|was|at|to|of|in|on|with|and|or|my|your|his|her|i|i'm|you|he|she|we|they|it|for|from|by|me|have|has|had|this|that|please|can)(?![\p{L}])/u;

/**
 * Scratch features for the top-level scan: its run arrays keep their capacity from string to
 * string instead of being allocated per call. Only spansOf uses it; nested scans (decoded URL
 * parts, run while the outer scan still reads its runs) allocate their own.
 */
export const scratchFeatures: Features = { digits: 0, maxDigitRun: 0, flags: 0, runs: [], wins: [] };
const scratchRuns: Runs = [];
const scratchWins: Runs = [];

export function features(s: string, into?: Features): Features {
  let flags = 0;
  // Lengths of the current digit run and token window, kept with masks rather than branches: the
  // character classes of text alternate too irregularly for branch prediction, and only the rare
  // end of a run or window takes a branch.
  let d = 0;
  let w = 0;
  const runs: Runs = into ? scratchRuns : [];
  const wins: Runs = into ? scratchWins : [];
  let nr = 0;
  let nw = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const t = CLASS[s.charCodeAt(i)]!;
    flags |= t;
    const isDigit = t & 1;
    if (d > 0 && isDigit === 0) {
      runs[nr++] = i - d;
      runs[nr++] = i;
    }
    d = (d + 1) & -isDigit;
    const inWin = (t >>> 3) & 1;
    if (w >= 16 && inWin === 0) {
      wins[nw++] = i - w;
      wins[nw++] = i;
    }
    w = (w + 1) & -inWin;
  }
  if (w >= 16) {
    wins[nw++] = n - w;
    wins[nw++] = n;
  }
  if (d > 0) {
    runs[nr++] = n - d;
    runs[nr++] = n;
  }
  let digits = 0;
  let maxDigitRun = 0;
  for (let k = 0; k < nr; k += 2) {
    const len = runs[k + 1]! - runs[k]!;
    digits += len;
    if (len > maxDigitRun) maxDigitRun = len;
  }
  // Shrinking to a non-zero length keeps the backing store; zero would free it, so empty lists
  // are a shared constant instead.
  if (nr > 0 && runs.length !== nr) runs.length = nr;
  if (nw > 0 && wins.length !== nw) wins.length = nw;
  const f = into ?? { digits, maxDigitRun, flags, runs: NO_RUNS, wins: NO_RUNS };
  f.digits = digits;
  f.maxDigitRun = maxDigitRun;
  f.flags = flags;
  f.runs = nr > 0 ? runs : NO_RUNS;
  f.wins = nw > 0 ? wins : NO_RUNS;
  return f;
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

/** The windows not wholly inside one of `spans` (few: PEM bodies and service-account files). */
function uncovered(wins: Runs, spans: Span[]): Runs {
  const kept: Runs = [];
  for (let w = 0; w < wins.length; w += 2) {
    const a = wins[w]!;
    const b = wins[w + 1]!;
    let inside = false;
    for (const sp of spans) {
      if (sp.start <= a && sp.end >= b) {
        inside = true;
        break;
      }
    }
    if (!inside) kept.push(a, b);
  }
  return kept.length === wins.length ? wins : kept;
}

/** "Bearer ", "Basic " or "BEARER " somewhere in `s`: one walk over its capital Bs. */
function hasAuthWord(s: string): boolean {
  for (let i = s.indexOf('B'); i !== -1; i = s.indexOf('B', i + 1)) {
    const c = s.charCodeAt(i + 1);
    const rest = c === 101 ? 'arer ' : c === 97 ? 'sic ' : c === 69 ? 'ARER ' : '';
    if (rest !== '' && s.startsWith(rest, i + 2)) return true;
  }
  return false;
}

/** All raw detector spans over `scan` (placeholders already blanked). */
export function detect(scan: string, opts: ScanOptions): Span[] {
  return detectWith(scan, opts, features(scan));
}

/** `detect` with the features of `scan` already computed. */
export function detectWith(scan: string, opts: ScanOptions, f: Features): Span[] {
  const out: Span[] = [];
  const flags = f.flags;
  const kv = (flags & F_KV) !== 0;
  const caps = (flags & (F_UPPER | F_NONASCII)) !== 0;
  // Literal probes run only when the class pass saw their rarest character.
  if ((flags & (F_DASH | F_B)) === (F_DASH | F_B) && scan.indexOf('-----BEGIN') !== -1) {
    findPrivateKeys(scan, out);
  }
  if (f.wins.length > 0) {
    if ((flags & F_UNDERSCORE) !== 0 && scan.indexOf('service_account') !== -1)
      findServiceAccounts(scan, out);
    // Windows inside a PEM body or service-account file need no token scan: whatever the token
    // detectors found there (each match stays inside its window) would merge into the enclosing
    // span, which outranks them all.
    const wins = out.length > 0 ? uncovered(f.wins, out) : f.wins;
    findKnownSecrets(scan, out, wins);
    if ((flags & F_J) !== 0 && scan.indexOf('eyJ') !== -1) findJwts(scan, out, wins);
    findHighEntropy(scan, out, wins);
    check(opts);
  }
  if (kv) {
    findKeyValues(scan, out, (flags & F_DASH) !== 0);
    if ((flags & F_SEMI) !== 0) findConnectionStrings(scan, out);
  }
  // Unlabelled credentials ("Bearer abc...") come capitalised; labelled ones are key=value above.
  if ((flags & F_B) !== 0 && hasAuthWord(scan)) findAuthSchemes(scan, out);
  if (!opts.inner) {
    if (opts.urlMode) analyzeUrl(scan, 0, scan.length, out, (d) => innerScan(d, opts));
    else if ((flags & F_COLON) !== 0 && scan.indexOf('://') !== -1) {
      findUrls(scan, out, (d) => innerScan(d, opts));
    }
  }
  if ((flags & F_AT) !== 0) findEmails(scan, out);
  if (f.digits >= 4) {
    const r = f.runs;
    if (f.digits >= 12 && f.maxDigitRun >= 4) findCards(scan, out, r);
    if (f.digits >= 6) findIbans(scan, out, r);
    if (f.digits >= 9 && f.maxDigitRun >= 3) findSsns(scan, out, r);
    if (f.digits >= 7) findPhones(scan, out, r);
    if ((r.length >= 8 && (flags & F_DOT) !== 0) || kv) findIps(scan, out, r);
    if (f.maxDigitRun >= 4 || r.length >= 6) findDobs(scan, out, r);
    check(opts);
  }
  if (f.digits >= 1 && caps) {
    findAddresses(scan, out, f.runs);
    findCuedAddresses(scan, out, f.runs);
  }
  if (caps) {
    findNames(scan, out);
    findBareNames(scan, out);
    findSingleNames(scan, out);
  }
  // Text typed without capitals: the name and address detectors read a copy in which the words
  // that may be names are capitalised (same length, same offsets).
  if (
    (flags & F_UPPER) === 0 &&
    (flags & WIN) !== 0 &&
    !((flags & F_NONASCII) !== 0 && HAS_UPPER.test(scan))
  ) {
    // Lorem-style filler and identifiers have no English function word; sentences do. Without
    // one, only an address (which holds a digit) is looked for.
    const prose = FUNCTION_WORD.test(scan);
    const copy = prose || f.digits >= 1 ? capitalisedCopy(scan) : null;
    if (copy !== null) {
      if (f.digits >= 1) {
        findAddresses(copy, out, f.runs);
        findCuedAddresses(copy, out, f.runs);
      }
      if (prose) {
        findNames(copy, out);
        findBareNames(copy, out);
        findSingleNames(copy, out);
      }
    }
  }
  if ((flags & F_AT) !== 0 && out.length > 1) findMailNames(scan, out);
  if (f.digits >= 1 && (flags & F_NL) !== 0 && out.length > 0) findAddressees(scan, out);
  if (opts.rules) findRuleMatches(scan, out, opts.rules);
  check(opts);
  return out;
}

function innerScan(decoded: string, opts: ScanOptions): Span[] {
  const spans = detect(maskPlaceholders(decoded), { ...opts, inner: true, urlMode: false });
  return spans.sort((a, b) => prio(b.type) - prio(a.type));
}

function spanBefore(a: Span, b: Span): boolean {
  return a.start < b.start || (a.start === b.start && a.end > b.end);
}

/** By start, longer first; stable like Array.prototype.sort, without its call overhead on short lists. */
function sortSpans(spans: Span[]): void {
  const n = spans.length;
  if (n > 24) {
    spans.sort((a, b) => a.start - b.start || b.end - a.end);
    return;
  }
  for (let i = 1; i < n; i++) {
    const x = spans[i]!;
    let j = i - 1;
    while (j >= 0 && spanBefore(x, spans[j]!)) {
      spans[j + 1] = spans[j]!;
      j--;
    }
    spans[j + 1] = x;
  }
}

/** Sorts, unions overlaps (higher priority names the result) and drops blanked placeholder text. */
export function merge(spans: Span[], scan: string, blanked = scan.indexOf('\u0001') !== -1): Span[] {
  if (spans.length === 0) return spans;
  if (spans.length > 1) sortSpans(spans);
  let cur: Span | undefined;
  // Detector spans (and their array) are fresh and owned by this call, so they are merged in
  // place: the kept spans are compacted to the front of the same array.
  const n = spans.length;
  let kept = 0;
  for (let r = 0; r < n; r++) {
    const sp = spans[r]!;
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
    spans[kept++] = cur;
  }
  if (kept !== n) spans.length = kept;
  const merged = spans;
  if (!blanked) return merged;
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
    out +=
      s.slice(last, sp.start) +
      (sp.norm === undefined ? ps.placeholderOf(sp.type, raw) : ps.placeholder(sp.type, sp.norm));
    const key = sp.label ?? sp.type;
    counts[key] = (counts[key] ?? 0) + 1;
    last = sp.end;
  }
  return out + s.slice(last);
}
