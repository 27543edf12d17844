/**
 * US Social Security numbers. The 3-2-4 shape with dashes or spaces is distinctive enough on its
 * own once the area/group/serial rules hold; a bare nine-digit run is only an SSN when a hotword
 * says so, since order numbers and ZIP+4 codes have the same shape.
 */
import type { Sink } from '../types';
import { hotBefore } from './context';

const GROUPED = /(?<![\d\-.])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-]|\.\d)/g;
const BARE = /(?<![\d\-.])\d{9}(?![\d-]|\.\d)/g;
const HOT =
  /(?:\bssn|social[\s_-]*security|soc\.?\s*sec|tax[\s_-]*(?:id|payer)|\btin\b|\bitin\b|sozialversicherung|numéro de sécurité)/i;

export function validSsn(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a !== 0 && a !== 666 && a < 900 && group !== '00' && serial !== '0000';
}

export function findSsns(s: string, out: Sink): void {
  GROUPED.lastIndex = 0;
  for (let m = GROUPED.exec(s); m !== null; m = GROUPED.exec(s)) {
    if (!validSsn(m[1] ?? '', m[3] ?? '', m[4] ?? '')) continue;
    out.push({ start: m.index, end: m.index + m[0].length, type: 'US_SSN' });
  }
  BARE.lastIndex = 0;
  for (let m = BARE.exec(s); m !== null; m = BARE.exec(s)) {
    const d = m[0];
    if (!validSsn(d.slice(0, 3), d.slice(3, 5), d.slice(5))) continue;
    if (!hotBefore(s, m.index, HOT, 48)) continue;
    out.push({ start: m.index, end: m.index + 9, type: 'US_SSN' });
  }
}
