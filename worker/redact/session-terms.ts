/**
 * Session terms: text the user typed while recording was paused (or during minutes they asked to
 * forget). A pause is a hole in the record, so such text must not reach storage even when it is
 * still on screen at resume, typed on in the same field later, or echoed elsewhere by the page.
 *
 * The terms live in worker memory only (never in IndexedDB: that would store what they protect);
 * the pages that saw the typing hand them again after a restart (stream `open`). Matching, on
 * every string the session's redactor sees, case-folded:
 *
 * - a term of at least `WINDOW` characters is indexed by its `WINDOW`-character windows; every
 *   maximal run of a string covered by such windows becomes one `[PAUSED:xxxxxx]` placeholder, so
 *   no `WINDOW`-character window of a term survives anywhere (also a part of it, reformatted
 *   around, or run into other text);
 * - a shorter term (`MIN_TERM` to `WINDOW - 1` characters) is replaced where it stands as a whole
 *   word: as a bare substring, "yes" would mask every "eyes" for the rest of the session.
 */
import type { FieldContext, RedactionReport, Redactor } from './index';
import { PLACEHOLDER_RE } from './pseudonym';

export const WINDOW = 6;
export const MIN_TERM = 3;
/** Bounds memory and matching cost; a page cannot make the worker index without limit. */
export const MAX_TERM_LENGTH = 4096;
export const MAX_TERMS = 2000;
export const PAUSED_TYPE = 'PAUSED';

/** ASCII and single-unit case folding that keeps string length (positions map back 1:1). */
function fold(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
    else if (c < 128) out += s[i];
    else {
      const ch = s[i] ?? '';
      const low = ch.toLowerCase();
      out += low.length === 1 ? low : ch;
    }
  }
  return out;
}

const isWordChar = (ch: string | undefined): boolean => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

export class SessionTerms {
  private readonly grams = new Set<string>();
  /** Bit per hash of a window's first two code units: most positions are rejected here. */
  private readonly pairs = new Uint8Array(65536);
  private readonly words = new Set<string>();
  private readonly seen = new Set<string>();

  get size(): number {
    return this.seen.size;
  }

  /** Adds terms (already known ones are ignored); returns how many were new. */
  add(terms: readonly string[]): number {
    let added = 0;
    for (const raw of terms.flatMap(encodedForms)) {
      if (typeof raw !== 'string' || this.seen.size >= MAX_TERMS) continue;
      const t = fold(raw.trim().slice(0, MAX_TERM_LENGTH));
      if (t.length < MIN_TERM || this.seen.has(t)) continue;
      this.seen.add(t);
      added++;
      if (t.length < WINDOW) {
        this.words.add(t);
        continue;
      }
      for (let i = 0; i + WINDOW <= t.length; i++) {
        this.grams.add(t.slice(i, i + WINDOW));
        this.pairs[pairHash(t, i)] = 1;
      }
    }
    return added;
  }

  /**
   * `s` with every covered run replaced by `placeholder(run)`. Returns `s` itself when nothing
   * matched (callers compare by identity).
   */
  mask(s: string, placeholder: (run: string) => string): string {
    if (this.seen.size === 0 || typeof s !== 'string' || s.length < MIN_TERM) return s;
    const f = fold(s);
    let covered: Uint8Array | null = null;
    const cover = (a: number, b: number) => {
      covered ??= new Uint8Array(s.length);
      covered.fill(1, a, b);
    };
    if (this.grams.size > 0) {
      for (let i = 0; i + WINDOW <= f.length; i++) {
        if (this.pairs[pairHash(f, i)] === 1 && this.grams.has(f.slice(i, i + WINDOW))) cover(i, i + WINDOW);
      }
    }
    for (const w of this.words) {
      for (let at = f.indexOf(w); at >= 0; at = f.indexOf(w, at + 1)) {
        if (!isWordChar(f[at - 1]) && !isWordChar(f[at + w.length])) cover(at, at + w.length);
      }
    }
    if (covered === null) return s;
    const marks: Uint8Array = covered;
    // Placeholders already in the string carry no data: a term like "paused" must not cut one up.
    if (s.includes('['))
      for (const m of s.matchAll(PLACEHOLDER_RE)) marks.fill(0, m.index, m.index + m[0].length);
    let out = '';
    let last = 0;
    for (let i = 0; i < s.length; ) {
      if (marks[i] === 0) {
        i++;
        continue;
      }
      let j = i;
      while (j < s.length && marks[j] === 1) j++;
      out += s.slice(last, i) + placeholder(f.slice(i, j));
      last = i = j;
    }
    return last === 0 && out === '' ? s : out + s.slice(last);
  }
}

