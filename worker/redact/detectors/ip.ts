/**
 * IP addresses, validated octet by octet (v4) and group by group (v6). Version strings share the
 * dotted-quad shape, so a preceding "version"/browser word vetoes a v4 match.
 */
import type { Sink } from '../types';
import { hotBefore } from './context';
import { digitRuns, type Runs } from './runs';

const VERSIONISH =
  /(?:version|ver\.?|\bv|build|release|chrome|firefox|safari|edge|opera|android|ios|macos|windows|node|npm|python|java|php|ruby|go)\s*[:/]?\s*$/i;
// Starts only at run boundaries (lookbehind), so a long hex run is scanned once.
const V6 = /(?<![\w:.])(?=[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:)[0-9A-Fa-f:]{2,39}(?:\.\d{1,3}){0,3}(?![\w:])/g;

function countColons(s: string): number {
  let n = 0;
  for (let i = s.indexOf(':'); i !== -1; i = s.indexOf(':', i + 1)) n++;
  return n;
}

/** Value of the 1-3 digit run s[a, b). */
function octet(s: string, a: number, b: number): number {
  let n = 0;
  for (let i = a; i < b; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

function wordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

export function findIps(s: string, out: Sink, runs: Runs = digitRuns(s)): void {
  for (let k = 0; k + 7 < runs.length; k += 2) {
    const a = runs[k] ?? 0;
    let ok = true;
    for (let q = 0; q < 4 && ok; q++) {
      const rs = runs[k + 2 * q] ?? 0;
      const re = runs[k + 2 * q + 1] ?? 0;
      if (re - rs > 3 || octet(s, rs, re) > 255) ok = false;
      else if (q < 3 && (s[re] !== '.' || runs[k + 2 * q + 2] !== re + 1)) ok = false;
    }
    if (!ok) continue;
    const b = runs[k + 7] ?? 0;
    const before = s.charCodeAt(a - 1);
    if (wordChar(before) || before === 46) continue;
    if (wordChar(s.charCodeAt(b)) || (s[b] === '.' && wordChar(s.charCodeAt(b + 1)))) continue;
    const first = s.slice(a, runs[k + 1]);
    if (first === '0' || first === '127') continue;
    if (hotBefore(s, a, VERSIONISH, 16)) continue;
    out.push({ start: a, end: b, type: 'IPV4' });
    k += 6;
  }
  if (s.indexOf('::') !== -1 || countColons(s) >= 7) {
    V6.lastIndex = 0;
    for (let m = V6.exec(s); m !== null; m = V6.exec(s)) {
      if (validV6(m[0])) {
        out.push({ start: m.index, end: m.index + m[0].length, type: 'IPV6', norm: m[0].toLowerCase() });
      }
    }
  }
}

export function validV6(c: string): boolean {
  // Times ("12:20:39") are the common near miss: no "::" and far fewer than seven colons.
  if (c.indexOf('::') === -1) {
    let colons = 0;
    for (let i = 0; i < c.length; i++) if (c.charCodeAt(i) === 58) colons++;
    if (colons < 6) return false;
  }
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
