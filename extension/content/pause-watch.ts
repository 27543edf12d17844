/**
 * While recording is paused, nothing is captured, but what the user types may still be on screen
 * at resume (the field's value, an editor's text, an echo the page made of it). A pause is a hole
 * in the record, so this frame remembers, in memory only, the runs of text the user typed while
 * paused, and hands them to the worker as session terms (worker/redact/session-terms.ts), which redacts
 * them wherever they appear for the rest of the session.
 *
 * What counts as typed: for each field (`input`, `textarea`) and editing host (outermost
 * `contenteditable`), the ranges of its current text that trusted `input` events inserted while
 * paused (typing, paste, drop, autocorrect). Ranges are kept through later edits (shifted,
 * shrunk, merged when adjacent), so a word typed at the end of a prefilled field is one term and
 * the prefilled text is not. A field first seen at an `input` (no key or focus before, e.g.
 * autofill) counts as typed whole: the safe side. Runs typed and deleted again stay terms (the page
 * may have echoed them). Secret fields are never read (their values never leave the page).
 * Shadow roots: the target is `composedPath()[0]`; same-origin child frames run their own copy
 * (every frame of an enabled origin has the content script).
 */

type Span = [number, number];

interface Watched {
  last: string;
  spans: Span[];
  /** The terms this element contributes now (replaced as its runs grow). */
  current: string[];
}

/** Enough to be a term the worker uses (worker/redact/session-terms.ts MIN_TERM). */
const MIN_TERM = 3;
const MAX_TERMS = 500;
const SEND_DELAY_MS = 250;

export class PauseWatch {
  private readonly watched = new WeakMap<Element, Watched>();
  private readonly terms = new Set<string>();
  private abort: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    /** True for fields whose value must never be read (password, cc-*, mask selectors). */
    private readonly isSecret: (el: Element) => boolean,
    /** Called (debounced, and at pagehide) with every term so far. */
    private readonly onTerms: (terms: string[]) => void,
  ) {}

  /** Every term collected in this page so far, for this session. */
  all(): string[] {
    return [...this.terms];
  }

  get watching(): boolean {
    return this.abort !== null;
  }

  start(doc: Document = document): void {
    if (this.abort) return;
    this.abort = new AbortController();
    const opts = { capture: true, signal: this.abort.signal };
    const before = (e: Event) => {
      if (!e.isTrusted) return;
      const el = editable(e);
      if (el && !this.watched.has(el) && !this.isSecret(el)) {
        this.watched.set(el, { last: textOf(el), spans: [], current: [] });
      }
    };
    for (const type of ['keydown', 'beforeinput', 'focusin', 'pointerdown', 'compositionstart'])
      doc.addEventListener(type, before, opts);
    doc.addEventListener('input', (e) => this.onInput(e), opts);
    doc.defaultView?.addEventListener('pagehide', () => this.send(), opts);
  }

  /** Stops watching (recording resumed); the terms stay for the session. */
  stop(): void {
    this.send();
    this.abort?.abort();
    this.abort = null;
  }

  private onInput(e: Event): void {
    if (!e.isTrusted) return;
    const el = editable(e);
    if (!el || this.isSecret(el)) return;
    const w = this.watched.get(el) ?? { last: '', spans: [], current: [] };
    this.watched.set(el, w);
    const now = textOf(el);
    w.spans = applyEdit(w.spans, diff(w.last, now));
    w.last = now;
    const next = w.spans.map(([a, b]) => now.slice(a, b).trim()).filter((t) => t.length >= MIN_TERM);
    // A run that only grew replaces its earlier state; one that lost text keeps both.
    for (const old of w.current) if (next.some((t) => t.includes(old))) this.terms.delete(old);
    for (const t of next) if (this.terms.size < MAX_TERMS) this.terms.add(t);
    w.current = next;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.send(), SEND_DELAY_MS);
  }

  private send(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.terms.size > 0) this.onTerms(this.all());
  }
}

/** The field or editing host an event is about, through shadow roots. */
function editable(e: Event): HTMLElement | null {
  const target = e.composedPath()[0];
  if (!(target instanceof HTMLElement)) return null;
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return target;
  if (!target.isContentEditable) return null;
  let host: HTMLElement = target;
  for (let p = target.parentElement; p?.isContentEditable; p = p.parentElement) host = p;
  return host;
}

function textOf(el: Element): string {
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) return el.value;
  return el.textContent ?? '';
}

/** One edit: at `at`, `removed` characters were replaced by `inserted` characters. */
export interface Edit {
  at: number;
  removed: number;
  inserted: number;
}

export function diff(before: string, after: string): Edit {
  const max = Math.min(before.length, after.length);
  let p = 0;
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s))
    s++;
  return { at: p, removed: before.length - p - s, inserted: after.length - p - s };
}

/** The typed ranges after an edit: shifted, cut by what was removed, grown by what was inserted. */
export function applyEdit(spans: readonly Span[], e: Edit): Span[] {
  const end = e.at + e.removed;
  const delta = e.inserted - e.removed;
  const out: Span[] = [];
  for (const [a, b] of spans) {
    if (b <= e.at) out.push([a, b]);
    else if (a >= end) out.push([a + delta, b + delta]);
    else {
      if (a < e.at) out.push([a, e.at]);
      if (b > end) out.push([end + delta, b + delta]);
    }
  }
  if (e.inserted > 0) out.push([e.at, e.at + e.inserted]);
  out.sort((x, y) => x[0] - y[0]);
  const merged: Span[] = [];
  for (const s of out) {
    const last = merged.at(-1);
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else if (s[1] > s[0]) merged.push([s[0], s[1]]);
  }
  return merged;
}
