/**
 * `key=value` / `key: value` secrets and HTTP auth schemes. A key is strong when its name says
 * password/secret/token/api key (any value is redacted) and weak when it only hints (key, sig,
 * code, session: the value must look like a token). Names describing metadata about a secret
 * (token_type, password_policy, secret_name) are not secrets themselves.
 */
import type { Sink } from '../types';
import { looksRandom } from './entropy';

// Lookbehind pins the start to the first character of an identifier run, and the name is capped,
// so a long run is walked once.
const KEY = /(?<![A-Za-z0-9_.-])(["']?)([A-Za-z][A-Za-z0-9_.-]{0,63})\1[ \t]{0,4}(?:=>|:=|=|:)(?![=:/])/g;
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

/** Parses the value at `p`: quoted to the closing quote (same line), else up to a delimiter. */
function valueAt(s: string, p: number, restOfLine: boolean): [number, number] {
  const q = s[p];
  const lineEnd = s.indexOf('\n', p);
  const eol = lineEnd === -1 ? s.length : lineEnd;
  if (restOfLine) {
    let e = eol;
    while (e > p && /\s/.test(s[e - 1] ?? '')) e--;
    return [p, e];
  }
  if (q === '"' || q === "'" || q === '`') {
    const close = s.indexOf(q, p + 1);
    return [p + 1, close === -1 || close > eol ? eol : close];
  }
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
  return [p, e];
}

export function findKeyValues(s: string, out: Sink): void {
  KEY.lastIndex = 0;
  for (let m = KEY.exec(s); m !== null; m = KEY.exec(s)) {
    const key = m[2] ?? '';
    const strength = keyStrength(key);
    if (strength === 0) continue;
    let p = m.index + m[0].length;
    while (p < s.length && (s[p] === ' ' || s[p] === '\t')) p++;
    const lower = key.toLowerCase();
    const scheme = SCHEME.exec(s.slice(p, p + 16));
    if (scheme && (lower.includes('auth') || lower === 'bearer' || strength === 2)) p += scheme[0].length;
    const cookie = lower === 'cookie' || lower === 'set-cookie';
    const [a, b] = valueAt(s, p, cookie);
    if (b <= a) continue;
    const v = s.slice(a, b);
    if (PLACEHOLDER_VALUE.test(v) || v.charCodeAt(0) === 1) continue;
    if (strength === 1 && !looksRandom(v, 8)) continue;
    out.push({ start: a, end: b, type: 'KV_SECRET' });
    KEY.lastIndex = b;
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
