/**
 * Phone numbers. Candidates are parsed by hand into digit groups (with optional leading '+',
 * parenthesised area code and extension) and then judged by shape: international, area code in
 * parentheses, national trunk prefix 0, and the common printed groupings are phones on their own;
 * any other 7-15 digit run needs a phone word nearby. Dates, ZIP+4, SSN, card-like and
 * thousands-separated shapes are refused unless a hotword says otherwise.
 */
import type { Sink } from '../types';
import { hotAfter, hotBefore, isDigit } from './context';
import { digitRuns, type Runs } from './runs';

// Characters that glue a digit run to something that is not a phone (words, versions, money).
function glued(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 || // _
    c === 43 || // +
    c === 35 || // #
    c === 36 || // $
    c === 46 || // .
    c === 47 || // /
    c === 92 || // backslash
    c === 45 || // -
    c === 0x20ac || // €
    c === 0xa3 || // £
    c === 0xa5 // ¥
  );
}
const HOT_BEFORE =
  /(?:phone|\btel\b|\btel\.|telephone|téléphone|telefon|teléfono|telefone|mobile|\bmob\b|\bcell|\bcall\b|call me|calling|\bfax\b|hotline|whatsapp|\bsms\b|text me|contact|\bph\b|handy|celular|móvil|portable|numéro|\bdial\b|\bdesk\b|\boffice\b|電話|手机|电话)/i;
