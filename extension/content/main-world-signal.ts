/**
 * Built as its own classic script (main-world.js) and registered with `world: 'MAIN'` beside the
 * content script. rrweb runs in the isolated world, where it cannot see what page scripts do to
 * DOM properties and the CSSOM (`input.value = ''`, `checkbox.checked = true`, `sheet.insertRule`):
 * those go through the page world's prototypes. This script wraps those setters and methods, and
 * after each call dispatches an event that only says "something changed at this node" (the
 * field, or the sheet's owner element; the document for a constructed sheet). The isolated world
 * then re-reads the real state itself (freshness.ts).
 *
 * Why this keeps invariant 5: the event carries no data in either direction and the isolated world
 * never reads anything the page could have put in it, so a page that forges, suppresses or
 * listens to these events learns nothing recorded and can only cause (rate-limited) re-reads, or
 * stale observations, which the catch-up at each trusted action still corrects.
 *
 * Cost: one wrapper call per hooked set; dispatches are coalesced per node within a microtask.
 * Everything this script uses is captured before page scripts run (document_start).
 */
import { FIELD_CHANGED, STYLE_CHANGED } from './signal-names';

type Kind = typeof FIELD_CHANGED | typeof STYLE_CHANGED;

/** Marks a realm already hooked (the script is also injected into tabs open when a site is enabled). */
const FLAG = Symbol.for('recorder-main-world-signal');

(() => {
  const w = globalThis as typeof globalThis & { [FLAG]?: true };
  if (w[FLAG]) return; // injected twice (site enabled, disabled, enabled again): hook once
  Object.defineProperty(w, FLAG, { value: true });
  const PromiseCtor = Promise;

  const dispatch = EventTarget.prototype.dispatchEvent;
  const EventCtor = Event;
  const defineProperty = Object.defineProperty;
  const getDescriptor = Object.getOwnPropertyDescriptor;
  const apply = Reflect.apply;
  const queue = queueMicrotask;
  const pending = { [FIELD_CHANGED]: new Set<EventTarget>(), [STYLE_CHANGED]: new Set<EventTarget>() };
  let scheduled = false;

  const flush = (): void => {
    scheduled = false;
    for (const kind of [FIELD_CHANGED, STYLE_CHANGED] as const) {
      const targets = [...pending[kind]];
      pending[kind].clear();
      // Bubbles and crosses shadow boundaries so one capture listener on the document sees it.
      for (const t of targets) apply(dispatch, t, [new EventCtor(kind, { bubbles: true, composed: true })]);
    }
  };
  const signal = (kind: Kind, target: EventTarget | null | undefined): void => {
    if (!target) return;
    pending[kind].add(target);
    if (!scheduled) {
      scheduled = true;
      queue(flush);
    }
  };

  /** Wraps a setter: the original runs first, then the signal. */
  const hookSetter = (
    proto: object,
    name: string,
    kind: Kind,
    at: (self: Node) => EventTarget | null,
  ): void => {
    const d = getDescriptor(proto, name);
    const set = d?.set;
    if (!d || !set) return;
    defineProperty(proto, name, {
      ...d,
      set(this: Node, v: unknown) {
        apply(set, this, [v]);
        signal(kind, at(this));
      },
    });
  };
  /** Wraps a method: the original runs first (its result and exceptions pass through), then the signal. */
  const hookMethod = (
    proto: object,
    name: string,
    kind: Kind,
    at: (self: never) => EventTarget | null,
  ): void => {
    const d = getDescriptor(proto, name);
    const fn = d?.value;
    if (!d || typeof fn !== 'function') return;
    defineProperty(proto, name, {
      ...d,
      value: {
        [name](this: never, ...args: unknown[]) {
          const result = apply(fn, this, args);
          if (result instanceof PromiseCtor)
            void result.then(
              () => signal(kind, at(this)),
              () => {},
            );
          else signal(kind, at(this));
          return result;
        },
      }[name],
    });
  };

  const self = (n: Node): EventTarget => n;
  const selectOf = (o: Node): EventTarget | null =>
    (o as HTMLOptionElement).parentNode?.nodeName === 'OPTGROUP'
      ? ((o.parentNode?.parentNode ?? null) as EventTarget | null)
      : ((o.parentNode ?? null) as EventTarget | null);
  const sheetOwner = (s: CSSStyleSheet): EventTarget | null => s.ownerNode ?? document;

  for (const name of ['value', 'checked', 'valueAsNumber', 'valueAsDate'])
    hookSetter(HTMLInputElement.prototype, name, FIELD_CHANGED, self);
  hookSetter(HTMLTextAreaElement.prototype, 'value', FIELD_CHANGED, self);
  for (const name of ['value', 'selectedIndex'])
    hookSetter(HTMLSelectElement.prototype, name, FIELD_CHANGED, self);
  hookSetter(HTMLOptionElement.prototype, 'selected', FIELD_CHANGED, selectOf);
  hookMethod(HTMLInputElement.prototype, 'setRangeText', FIELD_CHANGED, self);
  hookMethod(HTMLTextAreaElement.prototype, 'setRangeText', FIELD_CHANGED, self);
  hookMethod(HTMLFormElement.prototype, 'reset', FIELD_CHANGED, self);
  for (const name of ['insertRule', 'deleteRule', 'addRule', 'removeRule', 'replace', 'replaceSync'])
    hookMethod(CSSStyleSheet.prototype, name, STYLE_CHANGED, sheetOwner);
})();
