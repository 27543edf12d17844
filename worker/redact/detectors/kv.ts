/**
 * `key=value` / `key: value` secrets and HTTP auth schemes. A key is strong when its name says
 * password/secret/token/api key (any value is redacted) and weak when it only hints (key, sig,
 * code, session: the value must look like a token). Names describing metadata about a secret
 * (token_type, password_policy, secret_name) are not secrets themselves.
 */
import type { Sink } from '../types';
import { looksRandom } from './entropy';

// Keys are found from the secret-ish words they contain, then widened to the whole identifier:
// far cheaper than matching every "word:" in ordinary text.
const KEYWORD =
  /aws|pass|pwd|secret|token|key|auth|sig|code|hash|nonce|salt|sess|sid|ticket|sso|state|credential|cookie|bearer|jwt|otp|pin|cvv|cvc|csc/gi;
const SEP = /^(["']?)[ \t]{0,4}(?:=>|:=|=|:)(?![=:/])/;
const CLI_FLAG = /(?<![\w-])--?([A-Za-z][A-Za-z0-9-]{0,40})(?:=|[ \t]+)(?=[^\s-])/g;
// Secret access keys and session tokens have no recognisable prefix: the variable name is the
// finding, and secret scanners report name and value together, so both are replaced.
const AWS_VAR = /^aws_?(?:secret_?access_?key|secret_?key|session_?token|account_?id)$/i;
const SCHEME = /^(?:Bearer|Basic|Token|Digest|Negotiate|NTLM|ApiKey|Key|Bot)[ \t]+/i;
const FREE_AUTH = /(?<![A-Za-z])(Bearer|Basic)[ \t]+([A-Za-z0-9._~+/-]{8,}=*)/g;

const STRONG_PARTS = new Set(
  'password passwd pwd pass passphrase passcode secret secrets token tokens apikey credential credentials privatekey pin cvv cvc cvv2 csc otp totp cookie sessionid sessid jsessionid phpsessid authorization bearer jwt clientsecret accesstoken refreshtoken idtoken authtoken'.split(
    ' ',
  ),
);
const STRONG_JOINED = [
  'password',
  'passwd',
  'apikey',
  'secretkey',
  'accesskey',
  'privatekey',
  'clientsecret',
  'accesstoken',
  'refreshtoken',
  'authtoken',
  'idtoken',
  'sessiontoken',
  'sessionid',
  'secret',
  'token',
];
const WEAK_PARTS = new Set(
  'key keys sig signature code hash nonce salt session sid auth ticket sso state credential'.split(' '),
);
const META_PARTS = new Set(
  'type types name names length len min max policy strength hint label placeholder field fields url uri endpoint path file expires expiry expiresat expiration ttl enabled required count error errors message rule rules format header prefix method kind version status visible shown show mode scope scopes at reset changed updated created lifetime algorithm alg location store storage provider'.split(
    ' ',
  ),
);
const PLACEHOLDER_VALUE =
  /^(?:\*+|•+|x{3,}|\.{3}|…|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|\{[A-Za-z_]+\}|%[sd]|null|none|nil|undefined|true|false|yes|no|n\/a|redacted|\[redacted\]|required|optional|hidden|\*\*\*\*)$/i;

/** 2 = strong, 1 = weak, 0 = not a secret name. */
export function keyStrength(key: string): 0 | 1 | 2 {
  const parts = key
    .split(/[_.\-\s]+|(?<=[a-z0-9])(?=[A-Z])/)
    .map((p) => p.toLowerCase())
    .filter((p) => p !== '');
  if (parts.length === 0) return 0;
  if (META_PARTS.has(parts[parts.length - 1] ?? '') && parts.length > 1) return 0;
  const joined = parts.join('');
  if (parts.some((p) => STRONG_PARTS.has(p))) return 2;
  if (STRONG_JOINED.some((w) => joined.endsWith(w))) return 2;
  // Ids are usually public, but an access key id or key id deserves a look at the value.
  if (parts.some((p) => WEAK_PARTS.has(p)) || (parts.length > 1 && parts[parts.length - 1] === 'id'))
    return 1;
  return 0;
}

/** End of the last unquoted scan that stopped at a delimiter: later starts inside it reuse it. */
const lastScan = { from: -1, to: -1, text: '' };

// Forward-only memo of "next occurrence of ch at or after p" per string, so repeated lookups
// from increasing positions (one per key hit) cost one pass over the string, not one each.
const nextMemo = new Map<string, { text: string; from: number; at: number }>();

function nextIndex(s: string, ch: string, p: number): number {
  const m = nextMemo.get(ch);
  if (m && m.text === s && p >= m.from && (m.at === -1 || p <= m.at)) return m.at;
  const at = s.indexOf(ch, p);
  nextMemo.set(ch, { text: s, from: p, at });
  return at;
}

/** Parses the value at `p`: quoted to the closing quote (same line), else up to a delimiter. */
function valueAt(s: string, p: number, restOfLine: boolean): [number, number] {
  const q = s[p];
  if (restOfLine) {
    const lineEnd = nextIndex(s, '\n', p);
    let e = lineEnd === -1 ? s.length : lineEnd;
    while (e > p && /\s/.test(s[e - 1] ?? '')) e--;
    return [p, e];
  }
  if (q === '"' || q === "'" || q === '`') {
    const close = nextIndex(s, q, p + 1);
    const limit = close === -1 ? s.length : close;
    const nl = nextIndex(s, '\n', p + 1);
    return [p + 1, nl !== -1 && nl < limit ? nl : limit];
  }
  if (lastScan.text === s && p >= lastScan.from && p < lastScan.to) return [p, lastScan.to];
  let e = p;
  const max = Math.min(s.length, p + 4096);
  while (e < max) {
    const c = s.charCodeAt(e);
    // whitespace " ' ` & , ; < > ) ] } and the placeholder marker
    if (
      c <= 32 ||
      c === 34 ||
      c === 39 ||
      c === 96 ||
      c === 38 ||
      c === 44 ||
      c === 59 ||
      c === 60 ||
      c === 62 ||
      c === 41 ||
      c === 93 ||
      c === 125 ||
      c === 1
    ) {
      break;
    }
    e++;
  }
  if (e < max || e === s.length) {
    lastScan.text = s;
    lastScan.from = p;
    lastScan.to = e;
  }
  // Sentence punctuation after a value ("token=abc. Thanks") belongs to the sentence.
  if (e > p + 1 && (s[e - 1] === '.' || s[e - 1] === ',') && (e === s.length || s.charCodeAt(e) <= 32)) e--;
  return [p, e];
}

function isIdent(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45
  );
}

const KEYWORD_ANY = new RegExp(KEYWORD.source, 'i');

/**
 * Start of the first identifier that holds a keyword and is followed by what SEP accepts (a quote,
 * at most four blanks, then '=' or ':'), or -1. A keyword hit can only yield a value when its
 * identifier is such a one.
 */
function firstKeyStart(s: string): number {
  let colon = s.indexOf(':');
  let equals = s.indexOf('=');
  while (colon !== -1 || equals !== -1) {
    let q: number;
    if (equals === -1 || (colon !== -1 && colon < equals)) {
      q = colon;
      colon = s.indexOf(':', colon + 1);
    } else {
      q = equals;
      equals = s.indexOf('=', equals + 1);
    }
    let e = q;
    for (let b = 0; b < 4 && e > 0 && (s.charCodeAt(e - 1) === 32 || s.charCodeAt(e - 1) === 9); b++) e--;
    if (e > 0 && (s.charCodeAt(e - 1) === 34 || s.charCodeAt(e - 1) === 39)) e--;
    let a = e;
    while (a > 0 && isIdent(s.charCodeAt(a - 1))) a--;
    if (e - a >= 2 && KEYWORD_ANY.test(s.slice(a, e))) return a;
  }
  return -1;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Necessary for SEP at `e`: an optional quote, at most four blanks, then '=' or ':'. */
function sepAhead(s: string, e: number): boolean {
  let p = e;
  const q = s.charCodeAt(p);
  if (q === 34 || q === 39) p++;
  const max = p + 4;
  while (p < max && (s.charCodeAt(p) === 32 || s.charCodeAt(p) === 9)) p++;
  const c = s.charCodeAt(p);
  return c === 61 || c === 58;
}

const strengthCache = new Map<string, 0 | 1 | 2>();

export function cachedStrength(key: string): 0 | 1 | 2 {
  let v = strengthCache.get(key);
  if (v === undefined) {
    v = AWS_VAR.test(key) ? 2 : keyStrength(key);
    if (strengthCache.size > 4096) strengthCache.clear();
    // A copy: a key sliced from the page text would keep the whole text alive in the cache.
    strengthCache.set(` ${key}`.slice(1), v);
  }
  return v;
}

/** `dashes`: false when the caller knows `s` has no '-' (no CLI flags to look for). */
export function findKeyValues(s: string, out: Sink, dashes = true): void {
  // Keyword hits before the first keyed identifier only move the scan to their identifier's end,
  // so the scan starts there (or not at all): the same hits follow, from the same position.
  const from = firstKeyStart(s);
  KEYWORD.lastIndex = from === -1 ? s.length : from;
  for (let m = from === -1 ? null : KEYWORD.exec(s); m !== null; m = KEYWORD.exec(s)) {
    let a = m.index;
    while (a > 0 && m.index - a < 64 && isIdent(s.charCodeAt(a - 1))) a--;
    let e = m.index + m[0].length;
    while (e < s.length && e - a < 64 && isIdent(s.charCodeAt(e))) e++;
    KEYWORD.lastIndex = e;
    // Identifiers start with a letter; trailing dots/dashes belong to the text, not the key.
    while (a < e && !isAsciiLetter(s.charCodeAt(a))) a++;
    while (e > a && (s[e - 1] === '.' || s[e - 1] === '-')) e--;
    if (e - a < 2 || !sepAhead(s, e)) continue;
    const quote = s[a - 1] === '"' || s[a - 1] === "'" ? (s[a - 1] as string) : '';
    const sep = SEP.exec(s.slice(e, e + 8));
    if (!sep || (sep[1] ?? '') !== quote) continue;
    const key = s.slice(a, e);
    const strength = cachedStrength(key);
    if (strength === 0) continue;
    const aws = AWS_VAR.test(key);
    let p = e + sep[0].length;
    while (p < s.length && (s[p] === ' ' || s[p] === '\t')) p++;
    const lower = key.toLowerCase();
    const scheme = SCHEME.exec(s.slice(p, p + 16));
    if (scheme && (lower.includes('auth') || lower === 'bearer' || strength === 2)) p += scheme[0].length;
    const cookie = lower === 'cookie' || lower === 'set-cookie';
    const [va, vb] = valueAt(s, p, cookie);
    if (vb <= va) continue;
    const v = s.slice(va, vb);
    // A rejected long value is not rescanned key by key: that would be quadratic.
    if (vb - va > 256) KEYWORD.lastIndex = vb;
    if (v.charCodeAt(0) === 1 || (v.length <= 64 && PLACEHOLDER_VALUE.test(v))) continue;
    if (strength === 1 && !looksRandom(v.length > 256 ? v.slice(0, 256) : v, 8)) continue;
    if (aws) {
      const start = quote ? a - 1 : a;
      const close = s[vb] === s[va - 1] && /["'`]/.test(s[vb] ?? '') ? 1 : 0;
      out.push({ start, end: vb + close, type: 'AWS_KEY' });
    } else out.push({ start: va, end: vb, type: 'KV_SECRET' });
    KEYWORD.lastIndex = vb;
  }
  if (!dashes || !(s.startsWith('-') || s.indexOf(' -') !== -1 || s.indexOf('\t-') !== -1)) return;
  CLI_FLAG.lastIndex = 0;
  for (let m = CLI_FLAG.exec(s); m !== null; m = CLI_FLAG.exec(s)) {
    if (cachedStrength(m[1] ?? '') !== 2) continue;
    const [a, b] = valueAt(s, m.index + m[0].length, false);
    const v = s.slice(a, b);
    if (b > a && !PLACEHOLDER_VALUE.test(v) && v.charCodeAt(0) !== 1)
      out.push({ start: a, end: b, type: 'KV_SECRET' });
  }
}

export function findAuthSchemes(s: string, out: Sink): void {
  FREE_AUTH.lastIndex = 0;
  for (let m = FREE_AUTH.exec(s); m !== null; m = FREE_AUTH.exec(s)) {
    const tok = m[2] ?? '';
    const basic = (m[1] ?? '').toLowerCase() === 'basic';
    if (!(basic ? basicDecodes(tok) : looksRandom(tok, 8) || tok.length >= 24)) continue;
    const start = m.index + m[0].length - tok.length;
    out.push({ start, end: start + tok.length, type: 'AUTH_HEADER' });
  }
}

function basicDecodes(tok: string): boolean {
  try {
    return atob(tok).includes(':');
  } catch {
    return false;
  }
}

const CONN_KEY =
  /^\s*(server|host|hostname|data source|datasource|address|addr|network address|database|initial catalog|dbname|uid|user id|userid|user|username|port|pwd|password|provider|driver|sslmode|trusted_connection|encrypt|integrated security)\s*=/i;

/**
 * ADO/ODBC-style connection strings ("Server=...;Database=...;Uid=...;Pwd=...;") carry host,
 * user and password together; like a credentialed URL the whole string is the credential.
 */
export function findConnectionStrings(s: string, out: Sink): void {
  let lineStart = 0;
  while (lineStart < s.length) {
    let lineEnd = s.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = s.length;
    const line = s.slice(lineStart, lineEnd);
    if (line.indexOf(';') !== -1 && /(?:pwd|password)\s*=/i.test(line)) {
      let runStart = -1;
      let runEnd = -1;
      let pairs = 0;
      let hasPwd = false;
      let off = 0;
      for (const part of line.split(';')) {
        const k = CONN_KEY.exec(part);
        if (k) {
          if (runStart === -1) runStart = off + (part.length - part.trimStart().length);
          runEnd = off + part.length;
          pairs++;
          if (/^(?:pwd|password)$/i.test(k[1] ?? '')) hasPwd = true;
        } else if (part.trim() !== '') {
          if (hasPwd && pairs >= 3) break;
          runStart = -1;
          pairs = 0;
          hasPwd = false;
        }
        off += part.length + 1;
      }
      if (hasPwd && pairs >= 3 && runStart !== -1) {
        const end = line[runEnd] === ';' ? runEnd + 1 : runEnd;
        out.push({ start: lineStart + runStart, end: lineStart + end, type: 'CONNECTION_STRING' });
      }
    }
    lineStart = lineEnd + 1;
  }
}
