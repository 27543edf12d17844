/**
 * Dates of birth: a calendar date with a birth word shortly before it ("born", "DOB",
 * "date_of_birth=", "Geburtsdatum"...). A string that is nothing but a date whose year makes its
 * subject 13-110 years old is also treated as a birth date: profile pages render the label and the
 * value as separate text nodes, so the value arrives alone.
 */
import type { Sink } from '../types';
import { hotBefore } from './context';
import { digitRuns, type Runs } from './runs';

const MONTH =
  '(?:jan(?:uary|uar|vier)?|feb(?:ruary|ruar|rero)?|f[ée]vrier|mar(?:ch|s|zo)?|m[äa]rz|apr(?:il)?|avril|abril|may|mai|mayo|june?|juni[o]?|juin|july?|juli[o]?|juillet|aug(?:ust)?|ao[uû]t|agosto|sep(?:t(?:ember|embre)?)?|septiembre|oct(?:ober|obre)?|okt(?:ober)?|octubre|nov(?:ember|embre)?|noviembre|dec(?:ember)?|dez(?:ember)?|d[ée]cembre|diciembre|enero|marzo|junio|julio)';
// Month-name dates end with the year, so they are matched on the few characters before a
// four-digit run: "April 17, 1967", "17 October 2001", "3rd of May 1990".
const NAMED_BEFORE_YEAR = new RegExp(
  `(?:(?<![\\p{L}])${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?|(?<![\\d])(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s+(?:of\\s+|de\\s+)?${MONTH}\\.?,?(?:\\s+de)?)\\s+$`,
  'iu',
);
const HOT =
  /(?:birth|(?<![a-z])dob(?![a-z])|d\.o\.b|(?<![a-z])born(?![a-z])|\bbday|geburt|geboren|naissance|\bn[ée]e? le\b|nacimiento|nascita|nascimento|生年月日|出生)/i;
// Cheap substring probes before any regex: most strings mention no birth word at all.
const PROBE =
  /irth|IRTH|orn|ORN|dob|DOB|Dob|d\.o\.b|D\.O\.B|day|DAY|eburt|eboren|aissance|né|acimiento|ascit|ascimento|生年月日|出生/;

let yearCache = new Date().getFullYear();
let yearCalls = 0;

/** Current year, re-read every few thousand calls (a Date per call is measurable). */
function thisYear(): number {
  if (++yearCalls >= 4096) {
    yearCalls = 0;
    yearCache = new Date().getFullYear();
  }
  return yearCache;
}

function num(s: string, a: number, b: number): number {
  let n = 0;
  for (let i = a; i < b; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

function inRange(x: number, lo: number, hi: number): boolean {
  return x >= lo && x <= hi;
}

function dateSep(c: string | undefined): boolean {
  return c === '-' || c === '/' || c === '.';
}

interface Found {
  start: number;
  end: number;
  year: number;
}

/** Numeric dates from three chained runs: y-m-d, or d.m.y / m/d/y with a 4- or 2-digit year. */
function numericAt(s: string, runs: Runs, k: number): Found | null {
  if (k + 5 >= runs.length) return null;
  const a = runs[k] ?? 0;
  const b = runs[k + 1] ?? 0;
  const c = runs[k + 2] ?? 0;
  const d = runs[k + 3] ?? 0;
  const e = runs[k + 4] ?? 0;
  const f = runs[k + 5] ?? 0;
  const s1 = s[b];
  const s2 = s[d];
  if (c !== b + 1 || e !== d + 1 || !dateSep(s1) || !dateSep(s2)) return null;
  const l1 = b - a;
  const l2 = d - c;
  const l3 = f - e;
  if (l1 === 4 && l2 <= 2 && l3 <= 2) {
    if (!inRange(num(s, c, d), 1, 12) || !inRange(num(s, e, f), 1, 31)) return null;
    return { start: a, end: f, year: num(s, a, b) };
  }
  if (l1 <= 2 && l2 <= 2 && (l3 === 4 || l3 === 2) && s1 === s2) {
    if (s[a - 1] === '.' || (s[f] === '.' && /\d/.test(s[f + 1] ?? ''))) return null;
    const n1 = num(s, a, b);
    const n2 = num(s, c, d);
    const ok = (inRange(n1, 1, 31) && inRange(n2, 1, 12)) || (inRange(n1, 1, 12) && inRange(n2, 1, 31));
    if (!ok) return null;
    const n3 = num(s, e, f);
    const year = l3 === 4 ? n3 : n3 + (n3 > thisYear() % 100 ? 1900 : 2000);
    return { start: a, end: f, year };
  }
  return null;
}

/** A plausible year run or a d.m.y-shaped triple: without one there is no date to look at. */
function mayHoldDate(s: string, runs: Runs): boolean {
  const now = thisYear();
  for (let k = 0; k < runs.length; k += 2) {
    const a = runs[k] ?? 0;
    const b = runs[k + 1] ?? 0;
    if (b - a === 4) {
      const y = num(s, a, b);
      if (y >= 1900 && y <= now) return true;
    } else if (b - a <= 2 && k + 5 < runs.length && runs[k + 2] === b + 1 && dateSep(s[b])) return true;
  }
  return false;
}

export function findDobs(s: string, out: Sink, runs: Runs = digitRuns(s)): void {
  if (!mayHoldDate(s, runs)) return;
  const trimmed = s.trim();
  const lone = trimmed.length <= 32;
  const hotSomewhere = PROBE.test(s) && HOT.test(s);
  // Without a birth word anywhere, only a lone date can qualify.
  if (!hotSomewhere && !lone) return;
  const now = thisYear();
  const lead = s.length - s.trimStart().length;
  for (let k = 0; k < runs.length; k += 2) {
    const a = runs[k] ?? 0;
    const b = runs[k + 1] ?? 0;
    if (s.charCodeAt(a - 1) >= 48 && s.charCodeAt(a - 1) <= 57) continue;
    let found = numericAt(s, runs, k);
    if (!found && b - a === 4 && s[a - 1] === ' ' && !/\d/.test(s[b] ?? '')) {
      const hit = NAMED_BEFORE_YEAR.exec(s.slice(Math.max(0, a - 32), a));
      const day = Number(hit?.[1] ?? hit?.[2] ?? 0);
      if (hit && inRange(day, 1, 31))
        found = { start: a - hit[0].length, end: b, year: Number(s.slice(a, b)) };
    }
    if (!found || found.year < 1900 || found.year > now) continue;
    const alone = found.start === lead && found.end - found.start === trimmed.length;
    const hot = hotSomewhere && hotBefore(s, found.start, HOT, 48);
    if (!hot && !(alone && found.year <= now - 13 && found.year >= now - 110)) continue;
    out.push({ start: found.start, end: found.end, type: 'DOB' });
  }
}
