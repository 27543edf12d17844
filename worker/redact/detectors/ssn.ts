/**
 * US Social Security numbers. The 3-2-4 shape with dashes or spaces is distinctive enough on its
 * own once the area/group/serial rules hold; a bare nine-digit run is only an SSN when a hotword
 * says so, since order numbers and ZIP+4 codes have the same shape.
 */
import type { Sink } from '../types';
import { hotBefore } from './context';
import { digitRuns, isDigitAt, type Runs } from './runs';

const HOT =
  /(?:\bssn|social[\s_-]*security|soc\.?\s*sec|tax[\s_-]*(?:id|payer)|\btin\b|\bitin\b|sozialversicherung|numéro de sécurité)/i;

export function validSsn(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a !== 0 && a !== 666 && a < 900 && group !== '00' && serial !== '0000';
}

function freeBefore(s: string, i: number): boolean {
  const c = s[i - 1];
  return c !== '-' && c !== '.' && !isDigitAt(s, i - 1);
}

function freeAfter(s: string, i: number): boolean {
  const c = s[i];
  return c !== '-' && !isDigitAt(s, i) && !(c === '.' && isDigitAt(s, i + 1));
}

export function findSsns(s: string, out: Sink, runs: Runs = digitRuns(s)): void {
  for (let k = 0; k < runs.length; k += 2) {
    const a = runs[k] ?? 0;
    const b = runs[k + 1] ?? 0;
    if (b - a === 9) {
      if (!freeBefore(s, a) || !freeAfter(s, b)) continue;
      if (!validSsn(s.slice(a, a + 3), s.slice(a + 3, a + 5), s.slice(a + 5, b))) continue;
      if (hotBefore(s, a, HOT, 48)) out.push({ start: a, end: b, type: 'US_SSN' });
      continue;
    }
    if (b - a !== 3 || k + 5 >= runs.length) continue;
    // 3-2-4 with one repeated separator.
    const sep = s[b];
    const c = runs[k + 2] ?? 0;
    const d = runs[k + 3] ?? 0;
    const e = runs[k + 4] ?? 0;
    const f = runs[k + 5] ?? 0;
    if (
      (sep !== '-' && sep !== ' ') ||
      c !== b + 1 ||
      d - c !== 2 ||
      s[d] !== sep ||
      e !== d + 1 ||
      f - e !== 4
    )
      continue;
    if (!freeBefore(s, a) || !freeAfter(s, f)) continue;
    if (!validSsn(s.slice(a, b), s.slice(c, d), s.slice(e, f))) continue;
    out.push({ start: a, end: f, type: 'US_SSN' });
  }
}
