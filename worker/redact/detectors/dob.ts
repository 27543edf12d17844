/**
 * Dates of birth: a calendar date with a birth word shortly before it ("born", "DOB",
 * "date_of_birth=", "Geburtsdatum"...). A string that is nothing but a date whose year makes its
 * subject 13-110 years old is also treated as a birth date: profile pages render the label and the
 * value as separate text nodes, so the value arrives alone.
 */
import type { Sink } from '../types';
import { hotBefore } from './context';

const MONTH =
  '(?:jan(?:uary|uar|vier)?|feb(?:ruary|ruar|rero)?|f[ée]vrier|mar(?:ch|s|zo)?|m[äa]rz|apr(?:il)?|avril|abril|may|mai|mayo|june?|juni[o]?|juin|july?|juli[o]?|juillet|aug(?:ust)?|ao[uû]t|agosto|sep(?:t(?:ember|embre)?)?|septiembre|oct(?:ober|obre)?|okt(?:ober)?|octubre|nov(?:ember|embre)?|noviembre|dec(?:ember)?|dez(?:ember)?|d[ée]cembre|diciembre|enero|marzo|junio|julio)';
const DATE = new RegExp(
  [
    '(?<!\\d)(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?![\\d])',
    '(?<![\\d.])(\\d{1,2})([-/.])(\\d{1,2})\\5(\\d{4}|\\d{2})(?![\\d]|\\.\\d)',
    `(?<![\\p{L}])${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`,
    `(?<![\\d])(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s+(?:of\\s+|de\\s+)?${MONTH}\\.?,?\\s+(?:de\\s+)?(\\d{4})(?!\\d)`,
  ].join('|'),
  'giu',
);
const HOT =
  /(?:birth|(?<![a-z])dob(?![a-z])|d\.o\.b|(?<![a-z])born(?![a-z])|\bbday|geburt|geboren|naissance|\bn[ée]e? le\b|nacimiento|nascita|nascimento|生年月日|出生)/i;
const HOT_ANY =
  /birth|dob|d\.o\.b|born|bday|geburt|geboren|naissance|n[ée]e? le|nacimiento|nascita|nascimento|生年月日|出生/i;

// Groups: ISO y-m-d = 1,2,3; d.m.y or m/d/y = 4,(sep 5),6,7; "Month d, yyyy" = 8,9; "d Month yyyy" = 10,11.
function yearOf(m: RegExpExecArray): number {
  const y = m[1] ?? m[7] ?? m[9] ?? m[11] ?? '';
  const n = Number(y);
  if (y.length === 2) return n + (n > new Date().getFullYear() % 100 ? 1900 : 2000);
  return n;
}

function validParts(m: RegExpExecArray): boolean {
  if (m[1] !== undefined) return inRange(Number(m[2]), 1, 12) && inRange(Number(m[3]), 1, 31);
  if (m[4] !== undefined) {
    const a = Number(m[4]);
    const b = Number(m[6]);
    return (inRange(a, 1, 31) && inRange(b, 1, 12)) || (inRange(a, 1, 12) && inRange(b, 1, 31));
  }
  return inRange(Number(m[8] ?? m[10]), 1, 31);
}

function inRange(x: number, lo: number, hi: number): boolean {
  return x >= lo && x <= hi;
}

export function findDobs(s: string, out: Sink): void {
  const hotSomewhere = HOT_ANY.test(s);
  const trimmed = s.trim();
  // Without a birth word anywhere, only a lone date can qualify.
  if (!hotSomewhere && trimmed.length > 32) return;
  const now = new Date().getFullYear();
  DATE.lastIndex = 0;
  for (let m = DATE.exec(s); m !== null; m = DATE.exec(s)) {
    if (!validParts(m)) continue;
    const year = yearOf(m);
    if (year < 1900 || year > now) continue;
    const alone = m[0].length === trimmed.length;
    const hot = hotSomewhere && hotBefore(s, m.index, HOT, 48);
    if (!hot && !(alone && year <= now - 13 && year >= now - 110)) continue;
    out.push({ start: m.index, end: m.index + m[0].length, type: 'DOB' });
  }
}