const HOT_AFTER = /^\W{0,3}(?:office|fax|mobile|cell|home|work|tel|phone|direct|landline)\b/i;
// The same words without the edge assertions: when the string holds none of them anywhere, no
// window of it can match the anchored forms, and the per-candidate tests are skipped.
const HOT_BEFORE_ANY = new RegExp(HOT_BEFORE.source.replace(/\\b/g, ''), 'i');
const HOT_AFTER_ANY = /office|fax|mobile|cell|home|work|tel|phone|direct|landline/i;
// Labels of numbers that are not phones; only a phone word overrides them.
const NOT_PHONE =
  /(?:\bref(?:erence)?|order|invoice|\binv|ticket|case|\bid|sku|part|item|serial|tracking|batch|\brun|build|version|\bver|\bpo|receipt|account|acct|transaction|txn|confirmation|booking|zip|postal|plz|employee|customer|member|policy|claim|isbn|issue)\s*(?:no\.?|number|#)?\s*[:#]?\s*$/i;
const EXT = /^ ?(?:x|ext\.?|extension|#) ?\d{1,6}/i;

interface Parsed {
  end: number;
  groups: number[];
  seps: string;
  plus: boolean;
  paren: boolean;
  digits: number;
  first: string;
}

function readDigits(s: string, p: number): number {
  let q = p;
  while (q < s.length && isDigit(s.charCodeAt(q))) q++;
  return q;
}

/** Parses groups from `i`; returns null on runs too long to be a phone (skips the whole run). */
function parse(s: string, i: number): Parsed | null {
  let p = i;
  let plus = false;
  let paren = false;
  if (s[p] === '+') {
    plus = true;
    p++;
  }
  const groups: number[] = [];
  let seps = '';
  let first = '';
  let pending = '';
  let end = p;
  for (;;) {
    const groupStart = p;
    if (s[p] === '(') {
      const q = readDigits(s, p + 1);
      if (q === p + 1 || q - p - 1 > 5 || s[q] !== ')') break;
      groups.push(q - p - 1);
      if (!(q - p - 1 === 1 && s[p + 1] === '0')) paren = true;
      p = q + 1;
    } else if (isDigit(s.charCodeAt(p))) {
      const q = readDigits(s, p);
      if (q - p > 15) return null;
      groups.push(q - p);
      p = q;
    } else break;
    seps += pending;
    end = p;
    if (first === '') first = s.slice(groupStart, p);
    // One separator (". ", " - " count as one), then another group must follow.
    let q = p;
    let sep = '';
    while (q < s.length && q - p < 3 && (s[q] === ' ' || s[q] === '-' || s[q] === '.')) {
      sep += s[q];
      q++;
    }
    if (sep.length > 1 && sep.trim().length > 1) break;
    if (q >= s.length || !(isDigit(s.charCodeAt(q)) || s[q] === '(')) break;
    if (sep === '' && s[p - 1] !== ')') break;
    const t = sep.trim();
    pending = sep === '' ? '_' : t === '' ? ' ' : t;
    p = q;
  }
  if (groups.length === 0) return null;
  let digits = 0;
  for (const g of groups) digits += g;
  return { end, groups, seps, plus, paren, digits, first };
}

function shapeIs(groups: number[], ...shape: number[]): boolean {
  if (groups.length !== shape.length) return false;
  for (let i = 0; i < shape.length; i++) if (groups[i] !== shape[i]) return false;
  return true;
}

function selfEvident(ph: Parsed): boolean {
  const { groups: g, seps, digits: d } = ph;
  if (ph.plus) return d >= 8 && d <= 15;
  const intl00 = ph.first.startsWith('00') && ph.first.length >= 3 && ph.first.length <= 5;
  if (intl00) return d >= 10 && d <= 15 && g.length >= 2;
  if (ph.paren) return d >= 7 && d <= 13 && g.length >= 2;
  if (g.length < 2) return false;
  // The distinct printed separators ('_' marks groups joined by a parenthesis): the first, and
  // whether there is more than one kind.
  let sep: string | undefined;
  let mixed = false;
  for (let i = 0; i < seps.length; i++) {
    const c = seps[i];
    if (c === '_') continue;
    if (sep === undefined) sep = c;
    else if (c !== sep) {
      mixed = true;
      break;
    }
  }
  const trunk0 = ph.first[0] === '0' && (g[0] ?? 0) >= 2 && (g[0] ?? 0) <= 5;
  if (mixed) return trunk0 && d >= 9 && d <= 12;
  if (trunk0 && d >= 9 && d <= 12 && !shapeIs(g, 2, 2, 4)) return true;
  if (shapeIs(g, 3, 3, 4) || shapeIs(g, 1, 3, 3, 4)) return true;
  if (shapeIs(g, 2, 2, 2, 2) || shapeIs(g, 2, 2, 2, 2, 2)) return sep !== '.' || g.length === 5;
  if (sep === '-') return shapeIs(g, 3, 4);
  if (sep === ' ') {
    if (d < 7 || d > 15) return false;
    if (shapeIs(g, 3, 4)) return true;
    if (d < 8 || (g[0] ?? 0) < 2) return false;
    if (g.length >= 3 && g[0] === 4 && g[1] === 4 && g[2] === 4) return false; // card-like
    if (shapeIs(g, 4, 4) || shapeIs(g, 3, 2, 4) || shapeIs(g, 4, 2, 2)) return false; // codes, SSN, dates
    return g.every((x) => x <= 8);
  }
  return false;
}

export function findPhones(s: string, out: Sink, runs: Runs = digitRuns(s)): void {
  let skipTo = 0;
  // Whether any phone word occurs in `s` at all, found once on the first candidate that needs it.
  let wordsBefore: boolean | undefined;
  let wordsAfter: boolean | undefined;
  for (let k = 0; k < runs.length; k += 2) {
    const rs = runs[k] ?? 0;
    const re = runs[k + 1] ?? 0;
    if (rs < skipTo) continue;
    const p1 = s.charCodeAt(rs - 1);
    const i = p1 === 43 || p1 === 40 ? rs - 1 : rs;
    if (i > 0 && glued(s.charCodeAt(i - 1))) continue;
    // A short run with nothing numeric after it cannot reach seven digits.
    if (re - rs < 7 && i === rs) {
      const c = s.charCodeAt(re);
      const d = s.charCodeAt(re + 1);
      const more =
        (c === 32 || c === 45 || c === 46) && ((d >= 48 && d <= 57) || d === 40 || d === 32 || d === 45);
      if (!more && c !== 40) continue;
    }
    const ph = parse(s, i);
    if (ph === null) continue;
    skipTo = ph.end;
    if (ph.digits < 7 || ph.digits > 15) continue;
    let end = ph.end;
    // An extension starts with a space, x, e(xt) or '#'.
    const e0 = s.charCodeAt(end);
    if (e0 === 32 || e0 === 35 || (e0 | 32) === 120 || (e0 | 32) === 101) {
      const ext = EXT.exec(s.slice(end, end + 16));
      if (ext) end += ext[0].length;
    }
    const after = s.charCodeAt(end);
    if ((after >= 65 && after <= 90) || (after >= 97 && after <= 122) || isDigit(after)) continue;
    if (wordsBefore === undefined) {
      wordsBefore = HOT_BEFORE_ANY.test(s);
      wordsAfter = HOT_AFTER_ANY.test(s);
    }
    const hot =
      (wordsBefore && hotBefore(s, i, HOT_BEFORE, 40)) ||
      (wordsAfter === true && hotAfter(s, end, HOT_AFTER, 16));
    if (!(hot || selfEvident(ph))) continue;
    if (!hot && (looksLikeDateOrZip(ph) || hotBefore(s, i, NOT_PHONE, 24))) continue;
    out.push({ start: i, end, type: 'PHONE' });
    skipTo = end;
  }
}

function looksLikeDateOrZip(ph: Parsed): boolean {
  const g = ph.groups;
  return shapeIs(g, 4, 2, 2) || shapeIs(g, 2, 2, 4) || (shapeIs(g, 5, 4) && ph.seps === '-');
}
