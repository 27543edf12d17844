/**
 * JSON Web Tokens: base64url header and payload that decode to JSON objects, plus the signature.
 * Token-shaped strings starting "eyJ" whose parts do not decode are still base64 JSON blobs and
 * are redacted as generic tokens; truncated tokens (header.payload, no signature) count too.
 */
import type { Sink } from '../types';
import { type Runs, tokenWindows } from './runs';

const JWT = /(?<![A-Za-z0-9])eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]{2,}){1,2}\.?/g;

function decodesToObject(part: string): boolean {
  try {
    let b64 = part.replace(/-/g, '+').replace(/_/g, '/');
    while (b64.length % 4 !== 0) b64 += '=';
    const json = atob(b64);
    // A truncated payload cannot parse; its opening is still enough to tell.
    if (!json.startsWith('{')) return false;
    try {
      const v: unknown = JSON.parse(json);
      return typeof v === 'object' && v !== null;
    } catch {
      return /^\{\s*"[^"]*"\s*:/.test(json);
    }
  } catch {
    return false;
  }
}

export function findJwts(s: string, out: Sink, wins: Runs = tokenWindows(s)): void {
  for (let w = 0; w < wins.length; w += 2) {
    const a = wins[w] ?? 0;
    const sub = s.slice(a, wins[w + 1]);
    if (sub.indexOf('eyJ') === -1) continue;
    JWT.lastIndex = 0;
    for (let m = JWT.exec(sub); m !== null; m = JWT.exec(sub)) {
      const isJwt = decodesToObject(m[0].split('.')[0] ?? '');
      out.push({ start: a + m.index, end: a + m.index + m[0].length, type: isJwt ? 'JWT' : 'TOKEN' });
    }
  }
}
