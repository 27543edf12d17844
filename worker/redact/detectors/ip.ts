/**
 * IP addresses, validated octet by octet (v4) and group by group (v6). Version strings share the
 * dotted-quad shape, so a preceding "version"/browser word vetoes a v4 match.
 */
import type { Sink } from '../types';
import { hotBefore } from './context';

const V4 = /(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w]|\.\d)/g;
const VERSIONISH =
  /(?:version|ver\.?|\bv|build|release|chrome|firefox|safari|edge|opera|android|ios|macos|windows|node|npm|python|java|php|ruby|go)\s*:?\s*$/i;
// Starts only at run boundaries (lookbehind), so a long hex run is scanned once.
const V6 = /(?<![\w:.])(?=[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:)[0-9A-Fa-f:]{2,39}(?:\.\d{1,3}){0,3}(?![\w:])/g;

function octet(x: string | undefined): boolean {
  return x !== undefined && Number(x) <= 255;
}

export function findIps(s: string, out: Sink): void {
  if (s.indexOf('.') !== -1) {
    V4.lastIndex = 0;
    for (let m = V4.exec(s); m !== null; m = V4.exec(s)) {
      if (!(octet(m[1]) && octet(m[2]) && octet(m[3]) && octet(m[4]))) continue;
      if (m[1] === '0' || m[1] === '127') continue;
      if (hotBefore(s, m.index, VERSIONISH, 16)) continue;
      out.push({ start: m.index, end: m.index + m[0].length, type: 'IPV4' });
    }
  }
  if (s.indexOf(':') !== -1) {
    V6.lastIndex = 0;
    for (let m = V6.exec(s); m !== null; m = V6.exec(s)) {
      if (validV6(m[0])) {
        out.push({ start: m.index, end: m.index + m[0].length, type: 'IPV6', norm: m[0].toLowerCase() });
      }
    }
  }
}

export function validV6(c: string): boolean {
  let body = c;
  let tailGroups = 0;
  const dot = c.indexOf('.');
  if (dot !== -1) {
    // Embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups.
    const lastColon = c.lastIndexOf(':');
    const v4 = c.slice(lastColon + 1).split('.');
    if (v4.length !== 4 || !v4.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)) return false;
    body = c.slice(0, lastColon + 1);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
    tailGroups = 2;
  }
  const halves = body.split('::');
  if (halves.length > 2) return false;
  const groups: string[] = [];
  for (const h of halves) if (h !== '') groups.push(...h.split(':'));
  if (!groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const n = groups.length + tailGroups;
  if (halves.length === 1 ? n !== 8 : n > 7) return false;
  // "::1", "a::b": too little to identify anyone, and "::" shows up in code.
  const hex = groups.join('').length;
  return n >= 2 && hex >= 5;
}
