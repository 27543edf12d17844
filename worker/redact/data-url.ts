/**
 * `data:` URLs whose payload is text (SVG, HTML, CSS, JSON, plain text): the payload is hidden from
 * the text detectors by percent- or base64-encoding, so it is decoded, redacted like any other
 * text (markup through markup.ts) and encoded again the way it came. Binary media are opaque bytes
 * and stay as they are. A text payload that cannot be decoded or parsed safely becomes
 * DATA_URL_PLACEHOLDER: recording a broken image is better than recording an unread one.
 */
import { redactMarkup } from './markup';

/** A 1×1 transparent GIF; binary, so redacting it again leaves it as it is. */
export const DATA_URL_PLACEHOLDER =
  'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

/** How the payload is treated, by media type. */
export type DataKind = 'binary' | 'markup' | 'text' | 'other';

export interface DataUrl {
  /** Everything before the payload, the comma included, as written. */
  header: string;
  /** Media type, lower-cased, without parameters ('' when absent). */
  mime: string;
  charset: string | null;
  base64: boolean;
  payload: string;
}

export interface DataUrlRedaction {
  text(s: string): string;
  url(s: string): string;
}

// Image, font, audio and video bytes (SVG aside) carry no text we could read.
const BINARY =
  /^(?:image\/(?!svg)|font\/|audio\/|video\/|application\/(?:x-)?font|application\/vnd\.ms-fontobject)/;
const MARKUP =
  /^(?:image\/svg|text\/html$|text\/xml$|application\/xml$|application\/xhtml\+xml$|[a-z0-9.+-]+\/[a-z0-9.-]+\+xml$)/;
const TEXT =
  /^(?:$|text\/|application\/(?:json|ld\+json|javascript|ecmascript|x-javascript|x-www-form-urlencoded|csv)$|[a-z0-9.+-]+\/[a-z0-9.-]+\+json$)/;
const UTF8 = /^(?:utf-?8|unicode-1-1-utf-8|us-ascii|ascii)$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

export function parseDataUrl(s: string): DataUrl | null {
  const t = s.trim();
  if (t.length < 6 || t.slice(0, 5).toLowerCase() !== 'data:') return null;
  const comma = t.indexOf(',');
  if (comma === -1) return null;
  const params = t
    .slice(5, comma)
    .split(';')
    .map((p) => p.trim());
  const base64 = params.length > 1 && params[params.length - 1]?.toLowerCase() === 'base64';
  let charset: string | null = null;
  for (const p of params.slice(1)) {
    const m = /^charset\s*=\s*"?([^";]*)"?$/i.exec(p);
    if (m) charset = (m[1] ?? '').trim().toLowerCase();
  }
  return {
    header: t.slice(0, comma + 1),
    mime: (params[0] ?? '').toLowerCase(),
    charset,
    base64,
    payload: t.slice(comma + 1),
  };
}

export function kindOf(mime: string): DataKind {
  if (BINARY.test(mime)) return 'binary';
  if (MARKUP.test(mime)) return 'markup';
  if (TEXT.test(mime)) return 'text';
  return 'other';
}

/**
 * The redacted data: URL, `s` itself when nothing changed, or DATA_URL_PLACEHOLDER when a text
 * payload cannot be read. Only 'markup' and 'text' kinds are decoded; the caller handles the rest.
 */
export function redactTextDataUrl(
  d: DataUrl,
  kind: 'markup' | 'text',
  r: DataUrlRedaction,
  s: string,
): string {
  const bytes = d.base64 ? fromBase64(percentDecode(d.payload)) : percentDecode(d.payload);
  if (bytes === null) return DATA_URL_PLACEHOLDER;
  const charset = d.charset ?? 'utf-8';
  let decoded: string;
  try {
    decoded = (UTF8.test(charset) ? utf8 : new TextDecoder(charset, { fatal: true })).decode(bytes);
  } catch {
    // Unknown charset, or bytes that are not in it.
    return DATA_URL_PLACEHOLDER;
  }
  const redacted = kind === 'markup' ? redactMarkup(decoded, r) : r.text(decoded);
  if (redacted === null) return DATA_URL_PLACEHOLDER;
  if (redacted === decoded) return s;
  // Output is UTF-8; a declared non-UTF-8 charset is rewritten so the bytes still read right.
  const header = UTF8.test(charset) ? d.header : withUtf8(d.header);
  const out = encoder.encode(redacted);
  return header + (d.base64 ? toBase64(out) : percentEncode(out, d.payload));
}

function withUtf8(header: string): string {
  return header.replace(/;\s*charset\s*=\s*"?[^";,]*"?/i, ';charset=utf-8');
}

