/**
 * Payment card numbers: 12-19 digits, optionally grouped by spaces or dashes the way cards are
 * printed, Luhn-valid, with a plausible issuer prefix. A card hotword relaxes the prefix and the
 * 13-digit minimum (12-digit Maestro numbers appear in support chats as "card 5018...").
 */
import type { Sink } from '../types';
import { hotBefore } from './context';

// Separators inside the run are optional and single, so each iteration consumes one digit: no
// ambiguity for the engine to explore.
const RUN = /(?<![\d\-.,/])\d(?:[ -]?\d){11,22}(?![\d])/g;
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

export function findCards(s: string, out: Sink): void {
  RUN.lastIndex = 0;
  for (let m = RUN.exec(s); m !== null; m = RUN.exec(s)) {
    const raw = m[0];
    const start = m.index;
    const parts = raw.split(/[ -]/);
    const seps = raw.match(/[ -]/g);
    if (seps && new Set(seps).size > 1) continue;
    // Longest prefix of whole groups that forms a card; a trailing unrelated number ("... 12")
    // must not hide the card before it.
    let len = 0;
    const lens = parts.map((p) => p.length);
    for (let k = parts.length; k >= 1; k--) {
      const sub = lens.slice(0, k);
      const digits = parts.slice(0, k).join('');
      if (digits.length < 12 || digits.length > 19) continue;
      if (!groupingOk(sub)) continue;
      if (!luhn(digits)) continue;
      const hot = hotBefore(s, start, HOT, 40);
      if (!hot && !plausibleIssuer(digits)) continue;
      if (!hot && digits.length < 13) continue;
      len = sub.reduce((a, b) => a + b, 0) + (k - 1);
      out.push({ start, end: start + len, type: 'CREDIT_CARD', norm: digits });
      break;
    }
  }
}