/** A term as typed, and as a URL carries it (`%20` or `+` for spaces, `%40` for `@`...). */
function encodedForms(term: string): string[] {
  if (typeof term !== 'string') return [];
  const enc = encodeURIComponent(term.trim());
  if (enc === term.trim()) return [term];
  return [term, enc, enc.replace(/%20/g, '+')];
}

function pairHash(s: string, i: number): number {
  return ((s.charCodeAt(i) * 31) ^ s.charCodeAt(i + 1)) & 0xffff;
}

/**
 * The session's redactor with its terms applied first, to every string: what is masked here is
 * a placeholder the inner redactor leaves alone. `placeholderOf` is the session's keyed
 * pseudonym (the same run gives the same placeholder within the session).
 */
export function withSessionTerms(
  inner: Redactor,
  terms: SessionTerms,
  placeholderOf: (type: string, run: string) => string,
): Redactor {
  let count = 0;
  const place = (run: string) => {
    count++;
    return placeholderOf(PAUSED_TYPE, run);
  };
  const pre = (s: string) => terms.mask(s, place);
  return {
    text: (s) => inner.text(pre(s)),
    url: (s) => inner.url(pre(s)),
    srcset: (s) => inner.srcset(pre(s)),
    field: (value: string, ctx: FieldContext) => inner.field(pre(value), ctx),
    group: (values: string[], ctx?: FieldContext) =>
      inner.group(Array.isArray(values) ? values.map(pre) : values, ctx),
    report(): RedactionReport {
      const r = inner.report();
      return count === 0 ? r : { ...r, counts: { ...r.counts, [PAUSED_TYPE]: count } };
    },
  };
}

/**
 * What the user typed lately, per session, for "forget the last N minutes": each committed typing
 * group's values (a field's values, an editing host's texts) with the time it committed. In
 * memory only; older than `maxAgeMs` or beyond `maxChars` the oldest go. A worker restart
 * forgets it (then only pauses' terms, which the pages hand again, remain).
 */
export class TypingLog {
  private entries: { at: number; values: string[]; chars: number }[] = [];
  private chars = 0;

  constructor(
    private readonly maxAgeMs = 24 * 60 * 60_000,
    private readonly maxChars = 4 * 1024 * 1024,
  ) {}

  add(at: number, values: readonly string[]): void {
    const kept = values.filter((v) => typeof v === 'string' && v.trim().length >= MIN_TERM);
    if (kept.length === 0) return;
    const chars = kept.reduce((n, v) => n + v.length, 0);
    this.entries.push({ at, values: kept, chars });
    this.chars += chars;
    this.prune(at);
  }

  /** Values committed at or after `from` (a group typed before and committed inside counts). */
  since(from: number): string[] {
    return this.entries.filter((e) => e.at >= from).flatMap((e) => e.values);
  }

  private prune(now: number): void {
    while (this.entries.length > 0) {
      const head = this.entries[0]!;
      if (head.at >= now - this.maxAgeMs && this.chars <= this.maxChars) return;
      this.entries.shift();
      this.chars -= head.chars;
    }
  }
}

/** Taps `group()` (typing groups commit through it) into the log. */
export function withTypingLog(inner: Redactor, log: TypingLog, now: () => number = Date.now): Redactor {
  return {
    ...inner,
    group(values: string[], ctx?: FieldContext) {
      if (Array.isArray(values)) log.add(now(), values);
      return inner.group(values, ctx);
    },
  };
}
