/**
 * The successive values of one field while typing. Intermediate states ("j", "ja", "jane@exa",
 * "4111 1111 11") match no detector, so spans found in any value are masked in every value:
 * exact occurrences, prefixes typed so far at the end of a value, and typo variants that share a
 * good part of the entity's beginning. Digit entities compare digits only, since inputs often
 * reformat card and phone numbers as you type.
 */
import type { Span } from './types';

export interface Entity {
  raw: string;
  digits: string | null;
  placeholder: string;
}

export interface Mask {
  start: number;
  end: number;
  placeholder: string;
}

const DIGIT_TYPES = new Set(['CREDIT_CARD', 'PHONE', 'US_SSN', 'IBAN', 'ACCOUNT_NUMBER', 'NATIONAL_ID']);

export function entityFor(value: string, sp: Span, placeholder: string): Entity {
  const raw = value.slice(sp.start, sp.end);
  const d = raw.replace(/\D+/g, '');
  return { raw, digits: DIGIT_TYPES.has(sp.type) && d.length >= 4 ? d : null, placeholder };
}

/**
 * Types detected from words (a capitalised token, a street line), unlike e-mails, cards or phones
 * whose typed prefixes are exactly what must be masked.
 */
const WORD_TYPES = new Set(['PERSON_NAME', 'STREET_ADDRESS']);

/**
 * Whether a word-shaped span found in an intermediate value of a typing sequence was only a stage
 * of an ordinary word: its text occurs in the committed value, but every occurrence (at a word
 * start) runs on into a longer word ("Frida" -> "Friday") and no word-shaped span of the committed
 * value covers it. Such a span is dropped. Text that no longer occurs at all (typed, then deleted)
 * is kept, and so is anything the committed value's own detection confirms.
 */
export function outgrown(
  value: string,
  sp: Span,
  committed: string,
  committedSpans: readonly Span[],
): boolean {
  if (!WORD_TYPES.has(sp.type)) return false;
  const raw = value.slice(sp.start, sp.end);
  if (raw.length === 0) return false;
  let seen = false;
  for (let j = committed.indexOf(raw); j !== -1; j = committed.indexOf(raw, j + 1)) {
    if (!boundary(committed[j - 1])) continue;
    const end = j + raw.length;
    if (boundary(committed[end])) return false;
    if (committedSpans.some((c) => WORD_TYPES.has(c.type) && c.start < end && c.end > j)) return false;
    seen = true;
  }
  return seen;
}

function boundary(c: string | undefined): boolean {
  return c === undefined || !/[\p{L}\p{N}]/u.test(c);
}

function isNumChar(c: string | undefined): boolean {
  return c !== undefined && /[\d \-.()+/]/.test(c);
}

/** Masks in `v` for each entity: full matches, partial prefixes and diverging typos. */
export function partialMasks(v: string, entities: Entity[]): Mask[] {
  const out: Mask[] = [];
  for (const e of entities) {
    const head = e.raw[0];
    for (let i = 0; i < v.length; i++) {
      if (!boundary(v[i - 1]) && !boundary(head)) continue;
      if (e.digits !== null) {
        if (!/[\d+(]/.test(v[i] ?? '')) continue;
        // Walk the numeric run comparing digits only.
        let j = i;
        let k = 0;
        let matched = 0;
        while (j < v.length && isNumChar(v[j])) {
          const c = v[j] ?? '';
          if (c >= '0' && c <= '9') {
            if (k < e.digits.length && e.digits[k] === c && matched === k) matched++;
            k++;
          }
          j++;
        }
        const runEnd = j;
        while (j > i && !/\d/.test(v[j - 1] ?? '')) j--;
        const atEnd = j === v.length || !/\S/.test(v.slice(j));
        if (k > 0 && ((matched === k && (atEnd || k >= 4)) || matched >= 6)) {
          out.push({ start: i, end: j, placeholder: e.placeholder });
        }
        // Never re-walk the same numeric run from a later start: keeps this linear.
        i = Math.max(i, runEnd - 1);
        continue;
      }
      if (v[i] !== head) continue;
      let l = 0;
      while (i + l < v.length && l < e.raw.length && v[i + l] === e.raw[l]) l++;
      if (l === e.raw.length) {
        out.push({ start: i, end: i + l, placeholder: e.placeholder });
        i += l - 1;
        continue;
      }
      const end = i + l;
      const rest = v.slice(end);
      if (rest.trim() === '' && l >= 1) {
        // The entity typed so far, at the end of the value.
        out.push({ start: i, end, placeholder: e.placeholder });
        break;
      }
      if (l >= 3 && !/^\s/.test(rest)) {
        // A typo inside the entity: mask through the end of the token.
        let t = end;
        while (t < v.length && !/\s/.test(v[t] ?? '')) t++;
        out.push({ start: i, end: t, placeholder: e.placeholder });
        i = t - 1;
      }
    }
  }
  return out;
}

/** Renders masks (overlapping ones united, the first placeholder kept). */
export function applyMasks(v: string, masks: Mask[]): string {
  if (masks.length === 0) return v;
  masks.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let last = 0;
  let cur: Mask | undefined;
  const flush = (): void => {
    if (!cur) return;
    out += v.slice(last, cur.start) + cur.placeholder;
    last = cur.end;
  };
  for (const m of masks) {
    if (cur && m.start < cur.end) {
      if (m.end > cur.end) cur = { ...cur, end: m.end };
      continue;
    }
    flush();
    cur = { ...m };
  }
  flush();
  return out + v.slice(last);
}
