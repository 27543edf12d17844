/**
 * URLs, in free text or as attribute values. `user:pass@` redacts the whole URL (the host of a
 * credentialed URL is usually internal infrastructure, and secret scanners report the whole
 * string); webhook URLs are bearer secrets as a whole. Query and fragment parameters: layout and
 * tracking names are kept, secret-sounding names and typed-text names (q, search…) are redacted,
 * anything else is redacted when it
 * looks like a token and otherwise decoded and scanned like text (search boxes carry PII). Path
 * segments that look like tokens (reset links, share links) are redacted.
 */
import { looksRandom } from './detectors/entropy';
import { cachedStrength } from './detectors/kv';
import type { Sink, Span } from './types';

export type InnerScan = (decoded: string) => Span[];

const KEEP = new Set(
  'page p per_page perpage pagesize page_size limit offset start sort sortby sort_by order orderby order_by dir direction tab view lang language locale hl gl format fmt w h width height size theme mode step type category filter layout display zoom v ver version'.split(
    ' ',
  ),
);
/**
 * Parameters that carry what the user typed. Pages rewrite them on every keystroke
 * (history.replaceState), so partial values ("?q=ana.li") reach the recording one by one and no
 * detector can recognise a prefix: their values are always pseudonymized. The text itself is still
 * recorded through the input field, where typing groups redact it as a whole.
 */
const TYPED = new Set(
  'q query search s term terms keyword keywords k kw text find search_query searchterm name email user username phone address'.split(
    ' ',
  ),
);
const SENSITIVE_PATH =
  /^(?:reset|reset-password|password-reset|resetpassword|token|tokens|invite|invitation|invites|verify|verification|confirm|confirmation|activate|activation|magic|magic-link|login|auth|unsubscribe|share|s|key|keys|secret|signin|sso|download|d|callback)$/i;
const TEMPLATE = /^(?:\$\{[^}]*\}|\{\{[^}]*\}\}|\{[^}]*\}|<[^>]*>|%[sd]|\*+|x{3,})$/i;
const HEX32 = /^[0-9A-Fa-f]{32,}$/;

function stop(c: number): boolean {
  // whitespace, " ' ` < > { } | \ ^ and the placeholder marker
  return (
    c <= 32 ||
    c === 34 ||
    c === 39 ||
    c === 96 ||
    c === 60 ||
    c === 62 ||
    c === 123 ||
    c === 125 ||
    c === 124 ||
    c === 92 ||
    c === 94 ||
    c === 1
  );
}

function schemeChar(c: number): boolean {
  return (
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46
  );
}

function decode(raw: string, plus: boolean): string {
  const r = plus && raw.indexOf('+') !== -1 ? raw.replace(/\+/g, ' ') : raw;
  if (r.indexOf('%') === -1) return r;
  try {
    return decodeURIComponent(r);
  } catch {
    return r;
  }
}

/** Drops trailing punctuation and unbalanced closing brackets (counted once, not per step). */
function trimEnd(s: string, a: number, b: number): number {
  let e = b;
  let paren = 0;
  let square = 0;
  for (let i = a; i < e; i++) {
    const c = s.charCodeAt(i);
    if (c === 40) paren++;
    else if (c === 41) paren--;
    else if (c === 91) square++;
    else if (c === 93) square--;
  }
  for (;;) {
    const c = s[e - 1];
    if (c === '.' || c === ',' || c === ';' || c === ':' || c === '!' || c === '?') e--;
    else if (c === ')' && paren < 0) {
      e--;
      paren++;
    } else if (c === ']' && square < 0) {
      e--;
      square++;
    } else return e;
  }
}

/** Finds scheme:// URLs in free text. */
export function findUrls(s: string, out: Sink, inner: InnerScan): void {
  let i = s.indexOf('://');
  while (i !== -1) {
    let a = i;
    while (a > 0 && i - a < 32 && schemeChar(s.charCodeAt(a - 1))) a--;
    while (a < i && !/[A-Za-z]/.test(s[a] ?? '')) a++;
    let b = i + 3;
    while (b < s.length && !stop(s.charCodeAt(b))) b++;
    // Inside quotes the quote ends the URL, so a password with a space stays inside it.
    const q = s[a - 1];
    if ((q === '"' || q === "'") && s[b] === ' ') {
      const close = indexIn(s, q, b, Math.min(s.length, a + 2048));
      if (close < s.length && s[close] === q && indexIn(s, '\n', b, close) === close) b = close;
    }
    b = trimEnd(s, a, b);
    if (i - a >= 2 && b > i + 3) analyzeUrl(s, a, b, out, inner);
    i = s.indexOf('://', Math.max(b, i + 3));
  }
}

