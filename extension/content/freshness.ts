/**
 * Keeps the recording equal to the live page at every user action: field values, checked and
 * selected states set by page scripts, and runtime CSS rules, none of which rrweb sees from the
 * isolated world (docs/decisions.md, "rrweb runs in the isolated world").
 *
 * Three ways a change gets in, from cheapest to latest:
 * - the main-world hook's data-free signal (main-world-signal.ts): the field, or the sheet's owner,
 *   is re-read at the end of the page's task, so the change is recorded before the user can act
 *   on it. Signals are untrusted (a page can forge or suppress them): each only marks a node to
 *   re-read, and re-reads are rate-limited (a token bucket) so forged signals cost little;
 * - at a trusted pointerdown or keydown, caught on the window in the capture phase, so before
 *   rrweb's own mousedown and before our keystroke: pending re-reads run regardless of the budget,
 *   plus the key's own field (the one case the old catch-up missed: the app empties a field after
 *   Enter and the user types the next item into it);
 * - at each trusted action (click, focus, Enter, change, paste, submit): every field of every
 *   covered document and every `<style>` sheet, as before (the fallback when the hook is missing).
 *
 * What the user typed is known from trusted `input` events (`userInput`); a field whose live state
 * differs from the last recorded one was set by the page and is emitted as an rrweb Input event
 * with `userTriggered: false` (the worker treats those as page-set values, not as the user
 * moving to another field).
 */
import { eachFrameDocument, isElement } from './frame-documents';
import { FIELD_CHANGED, STYLE_CHANGED } from './signal-names';
import type { StyleSheetSync } from './stylesheet-sync';

export type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

export interface FreshnessSink {
  /** Emits the field's live value (and checked state) as a page-set value. */
  emitValue(el: Field): void;
}

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const FIELD_TAGS = new Set(['input', 'textarea', 'select']);
/** Input types whose value is not state the user sees or edits as text (or must not be read). */
const NOT_STATE = /^(button|submit|reset|file|image|hidden)$/;
const CHECKABLE = /^(checkbox|radio)$/;

export const isField = (el: unknown): el is Field =>
  isElement(el) && el.namespaceURI === HTML_NS && FIELD_TAGS.has(el.localName);
const isInput = (el: Field): el is HTMLInputElement => el.localName === 'input';
const isSelect = (el: Field): el is HTMLSelectElement => el.localName === 'select';
const isCheckable = (el: Field): boolean => isInput(el) && CHECKABLE.test(el.type);
const tracked = (el: Field): boolean => !isInput(el) || !NOT_STATE.test(el.type);

interface FieldState {
  value: string;
  checked: boolean;
}

function stateOf(el: Field): FieldState {
  return { value: el.value, checked: isCheckable(el) && (el as HTMLInputElement).checked };
}

/** The state a field had from its markup: what rrweb recorded unless someone changed it. */
function initialState(el: Field): FieldState {
  if (isSelect(el)) {
    const options = [...el.options];
    return { value: (options.find((o) => o.defaultSelected) ?? options[0])?.value ?? '', checked: false };
  }
  const checked = isCheckable(el) && (el as HTMLInputElement).defaultChecked;
  return { value: el.defaultValue, checked };
}

/** Token bucket over signal-driven re-reads: a page forging signals in a loop costs ~nothing. */
export class ReadBudget {
  private tokens: number;
  private at: number;

  constructor(
    private readonly capacity = 400,
    private readonly perSecond = 200,
    now = 0,
  ) {
    this.tokens = capacity;
    this.at = now;
  }

  /** Takes `cost` tokens if available. */
  take(cost: number, now: number): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }

  /** Milliseconds until `cost` tokens are there. */
  waitFor(cost: number): number {
    return Math.max(1, Math.ceil(((cost - this.tokens) / this.perSecond) * 1000));
  }
}

/** A sheet costs more to re-read than a field: its rules are serialized and compared. */
const SHEET_COST = 8;

export class Freshness {
  private readonly known = new WeakMap<Field, FieldState>();
  private readonly docs = new Set<Document>();
  private readonly dirtyFields = new Set<Field>();
  private readonly dirtySheets = new Set<Element | Document>();
  private scheduled = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private readonly budget = new ReadBudget(400, 200, performance.now());
  /** Counters for the bench and tests (no data). */
  readonly stats = { signals: 0, rereads: 0, fullSyncs: 0, deferred: 0 };

  constructor(
    private readonly top: Document,
    private readonly styles: StyleSheetSync,
    private readonly sink: FreshnessSink,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener('abort', () => {
      if (this.retry !== null) clearTimeout(this.retry);
    });
  }

  start(): void {
    eachFrameDocument(this.top, this.signal, (d) => {
      this.docs.add(d);
      this.listen(d);
    });
  }

