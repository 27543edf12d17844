/**
 * IBANs: country code, check digits, then exactly the registered length for that country,
 * contiguous or in groups of four, any case, and the ISO 7064 mod-97 check.
 */
import type { Sink } from '../types';
import { digitRuns, type Runs } from './runs';

// ISO 13616 registry lengths.
const LENGTHS: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

// LENGTHS by pair of letters (A-Z each, 26 x 26), 0 where no country: no string built per candidate.
const LENGTH_BY_PAIR = new Uint8Array(26 * 26);
for (const [cc, n] of Object.entries(LENGTHS)) {
  LENGTH_BY_PAIR[(cc.charCodeAt(0) - 65) * 26 + (cc.charCodeAt(1) - 65)] = n;
}

/** Registry length for a country code given as two ASCII letters of any case, or 0. */
function lengthFor(a: number, b: number): number {
  return LENGTH_BY_PAIR[((a | 32) - 97) * 26 + ((b | 32) - 97)] ?? 0;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function mod97(iban: string): boolean {
  const r = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < r.length; i++) {
    const c = r.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else rem = (rem * 100 + (c - 55)) % 97;
  }
  return rem === 1;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Candidates start two letters before a digit run (country code, then check digits). */
export function findIbans(s: string, out: Sink, runs: Runs = digitRuns(s)): void {
  let skipTo = 0;
  for (let k = 0; k < runs.length; k += 2) {
    const d = runs[k] ?? 0;
    const start = d - 2;
    if (start < skipTo || (runs[k + 1] ?? 0) - d < 2) continue;
    if (!isLetter(s.charCodeAt(start)) || !isLetter(s.charCodeAt(start + 1))) continue;
    if (start > 0 && isAlnum(s.charCodeAt(start - 1))) continue;
    const want = lengthFor(s.charCodeAt(start), s.charCodeAt(start + 1));
    if (want === 0) continue;
    // Count the characters first; the string is built only for a candidate of the right length.
    let len = 4;
    let p = d + 2;
    let spaced: boolean | undefined;
    while (len < want && p < s.length) {
      const c = s.charCodeAt(p);
      if (c === 32) {
        // Spaces only between groups of four, and consistently.
        if (len % 4 !== 0 || spaced === false) break;
        spaced = true;
        p++;
        continue;
      }
      if (!isAlnum(c)) break;
      if (spaced === undefined && len % 4 === 0) spaced = false;
      len++;
      p++;
    }
    if (len !== want) continue;
    if (p < s.length && isAlnum(s.charCodeAt(p))) continue;
    const chars = (spaced ? s.slice(start, p).replace(/ /g, '') : s.slice(start, p)).toUpperCase();
    if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(chars) || !mod97(chars)) continue;
    out.push({ start, end: p, type: 'IBAN', norm: chars });
    skipTo = p;
  }
}