/** Analyses s[a, b) as one URL (absolute or relative). */
export function analyzeUrl(s: string, a: number, b: number, out: Sink, inner: InnerScan): void {
  const sep = s.indexOf('://', a);
  let p = a;
  if (sep !== -1 && sep < b && /^[A-Za-z][A-Za-z0-9+.-]*$/.test(s.slice(a, sep))) {
    const authStart = sep + 3;
    let authEnd = authStart;
    while (authEnd < b && s[authEnd] !== '/' && s[authEnd] !== '?' && s[authEnd] !== '#') authEnd++;
    const auth = s.slice(authStart, authEnd);
    const at = auth.lastIndexOf('@');
    if (at !== -1) {
      const userinfo = auth.slice(0, at);
      const colon = userinfo.indexOf(':');
      const pass = colon === -1 ? '' : userinfo.slice(colon + 1);
      if (pass !== '' && !TEMPLATE.test(pass) && !TEMPLATE.test(decode(pass, false))) {
        out.push({ start: a, end: b, type: 'URL_CREDENTIALS' });
        return;
      }
    }
    if (/(?:^|[,(;])\s*(?:password|pwd|pass)\s*=/i.test(auth)) {
      out.push({ start: a, end: b, type: 'URL_CREDENTIALS' });
      return;
    }
    const host = (at === -1 ? auth : auth.slice(at + 1)).toLowerCase();
    const path = s.slice(authEnd, b);
    if (isWebhook(host, path)) {
      out.push({ start: a, end: b, type: host.includes('slack') ? 'SLACK_TOKEN' : 'WEBHOOK' });
      return;
    }
    p = authEnd;
  }
  analyzeRest(s, p, b, out, inner);
}

function isWebhook(host: string, path: string): boolean {
  if (host === 'hooks.slack.com') return /^\/(?:services|workflows|triggers)\//.test(path);
  if (/(?:^|\.)discord(?:app)?\.com$/.test(host)) return path.startsWith('/api/webhooks/');
  if (host === 'hooks.zapier.com') return path.startsWith('/hooks/');
  return (
    /(?:^|\.)webhook\.office\.com$/.test(host) ||
    (host === 'outlook.office.com' && path.startsWith('/webhook'))
  );
}

/** First `ch` in s[a, b), or b. Bounded, so scanning many short pieces stays linear. */
function indexIn(s: string, ch: string, a: number, b: number): number {
  const c = ch.charCodeAt(0);
  for (let i = a; i < b; i++) if (s.charCodeAt(i) === c) return i;
  return b;
}

function analyzeRest(s: string, p: number, b: number, out: Sink, inner: InnerScan): void {
  const hash = indexIn(s, '#', p, b);
  const q = indexIn(s, '?', p, hash);
  let prev = '';
  let x = p;
  while (x < q) {
    const y = indexIn(s, '/', x, q);
    if (y > x) {
      const raw = s.slice(x, y);
      const dec = decode(raw, false);
      if (tokenLike(dec) || (HEX32.test(dec) && SENSITIVE_PATH.test(prev))) {
        out.push({ start: x, end: y, type: 'URL_PATH_SECRET' });
      } else if (dec !== raw) {
        scanDecoded(dec, x, y, out, inner);
      }
      prev = dec;
    }
    x = y + 1;
  }
  if (q < hash) params(s, q + 1, hash, out, inner);
  if (hash < b) {
    const frag = s.slice(hash + 1, b);
    if (frag.includes('=')) params(s, hash + 1, b, out, inner);
    else if (frag.includes('%')) scanDecoded(decode(frag, false), hash + 1, b, out, inner);
  }
}

/** Hex ids (commits, digests) are public unless a reset/invite-style segment precedes them. */
function tokenLike(v: string): boolean {
  return v.length >= 20 && !/^[a-z]{2,8}_/.test(v) && !/^[0-9A-Fa-f-]+$/.test(v) && looksRandom(v, 20);
}

function params(s: string, a: number, b: number, out: Sink, inner: InnerScan): void {
  let x = a;
  while (x < b) {
    let y = indexIn(s, '&', x, b);
    const semi = indexIn(s, ';', x, y);
    if (semi < y) y = semi;
    const eq = indexIn(s, '=', x, y);
    if (eq < y && y > eq + 1) {
      const name = decode(s.slice(x, eq), true).toLowerCase();
      const raw = s.slice(eq + 1, y);
      const dec = decode(raw, true);
      if (!(KEEP.has(name) || name.startsWith('utm_'))) {
        const strength = cachedStrength(name);
        if (TEMPLATE.test(dec)) {
          // placeholders are not values
        } else if (TYPED.has(name)) {
          out.push({ start: eq + 1, end: y, type: 'URL_QUERY_TEXT', norm: dec });
        } else if ((strength === 2 || (strength === 1 && dec.length >= 4)) && dec.charCodeAt(0) !== 1) {
          out.push({ start: eq + 1, end: y, type: 'URL_QUERY_SECRET' });
        } else if (tokenLike(dec) || HEX32.test(dec)) {
          out.push({ start: eq + 1, end: y, type: 'URL_QUERY_SECRET' });
        } else if (dec !== raw) {
          scanDecoded(dec, eq + 1, y, out, inner);
        }
      }
    } else if (eq >= y) {
      const raw = s.slice(x, y);
      const dec = decode(raw, true);
      if (dec !== raw) scanDecoded(dec, x, y, out, inner);
    }
    x = y + 1;
  }
}

/** Percent-encoded text can hide an address from the raw scan; any hit masks the whole value. */
function scanDecoded(dec: string, a: number, b: number, out: Sink, inner: InnerScan): void {
  const found = inner(dec);
  const first = found[0];
  if (first) out.push({ start: a, end: b, type: first.type, norm: dec.slice(first.start, first.end) });
}

/** `srcset`: comma-separated "url descriptor" candidates; each URL goes through `url`. */
export function mapSrcset(s: string, url: (u: string) => string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    let j = i;
    while (j < s.length && (s[j] === ' ' || s[j] === '\n' || s[j] === '\t' || s[j] === ',')) j++;
    out += s.slice(i, j);
    if (j >= s.length) break;
    let k = j;
    while (k < s.length && !/\s/.test(s[k] ?? '')) k++;
    // A URL ends at whitespace; trailing commas separate candidates.
    let u = k;
    while (u > j && s[u - 1] === ',') u--;
    out += url(s.slice(j, u)) + s.slice(u, k);
    let d = k;
    while (d < s.length && s[d] !== ',') d++;
    out += s.slice(k, d);
    i = d;
  }
  return out;
}