function hex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** Bytes of a percent-encoded payload; literal non-ASCII characters count as their UTF-8 bytes. */
export function percentDecode(p: string): Uint8Array {
  let ascii = true;
  for (let i = 0; i < p.length && ascii; i++) if (p.charCodeAt(i) > 127) ascii = false;
  const src = ascii ? null : encoder.encode(p);
  const n = src ? src.length : p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (let i = 0; i < n; i++) {
    const c = src ? (src[i] ?? 0) : p.charCodeAt(i);
    if (c === 37 && i + 2 < n) {
      const a = hex(src ? (src[i + 1] ?? 0) : p.charCodeAt(i + 1));
      const b = hex(src ? (src[i + 2] ?? 0) : p.charCodeAt(i + 2));
      if (a >= 0 && b >= 0) {
        out[o++] = (a << 4) | b;
        i += 2;
        continue;
      }
    }
    out[o++] = c;
  }
  return out.subarray(0, o);
}

/** Forgiving base64 (whitespace and missing padding allowed), or null when it is not base64. */
function fromBase64(bytes: Uint8Array): Uint8Array | null {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  s = s.replace(/[\t\n\f\r ]+/g, '');
  let bin: string;
  try {
    bin = atob(s);
  } catch {
    return null;
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return btoa(s);
}

// Always safe literally in any context a URL sits in (attribute, CSS url(), srcset).
const SAFE = /[A-Za-z0-9\-._~]/;

/**
 * Percent-encodes `bytes`, writing an ASCII character literally only when it is always safe or
 * appeared literally in the original payload: whatever context held the original (a quoted CSS
 * url(), an attribute, srcset) holds the result too. '%' is always encoded.
 */
function percentEncode(bytes: Uint8Array, original: string): string {
  const literal = new Uint8Array(128);
  for (let i = 0; i < original.length; i++) {
    const c = original.charCodeAt(i);
    if (c < 128) literal[c] = 1;
  }
  literal[37] = 0;
  let out = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (b < 128 && (literal[b] === 1 || SAFE.test(ch))) out += ch;
    else out += `%${b < 16 ? '0' : ''}${b.toString(16).toUpperCase()}`;
  }
  return out;
}

const BEFORE = /[A-Za-z0-9_-]/;
const NONE: readonly number[] = Object.freeze([]);
/** Whitespace, quotes, ')' and angle brackets end an unquoted data: URL in text. */
const ENDS_BARE = new Uint8Array(128);
for (const c of '\t\n\f\r "\')<>') ENDS_BARE[c.charCodeAt(0)] = 1;

/**
 * `data:` URLs inside free text (CSS `url(...)`, style attributes, stylesheet text): [start, end)
 * ranges. Quoted, one ends at its closing quote; after `url(` at ')'; otherwise at whitespace, a
 * quote, ')' or an angle bracket. "metadata:" is a word, not a URL.
 */
export function findDataUrls(s: string): readonly number[] {
  let i = indexOfData(s, 0);
  if (i === -1) return NONE;
  const out: number[] = [];
  // The next comma at or after the candidate; only moves forward, so many candidates stay linear.
  let comma = -2;
  while (i !== -1) {
    const prev = s.charCodeAt(i - 1);
    if (i > 0 && BEFORE.test(s[i - 1] ?? '')) {
      i = indexOfData(s, i + 5);
      continue;
    }
    let end: number;
    if (prev === 34 || prev === 39) {
      end = s.indexOf(s[i - 1] ?? '', i + 5);
    } else if (prev === 40 || (prev === 32 && /url\(\s*$/i.test(s.slice(Math.max(0, i - 16), i)))) {
      end = s.indexOf(')', i + 5);
    } else {
      end = i + 5;
      while (end < s.length && !ENDS_BARE[s.charCodeAt(end)]) end++;
    }
    if (end === -1) end = s.length;
    if (comma !== -1 && comma < i + 5) comma = s.indexOf(',', i + 5);
    if (comma !== -1 && comma < end) out.push(i, end);
    i = indexOfData(s, Math.max(end, i + 5));
  }
  return out;
}

/** Whether `s` holds "data:" in any case (a candidate; findDataUrls decides). */
export function hasDataUrl(s: string): boolean {
  return indexOfData(s, 0) !== -1;
}

/** Next "data:" (any case) starting at or after `from`: one indexOf per colon, no copy of `s`. */
function indexOfData(s: string, from: number): number {
  for (let c = s.indexOf(':', from + 4); c !== -1; c = s.indexOf(':', c + 1)) {
    if (
      (s.charCodeAt(c - 4) | 32) === 100 &&
      (s.charCodeAt(c - 3) | 32) === 97 &&
      (s.charCodeAt(c - 2) | 32) === 116 &&
      (s.charCodeAt(c - 1) | 32) === 97
    )
      return c - 4;
  }
  return -1;
}
