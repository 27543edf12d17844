/**
 * The redaction engine the worker runs on every string before it is stored. Pure TypeScript with
 * no Node or DOM APIs, so it runs in the recording Web Worker and in Node (tests, CLI, bench).
 * Fails closed: a detector that throws, or a string that blows its time budget, becomes
 * `[REDACTED]` and is counted in `dropped`.
 */

import {
  DATA_URL_PLACEHOLDER,
  findDataUrls,
  hasDataUrl,
  kindOf,
  parseDataUrl,
  redactTextDataUrl,
} from './data-url';
import {
  detectWith as detectWith_,
  F_BLANK,
  F_BRACKET,
  F_COLON,
  features as features_,
  maskPlaceholders,
  merge as merge_,
  render as render_,
  type ScanOptions,
  scratchFeatures as scratchFeatures_,
} from './engine';
import { classifyField } from './field';
import { applyMasks, type Entity, entityFor, type Mask, outgrown, partialMasks } from './group';
import { createPseudonymizer, FULL_MASK, normalize, PLACEHOLDER_RE } from './pseudonym';
import { compileRules } from './rules';
import type { AdminRules, FieldContext, Redactor, Span } from './types';
import { mapSrcset } from './url';

// Local bindings for what every string calls: module imports compiled to CommonJS (tsx, tests,
// bench) read through getters on every use.
const detectWith = detectWith_;
const features = features_;
const merge = merge_;
const render = render_;
const scratchFeatures = scratchFeatures_;
const FLAG_BLANK = F_BLANK;
const FLAG_BRACKET = F_BRACKET;
const FLAG_COLON = F_COLON;

export { DATA_URL_PLACEHOLDER } from './data-url';
export { validateRules } from './rules';
export type { AdminRules, FieldContext, RedactionReport, Redactor } from './types';

const NOT_COVERED = [
  'PERSON_NAME: a bare value of unlisted words with no cue, field, column or page structure (a lone "Lion Noack"); a single unlisted word nobody addresses, quotes or names as a person; names in non-Latin scripts',
  'STREET_ADDRESS: street names without a house number, city/ZIP-only lines, addresses in Greek or non-Latin scripts',
  'DOB: dates without a birth word nearby, unless the whole string is a date 13-110 years ago',
  'US_SSN: bare nine-digit numbers without an SSN/tax-id word nearby',
  'PHONE: bare digit runs without a phone word nearby or international/area-code/trunk-0 formatting',
  'Secrets: unknown formats shorter than 20 characters, pure-hex secrets outside key=value/URL/vendor-prefix context, lowercase type_ prefixed ids',
  'Text inside images, canvas, PDFs and closed shadow roots; other national ids (passport, driver licence) outside field context',
];

// Strings this short with linear detectors finish in microseconds; timing them costs more than
// it could save. Admin regexes are always timed.
const TIMED_FROM = 512;

/** An SVG in a data: URL inside an SVG inside...: deeper than this is not read, but replaced. */
const MAX_DATA_DEPTH = 3;

function budgetFor(len: number, fixed: number | undefined): number {
  // Default assumes a worst case of ~5 MB/s on a slow machine, plus headroom.
  return fixed ?? 200 + len / 5000;
}

