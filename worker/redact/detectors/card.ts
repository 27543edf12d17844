/**
 * Payment card numbers: 12-19 digits, optionally grouped by spaces or dashes the way cards are
 * printed, Luhn-valid, with a plausible issuer prefix. A card hotword relaxes the prefix and the
 * 13-digit minimum (12-digit Maestro numbers appear in support chats as "card 5018...").
 */
import type { Sink } from '../types';
import { hotBefore } from './context';
import { digitRuns, type Runs } from './runs';

const HOT =
  /(?:card|\bcc\b|credit|debit|visa|master ?card|amex|maestro|discover|\bpan\b|karte|carte|tarjeta)[^\n]{0,12}$/i;

export function luhn(d: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = d.length - 1; i >= 0; i--) {
    let x = d.charCodeAt(i) - 48;
    if (dbl) {
      x *= 2;
      if (x > 9) x -= 9;
    }
    sum += x;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

function plausibleIssuer(d: string): boolean {
  const n = d.length;
  switch (d[0]) {
    case '4':
      return n >= 13;
    case '5':
    case '6':
      return n >= 13 || /^(?:50|5[6-8]|6)/.test(d);
    case '3':
      return n >= 14;
    case '2':
      return n >= 14;
    case '1':
      return n === 15 && d.startsWith('1800');
    default:
      return false;
  }
}

/** Printed groupings: 4-4-4-4(-3), 4-6-5 (Amex), 4-6-4 (Diners), or a final short group. */
function groupingOk(groups: number[]): boolean {
  if (groups.length === 1) return true;
  if (groups.length === 3 && groups[0] === 4 && groups[1] === 6 && (groups[2] === 5 || groups[2] === 4)) {
    return true;
  }
  for (let i = 0; i < groups.length - 1; i++) if (groups[i] !== 4) return false;
  const last = groups[groups.length - 1] ?? 0;
  return last >= 1 && last <= 4;
}

export function findCards(s: string, out: Sink, runs: Runs = digitRuns(s)): void {
  let skipTo = 0;
  for (let k = 0; k < runs.length; k += 2) {
    const start = runs[k] ?? 0;
    if (start < skipTo) continue;
    const prev = s[start - 1];
    if (prev === '-' || prev === '.' || prev === ',' || prev === '/') continue;
    // Chain runs joined by one space or one dash (the same one throughout), as cards are printed.
    let end = runs[k + 1] ?? 0;
    let sep = 0;
    let total = end - start;
    let j = k + 2;
    while (j < runs.length && total <= 23) {
      const c = s.charCodeAt(end);
      if ((runs[j] ?? 0) !== end + 1 || !(c === 32 || c === 45) || (sep !== 0 && c !== sep)) break;
      sep = c;
      total += (runs[j + 1] ?? 0) - (runs[j] ?? 0);
      end = runs[j + 1] ?? 0;
      j += 2;
    }
    skipTo = end;
    if (total < 12 || total > 23) continue;
    const lens: number[] = [];
    for (let q = k; q < j; q += 2) lens.push((runs[q + 1] ?? 0) - (runs[q] ?? 0));
    // Longest prefix of whole groups that forms a card; a trailing unrelated number ("... 12")
    // must not hide the card before it.
    const digits = s.slice(start, end).replace(/\D+/g, '');
    for (let g = lens.length; g >= 1; g--) {
      const sub = lens.slice(0, g);
      const n = sub.reduce((a, b) => a + b, 0);
      if (n < 12 || n > 19) continue;
      const d = digits.slice(0, n);
      if (!groupingOk(sub) || !luhn(d)) continue;
      const hot = hotBefore(s, start, HOT, 40);
      if (!hot && (!plausibleIssuer(d) || n < 13)) continue;
      out.push({ start, end: start + n + (g - 1), type: 'CREDIT_CARD', norm: d });
      break;
    }
  }
}