  /** A trusted `input` on `el`: its state now is what the user left there. */
  userInput(el: Element): void {
    if (!isField(el) || !tracked(el)) return;
    this.known.set(el, stateOf(el));
    // Checking a radio unchecks the others of its group without an event for them (rrweb records
    // them itself): they are not page-set values.
    if (isInput(el) && el.type === 'radio' && el.name) {
      for (const r of radioGroup(el)) this.known.set(r, stateOf(r));
    }
  }

  /** At each trusted action: everything, whatever the signals said. */
  beforeAction(): void {
    this.stats.fullSyncs++;
    this.flushPending(); // fields in shadow roots and sheets in frames are not in the scan below
    for (const doc of [...this.docs]) {
      if (!doc.defaultView) {
        this.docs.delete(doc); // navigated away from
        continue;
      }
      for (const el of doc.querySelectorAll('input, textarea, select')) if (isField(el)) this.reread(el);
    }
    this.styles.sync();
  }

  /** Runs what signals marked, now, without the budget (a user action is about to be recorded). */
  flushPending(): void {
    for (const el of this.dirtyFields) this.reread(el);
    this.dirtyFields.clear();
    for (const owner of this.dirtySheets) this.styles.syncOwner(owner);
    this.dirtySheets.clear();
  }

  private listen(doc: Document): void {
    const opts = { capture: true, passive: true, signal: this.signal } as const;
    doc.addEventListener(FIELD_CHANGED, (e) => this.onFieldSignal(e.composedPath()[0]), opts);
    doc.addEventListener(STYLE_CHANGED, (e) => this.onStyleSignal(e.composedPath()[0]), opts);
    // On the window, capture phase: before rrweb's document-level mousedown and our keystroke.
    const win = doc.defaultView;
    if (!win) return;
    win.addEventListener(
      'pointerdown',
      (e) => {
        if (e.isTrusted) this.beforeAction();
      },
      opts,
    );
    // A click toggles a checkbox or radio before any click listener runs (and before its `input`
    // event): the catch-up at the click (listeners.ts) must not take the user's toggle for the page's.
    win.addEventListener(
      'click',
      (e) => {
        if (!e.isTrusted) return;
        const t = e.composedPath()[0];
        const el = isElement(t) && t.localName === 'label' ? (t as HTMLLabelElement).control : t;
        if (isField(el) && isCheckable(el)) this.userInput(el);
      },
      opts,
    );
    win.addEventListener(
      'keydown',
      (e) => {
        if (!e.isTrusted) return;
        this.flushPending();
        const t = e.composedPath()[0];
        if (isField(t)) this.reread(t);
      },
      opts,
    );
  }

  private onFieldSignal(target: EventTarget | undefined): void {
    this.stats.signals++;
    if (isField(target)) this.dirtyFields.add(target);
    else if (isElement(target) && target.localName === 'form') {
      for (const el of (target as HTMLFormElement).elements) if (isField(el)) this.dirtyFields.add(el);
    } else return;
    this.schedule();
  }

  private onStyleSignal(target: EventTarget | undefined): void {
    this.stats.signals++;
    if (isElement(target)) this.dirtySheets.add(target);
    else if (target && (target as Node).nodeType === 9) this.dirtySheets.add(target as Document);
    else return;
    this.schedule();
  }

  /** Re-reads at the end of the current task (the hook's own microtask), within the budget. */
  private schedule(): void {
    if (this.scheduled || this.retry !== null || this.signal.aborted) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.drainBudgeted();
    });
  }

  private drainBudgeted(): void {
    if (this.signal.aborted) return;
    const now = performance.now();
    for (const el of this.dirtyFields) {
      if (!this.budget.take(1, now)) {
        this.later(1);
        return;
      }
      this.dirtyFields.delete(el);
      this.reread(el);
    }
    for (const owner of this.dirtySheets) {
      if (!this.budget.take(SHEET_COST, now)) {
        this.later(SHEET_COST);
        return;
      }
      this.dirtySheets.delete(owner);
      this.styles.syncOwner(owner);
    }
  }

  private later(cost: number): void {
    this.stats.deferred++;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.drainBudgeted();
    }, this.budget.waitFor(cost));
  }

  /** Emits the field's state if it differs from what the recording holds. */
  private reread(el: Field): void {
    if (!tracked(el)) return;
    this.stats.rereads++;
    const now = stateOf(el);
    const before = this.known.get(el) ?? initialState(el);
    if (now.value === before.value && now.checked === before.checked) return;
    this.known.set(el, now);
    this.sink.emitValue(el);
  }
}

/** The radios of `el`'s group: same name, same form (or same tree when formless). */
function radioGroup(el: HTMLInputElement): HTMLInputElement[] {
  const root = el.form ?? el.getRootNode();
  if (!('querySelectorAll' in root)) return [];
  const out: HTMLInputElement[] = [];
  for (const r of (root as ParentNode).querySelectorAll('input')) {
    if (r !== el && r.type === 'radio' && r.name === el.name && r.form === el.form) out.push(r);
  }
  return out;
}