export function createRedactor(opts: {
  key: Uint8Array;
  rules?: AdminRules;
  timeBudgetMs?: number;
}): Redactor {
  const ps = createPseudonymizer(opts.key);
  const rules = compileRules(opts.rules);
  const counts: Record<string, number> = {};
  let dropped = 0;

  // Untimed scans share two frozen option objects instead of allocating one per string.
  const untimedText: ScanOptions = Object.freeze({
    rules,
    urlMode: false,
    inner: false,
    deadline: Number.POSITIVE_INFINITY,
  });
  const untimedUrl: ScanOptions = Object.freeze({
    rules,
    urlMode: true,
    inner: false,
    deadline: Number.POSITIVE_INFINITY,
  });
  const scanOpts = (len: number, urlMode: boolean): ScanOptions => {
    if (len < TIMED_FROM && rules === null) return urlMode ? untimedUrl : untimedText;
    return {
      rules,
      urlMode,
      inner: false,
      deadline: globalThis.performance.now() + budgetFor(len, opts.timeBudgetMs),
    };
  };

  /**
   * Detected spans of `s`, merged. With `dataUrls`, null instead when `s` holds a data: URL,
   * which text() redacts apart; only a string with a ':' (seen by the class pass) is searched.
   */
  function spansOf(s: string, urlMode: boolean): Span[];
  function spansOf(s: string, urlMode: boolean, dataUrls: boolean): Span[] | null;
  function spansOf(s: string, urlMode: boolean, dataUrls = false): Span[] | null {
    // One class pass over the raw string; only a string with a '[' can hold placeholders to blank.
    let f = features(s, scratchFeatures);
    if (dataUrls && (f.flags & FLAG_COLON) !== 0 && hasDataUrl(s)) return null;
    let scan = s;
    if ((f.flags & FLAG_BRACKET) !== 0) {
      scan = maskPlaceholders(s);
      if (scan !== s) f = features(scan, scratchFeatures);
    }
    return merge(detectWith(scan, scanOpts(s.length, urlMode), f), scan, (f.flags & FLAG_BLANK) !== 0);
  }

  const guarded = (s: string, urlMode: boolean, dataUrls = false): string => {
    if (typeof s !== 'string' || s.length === 0) return s;
    try {
      const spans = spansOf(s, urlMode, dataUrls);
      if (spans === null) return withDataUrls(s);
      return spans.length === 0 ? s : render(s, spans, ps, counts);
    } catch {
      // A thrown detector or a blown time budget (BudgetExceeded): mask everything, count it.
      dropped++;
      return FULL_MASK;
    }
  };

  let dataDepth = 0;
  /** One data: URL (see data-url.ts); `s` holds nothing but the URL. */
  const dataUrl = (s: string): string => {
    const d = parseDataUrl(s);
    const kind = d ? kindOf(d.mime) : 'other';
    if (kind === 'binary') return s;
    // No payload comma, or a type we cannot read as text: scanned as it is written, as before.
    if (!d || kind === 'other') return guarded(s, false);
    let out: string;
    if (dataDepth >= MAX_DATA_DEPTH) out = DATA_URL_PLACEHOLDER;
    else {
      dataDepth++;
      try {
        out = redactTextDataUrl(d, kind, { text, url }, s);
      } catch {
        dropped++;
        return DATA_URL_PLACEHOLDER;
      } finally {
        dataDepth--;
      }
    }
    if (out === DATA_URL_PLACEHOLDER) counts.DATA_URL = (counts.DATA_URL ?? 0) + 1;
    return out;
  };

  /** Text holding data: URLs: each is redacted apart (dataUrl), the text around them as text. */
  function withDataUrls(s: string): string {
    const found = findDataUrls(s);
    let out = '';
    let last = 0;
    for (let k = 0; k < found.length; k += 2) {
      const a = found[k] ?? 0;
      const b = found[k + 1] ?? 0;
      out += guarded(s.slice(last, a), false) + dataUrl(s.slice(a, b));
      last = b;
    }
    // Never split again: a "data:" without a payload comma is text.
    return out + guarded(s.slice(last), false);
  }

  /** Free text; data: URLs inside it (CSS url(), style attributes) are redacted apart. */
  function text(s: string): string {
    return guarded(s, false, true);
  }

  function url(s: string): string {
    if (typeof s !== 'string' || s.length === 0) return s;
    const t = s.trimStart().toLowerCase();
    if (t.startsWith('data:')) return dataUrl(s);
    if (t.startsWith('javascript:') || t.startsWith('mailto:') || t.startsWith('tel:')) return text(s);
    return guarded(s, true);
  }

  const wholeValue = (type: string, value: string): string => {
    const norm = normalize(type, value);
    counts[type] = (counts[type] ?? 0) + 1;
    return ps.placeholder(type, norm);
  };

  const typeOf = (placeholder: string): string => /^\[([A-Z0-9_]+):/.exec(placeholder)?.[1] ?? 'UNKNOWN';

  // Placeholders, and the page's own fixed-length secret mask ("********"), carry no data.
  const isPlaceholderOnly = (v: string): boolean => {
    const rest = v.replace(PLACEHOLDER_RE, '').trim();
    return rest === '' || /^[*•●]+$/.test(rest);
  };

  const field = (value: string, ctx: FieldContext): string => {
    if (typeof value !== 'string' || value.trim() === '' || isPlaceholderOnly(value)) return value;
    let kind: string | null;
    try {
      kind = classifyField(ctx);
    } catch {
      dropped++;
      return FULL_MASK;
    }
    return kind ? wholeValue(kind, value) : text(value);
  };

  const group = (values: string[], ctx?: FieldContext): string[] => {
    if (!Array.isArray(values)) return [];
    let kind: string | null = null;
    try {
      kind = classifyField(ctx);
    } catch {
      dropped++;
      return values.map(() => FULL_MASK);
    }
    if (kind) {
      // One placeholder for the whole typing sequence: the committed (last non-empty) value.
      const k = kind;
      let last: string | undefined;
      for (let i = values.length - 1; i >= 0 && last === undefined; i--) {
        const v = values[i];
        if (typeof v === 'string' && v.trim() !== '' && !isPlaceholderOnly(v)) last = v;
      }
      if (last === undefined) return values.slice();
      const ph = wholeValue(k, last);
      return values.map((v) => (typeof v !== 'string' || v.trim() === '' || isPlaceholderOnly(v) ? v : ph));
    }
    try {
      const perValue: Span[][] = values.map((v) =>
        typeof v === 'string' && v.length > 0 ? spansOf(v, false) : [],
      );
      // A name or street span seen only mid-typing and then extended into a longer word of the
      // committed value ("by Frida" -> "by Friday") was never personal: it must not mask the word.
      let c = values.length - 1;
      while (c > 0 && (typeof values[c] !== 'string' || values[c]?.trim() === '')) c--;
      const committed = values[c];
      const committedSpans = perValue[c] ?? [];
      if (typeof committed === 'string') {
        for (const [i, spans] of perValue.entries()) {
          const v = values[i];
          if (i === c || typeof v !== 'string') continue;
          perValue[i] = spans.filter((sp) => !outgrown(v, sp, committed, committedSpans));
        }
      }
      const entities: Entity[] = [];
      const seen = new Set<string>();
      const own: Mask[][] = perValue.map((spans, i) => {
        const v = values[i] ?? '';
        return spans.map((sp) => {
          const placeholder = ps.placeholder(
            sp.type,
            sp.norm ?? normalize(sp.type, v.slice(sp.start, sp.end)),
          );
          const e = entityFor(v, sp, placeholder);
          if (!seen.has(e.raw)) {
            seen.add(e.raw);
            entities.push(e);
          }
          return { start: sp.start, end: sp.end, placeholder };
        });
      });
      // A value caught mid-typing ("jane@example.co") is the same entity as the longer one
      // typed later: every mask of the sequence uses the longest entity's placeholder.
      const alias = new Map<string, string>();
      entities.sort((a, b) => b.raw.length - a.raw.length);
      for (const [i, e] of entities.entries()) {
        for (let j = 0; j < i; j++) {
          const longer = entities[j];
          if (longer?.raw.startsWith(e.raw) && typeOf(longer.placeholder) === typeOf(e.placeholder)) {
            alias.set(e.placeholder, alias.get(longer.placeholder) ?? longer.placeholder);
            break;
          }
        }
      }
      for (const e of entities) e.placeholder = alias.get(e.placeholder) ?? e.placeholder;
      for (const masks of own)
        for (const m of masks) m.placeholder = alias.get(m.placeholder) ?? m.placeholder;
      // Count each distinct entity once for the whole sequence.
      const distinct = new Set(entities.map((e) => e.placeholder));
      for (const ph of distinct) {
        const type = typeOf(ph);
        counts[type] = (counts[type] ?? 0) + 1;
      }
      return values.map((v, i) => {
        if (typeof v !== 'string' || v.length === 0) return v;
        const protectedRanges = [...v.matchAll(PLACEHOLDER_RE)].map((m) => [m.index, m.index + m[0].length]);
        const masks = [...(own[i] ?? []), ...partialMasks(v, entities)].filter(
          (m) => !protectedRanges.some(([a = 0, b = 0]) => m.start < b && m.end > a),
        );
        return applyMasks(v, masks);
      });
    } catch {
      dropped += values.length;
      return values.map(() => FULL_MASK);
    }
  };

  return {
    text,
    url,
    srcset: (s: string) => (typeof s !== 'string' || s.length === 0 ? s : mapSrcset(s, url)),
    field,
    group,
    report: () => ({ counts: { ...counts }, dropped, notCovered: NOT_COVERED.slice() }),
  };
}
